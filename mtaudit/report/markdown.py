"""A Markdown summary: the gate verdict, counts, and the findings as a table."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from mtaudit.pipeline import AuditResult

MAX_ROWS = 200


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


class MarkdownWriter:
    def render(self, result: "AuditResult") -> str:
        summary = result.summary
        gate = summary["gate"]
        lines = [
            "# mtaudit report",
            "",
            f"**Gate: {'passed' if gate['passed'] else 'FAILED'}** — {summary['segments']} segments, "
            f"{sum(summary['findings'].values())} findings.",
            "",
        ]
        lines += [f"- gate rule `{f['rule']}`: {f['message']}" for f in gate["failures"]]
        if summary["findings"]:
            lines += ["", "| kind | count |", "|---|---:|"]
            lines += [f"| {kind} | {count} |" for kind, count in sorted(summary["findings"].items())]
        for notice in summary.get("notices", []):
            lines += ["", f"> {notice}"]
        records = result.findings.to_dict("records")
        if records:
            lines += ["", "## Findings", "", "| document | segment | kind | severity | term | expected | found | message |",
                      "|---|---|---|---|---|---|---|---|"]
            for f in records[:MAX_ROWS]:
                lines.append("| " + " | ".join(_cell(f[k]) for k in (
                    "doc_id", "seg_id", "kind", "severity", "source_term", "expected", "found", "message")) + " |")
            if len(records) > MAX_ROWS:
                lines += ["", f"… and {len(records) - MAX_ROWS} more findings (see the JSON report)."]
        return "\n".join(lines) + "\n"
