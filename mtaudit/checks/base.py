"""Findings and the check interface.

A check is a small class that declares its id and the finding kinds it emits, and inspects the
segment table. Its ``check_id`` is the key used in configuration, SARIF ``ruleId`` and JUnit.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Iterable

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from mtaudit.checks.context import CheckContext

#: Key order of a finding in the JSON report (a contract, see design.md; ``confidence`` added after it).
FINDING_KEYS = (
    "doc_id", "seg_id", "kind", "severity", "entry_id", "source_term", "expected", "found",
    "target_span", "suggestion", "message", "confidence",
)

#: Per kind, the confidence from which a finding is an ``error`` (None: never) and from which it is a
#: ``warning``; below that it is ``info``. An error fails the gate by default, so it must be close to
#: certain; only the glossary's own kinds can be. Configuration may override a kind's severity.
SEVERITY_THRESHOLDS: dict[str, tuple[float | None, float]] = {
    "missing": (0.9, 0.6),
    "misrendered": (0.9, 0.6),
    "forbidden": (0.9, 0.6),
    "miscased": (None, 0.6),
    "inconsistent": (None, 0.6),
    "unlisted_name": (None, 0.6),
    "name_mismatch": (None, 0.6),
}
#: Severity of each kind at full confidence.
DEFAULT_SEVERITY = {kind: "error" if error is not None else "warning" for kind, (error, _) in SEVERITY_THRESHOLDS.items()}
#: Findings below this confidence are not reported unless asked for (``--min-confidence``).
DEFAULT_MIN_CONFIDENCE = 0.5


def severity_for(kind: str, confidence: float) -> str:
    """The severity a finding of ``kind`` gets at ``confidence``."""
    error, warning = SEVERITY_THRESHOLDS.get(kind, (None, 0.6))
    if error is not None and confidence >= error:
        return "error"
    return "warning" if confidence >= warning else "info"


@dataclass
class Finding:
    doc_id: str
    seg_id: str
    kind: str
    message: str
    severity: str = ""
    entry_id: str | None = None
    source_term: str | None = None
    expected: str | None = None
    found: str | None = None
    target_span: list[int] | None = None
    suggestion: str | None = None
    #: How sure the check is that this is a real error (0–1), from the evidence behind it.
    confidence: float = 1.0
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.confidence = round(min(1.0, max(0.0, self.confidence)), 2)
        if not self.severity:
            self.severity = severity_for(self.kind, self.confidence)

    def to_dict(self) -> dict[str, Any]:
        """The report record: keys in :data:`FINDING_KEYS` order, then ``extra``; nothing shared
        with the finding (as ``dataclasses.asdict`` gave, without its deep copy of every field)."""
        data = {
            "doc_id": self.doc_id, "seg_id": self.seg_id, "kind": self.kind, "severity": self.severity,
            "entry_id": self.entry_id, "source_term": self.source_term, "expected": self.expected,
            "found": self.found, "target_span": None if self.target_span is None else list(self.target_span),
            "suggestion": self.suggestion, "message": self.message, "confidence": self.confidence,
        }
        if self.extra:
            data.update(copy.deepcopy(self.extra))
        return data


class Check:
    """Base class: subclasses set ``check_id``, ``kinds``, ``summary`` and implement ``run``."""

    check_id: ClassVar[str] = ""
    kinds: ClassVar[tuple[str, ...]] = ()
    summary: ClassVar[str] = ""
    #: The segment columns ``run`` reads (worker processes are sent only these).
    columns: ClassVar[tuple[str, ...]] = ("doc_id", "seg_id", "source", "target")

    def run(self, segments: "pd.DataFrame", context: "CheckContext") -> Iterable[Finding]:
        raise NotImplementedError
