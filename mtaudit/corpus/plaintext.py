"""Two line-aligned plain-text files: line *n* of the English file translates line *n* of the
Chinese one (the Moses/OPUS convention, ``corpus.zh`` + ``corpus.en``).

Files named ``*.zh``/``*.en`` are always read this way, and refused when their lines do not
correspond. Two ``.txt`` files are read this way when they are plain text (no markup) with the
same number of lines, blank exactly where the other is blank; otherwise they are documents,
split into sentences and aligned (see :mod:`mtaudit.corpus.pairs`). ``seg_id`` is the line
number. Both files are read as streams, line by line.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import zip_longest
from pathlib import Path
from typing import Any

from mtaudit.corpus.base import Document, Sentence, SideReader
from mtaudit.encoding import iter_lines
from mtaudit.errors import InputError

LINE_EXTENSIONS = (".zh", ".en")


class LineReader(SideReader):
    name = "lines"
    extensions = LINE_EXTENSIONS
    summary = "one side of a line-aligned pair (corpus.zh + corpus.en): one segment per line"

    def read(self, path: Path, language: str) -> Document:
        """The whole side as a document of one-sentence paragraphs (for target-only mode)."""
        document = Document(path)
        for number, column, text in numbered_lines(path):
            document.paragraphs.append([Sentence(str(number), text, number, column)])
        if not document.paragraphs:
            raise InputError("file has no text lines", path)
        return document


def numbered_lines(path: Path) -> Iterator[tuple[int, int, str]]:
    """(line number, 1-based column of the text, text) of every non-blank line."""
    for number, line in enumerate(iter_lines(path), start=1):
        if line.strip():
            yield number, _column(line), line.strip()


def lines_correspond(source: Path, target: Path) -> bool:
    """Same number of lines, blank in the same places (read as two streams, nothing kept)."""
    for left, right in zip_longest(iter_lines(source), iter_lines(target)):
        if left is None or right is None or (not left.strip()) != (not right.strip()):
            return False
    return True


def line_pair_rows(source: Path, target: Path, doc_id: str) -> Iterator[dict[str, Any]]:
    """One row per line pair; refuses a line that is blank on one side only, or a length mismatch."""
    number = 0
    for number, (left, right) in enumerate(zip_longest(iter_lines(source), iter_lines(target)), start=1):
        if left is None or right is None:
            shorter = source if left is None else target
            raise InputError(
                f"line-aligned files differ in length: this file ends at line {number - 1}", shorter, number - 1
            )
        if not left.strip() and not right.strip():
            continue
        if not left.strip() or not right.strip():
            blank = source if not left.strip() else target
            raise InputError("line is blank here but not in the other file of the pair", blank, number)
        yield {
            "doc_id": doc_id,
            "seg_id": str(number),
            "source": left.strip(),
            "target": right.strip(),
            "source_file": str(source),
            "source_line": number,
            "source_column": _column(left),
            "target_file": str(target),
            "target_line": number,
            "target_column": _column(right),
        }
    if number == 0:
        raise InputError("file is empty", source)


def _column(line: str) -> int:
    return len(line) - len(line.lstrip()) + 1
