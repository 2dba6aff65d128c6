"""The terminology check: each glossary term in the source must be rendered as the glossary says.

For every source hit the target is searched for an accepted rendering not already consumed by
another entry. Failing that, a known wrong (forbidden) rendering of that entry, then the most
plausible misrendering (see :mod:`mtaudit.checks.locate`), is located; otherwise the term is
``missing``. Known wrong renderings of any entry anywhere in the target are ``forbidden``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator

from mtaudit.checks.base import Check, Finding
from mtaudit.glossary.matcher import SourceHit, Span
from mtaudit.glossary.model import Entry

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from mtaudit.checks.context import CheckContext


@dataclass
class Occurrence:
    """One glossary term in one segment and what the target made of it."""

    doc_id: str
    seg_id: str
    entry: Entry
    hit: SourceHit | None
    status: str  # "ok", "missing", "misrendered" or "forbidden"
    span: Span | None = None

    @property
    def rendering(self) -> str:
        """The target text for the term without a possessive ending ('' when missing)."""
        return without_possessive(self.span.text) if self.span else ""


def without_possessive(text: str) -> str:
    """``text`` less a possessive or plural-possessive ending (Biden's, the Bidens')."""
    for suffix in ("'s", "’s", "s'", "s’"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def analyse_terms(segments: "pd.DataFrame", context: "CheckContext") -> list[Occurrence]:
    occurrences: list[Occurrence] = []
    # (doc_id, entry id) rendered in full so far, in this chunk or, for a document it goes on with, before
    seen_full = set(context.continued.seen_full) if context.continued else set()
    columns = segments[["doc_id", "seg_id", "source", "target"]].itertuples(index=False, name=None)
    for doc_id, seg_id, source, target in columns:
        occurrences.extend(_segment_occurrences(doc_id, seg_id, source, target, context, seen_full))
    context._seen_full = seen_full
    return occurrences


def _segment_occurrences(doc_id: str, seg_id: str, source: str, target: str,
                         context: "CheckContext", seen_full: set[tuple[str, str]]) -> Iterator[Occurrence]:
    targets = context.target_matcher
    consumed: list[tuple[str, Span]] = []
    forbidden = targets.forbidden_spans(target)
    for hit in context.source_matcher.find(source):
        entry = hit.entry
        span = _free_span(targets.accepted_spans(entry, target), entry.id, consumed)
        if span is not None:
            seen_full.add((doc_id, entry.id))
        elif (doc_id, entry.id) in seen_full:
            span = _free_span(targets.short_spans(entry, target), entry.id, consumed)
        status = "ok"
        if span is None:
            status = "forbidden"
            span = _free_span([s for e, s in forbidden if e.id == entry.id], entry.id, consumed)
        if span is None:
            status = "misrendered"
            span = context.locator.locate(entry, hit, source, target, [s for _, s in consumed])
        if span is None:
            yield Occurrence(doc_id, seg_id, entry, hit, "missing")
            continue
        consumed.append((entry.id, span))
        yield Occurrence(doc_id, seg_id, entry, hit, status, span)
    for entry, span in forbidden:
        if not any(span.overlaps(taken) for _, taken in consumed):
            consumed.append((entry.id, span))
            yield Occurrence(doc_id, seg_id, entry, None, "forbidden", span)
    if not source.strip():
        taken = [s for _, s in consumed] + targets.rendering_spans(target)
        for entry, span in context.locator.scan(target, taken):
            yield Occurrence(doc_id, seg_id, entry, None, "misrendered", span)


def _free_span(spans: list[Span], entry_id: str, consumed: list[tuple[str, Span]]) -> Span | None:
    """The first span not already taken by another entry (the same entry may reuse its own)."""
    for span in spans:
        if not any(owner != entry_id and span.overlaps(taken) for owner, taken in consumed):
            return span
    return None


class TermCheck(Check):
    check_id = "terms"
    kinds = ("missing", "misrendered", "forbidden")
    summary = "glossary terms in the source must be rendered as the glossary says; known wrong renderings are flagged"

    def run(self, segments: "pd.DataFrame", context: "CheckContext") -> Iterable[Finding]:
        for occurrence in context.occurrences(segments):
            if occurrence.status != "ok":
                yield _finding(occurrence)


def _finding(o: Occurrence) -> Finding:
    entry, span = o.entry, o.span
    term = o.hit.text if o.hit else None
    found = span.text if span else None
    if o.status == "missing":
        message = f"{term} should be rendered as '{entry.target}', which is not in the translation"
    elif o.status == "forbidden":
        message = f"'{found}' is a known wrong rendering of {term or entry.sources[0]}: use '{entry.target}'"
    elif term:
        message = f"{term} is rendered as '{found}': expected '{entry.target}'"
    else:
        message = f"'{found}' looks like a misrendering of '{entry.target}' ({entry.sources[0]})"
    return Finding(
        doc_id=o.doc_id, seg_id=o.seg_id, kind=o.status, message=message, entry_id=entry.id,
        source_term=term, expected=entry.target, found=found,
        target_span=[span.start, span.end] if span else None, suggestion=entry.target,
    )
