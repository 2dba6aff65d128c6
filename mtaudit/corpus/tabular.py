"""CSV and TSV bilingual files: a header row with ``source`` and ``target``.

Read as a stream of decoded lines, so a file larger than memory is never read whole.
"""
from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mtaudit.corpus.base import Reader
from mtaudit.corpus.encoding import iter_lines
from mtaudit.errors import InputError

REQUIRED = ("source", "target")
OPTIONAL = ("id", "doc_id", "reference", "field")


class TabularReader(Reader):
    name = "csv"
    extensions = (".csv", ".tsv")
    summary = "CSV/TSV with a header row: source, target, optional id, doc_id, reference"

    def rows(self, path: Path, doc_id: str) -> Iterator[dict[str, Any]]:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
        reader = csv.reader(iter_lines(path), delimiter=delimiter, strict=True)
        header = _read_header(reader, path)
        width = len(header)
        position = 0
        line = reader.line_num + 1  # where the next record starts
        while (record := _next_record(reader, path, line)) is not None:
            if any(cell.strip() for cell in record):
                if len(record) != width:
                    raise InputError(f"row has {len(record)} fields, the header has {width}", path, line)
                position += 1
                yield _row(dict(zip(header, record)), doc_id, position, path, line)
            line = reader.line_num + 1


def _next_record(reader: csv._reader, path: Path, line: int) -> list[str] | None:
    """The next record, or None at the end; a CSV syntax error (an unclosed quote) names its row."""
    try:
        return next(reader, None)
    except csv.Error as exc:
        raise InputError(f"malformed CSV row: {exc}", path, line) from None


def _read_header(reader: csv._reader, path: Path) -> list[str]:
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except StopIteration:
        raise InputError("file is empty", path) from None
    except csv.Error as exc:
        raise InputError(f"malformed header: {exc}", path, 1) from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(
            f"header lacks column(s) {', '.join(missing)} (found: {', '.join(header) or 'none'})", path, 1
        )
    return header


def _row(record: dict[str, str], doc_id: str, position: int, path: Path, line: int) -> dict[str, Any]:
    return {
        "doc_id": record.get("doc_id") or doc_id,
        "seg_id": record.get("id") or str(position),
        "source": record["source"],
        "target": record["target"],
        "reference": record.get("reference") or None,
        "field": record.get("field") or None,
        "source_file": str(path),
        "source_line": line,
        "target_file": str(path),
        "target_line": line,
    }
