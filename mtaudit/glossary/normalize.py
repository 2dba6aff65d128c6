"""Length-preserving normalisation of Chinese text, so match offsets stay valid in the original.

Traditional and Taiwan/Hong Kong forms are folded to simplified (OpenCC ``t2s``) and
full-width forms to their NFKC equivalents, one character for one character.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=1)
def _converter():
    import opencc

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
    converted = _converter().convert(unicodedata.normalize("NFKC", text))
    if len(converted) != len(text):
        converted = "".join(_fold_char(char) for char in text)
    return converted.translate(_NAME_SEPARATORS)


#: Separators inside transliterated names (拜登·约瑟夫, 內莉-梁, 布伦特 尼曼) fold to one, so a glossary
#: form written with any of them matches the others.
_NAME_SEPARATORS = str.maketrans({c: "·" for c in "‧・•･‐-－ \u3000\u00a0"})

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """Lower-case ASCII letters only, keeping every offset (``str.lower`` may not)."""
    return text.translate(_ASCII_LOWER)
