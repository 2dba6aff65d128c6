"""Consistency: one source term rendered in incompatible ways across a document or the corpus.

Wrong renderings are already errors of the terms check; this check looks at accepted ones,
e.g. "Sergei Lavrov" in one paragraph and "Sergey Lavrov" in the next.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from itertools import chain
from typing import TYPE_CHECKING, Iterable

from mtaudit.checks.base import Check, Finding

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from mtaudit.checks.context import CheckContext
    from mtaudit.checks.terms import Occurrence


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
        scope = context.options.get("consistency_scope", "document")
        groups: dict[tuple[str, str], list[Occurrence]] = defaultdict(list)
        carried = context.continued.accepted if context.continued else []  # the start of a cut document
        for o in chain(carried, context.occurrences(segments)):
            if o.hit is not None and o.status == "ok":
                groups[(o.doc_id if scope == "document" else "", o.entry.id)].append(o)
        open_document = segments["doc_id"].iat[-1] if context.continues else None  # judged when it ends
        for (doc_id, _), occurrences in groups.items():
            if len(occurrences) == 1 or doc_id == open_document:  # one rendering agrees with itself
                continue
            renderings = [o.rendering for o in occurrences]
            counts = Counter(renderings)
            usual = counts.most_common(1)[0][0]
            compatible = {rendering: _compatible(rendering, usual) for rendering in counts}
            for o, rendering in zip(occurrences, renderings):
                if compatible[rendering]:
                    continue
                yield Finding(
                    doc_id=o.doc_id, seg_id=o.seg_id, kind="inconsistent", entry_id=o.entry.id,
                    source_term=o.hit.text, expected=usual, found=o.span.text,
                    target_span=[o.span.start, o.span.end], suggestion=usual,
                    message=f"{o.hit.text} is rendered '{rendering}' here but '{usual}' elsewhere "
                            f"({counts[usual]}x); renderings: {', '.join(counts)}",
                )
