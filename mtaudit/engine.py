"""Execution engines for the checks stage: ``local`` (in-process), ``process`` (worker processes
on this machine), ``ray`` (Ray Data, on a local or remote Ray cluster) and ``auto`` (the default:
``process`` for large tables on a machine with several cores, else ``local``).

Every engine returns the same findings in the same order as running the checks in-process.
Checks look at one document at a time (the terms check remembers full renderings per document,
consistency compares renderings within a document), so the segment table is cut into chunks at
document boundaries; each chunk is checked on its own and the findings are put back in the
order ``run_checks`` gives: check by check, chunk by chunk. When that cut is not possible (a
document's rows are not contiguous, or consistency is checked across the whole corpus) the table
is checked as one chunk.

Engines also run the reference MT stage (``Engine.translate``): in this process, except on Ray,
where model actors (one per GPU) translate the sources that missed the translation cache.
"""
from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import repeat
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Protocol

from mtaudit.errors import ConfigError

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    import pandas as pd

    from mtaudit.checks.base import Finding
    from mtaudit.checks.context import CheckContext, Continuation
    from mtaudit.corpus.pairs import Translate
    from mtaudit.metrics import TermRecord
    from mtaudit.mt import MTOptions, MTRun

ENGINES = ("auto", "local", "process", "ray")
#: Rows per chunk when an audit streams its input through an engine (see :attr:`Engine.stream_rows`).
STREAM_ROWS = 50_000
#: Below this many rows a chunk is not worth a task of its own.
MIN_CHUNK_ROWS = 2_000
#: From this many rows ``auto`` checks in worker processes (below, starting them costs more than it saves).
AUTO_PROCESS_ROWS = 20_000
#: Rows checked before forking, so that workers inherit built matchers and loaded dictionaries.
WARM_UP_ROWS = 200
#: Allocations between collections of young objects while checking (Python's default is 700).
GC_YOUNG_THRESHOLD = 50_000


@dataclass
class CheckResults:
    """The findings of each check (in check order), and the term records the metrics stage needs
    (computed with the findings, chunk by chunk, so the term analysis never runs twice)."""

    by_check: "dict[str, list[Finding]]"
    term_records: "list[TermRecord]"

    @property
    def findings(self) -> "list[Finding]":
        """Check by check: the order :func:`mtaudit.checks.run_checks` gives."""
        return [finding for findings in self.by_check.values() for finding in findings]


def run_checks_with_engine(segments: "pd.DataFrame", context: "CheckContext", check_ids: Iterable[str],
                           engine: "str | Engine" = "auto") -> CheckResults:
    """The findings of ``check_ids`` over ``segments``, computed by ``engine`` (a name, or an Engine
    whose workers the caller closes)."""
    check_ids = known_checks(check_ids)
    runner = make_engine(engine)
    try:
        with fewer_collections():
            return runner.run(segments, context, check_ids)
    finally:
        if runner is not engine:
            runner.close()


def known_checks(check_ids: Iterable[str]) -> tuple[str, ...]:
    """``check_ids`` as a tuple, refused with a ConfigError when one is not a registered check."""
    from mtaudit.checks import CHECKS

    check_ids = tuple(check_ids)
    for check_id in check_ids:
        if check_id not in CHECKS:
            raise ConfigError(f"unknown check '{check_id}' (known: {', '.join(CHECKS)})")
    return check_ids


class Pending(Protocol):
    """Checks started by :meth:`Engine.submit`; ``result()`` waits for them."""

    def result(self) -> CheckResults: ...


@dataclass
class Done:
    """Checks already run: their results."""

    results: CheckResults

    def result(self) -> CheckResults:
        return self.results


@dataclass
class _InWorkers:
    futures: list
    check_ids: tuple[str, ...]

    def result(self) -> CheckResults:
        return merge_chunk_findings([future.result() for future in self.futures], self.check_ids)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """An audit allocates millions of small objects (rows, hits, spans, occurrences, records), most
    of which live until it ends: at the collector's default thresholds it walked them and everything
    loaded before again and again, a third of the check time at 200k segments. Objects from before
    are frozen out of its walks (forked workers then also leave their pages shared) and young
    objects are collected every 50,000 allocations rather than every 700; both restored after.
    Inside another such block (the checks inside an audit) it does nothing: an inner unfreeze
    would thaw the outer block's objects for the rest of it."""
    global _COLLECTING_LESS
    if _COLLECTING_LESS:
        yield
        return
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *threshold[1:])
    _COLLECTING_LESS = True
    try:
        yield
    finally:
        _COLLECTING_LESS = False
        gc.set_threshold(*threshold)
        gc.unfreeze()


