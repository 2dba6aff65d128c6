"""CSV and TSV bilingual files: a header row with ``source`` and ``target``.

Read as a stream of decoded lines, so a file larger than memory is never read whole.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from itertools import islice, tee
from operator import itemgetter
from pathlib import Path
from typing import Any, cast

from mtaudit.corpus.base import Reader
from mtaudit.encoding import iter_lines
from mtaudit.errors import InputError
from mtaudit.segments import lacking_columns

OPTIONAL = ("id", "doc_id", "reference", "field", "mt")


class TabularReader(Reader):
    name = "csv"
    extensions = (".csv", ".tsv")
    summary = "CSV/TSV with a header row: source, target, optional id, doc_id, reference, field, mt"

    def documents(self, path: Path) -> bool:
        """Only a table with a ``doc_id`` column says which rows belong together."""
        return "doc_id" in _read_header(csv.reader(iter_lines(path), delimiter=_delimiter(path), strict=True), path)

    def own_ids(self, path: Path) -> bool:
        """Only a table with an ``id`` column has ids (else ``seg_id`` is the row position)."""
        return "id" in _read_header(csv.reader(iter_lines(path), delimiter=_delimiter(path), strict=True), path)

    def rows(self, path: Path, doc_id: str) -> Iterator[dict[str, Any]]:
        delimiter = _delimiter(path)
        # raw_lines trails the csv reader: the raw text of each record, for target_column
        lines, raw_lines = tee(iter_lines(path))
        reader = csv.reader(lines, delimiter=delimiter, strict=True)
        header = _read_header(reader, path)
        width = len(header)
        index = {name: i for i, name in enumerate(header)}
        target = index["target"]
        # an absent optional column reads the None appended to each record
        columns = [index["source"], target] + [index.get(name, width) for name in OPTIONAL]
        pick, absent = itemgetter(*columns), width in columns
        file = str(path)
        position = 0
        line = reader.line_num + 1  # where the next record starts
        for _ in islice(raw_lines, reader.line_num):
            pass
        while (record := _next_record(reader, path, line)) is not None:
            end = reader.line_num
            raw = next(raw_lines) if end == line else "".join(islice(raw_lines, end - line + 1))
            if any(map(str.strip, record)):
                if len(record) != width:
                    raise InputError(f"row has {len(record)} fields, the header has {width}", path, line)
                position += 1
                if absent:  # the cell an absent column reads (a record's cells are otherwise text)
                    cast("list[str | None]", record).append(None)
                source, text, seg_id, doc, reference, field, mt = pick(record)
                if not text:  # no text to point at
                    target_line = target_column = None
                elif end == line and '"' not in raw:  # one line, nothing quoted: cells follow each other
                    target_line, target_column = line, sum(map(len, record[:target])) + target + 1
                else:
                    target_line, target_column = _target_position(raw, target, delimiter, line)
                yield {
                    "doc_id": doc or doc_id,
                    "seg_id": seg_id or str(position),
                    "source": source,
                    "target": text,
                    "reference": reference or None,
                    "field": field or None,
                    "mt": mt or None,
                    "source_file": file,
                    "source_line": line,
                    "target_file": file,
                    "target_line": target_line,
                    "target_column": target_column,
                }
            line = end + 1


def _delimiter(path: Path) -> str:
    return "\t" if path.suffix.lower() == ".tsv" else ","


def _target_position(raw: str, target: int, delimiter: str, line: int) -> tuple[int, int]:
    """Line and column (1-based, code points) where the text of cell ``target`` starts in the
    ``raw`` record starting at ``line``: after its opening quote when quoted."""
    offset = _cell_start(raw, target, delimiter)
    return line + raw.count("\n", 0, offset), offset - (raw.rfind("\n", 0, offset) + 1) + 1


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


def _next_record(reader: Iterator[list[str]], path: Path, line: int) -> list[str] | None:
    """The next record, or None at the end; a CSV syntax error (an unclosed quote) names its row."""
    try:
        return next(reader, None)
    except csv.Error as exc:
        raise InputError(f"malformed CSV row: {exc}", path, line) from None


def _read_header(reader: Iterator[list[str]], path: Path) -> list[str]:
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except StopIteration:
        raise InputError("file is empty", path) from None
    except csv.Error as exc:
        raise InputError(f"malformed header: {exc}", path, 1) from None
    problem = lacking_columns(header)
    if problem:
        raise InputError(problem, path, 1)
    repeated = duplicated(header)
    if repeated:
        raise InputError(f"header names column '{repeated}' twice: which one holds it is ambiguous", path, 1)
    return header


def duplicated(names: list[str]) -> str | None:
    """The first non-empty name that appears twice in a header, if any."""
    seen: set[str] = set()
    for name in names:
        if name and name in seen:
            return name
        seen.add(name)
    return None
