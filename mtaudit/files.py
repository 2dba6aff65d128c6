"""Atomic file writing, for every file mtaudit writes (reports, glossaries, dictionary caches).

Content goes to a temporary file beside its destination and is renamed into place, so a failing
run never leaves a half-written file; several files are renamed only once all are written.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

#: What a file may be written from: text, bytes, or text chunks written as they come.
Content = str | bytes | Iterable[str]


def write_atomic(path: str | Path, content: Content) -> None:
    """Write ``content`` to ``path`` via a temporary file and rename; nothing partial is ever left."""
    write_all({Path(path): content})


def write_all(outputs: Mapping[Path, Content]) -> None:
    """Write every output to a temporary file beside it, then rename them all: a failure while
    writing any of them (a streamed report is rendered as it is written) leaves none behind."""
    temporary: dict[Path, str] = {}
    try:
        for path, content in outputs.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary[path] = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            _write(fd, content)
        for path, tmp in temporary.items():
            os.replace(tmp, path)
    except BaseException:
        for tmp in temporary.values():
            Path(tmp).unlink(missing_ok=True)
        raise


def _write(fd: int, content: Content) -> None:
    if isinstance(content, bytes):
        with os.fdopen(fd, "wb") as binary:
            binary.write(content)
        return
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        if isinstance(content, str):
            handle.write(content)
        else:
            handle.writelines(content)
