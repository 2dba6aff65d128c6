"""How mtaudit writes files (reports, glossaries, dictionary caches), safely.

- Atomically: content goes to a temporary file beside its destination and is renamed into place,
  so a failing run never leaves a half-written file; several files are renamed only once all are
  written, and directories made for them are removed again when one fails. A file written gets
  the mode of the file it replaces, else the one the umask gives (``0644`` under ``022``).
- Never replacing what is not a regular file: a character device (``/dev/null``) or a FIFO is
  written to directly, where a rename would put a regular file in its place.
- Checked before any work: an output that is one of the inputs (same device and inode, links
  resolved) or a file inside an input directory is refused, and so is one that cannot be written
  (:func:`refuse_overwriting`, :func:`require_writable`). A failure to write is an
  :class:`~mtaudit.errors.OutputError` naming the file, never a bare ``OSError``.
- A run's temporary spool directory is locked while the run lives, so the next run can remove the
  spool directories of runs that were killed (:func:`spool_directory`).
- Cells a spreadsheet would execute (CSV formula injection) are neutralised as OWASP advises
  (:func:`spreadsheet_text`).
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TextIO

from mtaudit.errors import OutputError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: spool directories are not locked, nor cleaned
    fcntl = None  # type: ignore[assignment]

#: What a file may be written from: text, bytes, or text chunks written as they come.
Content = str | bytes | Iterable[str]
#: Prefix of the spool directories of ``mtaudit`` runs in the temporary directory.
SPOOL_PREFIX = "mtaudit-"
_LOCK = ".lock"
#: First characters that make a spreadsheet read a CSV cell as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_atomic(path: str | Path, content: Content) -> None:
    """Write ``content`` to ``path`` via a temporary file and rename; nothing partial is ever left."""
    write_all({Path(path): content})


def write_all(outputs: Mapping[Path, Content]) -> None:
    """Write every output to a temporary file beside it, then rename them all: a failure while
    writing any of them (a streamed report is rendered as it is written) leaves none behind.
    Devices and FIFOs are written to directly, after the regular files are written and before
    they are renamed."""
    mode = _new_file_mode()
    temporary: dict[Path, str] = {}
    created: list[Path] = []
    current: Path | None = None
    try:
        special = {}
        for current, content in outputs.items():
            if current.is_dir():  # refused before anything is renamed into place
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(current))
            if _is_special(current):
                special[current] = content
                continue
            created += _make_directories(current.parent)
            fd, temporary[current] = tempfile.mkstemp(prefix=f".{current.name}.", suffix=".tmp", dir=current.parent)
            _write(fd, content, _mode_for(current, mode))
        for current, content in special.items():
            _write(os.open(current, os.O_WRONLY | os.O_TRUNC | os.O_NOCTTY), content)
        for current, tmp in temporary.items():
            os.replace(tmp, current)
    except BaseException as error:
        for tmp in temporary.values():
            Path(tmp).unlink(missing_ok=True)
        for directory in reversed(created):
            with suppress(OSError):
                directory.rmdir()
        if isinstance(error, OSError):
            raise OutputError(f"cannot write: {_reason(error)}", current) from None
        raise


def _write(fd: int, content: Content, mode: int | None = None) -> None:
    if mode is not None:
        try:
            os.fchmod(fd, mode)
        except OSError:
            os.close(fd)
            raise
    if isinstance(content, bytes):
        with os.fdopen(fd, "wb") as binary:
            binary.write(content)
        return
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        if isinstance(content, str):
            handle.write(content)
        else:
            handle.writelines(content)


def _is_special(path: Path) -> bool:
    """Whether ``path`` (links followed) is there and neither a regular file nor a directory."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _make_directories(directory: Path) -> list[Path]:
    """Make ``directory`` and the missing ones above it; those made, outermost first."""
    missing = []
    while not directory.exists():
        missing.append(directory)
        directory = directory.parent
    for made in reversed(missing):
        made.mkdir()
    return missing[::-1]


def _new_file_mode() -> int:
    """What ``open`` would give a new file: 0666 less the umask (read without changing it for good)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _mode_for(path: Path, default: int) -> int:
    """The mode of the regular file at ``path`` (a file replaced keeps its permissions), else ``default``."""
    try:
        info = os.stat(path)
    except OSError:
        return default
    return stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else default


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def write_to_stream(stream: TextIO, chunks: Iterable[str], name: str = "stdout") -> None:
    """Write ``chunks`` to an open stream and flush it. A failure (a full disk, a closed pipe) is an
    OutputError; the stream's descriptor is then pointed at the null device, so that the
    interpreter's last flush at exit does not fail again with a second message."""
    try:
        stream.writelines(chunks)
        stream.flush()
    except OSError as error:
        _discard(stream)
        raise OutputError(f"cannot write the report to {name}: {_reason(error)}") from None


def _discard(stream: TextIO) -> None:
    try:
        fd = stream.fileno()
    except (OSError, ValueError):
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fd)
    os.close(null)


# --- checked before any work ---------------------------------------------------------------------


