"""An audit's segment and finding tables, kept chunk by chunk as the audit streams through its input.

The report order is fixed (segments in input order; findings check by check, then chunk by chunk,
as the checks give them), so chunks are stored per check and read back in
that order. Kept in memory for Python callers, or pickled to files in a directory (the ``mtaudit``
command's temporary one), so that memory holds one chunk however long the input is. A column a
later chunk adds (a score column, an optional key) is filled with missing values in the others,
as one table built from every row would have it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from mtaudit.findings import FINDING_KEYS
from mtaudit.stream import Spill


class Tables:
    """Segments and findings, added chunk by chunk; read back with the columns of the whole."""

    def __init__(self, directory: str | Path | None = None, last_columns: Iterable[str] = ()) -> None:
        """``directory``: where the chunks are pickled (None: kept in memory); ``last_columns``:
        segment columns that come after the readers' own, in this order (the scores' columns)."""
        self._directory = Path(directory) if directory is not None else None
        self._last_columns = tuple(last_columns)
        self._segments: Spill[pd.DataFrame] = self._store("segments")
        self._findings: dict[str, Spill[pd.DataFrame]] = {}
        self._segment_columns: dict[str, None] = {}
        #: (check, columns of each non-empty finding chunk), and the columns of the first chunk at all
        self._finding_columns: dict[str, list[list[str]]] = {}
        self._empty_finding_columns: list[str] | None = None

    def add(self, segments: pd.DataFrame, findings: dict[str, pd.DataFrame]) -> None:
        """One chunk: its segments, and its findings per check (in check order)."""
        self._segments.append(segments)
        self._segment_columns.update(dict.fromkeys(segments.columns))
        for check, frame in findings.items():
            if check not in self._findings:
                self._findings[check] = self._store(f"findings-{len(self._findings)}")
                self._finding_columns[check] = []
            if len(frame):
                self._findings[check].append(frame)
                self._finding_columns[check].append(list(frame.columns))
            elif self._empty_finding_columns is None:
                self._empty_finding_columns = list(frame.columns)

    def discard(self) -> None:
        """Remove what was put aside (an audit that failed, or restarted whole)."""
        if self._directory is not None:
            shutil.rmtree(self._directory, ignore_errors=True)

    def segment_columns(self) -> list[str]:
        """Reader columns in order of appearance, then the last columns in their fixed order."""
        last = self._last_columns
        present = [c for c in self._segment_columns if c not in last]
        return present + [c for c in last if c in self._segment_columns]

    def finding_columns(self) -> list[str]:
        """Keys in order of first appearance over the findings in report order."""
        columns = {c: None for chunks in self._finding_columns.values() for chunk in chunks for c in chunk}
        return list(columns) or self._empty_finding_columns or list(FINDING_KEYS)

    def segment_chunks(self) -> Iterator[pd.DataFrame]:
        columns = self.segment_columns()
        return (_with_columns(frame, columns) for frame in self._segments)

    def finding_chunks(self) -> Iterator[pd.DataFrame]:
        columns = self.finding_columns()
        return (_with_columns(frame, columns) for store in self._findings.values() for frame in store)

    def segments(self) -> pd.DataFrame:
        return _concat(self.segment_chunks(), self.segment_columns())

    def findings(self) -> pd.DataFrame:
        return _concat(self.finding_chunks(), self.finding_columns(), dtype=object)

    def _store(self, name: str) -> Spill[pd.DataFrame]:
        return Spill(self._directory / f"{name}.pickle" if self._directory else None)


def _with_columns(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return frame if list(frame.columns) == columns else frame.reindex(columns=columns)


def _concat(frames: Iterable[pd.DataFrame], columns: list[str], dtype: type | None = None) -> pd.DataFrame:
    frames = list(frames)
    if not frames:
        return pd.DataFrame(columns=columns, dtype=dtype)
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    return pd.concat(frames, ignore_index=True)
