"""The JSON report, schema ``mtaudit.report/1`` (a contract, see design.md).

The text is exactly ``json.dumps(result.to_dict(), ensure_ascii=False, indent=2)``, but the
segment and finding tables are written column-wise with the C string encoder: ``json`` falls
back to its pure-Python encoder whenever ``indent`` is set, which made writing a 200k-segment
report take longer than checking it.
"""
from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any, Iterator

from mtaudit.report.base import Writer

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from mtaudit.pipeline import AuditResult

_INFINITY = float("inf")


class JsonWriter(Writer):
    def render(self, result: "AuditResult") -> str:
        return "".join(report_chunks(result))


def report_chunks(result: "AuditResult") -> Iterator[str]:
    """The report text in pieces (one per row of the tables), in order."""
    from mtaudit import __version__
    from mtaudit.pipeline import REPORT_SCHEMA

    yield "{\n"
    yield f'  "schema": {_value(REPORT_SCHEMA, "  ")},\n'
    yield f'  "version": {_value(__version__, "  ")},\n'
    yield f'  "summary": {_value(result.summary, "  ")},\n'
    yield '  "segments": '
    yield from _table(result.segments)
    yield ',\n  "findings": '
    yield from _table(result.findings)
    yield "\n}\n"


def _table(frame: "pd.DataFrame") -> Iterator[str]:
    """A frame as json.dumps(indent=2) writes its records at depth 1, missing values as null."""
    from mtaudit.pipeline import _is_missing, _records

    if len(frame) == 0:
        yield "[]"
        return
    if not all(isinstance(column, str) for column in frame.columns):
        yield _value(_records(frame), "  ")
        return
    keys = [f"      {encode_basestring(column)}: " for column in frame.columns]
    columns = [frame[column].tolist() for column in frame.columns]
    yield "[\n"
    first = True
    for values in zip(*columns):
        fields = ",\n".join(key + ("null" if _is_missing(value) else _value(value, "      "))
                            for key, value in zip(keys, values))
        yield ("    {\n" if first else ",\n    {\n") + fields + "\n    }"
        first = False
    yield "\n  ]"


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