_COLLECTING_LESS = False


def make_engine(engine: "str | Engine", workers: int | None = None, address: str | None = None,
                start_timeout: float | None = None, may_start_fresh: bool = False) -> "Engine":
    """The engine named ``engine``; ``may_start_fresh``: the caller's main module survives being
    re-imported by fresh worker processes, so ``auto`` may use them where it cannot fork."""
    if isinstance(engine, Engine):
        return engine
    if engine == "auto":
        return AutoEngine(workers, may_start_fresh)
    if engine == "local":
        return LocalEngine()
    if engine == "process":
        return ProcessEngine(workers)
    if engine == "ray":
        from mtaudit.engine_ray import RAY_START_TIMEOUT, RayEngine

        return RayEngine(workers, address, start_timeout=start_timeout or RAY_START_TIMEOUT)
    raise ConfigError(f"unknown engine '{engine}' (choose from {', '.join(ENGINES)})")


class Engine:
    name = ""
    #: Rows per chunk an audit hands this engine by default (cut between documents): checked, scored
    #: and put aside one chunk at a time, so memory holds about this many rows however long the input.
    stream_rows: int | None = STREAM_ROWS

    def run(self, segments: "pd.DataFrame", context: "CheckContext", check_ids: tuple[str, ...]) -> CheckResults:
        raise NotImplementedError

    def read(self, input: "Path", target: "Path | None", translate: "Translate | None",
             chunk_rows: int | None) -> "Iterator[pd.DataFrame]":
        """The corpus stage: the segment table of INPUT [TARGET] in chunks of whole documents
        (:func:`mtaudit.corpus.iter_corpus`), read in this process."""
        from mtaudit.corpus import iter_corpus

        return iter_corpus(input, target, translate, chunk_rows)

    def submit(self, segments: "pd.DataFrame", context: "CheckContext", check_ids: tuple[str, ...]) -> Pending:
        """Start checking ``segments``: engines with workers return at once and check while the
        caller goes on (a streamed audit reads its next chunk); the others check first."""
        return Done(self.run(segments, context, check_ids))

    def translate(self, segments: "pd.DataFrame", mt_options: "MTOptions | dict | None", *,
                  allow_download: bool = False) -> "tuple[pd.DataFrame, MTRun | None]":
        """The reference MT stage (:func:`mtaudit.mt.run_mt`), with the model in this process."""
        from mtaudit.mt import run_mt

        return run_mt(segments, mt_options, allow_download=allow_download)

    def close(self) -> None:
        """Release what the engine started for an audit (worker processes); it can be used again after."""

    def map(self, function: "Callable[[Any], Any]", items: list) -> list:
        """``[function(item) for item in items]`` (independent parts of a stage's work, such as
        the scores' segment statistics); engines with workers spread the items over them, so
        ``function`` and the items must pickle (a fresh worker or a cluster task imports it)."""
        return [function(item) for item in items]


@dataclass
class LocalEngine(Engine):
    """All checks in this process, chunk after chunk: the checks of a chunk share the source
    matcher's recent hits, and the term analysis held in memory is one chunk's."""

    chunk_rows: int = 20_000
    name = "local"

    def run(self, segments, context, check_ids):
        chunks = document_chunks(segments, 1, chunkable(context.options), self.chunk_rows, self.chunk_rows)
        return merge_chunk_findings([check_chunk(chunk, context, check_ids) for chunk in chunks], check_ids)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@dataclass
