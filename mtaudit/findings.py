"""The finding: what a check reports about one segment (a contract, see design.md).

A finding's ``severity`` comes from its kind's policy and its confidence; checks make findings
through their :class:`mtaudit.checks.base.Kind`, which sets it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

#: Key order of a finding in the JSON report (a contract, see design.md; ``confidence`` added after it).
FINDING_KEYS = (
    "doc_id",
    "seg_id",
    "kind",
    "severity",
    "entry_id",
    "source_term",
    "expected",
    "found",
    "target_span",
    "suggestion",
    "message",
    "confidence",
)
#: Severities, gravest first: an ``error`` fails the gate by default, so it must be close to certain.
SEVERITIES = ("error", "warning", "info")


@dataclass
class Finding:
    doc_id: str
    seg_id: str
    kind: str
    message: str
    severity: str
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

    def to_dict(self) -> dict[str, Any]:
        """The report record: keys in :data:`FINDING_KEYS` order, then ``extra``; nothing shared
        with the finding (as ``dataclasses.asdict`` gave, without its deep copy of every field)."""
        data = {
            "doc_id": self.doc_id,
            "seg_id": self.seg_id,
            "kind": self.kind,
            "severity": self.severity,
            "entry_id": self.entry_id,
            "source_term": self.source_term,
            "expected": self.expected,
            "found": self.found,
            "target_span": None if self.target_span is None else list(self.target_span),
            "suggestion": self.suggestion,
            "message": self.message,
            "confidence": self.confidence,
        }
        if self.extra:
            data.update({key: _copied(value) for key, value in self.extra.items()})
        return data


#: Values a copy may share: they cannot change.
_ATOMS = frozenset({str, int, float, bool, type(None)})


def _copied(value: Any) -> Any:
    """``value`` sharing nothing that can change with the original: a list of atoms (the usual
    evidence, a list of sentences) copied at once, anything else deep-copied (``deepcopy`` of
    every value took 0.3 s of the 21.5k findings of a 200k-segment audit, under the profiler)."""
    if type(value) in _ATOMS:
        return value
    if type(value) is list and set(map(type, value)) <= _ATOMS:
        return list(value)
    return copy.deepcopy(value)
