"""The prepared table answers as wordfreq does: every band's words, unlisted words, and the words
it leaves to wordfreq (hyphens, apostrophes, diacritics)."""

from __future__ import annotations

import random

import wordfreq

from mtaudit import english

OTHERS = (
    "",
    "Xi'an",
    "O'Brien",
    "co-operation",
    "Nguyễn",
    "São",
    "naïve",
    "don't",
    "U.S.",
    "COVID-19",
    "3D",
    "Bayeng",
    "Yurun",
    "Fantne",
    "Lei",
    "Mengduo",
    "THE",
    "Beijing",
    "beijing",
    "xqzv",
    "Qwxyzzy",
)


def _sample() -> list[str]:
    """The first and last ASCII word of every band, and a random thousand more."""
    bands = wordfreq.get_frequency_list(english.LANGUAGE, english.WORDLIST)
    chosen = []
    for words in bands:
        plain = [w for w in words if w.isascii() and w.isalpha()]
        chosen += plain[:1] + plain[-1:]
    every = [w for words in bands for w in words if w.isascii() and w.isalpha()]
    return chosen + random.Random(16).sample(every, 1000)


def test_zipf_frequency_is_wordfreqs() -> None:
    words = _sample() + list(OTHERS) + [w.upper() for w in _sample()[:200]] + [w.capitalize() for w in _sample()[:200]]
    assert [english.zipf_frequency(w) for w in words] == [wordfreq.zipf_frequency(w, "en") for w in words]
    assert [english.zipf(w) for w in words] == [wordfreq.zipf_frequency(w.lower(), "en") for w in words]


def test_given_names_are_the_census_first_names() -> None:
    names = english.given_names()
    assert {"eric", "morris", "lisa", "robin"} <= names
    assert not {"chairman", "professor", "huawei"} & names
    assert len(names) > 5000
