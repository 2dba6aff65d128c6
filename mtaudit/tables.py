"""An audit's segment and finding tables, kept chunk by chunk as the audit streams through its input.

The report order is fixed (segments in input order; findings check by check, then chunk by chunk,
as :func:`mtaudit.checks.run_checks` gives them), so chunks are stored per check and read back in
that order. Kept in memory for Python callers, or pickled to files in a directory (the ``mtaudit``
command's temporary one), so that memory holds one chunk however long the input is. A column a
later chunk adds (a score column, an optional key) is filled with missing values in the others,
as one table built from every row would have it.
"""
from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


class Tables:
    """Segments and findings, added chunk by chunk; read back with the columns of the whole."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self._directory = Path(directory) if directory is not None else None
        self._segments = self._store("segments")
        self._findings: dict[str, Spill] = {}
        self._segment_columns: dict[str, None] = {}
        #: (check, columns of each non-empty finding chunk), and the columns of the first chunk at all
        self._finding_columns: dict[str, list[list[str]]] = {}
        self._empty_finding_columns: list[str] | None = None

    def add(self, segments: "pd.DataFrame", findings: dict[str, "pd.DataFrame"]) -> None:
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
        import shutil

        if self._directory is not None:
            shutil.rmtree(self._directory, ignore_errors=True)

    def segment_columns(self) -> list[str]:
        """Reader columns in order of appearance, then score columns in their fixed order."""
        from mtaudit.metrics import score_columns

        scores = score_columns()
        present = [c for c in self._segment_columns if c not in scores]
        return present + [c for c in scores if c in self._segment_columns]

    def finding_columns(self) -> list[str]:
        """Keys in order of first appearance over the findings in report order."""
        from mtaudit.checks.base import FINDING_KEYS

        columns = {c: None for chunks in self._finding_columns.values() for chunk in chunks for c in chunk}
        return list(columns) or self._empty_finding_columns or list(FINDING_KEYS)

    def segment_chunks(self) -> Iterator["pd.DataFrame"]:
        columns = self.segment_columns()
        return (_with_columns(frame, columns) for frame in self._segments)

    def finding_chunks(self) -> Iterator["pd.DataFrame"]:
        columns = self.finding_columns()
        return (_with_columns(frame, columns) for store in self._findings.values() for frame in store)

    def segments(self) -> "pd.DataFrame":
        return _concat(self.segment_chunks(), self.segment_columns())

    def findings(self) -> "pd.DataFrame":
        return _concat(self.finding_chunks(), self.finding_columns(), dtype=object)

    def _store(self, name: str) -> Spill:
        return Spill(self._directory / f"{name}.pickle" if self._directory else None)


class Spill:
    """Items appended and read back in order: kept in a list, or pickled one after another into
    the file at ``path`` (opened afresh to append and to read, so readings never disturb each other)."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._items: list = []

    @classmethod
    def temporary(cls) -> "Spill":
        """On disk, in a temporary file removed when the spill is no longer used."""
        file = tempfile.NamedTemporaryFile(prefix="mtaudit-", suffix=".pickle")
        spill = cls(Path(file.name))
        spill._file = file  # type: ignore[attr-defined]  # held: closing it removes the file
        return spill

    def append(self, item: Any) -> None:
        if self._path is None:
            self._items.append(item)
            return
        with self._path.open("ab") as handle:
            pickle.dump(item, handle, protocol=pickle.HIGHEST_PROTOCOL)

    def __iter__(self) -> Iterator[Any]:
        if self._path is None:
            yield from self._items
            return
        if not self._path.exists():
            return
        with self._path.open("rb") as handle:
            while True:
                try:
                    yield pickle.load(handle)
                except EOFError:
                    return


def _with_columns(frame: "pd.DataFrame", columns: list[str]) -> "pd.DataFrame":
    return frame if list(frame.columns) == columns else frame.reindex(columns=columns)


def _concat(frames: Iterable["pd.DataFrame"], columns: list[str], dtype: type | None = None) -> "pd.DataFrame":
    import pandas as pd

    frames = list(frames)
    if not frames:
        return pd.DataFrame(columns=columns, dtype=dtype)
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    return pd.concat(frames, ignore_index=True)
