"""Translations the user already has (``--mt-from FILE``): other engines' output, a previous release.

Each file translates the sources of the audited input; its translations become one more item of
the segment table's ``mt_from`` column (a list, in the order the files were given, None where a
file has no row), which name triangulation compares with the target.

A file is a bilingual file in any input format (its target is the translation) or a plain English
file with one line per segment. Rows are matched to the input's, chunk by chunk as the input
streams:

- **by id** — ``(doc_id, seg_id)``, or ``seg_id`` alone unless both files name documents — when
  both files have ids of their own (see :meth:`mtaudit.corpus.base.Reader.own_ids`): the file is
  indexed once in a temporary SQLite database on disk, so any order works and memory holds one
  chunk; a segment the file lacks gets None;
- **by line number** when the input is a line-aligned pair and the file plain text (line *n* is
  segment *n*, blank input lines included);
- **else by position**, the file read as a stream in step with the input (a plain file: one row
  per line, blank lines too); the file must then have as many rows as the input.

A bilingual file's sources are compared with the input's (whitespace and Unicode width aside): a
chunk where more than a quarter of them differ is another corpus (or rows out of step), refused
naming the file and line; fewer differing rows are sources edited since (a previous release) and
get None, with a notice.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

import pandas as pd

from mtaudit.corpus import reader_for, spec_for
from mtaudit.corpus.documents import is_plain_text
from mtaudit.corpus.pairs import aligned_by_line
from mtaudit.corpus.plaintext import LineReader
from mtaudit.encoding import iter_lines
from mtaudit.errors import InputError
from mtaudit.segments import SEGMENT_COLUMNS

if TYPE_CHECKING:  # pragma: no cover
    import sqlite3

    import pandas as pd

    from mtaudit.corpus.base import Reader

#: The segment-table column holding the translations of the ``--mt-from`` files.
COLUMN = "mt_from"
#: A chunk whose compared sources differ more often than this (share) is another corpus.
MAX_DIFFERING_SHARE = 0.25
#: Rows inserted into the id index at once.
_INDEX_BATCH = 10_000


@dataclass(frozen=True)
class Shape:
    """How a file identifies its rows: ``ids`` is "own" (ids of its own), "line" (line numbers of a
    line-aligned file) or "position"; ``documents`` whether it names documents; ``default_doc`` the
    doc_id of rows that name none."""

    ids: str
    documents: bool
    default_doc: str


class VoiceRow(NamedTuple):
    doc_id: str
    seg_id: str
    source: str | None
    text: str | None
    line: int | None


def input_shape(input: str | Path | pd.DataFrame, target: str | Path | None) -> Shape:
    """The shape of the audited input (a table in memory has ids of its own)."""
    if isinstance(input, pd.DataFrame):
        return Shape("own", "doc_id" in input.columns, "")
    path = Path(input)
    for side in (path, Path(target) if target is not None else path):
        if not side.exists():
            raise InputError("file not found", side)
    if path.is_dir() or (target is not None and Path(target).is_dir()):
        return Shape("own", True, "")
    if target is not None:
        by_line = aligned_by_line(path, Path(target), reader_for(path), reader_for(Path(target)))
        return Shape("line" if by_line else "own", False, path.stem)
    spec = spec_for(path)
    if spec.bilingual:
        reader = spec.load()
        return Shape("own" if reader.own_ids(path) else "position", reader.documents(path), path.stem)
    return Shape("line" if isinstance(spec.load(), LineReader) else "own", False, path.stem)


def _voice_shape(path: Path, default_doc: str) -> Shape:
    if not path.exists():
        raise InputError("--mt-from file not found", path)
    if path.is_dir():
        raise InputError("--mt-from takes a file (a bilingual file, or plain English with one line per segment)", path)
    if not path.is_file():
        raise InputError("--mt-from takes a regular file, not a FIFO or a device (it is read more than once)", path)
    spec = spec_for(path)
    if spec.bilingual:
        reader = spec.load()
        return Shape("own" if reader.own_ids(path) else "position", reader.documents(path), default_doc)
    if isinstance(spec.load(), LineReader) or is_plain_text(path):
        return Shape("line", False, default_doc)
    raise InputError(
        "--mt-from takes a bilingual file or plain English with one line per segment, "
        "not a document (its sentences cannot be matched to the input's segments)",
        path,
    )


def _voice_rows(path: Path, shape: Shape) -> Generator[VoiceRow, None, None]:
    """The file's rows: a bilingual file's targets, or every line of a plain file."""
    if shape.ids == "line":
        yield from _plain_rows(path, shape.default_doc)
        return
    reader = cast("Reader", reader_for(path))  # a bilingual file (see _voice_shape)
    for row in reader.rows(path, doc_id=shape.default_doc):
        line = row.get("target_line") or row.get("source_line")
        yield VoiceRow(
            row["doc_id"],
            str(row["seg_id"]),
            row.get("source") or None,
            (row.get("target") or "").strip() or None,
            line,
        )


def _plain_rows(path: Path, doc_id: str) -> Iterator[VoiceRow]:
    for number, line in enumerate(iter_lines(path), start=1):
        text = line.strip()
        if _han_share(text) > 0.3:
            raise InputError("this line is Chinese: --mt-from gives English translations", path, number)
        yield VoiceRow(doc_id, str(number), None, text or None, number)


def _han_share(text: str) -> float:
    letters = [char for char in text if char.isalpha()]
    return sum("\u4e00" <= char <= "\u9fff" for char in letters) / len(letters) if letters else 0.0


def _comparable(source: str) -> str:
    """A source as compared between files: Unicode width and whitespace aside."""
    return "".join(unicodedata.normalize("NFKC", source).split())


def match_mode(input_shape: Shape, voice_shape: Shape) -> str:
    """ "id" when both files have ids, "line" between a line-aligned input and a plain file, else "position"."""
    if input_shape.ids == voice_shape.ids == "own":
        return "id"
    if input_shape.ids == voice_shape.ids == "line":
        return "line"
    return "position"


class _Matcher:
    """One open ``--mt-from`` file: the translations of the input's rows, chunk after chunk."""

    def __init__(self, path: Path, shape: Shape, mode: str, by_document: bool) -> None:
        self.path, self.mode, self.by_document = path, mode, by_document
        self._rows = _voice_rows(path, shape)
        self._index: sqlite3.Connection | None = None
        self._pending: VoiceRow | None = None  # line mode: the last row read
        self._wanted = 0  # line mode: the last line asked for
        self._last_line = 0

    def lookup(self, keys: list[tuple[str, str]]) -> list[VoiceRow | None]:
        """The file's row for each input row ``(doc_id, seg_id)``, in order (None: no row)."""
        if self.mode == "id":
            return self._by_id(keys)
        if self.mode == "line":
            return [self._by_line(seg_id) for _, seg_id in keys]
        return [self._next_position() for _ in keys]

    def _next_position(self) -> VoiceRow:
        row = next(self._rows, None)
        if row is None:
            raise InputError(
                f"ends after line {self._last_line}, but INPUT has more segments: "
                "--mt-from must translate the same segments",
                self.path,
                self._last_line or None,
            )
        self._last_line = row.line or self._last_line
        return row

    def _by_line(self, seg_id: str) -> VoiceRow | None:
        if not seg_id.isdigit():
            return None
        wanted = self._wanted = int(seg_id)
        while self._pending is None or (self._pending.line or 0) < wanted:
            self._pending = next(self._rows, None)
            if self._pending is None:
                raise InputError(
                    f"ends at line {self._last_line}, but INPUT has line {wanted}: "
                    "--mt-from must translate the same lines",
                    self.path,
                    self._last_line or None,
                )
            self._last_line = self._pending.line or self._last_line
        return self._pending if self._pending.line == wanted else None

    def _by_id(self, keys: list[tuple[str, str]]) -> list[VoiceRow | None]:
        index = self._index if self._index is not None else self._build_index()
        found = []
        for doc_id, seg_id in keys:
            hit = index.execute(
                "SELECT source, text, line FROM voice WHERE doc = ? AND seg = ?",
                (doc_id if self.by_document else "", seg_id),
            ).fetchone()
            found.append(None if hit is None else VoiceRow(doc_id, seg_id, *hit))
        return found

    def _build_index(self) -> sqlite3.Connection:
        """The whole file indexed by id, in a private SQLite database on disk (deleted on close)."""
        import sqlite3  # deferred: only files matched by id are indexed

        index = sqlite3.connect("")
        index.execute(
            "CREATE TABLE voice (doc TEXT, seg TEXT, source TEXT, text TEXT, line INTEGER, "
            "PRIMARY KEY (doc, seg)) WITHOUT ROWID"
        )
        rows = ((r.doc_id if self.by_document else "", r.seg_id, r.source, r.text, r.line) for r in self._rows)
        while batch := list(islice(rows, _INDEX_BATCH)):
            index.executemany("INSERT OR IGNORE INTO voice VALUES (?, ?, ?, ?, ?)", batch)  # the first of an id wins
        self._index = index
        return index

    def finish(self) -> None:
        """Refuse a file matched by position or line that has rows left over (another corpus)."""
        if self.mode == "id":
            return
        unread = [self._pending] if self._pending is not None and (self._pending.line or 0) > self._wanted else []
        for row in chain(unread, self._rows):
            if row.text or row.source:
                raise InputError(
                    "has more segments than INPUT: --mt-from must translate the same segments", self.path, row.line
                )

    def close(self) -> None:
        self._rows.close()
        if self._index is not None:
            self._index.close()


