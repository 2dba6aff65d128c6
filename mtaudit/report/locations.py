"""Where a finding is in a file: the agreed ``target_file``/``target_line``/``target_column``
segment columns, plus the span of the finding inside the target text.

Readers record those columns where they can (documents, and TSV/CSV/JSONL at read time); for a
single bilingual file whose reader does not, :func:`add_target_positions` finds each row's target
text in the input file, in file order.
"""
from __future__ import annotations

import bisect
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

POSITION_COLUMNS = ("target_file", "target_line", "target_column")


@dataclass(frozen=True)
class Location:
    """A place in a file; line and columns are 1-based and count Unicode code points."""

    file: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None


def add_target_positions(segments: "pd.DataFrame", path: str | Path) -> "pd.DataFrame":
    """Fill the position columns for a single bilingual file whose reader did not."""
    return TargetPositions(path).add(segments)


class TargetPositions:
    """Finds rows' target texts in the bilingual file they were read from, chunk after chunk.

    Each row's target text (as written, or JSON/CSV-escaped) is searched from the row after the
    previous match, so rows keep file order; a target that cannot be found keeps the file only.
    The file's text is read when the first chunk needs it (readers that record positions never do).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = path
        self._text: str | None = None
        self._starts: list[int] = []
        self._cursor = 0

    def add(self, segments: "pd.DataFrame") -> "pd.DataFrame":
        """``segments`` (the next rows of the file) with target_file, target_line and target_column."""
        import pandas as pd

        if all(c in segments.columns for c in POSITION_COLUMNS):
            return segments
        text, starts = self._read()
        lines: list[Any] = []
        columns: list[Any] = []
        for target in segments["target"].tolist():
            found = _find_target(text, str(target), self._cursor)
            if found is None:
                lines.append(None)
                columns.append(None)
                continue
            index = bisect.bisect_right(starts, found) - 1
            lines.append(index + 1)
            columns.append(found - starts[index] + 1)
            next_line = bisect.bisect_right(starts, found + len(str(target)))
            self._cursor = starts[next_line] if next_line < len(starts) else len(text)
        segments = segments.copy()
        segments["target_file"] = str(self.path)
        # object columns keep Python ints and None (not floats and NaN)
        segments["target_line"] = pd.Series(lines, index=segments.index, dtype=object)
        segments["target_column"] = pd.Series(columns, index=segments.index, dtype=object)
        return segments

    def _read(self) -> tuple[str, list[int]]:
        from mtaudit.corpus.encoding import read_text

        if self._text is None:
            self._text = read_text(self.path)
            self._starts = [0] + [m.end() for m in re.finditer("\n", self._text)]
        return self._text, self._starts


def _find_target(text: str, target: str, cursor: int) -> int | None:
    if not target:
        return None
    forms = (target, json.dumps(target, ensure_ascii=False)[1:-1], json.dumps(target)[1:-1],
             target.replace('"', '""'))
    hits = [i for i in (text.find(form, cursor) for form in dict.fromkeys(forms)) if i >= 0]
    return min(hits) if hits else None


def finding_location(finding: dict[str, Any], segment: dict[str, Any] | None) -> Location | None:
    """The location of a finding: its span inside the target when the segment's position is known."""
    if not segment or not _present(segment.get("target_file")):
        return None
    file = str(segment["target_file"])
    line, column = segment.get("target_line"), segment.get("target_column")
    if not _present(line):
        return Location(file)
    line = int(line)
    column = int(column) if _present(column) else None
    span = finding.get("target_span")
    target = str(segment.get("target") or "")
    if column is None or not span or len(span) != 2:
        return Location(file, line, column)
    start_line, start_col = _advance(line, column, target[: span[0]])
    end_line, end_col = _advance(line, column, target[: span[1]])
    return Location(file, start_line, start_col, end_line, end_col)


def _advance(line: int, column: int, text: str) -> tuple[int, int]:
    """The position reached after writing ``text`` from (line, column)."""
    breaks = text.count("\n")
    if not breaks:
        return line, column + len(text)
    return line + breaks, len(text) - text.rfind("\n")


def _present(value: Any) -> bool:
    return value is not None and value == value


def workspace_path(file: str) -> tuple[str, bool]:
    """``file`` relative to the working directory (the repository root in CI), as a POSIX path, and
    True; or its absolute path and False when it lies outside."""
    return _workspace_path(file, os.getcwd())


@lru_cache(maxsize=1024)
def _workspace_path(file: str, cwd: str) -> tuple[str, bool]:
    path = Path(cwd, file).resolve()
    try:
        return path.relative_to(Path(cwd).resolve()).as_posix(), True
    except ValueError:
        return str(path), False
