"""Report stage: a registry of output formats (name → module, class, summary), imported lazily.

Every report is written atomically: to a temporary file beside the destination, then renamed,
so a failing run never leaves a half-written report.
"""
from __future__ import annotations

import importlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtaudit.errors import ConfigError

if TYPE_CHECKING:  # pragma: no cover
    from mtaudit.pipeline import AuditResult


@dataclass(frozen=True)
class WriterSpec:
    module: str
    cls: str
    extension: str
    summary: str

    def load(self) -> Any:
        return getattr(importlib.import_module(self.module), self.cls)()


WRITERS: dict[str, WriterSpec] = {
    "json": WriterSpec("mtaudit.report.json_report", "JsonWriter", ".json", "the JSON report (schema mtaudit.report/1)"),
    "markdown": WriterSpec("mtaudit.report.markdown", "MarkdownWriter", ".md", "Markdown summary, fit for a pull-request comment"),
}


def render(result: "AuditResult", fmt: str) -> str:
    if fmt not in WRITERS:
        raise ConfigError(f"unknown report format '{fmt}' (known: {', '.join(WRITERS)})")
    return WRITERS[fmt].load().render(result)


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file and rename; nothing partial is ever left."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_report(result: "AuditResult", fmt: str, path: str | Path) -> None:
    write_atomic(path, render(result, fmt))
