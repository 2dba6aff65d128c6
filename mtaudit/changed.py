"""``--changed-only [REV]``: audit only the files changed since a git revision.

"Changed" means added, copied, modified or renamed between the merge base of REV and ``HEAD`` and
the working tree (so a pull request is compared with where it branched off, and uncommitted edits
count), plus untracked files that git does not ignore. Deleted files are not audited.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from mtaudit.corpus import load_corpus
from mtaudit.errors import ConfigError
from mtaudit.options import DEFAULT_REV

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

FILE_COLUMNS = ("target_file", "source_file")


def changed_files(rev: str = DEFAULT_REV, cwd: str | Path | None = None) -> set[Path]:
    """Absolute, resolved paths of the files changed since ``rev`` in the repository holding ``cwd``."""
    cwd = Path(cwd or Path.cwd())
    root = Path(_git(["rev-parse", "--show-toplevel"], cwd, "not inside a git repository").strip())
    _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd, f"unknown git revision '{rev}'")
    try:
        base = _git(["merge-base", rev, "HEAD"], cwd, "").strip()
    except ConfigError:  # unrelated histories or no HEAD yet: compare with REV itself
        base = rev
    diff = _git(
        ["diff", "--name-only", "-z", "--no-renames", "--diff-filter=ACMRT", base, "--"], cwd, "git diff failed"
    )
    untracked = _git(["ls-files", "-z", "--others", "--exclude-standard"], root, "git ls-files failed")
    names = [n for n in (diff + untracked).split("\0") if n]
    return {(root / name).resolve() for name in names}


def select_changed(paths: Iterable[str | Path], changed: set[Path]) -> list[Path]:
    """The paths that are changed files, or directories holding one."""
    selected = []
    for path in map(Path, paths):
        resolved = path.resolve()
        if resolved in changed or (resolved.is_dir() and any(resolved in c.parents for c in changed)):
            selected.append(path)
    return selected


def filter_segments(segments: pd.DataFrame, changed: set[Path], roots: Iterable[str | Path] = ()) -> pd.DataFrame:
    """Keep the segments that come from a changed file.

    Rows are matched by their ``target_file``/``source_file`` columns; rows without them (a reader
    that does not record files) by ``doc_id``, the path relative to one of ``roots`` without its
    extension.
    """
    keep = [False] * len(segments)
    columns = [c for c in FILE_COLUMNS if c in segments.columns]
    for column in columns:
        files = segments[column].tolist()
        keep = [
            k or (f is not None and f == f and Path(str(f)).resolve() in changed)
            for k, f in zip(keep, files, strict=True)
        ]
    if not columns:
        doc_ids = {_doc_id(c, Path(r).resolve()) for c in changed for r in roots}
        keep = [d in doc_ids for d in segments["doc_id"].tolist()]
    return segments[keep].reset_index(drop=True)


def _doc_id(path: Path, root: Path) -> str | None:
    if root not in path.parents:
        return None
    return path.relative_to(root).with_suffix("").as_posix()


def _git(args: list[str], cwd: Path, failure: str) -> str:
    try:
        done = subprocess.run(["git", *args], check=False, cwd=cwd, capture_output=True, text=True, encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("--changed-only needs git, which is not installed") from None
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()
        raise ConfigError(f"{failure}{': ' + detail[-1] if detail else ''}", cwd)
    return done.stdout


def load_changed(
    input: str | Path, target: str | Path | None, rev: str, notices: list[str] | None = None
) -> pd.DataFrame | None:
    """The segment table of the changed part of INPUT [TARGET], or None when nothing changed.

    A file (or file pair) is audited whole when it changed; directory inputs are filtered to the
    segments of changed files.
    """
    inputs = [Path(p) for p in (input, target) if p is not None]
    first = inputs[0] if inputs[0].is_dir() else inputs[0].parent
    changed = changed_files(rev, first if first.exists() else None)
    if not select_changed(inputs, changed):
        return None
    segments = load_corpus(input, target, notices=notices)
    if any(p.is_dir() for p in inputs):
        segments = filter_segments(segments, changed, inputs)
        if segments.empty:
            return None
    return segments
