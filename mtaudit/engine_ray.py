"""The Ray engine (``--engine ray``): the work of the stages as Ray tasks and actors, on a local Ray
started for the run or on any cluster by address. A function with work to keep between items
(the checks' matchers, a model) runs in actors that each make it once; independent items are Ray
tasks. Ray is an optional extra (``pip install 'mtaudit[ray]'``); this module is imported only
when it is asked for, and imports Ray only when it starts.
"""

from __future__ import annotations

import signal
import socket
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import Any, ClassVar
from urllib.parse import urlsplit

from mtaudit.engine import MIN_CHUNK_ROWS, Done, Engine, Item, Out, Pending, WorkerFunction, default_workers
from mtaudit.errors import ConfigError, MtauditError
from mtaudit.options import EngineOptions

#: Seconds ``ray.init`` may take before the run is refused (it retries forever without loopback,
#: or when nothing answers at the cluster address).
RAY_START_TIMEOUT = EngineOptions.ray_start_timeout


@dataclass
class RayEngine(Engine):
    """Ray tasks and actors, on the cluster at ``address`` (``ray.init(address=...)``), else on a
    local one started for the run with a capped object store."""

    workers: int | None = None
    address: str | None = None
    object_store_bytes: int = 256 * 1024 * 1024
    chunk_rows: int = MIN_CHUNK_ROWS
    start_timeout: float = RAY_START_TIMEOUT
    #: Items started ahead of the one being read by :meth:`imap` (None: twice the workers).
    read_window: int | None = None
    name = "ray"
    #: Large chunks: each chunk's checks start their actors (and the MT its model actors) anew.
    stream_rows = 500_000
    distributed: ClassVar[bool] = True

    def start(self) -> Any:
        """Ray, started or connected once per process."""
        return _start_ray(self.address, self.workers, self.object_store_bytes, self.start_timeout)

    @property
    def task_rows(self) -> int:
        return self.chunk_rows

    def parallelism(self) -> int:
        return self.workers or max(1, int(self.start().cluster_resources().get("CPU", 1)))

    def submit(self, function: WorkerFunction[Item, Out], items: list[Item]) -> Pending[list[Out]]:
        """Each item checked by one of a pool of actors holding ``function`` (made once per actor)."""
        actors = min(self.parallelism(), len(items))
        return Done(list(self.actor_map(_Holding, (function,), items, actors)))

    def map(self, function: Callable[[Item], Out], items: list[Item]) -> list[Out]:
        """Each item a Ray task on the cluster (``function`` must be importable there, as mtaudit is)."""
        if len(items) <= 1:
            return super().map(function, items)
        ray = self.start()
        task = ray.remote(_apply)
        return [_get(ray, ref) for ref in [task.remote(function, item) for item in items]]

    def imap(self, function: Callable[[Item], Out], items: Iterable[Item]) -> Iterator[Out]:
        """Each item a Ray task, in order, no more than ``read_window`` of them started and not yet
        read; an error raised in a task reaches the caller as raised there."""
        ray = self.start()
        window = self.read_window or 2 * self.parallelism()
        task = ray.remote(_apply)
        pending: deque[Any] = deque()
        upcoming = iter(items)
        try:
            while True:
                pending.extend(task.remote(function, item) for item in islice(upcoming, window - len(pending)))
                if not pending:
                    return
                yield _get(ray, pending.popleft())
        finally:
            for ref in pending:
                ray.cancel(ref)

    def gpus(self) -> int:
        return int(self.start().cluster_resources().get("GPU", 0))

    def call(self, function: Callable[..., Out], *args: Any, gpus: int = 0) -> Out:
        ray = self.start()
        return _get(ray, ray.remote(num_gpus=gpus)(function).remote(*args))

    def actor_map(
        self,
        worker: Callable[..., Callable[[Item], Out]],
        args: tuple[Any, ...],
        items: list[Item],
        actors: int = 1,
        gpus: int = 0,
    ) -> Iterator[Out]:
        """A pool of ``actors`` Ray actors of class ``worker`` (``num_gpus=gpus`` each), all made at
        once; the items are dealt to whichever is free, the results come back in order."""
        from ray.util import ActorPool  # Ray is an optional extra: imported where it is used

        ray = self.start()
        remote = ray.remote(num_gpus=gpus)(worker) if gpus else ray.remote(worker)
        handles = [remote.remote(*args) for _ in range(max(1, actors))]
        try:
            yield from ActorPool(handles).map(lambda actor, item: actor.__call__.remote(item), items)
        except ray.exceptions.RayTaskError as error:
            raise (error.cause if isinstance(error.cause, MtauditError) else error) from None
        finally:
            for handle in handles:
                ray.kill(handle)


class _Holding:
    """An actor holding a function for every item it is given."""

    def __init__(self, function: Callable[[Any], Any]) -> None:
        self.function = function

    def __call__(self, item: Any) -> Any:
        return self.function(item)


def _apply(function: Callable[[Item], Out], item: Item) -> Out:
    return function(item)


def _get(ray: Any, ref: Any) -> Any:
    """``ray.get``, with an mtaudit error raised in the task re-raised as itself (message, path and
    line; no Ray traceback)."""
    try:
        return ray.get(ref)
    except ray.exceptions.RayTaskError as error:
        if isinstance(error.cause, MtauditError):
            raise error.cause from None
        raise


def _start_ray(
    address: str | None, workers: int | None, object_store_bytes: int, timeout: float = RAY_START_TIMEOUT
) -> Any:
    """Connect to ``address`` or start a local Ray (once per process), within ``timeout`` seconds."""
    try:
        import ray  # Ray is an optional extra: imported when the engine starts
    except ImportError:
        raise ConfigError("--engine ray needs Ray: pip install 'mtaudit[ray]'") from None
    if ray.is_initialized():
        return ray
    if address:
        probe_cluster(address, timeout)
    kwargs = (
        {"address": address}
        if address
        else {
            "num_cpus": workers or default_workers(),
            "object_store_memory": object_store_bytes,
            "include_dashboard": False,
        }
    )
    try:
        with _time_limit(timeout):
            ray.init(log_to_driver=False, **kwargs)
    except _StartTimeout:
        ray.shutdown()
        raise ConfigError(
            f"Ray did not start within {timeout:g} s" + (f" (address {address})" if address else "")
        ) from None
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise ConfigError(f"Ray could not start: {exc}") from None
    return ray


def probe_cluster(address: str, timeout: float) -> None:
    """Refuse an address where nothing answers at once: ``ray.init`` retries it for minutes, in
    calls into Ray's C++ client that return to Python (where the time limit acts) only every ~35 s.
    ``auto`` and names without a port are left to Ray."""
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
        raise ConfigError(
            f"no Ray cluster answers at {address} ({exc.strerror or exc}, waited up to {timeout:g} s)"
        ) from None


class _StartTimeout(BaseException):
    """Not an Exception: Ray's connection retry loop catches those, and would retry on."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise _StartTimeout after ``seconds`` (SIGALRM; only in the main thread, else no limit).
    ``ray.init`` must run in the main thread: in another one the driver exits silently."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise _StartTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
