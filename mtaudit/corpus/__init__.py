"""Corpus stage: turn input files into the segment table.

Formats are a registry (name → module, class, summary); a reader is imported only when a file of
its kind is read. Adding a format is one module, one line here and its contract test.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mtaudit.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from mtaudit.corpus.base import Reader


@dataclass(frozen=True)
class ReaderSpec:
    module: str
    cls: str
    extensions: tuple[str, ...]
    summary: str

    def load(self) -> "Reader":
        return getattr(importlib.import_module(self.module), self.cls)()


READERS: dict[str, ReaderSpec] = {
    "csv": ReaderSpec("mtaudit.corpus.tabular", "TabularReader", (".csv", ".tsv"), "CSV/TSV with source and target columns"),
    "jsonl": ReaderSpec("mtaudit.corpus.jsonl", "JsonlReader", (".jsonl", ".ndjson"), "JSON Lines with source and target keys"),
}


def reader_for(path: Path) -> "Reader":
    """Pick the reader by file extension."""
    suffix = path.suffix.lower()
    for spec in READERS.values():
        if suffix in spec.extensions:
            return spec.load()
    known = ", ".join(sorted(ext for spec in READERS.values() for ext in spec.extensions))
    raise InputError(f"unsupported input format '{suffix or path.name}' (supported: {known})", path)


def load_corpus(input_path: str | Path, target_path: str | Path | None = None) -> "pd.DataFrame":
    """Read INPUT (and optionally a TARGET side) into a validated segment table."""
    from mtaudit.segments import segment_table, validate_segments

    path = Path(input_path)
    if target_path is not None:
        raise InputError("two-sided inputs (INPUT TARGET) are not supported yet", target_path)
    if not path.exists():
        raise InputError("file not found", path)
    rows = reader_for(path).rows(path, doc_id=path.stem)
    return validate_segments(segment_table(rows), str(path))
