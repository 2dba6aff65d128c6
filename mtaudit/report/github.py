"""GitHub Actions workflow commands: one annotation per new finding, shown on the diff.

File paths are made relative to the working directory (the workspace root in a job).

``::error file=F,line=L,col=C,endColumn=E,title=T::message``; property values and messages are
escaped as the runner expects (``%``, CR, LF, and ``:``/``,`` in properties). Baseline-accepted
findings are not annotated.

GitHub shows only ``PER_LEVEL`` annotations of each level (error, warning, notice) per step and
drops the rest, so each level's are emitted gravest first: the failed gate rules (why the job
fails), then the findings most sure first; a last notice counts what was left out. The job
summary of the Action (``ci/github_action.py``) counts the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mtaudit.report.base import Writer, by_confidence, findings_with_segments, is_new
from mtaudit.report.locations import finding_location, workspace_path

if TYPE_CHECKING:  # pragma: no cover
    from mtaudit.result import AuditResult

#: Annotation level of each severity; GitHub's levels in the order they are emitted.
COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
LEVELS = ("error", "warning", "notice")
#: Annotations GitHub shows per step and level; more only flood the log.
PER_LEVEL = 10


class GithubWriter(Writer):
    def render(self, result: AuditResult) -> str:
        failures = [_gate_annotation(f) for f in result.summary.get("gate", {}).get("failures", [])]
        by_level: dict[str, list[str]] = {level: [] for level in LEVELS}
        by_level["error"] += failures
        for finding, segment in by_confidence([(f, s) for f, s in findings_with_segments(result) if is_new(f)]):
            by_level[_level(finding)].append(_annotation(finding, segment))
        counts = {level: len(lines) for level, lines in by_level.items()}
        shown = shown_per_level(counts)
        lines = [line for level in LEVELS for line in by_level[level][: shown[level]]]
        hidden = {level: counts[level] - shown[level] for level in LEVELS}
        if any(hidden.values()):
            lines.append(f"::notice title=mtaudit::{_data(hidden_sentence(hidden, 'the report'))}")
        return "".join(line + "\n" for line in lines)


def shown_per_level(counts: dict[str, int]) -> dict[str, int]:
    """How many annotations of each level are emitted: ``PER_LEVEL`` each, one notice fewer when
    some are left out (the notice that says so takes its place)."""
    notices = PER_LEVEL - 1 if any(counts.get(level, 0) > PER_LEVEL for level in LEVELS) else PER_LEVEL
    limits = {"error": PER_LEVEL, "warning": PER_LEVEL, "notice": notices}
    return {level: min(counts.get(level, 0), limits[level]) for level in LEVELS}


def hidden_sentence(hidden: dict[str, int], where: str) -> str:
    """'GitHub shows 10 annotations of each kind per step: 3 more errors and 1 more notice are
    listed only in the report.'"""
    parts = [f"{count} more {level}{'s' if count != 1 else ''}" for level, count in hidden.items() if count]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    verb = "is" if sum(hidden.values()) == 1 else "are"
    return f"GitHub shows {PER_LEVEL} annotations of each kind per step: {listed} {verb} listed only in {where}."


def _level(finding: dict[str, Any]) -> str:
    return COMMANDS.get(finding["severity"], "warning")


def _gate_annotation(failure: dict[str, Any]) -> str:
    return f"::error title={_property('mtaudit gate: ' + failure['rule'])}::{_data(failure['message'])}"


def _annotation(finding: dict[str, Any], segment: dict[str, Any] | None) -> str:
    properties: dict[str, str | int | None] = {"title": f"mtaudit {finding['kind']}"}
    location = finding_location(finding, segment)
    if location is not None:
        properties = {
            "file": workspace_path(location.file)[0],
            "line": location.line,
            "col": location.column,
            "endLine": location.end_line,
            "endColumn": location.end_column,
            **properties,
        }
    fields = ",".join(f"{key}={_property(str(value))}" for key, value in properties.items() if value is not None)
    where = "" if location is not None else f"{finding['doc_id']}/{finding['seg_id']}: "
    return f"::{_level(finding)} {fields}::{_data(where + finding['message'])}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
