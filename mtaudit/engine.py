"""Engines: where an audit's heavy work runs — ``local`` (this process), ``process`` (worker
processes on this machine), ``ray`` (a Ray cluster, :mod:`mtaudit.engine_ray`) and ``auto`` (the
default: ``process`` for large chunks on a machine with several cores, else ``local``).

An engine runs the functions it is given and knows nothing of the stages: a stage hands it a
function and the items to apply it to — the checks of the parts of a chunk
(:class:`mtaudit.checks.step.CheckStep`), the statistics of parts of the scores, the documents of
a directory, the batches of a model — and gets the results back in the order of the items, as if
it had applied the function here. Functions and items travel pickled to workers; a function that
builds something heavy (matchers, dictionaries, a model) builds it once per worker and keeps it.
Every engine therefore gives the same report.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from mtaudit.errors import ConfigError
from mtaudit.options import EngineOptions
from mtaudit.registry import LazyClass

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
Item = TypeVar("Item")
Out = TypeVar("Out")
Item_contra = TypeVar("Item_contra", contravariant=True)
Out_co = TypeVar("Out_co", covariant=True)

ENGINES = EngineOptions.NAMES
#: The engine that is an optional extra, imported only when asked for.
RAY = LazyClass("mtaudit.engine_ray", "RayEngine")
#: Rows per chunk when an audit streams its input through an engine (see :attr:`Engine.stream_rows`).
STREAM_ROWS = 50_000
#: Below this many rows a part of a chunk is not worth a task of its own.
MIN_CHUNK_ROWS = 2_000
#: From this many rows ``auto`` checks in worker processes (below, starting them costs more than it saves).
AUTO_PROCESS_ROWS = EngineOptions.AUTO_PROCESS_ROWS
#: Allocations between collections of young objects while auditing (Python's default is 700).
GC_YOUNG_THRESHOLD = 50_000


class Pending(Protocol[T_co]):
    """Work started by :meth:`Engine.submit`; ``result()`` waits for it."""

    def result(self) -> T_co: ...


@dataclass
class Done(Generic[T]):
    """Work already done: its result."""

    value: T

    def result(self) -> T:
        return self.value


@dataclass
class Later(Generic[T]):
    """Work done here when its result is first asked for: whatever was started on workers in the
    meantime runs beside it."""

    work: Callable[[], T]
    _value: Any = field(default=None, init=False, repr=False)
    _done: bool = field(default=False, init=False, repr=False)

    def result(self) -> T:
        if not self._done:
            self._value, self._done = self.work(), True
        return self._value


class WorkerFunction(Protocol[Item_contra, Out_co]):
    """A function :meth:`Engine.submit` runs in an engine's workers, kept in each worker between
    items (what it builds stays built)."""

    def __call__(self, item: Item_contra, /) -> Out_co: ...

    def warm_up(self, item: Item_contra, /) -> None:
        """Build here, on a little of ``item``, what workers forked afterwards then inherit."""


class Engine:
    name = ""
    #: Worker processes or actors asked for (None: as many as there are CPUs).
    workers: int | None = None
    #: Rows per chunk an audit hands this engine by default (cut between documents): checked, scored
    #: and put aside one chunk at a time, so memory holds about this many rows however long the input.
    stream_rows: int | None = STREAM_ROWS
    #: Work runs on other machines (a cluster): a model is loaded in long-lived actors there
    #: (:meth:`actor_map`) and a directory's documents are read there (:meth:`imap`).
    distributed: ClassVar[bool] = False

    @property
    def task_rows(self) -> int:
        """The fewest rows of a part of a chunk worth a task of its own."""
        return MIN_CHUNK_ROWS

    @property
    def max_task_rows(self) -> int | None:
        """The most rows a part of a chunk should hold (None: as many as the workers' share)."""
        return None

    def parallelism(self) -> int:
        """How many items the engine works on at once: about four parts each make a chunk."""
        return 1

    def for_rows(self, rows: int) -> Engine:
        """The engine that runs the work of a chunk of ``rows`` rows: this one (``auto`` chooses)."""
        return self

    def submit(self, function: WorkerFunction[Item, Out], items: list[Item]) -> Pending[list[Out]]:
        """Start ``function`` over ``items``: engines with workers return at once and work while the
        caller goes on (a streamed audit reads its next chunk); the others work here when the
        result is asked for, beside what the caller started on workers meanwhile (the scores)."""
        return Later(lambda: [function(item) for item in items])

    def map(self, function: Callable[[Item], Out], items: list[Item]) -> list[Out]:
        """``[function(item) for item in items]`` (independent parts of a stage's work, such as
        the scores' segment statistics); engines with workers spread the items over them, so
        ``function`` and the items must pickle (a fresh worker or a cluster task imports it)."""
        return [function(item) for item in items]

    def start_map(self, function: Callable[[Item], Out], items: list[Item]) -> Pending[list[Out]]:
        """:meth:`map` started now, its results collected later: engines with workers return at
        once (the caller checks a chunk here meanwhile); the others work first."""
        return Done(self.map(function, items))

    def imap(self, function: Callable[[Item], Out], items: Iterable[Item]) -> Iterator[Out]:
        """:meth:`map` as a stream, in order: items are started only a few ahead of the result
        being read (a directory's documents, read one by one)."""
        return (function(item) for item in items)

    def gpus(self) -> int:
        """GPUs the engine's workers may use."""
        return 0

    def call(self, function: Callable[..., Out], *args: Any, gpus: int = 0) -> Out:
        """``function(*args)`` where the engine's work runs (on a node with a GPU when ``gpus``)."""
        return function(*args)

    def actor_map(
        self,
        worker: Callable[..., Callable[[Item], Out]],
        args: tuple[Any, ...],
        items: list[Item],
        actors: int = 1,
        gpus: int = 0,
    ) -> Iterator[Out]:
        """``worker(*args)`` made once per actor (a model loaded once), applied to the items in turn,
        with ``gpus`` GPUs each; results in the order of the items."""
        made = worker(*args)
        return (made(item) for item in items)

    def close(self) -> None:
        """Release what the engine started for an audit (worker processes); it can be used again after."""


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


#: True while :func:`fewer_collections` holds.
_COLLECTING_LESS = False


def make_engine(
    engine: str | Engine | EngineOptions,
    workers: int | None = None,
    address: str | None = None,
    start_timeout: float | None = None,
    may_start_fresh: bool = False,
) -> Engine:
    """The engine named ``engine`` (or described by an :class:`~mtaudit.options.EngineOptions`, whose
    settings the other arguments then ignore); ``may_start_fresh``: the caller's main module
    survives being re-imported by fresh worker processes, so ``auto`` may use them where it cannot
    fork."""
    if isinstance(engine, Engine):
        return engine
    if isinstance(engine, EngineOptions):
        options = engine
        engine, workers, address, start_timeout = (
            options.name,
            options.workers,
            options.ray_address,
            options.ray_start_timeout,
        )
    if engine == "auto":
        return AutoEngine(workers, may_start_fresh)
    if engine == "local":
        return LocalEngine()
    if engine == "process":
        return ProcessEngine(workers)
    if engine == "ray":
        ray_engine: Engine = RAY.load_class()(
            workers, address, start_timeout=start_timeout or EngineOptions.ray_start_timeout
        )
        return ray_engine
    raise ConfigError(f"unknown engine '{engine}' (choose from {', '.join(ENGINES)})")


@dataclass
class LocalEngine(Engine):
    """Everything in this process, a chunk in parts of at most ``chunk_rows`` rows: the term
    analysis held in memory is one part's."""

    chunk_rows: int = 20_000
    name = "local"

    @property
    def task_rows(self) -> int:
        return self.chunk_rows

    @property
    def max_task_rows(self) -> int | None:
        return self.chunk_rows


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@dataclass
class AutoEngine(Engine):
    """``process`` for chunks of AUTO_PROCESS_ROWS rows or more when several cores are free and
    workers can be forked — or started fresh, where the caller says its main module survives
    being re-imported (the ``mtaudit`` command does) — else ``local``."""

    workers: int | None = None
    may_start_fresh: bool = False
    name = "auto"
    _process: ProcessEngine | None = field(default=None, init=False, repr=False, compare=False)

    def for_rows(self, rows: int) -> Engine:
        return self.choose(rows)

    def submit(self, function: WorkerFunction[Item, Out], items: list[Item]) -> Pending[list[Out]]:
        return self.choose(AUTO_PROCESS_ROWS if len(items) > 1 else 0).submit(function, items)

    def map(self, function: Callable[[Item], Out], items: list[Item]) -> list[Out]:
        return self.choose(AUTO_PROCESS_ROWS if len(items) > 1 else 0).map(function, items)

    def start_map(self, function: Callable[[Item], Out], items: list[Item]) -> Pending[list[Out]]:
        return self.choose(AUTO_PROCESS_ROWS if len(items) > 1 else 0).start_map(function, items)

    def close(self) -> None:
        if self._process is not None:
            self._process.close()

    def choose(self, rows: int) -> Engine:
        """Fresh workers only where ``may_start_fresh`` or the main module is not a file (a
        notebook, the REPL, ``python -c``): they re-import a main module file, which a script
        without a ``__main__`` guard does not survive; forked ones always. The process engine
        chosen is kept, with its workers, for the next chunks of the audit, smaller ones too (the
        last chunk of a long input): they cost nothing to start any more, and this process is
        left free to read and write."""
        if rows > 1 and self._process is not None and self._process.started:
            return self._process
        workers = self.workers or default_workers()
        fresh_ok = self.may_start_fresh or not _main_is_a_file()
        if workers > 1 and rows >= AUTO_PROCESS_ROWS and (fresh_ok or _can_fork()):
            if self._process is None:
                self._process = ProcessEngine(workers)
            return self._process
        return LocalEngine()


@dataclass
class ProcessEngine(Engine):
    """Work in worker processes, started once and kept until :meth:`close` (the end of the audit),
    so what a function builds in them stays warm from one chunk of the input to the next. Where
    processes can be forked safely (Linux, no torch loaded) the function warms up here first, on a
    few rows, and the workers are forked after: they inherit what it built instead of each
    building it again (jieba's dictionary alone takes a second). Elsewhere workers start fresh
    (forkserver or spawn) and receive the function once each. Items travel to the workers
    pickled, and results back."""

    workers: int | None = None
    chunk_rows: int = MIN_CHUNK_ROWS
    name = "process"
    _pool: ProcessPoolExecutor | None = field(default=None, init=False, repr=False, compare=False)
    _pool_function: Any = field(default=None, init=False, repr=False, compare=False)

    @property
    def task_rows(self) -> int:
        return self.chunk_rows

    def parallelism(self) -> int:
        return self.workers or default_workers()

    @property
    def started(self) -> bool:
        """Whether its workers are running (until :meth:`close`)."""
        return self._pool is not None

    def submit(self, function: WorkerFunction[Item, Out], items: list[Item]) -> Pending[list[Out]]:
        workers = self.parallelism()
        if workers <= 1 or len(items) <= 1:
            return super().submit(function, items)
        pool = self._pool_for(function, items[0], workers)
        return _Futures([pool.submit(_in_worker, item) for item in items])

    def map(self, function: Callable[[Item], Out], items: list[Item]) -> list[Out]:
        """Over the workers (any of this engine's pools will do: ``function`` travels with each item)."""
        workers = self.parallelism()
        if workers <= 1 or len(items) <= 1:
            return super().map(function, items)
        pool = self._pool or self._start(None, workers)
        return list(pool.map(_apply, repeat(function), items))

    def start_map(self, function: Callable[[Item], Out], items: list[Item]) -> Pending[list[Out]]:
        workers = self.parallelism()
        if workers <= 1 or len(items) <= 1:
            return super().start_map(function, items)
        pool = self._pool or self._start(None, workers)
        return _Futures([pool.submit(_apply, function, item) for item in items])

    def close(self) -> None:
        """Stop the workers."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)  # a run stopped midway does not wait for its queue
        global _WORKER_FUNCTION
        self._pool = self._pool_function = _WORKER_FUNCTION = None

    def _pool_for(self, function: WorkerFunction[Any, Any], sample: Any, workers: int) -> ProcessPoolExecutor:
        """Workers holding ``function``: this engine's, or new ones (the function warmed first when they fork)."""
        if self._pool is not None and self._pool_function is function:
            return self._pool
        self.close()
        if _can_fork():
            function.warm_up(sample)  # results come from the workers
        return self._start(function, workers)

    def _start(self, function: WorkerFunction[Any, Any] | None, workers: int) -> ProcessPoolExecutor:
        """Forked workers inherit ``function`` (they are forked at the pool's first task, while it
        is set); fresh ones receive it once each."""
        global _WORKER_FUNCTION
        if _can_fork():
            _WORKER_FUNCTION = function
            self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        elif function is None:
            self._pool = _fresh_pool(workers)
        else:
            self._pool = _fresh_pool(workers, _hold, (function,))
        self._pool_function = function
        return self._pool


@dataclass
class _Futures(Generic[Out]):
    futures: list[Future[Out]]

    def result(self) -> list[Out]:
        return [future.result() for future in self.futures]


def _can_fork() -> bool:
    """Forking copies this process: safe on Linux unless torch (its thread pools) is loaded."""
    return sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods() and "torch" not in sys.modules


def _main_is_a_file() -> bool:
    """Whether fresh worker processes would re-import the main module (a script, ``python -m``)."""
    return getattr(sys.modules.get("__main__"), "__file__", None) is not None


def _apply(function: Callable[[Item], Out], item: Item) -> Out:
    return function(item)


def _fresh_pool(
    workers: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()
) -> ProcessPoolExecutor:
    """Worker processes started afresh (forkserver, else spawn): they import what they run, and
    re-import the caller's main module."""
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context(method), initializer=initializer, initargs=initargs
    )


#: The function a process pool's workers run: set here before they fork, or in each fresh worker
#: by its initializer (the one state this module keeps, because the pool needs it).
_WORKER_FUNCTION: Any = None


def _hold(function: Any) -> None:
    """A fresh worker's initializer: keep the function for every item it is sent."""
    global _WORKER_FUNCTION
    _WORKER_FUNCTION = function


def _in_worker(item: Any) -> Any:
    return _WORKER_FUNCTION(item)
