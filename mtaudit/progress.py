"""Progress bars for long work: on stderr when it is a terminal and not CI, else silent."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any

#: Rows read between two updates of the audit's bar (a tqdm call per row would cost more than the row).
EVERY = 256


def progress_bar(total: int | None, desc: str, unit: str = "seg", wanted: bool | None = None, **options: Any):
    """A tqdm bar (``total`` None: a count and a rate); ``wanted`` forces it on or off."""
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, disable=not shown(wanted), file=sys.stderr, leave=False, **options)


def shown(wanted: bool | None = None) -> bool:
    """Whether a bar is drawn: ``wanted``, else on a terminal outside CI."""
    return wanted if wanted is not None else sys.stderr.isatty() and not os.environ.get("CI")


class InputProgress:
    """The audit's bar over its input: rows read of a known number (``unit`` "seg"), else bytes of
    the input files (``unit`` "B": each row advances it by its text's size, each file finished by
    the rest of the file). It moves as rows are read, within a chunk, and ends with one line."""

    def __init__(self, total: int | None, unit: str = "seg", wanted: bool | None = None) -> None:
        self.unit = unit
        #: None when no bar is drawn (tqdm is not imported for a run without one)
        self.bar: Any = progress_bar(total, "audit", unit, True, unit_scale=unit == "B") if shown(wanted) else None
        self.drawn = self.bar is not None
        self.started = time.perf_counter()
        self.rows_read = 0
        self.rows_checked = 0
        self._done_bytes = 0  # of the files finished
        self._position = 0  # bytes counted, those not yet shown included
        self._file: tuple[Any, Any] | None = None

    def rows(self, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """``rows`` as they are read, counted."""
        if not self.drawn:
            yield from rows
            return
        pending = 0
        for row in rows:
            if self.unit == "B":
                pending += self._row_bytes(row)
            else:
                pending += 1
            self.rows_read += 1
            if self.rows_read % EVERY == 0:
                self._advance(pending)
                pending = 0
            yield row
        if self.unit == "B":  # every file read: the files the rows did not name (hidden, skipped) too
            pending += self._next_file(None) + self._moved(self.bar.total or 0)
        self._advance(pending)

    def table(self, rows: int) -> None:
        """A chunk read as a table (no rows passed through :meth:`rows`)."""
        self.rows_read += rows
        if self.drawn and self.unit != "B":
            self._advance(rows)

    def checked(self, rows: int) -> None:
        """A chunk was checked (reading runs a chunk ahead of checking: the bar says both)."""
        self.rows_checked += rows
        if self.drawn:
            self.bar.set_postfix_str(f"{self.rows_checked:,} checked")

    def restart(self) -> None:
        """The input is read again from the start."""
        self.rows_read = self.rows_checked = self._done_bytes = self._position = 0
        self._file = None
        if self.bar is not None:
            self.bar.reset(total=self.bar.total)

    def close(self) -> None:
        """Remove the bar."""
        if self.bar is not None:
            self.bar.close()

    def summary(self, segments: int) -> None:
        """When the bar was drawn, what the audit did, in one line."""
        if self.drawn:
            seconds = time.perf_counter() - self.started
            sys.stderr.write(
                f"mtaudit: audited {segments:,} segments in {seconds:.1f} s "
                f"({segments / max(seconds, 1e-9):,.0f} segments/s)\n"
            )

    def _row_bytes(self, row: dict[str, Any]) -> int:
        """How far the row moves the bar: its text in bytes, and when its file is not the last
        row's, to the end of the files finished (never past the total)."""
        file = (row.get("source_file"), row.get("target_file"))
        jump = self._next_file(file) if file != self._file else 0
        return jump + self._moved(sum(len(str(row.get(key) or "").encode("utf-8")) for key in ("source", "target")))

    def _next_file(self, file: tuple[Any, Any] | None) -> int:
        """The bar's move to the end of the last row's files, now finished (the next rows are ``file``'s)."""
        step = 0
        if self._file is not None:
            self._done_bytes += sum(_size(name) for name in dict.fromkeys(self._file))
            step = self._moved(max(0, self._done_bytes - self._position))
        self._file = file
        return step

    def _moved(self, step: int) -> int:
        if self.bar.total is not None:
            step = max(0, min(step, self.bar.total - self._position))
        self._position += step
        return step

    def _advance(self, amount: int) -> None:
        if amount:
            self.bar.update(amount)


def _size(name: Any) -> int:
    try:
        return os.path.getsize(name) if name else 0
    except OSError:
        return 0
