"""The one place where pages run in parallel: a process pool running `ocr.ocr_page` under limits.

Each worker process runs one single-threaded Tesseract at a time. Documents submit their
pages through a bounded window, so many documents queued at once interleave and keep every
core busy without one large document starving the others.

Hostile files are contained here: each worker's address space is capped (RLIMIT_AS), a page
that runs longer than its time limit has its worker killed (the pool is rebuilt, only that
document fails, other documents' pages are simply read again), and workers die with the
process that owns them instead of lingering as orphans.
"""

from __future__ import annotations

import ctypes
import itertools
import logging
import multiprocessing
import os
import resource
import signal
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from archive.runtime.owner import pid_alive
from ocr import OcrError, OcrOptions, PageResult, ocr_page, use_one_core

log = logging.getLogger("hoso.executor")

PR_SET_PDEATHSIG = 1
OWNER_CHECK_SECONDS = 1.0

# Set in each worker by `_init_worker`: where to say which task it has started. A bare pipe, not
# a queue: a worker killed mid-write must not leave a lock held that stalls the others, and a
# message this small is written atomically.
_started_pipe = None


def _init_worker(started, memory_bytes: int | None, owner_pid: int) -> None:
    """Runs first in every worker process: die with the owner, cap memory, one core."""
    global _started_pipe
    _die_with_owner(owner_pid)
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    use_one_core()
    _started_pipe = started


def _die_with_owner(owner_pid: int) -> None:
    """Kill this worker when the process that owns the pool goes, however it goes (kill -9 too).

    The kernel signals a worker when its parent (the fork server) exits; a watchdog thread
    also checks the owner itself, which covers a fork server that outlives it.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if not pid_alive(owner_pid):
        os._exit(1)

    def watch() -> None:
        while pid_alive(owner_pid):
            time.sleep(OWNER_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="owner-watchdog", daemon=True).start()


def _run_page(task_id: int, path: str, media_type: str, number: int, options: OcrOptions) -> PageResult:
    """One page in a worker, announcing first that it has started (so its time can be watched)."""
    if _started_pipe is not None:
        _started_pipe.send((task_id, os.getpid(), time.monotonic()))
    return ocr_page(path, media_type, number, options)


class PageExecutor:
    """A lazily started process pool shared by every document being processed."""

    def __init__(self, workers: int, page_seconds: float = 120.0, memory_mb: int | None = 2048):
        self.workers = max(1, workers)
        self.page_seconds = page_seconds
        self.memory_bytes = memory_mb * 1024 * 1024 if memory_mb else None
        self._context = multiprocessing.get_context("forkserver")
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._task_ids = itertools.count(1)
        self._started = None  # (reading end, writing end) of the pipe workers announce tasks on
        self._reader: threading.Thread | None = None
        self._running: dict[int, tuple[int, float]] = {}  # task id -> (worker pid, monotonic start)
        self._killed_pools: weakref.WeakSet = weakref.WeakSet()  # pools broken on purpose by a time-limit kill

    @classmethod
    def from_settings(cls, settings, workers: int | None = None) -> PageExecutor:
        return cls(workers or settings.workers, page_seconds=settings.page_seconds, memory_mb=settings.page_memory_mb)

    def _get_pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._started is None:
                self._started = self._context.Pipe(duplex=False)
                self._reader = threading.Thread(
                    target=self._read_started, args=(self._started[0],), name="page-starts", daemon=True
                )
                self._reader.start()
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.workers,
                    mp_context=self._context,
                    initializer=_init_worker,
                    initargs=(self._started[1], self.memory_bytes, os.getpid()),
                )
            return self._pool

    def _read_started(self, reader) -> None:
        while True:
            try:
                item = reader.recv()
            except (EOFError, OSError):
                return
            if item is None:
                reader.close()
                return
            task_id, pid, started = item
            self._running[task_id] = (pid, started)
            if len(self._running) > 4096:  # starts of pages that finished before their start was read
                old = started - 10 * self.page_seconds
                for key in [k for k, (_, t) in list(self._running.items()) if t < old]:
                    self._running.pop(key, None)

    def _reset_pool(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is broken:
                broken.shutdown(wait=False, cancel_futures=True)
                self._pool = None

    def _kill_overrunning(self, pool: ProcessPoolExecutor, in_flight: dict[Future, tuple[int, int]]) -> None:
        """Kill the worker of a page past its time limit; raises the page's `page_timeout`."""
        now = time.monotonic()
        for task_id, number in in_flight.values():
            started = self._running.get(task_id)
            if started is None or now - started[1] <= self.page_seconds:
                continue
            pid = started[0]
            log.error("page %s ran longer than %s s: killing worker %s", number, self.page_seconds, pid)
            with self._lock:
                self._killed_pools.add(pool)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._reset_pool(pool)
            raise OcrError("page_timeout", f"page {number} > {self.page_seconds} s", page=number)

    def run_pages(
        self,
        path: str | Path,
        media_type: str,
        numbers: Iterable[int],
        options: OcrOptions,
        on_page: Callable[[PageResult], None] | None = None,
    ) -> list[PageResult]:
        """OCR the given pages, calling `on_page` as each finishes; results in page order.

        A page past the time limit fails this call with `OcrError("page_timeout")`. A worker
        process that dies (killed, out of memory) is replaced and its pages are tried again
        once; pages lost because another document's page was stopped are always read again.
        Any other error propagates to the caller.
        """
        pending = list(numbers)
        results: dict[int, PageResult] = {}
        retried: set[int] = set()
        window = self.workers * 2
        tick = max(0.05, min(1.0, self.page_seconds / 4))
        while pending:
            pool = self._get_pool()
            in_flight: dict[Future, tuple[int, int]] = {}  # future -> (task id, page number)
            try:
                while pending or in_flight:
                    while pending and len(in_flight) < window:
                        number = pending.pop(0)
                        task_id = next(self._task_ids)
                        future = pool.submit(_run_page, task_id, str(path), media_type, number, options)
                        in_flight[future] = (task_id, number)
                    done, _ = wait(in_flight, timeout=tick, return_when=FIRST_COMPLETED)
                    for future in done:
                        result = future.result()  # a dead worker raises here: the page stays in flight
                        task_id, number = in_flight.pop(future)
                        self._running.pop(task_id, None)
                        results[number] = result
                        if on_page is not None:
                            on_page(result)
                    self._kill_overrunning(pool, in_flight)
            except BrokenProcessPool:
                self._reset_pool(pool)
                lost = sorted(number for _, number in in_flight.values())
                with self._lock:
                    on_purpose = pool in self._killed_pools
                if not on_purpose:
                    if retried.intersection(lost):
                        raise
                    retried.update(lost)
                pending = lost + pending
            finally:
                for task_id, _ in in_flight.values():
                    self._running.pop(task_id, None)
        return [results[n] for n in sorted(results)]

    def shutdown(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None
            if self._started is not None:
                reader, writer = self._started
                writer.send(None)  # ends the reader thread, which closes its end
                writer.close()
                self._started = None
