"""CSV/TSV glossaries: a header with ``source`` and ``target``; lists are ``|``-separated.

A column named twice is refused (which one holds the value would be a guess). Cells that would
start a formula in a spreadsheet are written with a ``'`` first (OWASP's advice against CSV
injection) and read back without it, so a glossary round-trips whole.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from mtaudit.encoding import read_text
from mtaudit.errors import GlossaryError
from mtaudit.files import spreadsheet_text, spreadsheet_value
from mtaudit.glossary.fields import ENTRY_KEYS, make_entry, unknown_keys
from mtaudit.glossary.model import Glossary
from mtaudit.options import Limits

COLUMNS = ENTRY_KEYS


class TabularGlossaryFormat:
    name = "csv"
    extensions = (".csv", ".tsv")
    summary = (
        "CSV/TSV: source, target, optional id, variants, forbidden, type, case_sensitive, short, hyphenation, "
        "note, adjectives, ambiguous"
    )

    def read(self, path: Path) -> Glossary:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
        reader = csv.reader(io.StringIO(read_text(path), newline=""), delimiter=delimiter)
        header = [name.strip().lower() for name in _row(reader, path, 1) or []]
        missing = [c for c in ("source", "target") if c not in header]
        if missing:
            raise GlossaryError(f"header lacks column(s) {', '.join(missing)}", path, 1)
        repeated = next((name for i, name in enumerate(header) if name and name in header[:i]), None)
        if repeated:
            raise GlossaryError(f"header names column '{repeated}' twice: which one holds it is ambiguous", path, 1)
        glossary = Glossary(
            origins=[str(path)], unknown_keys=unknown_keys([c for c in header if c], ENTRY_KEYS, str(path), 1, None)
        )
        limits = Limits.current()
        while (record := _row(reader, path, reader.line_num + 1)) is not None:
            if not record:
                continue  # a blank line
            if len(record) > len(header):
                raise GlossaryError("row has more fields than the header", path, reader.line_num)
            cells = dict(zip(header, map(spreadsheet_value, record), strict=False))  # a short row lacks the last cells
            glossary.entries.append(make_entry(cells, str(path), reader.line_num, limits))
        return glossary

    def render(self, glossary: Glossary, path: Path) -> str:
        """The glossary as CSV/TSV; a cell a spreadsheet would run as a formula is written as text
        (a ``'`` before it, which :meth:`read` takes off again)."""
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
        writer.writerow(COLUMNS)
        for e in glossary:
            writer.writerow(
                map(
                    spreadsheet_text,
                    [
                        e.id,
                        "|".join(e.sources),
                        e.target,
                        "|".join(e.variants),
                        "|".join(e.forbidden),
                        e.type,
                        "" if e.case_sensitive is None else str(e.case_sensitive).lower(),
                        "|".join(e.short),
                        "true" if e.hyphenation else "",
                        e.note,
                        "|".join(e.adjectives),
                        "true" if e.ambiguous else "",
                    ],
                )
            )
        return buffer.getvalue()


def _row(reader: Any, path: Path, line: int) -> list[str] | None:
    """The next row (None at the end); a malformed one, or a cell past csv's size limit, names its line."""
    try:
        return next(reader, None)
    except csv.Error as exc:
        raise GlossaryError(f"malformed CSV row: {exc}", path, line) from None
