"""The capitalised-word patterns of the name checks, written to open with a character class (the
boundary before the capital checked after it), match what the patterns with the boundary first did."""

from __future__ import annotations

import random
import re

import regex

from mtaudit.checks import names, namespans

#: Characters around a capital that a boundary tells apart: letters of several scripts, digits,
#: the underscore, spaces, hyphens and punctuation.
_PIECES = (*("Zhou", "Yu", "heng", " Lin", "-Wen", " Hao", "Xi", "ming"), *"AbéÉß中_1٣ -'.\n")


def _texts() -> list[str]:
    draw = random.Random(16)
    return ["".join(draw.choices(_PIECES, k=draw.randint(1, 14))) for _ in range(20_000)]


def _spans(pattern: re.Pattern[str] | regex.Pattern[str], text: str) -> list[tuple[tuple[int, int], ...]]:
    return [tuple(match.span(i) for i in range(pattern.groups + 1)) for match in pattern.finditer(text)]


def test_a_written_name_is_found_where_the_boundary_first_found_it():
    before = re.compile(r"\b([A-Z][a-z]+)(?:[ -]([A-Z][a-z]+))(?:[ -]([A-Z][a-z]+))?\b")
    assert all(_spans(namespans._WRITTEN_NAME, text) == _spans(before, text) for text in _texts())
    assert sum(bool(before.search(text)) for text in _texts()) > 1000


def test_a_pinyin_word_is_found_where_the_lookbehind_first_found_it():
    before = regex.compile(r"(?<![A-Za-z])[A-Z][a-z]{3,}(?![A-Za-z])")
    assert all(_spans(names._PINYIN_WORD, text) == _spans(before, text) for text in _texts())
    assert sum(bool(before.search(text)) for text in _texts()) > 1000
