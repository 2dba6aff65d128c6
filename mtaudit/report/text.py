"""Compiler-style lines (``file:line:col: severity [kind] message (confidence)``), most sure first,
for terminals and pre-commit; under each, indented, the sentence it is about: the source with the
term and the target with the wrong span marked «thus», trimmed around them (see
:mod:`mtaudit.report.excerpt`), so an editor needs no other file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mtaudit.report.base import Writer, by_confidence, confidence_of, findings_with_segments, is_new
from mtaudit.report.excerpt import source_excerpt, target_excerpt
from mtaudit.report.locations import finding_location

if TYPE_CHECKING:  # pragma: no cover
    from mtaudit.result import AuditResult

#: Said where a segment has no target text.
NO_TARGET = "(no translation aligned)"


class TextWriter(Writer):
    def render(self, result: AuditResult) -> str:
        lines = []
        for finding, segment in by_confidence(findings_with_segments(result)):
            if not is_new(finding):
                continue
            location = finding_location(finding, segment)
            where = (
                ":".join(str(p) for p in (location.file, location.line, location.column) if p is not None)
                if location
                else f"{finding['doc_id']}/{finding['seg_id']}"
            )
            lines.append(
                f"{where}: {finding['severity']} [{finding['kind']}] {finding['message']} "
                f"(confidence {confidence_of(finding):.2f})"
            )
            lines += sentence_lines(finding, segment)
        for failure in result.summary["gate"]["failures"]:
            lines.append(f"gate: {failure['rule']}: {failure['message']}")
        return "".join(line + "\n" for line in lines)


def sentence_lines(finding: dict[str, Any], segment: dict[str, Any] | None) -> list[str]:
    """The source (none in target-only mode) and the target of the finding's segment, marked
    (nothing when the segment is not in the report)."""
    if not segment:
        return []
    lines = []
    if segment.get("source"):
        lines.append(f"    source: {source_excerpt(finding, segment).marked()}")
    target = target_excerpt(finding, segment).marked() if segment.get("target") else NO_TARGET
    lines.append(f"    target: {target}")
    return lines
