"""Romanisations of a Chinese source term, used to recognise what an MT system wrote instead.

pypinyin gives Hanyu Pinyin and Wade–Giles; its readings of some characters used as surnames are
wrong (曾 céng for Zēng, 单 dān for Shàn…), so person names take their first syllable from
:data:`SURNAME_READINGS`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TypeVar

from rapidfuzz.distance import Levenshtein

from mtaudit.cachedir import remembered
from mtaudit.glossary import pinyin_data
from mtaudit.glossary.pinyin_data import characters, pypinyin

T = TypeVar("T")

#: Readings of characters whose surname reading differs from pypinyin's default.
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "区": "ou",
    "仇": "qiu",
    "朴": "piao",
    "查": "zha",
    "盖": "ge",
    "乐": "yue",
    "种": "chong",
    "覃": "qin",
    "繁": "po",
    "员": "yun",
    "召": "shao",
    "秘": "bi",
    "缪": "miao",
    "翟": "zhai",
    "冼": "xian",
    "洗": "xian",
    "能": "nai",
    "过": "guo",
    "葛": "ge",
    "柏": "bai",
    "薄": "bo",
    "重": "chong",
    "隗": "wei",
    "那": "na",
    "句": "gou",
    "燕": "yan",
    "华": "hua",
    "任": "ren",
    "宁": "ning",
    "纪": "ji",
    "黑": "he",
}
_WADE_FIXES = str.maketrans({"ü": "u", "v": "u", "'": "", "’": ""})


@lru_cache(maxsize=65536)
def _marked_syllables(text: str) -> tuple[str, ...]:
    """pypinyin's tone-marked syllables of the Han characters in ``text``, which its other styles
    are converted from: a term's pinyin and Wade–Giles are both asked for, and pypinyin's phrase
    segmentation, most of a call, then runs once."""
    module = pypinyin()
    return tuple(module.lazy_pinyin(text, style=module.Style.TONE, errors="ignore"))


def _styled(text: str, style: int) -> list[str]:
    """What ``lazy_pinyin(text, style=style, errors="ignore")`` gives, from the marked syllables."""
    module = pypinyin()
    return [module.style.convert(syllable, style, True) for syllable in _marked_syllables(text)]


@lru_cache(maxsize=65536)
def pinyin_syllables(text: str, person: bool = False) -> tuple[str, ...]:
    """Toneless pinyin syllables of the Han characters in ``text`` (surname-aware for persons)."""
    syllables = [s.replace("ü", "v") for s in _styled(text, pypinyin().Style.NORMAL)]
    surname = _surname_reading(text, person)
    if surname and syllables:
        syllables[0] = surname
    return tuple(s.replace("v", "u") for s in syllables)


def _surname_reading(text: str, person: bool) -> str | None:
    """The pinyin of a person's surname where it is not its character's usual reading (曾 zeng)."""
    return SURNAME_READINGS.get(text[0]) if person and text else None


@lru_cache(maxsize=65536)
def wade_giles_syllables(text: str, person: bool = False) -> tuple[str, ...]:
    """Wade–Giles syllables of ``text``; for a person, the surname in its surname reading (仇 Ch'iu,
    not Ch'ou)."""
    module = pypinyin()
    syllables = _styled(text, module.Style.WADEGILES)
    surname = _surname_reading(text, person)
    if surname and syllables:
        syllables[0] = module.style.convert(surname, module.Style.WADEGILES, True)
    return tuple(s.translate(_WADE_FIXES).lower() for s in syllables)


def heteronym_readings(text: str) -> list[list[str]]:
    """pypinyin's toneless readings of each character of ``text``, every reading (heteronyms)."""
    module = pypinyin()
    return module.pinyin(text, style=module.Style.NORMAL, heteronym=True, errors="ignore")


#: Common Chinese surnames (single and compound), to tell a personal name from a word jieba mis-tags.
SINGLE_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
    "莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅"
    "童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项"
    "连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞"
    "敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚权"
    "强帅屠朴盖练廉禹井祖漆巴丰支卿狄计索宣晋相初门云容敬来扈晁芮阙浦戈伏鹿薄邸雍辜羊裘亓修邰赫杭况宿"
    "鲜印逯隆茹诸战慕危亢嵇湛宾戎勾茅利居揭干尉冶斯元束檀衣信展阴昝智幸奉植衡富尧赖洪"
)
COMPOUND_SURNAMES = frozenset(
    {
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "令狐",
        "夏侯",
        "司徒",
        "端木",
        "独孤",
        "南宫",
        "西门",
        "宇文",
    }
)
#: Hong Kong (Cantonese) and other established romanisations of frequent surnames.
SURNAME_ROMANISATIONS = {
    "陈": "chan",
    "黄": "wong",
    "王": "wong",
    "李": "lee",
    "张": "cheung",
    "刘": "lau",
    "梁": "leung",
    "林": "lam",
    "吴": "ng",
    "何": "ho",
    "郑": "cheng",
    "叶": "yip",
    "周": "chow",
    "曾": "tsang",
    "邓": "tang",
    "谢": "tse",
    "郭": "kwok",
    "杨": "yeung",
    "蔡": "choi",
    "许": "hui",
    "徐": "tsui",
    "罗": "law",
    "朱": "chu",
    "冯": "fung",
    "萧": "siu",
    "肖": "siu",
    "苏": "so",
    "卢": "lo",
    "赖": "lai",
    "黎": "lai",
    "江": "kong",
    "钟": "chung",
    "彭": "pang",
    "孙": "suen",
    "高": "ko",
    "宋": "sung",
    "谭": "tam",
    "方": "fong",
    "董": "tung",
    "姚": "yiu",
    "韩": "hon",
    "石": "shek",
    "袁": "yuen",
    "甘": "kam",
    "严": "yim",
    "侯": "hau",
    "杜": "to",
    "邱": "yau",
    "游": "yau",
    "温": "wan",
    "莫": "mok",
    "潘": "poon",
    "汤": "tong",
    "洪": "hung",
    "庄": "chong",
    "沈": "shum",
    "魏": "ngai",
    "麦": "mak",
    "关": "kwan",
    "邝": "kwong",
    "文": "man",
    "欧阳": "auyeung",
    "司徒": "szeto",
    "施": "sze",
    "金": "kam",
    "孔": "hung",
    "梅": "mui",
    "区": "au",
    "霍": "fok",
    "容": "yung",
    "龚": "kung",
}
#: Hokkien and Teochew spellings of frequent surnames, as Singapore, Malaysia and their people write
#: them (周受资 Shou Zi Chew, 杨紫琼 Michelle Yeoh, 陈 Tan, 林 Lim, 王 Ong).
SOUTHEAST_ASIAN_SURNAMES = {
    "陈": ("tan",),
    "林": ("lim",),
    "黄": ("ng", "wee"),
    "王": ("ong",),
    "张": ("teo", "chong"),
    "周": ("chew", "chou"),
    "吴": ("goh",),
    "杨": ("yeo", "yeoh"),
    "郭": ("kwek", "quek"),
    "许": ("koh",),
    "蔡": ("chua",),
    "谢": ("chia",),
    "刘": ("low",),
    "郑": ("tay", "teh"),
    "叶": ("yap",),
    "邱": ("khoo",),
    "洪": ("ang",),
    "卢": ("loh",),
    "胡": ("oh",),
    "魏": ("gwee",),
    "庄": ("chng",),
    "苏": ("soh",),
    "潘": ("phua",),
}


