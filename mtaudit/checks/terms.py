"""The terminology check: each glossary term in the source must be rendered as the glossary says.

Its findings are the term analysis's occurrences that are not rendered acceptably (see
:mod:`mtaudit.checks.analysis`): a missing, misrendered or miscased term, and known wrong
renderings of any entry anywhere in the target.
"""

from __future__ import annotations

from collections.abc import Iterable

from mtaudit.checks.analysis import Occurrence
from mtaudit.checks.base import Check, Chunk, Kind
from mtaudit.findings import Finding

#: Only the glossary's own kinds can be near certain enough to be errors.
GLOSSARY_ERROR = 0.9


class TermCheck(Check):
    check_id = "terms"
    kinds = (
        Kind("missing", "A glossary term in the source has no accepted rendering in the target.", GLOSSARY_ERROR),
        Kind("misrendered", "A glossary term in the source is rendered wrongly in the target.", GLOSSARY_ERROR),
        Kind("forbidden", "The target contains a known wrong rendering of a glossary term.", GLOSSARY_ERROR),
        Kind("miscased", "A glossary name is rendered with the wrong capitals in the target."),
    )
    summary = "glossary terms in the source must be rendered as the glossary says; known wrong renderings are flagged"

    def run(self, chunk: Chunk) -> Iterable[Finding]:
        for occurrence in chunk.occurrences:
            if occurrence.status != "ok":
                yield _finding(self.kind(occurrence.status), occurrence)


def _finding(kind: Kind, o: Occurrence) -> Finding:
    entry, span = o.entry, o.span
    term = o.hit.text if o.hit else None
    found = span.text if span else None
    if o.status == "missing":
        message = f"{term} should be rendered as '{entry.target}', which is not in the translation"
    elif o.status == "forbidden":
        message = f"'{found}' is a known wrong rendering of {term or entry.sources[0]}: use '{entry.target}'"
    elif term and found == term:
        message = f"{term} is left untranslated, in Chinese: expected '{entry.target}'"
    elif o.status == "miscased":
        message = f"{term} is rendered '{found}': write '{entry.target}'"
    elif term:
        message = f"{term} is rendered as '{found}': expected '{entry.target}'"
    else:
        message = f"'{found}' looks like a misrendering of '{entry.target}' ({entry.sources[0]})"
    return kind.finding(
        o.doc_id,
        o.seg_id,
        message,
        entry_id=entry.id,
        source_term=term,
        expected=entry.target,
        found=found,
        target_span=[span.start, span.end] if span else None,
        suggestion=entry.target,
        confidence=o.confidence,
        extra={"evidence": list(o.evidence)} if o.evidence else {},
    )
