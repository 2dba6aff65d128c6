"""The JSON report, schema ``mtaudit.report/1`` (a contract, see design.md)."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from mtaudit.report.base import Writer

if TYPE_CHECKING:  # pragma: no cover
    from mtaudit.pipeline import AuditResult


class JsonWriter(Writer):
    def render(self, result: "AuditResult") -> str:
        return json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=_default) + "\n"


def _default(value: object) -> object:
    """Numpy scalars and other stragglers become plain JSON values."""
    if hasattr(value, "item"):
        return value.item()  # type: ignore[no-any-return]
    return str(value)