@dataclass
class MtFrom:
    """The ``--mt-from`` files of one audit, attached to the input's chunks as the ``mt_from`` column."""

    paths: list[Path]
    shape: Shape
    shapes: list[Shape]
    #: Per file: rows given a translation, rows whose source differs (left out), rows without a row there.
    translated: list[int] = field(default_factory=list)
    differing: list[int] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)

    @classmethod
    def open(
        cls,
        paths: Iterable[str | Path],
        input: str | Path | pd.DataFrame,
        target: str | Path | None,
        changed_since: str | None = None,
    ) -> MtFrom:
        """Check the files before anything is read (missing files, documents, unmatched rows)."""
        shape = input_shape(input, target)
        files = [Path(p) for p in paths]
        shapes = [_voice_shape(path, shape.default_doc) for path in files]
        if changed_since is not None:
            for path, voice in zip(files, shapes, strict=True):
                if match_mode(shape, voice) == "position":
                    raise InputError(
                        "--changed-only audits only some rows, and this file has no ids to match "
                        "them by: give a file with ids (an id column, XLIFF)",
                        path,
                    )
        return cls(files, shape, shapes)

    def modes(self) -> list[str]:
        return [match_mode(self.shape, voice) for voice in self.shapes]

    def attach(self, chunks: Iterable[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        """``chunks`` with the ``mt_from`` column; the files are read afresh each time this is called."""
        matchers = [
            _Matcher(path, voice, mode, self.shape.documents and voice.documents)
            for path, voice, mode in zip(self.paths, self.shapes, self.modes(), strict=True)
        ]
        self.translated, self.differing, self.missing = ([0] * len(matchers) for _ in range(3))
        try:
            for chunk in chunks:
                yield self._with_column(chunk, matchers)
            for matcher in matchers:
                matcher.finish()
        finally:
            for matcher in matchers:
                matcher.close()

    def _with_column(self, chunk: pd.DataFrame, matchers: list[_Matcher]) -> pd.DataFrame:
        keys = list(zip(chunk["doc_id"].tolist(), chunk["seg_id"].tolist(), strict=True))
        sources = chunk["source"].tolist()
        columns = [self._translations(number, matcher, keys, sources) for number, matcher in enumerate(matchers)]
        values = [list(row) for row in zip(*columns, strict=True)]
        chunk = chunk.copy()
        if COLUMN in chunk.columns:  # a table that came with translations of its own: the files' follow
            chunk[COLUMN] = [
                [*as_list(given), *more] for given, more in zip(chunk[COLUMN].tolist(), values, strict=True)
            ]
        else:
            chunk.insert(len(SEGMENT_COLUMNS), COLUMN, values)  # after the contract columns
        return chunk

    def _translations(
        self, number: int, matcher: _Matcher, keys: list[tuple[str, str]], sources: list[str]
    ) -> list[str | None]:
        """One file's translation of each row of a chunk; refused when the chunk's sources differ."""
        rows = matcher.lookup(keys)
        differing = [
            i
            for i, (row, source) in enumerate(zip(rows, sources, strict=True))
            if row is not None and row.source and source and _comparable(row.source) != _comparable(source)
        ]
        compared = sum(
            1 for row, source in zip(rows, sources, strict=True) if row is not None and row.source and source
        )
        if differing and len(differing) > MAX_DIFFERING_SHARE * compared:
            first = differing[0]
            row = rows[first]
            assert row is not None  # a differing row is one the file has
            raise InputError(
                f"its source differs from that of INPUT's segment {keys[first][1]} "
                f"('{_short(row.source)}' vs '{_short(sources[first])}'): "
                "--mt-from must translate the same sources",
                matcher.path,
                row.line,
            )
        for i in differing:
            rows[i] = None
        self.differing[number] += len(differing)
        self.missing[number] += sum(row is None for row in rows) - len(differing)
        translations = [row.text if row is not None else None for row in rows]
        self.translated[number] += sum(text is not None for text in translations)
        return translations

    def notices(self) -> list[str]:
        notices = []
        for path, differing, missing, mode in zip(self.paths, self.differing, self.missing, self.modes(), strict=True):
            if differing:
                notices.append(
                    f"--mt-from {path}: {differing} row(s) translate a different source "
                    "(edited since?) and were not compared"
                )
            if missing and mode == "id":
                notices.append(f"--mt-from {path}: {missing} segment(s) have no row with their id there")
        return notices

    def summary(self) -> list[dict[str, Any]]:
        """What the report records of each file: how rows were matched and how many got a translation."""
        return [
            {"file": str(path), "matched_by": mode, "translated": translated, "differing_source": differing}
            for path, mode, translated, differing in zip(
                self.paths, self.modes(), self.translated, self.differing, strict=True
            )
        ]


def as_list(value: Any) -> list[Any]:
    """A cell of ``mt_from`` as a list (None or NaN: none; Arrow may have made it an array)."""
    if value is None or (isinstance(value, float) and value != value):
        return []
    return [value] if isinstance(value, str) else list(value)


def _short(text: str | None, width: int = 24) -> str:
    text = text or ""
    return text if len(text) <= width else text[:width] + "…"
