"""The one place where pages run in parallel: a process pool running `ocr.ocr_page`.

Each worker process runs one single-threaded Tesseract at a time. Documents submit their
pages through a bounded window, so many documents queued at once interleave and keep every
core busy without one large document starving the others.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ocr import OcrOptions, PageResult, ocr_page, use_one_core


class PageExecutor:
    """A lazily started process pool shared by every document being processed."""

    def __init__(self, workers: int):
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _get_pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.workers,
                    mp_context=multiprocessing.get_context("forkserver"),
                    initializer=use_one_core,
                )
            return self._pool

    def _reset_pool(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is broken:
                broken.shutdown(wait=False, cancel_futures=True)
                self._pool = None

    def run_pages(
        self,
        path: str | Path,
        media_type: str,
        numbers: Iterable[int],
        options: OcrOptions,
        on_page: Callable[[PageResult], None] | None = None,
    ) -> list[PageResult]:
        """OCR the given pages, calling `on_page` as each finishes; results in page order.

        A worker process that dies (killed, out of memory) is replaced and its pages
        are tried again once; any other error propagates to the caller.
        """
        pending = list(numbers)
        results: dict[int, PageResult] = {}
        retried: set[int] = set()
        window = self.workers * 2
        while pending:
            pool = self._get_pool()
            in_flight: dict[Future, int] = {}
            try:
                while pending or in_flight:
                    while pending and len(in_flight) < window:
                        number = pending.pop(0)
                        in_flight[pool.submit(ocr_page, str(path), media_type, number, options)] = number
                    done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                    for future in done:
                        result = future.result()  # a dead worker raises here: the page stays in flight
                        number = in_flight.pop(future)
                        results[number] = result
                        if on_page is not None:
                            on_page(result)
            except BrokenProcessPool:
                self._reset_pool(pool)
                lost = sorted(set(in_flight.values()))
                if retried.intersection(lost):
                    raise
                retried.update(lost)
                pending = lost + pending
        return [results[n] for n in sorted(results)]

    def shutdown(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None
