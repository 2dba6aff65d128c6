"""The findings and segment tables as CSV or Parquet, for spreadsheets and data tools.

``NAME.csv`` holds the findings and ``NAME.segments.csv`` the segments (likewise ``.parquet``).
In CSV, list values (``target_span``) are written as JSON (``[4, 10]``), and a text cell that a
spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab or CR first) gets a ``'``
before it (OWASP's advice against CSV injection, :func:`mtaudit.files.spreadsheet_text`). Parquet
keeps lists as lists and carries the report summary as JSON in the file's key-value metadata
(``mtaudit.summary``).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtaudit.errors import ConfigError
from mtaudit.files import Content, spreadsheet_text
from mtaudit.report.base import Writer

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from mtaudit.result import AuditResult


def segments_path(path: Path) -> Path:
    """``report.csv`` → ``report.segments.csv``."""
    return path.with_name(f"{path.stem}.segments{path.suffix}")


class CsvWriter(Writer):
    """``render`` (stdout) gives the findings; a file gets the segments beside it."""

    def render(self, result: AuditResult) -> str:
        return _csv(result.findings)

    def outputs(self, result: AuditResult, path: Path) -> dict[Path, Content]:
        """The segments written chunk by chunk (a streamed audit's are never gathered)."""
        chunks = (_csv(frame, header=index == 0) for index, frame in enumerate(result.segment_chunks()))
        return {path: _csv(result.findings), segments_path(path): chunks}

    def paths(self, path: Path) -> list[Path]:
        return [path, segments_path(path)]


class ParquetWriter(Writer):
    def render(self, result: AuditResult) -> bytes:
        return _parquet(result.findings, result.summary)

    def outputs(self, result: AuditResult, path: Path) -> dict[Path, Content]:
        return {
            path: _parquet(result.findings, result.summary),
            segments_path(path): _parquet(result.segments, result.summary),
        }

    def paths(self, path: Path) -> list[Path]:
        return [path, segments_path(path)]

    def require(self) -> None:
        _pyarrow()


def _csv(frame: pd.DataFrame, header: bool = True) -> str:
    frame = frame.copy()
    carriage_return = False
    for column in frame.columns:
        cells = [_cell(v) for v in frame[column]]
        carriage_return = carriage_return or any(isinstance(cell, str) and "\r" in cell for cell in cells)
        frame[column] = cells
    frame.columns = [spreadsheet_text(str(column)) for column in frame.columns]
    # csv quotes a cell holding the line terminator (LF) but not a bare CR, which readers take for
    # the end of a row: a chunk holding one has every cell quoted
    if carriage_return:
        return frame.to_csv(index=False, header=header, lineterminator="\n", quoting=csv.QUOTE_ALL)
    return frame.to_csv(index=False, header=header, lineterminator="\n")


def _cell(value: Any) -> Any:
    """Lists as JSON, text neutralised for spreadsheets, numbers and missing values as they are."""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value)
    return spreadsheet_text(value) if isinstance(value, str) else value


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa  # an optional extra (parquet): imported only for that format
        import pyarrow.parquet as pq
    except ImportError:
        raise ConfigError("the parquet format needs pyarrow: pip install 'mtaudit[parquet]'") from None
    return pa, pq


def _parquet(frame: pd.DataFrame, summary: dict[str, Any]) -> bytes:
    pa, pq = _pyarrow()
    table = pa.Table.from_pandas(_arrow_ready(frame, pa), preserve_index=False)
    metadata = {**(table.schema.metadata or {}), b"mtaudit.summary": json.dumps(summary, default=str).encode("utf-8")}
    buffer = io.BytesIO()
    pq.write_table(table.replace_schema_metadata(metadata), buffer)
    return buffer.getvalue()


def _arrow_ready(frame: pd.DataFrame, pa: Any) -> pd.DataFrame:
    """Columns Arrow cannot type (mixed ints and strings) become strings; None stays null."""
    frame = frame.copy()
    for column in frame.columns:
        try:
            pa.array(frame[column].tolist(), from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            frame[column] = [None if v is None or v != v else str(v) for v in frame[column].tolist()]
    return frame
