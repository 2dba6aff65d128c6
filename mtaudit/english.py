"""How well English knows a word: wordfreq's Zipf frequency (0 = unknown, 7 = "the"), cached,
shared by every check that must tell ordinary words from names and garbles."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en")