class AutoEngine(Engine):
    """``process`` for tables of AUTO_PROCESS_ROWS rows or more when several cores are free and
    workers can be forked — or started fresh, where the caller says its main module survives
    being re-imported (the ``mtaudit`` command does) — else ``local``."""

    workers: int | None = None
    may_start_fresh: bool = False
    name = "auto"
    _process: "ProcessEngine | None" = field(default=None, init=False, repr=False, compare=False)

    def run(self, segments, context, check_ids):
        return self.choose(len(segments)).run(segments, context, check_ids)

    def submit(self, segments, context, check_ids):
        return self.choose(len(segments)).submit(segments, context, check_ids)

    def map(self, function, items):
        return self.choose(AUTO_PROCESS_ROWS if len(items) > 1 else 0).map(function, items)

    def close(self) -> None:
        if self._process is not None:
            self._process.close()

    def choose(self, rows: int) -> Engine:
        """Fresh workers only where ``may_start_fresh`` or the main module is not a file (a
        notebook, the REPL, ``python -c``): they re-import a main module file, which a script
        without a ``__main__`` guard does not survive; forked ones always. The process engine
        chosen is kept, with its workers, for the next chunk of the audit."""
        workers = self.workers or default_workers()
        fresh_ok = self.may_start_fresh or not _main_is_a_file()
        if workers > 1 and rows >= AUTO_PROCESS_ROWS and (fresh_ok or _can_fork()):
            if self._process is None:
                self._process = ProcessEngine(workers)
            return self._process
        return LocalEngine()


@dataclass
class ProcessEngine(Engine):
    """Chunks checked in worker processes, started once and kept until :meth:`close` (the end of
    the audit), so their caches stay warm from one chunk of the input to the next. Where
    processes can be forked safely (Linux, no torch loaded) the matchers are built and the
    dictionaries loaded here first, on a few rows, and the workers are forked after: they inherit
    that warm context instead of each rebuilding it (jieba's dictionary alone takes a second).
    Elsewhere workers start fresh (forkserver or spawn) and build their own from the glossary.
    Chunks travel to the workers pickled, and findings back."""

    workers: int | None = None
    chunk_rows: int = MIN_CHUNK_ROWS
    name = "process"
    _pool: Any = field(default=None, init=False, repr=False, compare=False)
    _pool_context: "CheckContext | None" = field(default=None, init=False, repr=False, compare=False)

    def run(self, segments, context, check_ids):
        return self.submit(segments, context, check_ids).result()

    def submit(self, segments, context, check_ids):
        workers = self.workers or default_workers()
        chunks = document_chunks(segments, workers, chunkable(context.options), self.chunk_rows)
        if workers <= 1 or len(chunks) <= 1:
            return Done(merge_chunk_findings([check_chunk(chunk, context, check_ids) for chunk in chunks], check_ids))
        pool = self._checking_pool(context, chunks[0], check_ids, workers)
        columns = checked_columns(check_ids, segments)
        return _InWorkers([pool.submit(_check_in_worker, chunk[columns], check_ids) for chunk in chunks], check_ids)

    def map(self, function, items):
        """Over the workers (any of this engine's pools will do: ``function`` travels with each item)."""
        workers = self.workers or default_workers()
        if workers <= 1 or len(items) <= 1:
            return super().map(function, items)
        pool = self._pool or self._start(None, workers)
        return list(pool.map(_apply, repeat(function), items))

    def close(self) -> None:
        """Stop the workers."""
        global _WORKER_CONTEXT
        if self._pool is not None:
            self._pool.shutdown()
        self._pool = self._pool_context = _WORKER_CONTEXT = None

    def _checking_pool(self, context: "CheckContext", sample: "pd.DataFrame", check_ids: tuple[str, ...],
                       workers: int):
        """Workers holding ``context``: this engine's, or new ones (the context warmed first when they fork)."""
        if self._pool is not None and self._pool_context is context:
            return self._pool
        self.close()
        if _can_fork():
            check_chunk(sample.iloc[:WARM_UP_ROWS], context, check_ids)  # results come from the workers
        return self._start(context, workers)

    def _start(self, context: "CheckContext | None", workers: int):
        """Forked workers inherit ``context`` (they are forked at the pool's first task, while it is
        set); fresh ones build their own from its glossary and options."""
        global _WORKER_CONTEXT
        if _can_fork():
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            _WORKER_CONTEXT = context
            self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        elif context is None:
            self._pool = _fresh_pool(workers)
        else:
            self._pool = _fresh_pool(workers, _init_worker, (context.glossary, context.options))
        self._pool_context = context
        return self._pool


def _can_fork() -> bool:
    """Forking copies this process: safe on Linux unless torch (its thread pools) is loaded."""
    import multiprocessing
    import sys

    return sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods() and "torch" not in sys.modules


def _main_is_a_file() -> bool:
    """Whether fresh worker processes would re-import the main module (a script, ``python -m``)."""
    import sys

    return getattr(sys.modules.get("__main__"), "__file__", None) is not None


