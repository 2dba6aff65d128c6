"""GitHub Actions workflow commands: one annotation per new finding, shown on the diff.

File paths are made relative to the working directory (the workspace root in a job).

``::error file=F,line=L,col=C,endColumn=E,title=T::message``; property values and messages are
escaped as the runner expects (``%``, CR, LF, and ``:``/``,`` in properties). Baseline-accepted
findings are not annotated; at most ``MAX_ANNOTATIONS`` findings are, then a notice gives the rest's
count; a failed gate adds one annotation per failed rule.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mtaudit.report.base import Writer, findings_with_segments, is_new
from mtaudit.report.locations import finding_location, workspace_path

if TYPE_CHECKING:  # pragma: no cover
    from mtaudit.result import AuditResult

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
#: GitHub shows only the first few annotations of a step; more only flood the log.
MAX_ANNOTATIONS = 50


class GithubWriter(Writer):
    def render(self, result: AuditResult) -> str:
        new = [(f, s) for f, s in findings_with_segments(result) if is_new(f)]
        lines = [_annotation(f, s) for f, s in new[:MAX_ANNOTATIONS]]
        if len(new) > MAX_ANNOTATIONS:
            lines.append(f"::notice title=mtaudit::{len(new) - MAX_ANNOTATIONS} more new findings are in the report")
        for failure in result.summary.get("gate", {}).get("failures", []):
            lines.append(f"::error title={_property('mtaudit gate: ' + failure['rule'])}::{_data(failure['message'])}")
        return "".join(line + "\n" for line in lines)


def _annotation(finding: dict[str, Any], segment: dict[str, Any] | None) -> str:
    properties: dict[str, str | int | None] = {"title": f"mtaudit {finding['kind']}"}
    location = finding_location(finding, segment)
    if location is not None:
        properties = {"file": workspace_path(location.file)[0], "line": location.line, "col": location.column,
                      "endLine": location.end_line, "endColumn": location.end_column, **properties}
    fields = ",".join(f"{key}={_property(str(value))}" for key, value in properties.items() if value is not None)
    where = "" if location is not None else f"{finding['doc_id']}/{finding['seg_id']}: "
    return f"::{COMMANDS.get(finding['severity'], 'warning')} {fields}::{_data(where + finding['message'])}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
