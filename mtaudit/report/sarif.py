"""SARIF 2.1.0, the format code-scanning tools (GitHub, GitLab, Azure DevOps) read.

The rule id is the finding kind; each result points at the file, line and column of the wrong
text in the target (columns count Unicode code points, declared by ``columnKind``), carries the
suggestion as a fix, a fingerprint that ignores line numbers (the baseline key), and
``baselineState`` when a baseline was used.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtaudit.baseline import finding_key
from mtaudit.checks import finding_kinds
from mtaudit.report.base import Writer, confidence_of, findings_with_segments, is_new
from mtaudit.report.locations import Location, finding_location, workspace_path
from mtaudit.version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from mtaudit.result import AuditResult

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


class SarifWriter(Writer):
    def render(self, result: AuditResult) -> str:
        pairs = findings_with_segments(result)
        kinds = list(dict.fromkeys(f["kind"] for f, _ in pairs))
        declared = finding_kinds()
        with_baseline = bool(result.summary.get("baseline"))
        run = {
            "tool": {"driver": {
                "name": "mtaudit", "version": __version__, "semanticVersion": __version__,
                "rules": [_rule(kind, pairs, declared) for kind in kinds],
            }},
            "columnKind": "unicodeCodePoints",
            "results": [_result(f, s, kinds.index(f["kind"]), with_baseline) for f, s in pairs],
            "invocations": [{"executionSuccessful": True,
                             "toolExecutionNotifications": [{"level": "note", "message": {"text": n}}
                                                            for n in result.summary.get("notices", [])]}],
            "properties": {"gate": result.summary.get("gate", {}), "segments": result.summary.get("segments", 0)},
        }
        # compact: the C encoder is ~10x faster than indenting, and code-scanning uploads are size-limited
        log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
        return json.dumps(log, ensure_ascii=False, separators=(",", ":")) + "\n"


def _rule(kind: str, pairs: list[tuple[dict[str, Any], Any]], declared: dict[str, Any]) -> dict[str, Any]:
    """A rule per kind found: its help as the check declares it (see :mod:`mtaudit.checks.base`)."""
    severity = next(f["severity"] for f, _ in pairs if f["kind"] == kind)
    text = declared[kind].help if kind in declared and declared[kind].help else f"mtaudit finding of kind '{kind}'."
    return {"id": kind, "name": kind, "shortDescription": {"text": text},
            "defaultConfiguration": {"level": LEVELS.get(severity, "warning")}}


def _result(finding: dict[str, Any], segment: dict[str, Any] | None, index: int, with_baseline: bool) -> dict[str, Any]:
    location = finding_location(finding, segment)
    logical = {"fullyQualifiedName": f"{finding['doc_id']}/{finding['seg_id']}", "kind": "segment"}
    result: dict[str, Any] = {
        "ruleId": finding["kind"],
        "ruleIndex": index,
        "level": LEVELS.get(finding["severity"], "warning"),
        "rank": round(100 * confidence_of(finding), 1),  # SARIF's 0–100 priority: how sure the finding is
        "message": {"text": finding["message"]},
        "locations": [{**({"physicalLocation": _physical(location, finding)} if location else {}),
                       "logicalLocations": [logical]}],
        "partialFingerprints": {"mtauditFinding/v1": _fingerprint(finding)},
        "properties": {k: finding.get(k) for k in ("doc_id", "seg_id", "entry_id", "source_term", "expected",
                                                    "found", "suggestion", "severity", "confidence")},
    }
    if with_baseline:
        result["baselineState"] = "new" if is_new(finding) else "unchanged"
    fix = _fix(location, finding)
    if fix:
        result["fixes"] = [fix]
    return result


def _physical(location: Location, finding: dict[str, Any]) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact(location.file)}
    if location.line is not None:
        region: dict[str, Any] = {"startLine": location.line}
        if location.column is not None:
            region["startColumn"] = location.column
        if location.end_line is not None and location.end_column is not None:
            region["endLine"] = location.end_line
            region["endColumn"] = location.end_column
        if finding.get("found"):
            region["snippet"] = {"text": finding["found"]}
        physical["region"] = region
    return physical


def _artifact(file: str) -> dict[str, Any]:
    """A URI relative to the working directory (the repository root in CI), else absolute."""
    path, inside = workspace_path(file)
    return {"uri": path, "uriBaseId": "%SRCROOT%"} if inside else {"uri": Path(path).as_uri()}


def _fix(location: Location | None, finding: dict[str, Any]) -> dict[str, Any] | None:
    """Replace the wrong span with the suggestion, when both and a precise region are known."""
    if location is None or location.end_column is None or not finding.get("suggestion") or not finding.get("found"):
        return None
    region = {"startLine": location.line, "startColumn": location.column,
              "endLine": location.end_line, "endColumn": location.end_column}
    return {"description": {"text": f"Replace '{finding['found']}' with '{finding['suggestion']}'"},
            "artifactChanges": [{"artifactLocation": _artifact(location.file),
                                 "replacements": [{"deletedRegion": region,
                                                   "insertedContent": {"text": finding["suggestion"]}}]}]}


def _fingerprint(finding: dict[str, Any]) -> str:
    return hashlib.sha256("\x1f".join(finding_key(finding)).encode("utf-8")).hexdigest()[:32]
