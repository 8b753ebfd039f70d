"""Where partitions run: ``local`` (worker processes forked from this one, all cores) or ``dask`` (a Dask
LocalCluster, or a running scheduler's workers). Both take a :class:`~.work.Task` and give back a
:class:`~.work.PartResult`; models are loaded once per worker process.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from ..errors import ConfigError, DarumgehtsError
from ..settings import Settings
from .work import PartResult, Task, keep_summarizer, summarize_partition, summarizer_for, warm

ENGINES = ("local", "dask")
# Dask's statistical profiler samples the task thread's stack every 10 ms and takes the GIL to do it: measured 16 %
# more CPU per article. Our LocalCluster turns it off; on a cluster of your own, start the workers with
# DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False.
LOCAL_CLUSTER_CONFIG = {"distributed.worker.profile.enabled": False}


def _init_local(settings: Settings) -> None:
    summarizer_for(settings)  # a no-op after fork (inherited); loads the models once after spawn


class LocalEngine:
    """Worker processes on this machine. They fork after the parent loaded the models, so they share its pages."""

    name = "local"

    def __init__(self, settings: Settings, workers: int, summarizer=None) -> None:
        self.settings = settings
        self.workers = workers or os.cpu_count() or 1
        methods = multiprocessing.get_all_start_methods()
        if summarizer is not None:
            keep_summarizer(settings, warm(summarizer))
        ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self._pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_init_local, initargs=(settings,))
        self._pending: set = set()

    def describe(self) -> str:
        return f"local, {self.workers} worker process{'es' if self.workers != 1 else ''}"

    @property
    def slots(self) -> int:
        return self.workers

    def submit(self, task: Task) -> None:
        self._pending.add(self._pool.submit(summarize_partition, self.settings, task))

    def next_done(self) -> PartResult:
        done, self._pending = wait(self._pending, return_when=FIRST_COMPLETED)
        first, *rest = done
        self._pending.update(rest)  # handed out one at a time
        try:
            return first.result()
        except BrokenProcessPool:
            raise DarumgehtsError("A worker process died (out of memory?). The finished partitions are kept: run the same "
                                  "command again to go on.") from None

    def close(self) -> None:
        for future in self._pending:
            future.cancel()
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskEngine:
    """Partitions as Dask tasks: on a LocalCluster of ``workers`` processes, or on the cluster at ``scheduler``."""

    name = "dask"

    def __init__(self, settings: Settings, workers: int, scheduler: str | None = None) -> None:
        try:
            from distributed import Client, LocalCluster, as_completed
        except ImportError:
            raise ConfigError("The dask engine needs dask.distributed: pip install 'darumgehts[batch]'.") from None
        self.settings = settings
        self._cluster = None
        try:
            if scheduler:
                self._client = Client(scheduler, timeout="20s")
            else:
                import dask

                with dask.config.set(LOCAL_CLUSTER_CONFIG):  # the nannies hand this to their workers
                    self._cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                                                 dashboard_address=None, silence_logs=logging.ERROR)
                self._client = Client(self._cluster)
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"Cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        self._settings = self._client.scatter(settings, broadcast=True)
        self._done = as_completed()
        self.scheduler = scheduler or self._cluster.scheduler_address

    @property
    def slots(self) -> int:
        return max(1, sum(self._client.nthreads().values()))

    def describe(self) -> str:
        kind = "scheduler" if self._cluster is None else "LocalCluster"
        return f"dask {kind} {self.scheduler}, {len(self._client.nthreads())} workers, {self.slots} threads"

    def submit(self, task: Task) -> None:
        self._done.add(self._client.submit(summarize_partition, self._settings, task, pure=False, retries=1))

    def next_done(self) -> PartResult:
        return next(self._done).result()

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def check_engine(name: str, scheduler: str | None) -> None:
    if name not in ENGINES:
        raise ConfigError(f"Unknown engine {name!r}; use one of {', '.join(ENGINES)}.")
    if scheduler and name != "dask":
        raise ConfigError("--scheduler needs --engine dask.")


def make_engine(name: str, settings: Settings, workers: int, scheduler: str | None, summarizer=None):
    check_engine(name, scheduler)
    if name == "local":
        return LocalEngine(settings, workers, summarizer)
    return DaskEngine(settings, workers, scheduler)
