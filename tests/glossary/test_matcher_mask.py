"""Rendering patterns run on targets whose CJK letters are masked (cheap to compile) and find what
the unmasked patterns find: the word boundaries agree on every code point, with and without
IGNORECASE, and whole matches agree on text where CJK letters touch, join or stand inside names."""

from __future__ import annotations

import re

import pytest

from mtaudit.glossary.matcher import (
    _COORDINATED,
    _ENDING,
    _NAME_AFTER,
    _WORD_AFTER,
    _WORD_BEFORE,
    _WORD_BEFORE_LAST,
    CJK_MASK,
    TargetMatcher,
    _rendering_source,
    masked_cjk,
)
from mtaudit.glossary.model import Entry, Glossary
from tests.glossary.matcher_spans import every_span

_EVERY_CHARACTER = [chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000]


@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
@pytest.mark.parametrize("pieces", [_WORD_BEFORE, _WORD_AFTER, _NAME_AFTER], ids=["before", "after", "name_after"])
def test_the_boundaries_agree_on_every_code_point(pieces: dict[bool, str], flags: int) -> None:
    before = pieces is _WORD_BEFORE
    text = "".join(f"{c}x" if before else f"x{c}" for c in _EVERY_CHARACTER)  # each character beside an x
    plain = re.compile(f"{pieces[False]}x" if before else f"x{pieces[False]}", flags)
    masked = re.compile(f"{pieces[True]}x" if before else f"x{pieces[True]}", flags)
    assert [m.span() for m in masked.finditer(masked_cjk(text))] == [m.span() for m in plain.finditer(text)]


#: The pieces as first written, with character classes holding non-ASCII characters (slow to compile).
_CLASS_COORDINATED = {
    False: r"(?:[\s\u00a0]+(?:and|or|&)[\s\u00a0]+[^\W\d_][\w'’-]*)?",
    True: r"(?:[\s\u00a0]+(?:and|or|&)[\s\u00a0]+(?:[^\W\d_]|\ufdd0)[\w'’\ufdd0-]*)?",
}
_CLASS_ENDING = r"(?:['’]s|s['’]|s|es)?"


@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
@pytest.mark.parametrize("masked", [False, True])
def test_the_pieces_without_classes_match_what_the_classes_match(masked: bool, flags: int) -> None:
    """The coordinated first word, the spaces and the endings, with every code point beside and
    inside them once (and the pairs that make an ending: "’s", "s’"; a no-break space)."""
    text = " ".join(f"A and B{c}b C. A{c}and B C. xs{c} x{c}s" for c in _EVERY_CHARACTER)
    text += " A\u00a0and Bo’s’\u00a0C, xs’ x’s xes"
    for plain, fast in [
        (f"A{_CLASS_COORDINATED[masked]}[\\s\\u00a0]+C", f"A{_COORDINATED[masked]}\\s+C"),
        (f"x{_CLASS_ENDING}", f"x{_ENDING}"),
    ]:
        found = [m.span() for m in re.finditer(fast, text, flags)]
        assert found == [m.span() for m in re.finditer(plain, text, flags)]
        assert len(found) > 1000


TARGETS = [
    "丨Beijing said; Beijing丨 too; 北京Beijing北京, ‘Beijing’s’ and BEIJING.",
    "South and 东East China Sea, South and East China Sea, South and East中 China Seas",
    "He Li-feng met He Lifeng and He\u3000Lifeng (ideographic space) at He Lifeng’s office",
    f"A target holding the mask {CJK_MASK}Beijing and South and East{CJK_MASK} China Sea",
    "Tokyo東京 and 東京Tokyo, ソウルSeoul, Seoul한, 中国日报 China Daily",
]
ENTRIES = [
    Entry("bj", ("北京",), "Beijing", variants=("Peking",)),
    Entry("scs", ("南海",), "South China Sea", variants=("east china sea",), type="place"),
    Entry("he", ("何立峰",), "He Lifeng", type="person", hyphenation=True, short=("He",)),
    Entry("tk", ("东京",), "Tokyo", variants=("東京都 Tokyo",)),  # a form with CJK letters: matched unmasked
    Entry("daily", ("中国日报",), "China Daily", type="org"),
    Entry("seoul", ("首尔",), "Seoul", case_sensitive=False),
]


def _all_spans(matcher: TargetMatcher, target: str) -> list[list[tuple]]:
    return every_span(matcher, ENTRIES, target)


@pytest.mark.parametrize("target", TARGETS)
def test_spans_are_those_of_the_unmasked_patterns(target: str) -> None:
    """A target holding the mask character is matched unmasked: with one added at its end (a
    non-word character, which no pattern takes in), the same target gives the unmasked spans."""
    matcher = TargetMatcher(Glossary(ENTRIES))
    unmasked = [
        [span for span in spans if span[1] <= len(target)] for spans in _all_spans(matcher, f"{target}{CJK_MASK}")
    ]
    assert _all_spans(matcher, target) == unmasked
    assert any(unmasked)


def test_the_boundary_after_the_first_character_agrees_on_every_code_point() -> None:
    """Case-sensitive masked patterns check the word boundary after their first character (so that
    ``re`` can scan for the first characters): the same matches as the boundary before it, beside
    every code point, at the start of the text and after a newline."""
    text = "x" + "".join(f"{c}x" for c in _EVERY_CHARACTER) + "\nx"
    before = re.compile(f"{_WORD_BEFORE[True]}x")
    after_first = re.compile(f"x{_WORD_BEFORE_LAST}")
    assert [m.span() for m in after_first.finditer(text)] == [m.span() for m in before.finditer(text)]


@pytest.mark.parametrize("forms", [("Beijing",), ("South China Sea", "S.C. Sea"), ("He Lifeng", "von der Leyen")])
def test_case_sensitive_patterns_find_what_a_boundary_before_them_finds(forms: tuple[str, ...]) -> None:
    source, flags = _rendering_source(forms, True, ("li", "feng"), masked=True)
    assert not source.startswith(_WORD_BEFORE[True])
    whole = re.compile(_WORD_BEFORE[True] + source.replace(_WORD_BEFORE_LAST, ""), flags)
    pattern = re.compile(source, flags)
    for target in [*TARGETS, "xBeijing _Beijing 9Beijing -Beijing\nBeijing, the South and East China Sea, S.C. Sea"]:
        target = masked_cjk(target)
        assert [m.span() for m in pattern.finditer(target)] == [m.span() for m in whole.finditer(target)]
