"""Where a finding is in a file: the agreed ``target_file``/``target_line``/``target_column``
segment columns (the readers record them, or :mod:`mtaudit.corpus.positions` finds them), plus the
span of the finding inside the target text; where its source term is (the ``source_file``/
``source_line``/``source_column`` columns, where a reader records them); and the repository root
that report paths are relative to.
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


def segment_location(segment: dict[str, Any] | None) -> Location | None:
    """The whole target text of a segment (for a finding with no span in it, such as ``missing``)."""
    location = finding_location({}, segment)
    target = str((segment or {}).get("target") or "")
    if location is None or location.line is None or location.column is None or not target:
        return location
    end_line, end_column = _advance(location.line, location.column, target)
    return Location(location.file, location.line, location.column, end_line, end_column)


def source_term_span(finding: dict[str, Any], segment: dict[str, Any] | None) -> tuple[int, int] | None:
    """Where the finding's source term is in the segment's source text (its first occurrence)."""
    term = str(finding.get("source_term") or "")
    at = str((segment or {}).get("source") or "").find(term) if term else -1
    return (at, at + len(term)) if at >= 0 else None


def source_location(finding: dict[str, Any], segment: dict[str, Any] | None) -> Location | None:
    """Where the finding's source term is in the source file: the term itself where the source
    text's column is known, else its line, else the file."""
    if not segment or not _present(segment.get("source_file")):
        return None
    file, line, column = str(segment["source_file"]), segment.get("source_line"), segment.get("source_column")
    if not _present(line):
        return Location(file)
    line = int(line)  # type: ignore[arg-type]  # present: a number read from the segment table
    span = source_term_span(finding, segment)
    if not _present(column) or span is None:
        return Location(file, line, int(column) if _present(column) else None)  # type: ignore[arg-type]
    column = int(column)  # type: ignore[arg-type]  # present, as above
    source = str(segment.get("source") or "")
    start = _advance(line, column, source[: span[0]])
    end = _advance(line, column, source[: span[1]])
    return Location(file, *start, *end)


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


def repository_root(files: list[str], given: str | None = None) -> Path:
    """The directory report paths are relative to: ``given``, else the git top level of the first
    file that lies in a git work tree, else that of the working directory, else the working directory."""
    if given is not None:
        return Path(given).resolve()
    for file in files:
        top = git_top_level(Path(file).resolve().parent)
        if top is not None:
            return top
    cwd = Path.cwd().resolve()
    return git_top_level(cwd) or cwd


@lru_cache(maxsize=256)
def git_top_level(directory: Path) -> Path | None:
    """The nearest directory at or above ``directory`` with a ``.git`` entry (a directory, or the
    file of a linked worktree or submodule): what ``git rev-parse --show-toplevel`` names."""
    for folder in (directory, *directory.parents):
        if (folder / ".git").exists():
            return folder
    return None


@lru_cache(maxsize=1024)
def relative_to(file: str, root: Path) -> str | None:
    """``file`` relative to ``root`` as a POSIX path, or None when it lies outside."""
    try:
        return Path(file).resolve().relative_to(root).as_posix()
    except ValueError:
        return None
