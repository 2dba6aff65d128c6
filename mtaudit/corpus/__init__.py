"""Corpus stage: turn input files into the segment table.

Formats are a registry (name → module, class, summary); a reader is imported only when a file of
its kind is read. Adding a format is one module, one line here and its contract test. A format
is chosen by extension, else (``.xml``, unknown extensions) by sniffing the file's first bytes,
as translate-toolkit's factory does. Bilingual formats are read alone; monolingual ones
(``bilingual=False``) are paired with a TARGET side or read alone in target-only mode.
"""

from __future__ import annotations

import math
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from operator import itemgetter
from pathlib import Path
from typing import Any, cast

import pandas as pd

from mtaudit.corpus.base import Reader, SideReader
from mtaudit.corpus.pairs import (
    Translate,
    aligned_by_line,
    directory_files,
    directory_pairs,
    pair_rows,
    target_only_rows,
)
from mtaudit.engine import Engine
from mtaudit.errors import InputError
from mtaudit.options import INPUT_FORMATS, Limits
from mtaudit.registry import LazyClass
from mtaudit.segments import SEGMENT_COLUMNS, normalise_segments, validate_segments
from mtaudit.stream import cut_rows, gather_documents


@dataclass(frozen=True)
class ReaderSpec(LazyClass):
    extensions: tuple[str, ...]
    summary: str
    #: Regular expression matched against the first bytes when the extension does not decide.
    sniff: str | None = None
    #: False for one side of a pair (documents, line files).
    bilingual: bool = True


READERS: dict[str, ReaderSpec] = {
    "csv": ReaderSpec(
        "mtaudit.corpus.tabular", "TabularReader", (".csv", ".tsv"), "CSV/TSV with source and target columns"
    ),
    "jsonl": ReaderSpec(
        "mtaudit.corpus.jsonl", "JsonlReader", (".jsonl", ".ndjson"), "JSON Lines with source and target keys"
    ),
    "xliff": ReaderSpec(
        "mtaudit.corpus.xliff", "XliffReader", (".xlf", ".xliff"), "XLIFF 1.2 and 2.x, inline tags kept", r"<xliff[\s>]"
    ),
    "tmx": ReaderSpec(
        "mtaudit.corpus.tmx", "TmxReader", (".tmx",), "TMX 1.4 translation memory (zh*/en* variants)", r"<tmx[\s>]"
    ),
    "po": ReaderSpec(
        "mtaudit.corpus.po", "PoReader", (".po",), "gettext PO, plural forms as separate segments", r'(?m)^msgid\s+"'
    ),
    "lines": ReaderSpec(
        "mtaudit.corpus.plaintext",
        "LineReader",
        (".zh", ".en"),
        "line-aligned pair: corpus.zh + corpus.en",
        bilingual=False,
    ),
    "document": ReaderSpec(
        "mtaudit.corpus.documents",
        "DocumentReader",
        (".txt", ".md", ".markdown", ".html", ".htm", ".xhtml"),
        "document side: plain text, Markdown + YAML front matter, HTML",
        r"(?i)<(?:html|body|p|div)[\s>]",
        bilingual=False,
    ),
}


def spec_for(path: Path) -> ReaderSpec:
    """The format of ``path``: by extension, else by sniffing its first bytes."""
    suffix = path.suffix.lower()
    for spec in READERS.values():
        if suffix in spec.extensions:
            return spec
    head = _head(path)
    for spec in READERS.values():
        if spec.sniff and re.search(spec.sniff, head):
            return spec
    known = ", ".join(sorted(ext for spec in READERS.values() for ext in spec.extensions))
    raise InputError(f"unsupported input format '{suffix or path.name}' (supported: {known})", path)


#: What the first bytes of a table or of JSON Lines look like (the registry's patterns sniff the rest).
_JSONL_HEAD = re.compile(r"\A(?:\xef\xbb\xbf)?\s*\{")
_TABLE_HEADER = re.compile(r"\A(?:\xef\xbb\xbf)?(?=[^\n]*\bsource\b)(?=[^\n]*\btarget\b)[^\n{<]*(?:\n|\Z)", re.I)


