"""Hong Kong spellings of Cantonese readings, the way the government romanises names."""

from __future__ import annotations

import pytest

from mtaudit.glossary.cantonese import hong_kong_spellings, spellings


@pytest.mark.parametrize(
    ("jyutping", "spelt"),
    [
        ("can4", "chan"),
        ("zoeng1", "cheung"),
        ("cang4", "tsang"),
        ("loeng4", "leung"),
        ("jyu4", "yu"),
        ("kyun4", "kuen"),
        ("jyut6", "yuet"),
        ("gwok3", "kwok"),
        ("san1", "sun"),  # a short a is often u
        ("ng4", "ng"),
    ],
)
def test_spellings(jyutping: str, spelt: str) -> None:
    assert spelt in spellings(jyutping)


def test_an_unknown_syllable_has_no_spelling() -> None:
    assert spellings("xyz9") == frozenset()


@pytest.mark.parametrize(
    ("char", "spelt", "reads"),
    [
        ("先", "sin", True),
        ("先", "sun", False),  # 新 is sun, 先 is not
        ("效", "hau", True),
        ("效", "siu", False),
        ("嘉", "ka", True),
        ("诚", "shing", True),
        ("瑜", "yu", True),
    ],
)
def test_hong_kong_spellings_of_a_character(char: str, spelt: str, reads: bool) -> None:
    assert (spelt in hong_kong_spellings(char)) is reads
