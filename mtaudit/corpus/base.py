"""The reader interfaces: one class per input format.

- :class:`Reader` reads one *bilingual* file (TSV, JSONL, XLIFF, TMX, PO) and yields segment rows
  (dicts with segment-table keys) one at a time, so a pipeline can stream them.
- :class:`SideReader` reads one *monolingual* side (a document, a text file); two sides are
  paired and aligned by :mod:`mtaudit.corpus.pairs`, and an English side alone is audited in
  target-only mode.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar


@dataclass
class Sentence:
    """One unit of a document: its stable id, text and 1-based line/column in the file."""

    id: str
    text: str
    line: int | None = None
    column: int | None = None


@dataclass
class Document:
    path: Path
    fields: dict[str, Sentence] = field(default_factory=dict)
    paragraphs: list[list[Sentence]] = field(default_factory=list)

    def sentences(self) -> list[Sentence]:
        return [s for paragraph in self.paragraphs for s in paragraph]


class Reader:
    """Reads one bilingual file into segment rows.

    Subclasses set ``name``, ``extensions`` and ``summary`` and implement :meth:`rows`.
    """

    name: ClassVar[str] = ""
    extensions: ClassVar[tuple[str, ...]] = ()
    summary: ClassVar[str] = ""

    def rows(self, path: Path, doc_id: str) -> Iterator[dict[str, Any]]:
        raise NotImplementedError

    def documents(self, path: Path) -> bool:
        """Whether the file is divided into documents (XLIFF files, a PO catalogue), or is a table of
        segments that may come from anywhere (a TSV without a ``doc_id`` column, a TMX)."""
        return True

    def own_ids(self, path: Path) -> bool:
        """Whether ``seg_id`` is the file's own id of each unit (XLIFF ids, an ``id`` column), which
        another file of the same units repeats, rather than a position (``--mt-from`` matches rows
        by id only between files that have ids)."""
        return True


class SideReader:
    """Reads one monolingual side into a :class:`Document`."""

    name: ClassVar[str] = ""
    extensions: ClassVar[tuple[str, ...]] = ()
    summary: ClassVar[str] = ""

    def read(self, path: Path, language: str) -> Document:
        raise NotImplementedError