def stdin_extension(name: str | None, data: bytes, where: str = "<stdin>") -> str:
    """The extension standard input is read as: its ``--input-format`` name, else sniffed from its
    first bytes (XLIFF, TMX, PO and HTML as for files; JSON Lines; a header row with source and
    target is a TSV when it holds a tab, else a CSV)."""
    if name is not None:
        if name.lower() not in INPUT_FORMATS:
            raise InputError(f"unknown --input-format '{name}' (choose from {', '.join(INPUT_FORMATS)})")
        return INPUT_FORMATS[name.lower()]
    head = data[:4096].replace(b"\x00", b"").decode("latin-1")
    for spec in READERS.values():
        if spec.sniff and re.search(spec.sniff, head):
            return spec.extensions[0]
    if _JSONL_HEAD.match(head):
        return ".jsonl"
    header = _TABLE_HEADER.match(head)
    if header:
        return ".tsv" if "\t" in header.group() else ".csv"
    raise InputError(
        f"cannot tell the format of standard input: name it with --input-format ({', '.join(INPUT_FORMATS)})", where
    )


def reader_for(path: Path) -> Reader | SideReader:
    """The reader for ``path`` (see :func:`spec_for`)."""
    return spec_for(path).load()


def _side_reader(path: Path) -> SideReader:
    """:func:`reader_for` a file known to be one side of a pair (a side extension, or checked)."""
    return cast(SideReader, reader_for(path))


def _head(path: Path, size: int = 4096) -> str:
    """First bytes as ASCII-compatible text; NULs dropped so UTF-16 markup sniffs too."""
    try:
        with path.open("rb") as handle:
            return handle.read(size).replace(b"\x00", b"").decode("latin-1")
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path) from None


def load_corpus(
    input_path: str | Path,
    target_path: str | Path | None = None,
    translate: Translate | None = None,
    notices: list[str] | None = None,
) -> pd.DataFrame:
    """Read INPUT (and optionally a TARGET side) into a validated segment table.

    INPUT alone: a bilingual file, or an English document/directory (target-only mode).
    INPUT and TARGET: a Chinese file and its English translation, or two directories whose files
    pair by relative path and stem; ``translate`` (the reference MT) then helps align documents.
    """
    return next(iter_corpus(input_path, target_path, translate, notices=notices))


#: Sees the rows as they are read (a progress bar counts them) and passes them on.
Watch = Callable[[Iterable[dict[str, Any]]], Iterable[dict[str, Any]]]


def iter_corpus(
    input_path: str | Path,
    target_path: str | Path | None = None,
    translate: Translate | None = None,
    chunk_rows: int | None = None,
    engine: Engine | None = None,
    watch: Watch | None = None,
    notices: list[str] | None = None,
    first_rows: int | None = None,
) -> Iterator[pd.DataFrame]:
    """The segment table of INPUT [TARGET] (see :func:`load_corpus`) read as a stream of chunks of
    about ``chunk_rows`` rows (``None``: one chunk; the first ones of ``first_rows``, when given),
    cut between documents, and inside a document only every ``2 * chunk_rows`` rows of it
    (:func:`mtaudit.stream.cut_rows`). Raises
    :class:`mtaudit.stream.DocumentsInterleaved` when a document resumes after its chunk was
    yielded, and InputError when there are no rows at all. On a distributed ``engine`` a
    directory's documents are read where its work runs (see :func:`read_documents`). ``watch``
    sees the rows read here as they are read. What a directory holds that is not read (a link out
    of it, a FIFO) is said in ``notices``."""
    if engine is not None and engine.distributed and _readable_there(Path(input_path), target_path, translate):
        yield from read_documents(
            Path(input_path), Path(target_path) if target_path is not None else None, chunk_rows, engine, notices
        )
        return
    path = Path(input_path)
    _require_exists(path)
    if target_path is None:
        rows = _single_rows(path, notices)
    else:
        target = Path(target_path)
        _require_exists(target)
        rows = _pair_rows(path, target, translate, notices)
    if watch is not None:
        rows = watch(rows)
    chunks: Iterator[Iterable[dict[str, Any]]] = (
        cut_rows(iter(rows), chunk_rows, first_rows) if chunk_rows else iter([rows])
    )
    first = next(chunks, [])
    yield validate_segments(_table(first), str(path))
    for chunk in chunks:
        yield _table(chunk)


def _readable_there(input: Path, target: str | Path | None, translate: Translate | None) -> bool:
    """A directory input (or pair of directories) whose documents need no reference MT to align
    (the model stays in this process)."""
    return translate is None and input.is_dir() and (target is None or Path(target).is_dir())


