"""The JSON report, schema ``mtaudit.report/1`` (a contract, see design.md).

The text is exactly ``json.dumps(result.to_dict(), ensure_ascii=False, indent=2)``, but the
segment and finding tables are written column-wise with the C string encoder: ``json`` falls
back to its pure-Python encoder whenever ``indent`` is set, which made writing a 200k-segment
report take longer than checking it. The text is produced in chunks, so a report file is
written as it is encoded and never held whole in memory; the tables of a streamed audit are
read back chunk by chunk (:meth:`mtaudit.pipeline.AuditResult.segment_chunks`).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtaudit.report.base import Writer

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from mtaudit.pipeline import AuditResult

_INFINITY = float("inf")


class JsonWriter(Writer):
    def render(self, result: "AuditResult") -> str:
        return "".join(report_chunks(result))

    def outputs(self, result: "AuditResult", path: Path) -> dict[Path, Iterable[str]]:
        """The report as chunks, written as they are encoded: never held whole in memory."""
        return {path: report_chunks(result)}

    def chunks(self, result: "AuditResult") -> Iterable[str]:
        return report_chunks(result)


def report_chunks(result: "AuditResult") -> Iterator[str]:
    """The report text in pieces (a few thousand table rows each), in order."""
    from mtaudit import __version__
    from mtaudit.pipeline import REPORT_SCHEMA

    yield "{\n"
    yield f'  "schema": {_value(REPORT_SCHEMA, "  ")},\n'
    yield f'  "version": {_value(__version__, "  ")},\n'
    yield f'  "summary": {_value(result.summary, "  ")},\n'
    yield '  "segments": '
    yield from _table(result.segment_chunks())
    yield ',\n  "findings": '
    yield from _table(result.finding_chunks())
    yield "\n}\n"


#: Table rows encoded and yielded together.
CHUNK_ROWS = 4096


def _table(frames: Iterable["pd.DataFrame"]) -> Iterator[str]:
    """A table, given in pieces with the same columns, as json.dumps(indent=2) writes its records
    at depth 1, missing values as null.

    Encoded column by column, a chunk of rows at a time, and joined row by row with one
    ``%`` template: the per-value work is a C call for string and integer columns.
    """
    from mtaudit.pipeline import _records

    opened = False
    for frame in frames:
        if not all(isinstance(column, str) for column in frame.columns):
            yield _value(_records(frame), "  ")
            return
        template = "    {\n" + ",\n".join(
            f"      {encode_basestring(column).replace('%', '%%')}: %s" for column in frame.columns) + "\n    }"
        for start in range(0, len(frame), CHUNK_ROWS):
            chunk = frame.iloc[start:start + CHUNK_ROWS]
            encoded = [_column(chunk.iloc[:, i].tolist()) for i in range(chunk.shape[1])]
            yield (",\n" if opened else "[\n") + ",\n".join([template % row for row in zip(*encoded)])
            opened = True
    yield "\n  ]" if opened else "[]"


_NONE = type(None)


def _column(values: list[Any]) -> list[str]:
    """Each value of one column as JSON, nested at the depth of a table row's fields."""
    from mtaudit.pipeline import _is_missing

    types = set(map(type, values))
    if types == {_NONE}:
        return ["null"] * len(values)
    if types == {str}:
        return list(map(encode_basestring, values))
    if types == {int}:
        return list(map(int.__repr__, values))
    if types <= {str, _NONE}:
        return ["null" if value is None else encode_basestring(value) for value in values]
    if types <= {int, _NONE}:
        return ["null" if value is None else int.__repr__(value) for value in values]
    return ["null" if _is_missing(value) else _value(value, "      ") for value in values]


def _value(value: Any, indent: str) -> str:
    """One JSON value as json.dumps(indent=2) writes it nested at ``indent``."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    if isinstance(value, float) and value == value and value not in (_INFINITY, -_INFINITY):
        return float.__repr__(value)
    text = json.dumps(value, ensure_ascii=False, indent=2, default=_default)
    return text.replace("\n", "\n" + indent)


def _default(value: object) -> object:
    """Numpy scalars and other stragglers become plain JSON values."""
    if hasattr(value, "item"):
        return value.item()  # type: ignore[no-any-return]
    return str(value)
