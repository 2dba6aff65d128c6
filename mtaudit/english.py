"""How well English knows a word: wordfreq's Zipf frequency (0 = unknown, 7 = "the"), cached,
shared by every check that must tell ordinary words from names and garbles."""
from __future__ import annotations

from functools import lru_cache

from wordfreq import get_frequency_dict, zipf_frequency


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """wordfreq's value; a plain ASCII word it does not list is answered without its tokenizer (a
    word of ASCII letters is one token, and every unlisted token gets wordfreq's minimum), since
    names and garbles — what the locator asks about most — are mostly such words."""
    lowered = word.lower()
    if lowered.isascii() and lowered.isalpha() and lowered not in get_frequency_dict("en", "best"):
        return _unlisted()
    return zipf_frequency(lowered, "en")


@lru_cache(maxsize=1)
def _unlisted() -> float:
    """The Zipf frequency wordfreq gives a word without a listed token (its minimum)."""
    return zipf_frequency("", "en")
