"""The result of an audit and the JSON report contract, both ways (schema ``mtaudit.report/1``, see
design.md): :class:`AuditResult` with its segment and finding tables and summary, the records the
report holds, the report's text (:func:`report_chunks`) and reading it back (:func:`load_report`).

Everything above the checks that handles findings as records reads them here: the report formats,
the baseline, the pipeline and the notebook.

The JSON text is exactly ``json.dumps(result.to_dict(), ensure_ascii=False, indent=2)``, but the
segment and finding tables are written column-wise with the C string encoder: ``json`` falls
back to its pure-Python encoder whenever ``indent`` is set, which made writing a 200k-segment
report take longer than checking it. The text is produced in chunks, so a report file is written
as it is encoded and never held whole in memory; the tables of a streamed audit are read back
chunk by chunk (:meth:`AuditResult.segment_chunks`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import cached_property
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

import pandas as pd
from pandas.core.dtypes.cast import maybe_box_native  # type: ignore[attr-defined]  # internal, not in pandas-stubs

from mtaudit.errors import InputError
from mtaudit.findings import FINDING_KEYS, Finding
from mtaudit.segments import SEGMENT_COLUMNS
from mtaudit.tables import Tables
from mtaudit.version import __version__

REPORT_SCHEMA = "mtaudit.report/1"


class AuditResult:
    """What an audit produced: the segment and finding tables and the summary.

    The tables of an audit that streamed its input stay where it kept them (see
    :class:`mtaudit.tables.Tables`) until asked for: the JSON report reads them chunk by chunk.
    """

    def __init__(
        self,
        segments: pd.DataFrame | None = None,
        findings: pd.DataFrame | None = None,
        summary: dict[str, Any] | None = None,
        *,
        tables: Tables | None = None,
    ) -> None:
        self.summary: dict[str, Any] = summary if summary is not None else {}
        self._tables = tables
        if segments is not None:
            self.segments = segments
        if findings is not None:
            self.findings = findings

    @cached_property
    def segments(self) -> pd.DataFrame:
        return self._kept().segments()

    @cached_property
    def findings(self) -> pd.DataFrame:
        return self._kept().findings()

    def _kept(self) -> Tables:
        if self._tables is None:
            raise ValueError("an AuditResult needs its tables, or the tables kept aside")
        return self._tables

    def segment_chunks(self) -> Iterable[pd.DataFrame]:
        """The segment table in pieces, in order, without gathering a streamed audit's into one."""
        if "segments" in self.__dict__ or self._tables is None:
            return [self.segments]
        return self._tables.segment_chunks()

    def segment_values(self, column: str) -> Iterator[Any]:
        """One column of the segment table, value by value, read chunk by chunk (nothing when absent)."""
        for chunk in self.segment_chunks():
            if column not in chunk.columns:
                return
            yield from chunk[column].tolist()

    def finding_chunks(self) -> Iterable[pd.DataFrame]:
        """The finding table in pieces, in order (see :meth:`segment_chunks`)."""
        if "findings" in self.__dict__ or self._tables is None:
            return [self.findings]
        return self._tables.finding_chunks()

    @property
    def passed(self) -> bool:
        return bool(self.summary["gate"]["passed"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": REPORT_SCHEMA,
            "version": __version__,
            "summary": self.summary,
            "segments": records(self.segments),
            "findings": records(self.findings),
        }

    def to_json(self) -> str:
        """The JSON report (the text ``mtaudit audit --format json`` writes)."""
        return "".join(report_chunks(self))


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts with None for missing values (JSON null, not NaN), as
    ``frame.to_dict("records")`` gives them but built column by column (5x faster)."""
    keys = list(frame.columns)
    if not keys:
        return [{} for _ in range(len(frame))]
    columns = []
    for i in range(len(keys)):
        values = frame.iloc[:, i].tolist()
        if not set(map(type, values)) <= _PLAIN_TYPES:
            values = [None if is_missing(v) else maybe_box_native(v) for v in values]
        columns.append(values)
    return [dict(zip(keys, row, strict=True)) for row in zip(*columns, strict=True)]


#: Cell types :func:`records` passes on as they are (nothing to box or turn into None).
_PLAIN_TYPES = {str, int, bool, type(None), list, dict}


def is_missing(value: Any) -> bool:
    """None, NaN or pandas' NA: a cell with no value."""
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


def findings_table(findings: Iterable[Finding]) -> pd.DataFrame:
    """Findings as a table of object columns, None for every missing value (whatever pandas
    inferred for a column, so that tables built chunk by chunk hold what one table would)."""
    rows = [f.to_dict() for f in findings]
    frame = pd.DataFrame.from_records(rows) if rows else pd.DataFrame(columns=list(FINDING_KEYS))
    frame = frame.astype(object)
    return frame.where(frame.notna(), None)


def load_report(path: str | Path) -> AuditResult:
    """Read a JSON report back into an :class:`AuditResult` with DataFrames; anything that is not
    one (not a file, not UTF-8 JSON, nested past the parser's depth, tables that are not lists of
    objects) is an InputError naming the file."""
    path = Path(path)
    data = _report_data(path)
    if not isinstance(data, dict) or data.get("schema") != REPORT_SCHEMA:
        raise InputError(f"not an mtaudit report (schema is not {REPORT_SCHEMA})", path)
    if not isinstance(data.get("summary"), dict):
        raise InputError("not an mtaudit report: 'summary' is not an object", path)
    for key in ("segments", "findings"):
        rows = data.get(key)
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise InputError(f"not an mtaudit report: '{key}' is not a list of objects", path)
    segments = _frame(data["segments"], SEGMENT_COLUMNS)
    return AuditResult(segments, _frame(data["findings"], FINDING_KEYS), data["summary"])


def _report_data(path: Path) -> Any:
    try:
        if not path.is_file():
            raise InputError("report not found" if not path.exists() else "not a regular file (a report is one)", path)
        return json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError("not a JSON report: not UTF-8 text (binary?)", path) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"not a JSON report: {exc.msg}", path, exc.lineno) from None
    except RecursionError:
        raise InputError("not a JSON report: nested too deeply", path) from None
    except OSError as exc:
        raise InputError(f"cannot read the report: {exc.strerror or exc}", path) from None


