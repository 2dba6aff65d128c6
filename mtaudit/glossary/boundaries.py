"""Word-boundary guard for source hits: a term that straddles a word is not the term.

王毅 (Wang Yi) inside 国王毅然 ("the king resolutely") is two halves of two words. A cheap test
first asks whether any dictionary word could cross a boundary of the hit; only then is the
sentence segmented with jieba (glossary forms added to its dictionary) and the hit rejected if
a jieba token crosses its start or end.
"""

from __future__ import annotations

import hashlib
import marshal
import weakref
from collections.abc import Iterable
from contextlib import suppress
from functools import cached_property, lru_cache
from pathlib import Path

import marisa_trie

from mtaudit.cachedir import default_cache_dir
from mtaudit.errors import OutputError
from mtaudit.files import write_atomic
from mtaudit.glossary import segmenter
from mtaudit.glossary.jiebaload import jieba

MAX_WORD = 4
#: jieba's tags of names: places, organisations, other proper nouns, persons.
NAME_TAGS = ("ns", "nt", "nz", "nr")
#: Distinct boundary windows remembered before the memo starts afresh.
WINDOW_CACHE = 500_000
#: Hits asked about before the dictionary's trie gives way to jieba's dicts (see
#: :mod:`mtaudit.glossary.segmenter`): only a long input asks this often.
WHOLE_AFTER_HITS = 50_000


class Pairs:
    """Every pair of adjacent characters inside a word of the stock dictionary (the prepared trie)
    or of the glossary's forms."""

    __slots__ = ("_stock", "_added")

    def __init__(self, stock: marisa_trie.Trie, added: frozenset[str]) -> None:
        self._stock, self._added = stock, added

    def __contains__(self, pair: object) -> bool:
        return pair in self._added or pair in self._stock


class Dictionary:
    """jieba with the glossary forms added, and every pair of adjacent characters inside one of
    its words: a word can only cross a boundary whose two neighbouring characters form such a pair."""

    def __init__(self, added: dict[str, int], total: int, added_pairs: frozenset[str]) -> None:
        self.tokenizer = segmenter.extended_tokenizer(added, total)
        self.pairs: Pairs | frozenset[str] = Pairs(segmenter.prepared().pairs, added_pairs)
        self._added_pairs = added_pairs
        _LIVE.add(self)

    def load_whole(self) -> None:
        """jieba's dicts and every pair in one frozenset, for the fast lookups a long input needs."""
        if isinstance(self.pairs, Pairs):
            self.tokenizer.load_whole()
            self.pairs = segmenter.prepared().whole_pairs() | self._added_pairs


#: Every dictionary in use, for :func:`load_whole`.
_LIVE: weakref.WeakSet[Dictionary] = weakref.WeakSet()


def load_whole() -> None:
    """Every dictionary in use with jieba's dicts and its pairs in a frozenset: called before worker
    processes are forked for a large input, so that they share them instead of each loading them."""
    for found in list(_LIVE):
        found.load_whole()


@lru_cache(maxsize=4)
def dictionary(forms: tuple[str, ...]) -> Dictionary:
    """Built once per glossary and kept on disk: jieba works out each added form's frequency by
    segmenting it (~20 µs a form, 2 s for 100k); what the forms add to the stock dictionary (their
    entries, the new total, their character pairs) is small, and loaded back in no time."""
    path = _dictionary_cache(forms)
    state = _load_dictionary(path)
    if state is None:
        state = additions(forms)
        _save_dictionary(path, state)
    return Dictionary(*state)


def additions(forms: tuple[str, ...]) -> tuple[dict[str, int], int, frozenset[str]]:
    """What jieba's ``add_word`` of every form (in order: each form's frequency depends on those
    before) changes in its dictionary: the entries of the forms and of their new prefixes, the
    total, and the pairs of characters inside the forms."""
    tokenizer = segmenter.extended_tokenizer({}, segmenter.prepared().total)
    stock = segmenter.tokenizer().FREQ
    for form in forms:
        tokenizer.add_word(form)
    freq = tokenizer.FREQ
    added = {
        prefix: freq[prefix]
        for form in forms
        for prefix in (form[:i] for i in range(1, len(form) + 1))
        if stock.get(prefix) != freq[prefix]
    }
    pairs = frozenset(word[i : i + 2] for word, count in added.items() if count for i in range(len(word) - 1))
    return added, tokenizer.total, pairs


