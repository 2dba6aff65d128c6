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
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from operator import itemgetter

from mtaudit.checks.analysis import Occurrence
from mtaudit.checks.base import Check, Chunk, Kind
from mtaudit.findings import Finding
from mtaudit.glossary.model import Entry
from mtaudit.stream import AcceptedRendering

#: Two accepted renderings of one name that differ are certain; whether that matters is style.
DIFFERENT_RENDERINGS = 0.8


def accepted_terms(occurrences: Iterable[Occurrence]) -> list[AcceptedRendering]:
    """The terms rendered acceptably by a name of the entry (not an adjective, acronym or short form)."""
    return [
        AcceptedRendering(o.doc_id, o.seg_id, o.entry.id, o.hit.text, o.span.start, o.span.end, o.span.text, rendering)
        for o in occurrences
        if o.hit is not None and o.status == "ok" and o.span is not None and _is_name(rendering := o.rendering, o.entry)
    ]


def _is_name(rendering: str, entry: Entry) -> bool:
    lowered = rendering.lower()
    return not (
        rendering.replace(".", "").isupper()
        and len(rendering) <= 8
        or any(lowered == form.lower() for form in (*entry.adjectives, *entry.short))
    )


def _compatible(a: str, b: str) -> bool:
    """Two renderings agree when one is the other or a word-wise part of it ("Yellen" in "Janet Yellen")."""
    a_words, b_words = a.lower().split(), b.lower().split()
    short, long_ = sorted((a_words, b_words), key=len)
    return any(long_[i : i + len(short)] == short for i in range(len(long_) - len(short) + 1))


class ConsistencyCheck(Check):
    check_id = "inconsistent"
    kinds = (Kind("inconsistent", "One source term is rendered differently within a document."),)
    summary = "a source term given incompatible accepted renderings within a document (or corpus, with scope=corpus)"

    def run(self, chunk: Chunk) -> Iterable[Finding]:
        """In two passes over the accepted terms (so a cut document's come back from its spill
        file): the renderings of each group (document, entry) counted, then the findings, group by
        group in order of first appearance, each group in document order. A document that goes on
        in the next chunk is judged there, with its accepted terms of this chunk handed on."""
        kind = self.kinds[0]
        scope = chunk.context.options.consistency_scope or "document"
        cut = chunk.cut
        open_document = cut.open_document
        carried = cut.carried.accepted if cut.carried is not None and cut.carried.doc_id != open_document else ()
        here = accepted_terms(chunk.occurrences)

        def terms() -> Iterator[AcceptedRendering]:  # read twice: the carried ones come back from disk each time
            return chain(chain.from_iterable(carried), here)

        group = _grouping(scope)
        counts: dict[tuple[str, ...], Counter[str]] = {}
        for term in terms():
            counts.setdefault(group(term), Counter())[term.rendering] += 1
        judged = {
            key: _judgement(renderings)
            for key, renderings in counts.items()
            if key[0] != open_document and sum(renderings.values()) > 1
        }
        order = {key: index for index, key in enumerate(counts)}
        found = []
        for sequence, term in enumerate(terms()):
            key = group(term)
            judgement = judged.get(key)
            if judgement is not None and term.rendering in judgement[2]:
                found.append((order[key], sequence, term))
        for _, _, term in sorted(found, key=lambda item: item[:2]):
            usual, renderings, _ = judged[group(term)]
            yield kind.finding(
                term.doc_id,
                term.seg_id,
                entry_id=term.entry_id,
                source_term=term.term,
                expected=usual,
                found=term.found,
                target_span=[term.start, term.end],
                suggestion=usual,
                confidence=DIFFERENT_RENDERINGS,
                extra={"evidence": [f"'{usual}' {renderings[usual]}x in the same {scope}"]},
                message=f"{term.term} is rendered '{term.rendering}' here but '{usual}' elsewhere "
                f"({renderings[usual]}x); renderings: {', '.join(renderings)}",
            )
        if cut.hands_on is not None:
            cut.hands_on.accepted.append([term for term in here if term.doc_id == open_document])


def _grouping(scope: str) -> Callable[[AcceptedRendering], tuple[str, ...]]:
    """The key of the group an accepted term is judged in: (doc_id, seg_id, entry id) per segment,
    (doc_id, entry id) per document, ("", entry id) over the corpus (C getters where they can be:
    every accepted term is keyed twice)."""
    if scope == "segment":
        return itemgetter(0, 1, 2)  # doc_id, seg_id, entry_id
    if scope == "document":
        return itemgetter(0, 2)  # doc_id, entry_id
    return lambda term: ("", term.entry_id)


def _judgement(renderings: Counter) -> tuple[str, Counter, set[str]]:
    """The usual rendering of a group, its counts, and the renderings incompatible with it."""
    usual = renderings.most_common(1)[0][0]
    return usual, renderings, {rendering for rendering in renderings if not _compatible(rendering, usual)}
