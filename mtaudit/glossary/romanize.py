"""Romanisations of a Chinese source term, used to recognise what an MT system wrote instead.

pypinyin gives Hanyu Pinyin and Wade–Giles; its readings of some characters used as surnames are
wrong (曾 céng for Zēng, 单 dān for Shàn…), so person names take their first syllable from
:data:`SURNAME_READINGS`.
"""
from __future__ import annotations

from functools import lru_cache

#: Readings of characters whose surname reading differs from pypinyin's default.
SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "解": "xie", "区": "ou", "仇": "qiu", "朴": "piao", "查": "zha",
    "盖": "ge", "乐": "yue", "种": "chong", "覃": "qin", "繁": "po", "员": "yun", "召": "shao",
    "秘": "bi", "缪": "miao", "翟": "zhai", "冼": "xian", "洗": "xian", "能": "nai", "过": "guo",
    "葛": "ge", "柏": "bai", "薄": "bo", "重": "chong", "隗": "wei", "那": "na", "句": "gou",
    "尉": "yu", "燕": "yan", "华": "hua", "任": "ren", "宁": "ning", "纪": "ji", "黑": "he",
}
_WADE_FIXES = str.maketrans({"ü": "u", "v": "u", "'": "", "’": ""})


@lru_cache(maxsize=65536)
def pinyin_syllables(text: str, person: bool = False) -> tuple[str, ...]:
    """Toneless pinyin syllables of the Han characters in ``text`` (surname-aware for persons)."""
    from pypinyin import Style, lazy_pinyin

    syllables = [s.replace("ü", "v") for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore")]
    if person and text and text[0] in SURNAME_READINGS and syllables:
        syllables[0] = SURNAME_READINGS[text[0]]
    return tuple(s.replace("v", "u") for s in syllables)


@lru_cache(maxsize=65536)
def wade_giles_syllables(text: str) -> tuple[str, ...]:
    from pypinyin import Style, lazy_pinyin

    return tuple(s.translate(_WADE_FIXES).lower() for s in lazy_pinyin(text, style=Style.WADEGILES, errors="ignore"))


def chinese_name_rendering(text: str) -> str:
    """The standard rendering of a Chinese personal name: surname, then given name joined.

    宣昌能 → "Xuan Changneng"; two-character compound surnames are not split here.
    """
    syllables = pinyin_syllables(text, person=True)
    if not syllables:
        return ""
    surname, given = syllables[0], "".join(syllables[1:])
    return f"{surname.capitalize()} {given.capitalize()}".strip()
