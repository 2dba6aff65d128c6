"""pypinyin, with its dictionaries prepared once in the cache directory instead of read at import.

Importing pypinyin parses two JSON files (47k phrases, 42k characters) and builds a set of every
prefix of every phrase for its phrase segmenter: 0.4 s and 55 MiB before the first reading. Here
both are packed tables (:mod:`mtaudit.packed`: a marisa-trie mapped from disk, each entry's
readings marshalled), and the phrases' trie also answers the segmenter's prefix questions: pypinyin
runs its own code on the same data, so every reading is its own (``tests/glossary/test_pinyin_data.py``
compares with pypinyin imported as usual, in another process). When pypinyin was imported before
(by the caller), that import is used as it is; so is a version of pypinyin this was not checked
against (:data:`CHECKED`), whose import may differ.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator, MutableMapping
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

from mtaudit.cachedir import Prepared, default_cache_dir, installed_version
from mtaudit.packed import PackedMapping, pack

#: Bumped when the prepared files change.
FORMAT = 2
#: The pypinyin releases (major.minor) whose import this module was checked against.
CHECKED = ("0.55",)


class Phrases(MutableMapping[str, list[list[str]]]):
    """pypinyin's ``PHRASES_DICT`` (phrase → readings of each character) read from the packed
    table; phrases pypinyin is given later (``load_phrases_dict``) are kept beside it. Hidden (empty)
    until :meth:`reveal`: see :func:`pypinyin`."""

    def __init__(self, files: dict[str, Path]) -> None:
        self.packed: PackedMapping[list[list[str]]] = PackedMapping(files, "phrases")
        self.ids = self.packed.keys_trie
        self._added: dict[str, list[list[str]]] = {}
        self._shown = False

    def reveal(self) -> None:
        self._shown = True

    def __contains__(self, phrase: object) -> bool:
        return phrase in self._added or (self._shown and phrase in self.ids)

    def __getitem__(self, phrase: str) -> list[list[str]]:
        if phrase in self._added:
            return self._added[phrase]
        if not self._shown:
            raise KeyError(phrase)
        return self.packed[phrase]

    def __setitem__(self, phrase: str, readings: list[list[str]]) -> None:
        self._added[phrase] = readings

    def __delitem__(self, phrase: str) -> None:
        del self._added[phrase]

    def __iter__(self) -> Iterator[str]:
        yield from self._added
        if self._shown:
            yield from (phrase for phrase in self.packed if phrase not in self._added)

    def __len__(self) -> int:
        return len(self._added) + (sum(1 for p in self.packed if p not in self._added) if self._shown else 0)

    def __bool__(self) -> bool:
        return bool(self._added) or (self._shown and len(self.ids) > 0)

    def copy(self) -> Phrases:
        """pypinyin copies its dictionaries so that additions do not touch the originals; additions
        here never touch the prepared files."""
        return self


class Characters(MutableMapping[int, str]):
    """pypinyin's ``PINYIN_DICT`` (code point → readings, comma-separated) read from the packed
    table (keyed by the character); characters pypinyin is given later are kept beside it."""

    def __init__(self, files: dict[str, Path]) -> None:
        self.packed: PackedMapping[str] = PackedMapping(files, "characters")
        self._added: dict[int, str] = {}

    def __contains__(self, code: object) -> bool:
        return code in self._added or (isinstance(code, int) and 0 <= code < 0x110000 and chr(code) in self.packed)

    def __getitem__(self, code: int) -> str:
        if code in self._added:
            return self._added[code]
        if not (isinstance(code, int) and 0 <= code < 0x110000):
            raise KeyError(code)
        return self.packed[chr(code)]

    def __setitem__(self, code: int, readings: str) -> None:
        self._added[code] = readings

    def __delitem__(self, code: int) -> None:
        del self._added[code]

    def __iter__(self) -> Iterator[int]:
        yield from self._added
        yield from (ord(char) for char in self.packed if ord(char) not in self._added)

    def __len__(self) -> int:
        return len(self._added) + sum(1 for char in self.packed if ord(char) not in self._added)

    def copy(self) -> Characters:
        """As :meth:`Phrases.copy`."""
        return self


class PhrasePrefixes:
    """pypinyin's phrase segmenter's ``PrefixSet``: the trie answers whether a text begins a
    phrase; phrases added later are trained in as pypinyin trains its own set."""

    def __init__(self, phrases: Phrases) -> None:
        self._ids = phrases.ids
        self._added: set[str] = set()

    def train(self, words: Any) -> None:
        for word in words:
            if word not in self._ids:
                self._added.update(word[: i + 1] for i in range(len(word)))

    def __contains__(self, key: str) -> bool:
        return bool(key) and (key in self._added or next(iter(self._ids.iterkeys(key)), None) is not None)


def pypinyin() -> ModuleType:
    """The pypinyin module, imported (once) over the prepared dictionaries. Its phrase segmenter
    trains a prefix set on every phrase as it is imported: the phrases stay hidden until the import
    is done, and the trie then answers for that set."""
    if "pypinyin" in sys.modules or ".".join(installed_version("pypinyin").split(".")[:2]) not in CHECKED:
        import pypinyin as usual  # deferred: imported as usual, see above

        return usual
    files = _prepared()
    phrases, characters = Phrases(files), Characters(files)
    sys.modules["pypinyin.phrases_dict"] = _module("pypinyin.phrases_dict", phrases_dict=phrases)
    sys.modules["pypinyin.pinyin_dict"] = _module("pypinyin.pinyin_dict", pinyin_dict=characters)
    try:
        import pypinyin as module  # deferred: over the prepared dictionaries, see above
        from pypinyin.seg import mmseg
    except BaseException:
        for name in ("pypinyin.phrases_dict", "pypinyin.pinyin_dict"):
            sys.modules.pop(name, None)
        raise
    mmseg.p_set = mmseg.seg._prefix_set = PhrasePrefixes(phrases)  # type: ignore[assignment]  # duck-typed set
    phrases.reveal()
    return module


def characters() -> MutableMapping[int, str]:
    """pypinyin's character table (code point → its readings, comma-separated)."""
    pypinyin()
    return sys.modules["pypinyin.pinyin_dict"].pinyin_dict