def refuse_overwriting(outputs: Iterable[Path], inputs: Iterable[Path | None]) -> None:
    """Refuse an output that is one of ``inputs`` (the same file by device and inode, whatever
    links or relative paths lead there) or an existing file inside an input directory: writing
    the report would destroy what it reports on."""
    files: dict[tuple[int, int], Path] = {}
    trees: dict[tuple[int, int], Path] = {}
    for source in inputs:
        info = _stat(source) if source is not None else None
        if source is not None and info is not None:
            (trees if stat.S_ISDIR(info.st_mode) else files)[(info.st_dev, info.st_ino)] = source
    for output in outputs:
        info = _stat(output)
        if info is None or stat.S_ISDIR(info.st_mode):
            continue
        same = files.get((info.st_dev, info.st_ino))
        if same is not None:
            which = "an input" if str(same) == str(output) else f"the same file as the input {same}"
            raise OutputError(f"is {which}: writing there would destroy it (choose another output)", output)
        tree = _input_tree(output, trees)
        if tree is not None:
            raise OutputError(
                f"is a file of the input directory {tree}: writing there would replace it "
                "(choose an output outside the input)",
                output,
            )


def _input_tree(path: Path, trees: dict[tuple[int, int], Path]) -> Path | None:
    """The input directory ``path`` lies in (its real path's directories compared by inode), if any."""
    if not trees:
        return None
    for directory in Path(os.path.realpath(path)).parents:
        info = _stat(directory)
        if info is not None and (info.st_dev, info.st_ino) in trees:
            return trees[(info.st_dev, info.st_ino)]
    return None


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


def require_writable(path: Path, directory: bool = False) -> None:
    """Refuse, before any work, an output file (or with ``directory``, an output directory) that
    cannot be written: a directory where a file is to go (or the reverse), a path under a regular
    file, a directory that may not be written in."""
    info = _stat(path)
    if info is not None:
        is_directory = stat.S_ISDIR(info.st_mode)
        if directory != is_directory:
            raise OutputError("is not a directory" if directory else "is a directory, not a file", path)
        if directory or not stat.S_ISREG(info.st_mode):
            _require_access(path, path)  # written in (a directory) or to (a device, a FIFO)
        else:
            _require_access(path.parent, path)  # the file is replaced: its directory is written
        return
    for ancestor in [path.parent, *path.parent.parents]:
        info = _stat(ancestor)
        if info is None:
            continue
        if not stat.S_ISDIR(info.st_mode):
            raise OutputError(f"cannot be written: {ancestor} is not a directory", path)
        _require_access(ancestor, path)
        return


def _require_access(where: Path, path: Path) -> None:
    if not os.access(where, os.W_OK | (os.X_OK if where.is_dir() else 0)):
        place = "" if where == path else f" in {where}"
        raise OutputError(f"cannot be written{place}: permission denied or read-only", path)


# --- the spool directory of a run ----------------------------------------------------------------


@contextmanager
def spool_directory() -> Iterator[Path]:
    """A temporary directory for one run (``mtaudit-<pid>-…``), locked while the run lives and
    removed when it ends, however it ends short of being killed outright; the spool directories
    of runs killed outright (their lock is free) are removed first."""
    remove_stale_spools()
    path = Path(tempfile.mkdtemp(prefix=f"{SPOOL_PREFIX}{os.getpid()}-"))
    lock = os.open(path / _LOCK, os.O_CREAT | os.O_WRONLY | os.O_CLOEXEC, 0o600)
    try:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
        os.close(lock)


def remove_stale_spools(root: str | Path | None = None) -> list[Path]:
    """Remove the spool directories in ``root`` (the temporary directory) whose lock no live
    process holds: left by runs that were killed. Directories of other users, without a lock
    (being made, or not ours) or whose lock is held are left alone. The directories removed."""
    if fcntl is None:  # pragma: no cover
        return []
    removed = []
    with suppress(OSError):
        for entry in os.scandir(root or tempfile.gettempdir()):
            if entry.name.startswith(SPOOL_PREFIX) and _is_stale(Path(entry.path)):
                shutil.rmtree(entry.path, ignore_errors=True)
                removed.append(Path(entry.path))
    return removed


def _is_stale(directory: Path) -> bool:
    try:
        info = directory.lstat()
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
            return False
        lock = os.open(directory / _LOCK, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # its run, or a worker of it, is alive
    finally:
        os.close(lock)
    return True


# --- CSV cells --------------------------------------------------------------------------------


def spreadsheet_text(value: str) -> str:
    """``value`` as a CSV cell that a spreadsheet shows as text: a cell that would begin a formula
    (``=``, ``+``, ``-``, ``@``, tab or CR first) gets a ``'`` before it, as OWASP advises against
    CSV injection. A value whose quotes already stand before such a character gets one more, so
    :func:`spreadsheet_value` gives back exactly what was written."""
    return "'" + value if value.lstrip("'").startswith(FORMULA_STARTS) else value


def spreadsheet_value(cell: str) -> str:
    """A CSV cell read back: the quote :func:`spreadsheet_text` added (or a spreadsheet user typed
    to enter such a value as text) taken off."""
    return cell[1:] if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS) else cell