#: Characters Chinese uses to transliterate foreign names; a name made only of them is foreign (沙利文 Sullivan).
TRANSLITERATION_CHARS = frozenset(
    "阿埃艾安奥巴拜班邦贝本比彼宾波伯博布达戴丹德登迪蒂丁杜顿多厄恩法菲费芬弗福夫盖甘格戈贡古哈海汉豪赫"
    "亨胡霍基吉加贾杰金卡凯坎康考科克肯库拉莱兰朗劳勒雷里利莉丽连林琳卢鲁伦罗洛马玛迈麦曼梅蒙米莫姆穆纳"
    "娜奈内尼妮努诺帕佩彭皮普奇齐乔切琼萨塞桑瑟森沙莎珊舍什斯松苏索塔泰坦汤特提廷图托瓦威韦维温沃乌伍西"
    "希辛休雅亚扬伊因尤约泽扎詹尔儿兹茨耶逊翰查柏勃陀涅撒狄喀嘉列隆培瑞罕"
)


def looks_transliterated(name: str) -> bool:
    return all(char in TRANSLITERATION_CHARS for char in name)


def split_surname(name: str) -> tuple[str, str] | None:
    """(surname, given name) when ``name`` (simplified) starts with a known surname, else None."""
    if name[:2] in COMPOUND_SURNAMES and len(name) >= 3:
        return name[:2], name[2:]
    if name[:1] in SINGLE_SURNAMES and 2 <= len(name) <= 3:
        return name[:1], name[1:]
    return None


