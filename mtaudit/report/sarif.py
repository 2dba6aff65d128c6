"""SARIF 2.1.0, the format code-scanning tools (GitHub, GitLab, Azure DevOps) read.

The rule id is the finding kind; each result points at the file, line and column of the wrong
text in the target (columns count Unicode code points, declared by ``columnKind``), carries the
suggestion as a fix, a fingerprint that ignores line numbers (the baseline key), and
``baselineState`` when a baseline was used. A finding with no wrong text to point at (``missing``)
points at its whole target segment, with the source term in the source file as a related location
(the primary one when the target's place is unknown).

File URIs are relative to the repository root, as code scanning resolves them (``--sarif-root``,
else the git top level of the input, else the working directory), under the ``%SRCROOT%`` base id
that ``originalUriBaseIds`` defines (as CodeQL writes it); a file outside the root gets an absolute ``file:`` URI.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from mtaudit.baseline import finding_key
from mtaudit.checks import finding_kinds
from mtaudit.report.base import Writer, confidence_of, findings_with_segments, is_new
from mtaudit.report.locations import (
    Location,
    finding_location,
    relative_to,
    repository_root,
    segment_location,
    source_location,
)
from mtaudit.result import finite
from mtaudit.version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from mtaudit.result import AuditResult

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
#: The base id of every relative URI: the repository root (the name CodeQL gives it).
ROOT_ID = "%SRCROOT%"


class SarifWriter(Writer):
    def render(self, result: AuditResult) -> str:
        pairs = findings_with_segments(result)
        kinds = list(dict.fromkeys(f["kind"] for f, _ in pairs))
        declared = finding_kinds()
        with_baseline = bool(result.summary.get("baseline"))
        files = Artifacts(repository_root(_files(pairs), self.options.sarif_root))
        run = {
            "tool": {
                "driver": {
                    "name": "mtaudit",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "rules": [_rule(kind, pairs, declared) for kind in kinds],
                }
            },
            "originalUriBaseIds": {ROOT_ID: {"uri": files.root.as_uri().rstrip("/") + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": [_result(f, s, kinds.index(f["kind"]), with_baseline, files) for f, s in pairs],
            "invocations": [
                {
                    "executionSuccessful": True,
                    "toolExecutionNotifications": [
                        {"level": "note", "message": {"text": n}} for n in result.summary.get("notices", [])
                    ],
                }
            ],
            "properties": finite(
                {"gate": result.summary.get("gate", {}), "segments": result.summary.get("segments", 0)}
            ),
        }
        # compact: the C encoder is ~10x faster than indenting, and code-scanning uploads are size-limited
        log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
        return json.dumps(log, ensure_ascii=False, separators=(",", ":")) + "\n"


class Artifacts:
    """Artifact locations relative to the repository root."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def location(self, file: str) -> dict[str, Any]:
        """A URI relative to the root under its base id; an absolute ``file:`` URI outside it."""
        path = relative_to(file, self.root)
        if path is None:
            return {"uri": Path(file).resolve().as_uri()}
        return {"uri": quote(path), "uriBaseId": ROOT_ID}


def _files(pairs: list[tuple[dict[str, Any], Any]]) -> list[str]:
    """The files the segments of findings come from, target sides first."""
    files = [
        str(s[key]) for key in ("target_file", "source_file") for _, s in pairs if s and isinstance(s.get(key), str)
    ]
    return list(dict.fromkeys(files))


def _rule(kind: str, pairs: list[tuple[dict[str, Any], Any]], declared: dict[str, Any]) -> dict[str, Any]:
    """A rule per kind found: its help as the check declares it (see :mod:`mtaudit.checks.base`)."""
    severity = next(f["severity"] for f, _ in pairs if f["kind"] == kind)
    text = declared[kind].help if kind in declared else f"mtaudit finding of kind '{kind}'."
    return {
        "id": kind,
        "name": kind,
        "shortDescription": {"text": text},
        "defaultConfiguration": {"level": LEVELS.get(severity, "warning")},
    }


