"""A place's one-character abbreviation read as another place it may stand for.

Chinese news names a place in full once (波黑, 澳门) and then by its first character (波方 "the
Bosnian side", 中波 "China and Bosnia", 澳大 for 澳门大学): a translation that does not know which
place the character stands for picks the commoner one — "Poland" for the 波 of 波黑, "Australia" for
the 澳 of 澳门. The glossary's places are the inventory: where a character of the source that no
glossary form or dictionary word covers opens the names of several places, one of them named in
full in this segment or one of the document's ten before (also inside a longer name: 澳门大学) and
another not, and the translation has
the other place's English, the abbreviation is ``wrong_abbreviation``: the named place is expected.
Which place an abbreviation stands for is the document's to say, so the finding is a warning at
most.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from mtaudit.checks.base import Check, Chunk, Kind
from mtaudit.checks.context import CheckContext
from mtaudit.findings import Finding
from mtaudit.glossary import cedict
from mtaudit.glossary.cedict import common_words
from mtaudit.glossary.matcher import SourceHit, Span
from mtaudit.glossary.model import Entry, Glossary
from mtaudit.glossary.normalize import normalize_zh
from mtaudit.stream import PlaceMemory, table_rows

#: As sure as the document's one full mention makes it: a warning, never an error.
CONFIDENCE = 0.65
#: Longest dictionary word looked for around an abbreviation (波浪 "wave" holds no 波).
WORD_REACH = 4


class AbbreviationCheck(Check):
    check_id = "wrong_abbreviation"
    kinds = (
        Kind(
            "wrong_abbreviation",
            "A place's one-character abbreviation is rendered as another place it may stand for.",
            warning_at=0.6,
        ),
    )
    summary = "a place's one-character abbreviation (波 of 波黑) rendered as another place (Poland)"
    columns = ("doc_id", "seg_id", "source", "target")

    def run(self, chunk: Chunk) -> Iterable[Finding]:
        """Segment by segment, remembering the places the document's last segments name in full
        (handed on with a document cut between chunks)."""
        cut, context = chunk.cut, chunk.context
        memory = cut.carried.places.copy() if cut.carried is not None else PlaceMemory()
        table = _abbreviations(context.glossary)
        if not table:
            return
        inside = _PlacesInside(table)
        opening = _opening_characters(table)
        columns = table_rows(chunk.segments, ["doc_id", "seg_id", "source", "target"])
        for doc_id, seg_id, source, target in columns:
            hits = context.source_matcher.find(source)
            here = {h.entry.id for h in hits if h.entry.type == "place"} | inside.named(source)
            if source.strip() and target.strip():
                named = memory.named(doc_id) | here
                live = _live(table, opening, named)
                if live:  # most segments: no recent place shares its first character with another
                    yield from _segment(doc_id, seg_id, source, target, hits, named, live, context)
            memory.add(doc_id, here)
        if cut.hands_on is not None:
            cut.hands_on.places = memory.of(cut.hands_on.doc_id)


def _abbreviations(glossary: Glossary) -> dict[str, tuple[Entry, ...]]:
    """Abbreviating character → the places whose name opens with it, for the characters CC-CEDICT
    gives as a place's abbreviation (波 Poland, 澳 Macao or Australia, 塞 Serbia) that open two places
    or more of the glossary: only those can be read as the wrong one. A place's name is its first
    source form (中国香港 is a form of 香港, not a place that 中 abbreviates)."""
    abbreviating = cedict.tables().abbreviations
    table: dict[str, dict[str, Entry]] = {}
    for entry in glossary:
        name = normalize_zh(entry.sources[0]) if entry.type == "place" and entry.sources else ""
        if len(name) >= 2 and name[0] in abbreviating:
            table.setdefault(name[0], {})[entry.id] = entry
    return {char: tuple(places.values()) for char, places in table.items() if len(places) >= 2}


def _opening_characters(table: dict[str, tuple[Entry, ...]]) -> dict[str, str]:
    """Place id → the abbreviating character of ``table`` its name opens with."""
    return {place.id: char for char, places in table.items() for place in places}


def _live(
    table: dict[str, tuple[Entry, ...]], opening: dict[str, str], named: set[str]
) -> dict[str, tuple[Entry, ...]]:
    """The characters that abbreviate exactly one of the places the document has ``named`` (and
    another that it has not): looked for among those the named places open with, not in the whole
    table at every segment."""
    chars = {opening[place] for place in named if place in opening}
    return {char: table[char] for char in chars if sum(p.id in named for p in table[char]) == 1}


class _PlacesInside:
    """The places of the abbreviation table whose names a segment has, also inside a longer word:
    澳门大学 (the University of Macau) names 澳门, though the glossary's matcher, which keeps to
    whole words, finds no 澳门 there. One search a segment."""

    def __init__(self, table: dict[str, tuple[Entry, ...]]) -> None:
        forms = {normalize_zh(f): p.id for places in table.values() for p in places for f in p.sources if len(f) >= 2}
        self.places = forms
        longest_first = sorted(forms, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, longest_first))) if forms else None

    def named(self, source: str) -> set[str]:
        if self.pattern is None:
            return set()
        return {self.places[m.group()] for m in self.pattern.finditer(normalize_zh(source))}


def _segment(
    doc_id: str,
    seg_id: str,
    source: str,
    target: str,
    hits: list[SourceHit],
    named: set[str],
    live: dict[str, tuple[Entry, ...]],
    context: CheckContext,
) -> Iterator[Finding]:
    """The abbreviations of ``live`` places (:func:`_live`) in the source, rendered as another place."""
    text = normalize_zh(source)
    covered = [(h.start, h.end) for h in hits]
    abbreviating = cedict.tables().abbreviations
    seen: set[tuple[str, str]] = set()
    for position, char in enumerate(text):
        places = live.get(char)
        if places is None or any(s <= position < e for s, e in covered) or _in_word(text, position, abbreviating):
            continue
        if position and text[position - 1].isdigit():
            continue  # 11日: a date, not Japan
        (meant,) = [p for p in places if p.id in named]
        for other in places:
            if other.id in named or (meant.id, other.id) in seen:
                continue
            spans = [s for s in context.target_matcher.accepted_spans(other, target) if not _acronym(s.text)]
            if spans:
                seen.add((meant.id, other.id))
                yield _finding(doc_id, seg_id, source[position], meant, other, spans[0])


def _acronym(text: str) -> bool:
    """PR, UK: short capitals that other words share (PRNewswire), not the place's name."""
    return len(text) <= 3 and text.isupper()


