"""Streaming: how an audit's input is cut into chunks, and what a document cut between two chunks
hands on from one to the next.

An audit reads its input as chunks of whole documents (:func:`cut_rows` as rows are read,
:func:`cut_table` for a table in memory, :func:`gather_documents` for documents read one by one)
and an engine splits a chunk into parts for its workers (:func:`cut_table` again). A document
longer than a chunk is cut inside: the chunks that hold its pieces are checked and scored in
order, each with a :class:`Cut` saying whether its first document began in the chunk before (the
:class:`DocumentState` that chunk handed on) and whether its last goes on in the next (the state
this chunk fills in for it). That state is all the checks and the scorer keep of a document
between chunks: the entries it rendered in full, its accepted renderings (on disk until it ends),
its names, and its open term counts.
"""

from __future__ import annotations

import pickle
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar, cast

from mtaudit.errors import OutputError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

T = TypeVar("T")
Row = dict[str, Any]


class DocumentsInterleaved(Exception):
    """A document's rows resumed after the chunk holding its first rows was handed on: its rows are
    not contiguous, so the input cannot be cut into chunks of whole documents."""


#: How many chunks :func:`cut_rows` makes of ``first_rows``.
FIRST_CHUNKS = 2


def cut_rows(rows: Iterator[Row], chunk_rows: int, first_rows: int | None = None) -> Iterator[list[Row]]:
    """Rows gathered into lists of at least ``chunk_rows`` rows — the first FIRST_CHUNKS of at
    least ``first_rows`` (fewer: a chunk is checked once the next is read, to know whether its last
    document goes on there, so smaller first chunks start the checks sooner) — cut where a
    document starts; a document that alone reaches twice a chunk's rows is cut inside (the next
    list goes on with it, see :class:`Cut`). Raises :class:`DocumentsInterleaved` when a document
    resumes after its list was yielded."""
    chunk: list[Row] = []
    documents: set[Any] = set()  # of the chunk being gathered
    done: set[Any] = set()  # of the chunks handed on
    last: Any = object()
    made = 0
    wanted = chunk_rows if first_rows is None else min(first_rows, chunk_rows)
    for row in rows:
        doc_id = row.get("doc_id")
        if doc_id != last:
            if len(chunk) >= wanted:
                yield chunk
                chunk = []
                done |= documents
                documents = set()
                made += 1
                wanted = wanted if made < FIRST_CHUNKS else chunk_rows
            if doc_id in done:
                raise DocumentsInterleaved(doc_id)
            documents.add(doc_id)
            last = doc_id
        elif len(chunk) >= 2 * wanted:  # inside a long document: it stays open
            yield chunk
            chunk = []
            done |= documents - {doc_id}
            documents = {doc_id}
            made += 1
            wanted = wanted if made < FIRST_CHUNKS else chunk_rows
        chunk.append(row)
    if chunk:
        yield chunk


def table_rows(table: pd.DataFrame, columns: list[str]) -> Iterator[tuple[Any, ...]]:
    """The rows of ``columns`` as tuples, as ``itertuples(index=False, name=None)`` gives them, but
    each column taken out as a list first: pandas iterates a pyarrow-backed string column value by
    value in Python, four times slower (8 µs a row of four columns, a tenth of the term analysis)."""
    return zip(*(table[column].tolist() for column in columns), strict=True)


