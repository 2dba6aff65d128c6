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

import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from mtaudit.errors import ConfigError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from mtaudit.checks.base import Finding
    from mtaudit.checks.context import CheckContext
    from mtaudit.metrics import TermRecord
    from mtaudit.mt import MTOptions, MTRun, TranslationPlan
    from mtaudit.mt.model import ModelRef

ENGINES = ("auto", "local", "process", "ray")
#: Below this many rows a chunk is not worth a task of its own.
MIN_CHUNK_ROWS = 2_000
#: From this many rows ``auto`` checks in worker processes (below, starting them costs more than it saves).
AUTO_PROCESS_ROWS = 20_000
#: Rows checked before forking, so that workers inherit built matchers and loaded dictionaries.
WARM_UP_ROWS = 200
#: Seconds ``ray.init`` may take before the run is refused (it retries forever without loopback,
#: or when nothing answers at the cluster address).
RAY_START_TIMEOUT = 60.0


@dataclass
class CheckResults:
    """The findings, and the term records the metrics stage needs (computed with the findings, chunk
    by chunk, so the term analysis never runs twice)."""

    findings: "list[Finding]"
    term_records: "list[TermRecord]"


def run_checks_with_engine(segments: "pd.DataFrame", context: "CheckContext", check_ids: Iterable[str],
                           engine: "str | Engine" = "auto") -> CheckResults:
    """The findings of ``check_ids`` over ``segments``, computed by ``engine`` (a name or an Engine)."""
    from mtaudit.checks import CHECKS

    check_ids = tuple(check_ids)
    for check_id in check_ids:
        if check_id not in CHECKS:
            raise ConfigError(f"unknown check '{check_id}' (known: {', '.join(CHECKS)})")
    return make_engine(engine).run(segments, context, check_ids)


def make_engine(engine: "str | Engine", workers: int | None = None, address: str | None = None,
                start_timeout: float | None = None) -> "Engine":
    if isinstance(engine, Engine):
        return engine
    if engine == "auto":
        return AutoEngine(workers)
    if engine == "local":
        return LocalEngine()
    if engine == "process":
        return ProcessEngine(workers)
    if engine == "ray":
        return RayEngine(workers, address, start_timeout=start_timeout or RAY_START_TIMEOUT)
    raise ConfigError(f"unknown engine '{engine}' (choose from {', '.join(ENGINES)})")


class Engine:
    name = ""

    def run(self, segments: "pd.DataFrame", context: "CheckContext", check_ids: tuple[str, ...]) -> CheckResults:
        raise NotImplementedError

    def translate(self, segments: "pd.DataFrame", mt_options: "MTOptions | dict | None", *,
                  allow_download: bool = False) -> "tuple[pd.DataFrame, MTRun | None]":
        """The reference MT stage (:func:`mtaudit.mt.run_mt`), with the model in this process."""
        from mtaudit.mt import run_mt

        return run_mt(segments, mt_options, allow_download=allow_download)


@dataclass
class LocalEngine(Engine):
    """All checks in this process, chunk after chunk: the checks of a chunk share the source
    matcher's recent hits, and the term analysis held in memory is one chunk's."""

    chunk_rows: int = 20_000
    name = "local"

    def run(self, segments, context, check_ids):
        chunks = document_chunks(segments, 1, _chunkable(context), self.chunk_rows, self.chunk_rows)
        return merge_chunk_findings([check_chunk(chunk, context, check_ids) for chunk in chunks], check_ids)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@dataclass
class AutoEngine(Engine):
    """``process`` for tables of AUTO_PROCESS_ROWS rows or more when several cores are free, else ``local``."""

    workers: int | None = None
    name = "auto"

    def run(self, segments, context, check_ids):
        return self.choose(len(segments)).run(segments, context, check_ids)

    def choose(self, rows: int) -> Engine:
        workers = self.workers or default_workers()
        return ProcessEngine(workers) if workers > 1 and rows >= AUTO_PROCESS_ROWS else LocalEngine()


