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

#: Key order of a finding in the JSON report (a contract, see design.md).
FINDING_KEYS = (
    "doc_id", "seg_id", "kind", "severity", "entry_id", "source_term", "expected", "found",
    "target_span", "suggestion", "message",
)

#: Default severity of each finding kind; configuration may override it.
DEFAULT_SEVERITY = {
    "missing": "error",
    "misrendered": "error",
    "forbidden": "error",
    "inconsistent": "warning",
    "unlisted_name": "warning",
}


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
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.severity:
            self.severity = DEFAULT_SEVERITY.get(self.kind, "warning")

    def to_dict(self) -> dict[str, Any]:
        """The report record: keys in :data:`FINDING_KEYS` order, then ``extra``; nothing shared
        with the finding (as ``dataclasses.asdict`` gave, without its deep copy of every field)."""
        data = {
            "doc_id": self.doc_id, "seg_id": self.seg_id, "kind": self.kind, "severity": self.severity,
            "entry_id": self.entry_id, "source_term": self.source_term, "expected": self.expected,
            "found": self.found, "target_span": None if self.target_span is None else list(self.target_span),
            "suggestion": self.suggestion, "message": self.message,
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
