"""Read-only tables kept as files (see :class:`mtaudit.cachedir.Prepared`): the keys in a
marisa-trie, each key's value marshalled, both mapped from disk. Opening one costs nothing and a
lookup touches only its own pages, where a dict of the same table would be read whole (tens of
MiB, tenths of a second) by every process that asks it one question."""

from __future__ import annotations

import marshal
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Generic, TypeVar

import marisa_trie

from mtaudit.cachedir import mapped

V = TypeVar("V")


def pack(items: Iterable[tuple[str, Any]], name: str) -> dict[str, bytes]:
    """The files of a table (``name.marisa``, ``.offsets``, ``.values``, and ``.order``: the keys
    in the order given, which iteration keeps); a key given twice keeps its first value. Values
    must be marshallable (atoms, tuples, lists, dicts)."""
    values: dict[str, Any] = {}
    for key, value in items:
        values.setdefault(key, value)
    trie = marisa_trie.Trie(values)
    blob, offsets = bytearray(), array("I", [0])
    for key, _ in sorted(trie.iteritems(), key=lambda item: item[1]):
        blob += marshal.dumps(values[key])
        offsets.append(len(blob))
    order = array("I", (trie[key] for key in values))
    return {
        f"{name}.marisa": trie.tobytes(),
        f"{name}.offsets": offsets.tobytes(),
        f"{name}.values": bytes(blob),
        f"{name}.order": order.tobytes(),
    }


def open_trie(path: Path) -> marisa_trie.Trie:
    """A marisa-trie file, mapped."""
    trie = marisa_trie.Trie()
    trie.mmap(str(path))
    return trie


class PackedMapping(Mapping[str, V], Generic[V]):
    """A packed table as a read-only mapping; ``decode`` turns a stored value into what the
    mapping gives (a named tuple, say), once per key."""

    def __init__(self, files: Mapping[str, Path], name: str, decode: Callable[[Any], V] | None = None) -> None:
        self.keys_trie = open_trie(files[f"{name}.marisa"])
        self._offsets = mapped(files[f"{name}.offsets"]).cast("I")
        self._values = mapped(files[f"{name}.values"])
        self._order = mapped(files[f"{name}.order"]).cast("I")
        self._decode = decode
        self._decoded: dict[int, V] = {}

    def value_at(self, index: int) -> V:
        """The value of the key whose trie id is ``index``."""
        found = self._decoded.get(index)
        if found is None:
            value = marshal.loads(self._values[self._offsets[index] : self._offsets[index + 1]])
            found = self._decoded[index] = self._decode(value) if self._decode else value
        return found

    def get(self, key: str, default: Any = None) -> Any:
        index = self.keys_trie.get(key)
        return default if index is None else self.value_at(index)

    def __getitem__(self, key: str) -> V:
        index = self.keys_trie.get(key)
        if index is None:
            raise KeyError(key)
        return self.value_at(index)

    def __contains__(self, key: object) -> bool:
        return key in self.keys_trie

    def keys_starting(self, text: str) -> list[str]:
        """The keys ``text`` starts with, in one walk of the trie (where a key would otherwise be
        looked up for each prefix of ``text``)."""
        return self.keys_trie.prefixes(text)

    def __iter__(self) -> Iterator[str]:
        """The keys in the order they were packed in."""
        return (self.keys_trie.restore_key(index) for index in self._order)

    def __len__(self) -> int:
        return len(self.keys_trie)

    def items(self) -> Iterator[tuple[str, V]]:  # type: ignore[override]  # an iterator, not a view
        return ((self.keys_trie.restore_key(index), self.value_at(index)) for index in self._order)