def cut_table(
    segments: pd.DataFrame, parts: int, chunkable: bool = True, min_rows: int = 2_000, max_rows: int | None = None
) -> list[pd.DataFrame]:
    """About ``4 * parts`` chunks (``min_rows`` to about ``max_rows`` rows each, as documents
    allow) cut only between documents; one chunk when documents are not contiguous or
    ``chunkable`` is false."""
    bounds = _document_starts(segments) if chunkable else None
    if not bounds:
        return [segments]
    target = max(min_rows, -(-len(segments) // (4 * max(parts, 1))))
    target = min(target, max_rows) if max_rows else target
    cuts, last = [0], 0
    for start in bounds:
        if start - last >= target:
            cuts.append(start)
            last = start
    cuts.append(len(segments))
    return [segments.iloc[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _document_starts(segments: pd.DataFrame) -> list[int] | None:
    """Row positions where a new document starts, or None when a document's rows are split."""
    doc_ids = segments["doc_id"].tolist()
    starts = [i for i in range(1, len(doc_ids)) if doc_ids[i] != doc_ids[i - 1]]
    if len(starts) + 1 != len(set(doc_ids)):
        return None
    return starts


def gather_documents(tables: Iterable[pd.DataFrame], chunk_rows: int | None) -> Iterator[list[pd.DataFrame]]:
    """Consecutive documents' tables gathered until they hold at least ``chunk_rows`` rows (None:
    all of them), as :func:`cut_rows` cuts rows between documents; documents without rows add
    nothing, and no rows at all are one empty list."""
    gathered: list[pd.DataFrame] = []
    rows = 0
    for table in tables:
        if not len(table):
            continue
        if chunk_rows and rows >= chunk_rows:
            yield gathered
            gathered, rows = [], 0
        gathered.append(table)
        rows += len(table)
    yield gathered


def with_next(items: Iterable[T]) -> Iterator[tuple[T, T | None]]:
    """Each item with the one after it (None after the last): the next chunk is read ahead."""
    iterator = iter(items)
    current = next(iterator, None)
    while current is not None:
        following = next(iterator, None)
        yield current, following
        current = following


class Spill(Generic[T]):
    """Items appended and read back in order: kept in a list, or pickled one after another into
    the file at ``path`` (opened afresh to append and to read, so readings never disturb each other)."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._items: list[T] = []
        self._file: Any = None

    @classmethod
    def temporary(cls) -> Spill[T]:
        """On disk, in a temporary file removed when the spill is no longer used."""
        file = tempfile.NamedTemporaryFile(prefix="mtaudit-", suffix=".pickle")  # noqa: SIM115  # held: closing it removes the file
        spill: Spill[T] = cls(Path(file.name))
        spill._file = file
        return spill

    def append(self, item: T) -> None:
        if self._path is None:
            self._items.append(item)
            return
        try:
            with self._path.open("ab") as handle:
                pickle.dump(item, handle, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError as exc:  # a full temporary directory
            raise OutputError(
                f"cannot put a table aside in the temporary directory: {exc.strerror or exc}", self._path
            ) from None

    def __iter__(self) -> Iterator[T]:
        if self._path is None:
            yield from self._items
            return
        if not self._path.exists():
            return
        with self._path.open("rb") as handle:
            while True:
                try:
                    yield pickle.load(handle)
                except EOFError:
                    return


class AcceptedRendering(NamedTuple):
    """A glossary term rendered acceptably by a name of its entry: what consistency judges."""

    doc_id: str
    seg_id: str
    entry_id: str
    term: str
    start: int
    end: int
    found: str
    rendering: str


@dataclass
class NameMemory:
    """What the unlisted-name check knows of documents so far: (doc_id, name) rendered in full (a
    later surname alone then renders it), and known to be a name (rendered as one, or named so
    surely in the source)."""

    rendered: set[tuple[str, str]] = field(default_factory=set)
    known: set[tuple[str, str]] = field(default_factory=set)
    #: doc_id → its last sources (RECENT of them), the context that may say whose names they hold.
    recent: dict[str, list[str]] = field(default_factory=dict)
    #: doc_id → {characters of the source: the pinyin name the translation wrote for them}: names
    #: the translation itself shows, for the document's later mentions (one document at a time).
    written: dict[str, dict[str, str]] = field(default_factory=dict)

    RECENT = 10

    def of(self, doc_id: str) -> NameMemory:
        return NameMemory(
            {k for k in self.rendered if k[0] == doc_id},
            {k for k in self.known if k[0] == doc_id},
            {doc_id: list(self.recent.get(doc_id, []))},
            {doc_id: dict(self.written.get(doc_id, {}))},
        )

    def copy(self) -> NameMemory:
        return NameMemory(
            set(self.rendered),
            set(self.known),
            {k: list(v) for k, v in self.recent.items()},
            {k: dict(v) for k, v in self.written.items()},
        )

    def write(self, doc_id: str, names: dict[str, str]) -> None:
        """Remember the pinyin names a segment of ``doc_id`` wrote (the first rendering of each)."""
        if doc_id not in self.written:
            self.written = {doc_id: {}}
        for characters, rendering in names.items():
            self.written[doc_id].setdefault(characters, rendering)

    def context(self, doc_id: str) -> str:
        return "\n".join(self.recent.get(doc_id, ()))

    def read(self, doc_id: str, source: str) -> None:
        """Remember ``source`` as the latest of its document (one document's context at a time)."""
        if doc_id not in self.recent:
            self.recent = {doc_id: []}
        self.recent[doc_id] = (self.recent[doc_id] + [source])[-self.RECENT :]


@dataclass
class PlaceMemory:
    """The places (glossary entry ids) each of a document's last RECENT segments named in full: what
    its one-character abbreviations may stand for (the abbreviation check's memory)."""

    recent: dict[str, list[set[str]]] = field(default_factory=dict)

    RECENT = 10

    def named(self, doc_id: str) -> set[str]:
        return set().union(*self.recent.get(doc_id, ()))

    def add(self, doc_id: str, places: set[str]) -> None:
        """Remember the places of a document's latest segment (one document at a time)."""
        if doc_id not in self.recent:
            self.recent = {doc_id: []}
        self.recent[doc_id] = (self.recent[doc_id] + [places])[-self.RECENT :]

    def of(self, doc_id: str) -> PlaceMemory:
        return PlaceMemory({doc_id: [set(p) for p in self.recent.get(doc_id, ())]})

    def copy(self) -> PlaceMemory:
        return PlaceMemory({k: [set(p) for p in v] for k, v in self.recent.items()})


@dataclass
class DocumentState:
    """What a document cut between two chunks hands on to the chunk that goes on with it; the
    checks and the scorer of the chunk fill in their parts."""

    doc_id: str
    #: (doc_id, entry id) rendered in full, by the term analysis: short forms are accepted after.
    rendered_in_full: set[tuple[str, str]] = field(default_factory=set)
    #: Lists of the document's accepted renderings, one per chunk, on disk until it ends (consistency).
    accepted: Spill[list[AcceptedRendering]] = field(default_factory=Spill.temporary)
    #: The unlisted-name check's memory of the document.
    names: NameMemory = field(default_factory=NameMemory)
    #: The abbreviation check's memory of the document.
    places: PlaceMemory = field(default_factory=PlaceMemory)
    #: Entry id → renderings counted so far, by the scorer (the term figures count them at the end).
    term_counts: dict[str, Counter[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Cut:
    """Where a chunk stands among the documents cut between chunks: ``carried`` is the state of its
    first document, begun in an earlier chunk; ``hands_on`` the state to fill in for its last,
    which goes on in the next chunk (None: whole documents at that end)."""

    carried: DocumentState | None = None
    hands_on: DocumentState | None = None

    @property
    def open_document(self) -> str | None:
        """The last document, when it goes on in the next chunk."""
        return self.hands_on.doc_id if self.hands_on is not None else None

    @property
    def whole(self) -> bool:
        """The chunk holds whole documents only: it may be checked anywhere, in any order."""
        return self.carried is None and self.hands_on is None


#: A chunk of whole documents.
WHOLE = Cut()


def cut_chunks(chunks: Iterable[pd.DataFrame]) -> Iterator[tuple[pd.DataFrame, Cut]]:
    """Each chunk with its :class:`Cut`: the next chunk is read ahead to see whether the last
    document goes on there, and a cut document's state passes from each chunk to the next (the
    consumer fills in a chunk's part of the state before it uses the next chunk's)."""
    carried: DocumentState | None = None
    for chunk, following in with_next(chunks):
        last = cast(str, chunk["doc_id"].iat[-1])  # doc ids are text (see mtaudit.segments)
        hands_on = None
        if following is not None and following["doc_id"].iat[0] == last:
            spill = carried.accepted if carried is not None and carried.doc_id == last else Spill.temporary()
            hands_on = DocumentState(last, accepted=spill)
        yield chunk, Cut(carried, hands_on)
        carried = hands_on
