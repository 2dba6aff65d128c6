"""Length-preserving normalisation of Chinese text, so match offsets stay valid in the original.

Traditional and Taiwan/Hong Kong forms are folded to simplified (OpenCC ``t2s``) and
full-width forms to their NFKC equivalents, one character for one character.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

from mtaudit.cachedir import installed_version, remembered


@lru_cache(maxsize=1)
def _converter():
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    if len(folded) != 1:
        return char
    converted = _converter().convert(folded)
    return converted if len(converted) == 1 else folded


def normalize_zh(text: str) -> str:
    """Fold ``text`` to simplified, half-width form (name separators unified) with exactly the same length."""
    if text.isascii():
        return text
    return _remembered(text) if len(text) <= REMEMBERED_LENGTH else _normalized(text)


#: Texts up to this long (a segment, a line, a name) are folded once while they recur: each
#: name finder and check that reads a segment's source normalises it again, seven times a
#: segment in the default checks (a fifth of their time on a traditional-script text). The
#: checks walk a worker's part one after another, so the cache holds a part's sources (about
#: 6,000 rows; a few MiB).
REMEMBERED_LENGTH = 1_000


@lru_cache(maxsize=8192)
def _remembered(text: str) -> str:
    return _normalized(text)


def _normalized(text: str) -> str:
    return fold(text) if _needs_folding().search(text) else text


def fold(text: str) -> str:
    """What :func:`normalize_zh` gives, always through OpenCC (its fast path must agree: a test)."""
    converted = _converter().convert(_nfkc(text))
    if len(converted) != len(text):
        converted = "".join(_fold_char(char) for char in text)
    return _fold_separators(converted)


def _nfkc(text: str) -> str:
    """NFKC where it can change a match: full-width letters and digits, compatibility ideographs,
    Kangxi radicals. Full-width punctuation, in nearly every Chinese sentence, never stands in a
    glossary form, and skipping NFKC for it was most of the cost of normalising a segment."""
    return unicodedata.normalize("NFKC", text) if _MATTERS_TO_NFKC.search(text) else text


def _fold_separators(text: str) -> str:
    return text.translate(_NAME_SEPARATORS) if _HAS_SEPARATOR.search(text) else text


#: Characters whose NFKC form can change a match (see ``_nfkc``).
_MATTERS_TO_NFKC = re.compile(
    "[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uf900-\ufaff\u2f00-\u2fdf\u3200-\u33ff\U0002f800-\U0002fa1f]"
)
#: Separators inside transliterated names (拜登·约瑟夫, 內莉-梁, 布伦特 尼曼) fold to one, so a glossary
#: form written with any of them matches the others.
_SEPARATORS = "‧・•･‐-－ \u3000\u00a0"
_NAME_SEPARATORS = str.maketrans({c: "·" for c in _SEPARATORS})
_HAS_SEPARATOR = re.compile("[" + re.escape(_SEPARATORS) + "]")


@lru_cache(maxsize=1)
def _needs_folding() -> re.Pattern[str]:
    """Any character that normalising can change: those OpenCC ``t2s`` converts (asked of OpenCC
    itself, once, in ~60 ms, then kept in the cache directory), those NFKC may change a match with,
    name separators — and, to keep the character class a fast bitmap, any character beyond the BMP.
    Most simplified sentences hold none of them and skip OpenCC, which was most of the matching time."""
    return re.compile(remembered("folding-pattern", _folding_pattern, f"opencc {installed_version('opencc')}"))


def _folding_pattern() -> str:
    chars = [chr(code) for first, last in ((0x80, 0xD800), (0xE000, 0x10000)) for code in range(first, last)]
    converted = _converter().convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - OpenCC keeps lines; be safe if not
        return r"[^\x00-\x7f]"
    changed = {char for char, out in zip(chars, converted, strict=True) if out != char}
    changed |= {char for char in chars if _MATTERS_TO_NFKC.match(char)} | set(_SEPARATORS)
    return "[" + "".join(_class_ranges(sorted(map(ord, changed)))) + "\U00010000-\U0010ffff]"


def _class_ranges(codes: list[int]) -> list[str]:
    """Sorted code points as character-class ranges (``a-z``): the same class, compiled 10x faster
    (20 ms at every start for the 5,000 characters folding changes) than one listing each."""
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return [re.escape(chr(first)) + ("" if first == last else "-" + re.escape(chr(last))) for first, last in ranges]


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """Lower-case ASCII letters only, keeping every offset (``str.lower`` may not, outside ASCII:
    on ASCII text it is the same, and several times faster than a translation table)."""
    return text.lower() if text.isascii() else text.translate(_ASCII_LOWER)