def _apply(function: "Callable[[Any], Any]", item: Any) -> Any:
    return function(item)


def _fresh_pool(workers: int, initializer: "Callable[..., None] | None" = None, initargs: tuple = ()):
    """Worker processes started afresh (forkserver, else spawn): they import what they run, and
    re-import the caller's main module."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                               initializer=initializer, initargs=initargs)


_WORKER_CONTEXT: "CheckContext | None" = None


def _init_worker(glossary, options) -> None:
    global _WORKER_CONTEXT
    from mtaudit.checks.context import CheckContext

    _WORKER_CONTEXT = CheckContext(glossary, options=dict(options))


def _check_in_worker(chunk: "pd.DataFrame", check_ids: tuple[str, ...]) -> "dict[str, list[Finding]]":
    assert _WORKER_CONTEXT is not None
    return check_chunk(chunk, _WORKER_CONTEXT, check_ids)


def checked_columns(check_ids: tuple[str, ...], segments: "pd.DataFrame") -> list[str]:
    """The columns of ``segments`` the checks read, and the term analysis (what a worker needs)."""
    from mtaudit.checks import CHECKS
    from mtaudit.checks.base import Check

    wanted = {*Check.columns, *(column for check_id in check_ids for column in CHECKS[check_id].load().columns)}
    return [column for column in segments.columns if column in wanted]


#: Key of a chunk's term records beside its findings per check.
TERMS = "__term_records__"


def check_chunk(chunk: "pd.DataFrame", context: "CheckContext", check_ids: tuple[str, ...]) -> "dict[str, list]":
    """Findings of each check over one chunk, and its term records under TERMS; the context's
    term analysis is reset per chunk."""
    from mtaudit.checks import CHECKS
    from mtaudit.metrics import term_records

    context._occurrences = None
    try:
        results: dict[str, list] = {check_id: list(CHECKS[check_id].load().run(chunk, context)) for check_id in check_ids}
        results[TERMS] = term_records(context.occurrences(chunk))
        if context.continues:
            results[HANDED_ON] = context.continuation(chunk)
        return results
    finally:
        context._occurrences = None


#: Key of the state a chunk hands on to the next when its last document goes on there.
HANDED_ON = "__handed_on__"


def check_cut_chunk(chunk: "pd.DataFrame", context: "CheckContext", check_ids: tuple[str, ...],
                    continued: "Continuation | None", continues: bool) -> "tuple[CheckResults, Continuation | None]":
    """The checks of a chunk that goes on with the document the chunk before cut off (``continued``:
    its state) or whose last document goes on in the next (``continues``), in this process: such
    chunks are checked in order. Returns the findings and the state to hand on."""
    context.continued, context.continues = continued, continues
    try:
        results = check_chunk(chunk, context, check_ids)
        return merge_chunk_findings([results], check_ids), results.get(HANDED_ON)
    finally:
        from mtaudit.checks.context import NameMemory

        context.continued, context.continues, context._seen_full, context._names = None, False, set(), NameMemory()


def merge_chunk_findings(results: "list[dict[str, list]]", check_ids: tuple[str, ...]) -> CheckResults:
    """Check by check, chunk by chunk: the order the in-process run gives."""
    return CheckResults({check_id: [finding for result in results for finding in result[check_id]] for check_id in check_ids},
                        [record for result in results for record in result[TERMS]])


def chunkable(options: dict[str, Any]) -> bool:
    """Whether the checks configured by ``options`` may see a table in chunks of whole documents
    (not when consistency is judged across the corpus)."""
    return options.get("consistency_scope", "document") in ("document", "segment")


def document_chunks(segments: "pd.DataFrame", parts: int, chunkable: bool = True,
                    min_rows: int = MIN_CHUNK_ROWS, max_rows: int | None = None) -> "list[pd.DataFrame]":
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
    return [segments.iloc[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]


def _document_starts(segments: "pd.DataFrame") -> list[int] | None:
    """Row positions where a new document starts, or None when a document's rows are split."""
    doc_ids = segments["doc_id"].tolist()
    starts = [i for i in range(1, len(doc_ids)) if doc_ids[i] != doc_ids[i - 1]]
    if len(starts) + 1 != len(set(doc_ids)):
        return None
    return starts
