"""Where mtaudit keeps what is worth keeping between runs (translations, compiled glossaries, the
prepared dictionaries): ``$MTAUDIT_CACHE_DIR``, else the platform's user cache dir.

:class:`Prepared` is how a derived file set is kept there: built on the first run, checked and
reused by the next ones, rebuilt silently when a file is missing, truncated or corrupt, and
written atomically (several processes may build it at once: the last rename wins, and every
reader sees a whole set)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import mmap
import os
import pickle
import tempfile
import zlib
from collections.abc import Callable, Mapping
from contextlib import suppress
from functools import cache, lru_cache
from pathlib import Path
from typing import TypeVar

import platformdirs

from mtaudit.errors import OutputError
from mtaudit.files import write_all, write_atomic
from mtaudit.version import __version__

T = TypeVar("T")

CACHE_ENV = "MTAUDIT_CACHE_DIR"
#: The file of a prepared set that lists the others with their sizes and checksums; written last.
MANIFEST = "manifest.json"
#: The files' sizes, times and inodes when their checksums were last found right: while they are
#: the same, a run trusts the files without reading them (20 MiB of jieba's alone).
CHECKED = "checked.json"


def default_cache_dir() -> Path:
    """``$MTAUDIT_CACHE_DIR``, else the platform's user cache dir (e.g. ``~/.cache/mtaudit``)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()

    return Path(platformdirs.user_cache_dir("mtaudit", appauthor=False))


@cache
def installed_version(package: str) -> str:
    """The installed version of the distribution named as its package (``pypinyin``), read from the
    name of its ``.dist-info`` folder beside the package, as installers write it: what
    ``importlib.metadata.version`` gives, without importing importlib.metadata and parsing the
    package's metadata with the email parser (~15 ms of a short audit). Where there is no such
    folder alone (an editable install, an egg), importlib.metadata's answer."""
    folder = _installed_in(package)
    found = list(folder.glob(f"{package}-*.dist-info")) if folder is not None else []
    if len(found) == 1:
        return found[0].name[len(package) + 1 : -len(".dist-info")]
    from importlib.metadata import version

    return version(package)


def _installed_in(package: str) -> Path | None:
    """The folder a top-level package (a namespace package too) or module is installed in."""
    spec = importlib.util.find_spec(package)
    if spec is None:
        return None
    if spec.submodule_search_locations is not None:
        places = list(spec.submodule_search_locations)
        return Path(places[0]).parent if len(places) == 1 else None
    return Path(spec.origin).parent if spec.origin else None


def remembered(name: str, build: Callable[[], T], *inputs: str) -> T:
    """``build()``, computed once and then read back from the cache directory (pickled): for tables
    derived from dictionaries at every start. The file is named by ``inputs`` (what the table is
    derived from: versions, content hashes) and by mtaudit's own code (:func:`code_identity`), so a
    change to either builds it again; so does a file that cannot be read back."""
    path = default_cache_dir() / "derived" / f"{name}-{_key(inputs)}.pickle"
    try:
        return pickle.loads(path.read_bytes())  # noqa: S301 - mtaudit's own cache directory
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError, TypeError, IndexError):
        pass
    value = build()
    with suppress(OSError, OutputError):  # a cache that cannot be written is only a slower next run
        write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def derived_files(name: str, build: Callable[[], Mapping[str, bytes]], *inputs: str) -> dict[str, Path]:
    """The files ``build()`` makes (see :class:`Prepared`), named as :func:`remembered` names its
    file: by ``inputs`` and mtaudit's own code."""
    return Prepared(default_cache_dir() / "derived" / f"{name}-{_key(inputs)}", build).files()


def _key(inputs: tuple[str, ...]) -> str:
    return hashlib.sha256("\n".join((code_identity(), *inputs)).encode("utf-8")).hexdigest()[:24]


@lru_cache(maxsize=1)
def code_identity() -> str:
    """mtaudit's version and the size and time of every file of the package (its code and its data):
    what derived tables depend on besides their inputs. Stat only: ~1 ms."""
    root = Path(__file__).parent
    stats = [
        f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}"
        for path in sorted(root.rglob("*"))
        if path.suffix in (".py", ".tsv", ".txt")
        for stat in (path.stat(),)
    ]
    return hashlib.sha256("\n".join((__version__, *stats)).encode("utf-8")).hexdigest()


class Prepared:
    """A directory of files derived from something that rarely changes (a dictionary, a glossary),
    named by what it was derived from. :meth:`files` gives their paths once they are whole (each
    file's size and CRC-32 are those the manifest recorded: checked again whenever a file's size,
    time or inode is not the one last checked), building them first if need be."""

    def __init__(self, directory: Path, build: Callable[[], Mapping[str, bytes]]) -> None:
        self.directory = directory
        self._build = build

    def files(self) -> dict[str, Path]:
        """File name → path of every file of the set, built now when absent or damaged."""
        found = self._verified()
        if found is not None:
            return found
        contents = dict(self._build())
        manifest = {name: [len(data), zlib.crc32(data)] for name, data in contents.items()}
        outputs = {self.directory / name: data for name, data in contents.items()}
        outputs[self.directory / MANIFEST] = json.dumps(manifest, sort_keys=True).encode("utf-8")
        try:
            write_all(outputs)
        except (OSError, OutputError):  # a cache that cannot be written: use what was built, from a temporary place
            return self._unwritable(contents)
        paths = {name: self.directory / name for name in contents}
        self._stamp(paths)
        return paths

    def _verified(self) -> dict[str, Path] | None:
        try:
            manifest = json.loads((self.directory / MANIFEST).read_bytes())
            paths = {name: self.directory / name for name in manifest}
            if _stats(paths) == _read_json(self.directory / CHECKED):
                return paths
            if all(_checksum(paths[name]) == (size, crc) for name, (size, crc) in manifest.items()):
                self._stamp(paths)
                return paths
        except (OSError, ValueError, TypeError, KeyError):
            pass
        return None

    def _stamp(self, paths: dict[str, Path]) -> None:
        with suppress(OSError, OutputError):  # only a slower next run
            write_atomic(self.directory / CHECKED, json.dumps(_stats(paths), sort_keys=True))

    def _unwritable(self, contents: Mapping[str, bytes]) -> dict[str, Path]:
        directory = Path(tempfile.mkdtemp(prefix="mtaudit-prepared-"))
        for name, data in contents.items():
            (directory / name).write_bytes(data)
        return {name: directory / name for name in contents}


def _stats(paths: dict[str, Path]) -> dict[str, list[int]]:
    return {
        name: [stat.st_size, stat.st_mtime_ns, stat.st_ino] for name, path in paths.items() for stat in (path.stat(),)
    }


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None


def _checksum(path: Path) -> tuple[int, int]:
    """(size, CRC-32) of a file, read in blocks (nothing of it stays in memory)."""
    crc, size = 0, 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            crc, size = zlib.crc32(block, crc), size + len(block)
    return size, crc


def mapped(path: Path) -> memoryview:
    """A file's bytes mapped read-only: pages are read when touched, and shared with every process
    that maps the same file (forked workers included)."""
    with path.open("rb") as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            return memoryview(b"")
        return memoryview(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
