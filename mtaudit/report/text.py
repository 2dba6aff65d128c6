"""Compiler-style lines (``file:line:col: severity [kind] message (confidence)``), most sure first,
for terminals and pre-commit."""
from __future__ import annotations

from typing import TYPE_CHECKING

from mtaudit.report.base import Writer, by_confidence, confidence_of, findings_with_segments, is_new
from mtaudit.report.locations import finding_location

if TYPE_CHECKING:  # pragma: no cover
    from mtaudit.result import AuditResult


class TextWriter(Writer):
    def render(self, result: AuditResult) -> str:
        lines = []
        for finding, segment in by_confidence(findings_with_segments(result)):
            if not is_new(finding):
                continue
            location = finding_location(finding, segment)
            where = (":".join(str(p) for p in (location.file, location.line, location.column) if p is not None)
                     if location else f"{finding['doc_id']}/{finding['seg_id']}")
            lines.append(f"{where}: {finding['severity']} [{finding['kind']}] {finding['message']} "
                         f"(confidence {confidence_of(finding):.2f})")
        for failure in result.summary["gate"]["failures"]:
            lines.append(f"gate: {failure['rule']}: {failure['message']}")
        return "".join(line + "\n" for line in lines)
