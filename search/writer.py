"""The single writer every index update goes through: a background thread that batches
queued changes into one commit and waits out a busy index lock instead of dropping work."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .model import IndexBusy, PageEntry

log = logging.getLogger(__name__)


@dataclass
class _Op:
    seq: int
    kind: str  # replace | delete | add
    document_id: int | None
    entries: list[PageEntry]


@dataclass
class _DocChange:
    delete_first: bool = False
    pages: dict[int, PageEntry] = field(default_factory=dict)


_FLUSH = _Op(0, "flush", None, [])  # ends a batch's linger early; never applied


class BatchingWriter:
    """Queue writes for one index and apply them from one thread, many per commit.

    A busy lock (another process writing the same index) makes the batch wait and retry
    with backoff until it is applied; it is never dropped. Any other failure is logged,
    stored in `last_error` and passed to `on_error(exc, document_ids)`."""

    def __init__(
        self,
        index,
        max_batch_pages: int = 2000,
        linger: float = 0.2,
        max_retry_delay: float = 2.0,
        on_error: Callable[[Exception, list[int]], None] | None = None,
    ):
        self.index = index
        self.max_batch_pages = max_batch_pages
        self.linger = linger
        self.max_retry_delay = max_retry_delay
        self.on_error = on_error
        self.last_error: Exception | None = None
        self._failures: dict[int, Exception] = {}  # seq of a submission that was not applied -> why
        self.commits = 0
        self.busy_retries = 0
        self._queue: queue.Queue[_Op | None] = queue.Queue()
        self._cond = threading.Condition()
        self._submitted = 0
        self._applied = 0
        self._closing = False
        self._thread = threading.Thread(target=self._run, name="search-writer", daemon=True)
        self._thread.start()

    # -- submitting ---------------------------------------------------------------------------

    def _submit(self, kind: str, document_id: int | None, entries: Iterable[PageEntry]) -> int:
        with self._cond:
            if self._closing:
                raise RuntimeError("the search writer is closed")
            self._submitted += 1
            seq = self._submitted
        self._queue.put(_Op(seq, kind, document_id, list(entries)))
        return seq

    def submit_replace(self, document_id: int, entries: Iterable[PageEntry]) -> int:
        """Replace every page of a document (processed, re-classified, re-linked)."""
        return self._submit("replace", document_id, entries)

    def submit_delete(self, document_id: int) -> int:
        return self._submit("delete", document_id, ())

    def submit_add(self, entries: Iterable[PageEntry]) -> int:
        """Add or replace single pages."""
        return self._submit("add", None, entries)

    @property
    def pending(self) -> int:
        with self._cond:
            return self._submitted - self._applied

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything submitted so far is committed (without waiting out the batching linger).
        False on timeout."""
        with self._cond:
            target = self._submitted
            if self._applied >= target:
                return True
        self._queue.put(_FLUSH)
        with self._cond:
            return self._cond.wait_for(lambda: self._applied >= target, timeout)

    def take_failure(self, seqs: Iterable[int]) -> Exception | None:
        """Why one of these submissions was not applied (forgetting them), or None when all were."""
        with self._cond:
            found = [self._failures.pop(seq) for seq in seqs if seq in self._failures]
        return found[0] if found else None

    def _failed(self, ops: list[_Op], exc: Exception) -> None:
        self.last_error = exc
        with self._cond:
            for op in ops:
                self._failures[op.seq] = exc

    def close(self, timeout: float | None = None) -> bool:
        """Apply what is queued, then stop the thread. False when work was still pending."""
        with self._cond:
            self._closing = True
        self._queue.put(None)
        self._thread.join(timeout)
        return not self._thread.is_alive() and self.pending == 0

    # -- the writer thread ----------------------------------------------------------------------

    def _collect(self, first: _Op) -> tuple[list[_Op], bool]:
        ops = [first]
        pages = len(first.entries)
        stop = False
        deadline = time.monotonic() + self.linger
        while pages < self.max_batch_pages:
            remaining = deadline - time.monotonic()
            try:
                op = self._queue.get(timeout=max(remaining, 0)) if remaining > 0 else self._queue.get_nowait()
            except queue.Empty:
                break
            if op is None:
                stop = True
                break
            if op is _FLUSH:  # someone waits for what is queued: commit now
                break
            ops.append(op)
            pages += len(op.entries)
        return ops, stop

    @staticmethod
    def _coalesce(ops: list[_Op]) -> tuple[list[int], list[PageEntry]]:
        changes: dict[int, _DocChange] = {}
        for op in ops:
            if op.kind in ("replace", "delete"):
                changes[op.document_id] = _DocChange(True, {e.page: e for e in op.entries})
            else:
                for e in op.entries:
                    changes.setdefault(e.document_id, _DocChange()).pages[e.page] = e
        deletes = [doc for doc, ch in changes.items() if ch.delete_first]
        entries = [e for ch in changes.values() for e in ch.pages.values()]
        return deletes, entries

    def _apply(self, ops: list[_Op]) -> None:
        try:
            deletes, entries = self._coalesce(ops)
        except Exception as exc:  # malformed submissions must not stop the writer thread
            log.exception("search index update could not be prepared")
            self._failed(ops, exc)
            return
        delay = 0.05
        while True:
            try:
                self.index.try_write(deletes, entries)
                self.commits += 1
                return
            except IndexBusy:
                self.busy_retries += 1
                log.info("search index busy; retrying %d pages in %.2fs", len(entries), delay)
                time.sleep(delay)
                delay = min(delay * 2, self.max_retry_delay)
            except Exception as exc:
                docs = sorted(set(deletes) | {e.document_id for e in entries})
                log.exception("search index update failed for documents %s", docs)
                self._failed(ops, exc)
                if self.on_error:
                    self.on_error(exc, docs)
                return

    def _run(self) -> None:
        stop = False
        while not stop:
            first = self._queue.get()
            if first is None:
                break
            if first is _FLUSH:
                continue
            ops, stop = self._collect(first)
            self._apply(ops)
            with self._cond:
                self._applied = max(self._applied, max(op.seq for op in ops))
                self._cond.notify_all()
