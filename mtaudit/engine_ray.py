"""The Ray engine (``--engine ray``): a directory's documents read by Ray tasks, chunks checked as
the blocks of a Ray Dataset by ``map_batches`` actors, and the reference MT stage's cache misses
translated by model actors (one per GPU), on a local Ray started for the run or on any cluster by
address. Ray is an optional extra (``pip install 'mtaudit[ray]'``); this module is imported only
when it is asked for.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from mtaudit.engine import (
    MIN_CHUNK_ROWS,
    TERMS,
    CheckResults,
    Engine,
    check_chunk,
    chunkable,
    default_workers,
    document_chunks,
)
from mtaudit.errors import ConfigError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from mtaudit.mt import MTOptions, MTRun, TranslationPlan
    from mtaudit.mt.model import ModelRef

#: Seconds ``ray.init`` may take before the run is refused (it retries forever without loopback,
#: or when nothing answers at the cluster address).
RAY_START_TIMEOUT = 60.0


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
    #: Documents read ahead by Ray tasks while a directory is read (None: twice the workers).
    read_window: int | None = None
    name = "ray"
    #: Large chunks: each chunk's checks start their actors (and the MT its model actors) anew.
    stream_rows = 500_000

    def start(self):
        """Ray, started or connected once per process; Ray Data's own progress bars off."""
        ray = _start_ray(self.address, self.workers, self.object_store_bytes, self.start_timeout)
        ray.data.DataContext.get_current().enable_progress_bars = False
        return ray

    def run(self, segments, context, check_ids):
        import pandas as pd

        ray = self.start()
        workers = self.workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        chunks = document_chunks(segments, workers, chunkable(context.options), self.chunk_rows)
        blocks = [chunk.assign(_chunk=index, _chunk_rows=len(chunk)) for index, chunk in enumerate(chunks)]
        dataset = ray.data.from_pandas(blocks).map_batches(
            _RayChecker, fn_constructor_args=(context.glossary, dict(context.options), check_ids),
            batch_size=None, batch_format="pandas",
            compute=ray.data.ActorPoolStrategy(min_size=1, max_size=min(workers, len(blocks))),
        )
        rows = pd.concat(list(dataset.iter_batches(batch_format="pandas", batch_size=None)), ignore_index=True) \
            if len(blocks) else pd.DataFrame()
        return _ray_findings(rows, check_ids)

    def read(self, input, target, translate, chunk_rows):
        """A directory INPUT [TARGET]: its documents listed here (the order, and the errors for an
        empty or unpaired directory, of :func:`mtaudit.corpus.iter_corpus`), each read into its
        segment table by a Ray task on the cluster, at most ``read_window`` tasks ahead of the
        chunk being gathered; chunks of whole documents of at least ``chunk_rows`` rows come in
        document order. The directory must be at the same path on every node (one machine, or
        shared storage). A file, or document pairs aligned with the reference MT (``translate``:
        the model stays here), are read in this process."""
        if translate is not None or not input.is_dir() or not (target is None or target.is_dir()):
            return super().read(input, target, translate, chunk_rows)
        return self._read_documents(input, target, chunk_rows)

    def _read_documents(self, input: Path, target: Path | None, chunk_rows: int | None) -> "Iterator[pd.DataFrame]":
        from mtaudit.corpus import directory_documents, join_tables
        from mtaudit.segments import validate_segments

        documents = directory_documents(input, target)
        ray = self.start()
        window = self.read_window or 2 * (self.workers or max(1, int(ray.cluster_resources().get("CPU", 1))))
        chunks = map(join_tables, _whole_documents(_tables_in_order(ray, documents, window), chunk_rows))
        yield validate_segments(next(chunks), str(input))
        yield from chunks

    def map(self, function, items):
        """Each item a Ray task on the cluster (``function`` must be importable there, as mtaudit is)."""
        if len(items) <= 1:
            return super().map(function, items)
        ray = self.start()
        task = ray.remote(_apply)
        return ray.get([task.remote(function, item) for item in items])

    def translate(self, segments, mt_options, *, allow_download=False):
        """The MT stage with the model in Ray actors (see :class:`RayTranslator`)."""
        from mtaudit.mt import run_mt

        return run_mt(segments, mt_options, allow_download=allow_download,
                      translator=RayTranslator(self, allow_download))


def _apply(function, item):
    return function(item)


def _whole_documents(tables: "Iterator[pd.DataFrame]", chunk_rows: int | None) -> "Iterator[list[pd.DataFrame]]":
    """Consecutive documents' tables gathered until they hold at least ``chunk_rows`` rows (None:
    all of them), as :func:`mtaudit.corpus.iter_corpus` cuts its rows; documents without rows add
    nothing, and no rows at all are one empty list."""
    gathered: list = []
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


def _tables_in_order(ray, documents: list, window: int) -> "Iterator[pd.DataFrame]":
    """Each document's table, read by a Ray task, in document order; no more than ``window`` tasks
    submitted and not yet handed on. A reader's error reaches the caller as raised in the task."""
    from collections import deque

    from mtaudit.corpus import document_table

    task = ray.remote(document_table)
    pending: deque = deque()
    upcoming = iter(documents)
    try:
        while True:
            pending.extend(task.remote(*document) for document in islice(upcoming, window - len(pending)))
            if not pending:
                return
            yield _get(ray, pending.popleft())
    finally:
        for ref in pending:
            ray.cancel(ref)


def _get(ray, ref):
    """``ray.get``, with an mtaudit error raised in the task re-raised as itself (message, path and
    line; no Ray traceback)."""
    from mtaudit.errors import MtauditError

    try:
        return ray.get(ref)
    except ray.exceptions.RayTaskError as error:
        if isinstance(error.cause, MtauditError):
            raise error.cause from None
        raise


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

    by_check: dict[str, list] = {check_id: [] for check_id in check_ids}
    records: list = []
    if rows.empty:
        return CheckResults(by_check, records)
    rows = rows.sort_values(["check", "chunk", "seq"], kind="stable")
    for order, blob in zip(rows["check"].tolist(), rows["finding"].tolist()):
        (by_check[check_ids[order]] if order < len(check_ids) else records).append(pickle.loads(blob))
    return CheckResults(by_check, records)


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