@dataclass
class ProcessEngine(Engine):
    """Chunks checked in worker processes. Where processes can be forked safely (Linux, no torch
    loaded) the matchers are built and the dictionaries loaded here first, on a few rows, and the
    workers are forked after: they share the segment table and that warm context instead of each
    rebuilding it (jieba's dictionary alone takes a second). Elsewhere workers start fresh
    (forkserver or spawn) and build their own from the glossary."""

    workers: int | None = None
    chunk_rows: int = MIN_CHUNK_ROWS
    name = "process"

    def run(self, segments, context, check_ids):
        workers = self.workers or default_workers()
        chunks = document_chunks(segments, workers, _chunkable(context), self.chunk_rows)
        if workers <= 1 or len(chunks) <= 1:
            results = [check_chunk(chunk, context, check_ids) for chunk in chunks]
        elif _can_fork():
            check_chunk(chunks[0].iloc[:WARM_UP_ROWS], context, check_ids)  # results come from the workers
            results = _check_forked(chunks, context, check_ids, workers)
        else:
            results = _check_spawned(chunks, context, check_ids, workers)
        return merge_chunk_findings(results, check_ids)


def _can_fork() -> bool:
    """Forking copies this process: safe on Linux unless torch (its thread pools) is loaded."""
    import multiprocessing
    import sys

    return sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods() and "torch" not in sys.modules


#: What forked workers check: the parent's chunks and warm context, inherited, not pickled.
_SHARED: "tuple[list[pd.DataFrame], CheckContext] | None" = None


def _check_forked(chunks: "list[pd.DataFrame]", context: "CheckContext", check_ids: tuple[str, ...],
                  workers: int) -> "list[dict[str, list]]":
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _SHARED
    _SHARED = (chunks, context)
    try:
        with ProcessPoolExecutor(min(workers, len(chunks)), mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_check_shared_chunk, range(len(chunks)), [check_ids] * len(chunks)))
    finally:
        _SHARED = None


def _check_shared_chunk(index: int, check_ids: tuple[str, ...]) -> "dict[str, list]":
    assert _SHARED is not None
    chunks, context = _SHARED
    return check_chunk(chunks[index], context, check_ids)


def _check_spawned(chunks: "list[pd.DataFrame]", context: "CheckContext", check_ids: tuple[str, ...],
                   workers: int) -> "list[dict[str, list]]":
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(min(workers, len(chunks)), mp_context=multiprocessing.get_context(method),
                             initializer=_init_worker, initargs=(context.glossary, context.options)) as pool:
        return list(pool.map(_check_in_worker, chunks, [check_ids] * len(chunks)))


_WORKER_CONTEXT: "CheckContext | None" = None


def _init_worker(glossary, options) -> None:
    global _WORKER_CONTEXT
    from mtaudit.checks.context import CheckContext

    _WORKER_CONTEXT = CheckContext(glossary, options=dict(options))


def _check_in_worker(chunk: "pd.DataFrame", check_ids: tuple[str, ...]) -> "dict[str, list[Finding]]":
    assert _WORKER_CONTEXT is not None
    return check_chunk(chunk, _WORKER_CONTEXT, check_ids)


#: Key of a chunk's term records beside its findings per check.
TERMS = "__term_records__"


def check_chunk(chunk: "pd.DataFrame", context: "CheckContext", check_ids: tuple[str, ...]) -> "dict[str, list]":
    """Findings of each check over one chunk, and its term records under TERMS; the context's
    term analysis is reset per chunk."""
    from mtaudit.checks import CHECKS
    from mtaudit.metrics import term_records

    context._occurrences = None
    context.source_matcher.prime(chunk["source"].tolist())
    try:
        results: dict[str, list] = {check_id: list(CHECKS[check_id].load().run(chunk, context)) for check_id in check_ids}
        results[TERMS] = term_records(context.occurrences(chunk))
        return results
    finally:
        context._occurrences = None


def merge_chunk_findings(results: "list[dict[str, list]]", check_ids: tuple[str, ...]) -> CheckResults:
    """Check by check, chunk by chunk: the order the in-process run gives."""
    return CheckResults([finding for check_id in check_ids for result in results for finding in result[check_id]],
                        [record for result in results for record in result[TERMS]])


def _chunkable(context: "CheckContext") -> bool:
    return context.options.get("consistency_scope", "document") == "document"


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