def _frame(rows: list[dict[str, Any]], columns: Iterable[str]) -> pd.DataFrame:
    """Object columns keep ints, lists and None as written, so a report round-trips."""
    if not rows:
        return pd.DataFrame(columns=list(columns), dtype=object)
    return pd.DataFrame(rows, dtype=object)


def report_chunks(result: AuditResult) -> Iterator[str]:
    """The JSON report's text in pieces (a few thousand table rows each), in order."""
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
_INFINITY = float("inf")
_NONE = type(None)


def _table(frames: Iterable[pd.DataFrame]) -> Iterator[str]:
    """A table, given in pieces with the same columns, as json.dumps(indent=2) writes its records
    at depth 1, missing values as null.

    Encoded column by column, a chunk of rows at a time, and joined row by row with one
    ``%`` template: the per-value work is a C call for string and integer columns.
    """
    opened = False
    for frame in frames:
        if not all(isinstance(column, str) for column in frame.columns):
            yield _value(records(frame), "  ")
            return
        template = (
            "    {\n"
            + ",\n".join(f"      {encode_basestring(column).replace('%', '%%')}: %s" for column in frame.columns)
            + "\n    }"
        )
        for start in range(0, len(frame), CHUNK_ROWS):
            chunk = frame.iloc[start : start + CHUNK_ROWS]
            encoded = [_column(chunk.iloc[:, i].tolist()) for i in range(chunk.shape[1])]
            yield (",\n" if opened else "[\n") + ",\n".join([template % row for row in zip(*encoded, strict=True)])
            opened = True
    yield "\n  ]" if opened else "[]"


def _column(values: list[Any]) -> list[str]:
    """Each value of one column as JSON, nested at the depth of a table row's fields."""
    types = set(map(type, values))
    if types == {_NONE}:
        return ["null"] * len(values)
    if types == {str}:
        if values.count(values[0]) == len(values):  # one value throughout (a file name): encoded once
            return [encode_basestring(values[0])] * len(values)
        return list(map(encode_basestring, values))
    if types == {int}:
        return list(map(int.__repr__, values))
    if types <= {str, _NONE}:
        return ["null" if value is None else encode_basestring(value) for value in values]
    if types <= {int, _NONE}:
        return ["null" if value is None else int.__repr__(value) for value in values]
    return ["null" if is_missing(value) else _value(value, "      ") for value in values]


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
    if type(value) is list and set(map(type, value)) <= _FLAT_ITEM_TYPES:
        return _flat_list(value, indent)
    text = json.dumps(finite(value), ensure_ascii=False, indent=2, allow_nan=False, default=json_default)
    return text.replace("\n", "\n" + indent)


#: Items of a list :func:`_flat_list` writes itself (a finding's span and evidence): json.dumps
#: with ``indent`` would run its pure-Python encoder for each one (40% of a report's writing).
_FLAT_ITEM_TYPES = {str, int, bool, _NONE}
_FLAT_ATOMS: dict[Any, str] = {True: "true", False: "false", None: "null"}


def _flat_list(items: list[Any], indent: str) -> str:
    """A list of strings, integers, booleans and None as json.dumps(indent=2) writes it at ``indent``."""
    if not items:
        return "[]"
    inner = ",\n" + indent + "  "
    encoded = [
        encode_basestring(item) if type(item) is str else int.__repr__(item) if type(item) is int else _FLAT_ATOMS[item]
        for item in items
    ]
    return "[\n" + indent + "  " + inner.join(encoded) + "\n" + indent + "]"


def finite(value: Any) -> Any:
    """``value`` with every NaN and infinity (and numpy scalar) in it as JSON can hold it: a
    non-finite number becomes null. RFC 8259 has no NaN: a report holding one is not JSON."""
    if isinstance(value, float):
        return value if value == value and value not in (_INFINITY, -_INFINITY) else None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(item) for item in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return finite(value.item())
    return value


def json_default(value: object) -> object:
    """Numpy scalars and other stragglers become plain JSON values."""
    if hasattr(value, "item"):
        return finite(value.item())
    return str(value)
