"""The JSON report, schema ``mtaudit.report/1`` (a contract, see design.md): the result's own
serialisation (:func:`mtaudit.result.report_chunks`), written as it is encoded."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from mtaudit.files import Content
from mtaudit.report.base import Writer
from mtaudit.result import AuditResult, report_chunks


class JsonWriter(Writer):
    def render(self, result: AuditResult) -> str:
        return result.to_json()

    def outputs(self, result: AuditResult, path: Path) -> dict[Path, Content]:
        """The report as chunks, written as they are encoded: never held whole in memory."""
        return {path: report_chunks(result)}

    def chunks(self, result: AuditResult) -> Iterable[str]:
        return report_chunks(result)
