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
        record_lines: list[str] = []  # the raw lines of the record just read, for target_column
        reader = csv.reader(_recorded(iter_lines(path), record_lines), delimiter=delimiter, strict=True)
        header = _read_header(reader, path)
        width = len(header)
        index = {name: i for i, name in enumerate(header)}  # the last of a repeated name, as dict(zip()) did
        target = index["target"]
        columns = [index["source"], target] + [index.get(name, -1) for name in OPTIONAL]
        file = str(path)
        position = 0
        line = reader.line_num + 1  # where the next record starts
        record_lines.clear()
        while (record := _next_record(reader, path, line)) is not None:
            if any(map(str.strip, record)):
                if len(record) != width:
                    raise InputError(f"row has {len(record)} fields, the header has {width}", path, line)
                position += 1
                source, text, seg_id, doc, reference, field = (record[i] if i >= 0 else None for i in columns)
                target_line, target_column = _target_position(record, target, record_lines, delimiter, line)
                yield {
                    "doc_id": doc or doc_id,
                    "seg_id": seg_id or str(position),
                    "source": source,
                    "target": text,
                    "reference": reference or None,
                    "field": field or None,
                    "source_file": file,
                    "source_line": line,
                    "target_file": file,
                    "target_line": target_line,
                    "target_column": target_column,
                }
            line = reader.line_num + 1
            record_lines.clear()


def _recorded(lines: Iterator[str], into: list[str]) -> Iterator[str]:
    """``lines``, each also appended to ``into`` (cleared by the caller after each record)."""
    for text in lines:
        into.append(text)
        yield text


def _target_position(record: list[str], target: int, lines: list[str], delimiter: str,
                     line: int) -> tuple[int | None, int | None]:
    """Line and column (1-based, code points) where the target cell's text starts: after its opening
    quote when quoted. None for an empty target, as there is no text to point at."""
    if not record[target]:
        return None, None
    if len(lines) == 1 and '"' not in lines[0]:  # one line, nothing quoted: cells follow each other
        return line, sum(map(len, record[:target])) + target + 1
    text = "".join(lines)
    offset = _cell_start(text, target, delimiter)
    breaks = text.count("\n", 0, offset)
    return line + breaks, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _cell_start(text: str, cell: int, delimiter: str) -> int:
    """Offset in the raw record ``text`` (already parsed by ``csv``, so well formed) where the
    content of cell number ``cell`` starts."""
    offset = 0
    for _ in range(cell):
        if text.startswith('"', offset):  # quoted: ends at a quote not doubled
            offset += 1
            while (offset := text.index('"', offset) + 1) < len(text) and text[offset] == '"':
                offset += 1
        offset = text.index(delimiter, offset) + 1
    return offset + 1 if text.startswith('"', offset) else offset


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
