"""Word-boundary guard for source hits: a term that straddles a word is not the term.

王毅 (Wang Yi) inside 国王毅然 ("the king resolutely") is two halves of two words. A cheap test
first asks whether any dictionary word could cross a boundary of the hit; only then is the
sentence segmented with jieba (glossary forms added to its dictionary) and the hit rejected if
a jieba token crosses its start or end.
"""
from __future__ import annotations

import hashlib
import logging
import marshal
from collections.abc import Iterable
from contextlib import suppress
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import jieba

from mtaudit.cachedir import default_cache_dir
from mtaudit.errors import OutputError
from mtaudit.files import write_atomic

MAX_WORD = 4
#: From this many glossary forms, jieba's dictionary with the forms added is kept on disk.
DISK_CACHE_FORMS = 2_000
#: Distinct boundary windows remembered before the memo starts afresh.
WINDOW_CACHE = 500_000


class Dictionary(NamedTuple):
    """jieba with the glossary forms added, and every pair of adjacent characters inside one of
    its words: a word can only cross a boundary whose two neighbouring characters form such a pair."""

    tokenizer: Any
    pairs: frozenset[str]


@lru_cache(maxsize=4)
def dictionary(forms: tuple[str, ...]) -> Dictionary:
    """Built once per glossary (~1 s), and from DISK_CACHE_FORMS forms kept on disk: jieba works out
    each added form's frequency by segmenting it (~20 µs a form, 2 s for 100k), and the pairs walk
    every word, while loading both back costs what jieba's own load does."""
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    path = _dictionary_cache(forms) if len(forms) >= DISK_CACHE_FORMS else None
    state = _load_dictionary(path) if path else None
    if state is not None:
        tokenizer.FREQ, tokenizer.total, pairs = state
        tokenizer.initialized = True
        return Dictionary(tokenizer, pairs)
    tokenizer.initialize()
    for form in forms:
        tokenizer.add_word(form)
    pairs = frozenset(word[i:i + 2] for word, freq in tokenizer.FREQ.items() if freq for i in range(len(word) - 1))
    if path:
        _save_dictionary(path, (tokenizer.FREQ, tokenizer.total, pairs))
    return Dictionary(tokenizer, pairs)


def _dictionary_cache(forms: tuple[str, ...]) -> Path:
    """The cache file for jieba's stock dictionary with ``forms`` added: named by jieba's version
    (which fixes that dictionary) and the forms."""
    digest = hashlib.sha256("\n".join((jieba.__version__, *forms)).encode("utf-8"))
    return default_cache_dir() / "jieba" / f"glossary-{digest.hexdigest()[:24]}.v2.marshal"


def _load_dictionary(path: Path) -> tuple[dict[str, int], int, frozenset[str]] | None:
    try:
        with path.open("rb") as handle:
            freq, total, pairs = marshal.load(handle)
    except (OSError, EOFError, ValueError, TypeError):  # absent, or unreadable: build it again
        return None
    return freq, total, pairs


def _save_dictionary(path: Path, state: tuple[dict[str, int], int, frozenset[str]]) -> None:
    """Written atomically (a reader never sees half a file); a cache that cannot be written is
    only a slower next run."""
    with suppress(OutputError):
        write_atomic(path, marshal.dumps(state))


class BoundaryGuard:
    def __init__(self, glossary_forms: Iterable[str]):
        self._forms = [f for f in glossary_forms if len(f) > 1]
        self._windows: dict[tuple[str, int], bool] = {}

    @cached_property
    def _tokenizer(self):
        return dictionary(tuple(sorted(self._forms))).tokenizer

    @cached_property
    def _pairs(self) -> frozenset[str]:
        return dictionary(tuple(sorted(self._forms))).pairs

    def _may_cross(self, text: str, boundary: int) -> bool:
        """Is there a dictionary word covering characters ``boundary-1`` and ``boundary``?"""
        if boundary <= 0 or boundary >= len(text) or text[boundary - 1:boundary + 1] not in self._pairs:
            return False
        # Only the MAX_WORD-1 characters either side matter: answer once per distinct window.
        first = max(0, boundary - MAX_WORD + 1)
        window = (text[first:boundary + MAX_WORD - 1], boundary - first)
        known = self._windows.get(window)
        if known is None:
            if len(self._windows) >= WINDOW_CACHE:
                self._windows.clear()
            known = self._windows[window] = self._window_may_cross(*window)
        return known

    def _window_may_cross(self, text: str, boundary: int) -> bool:
        freq = self._tokenizer.FREQ
        for start in range(max(0, boundary - MAX_WORD + 1), boundary):
            for end in range(boundary + 1, min(len(text), start + MAX_WORD) + 1):
                if freq.get(text[start:end]):
                    return True
        return False

    def straddles(self, text: str, start: int, end: int) -> bool:
        """True when ``text[start:end]`` cuts through a word of the segmented sentence."""
        pairs = self._pairs  # the cheapest test first, inline: it settles almost every hit
        if text[start - 1:start + 1] not in pairs and text[end - 1:end + 1] not in pairs:
            return False
        if not (self._may_cross(text, start) or self._may_cross(text, end)):
            return False
        position = 0
        for token in self._tokenizer.cut(text, HMM=False):
            token_end = position + len(token)
            if position < start < token_end or position < end < token_end:
                return True
            if position >= end:
                break
            position = token_end
        return False
