"""Gettext PO files (polib): msgctxt/msgid/msgstr and plural forms.

``seg_id`` is the entry's ``msgctxt``, else the line number of its ``msgid``. Each plural form is
its own segment (``<id>[0]``, ``<id>[1]``…: every form is shipped text and can be wrong on its
own), with ``msgid`` as the source of form 0 and ``msgid_plural`` of the others. The header and
obsolete (``#~``) entries are skipped; fuzzy entries are audited like the others. PO files are
parsed whole (polib has no streaming API); they are small in practice. PO has no field for a
second translation (``#|`` keeps a previous *source*), so an entry gives no ``mt``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib
import regex

from mtaudit.corpus.base import Reader
from mtaudit.encoding import read_text, sniff_encoding
from mtaudit.errors import InputError


class PoReader(Reader):
    name = "po"
    extensions = (".po",)
    summary = "gettext PO: msgctxt or msgid line as id, one segment per plural form"

    def own_ids(self, path: Path) -> bool:
        """No: a msgid line number is where the entry happens to lie, which another PO file of the
        same catalogue need not repeat (rows are matched by position and their msgid instead)."""
        return False

    def rows(self, path: Path, doc_id: str) -> Iterator[dict[str, Any]]:
        text = read_text(path)
        lines = text.splitlines()
        _lint(lines, path)
        try:
            # polib is given the path, never the text: a text that names an existing file would be
            # read as that file's path (a PO file holding "#secret" would read ./#secret)
            catalogue = polib.pofile(str(path), encoding=sniff_encoding(path))
        except (OSError, ValueError) as exc:
            raise InputError(f"malformed PO file: {exc}", path, _error_line(exc)) from None
        for entry in catalogue:
            if entry.obsolete or not entry.msgid:
                continue
            msgid_line = _line_starting(lines, entry.linenum, "msgid ")
            assert msgid_line is not None  # a parsed entry has its msgid line
            base_id = entry.msgctxt if entry.msgctxt is not None else str(msgid_line)
            if not entry.msgid_plural:
                yield _row(
                    doc_id,
                    base_id,
                    entry.msgid,
                    entry.msgstr,
                    path,
                    msgid_line,
                    _line_starting(lines, msgid_line, "msgstr"),
                )
                continue
            for form, msgstr in sorted(entry.msgstr_plural.items()):
                source = entry.msgid if form == 0 else entry.msgid_plural
                yield _row(
                    doc_id,
                    f"{base_id}[{form}]",
                    source,
                    msgstr,
                    path,
                    msgid_line,
                    _line_starting(lines, msgid_line, f"msgstr[{form}]"),
                )


def _row(
    doc_id: str, seg_id: str, source: str, target: str, path: Path, source_line: int, target_line: int | None
) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "seg_id": seg_id,
        "source": source,
        "target": target,
        "source_file": str(path),
        "source_line": source_line,
        "target_file": str(path),
        "target_line": target_line,
    }


_PO_LINE = regex.compile(r'^\s*(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"\s*$')


def _lint(lines: list[str], path: Path) -> None:
    """Refuse a line that is neither a comment nor a keyword with a closed string (polib is lenient)."""
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and not _PO_LINE.match(line):
            raise InputError(
                f"malformed PO file: not a comment, keyword or quoted string: {stripped[:40]!r}", path, number
            )


def _line_starting(lines: list[str], start: int, keyword: str) -> int | None:
    """1-based number of the first line at or after ``start`` that begins with ``keyword``."""
    for number in range(max(start, 1), len(lines) + 1):
        if lines[number - 1].lstrip().startswith(keyword):
            return number
    return None


def _error_line(exc: Exception) -> int | None:
    text = str(exc)
    if "(line " in text:
        digits = text.rsplit("(line ", 1)[1].rstrip(")")
        return int(digits) if digits.isdigit() else None
    return None
