"""A Markdown summary fit for a pull-request comment (and ``$GITHUB_STEP_SUMMARY``).

The verdict comes first, then why the gate failed (rule, limit, actual, by how much), rules that
could not be evaluated, counts by kind (new and baseline-accepted), the scores and term figures in
words (:mod:`mtaudit.report.figures`), and the new findings grouped by document in collapsible
sections, most sure first, each with its confidence and its sentence: the source with the term and
the translation with the wrong span in bold, trimmed around them (:mod:`mtaudit.report.excerpt`).
It stays under GitHub's 65,536-character comment limit by listing at most ``MAX_ROWS`` findings.
A hidden marker lets a bot update its own comment.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from mtaudit.report.base import Writer, by_confidence, confidence_of, findings_with_segments, is_new
from mtaudit.report.excerpt import Excerpt, source_excerpt, target_excerpt
from mtaudit.report.figures import metric_figures
from mtaudit.report.locations import finding_location

if TYPE_CHECKING:  # pragma: no cover
    from mtaudit.result import AuditResult

MAX_ROWS = 200
#: Stop listing findings past this many characters (GitHub refuses comments over 65,536).
MAX_CHARS = 60_000
MARKER = "<!-- mtaudit-report -->"
#: Said where a segment has no target text.
NO_TARGET = "*no translation aligned*"


#: Every line break CommonMark or a browser honours (a raw CR ends a table row as LF does).
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x85\u2028\u2029]")


def _cell(value: object) -> str:
    """Text that stays inside one table cell: line breaks as spaces, pipes escaped, no raw tags."""
    text = "" if value is None else str(value)
    return _LINE_BREAKS.sub(" ", text).replace("|", "\\|").replace("<", "&lt;")


class MarkdownWriter(Writer):
    def render(self, result: AuditResult) -> str:
        summary = result.summary
        pairs = findings_with_segments(result)
        lines = [MARKER, "# mtaudit report", ""] + _verdict(summary, pairs) + _gate(summary["gate"])
        lines += _counts(pairs) + _metrics(summary.get("metrics", {}))
        for notice in summary.get("notices", []):
            lines += ["", f"> {_cell(notice)}"]
        lines += _findings(pairs, MAX_CHARS - sum(len(line) + 1 for line in lines))
        return "\n".join(lines) + "\n"


def _verdict(summary: dict[str, Any], pairs: list[tuple[dict[str, Any], Any]]) -> list[str]:
    gate = summary["gate"]
    new = sum(1 for f, _ in pairs if is_new(f))
    accepted = len(pairs) - new
    status = "✅ **Gate: passed**" if gate["passed"] else "❌ **Gate: FAILED**"
    tail = f" ({accepted} accepted by the baseline)" if accepted else ""
    return [f"{status} — {summary['segments']} segments, {len(pairs)} findings, {new} new{tail}."]


def _gate(gate: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    if gate["failures"]:
        lines += ["", "| failed rule | limit | actual | by | |", "|---|---:|---:|---:|---|"]
        for f in gate["failures"]:
            lines.append(
                f"| `{f['rule']}` | {_number(f.get('limit'))} | {_number(f.get('actual'))} | "
                f"{_number(f.get('excess'))} | {_cell(f['message'])} |"
            )
    for rule in gate.get("not_evaluated", []):
        lines += ["", f"⚠️ rule `{rule['rule']}` not evaluated: {_cell(rule['reason'])}"]
    return lines


def _counts(pairs: list[tuple[dict[str, Any], Any]]) -> list[str]:
    if not pairs:
        return []
    counts: dict[tuple[str, str], list[int]] = {}
    for f, _ in pairs:
        row = counts.setdefault((f["kind"], f["severity"]), [0, 0])
        row[0 if is_new(f) else 1] += 1
    lines = ["", "| kind | severity | new | baseline |", "|---|---|---:|---:|"]
    lines += [f"| {kind} | {severity} | {new} | {old} |" for (kind, severity), (new, old) in sorted(counts.items())]
    return lines


def _metrics(metrics: dict[str, Any]) -> list[str]:
    rows = metric_figures(metrics)
    if not rows:
        return []
    return ["", "| measure | value |", "|---|---:|"] + [f"| {_cell(label)} | {value} |" for label, value in rows]


def _findings(pairs: list[tuple[dict[str, Any], Any]], budget: int) -> list[str]:
    """New findings grouped by document, within ``MAX_ROWS`` rows and ``budget`` characters."""
    new = by_confidence([(f, s) for f, s in pairs if is_new(f)])
    if not new:
        return []
    lines = ["", "## New findings"]
    shown = 0
    budget -= 200  # room for the closing lines
    by_doc: dict[str, list[tuple[dict[str, Any], Any]]] = {}
    for f, s in new:
        by_doc.setdefault(f["doc_id"], []).append((f, s))
    for doc_id, rows in by_doc.items():
        head = [
            "",
            f"<details open><summary><b>{_cell(doc_id)}</b> — {len(rows)} finding(s)</summary>",
            "",
            "| where | kind | severity | confidence | source | translation | use instead | message |",
            "|---|---|---|---:|---|---|---|---|",
        ]
        body = [_finding_row(f, s) for f, s in rows[: MAX_ROWS - shown]]
        while body and _size(lines + head + body) > budget:
            body.pop()
        if not body:
            break
        shown += len(body)
        lines += head + body + ["", "</details>"]
        if len(body) < len(rows) or shown >= MAX_ROWS:
            break
    if len(new) > shown:
        lines += ["", f"… and {len(new) - shown} more findings (see the JSON report)."]
    return lines


def _finding_row(finding: dict[str, Any], segment: dict[str, Any] | None) -> str:
    return (
        "| "
        + " | ".join(
            [
                _where(finding, segment),
                finding["kind"],
                finding["severity"],
                f"{confidence_of(finding):.2f}",
                _source(finding, segment),
                _target(finding, segment),
                _code(finding["suggestion"] or finding["expected"]),
                _cell(finding["message"]),
            ]
        )
        + " |"
    )


def _source(finding: dict[str, Any], segment: dict[str, Any] | None) -> str:
    """The source sentence with the term in bold (the term alone, first, where the sentence lacks it)."""
    shown = source_excerpt(finding, segment)
    term = finding["source_term"]
    if term and not shown.span:
        return f"<b>{_cell(term)}</b>" + (f" · {_marked(shown)}" if shown.before else "")
    return _marked(shown) if shown.before or shown.span else "—"


def _target(finding: dict[str, Any], segment: dict[str, Any] | None) -> str:
    """The translation with the wrong span in bold (what was found, first, where it has no span)."""
    if not segment:
        return _code(finding["found"])
    if not segment.get("target"):
        return NO_TARGET
    shown = target_excerpt(finding, segment)
    if finding["found"] and not shown.span:
        return f"<b>{_cell(finding['found'])}</b> · {_marked(shown)}"
    return _marked(shown)


def _marked(shown: Excerpt) -> str:
    middle = f"<b>{_cell(shown.span)}</b>" if shown.span else ""
    return _cell(shown.before) + middle + _cell(shown.after)


def _size(lines: list[str]) -> int:
    return sum(len(line) + 1 for line in lines)


def _where(finding: dict[str, Any], segment: dict[str, Any] | None) -> str:
    location = finding_location(finding, segment)
    if location is not None and location.line is not None:
        return _cell(f"{location.file}:{location.line}")
    return _cell(f"{finding['doc_id']}/{finding['seg_id']}")


def _code(value: object) -> str:
    text = _LINE_BREAKS.sub(" ", str(value or "")).replace("`", "").replace("|", "\\|")
    return f"`{text}`" if text else ""


def _number(value: object) -> str:
    if value is None:
        return "—"
    return f"{value:g}" if isinstance(value, float) else str(value)
