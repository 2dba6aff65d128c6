"""Fast paths give what the plain paths give."""

from __future__ import annotations

import re

import opencc

from mtaudit.glossary import normalize
from mtaudit.glossary.normalize import fold, normalize_zh

TEXTS = [
    "",
    "plain ascii",
    "葉倫說\n話",
    "ＡＢＣ１２３，臺灣的葉倫",
    "ﬁ合字與①㈱㍻",
    "𠀀繁體字",
    "e\u0301",
    "\u0301開頭",
    "拜登會見了習近平。",
    "国王毅然决定，王毅表示。",
]


def test_normalisation_that_skips_opencc_gives_what_opencc_gives() -> None:
    """normalize_zh skips OpenCC for text with no character it would change; the traditional and
    Taiwan forms of every text must still come out as the full path folds them."""
    taiwan = opencc.OpenCC("s2twp").convert
    texts = (
        TEXTS
        + [taiwan(text) for text in TEXTS]
        + ["耶伦会见了何立峰", "葉倫會見了何立峰", "拜登・约瑟夫", "乾隆年间的乾燥天气"]
    )
    assert [normalize_zh(text) for text in texts] == [text if text.isascii() else fold(text) for text in texts]
    assert all(len(normalize_zh(text)) == len(text) for text in texts)
    assert normalize_zh("葉倫說") == "叶伦说" and normalize_zh("拜登會見了習近平") == "拜登会见了习近平"


def test_a_long_text_is_folded_as_a_short_one_and_not_remembered() -> None:
    """Texts of up to REMEMBERED_LENGTH characters are remembered while they recur; a longer one
    (a whole document) is folded the same way, and not kept."""
    short = "葉倫會見了何立峰，拜登・约瑟夫表示。"
    long = short * (normalize.REMEMBERED_LENGTH // len(short) + 1)
    normalize._remembered.cache_clear()  # a pure cache: its size then counts what this test adds
    assert normalize_zh(short) == normalize_zh(short) == fold(short)
    for i in range(50):
        assert normalize_zh(long + str(i)) == fold(long + str(i))
    assert normalize._remembered.cache_info().currsize == 1


def test_the_folding_class_written_as_ranges_is_the_class_of_every_character() -> None:
    """The cached character class (ranges, fast to compile) holds exactly the characters listed one by one."""
    listed = re.compile("[" + "".join(map(re.escape, _changed_characters())) + "\U00010000-\U0010ffff]")
    ranged = normalize._needs_folding()
    every = [chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000]
    assert [c for c in every if ranged.match(c)] == [c for c in every if listed.match(c)]


def _changed_characters() -> list[str]:
    chars = [chr(code) for first, last in ((0x80, 0xD800), (0xE000, 0x10000)) for code in range(first, last)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    changed = {char for char, out in zip(chars, converted, strict=True) if out != char}
    nfkc = re.compile(
        "[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uf900-\ufaff\u2f00-\u2fdf\u3200-\u33ff\U0002f800-\U0002fa1f]"
    )
    return sorted(changed | {char for char in chars if nfkc.match(char)} | set("‧・•･‐-－ \u3000\u00a0"))


def test_ascii_lower_lowers_ascii_letters_only_keeping_every_offset() -> None:
    texts = [*TEXTS, "Biden MET Yellen, 1-2 X'AN", "İSTANBUL Straße ǅ ΣΑΣ", "\x00\x7fZ@[`{"]
    for text in texts:
        plain = "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)
        assert normalize.ascii_lower(text) == plain and len(plain) == len(text)