def chinese_name_rendering(text: str) -> str:
    """The standard rendering of a Chinese personal name: surname, then given name joined.

    宣昌能 → "Xuan Changneng"; two-character compound surnames are not split here.
    """
    syllables = pinyin_syllables(text, person=True)
    if not syllables:
        return ""
    surname, given = syllables[0], "".join(syllables[1:])
    return f"{surname.capitalize()} {given.capitalize()}".strip()


@lru_cache(maxsize=1)
def pinyin_syllable_set() -> frozenset[str]:
    """Every toneless Hanyu Pinyin syllable (ü written u and v), from pypinyin's character table
    (worked out once, then kept in the cache directory)."""
    return remembered("pinyin-syllables", _pinyin_syllable_set, pinyin_data.identity())


def _pinyin_syllable_set() -> frozenset[str]:
    found = set()
    for readings in characters().values():
        for reading in readings.split(","):
            bare = "".join(c for c in unicodedata.normalize("NFD", reading) if unicodedata.category(c) != "Mn")
            found.update({bare.replace("ü", "v"), bare.replace("ü", "u")})
    found -= {"m", "n", "ng", "hm", "hng", "r"}  # interjections: any consonant cluster would pass
    return frozenset(found)


@lru_cache(maxsize=100_000)
def pinyin_split(word: str) -> tuple[str, ...] | None:
    """``word`` (letters, hyphens or apostrophes between syllables) as toneless pinyin syllables, the
    fewest that spell it ("Xiaonan" → xiao, nan), or None when it is not pinyin. Inside a word a
    syllable opening with a vowel follows an apostrophe or hyphen (Xi'an), so "Obama" is not o-ba-ma."""
    lowered = word.lower().replace("’", "'")
    letters = "".join(ch for ch in lowered if ch.isalpha())
    if not letters or not letters.isascii():
        return None
    breaks = {len("".join(ch for ch in lowered[:i] if ch.isalpha())) for i, ch in enumerate(lowered) if ch in "'-"}
    syllables = pinyin_syllable_set()
    best: list[tuple[str, ...] | None] = [()] + [None] * len(letters)
    for end in range(1, len(letters) + 1):
        for start in range(max(0, end - 6), end):
            before = best[start]
            if start and letters[start] in "aeo" and start not in breaks:
                continue
            if before is not None and letters[start:end] in syllables:
                candidate = (*before, letters[start:end])
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    return best[-1]


def is_pinyin_name(text: str) -> bool:
    """Every word of ``text`` is pinyin of at most three syllables: how a Chinese name is written."""
    words = [w for w in text.replace("-", " ").split() if w]
    return bool(words) and all((split := pinyin_split(w)) is not None and len(split) <= 3 for w in words)


@lru_cache(maxsize=4096)
def _source_readings(source: str) -> tuple[tuple[str, ...], ...]:
    """Every toneless pinyin reading of each character of ``source`` (heteronyms included; () for
    characters that are not Han)."""
    return tuple(map(_CHAR_READINGS.__getitem__, source))


def _char_readings(char: str) -> tuple[str, ...]:
    """A character's toneless readings, the usual one first (pypinyin asked once a character, see
    :data:`_CHAR_READINGS`: it costs ~25 µs)."""
    if not "\u3400" <= char <= "\u9fff":
        return ()
    options = heteronym_readings(char)
    return tuple(dict.fromkeys(map(plain_u, options[0]))) if options else ()


