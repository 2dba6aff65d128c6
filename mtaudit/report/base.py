"""The writer interface: one class per report format."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mtaudit.files import Content
from mtaudit.options import ReportOptions
from mtaudit.result import AuditResult, records


class Writer:
    """Renders an :class:`AuditResult`; subclasses implement :meth:`render`.

    Formats that write more than one file (the tabular ones) override :meth:`outputs`.
    """

    def __init__(self, options: ReportOptions | None = None) -> None:
        self.options = options or ReportOptions()

    def render(self, result: AuditResult) -> str | bytes:
        raise NotImplementedError

    def outputs(self, result: AuditResult, path: Path) -> dict[Path, Content]:
        """The files to write for ``path``: rendered, or text chunks rendered as they are written."""
        return {path: self.render(result)}

    def paths(self, path: Path) -> list[Path]:
        """The files :meth:`outputs` writes for ``path``, known before the audit (to check them first)."""
        return [path]

    def require(self) -> None:
        """Refuse, before any work, a format this installation cannot write (a missing optional
        dependency): a ConfigError saying what to install."""

    def chunks(self, result: AuditResult) -> Iterable[str | bytes]:
        """The report in pieces, for a stream (stdout): the rendered text in one piece unless a
        format can do better."""
        return [self.render(result)]


def findings_with_segments(result: AuditResult) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Each finding (a plain dict, None for missing values) with the segment it was found in; only
    those segments become dicts (a large table has far more segments than findings), read chunk
    by chunk."""
    findings = records(result.findings)
    keys = {(f["doc_id"], f["seg_id"]) for f in findings}
    segments: dict[tuple[Any, Any], dict[str, Any]] = {}
    for frame in result.segment_chunks() if keys else ():
        wanted = [key in keys for key in zip(frame["doc_id"].tolist(), frame["seg_id"].tolist(), strict=True)]
        segments.update(((s["doc_id"], s["seg_id"]), s) for s in records(frame[wanted]))
    return [(f, segments.get((f["doc_id"], f["seg_id"]))) for f in findings]


def by_confidence(pairs: list[tuple[dict[str, Any], Any]]) -> list[tuple[dict[str, Any], Any]]:
    """Findings most sure first (report order among equals), as people read them."""
    return sorted(pairs, key=lambda pair: -confidence_of(pair[0]))


def confidence_of(finding: dict[str, Any]) -> float:
    """A finding's confidence (1 for reports written before findings carried one)."""
    value = finding.get("confidence")
    return 1.0 if value is None else float(value)


def is_new(finding: dict[str, Any]) -> bool:
    """Not accepted by a baseline."""
    return not finding.get("baseline")
