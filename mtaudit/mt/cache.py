"""A persistent translation cache: SQLite in the user cache dir, keyed by model, revision,
generation settings and source text, so a CI re-run of unchanged content translates nothing."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from mtaudit.cachedir import default_cache_dir
from mtaudit.errors import ConfigError

CACHE_FILE = "mt-cache.sqlite3"
_CHUNK = 500  # SQLite's bound on host parameters is 999 on old builds


def cache_key(model: str, settings: Mapping[str, Any], source: str) -> str:
    """``model`` is the model's identity (hub name and commit, or a local directory's content hash)."""
    payload = json.dumps([model, dict(settings), source], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def sha256_file(path: Path) -> bytes:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.digest()


class TranslationCache:
    """Key → translation; ``enabled=False`` keeps nothing (every lookup misses)."""

    def __init__(self, directory: str | Path | None = None, enabled: bool = True):
        self.path: Path | None = None
        self._db: sqlite3.Connection | None = None
        if not enabled:
            return
        self.path = Path(directory).expanduser() / CACHE_FILE if directory else default_cache_dir() / CACHE_FILE
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS translations (key TEXT PRIMARY KEY, model TEXT, translation TEXT, created REAL)"
            )
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS file_digests (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, digest BLOB)"
            )
            self._db.commit()
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(
                f"cannot open the MT cache ({exc}); use --mt-cache DIR or --no-mt-cache", self.path
            ) from None

    def get_many(self, keys: Iterable[str]) -> dict[str, str]:
        keys = list(dict.fromkeys(keys))
        found: dict[str, str] = {}
        if self._db is not None:
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(f"SELECT key, translation FROM translations WHERE key IN ({marks})", chunk)
                found.update(rows.fetchall())
        return found

    def put_many(self, model: str, items: Mapping[str, str]) -> None:
        if self._db is None or not items:
            return
        now = time.time()
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO translations (key, model, translation, created) VALUES (?, ?, ?, ?)",
                [(key, model, text, now) for key, text in items.items()],
            )

    def file_digest(self, path: Path) -> bytes:
        """sha256 of a file, remembered by (path, size, mtime): a warm run does not re-read model weights."""
        stat = path.stat()
        if self._db is not None:
            row = self._db.execute(
                "SELECT digest FROM file_digests WHERE path = ? AND size = ? AND mtime_ns = ?",
                (str(path), stat.st_size, stat.st_mtime_ns),
            ).fetchone()
            if row is not None:
                return bytes(row[0])
        digest = sha256_file(path)
        if self._db is not None:
            with self._db:
                self._db.execute(
                    "INSERT OR REPLACE INTO file_digests VALUES (?, ?, ?, ?)",
                    (str(path), stat.st_size, stat.st_mtime_ns, digest),
                )
        return digest

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