@dataclass
class RayEngine(Engine):
    """Chunks as the blocks of a Ray Dataset, checked by ``map_batches`` actors that each build the
    matchers once; runs on the cluster at ``address`` (``ray.init(address=...)``), else on a local
    one started for the run with a capped object store."""

    workers: int | None = None
    address: str | None = None
    object_store_bytes: int = 256 * 1024 * 1024
    chunk_rows: int = MIN_CHUNK_ROWS
    start_timeout: float = RAY_START_TIMEOUT
    name = "ray"

    def start(self):
        """Ray, started or connected once per process; Ray Data's own progress bars off."""
        ray = _start_ray(self.address, self.workers, self.object_store_bytes, self.start_timeout)
        ray.data.DataContext.get_current().enable_progress_bars = False
        return ray

    def run(self, segments, context, check_ids):
        import pandas as pd

        ray = self.start()
        workers = self.workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        chunks = document_chunks(segments, workers, _chunkable(context), self.chunk_rows)
        blocks = [chunk.assign(_chunk=index, _chunk_rows=len(chunk)) for index, chunk in enumerate(chunks)]
        dataset = ray.data.from_pandas(blocks).map_batches(
            _RayChecker, fn_constructor_args=(context.glossary, dict(context.options), check_ids),
            batch_size=None, batch_format="pandas",
            compute=ray.data.ActorPoolStrategy(min_size=1, max_size=min(workers, len(blocks))),
        )
        rows = pd.concat(list(dataset.iter_batches(batch_format="pandas", batch_size=None)), ignore_index=True) \
            if len(blocks) else pd.DataFrame()
        return _ray_findings(rows, check_ids)

    def translate(self, segments, mt_options, *, allow_download=False):
        """The MT stage with the model in Ray actors (see :class:`RayTranslator`)."""
        from mtaudit.mt import run_mt

        return run_mt(segments, mt_options, allow_download=allow_download,
                      translator=RayTranslator(self, allow_download))


class _RayChecker:
    """A Ray Data actor: the check context is built once per actor and reused for every block."""

    def __init__(self, glossary, options, check_ids):
        from mtaudit.checks.context import CheckContext

        self.context = CheckContext(glossary, options=options)
        self.check_ids = check_ids

    def __call__(self, batch: "pd.DataFrame") -> "pd.DataFrame":
        import pickle

        import pandas as pd

        rows = []
        for index, chunk in batch.groupby("_chunk", sort=True):
            if len(chunk) != int(chunk["_chunk_rows"].iloc[0]):
                raise RuntimeError(f"ray split chunk {index} across batches; findings would differ")
            results = check_chunk(chunk.drop(columns=["_chunk", "_chunk_rows"]), self.context, self.check_ids)
            for order, key in enumerate((*self.check_ids, TERMS)):
                rows.extend({"check": order, "chunk": int(index), "seq": seq, "finding": pickle.dumps(item)}
                            for seq, item in enumerate(results[key]))
        return pd.DataFrame(rows, columns=["check", "chunk", "seq", "finding"])


def _ray_findings(rows: "pd.DataFrame", check_ids: tuple[str, ...]) -> CheckResults:
    """Findings in check, chunk, sequence order; the rows after the last check are term records."""
    import pickle

    if rows.empty:
        return CheckResults([], [])
    rows = rows.sort_values(["check", "chunk", "seq"], kind="stable")
    items = [pickle.loads(blob) for blob in rows["finding"]]
    split = int((rows["check"] < len(check_ids)).sum())
    return CheckResults(items[:split], items[split:])


@dataclass
class RayTranslator:
    """The MT stage's model on Ray (a :class:`mtaudit.mt.Translator`). The driver keeps what
    decides the outcome — the cache lookup, splitting and batch planning, joining — so the report
    is the one the local run gives; actors (``num_gpus=1`` each when the cluster has GPUs, else
    one CPU actor unless ``workers`` says otherwise) load the model once and run the planned batches."""

    engine: RayEngine
    allow_download: bool = False

    def compute_settings(self, options: "MTOptions") -> dict[str, str]:
        """Resolved where the model runs (a GPU node), since they key the cache and sign the report."""
        ray = self.engine.start()
        return ray.get(ray.remote(num_gpus=1 if _gpus(ray) else 0)(_compute_settings).remote(options))

    def translate(self, ref: "ModelRef", options: "MTOptions", texts: list[str], run: "MTRun") -> dict[str, str]:
        from mtaudit.mt import _progress, plan_translation
        from mtaudit.mt.model import load_tokenizer

        ray = self.engine.start()
        tokenizer = load_tokenizer(Path(options.tokenizer).expanduser() if options.tokenizer else ref.path)
        plan = plan_translation(texts, tokenizer, lambda batch: [len(ids) for ids in tokenizer(list(batch))["input_ids"]],
                                options)
        gpus = _gpus(ray)
        actors = min(self.engine.workers or gpus or 1, gpus or len(plan.batches), len(plan.batches))
        dataset = ray.data.from_pandas(_batch_blocks(plan, 4 * actors)).map_batches(
            _RayModel, fn_constructor_args=(ref, options, self.allow_download), batch_size=None,
            batch_format="pandas", num_gpus=1 if gpus else None,
            compute=ray.data.ActorPoolStrategy(size=actors))  # all load their model at once
        outputs = [""] * len(plan.pieces)
        with _progress(len(plan.pieces), options.progress) as bar:
            for rows in dataset.iter_batches(batch_format="pandas", batch_size=None):
                for batch, translated in zip(rows["batch"], rows["outputs"]):
                    for index, text in zip(plan.batches[batch], translated):
                        outputs[index] = text
                    bar.update(len(translated))
        plan.record(texts, run)
        return plan.join(texts, outputs)