def read_documents(
    input: Path, target: Path | None, chunk_rows: int | None, engine: Engine, notices: list[str] | None = None
) -> Iterator[pd.DataFrame]:
    """A directory INPUT [TARGET], its documents listed here (the order, and the errors for an
    empty or unpaired directory, of :func:`iter_corpus`) and each read into its segment table by
    ``engine`` (a few ahead of the chunk being gathered, :meth:`mtaudit.engine.Engine.imap`);
    chunks of whole documents of at least ``chunk_rows`` rows come in document order. On a cluster
    the directory must be at the same path on every node (one machine, or shared storage)."""
    documents = directory_documents(input, target, notices)
    chunks = map(join_tables, gather_documents(engine.imap(_document_table, documents), chunk_rows))
    yield validate_segments(next(chunks), str(input))
    yield from chunks


def _document_table(document: tuple[Path, Path | None, str]) -> pd.DataFrame:
    return document_table(*document)


def _require_exists(path: Path) -> None:
    """A file or a directory: a FIFO or a device is refused (it cannot be read the several times a
    file is, and one without a writer would be waited on for ever)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputError("file not found", path) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path) from None
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise InputError("not a regular file (a FIFO, a device or a socket): save it to a file first", path)


def _side_extensions() -> list[str]:
    return [ext for spec in READERS.values() if not spec.bilingual for ext in spec.extensions]


def _single_rows(path: Path, notices: list[str] | None) -> Iterable[dict[str, Any]]:
    if path.is_dir():
        return (
            row
            for file, doc_id in directory_files(path, _side_extensions(), notices)
            for row in target_only_rows(file, doc_id, _side_reader(file))
        )
    spec = spec_for(path)
    if spec.bilingual:
        return spec.load().rows(path, doc_id=path.stem)
    return target_only_rows(path, path.stem, spec.load())


def _pair_rows(
    source: Path, target: Path, translate: Translate | None, notices: list[str] | None
) -> Iterable[dict[str, Any]]:
    if source.is_dir() != target.is_dir():
        raise InputError("INPUT and TARGET must both be files or both be directories", target)
    if source.is_dir():
        return (
            row
            for zh, en, doc_id in directory_pairs(source, target, _side_extensions(), notices)
            for row in pair_rows(zh, en, doc_id, _side_reader(zh), _side_reader(en), translate)
        )
    for side in (source, target):
        if spec_for(side).bilingual:
            raise InputError("a bilingual file is audited alone: TARGET is only for two monolingual sides", side)
    return pair_rows(source, target, source.stem, _side_reader(source), _side_reader(target), translate)


def has_documents(input_path: str | Path, target_path: str | Path | None = None) -> bool:
    """Whether the input is divided into documents, so that a term's renderings may be compared
    across one (consistency): directories and document pairs are, and so are the files whose
    reader says so (see :meth:`mtaudit.corpus.base.Reader.documents`); line-aligned files are not."""
    path = Path(input_path)
    if path.is_dir():
        return True
    if target_path is not None:
        target = Path(target_path)
        return target.is_dir() or not aligned_by_line(path, target, reader_for(path), reader_for(target))
    spec = spec_for(path)
    return spec.load().documents(path) if spec.bilingual else True


def directory_documents(
    source: Path, target: Path | None, notices: list[str] | None = None
) -> list[tuple[Path, Path | None, str]]:
    """The documents of a directory INPUT [TARGET] in the order :func:`iter_corpus` reads them, with
    its errors and notices: (file, its English counterpart or None, doc_id); for engines that read
    them elsewhere."""
    if target is None:
        return [(file, None, doc_id) for file, doc_id in directory_files(source, _side_extensions(), notices)]
    return list(directory_pairs(source, target, _side_extensions(), notices))


def document_table(file: Path, target: Path | None, doc_id: str) -> pd.DataFrame:
    """One document of :func:`directory_documents` as its segment table (rows as iter_corpus reads them)."""
    if target is None:
        return _table(target_only_rows(file, doc_id, _side_reader(file)))
    return _table(pair_rows(file, target, doc_id, _side_reader(file), _side_reader(target)))


def join_tables(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """Consecutive documents' tables as the one table their rows give together (see :func:`_table`):
    columns united in order of first appearance, None where a document lacks one."""
    if len(tables) <= 1:
        return tables[0] if tables else _table([])
    frame = pd.concat(tables, ignore_index=True, sort=False)
    for column in frame.columns[len(SEGMENT_COLUMNS) :]:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return _ordered(normalise_segments(frame))


#: Extra columns holding 1-based positions: kept as Python ints (or None), not floats.
POSITION_COLUMNS = ("source_line", "source_column", "target_line", "target_column")
#: Order of the extra columns readers add, after the contract columns (others follow).
EXTRA_COLUMNS = (
    "source_file",
    "source_line",
    "source_column",
    "source_markup",
    "target_file",
    "target_line",
    "target_column",
    "target_markup",
)


def _table(rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """The segment table with every column the readers gave (extras such as target_line kept).

    Rows are gathered into columns a chunk at a time: no per-cell pandas inference, and only one
    chunk of row dicts alive at once.
    """
    columns = _columns(iter(rows))
    _refuse_long_texts(columns)
    data = {key: pd.Series(_column(values, key in POSITION_COLUMNS), dtype=object) for key, values in columns.items()}
    return _ordered(normalise_segments(pd.DataFrame(data)))


#: The texts the checks read, each bounded by :attr:`mtaudit.options.Limits.segment_chars`.
TEXT_COLUMNS = ("source", "target", "reference", "mt")


def _refuse_long_texts(columns: dict[str, list[Any]]) -> None:
    """Refuse a segment text longer than the limit (the checks' work grows with it), naming its file
    and line where the reader recorded them."""
    limits = Limits.current()
    for column in TEXT_COLUMNS:
        values = columns.get(column, [])
        if _longest(values) <= limits.segment_chars:
            continue
        row = next(i for i, value in enumerate(values) if isinstance(value, str) and len(value) > limits.segment_chars)
        side = "source" if column == "source" else "target"
        file, line = (columns.get(f"{side}_{key}", [None] * len(values))[row] for key in ("file", "line"))
        seg_id = columns.get("seg_id", [None] * len(values))[row]
        raise InputError(
            f"the {column} of segment {seg_id} is longer than {limits.describe('segment_chars')}", file, line
        )


def _longest(values: list[Any]) -> int:
    """Length of the longest text among ``values`` (texts and None, in one C pass where they are only those)."""
    try:
        return max(map(len, filter(None, values)), default=0)
    except TypeError:
        return max((len(value) for value in values if isinstance(value, str)), default=0)


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """The contract columns, then the readers' extras in EXTRA_COLUMNS order, then any others."""
    extras = list(frame.columns[len(SEGMENT_COLUMNS) :])
    ordered = [c for c in EXTRA_COLUMNS if c in extras] + [c for c in extras if c not in EXTRA_COLUMNS]
    return frame[list(SEGMENT_COLUMNS) + ordered]


#: Rows transposed at once by :func:`_columns`.
_CHUNK_ROWS = 8192


def _columns(rows: Iterator[dict[str, Any]]) -> dict[str, list[Any]]:
    """The rows as columns: keys in order of first appearance, None where a row lacks one."""
    columns: dict[str, list[Any]] = {}
    count = 0
    while chunk := list(islice(rows, _CHUNK_ROWS)):
        values = _known_columns(chunk, list(columns))
        if values is None:
            for key in dict.fromkeys(chain.from_iterable(chunk)):
                columns.setdefault(key, [None] * count)
            values = [[row.get(key) for row in chunk] for key in columns]
        for column, more in zip(columns.values(), values, strict=True):
            column.extend(more)
        count += len(chunk)
    return columns


def _known_columns(chunk: list[dict[str, Any]], keys: list[str]) -> list[list[Any]] | None:
    """Each column of ``chunk`` in one C pass when every row has exactly ``keys`` (the usual
    case: a reader gives the same keys on every row), else None."""
    if set(map(len, chunk)) != {len(keys)}:
        return None
    try:
        return [list(map(itemgetter(key), chunk)) for key in keys]
    except KeyError:
        return None


def _column(values: list[Any], position: bool) -> list[Any]:
    """One column's values with NaN as None, and positions as Python ints."""
    types = set(map(type, values))
    if any(issubclass(t, float) for t in types):
        values = [None if _missing(v) else v for v in values]
    if position and not types <= {int, type(None)}:
        values = [None if v is None else int(v) for v in values]
    return values


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