def plain_u(reading: str) -> str:
    """A toneless reading with ü (pypinyin's ü or v) written u, as names write it (Lu, Nu)."""
    return reading.replace("ü", "v").replace("v", "u")


class _PerCharacter(dict[str, T]):
    """What ``reading(char)`` gives, worked out the first time a character is met and kept: a plain
    dict, which ``map`` reads in C (an ``lru_cache`` call costs several times a dict's look-up, and
    the readings of a segment look up each of its forty-odd characters)."""

    def __init__(self, reading: Callable[[str], T]) -> None:
        super().__init__()
        self._reading = reading

    def __missing__(self, char: str) -> T:
        value = self[char] = self._reading(char)
        return value


_CHAR_READINGS = _PerCharacter(_char_readings)


def spells_source(letters: str, source: str) -> bool:
    """Whether ``letters`` (a name's lower-case letters) spell the pinyin of consecutive characters
    of ``source``, each in any of its readings ("zhaohui" for 朝晖 as well as "chaohui")."""
    return next(_spellings(letters, source), None) is not None


def spelled_spans(letters: str, source: str) -> list[tuple[int, int]]:
    """The stretches (character offsets) of ``source`` whose pinyin ``letters`` spell, as
    :func:`spells_source` reads them: where in the source a romanised name comes from."""
    return sorted(set(_spellings(letters, source)))


def _spellings(letters: str, source: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each way ``letters`` spell consecutive characters of ``source``, lazily (the
    first settles :func:`spells_source`)."""
    if not letters:
        return
    readings = _source_readings(source)

    def spell(start: int, position: int, offset: int) -> Iterator[tuple[int, int]]:
        if offset == len(letters):
            yield start, position
        elif position < len(readings):
            for reading in readings[position]:
                if reading and letters.startswith(reading, offset):
                    yield from spell(start, position + 1, offset + len(reading))

    for start in range(len(readings)):
        if readings[start]:
            yield from spell(start, start, 0)


def misread_stretches(letters: str, source: str) -> list[tuple[int, int, str]]:
    """The stretches of ``source`` (start, end, their pinyin) that ``letters`` — a pinyin word of two
    or three syllables — spells but for one syllable one letter off the character's usual reading
    ("xiaocheng" for 下城 xiacheng, "nichang" for 日昌 richang): where a translation misread one
    character of a name. None when the word spells a stretch in any reading."""
    syllables = pinyin_split(letters)
    if syllables is None or not 2 <= len(syllables) <= 3:
        return []
    readings, present = _usual_readings(source)
    size = len(syllables)
    if sum(syllable in present for syllable in syllables) < size - 1:
        return []  # most words: not all but one of their syllables are read in the source
    found = []
    for start in range(len(readings) - size + 1):
        usual = readings[start : start + size]
        differ = [i for i in range(size) if usual[i] != syllables[i]]
        if all(usual) and len(differ) == 1 and _misread(usual[differ[0]], syllables[differ[0]]):
            found.append((start, start + size, "".join(usual)))
    return found if found and not spells_source(letters, source) else []


@lru_cache(maxsize=64)
def _usual_readings(source: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """Each character's usual reading ('' for anything not Han), and the set of them."""
    readings = tuple(map(_USUAL_READINGS.__getitem__, source))
    return readings, frozenset(readings)


def _usual_reading(char: str) -> str:
    """A Han character's usual toneless reading (pypinyin's first), '' for anything else."""
    readings = _CHAR_READINGS[char]
    return readings[0] if readings else ""


_USUAL_READINGS = _PerCharacter(_usual_reading)


#: Initials that Wade–Giles and older romanisations write for pinyin's (Taipei for 台北 taibei).
_ROMANISED_INITIALS = frozenset({("b", "p"), ("p", "b"), ("d", "t"), ("t", "d"), ("g", "k"), ("k", "g")})


def _misread(reading: str, written: str) -> bool:
    """One letter apart, and not as an older romanisation writes the initial (p for b)."""
    if Levenshtein.distance(reading, written) != 1:
        return False
    return not (len(reading) == len(written) and (reading[0], written[0]) in _ROMANISED_INITIALS)
