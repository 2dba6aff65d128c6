"""How well English knows a word: wordfreq's Zipf frequency (0 = unknown, 7 = "the"), cached,
shared by every check that must tell ordinary words from names and garbles.

Importing wordfreq and reading its English list takes ~0.5 s and 40 MiB, and nearly every word
the checks ask about is plain ASCII letters: one token, whose Zipf value is its frequency band's.
Those words are answered from a table prepared once in the cache directory (a marisa-trie of the
list's ASCII words and their bands, mapped from disk); wordfreq itself is imported only for other
words (hyphens, apostrophes, diacritics), whose value needs its tokenizer. The values are
wordfreq's either way (``tests/test_english.py``)."""

from __future__ import annotations

import marshal
from array import array
from functools import cached_property, lru_cache
from typing import Any

import marisa_trie

from mtaudit.cachedir import Prepared, default_cache_dir, installed_version, mapped

#: wordfreq's language and list.
LANGUAGE, WORDLIST = "en", "best"
#: Bumped when the prepared files change.
FORMAT = 1


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of ``word`` lower-cased."""
    return zipf_frequency(word.lower())


def zipf_frequency(word: str) -> float:
    """``wordfreq.zipf_frequency(word, "en")``; a word of ASCII letters is one token (its case
    folded), answered from the prepared table: its band's value, or wordfreq's minimum."""
    if word.isascii() and word.isalpha():
        return _table().zipf(word.lower())
    return _wordfreq().zipf_frequency(word, LANGUAGE, WORDLIST)


class _Table:
    """The prepared ASCII words: trie (word → id), each id's frequency band, each band's value."""

    def __init__(self, files: dict[str, Any]) -> None:
        self._ids = marisa_trie.Trie()
        self._ids.mmap(str(files["words.marisa"]))
        self._bands = mapped(files["bands.bin"]).cast("H")
        meta = marshal.loads(files["meta.marshal"].read_bytes())
        self._values: tuple[float, ...] = meta["values"]
        self._unlisted: float = meta["unlisted"]

    def zipf(self, lowered: str) -> float:
        index = self._ids.get(lowered)
        return self._unlisted if index is None else self._values[self._bands[index]]

    @cached_property
    def size(self) -> int:
        return len(self._ids)


@lru_cache(maxsize=1)
def _table() -> _Table:
    name = f"wordfreq-{installed_version('wordfreq')}-{LANGUAGE}-{WORDLIST}-v{FORMAT}"
    return _Table(Prepared(default_cache_dir() / "english" / name, _prepare).files())


def _wordfreq() -> Any:
    import wordfreq  # deferred: 0.5 s and 40 MiB, for the rare word the table cannot answer

    return wordfreq


def _prepare() -> dict[str, bytes]:
    """The ASCII words of wordfreq's list with their bands (a word in several bands has the last,
    as wordfreq's dictionary does), and each band's Zipf value as wordfreq computes it."""
    wordfreq = _wordfreq()
    band_of: dict[str, int] = {}
    for band, words in enumerate(wordfreq.get_frequency_list(LANGUAGE, WORDLIST)):
        for word in words:
            if word.isascii() and word.isalpha():
                band_of[word] = band
    values: dict[int, float] = {}
    for word, band in band_of.items():
        if band not in values:
            values[band] = wordfreq.zipf_frequency(word, LANGUAGE, WORDLIST)
    trie = marisa_trie.Trie(band_of)
    bands = array("H", bytes(2 * len(trie)))
    for word, index in trie.iteritems():
        bands[index] = band_of[word]
    table = tuple(values.get(band, 0.0) for band in range(max(values, default=0) + 1))
    meta = {"values": table, "unlisted": wordfreq.zipf_frequency("", LANGUAGE, WORDLIST)}
    return {"words.marisa": trie.tobytes(), "bands.bin": bands.tobytes(), "meta.marshal": marshal.dumps(meta)}


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """English given names, lower-cased: the US Census 1990 first names the ``names`` package ships
    (5,494), so that "Eric Xu" reads as a person's English name, not as a word before a surname."""
    from importlib.resources import files

    folder = files("names")
    return frozenset(
        line.split()[0].lower()
        for sex in ("male", "female")
        for line in (folder / f"dist.{sex}.first").read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