def _batch_blocks(plan: "TranslationPlan", parts: int) -> "list[pd.DataFrame]":
    """The planned batches dealt round-robin into ``parts`` blocks (they come longest first), one row
    per batch, so a batch always reaches one model call whole."""
    import pandas as pd

    parts = min(parts, len(plan.batches))
    return [pd.DataFrame({"batch": range(start, len(plan.batches), parts),
                          "pieces": [[plan.pieces[i] for i in batch] for batch in plan.batches[start::parts]]})
            for start in range(parts)]


def _gpus(ray) -> int:
    return int(ray.cluster_resources().get("GPU", 0))


def _compute_settings(options: "MTOptions") -> dict[str, str]:
    from mtaudit.mt import LocalTranslator

    return LocalTranslator().compute_settings(options)


class _RayModel:
    """A Ray Data actor holding one loaded model, reused for every block of planned batches."""

    def __init__(self, ref: "ModelRef", options: "MTOptions", allow_download: bool):
        from mtaudit.mt import load_engine

        self.model = load_engine(_model_on_this_node(ref, options, allow_download), options)

    def __call__(self, rows: "pd.DataFrame") -> "pd.DataFrame":
        import pandas as pd

        return pd.DataFrame({"batch": rows["batch"].astype(int).tolist(),
                             "outputs": [self.model.translate(list(pieces)) for pieces in rows["pieces"]]})


def _model_on_this_node(ref: "ModelRef", options: "MTOptions", allow_download: bool) -> "ModelRef":
    """The driver's model directory when this node sees it (one machine, shared storage), else the
    same model located on this node; refused when its content differs from the driver's."""
    from mtaudit.errors import ModelUnavailableError
    from mtaudit.mt.model import locate_model

    if ref.path.is_dir():
        return ref
    here = locate_model(options, allow_download=allow_download)
    if here.identity != ref.identity:
        raise ModelUnavailableError(f"the model on this Ray node ({here.identity}) differs from the driver's "
                                    f"({ref.identity})")
    return here


def _start_ray(address: str | None, workers: int | None, object_store_bytes: int,
               timeout: float = RAY_START_TIMEOUT):
    """Connect to ``address`` or start a local Ray (once per process), within ``timeout`` seconds."""
    try:
        import ray
        import ray.data
    except ImportError:
        raise ConfigError("--engine ray needs Ray: pip install 'mtaudit[ray]'") from None
    if ray.is_initialized():
        return ray
    if address:
        _probe_cluster(address, timeout)
    kwargs = {"address": address} if address else {
        "num_cpus": workers or default_workers(), "object_store_memory": object_store_bytes,
        "include_dashboard": False}
    try:
        with _time_limit(timeout):
            ray.init(log_to_driver=False, **kwargs)
    except _StartTimeout:
        ray.shutdown()
        raise ConfigError(f"Ray did not start within {timeout:g} s"
                          + (f" (address {address})" if address else "")) from None
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise ConfigError(f"Ray could not start: {exc}") from None
    return ray


def _probe_cluster(address: str, timeout: float) -> None:
    """Refuse an address where nothing answers at once: ``ray.init`` retries it for minutes, in
    calls into Ray's C++ client that return to Python (where the time limit acts) only every ~35 s.
    ``auto`` and names without a port are left to Ray."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address if "://" in address else f"//{address}")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        raise ConfigError(f"not a Ray cluster address: {address} (HOST:PORT or ray://HOST:PORT)") from None
    if not host or not port:
        return
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        raise ConfigError(f"no Ray cluster answers at {address} ({exc.strerror or exc}, "
                          f"waited up to {timeout:g} s)") from None


class _StartTimeout(BaseException):
    """Not an Exception: Ray's connection retry loop catches those, and would retry on."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise _StartTimeout after ``seconds`` (SIGALRM; only in the main thread, else no limit).
    ``ray.init`` must run in the main thread: in another one the driver exits silently."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum, frame):
        raise _StartTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
