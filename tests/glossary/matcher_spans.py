"""What the target matcher finds for some entries, in one comparable value (the lazy-compile and
the literal-mask tests compare it with what plain patterns find)."""

from __future__ import annotations

from collections.abc import Iterable

from mtaudit.glossary.matcher import TargetMatcher
from mtaudit.glossary.model import Entry


def every_span(matcher: TargetMatcher, entries: Iterable[Entry], target: str) -> list[list[tuple]]:
    """Each entry's accepted, other-case and short spans in ``target``, and those of its English."""
    return [
        [tuple(span) for span in spans]
        for entry in entries
        for spans in (
            matcher.accepted_spans(entry, target),
            matcher.caseless_spans(entry, target),
            matcher.short_spans(entry, target),
            matcher.english_spans(entry.target, target),
        )
    ]