def _dictionary_cache(forms: tuple[str, ...]) -> Path:
    """The cache file of what ``forms`` add to jieba's stock dictionary: named by jieba's version
    (which fixes that dictionary) and the forms."""
    digest = hashlib.sha256("\n".join((jieba.__version__, *forms)).encode("utf-8"))
    return default_cache_dir() / "jieba" / f"glossary-{digest.hexdigest()[:24]}.v3.marshal"


def _load_dictionary(path: Path) -> tuple[dict[str, int], int, frozenset[str]] | None:
    try:
        with path.open("rb") as handle:
            added, total, pairs = marshal.load(handle)
    except (OSError, EOFError, ValueError, TypeError):  # absent, or unreadable: build it again
        return None
    return added, total, pairs


def _save_dictionary(path: Path, state: tuple[dict[str, int], int, frozenset[str]]) -> None:
    """Written atomically (a reader never sees half a file); a cache that cannot be written is
    only a slower next run."""
    with suppress(OutputError):
        write_atomic(path, marshal.dumps(state))


class BoundaryGuard:
    def __init__(self, glossary_forms: Iterable[str]):
        self._forms = [f for f in glossary_forms if len(f) > 1]
        self._windows: dict[tuple[str, int], bool] = {}
        self._asked = 0

    @cached_property
    def _dictionary(self) -> Dictionary:
        return dictionary(tuple(sorted(self._forms)))

    def _may_cross(self, text: str, boundary: int) -> bool:
        """Is there a dictionary word covering characters ``boundary-1`` and ``boundary``?"""
        if boundary <= 0 or boundary >= len(text) or text[boundary - 1 : boundary + 1] not in self._dictionary.pairs:
            return False
        # Only the MAX_WORD-1 characters either side matter: answer once per distinct window.
        first = max(0, boundary - MAX_WORD + 1)
        window = (text[first : boundary + MAX_WORD - 1], boundary - first)
        known = self._windows.get(window)
        if known is None:
            if len(self._windows) >= WINDOW_CACHE:
                self._windows.clear()
            known = self._windows[window] = self._window_may_cross(*window)
        return known

    def _window_may_cross(self, text: str, boundary: int) -> bool:
        freq = self._dictionary.tokenizer.FREQ
        for start in range(max(0, boundary - MAX_WORD + 1), boundary):
            for end in range(boundary + 1, min(len(text), start + MAX_WORD) + 1):
                if freq.get(text[start:end]):
                    return True
        return False

    def straddles(self, text: str, start: int, end: int) -> bool:
        """True when ``text[start:end]`` cuts through a word of the segmented sentence."""
        self._asked += 1
        if self._asked == WHOLE_AFTER_HITS:
            self._dictionary.load_whole()
        pairs = self._dictionary.pairs  # the cheapest test first, inline: it settles almost every hit
        if text[start - 1 : start + 1] not in pairs and text[end - 1 : end + 1] not in pairs:
            return False
        if not (self._may_cross(text, start) or self._may_cross(text, end)):
            return False
        position = 0
        for token in self._dictionary.tokenizer.cut(text, HMM=False):
            token_end = position + len(token)
            if position < start < token_end or (
                position < end < token_end and not self._opens(token, position, start, end)
            ):
                return True
            if position >= end:
                break
            position = token_end
        return False

    def _opens(self, token: str, position: int, start: int, end: int) -> bool:
        """The hit ``start:end`` opens ``token`` (which starts at ``position``), a common noun whose rest
        is a word of two or more characters (重庆|火锅, Chongqing hotpot): a compound the term opens,
        not a word it cuts through (王毅 in 国王毅然 starts inside a word; 马云 in 马云飞 leaves one
        character). A longer name (遵义会议, a name in jieba's dictionary) is left to the name checks."""
        rest = token[end - position :]
        return (
            position == start
            and len(rest) >= 2
            and bool(self._dictionary.tokenizer.FREQ.get(rest))
            and not any(word == token and tag[:2] in NAME_TAGS for word, tag in segmenter.tagged_words_starting(token))
        )
