"""The one-call pipeline: corpus → [reference MT] → checks → scores → report → gate.

Each stage is a plain function over the segment table; this module only wires them, for the
CLI and for Python callers (``mtaudit.audit``).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from mtaudit import __version__
from mtaudit.checks.base import FINDING_KEYS, Finding
from mtaudit.errors import InputError
from mtaudit.gate import GateConfig, evaluate

REPORT_SCHEMA = "mtaudit.report/1"


@dataclass
class AuditResult:
    """What an audit produced: the segment and finding tables and the summary."""

    segments: pd.DataFrame
    findings: pd.DataFrame
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return bool(self.summary["gate"]["passed"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": REPORT_SCHEMA,
            "version": __version__,
            "summary": self.summary,
            "segments": _records(self.segments),
            "findings": _records(self.findings),
        }

    def to_json(self) -> str:
        from mtaudit.report import render

        return render(self, "json")


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts with None for missing values (JSON null, not NaN)."""
    return [{k: (None if _is_missing(v) else v) for k, v in row.items()} for row in frame.to_dict("records")]


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


def findings_table(findings: Iterable[Finding]) -> pd.DataFrame:
    rows = [f.to_dict() for f in findings]
    frame = pd.DataFrame.from_records(rows) if rows else pd.DataFrame(columns=list(FINDING_KEYS))
    return frame.astype(object)


def audit(
    input: str | Path | pd.DataFrame,
    target: str | Path | None = None,
    *,
    glossaries: Iterable[str | Path] | None = None,
    mt: bool | None = False,
    checks: Iterable[str] | None = None,
    gate: GateConfig | None = None,
    options: dict[str, Any] | None = None,
    engine: Any = "local",
) -> AuditResult:
    """Audit INPUT (a file, or a segment table) and return the result; nothing is written.

    ``mt``: ``False`` skips the reference-model stage, ``None`` runs it when a model is
    available, ``True`` requires it. ``engine``: ``"local"``, ``"process"``, ``"ray"`` or an
    :class:`mtaudit.engine.Engine`; the findings are the same whichever runs them.
    """
    from mtaudit.checks import DEFAULT_CHECKS
    from mtaudit.checks.context import CheckContext
    from mtaudit.corpus import load_corpus
    from mtaudit.engine import run_checks_with_engine
    from mtaudit.glossary import load_glossaries
    from mtaudit.segments import normalise_segments, validate_segments

    if isinstance(input, pd.DataFrame):
        segments = validate_segments(normalise_segments(input))
    else:
        segments = load_corpus(input, target)
    glossary = load_glossaries(glossaries)
    notices: list[str] = []
    if mt is not False:
        notices.append("reference MT stage is not available in this version; skipped")
    context = CheckContext(glossary, options=dict(options or {}))
    findings = findings_table(run_checks_with_engine(segments, context, checks or DEFAULT_CHECKS, engine))
    summary = _summary(segments, findings, glossary.fingerprint(), gate or GateConfig(), notices)
    return AuditResult(segments=segments, findings=findings, summary=summary)


def _summary(segments: pd.DataFrame, findings: pd.DataFrame, glossary_hash: str,
             gate: GateConfig, notices: list[str]) -> dict[str, Any]:
    records = findings.to_dict("records")
    by_kind: dict[str, int] = {}
    by_severity: dict[str, int] = {}
    for f in records:
        by_kind[f["kind"]] = by_kind.get(f["kind"], 0) + 1
        by_severity[f["severity"]] = by_severity.get(f["severity"], 0) + 1
    return {
        "segments": len(segments),
        "findings": by_kind,
        "findings_by_severity": by_severity,
        "metrics": {},
        "gate": evaluate(records, gate).to_dict(),
        "signature": {"mtaudit": __version__, "glossary": glossary_hash},
        "notices": notices,
    }


def load_report(path: str | Path) -> AuditResult:
    """Read a JSON report back into an :class:`AuditResult` with DataFrames."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("report not found", path) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"not a JSON report: {exc.msg}", path, exc.lineno) from None
    if not isinstance(data, dict) or data.get("schema") != REPORT_SCHEMA:
        raise InputError(f"not an mtaudit report (schema is not {REPORT_SCHEMA})", path)
    findings = pd.DataFrame.from_records(data["findings"], columns=list(FINDING_KEYS)) if not data["findings"] \
        else pd.DataFrame.from_records(data["findings"])
    return AuditResult(pd.DataFrame.from_records(data["segments"]), findings, data["summary"])
