"""CSV/TSV glossaries: a header with ``source`` and ``target``; lists are ``|``-separated."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from mtaudit.encoding import read_text
from mtaudit.errors import GlossaryError
from mtaudit.glossary.fields import ENTRY_KEYS, make_entry, unknown_keys
from mtaudit.glossary.model import Glossary

COLUMNS = ENTRY_KEYS


class TabularGlossaryFormat:
    name = "csv"
    extensions = (".csv", ".tsv")
    summary = ("CSV/TSV: source, target, optional id, variants, forbidden, type, case_sensitive, short, hyphenation, "
               "note, adjectives, ambiguous")

    def read(self, path: Path) -> Glossary:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
        reader = csv.DictReader(io.StringIO(read_text(path), newline=""), delimiter=delimiter)
        header = [name.strip().lower() for name in (reader.fieldnames or [])]
        missing = [c for c in ("source", "target") if c not in header]
        if missing:
            raise GlossaryError(f"header lacks column(s) {', '.join(missing)}", path, 1)
        reader.fieldnames = header
        glossary = Glossary(origins=[str(path)],
                            unknown_keys=unknown_keys([c for c in header if c], ENTRY_KEYS, str(path), 1, None))
        for record in reader:
            if None in record:
                raise GlossaryError("row has more fields than the header", path, reader.line_num)
            glossary.entries.append(make_entry(record, str(path), reader.line_num))
        return glossary

    def render(self, glossary: Glossary, path: Path) -> str:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
        writer.writerow(COLUMNS)
        for e in glossary:
            writer.writerow([e.id, "|".join(e.sources), e.target, "|".join(e.variants), "|".join(e.forbidden),
                             e.type, "" if e.case_sensitive is None else str(e.case_sensitive).lower(),
                             "|".join(e.short), "true" if e.hyphenation else "", e.note,
                             "|".join(e.adjectives), "true" if e.ambiguous else ""])
        return buffer.getvalue()