def _in_word(text: str, position: int, abbreviating: frozenset[str]) -> bool:
    """Whether a dictionary word of two characters or more covers ``position`` (波浪, 美丽) — but
    not one made of abbreviations alone (中波 "medium wave" is China and Bosnia in 中波两国)."""
    words = common_words()
    for start in range(max(0, position - WORD_REACH + 1), position + 1):
        for end in range(max(position + 1, start + 2), min(len(text), start + WORD_REACH) + 1):
            word = text[start:end]
            if word in words and not all(char in abbreviating for char in word):
                return True
    return False


def _finding(doc_id: str, seg_id: str, char: str, meant: Entry, other: Entry, span: Span) -> Finding:
    return AbbreviationCheck.kinds[0].finding(
        doc_id,
        seg_id,
        f"'{span.text}' for {char}: the document names {meant.sources[0]} ({meant.target}) and not "
        f"{other.sources[0]} ({other.target}), so {char} stands for {meant.target} here",
        entry_id=meant.id,
        source_term=char,
        expected=meant.target,
        found=span.text,
        target_span=[span.start, span.end],
        suggestion=meant.target,
        confidence=CONFIDENCE,
        extra={"evidence": [f"{meant.sources[0]} named earlier in the document", f"{other.sources[0]} never named"]},
    )
