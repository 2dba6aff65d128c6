"""Consistency: one source term rendered in incompatible ways across a document or the corpus.

Wrong renderings are already errors of the terms check; this check looks at accepted ones,
e.g. "Sergei Lavrov" in one paragraph and "Sergey Lavrov" in the next. Only names are compared:
an adjective (Japan / Japanese), an acronym (Gulf Cooperation Council / GCC) or a short form
goes with any rendering. The scope is the document (``consistency_scope``: ``document``); an input
without documents (a TSV without ``doc_id``, line-aligned files) is compared within each segment
only (``segment``) unless the user asks for the whole corpus (``corpus``).
"""
from __future__ import annotations

from collections import Counter
from itertools import chain
from typing import TYPE_CHECKING, Iterable, Iterator, NamedTuple

from mtaudit.checks.base import Check, Finding

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from mtaudit.checks.context import CheckContext
    from mtaudit.checks.terms import Occurrence
    from mtaudit.glossary.model import Entry


#: Two accepted renderings of one name that differ are certain; whether that matters is style.
DIFFERENT_RENDERINGS = 0.8


class Accepted(NamedTuple):
    """A term rendered acceptably: what consistency needs of its occurrence."""

    doc_id: str
    seg_id: str
    entry_id: str
    term: str
    start: int
    end: int
    found: str
    rendering: str


def accepted_terms(occurrences: Iterable["Occurrence"]) -> list[Accepted]:
    """The terms rendered acceptably by a name of the entry (not an adjective, acronym or short form)."""
    return [Accepted(o.doc_id, o.seg_id, o.entry.id, o.hit.text, o.span.start, o.span.end, o.span.text, o.rendering)
            for o in occurrences if o.hit is not None and o.status == "ok" and o.span is not None
            and _is_name(o.rendering, o.entry)]


def _is_name(rendering: str, entry: "Entry") -> bool:
    lowered = rendering.lower()
    return not (rendering.replace(".", "").isupper() and len(rendering) <= 8
                or any(lowered == form.lower() for form in (*entry.adjectives, *entry.short)))


def _compatible(a: str, b: str) -> bool:
    """Two renderings agree when one is the other or a word-wise part of it ("Yellen" in "Janet Yellen")."""
    a_words, b_words = a.lower().split(), b.lower().split()
    short, long_ = sorted((a_words, b_words), key=len)
    return any(long_[i:i + len(short)] == short for i in range(len(long_) - len(short) + 1))


class ConsistencyCheck(Check):
    check_id = "inconsistent"
    kinds = ("inconsistent",)
    summary = "a source term given incompatible accepted renderings within a document (or corpus, with scope=corpus)"

    def run(self, segments: "pd.DataFrame", context: "CheckContext") -> Iterable[Finding]:
        """In two passes over the accepted terms (so a cut document's come back from its spill
        file): the renderings of each group (document, entry) counted, then the findings, group by
        group in order of first appearance, each group in document order."""
        scope = context.options.get("consistency_scope", "document")
        open_document = segments["doc_id"].iat[-1] if context.continues else None  # judged when it ends
        continued = context.continued
        carried = continued.accepted if continued and continued.doc_id != open_document else ()
        here = accepted_terms(context.occurrences(segments))

        def terms() -> Iterator[Accepted]:  # read twice: the carried ones come back from disk each time
            return chain(chain.from_iterable(carried), here)

        def group(term: Accepted) -> tuple[str, ...]:
            if scope == "segment":
                return (term.doc_id, term.seg_id, term.entry_id)
            return (term.doc_id if scope == "document" else "", term.entry_id)

        counts: dict[tuple[str, str], Counter] = {}
        for term in terms():
            counts.setdefault(group(term), Counter())[term.rendering] += 1
        judged = {key: _judgement(renderings) for key, renderings in counts.items()
                  if key[0] != open_document and sum(renderings.values()) > 1}
        order = {key: index for index, key in enumerate(counts)}
        found = [(order[group(term)], sequence, term) for sequence, term in enumerate(terms())
                 if group(term) in judged and term.rendering in judged[group(term)][2]]
        for _, _, term in sorted(found, key=lambda item: item[:2]):
            usual, renderings, _ = judged[group(term)]
            yield Finding(
                doc_id=term.doc_id, seg_id=term.seg_id, kind="inconsistent", entry_id=term.entry_id,
                source_term=term.term, expected=usual, found=term.found, target_span=[term.start, term.end],
                suggestion=usual, confidence=DIFFERENT_RENDERINGS,
                extra={"evidence": [f"'{usual}' {renderings[usual]}x in the same {scope}"]},
                message=f"{term.term} is rendered '{term.rendering}' here but '{usual}' elsewhere "
                        f"({renderings[usual]}x); renderings: {', '.join(renderings)}",
            )


def _judgement(renderings: Counter) -> tuple[str, Counter, set[str]]:
    """The usual rendering of a group, its counts, and the renderings incompatible with it."""
    usual = renderings.most_common(1)[0][0]
    return usual, renderings, {rendering for rendering in renderings if not _compatible(rendering, usual)}
