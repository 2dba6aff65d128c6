"""Rendering patterns are compiled when a target may hold a match: the spans are those of the
patterns compiled at once, on targets with and without the forms, in any case, hyphenated,
coordinated, as acronyms; a target lacking a piece of every form compiles nothing, and one where no
coordinator follows a form's first word compiles the pattern without the coordinated word."""

from __future__ import annotations

import re
import sys

import pytest

from mtaudit.glossary.matcher import (
    Renderings,
    TargetMatcher,
    coordinated_words,
    first_word_ends,
    form_pieces,
    rendering_pattern,
)
from mtaudit.glossary.model import Entry, Glossary
from tests.glossary.matcher_spans import every_span

ENTRIES = [
    Entry("bj", ("北京",), "Beijing", variants=("Peking",)),
    Entry("scs", ("南海",), "South China Sea", type="place"),
    Entry("he", ("何立峰",), "He Lifeng", type="person", hyphenation=True, short=("He",)),
    Entry("un", ("联合国",), "United Nations", type="org"),
    Entry("cbirc", ("中国银保监会",), "China Banking and Insurance Regulatory Commission", type="org"),
    Entry("fent", ("芬太尼",), "fentanyl"),
    Entry("xa", ("西安",), "Xi'an", type="place", forbidden=("Xian",)),
]
TARGETS = [
    "Beijing and PEKING met beijing's envoy; Pekingese",
    "South and East China Seas, the south china sea, SOUTH CHINA SEA",
    "He Li-feng met He Lifeng, he lifeng and HE LI FENG at He Lifeng's office",
    "The UN and the U.N. and the United Nations' envoy; un-named",
    "Banking and Insurance Regulatory Commission, CBIRC, China banking",
    "Fentanyl, FENTANYL and fentanyls",
    "Xi'an, XI'AN and xi'an",
    "Nothing of the kind: Biden met Yellen.",
    "",
    "Beijing’s envoy met He Lifeng’s — non-ASCII targets compile as before",
    "He and Li Lifeng spoke; HE AND LI LIFENG; he and li lifeng; He Li and Feng",
    "SOUTH AND EAST CHINA SEA, south & east china seas, North or South China Sea",
    "South\u00a0and\u2003East China Sea, South\x1cand\x1dEast China Sea",
    "Süd-South and East China Sea; Ünited and Divided Nations; United and Divided Nations",
    "China Banking and Insurance Regulatory Commission and the South and",
]


def _spans(matcher: TargetMatcher, target: str) -> list[list[tuple]]:
    return every_span(matcher, ENTRIES, target)


class _Compiled(Renderings):
    """Renderings whose patterns are compiled at once, with the coordinated word, and always run
    (the former behaviour)."""

    def _may_match(self, target: str) -> bool:
        return True

    def _may_coordinate(self, target: str) -> bool:
        return True


@pytest.mark.parametrize("target", TARGETS)
def test_spans_are_those_of_patterns_compiled_at_once(target: str, monkeypatch) -> None:
    lazy = _spans(TargetMatcher(Glossary(ENTRIES)), target)
    monkeypatch.setattr("mtaudit.glossary.matcher.Renderings", _Compiled)
    assert lazy == _spans(TargetMatcher(Glossary(ENTRIES)), target)


def test_all_targets_together_find_something_of_every_kind() -> None:
    matcher = TargetMatcher(Glossary(ENTRIES))
    found = [_spans(matcher, target) for target in TARGETS]
    assert all(any(spans) for spans in found[:7]) and not any(found[7]) and not any(found[8])


def test_nothing_is_compiled_for_a_target_without_the_pieces() -> None:
    syllables = ("he", "li", "feng")
    built: list[bool] = []

    def build(masked: bool, coordinated: bool):
        built.append(masked)
        return rendering_pattern(("He Lifeng",), True, syllables, masked, coordinated)

    renderings = Renderings(build, ("He Lifeng",), syllables)
    assert form_pieces("He Lifeng", syllables) == ("he", "li", "feng")
    assert renderings.spans("He met Li Qiang.") == [] and built == []  # every piece is needed, not one
    assert renderings.spans("Nothing here.") == [] and built == []
    assert [tuple(s) for s in renderings.spans("He Li-feng spoke.")] == [(0, 10, "He Li-feng")] and built == [True]
    assert renderings.spans("He met Li Qiang in Feng.") == []  # compiled now: the pattern decides
    assert Renderings(build, ("Hé Lifeng",)).spans("No piece.") == [] and built == [True, True]  # non-ASCII forms


def test_the_coordinated_pattern_is_compiled_only_after_a_first_word_and_a_coordinator() -> None:
    built: list[bool] = []

    def build(masked: bool, coordinated: bool):
        built.append(coordinated)
        return rendering_pattern(("South China Sea",), True, (), masked, coordinated)

    renderings = Renderings(build, ("South China Sea",))
    assert [s.text for s in renderings.spans("South China Sea and East China Sea")] == ["South China Sea"]
    assert [s.text for s in renderings.spans("Southern and South China Sea")] == ["South China Sea"]
    assert built == [False]  # "sea" and "southern" end otherwise than "South": one pattern serves both
    assert [s.text for s in renderings.spans("South and East China Sea")] == ["South and East China Sea"]
    assert built == [False, True]
    assert [s.text for s in renderings.spans("Sud-South and East China Sea")] == ["South and East China Sea"]
    assert first_word_ends(("He Lifeng", "Lifeng He", "Beijing"), ("he", "li", "feng")) == ("feng", "he")
    assert first_word_ends(("Zürich Airport",)) is None


def test_coordinated_words_are_those_before_a_coordinator_and_another_word() -> None:
    assert coordinated_words("South AND East, North or\u00a0West & and") == ("south", "north", "west")
    assert coordinated_words("Beijing and") == ()
    assert coordinated_words("Beijing\tAND Shanghai") == ("beijing",) == coordinated_words("Beijing  AND  Shanghai")


def test_str_split_splits_where_the_pattern_whitespace_matches() -> None:
    """``coordinated_words`` splits with ``str.split``; ``_COORDINATED`` and the patterns use ``\\s``."""
    space = re.compile(r"\s")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert bool(space.fullmatch(char)) == (len(f"a{char}b".split()) == 2), hex(code)
        assert not char.isspace() or char == " " or not char.isprintable(), hex(code)  # its shortcut