def _result(
    finding: dict[str, Any], segment: dict[str, Any] | None, index: int, with_baseline: bool, files: Artifacts
) -> dict[str, Any]:
    location = finding_location(finding, segment)
    logical = {"fullyQualifiedName": f"{finding['doc_id']}/{finding['seg_id']}", "kind": "segment"}
    result: dict[str, Any] = {
        "ruleId": finding["kind"],
        "ruleIndex": index,
        "level": LEVELS.get(finding["severity"], "warning"),
        "rank": round(100 * confidence_of(finding), 1),  # SARIF's 0–100 priority: how sure the finding is
        "message": {"text": finding["message"]},
        "locations": [{**_physical_of(finding, segment, location, files), "logicalLocations": [logical]}],
        "partialFingerprints": {"mtauditFinding/v1": _fingerprint(finding)},
        "properties": {
            k: finding.get(k)
            for k in (
                "doc_id",
                "seg_id",
                "entry_id",
                "source_term",
                "expected",
                "found",
                "suggestion",
                "severity",
                "confidence",
            )
        },
    }
    related = _related(finding, segment, files)
    if related:
        result["relatedLocations"] = related
    if with_baseline:
        result["baselineState"] = "new" if is_new(finding) else "unchanged"
    fix = _fix(location, finding, files)
    if fix:
        result["fixes"] = [fix]
    return result


def _physical_of(
    finding: dict[str, Any], segment: dict[str, Any] | None, location: Location | None, files: Artifacts
) -> dict[str, Any]:
    """The wrong text; for a finding without one, its target segment, else its source term."""
    if not _has_span(finding):
        location = segment_location(segment) if _target_text(segment) else None
        location = location or source_location(finding, segment)
        snippet = None
    else:
        snippet = finding.get("found")
    return {"physicalLocation": _physical(location, snippet, files)} if location else {}


def _related(finding: dict[str, Any], segment: dict[str, Any] | None, files: Artifacts) -> list[dict[str, Any]]:
    """The source term in the source file, for a finding the target has no text for."""
    if _has_span(finding) or not finding.get("source_term") or not _target_text(segment):
        return []
    location = source_location(finding, segment)
    if location is None or segment_location(segment) is None:
        return []
    return [
        {
            "id": 1,
            "physicalLocation": _physical(location, finding["source_term"] if location.end_column else None, files),
            "message": {"text": f"the source term {finding['source_term']}"},
        }
    ]


def _has_span(finding: dict[str, Any]) -> bool:
    span = finding.get("target_span")
    return bool(span) and len(span or ()) == 2


def _target_text(segment: dict[str, Any] | None) -> bool:
    return bool(segment and segment.get("target"))


def _physical(location: Location, snippet: str | None, files: Artifacts) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": files.location(location.file)}
    if location.line is not None:
        region: dict[str, Any] = {"startLine": location.line}
        if location.column is not None:
            region["startColumn"] = location.column
        if location.end_line is not None and location.end_column is not None:
            region["endLine"] = location.end_line
            region["endColumn"] = location.end_column
        if snippet:
            region["snippet"] = {"text": snippet}
        physical["region"] = region
    return physical


def _fix(location: Location | None, finding: dict[str, Any], files: Artifacts) -> dict[str, Any] | None:
    """Replace the wrong span with the suggestion, when both and a precise region are known."""
    if location is None or location.end_column is None or not finding.get("suggestion") or not finding.get("found"):
        return None
    region = {
        "startLine": location.line,
        "startColumn": location.column,
        "endLine": location.end_line,
        "endColumn": location.end_column,
    }
    return {
        "description": {"text": f"Replace '{finding['found']}' with '{finding['suggestion']}'"},
        "artifactChanges": [
            {
                "artifactLocation": files.location(location.file),
                "replacements": [{"deletedRegion": region, "insertedContent": {"text": finding["suggestion"]}}],
            }
        ],
    }


def _fingerprint(finding: dict[str, Any]) -> str:
    return hashlib.sha256("\x1f".join(finding_key(finding)).encode("utf-8")).hexdigest()[:32]
