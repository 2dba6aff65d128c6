"""Where each target text is in a single bilingual file whose reader does not record it: the
agreed ``target_file``/``target_line``/``target_column`` segment columns (line and column 1-based,
counted in Unicode code points), found by searching each row's target text in the file, in file
order. Readers that record positions themselves (documents, TSV/CSV/JSONL) need none of this.
"""

from __future__ import annotations

import bisect
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from mtaudit.encoding import read_text

POSITION_COLUMNS = ("target_file", "target_line", "target_column")


def add_target_positions(segments: pd.DataFrame, path: str | Path) -> pd.DataFrame:
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

    def add(self, segments: pd.DataFrame) -> pd.DataFrame:
        """``segments`` (the next rows of the file) with target_file, target_line and target_column."""
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
        if self._text is None:
            self._text = read_text(self.path)
            self._starts = [0] + [m.end() for m in re.finditer("\n", self._text)]
        return self._text, self._starts


def _find_target(text: str, target: str, cursor: int) -> int | None:
    if not target:
        return None
    forms = (target, json.dumps(target, ensure_ascii=False)[1:-1], json.dumps(target)[1:-1], target.replace('"', '""'))
    hits = [i for i in (text.find(form, cursor) for form in dict.fromkeys(forms)) if i >= 0]
    return min(hits) if hits else None
