"""Where a finding is in a file: the agreed ``target_file``/``target_line``/``target_column``
segment columns (the readers record them, or :mod:`mtaudit.corpus.positions` finds them), plus the
span of the finding inside the target text.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Location:
    """A place in a file; line and columns are 1-based and count Unicode code points."""

    file: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None


def finding_location(finding: dict[str, Any], segment: dict[str, Any] | None) -> Location | None:
    """The location of a finding: its span inside the target when the segment's position is known."""
    if not segment or not _present(segment.get("target_file")):
        return None
    file = str(segment["target_file"])
    line: Any = segment.get("target_line")  # a number, or None or NaN (see _present)
    column: Any = segment.get("target_column")
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