def _module(name: str, **attributes: Any) -> ModuleType:
    module = ModuleType(name)
    module.__dict__.update(attributes)
    return module


@lru_cache(maxsize=1)
def identity() -> str:
    """What names pypinyin's dictionaries: its version and its dictionary files' sizes and times
    (tables derived from its readings are rebuilt when it changes)."""
    stats = "-".join(f"{path.stat().st_size}.{path.stat().st_mtime_ns}" for path in _sources().values())
    return f"pypinyin-{installed_version('pypinyin')}-{stats}-v{FORMAT}"


@lru_cache(maxsize=1)
def _prepared() -> dict[str, Path]:
    return Prepared(default_cache_dir() / "pinyin" / identity(), _prepare).files()


def _sources() -> dict[str, Path]:
    """pypinyin's two dictionary modules (found without importing pypinyin)."""
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pypinyin")
    package = Path(next(iter(spec.submodule_search_locations)))
    return {"phrases": package / "phrases_dict.py", "characters": package / "pinyin_dict.py"}


def _load_source(path: Path) -> ModuleType:
    """One of pypinyin's dictionary modules, run on its own (not registered as part of pypinyin)."""
    spec = importlib.util.spec_from_file_location(f"_mtaudit_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(str(path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _prepare() -> dict[str, bytes]:
    """The phrases and the character table packed, as pypinyin's own modules read them."""
    sources = _sources()
    phrases: dict[str, list[list[str]]] = _load_source(sources["phrases"]).phrases_dict
    table: dict[int, str] = _load_source(sources["characters"]).pinyin_dict
    return {
        **pack(phrases.items(), "phrases"),
        **pack(((chr(code), value) for code, value in table.items()), "characters"),
    }
