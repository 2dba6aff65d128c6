"""Where mtaudit keeps what is worth keeping between runs (translations, large glossaries' jieba
dictionaries): ``$MTAUDIT_CACHE_DIR``, else the platform's user cache dir."""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

CACHE_ENV = "MTAUDIT_CACHE_DIR"


def default_cache_dir() -> Path:
    """``$MTAUDIT_CACHE_DIR``, else the platform's user cache dir (e.g. ``~/.cache/mtaudit``)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()

    return Path(platformdirs.user_cache_dir("mtaudit", appauthor=False))
