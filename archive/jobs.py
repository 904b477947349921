"""The job queue (Huey): SQLite storage on one machine, Redis for many; recovery of lost jobs.

The database decides what still needs doing: any document left `queued` without a pending
job, or `processing` without a recent heartbeat (its worker died), is queued again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from huey import RedisHuey, SqliteHuey, crontab
from huey.consumer import Consumer
from sqlalchemy import select, update

from archive.models import Document, utcnow
from archive.pipeline import Outcome, process_document

log = logging.getLogger("hoso.jobs")
RETRY_DELAY_SECONDS = 5


def process_now(archive, document_ids: list[int],
                on_page: Callable[[int, int, int], None] | None = None) -> dict[int, str]:
    """Process documents in this process, as many at once as the queue's workers would (`ingest --wait`).

    Failures that may pass are retried here, as the queue would; returns each document's outcome.
    """

    def run(document_id: int) -> str:
        report = None if on_page is None else (lambda done, total: on_page(document_id, done, total))
        outcome = Outcome.RETRY
        while outcome == Outcome.RETRY:
            outcome = process_document(archive, document_id, on_page=report)
        return outcome

    with ThreadPoolExecutor(max_workers=archive.settings.job_threads) as pool:
        return dict(zip(document_ids, pool.map(run, document_ids), strict=True))


def make_huey(settings):
    if settings.queue_url and settings.queue_url.startswith("redis"):
        return RedisHuey("hoso", url=settings.queue_url)
    settings.resolved_home.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("hoso", filename=str(settings.queue_path))


class _EmbeddedConsumer(Consumer):
    """A consumer started inside another program (the web server), which owns the signals."""

    def _set_signal_handlers(self):
        return None


class JobQueue:
    """Enqueues documents for processing and runs the workers that process them."""

    def __init__(self, archive):
        self.archive = archive
        self.huey = make_huey(archive.settings)
        self._consumer: Consumer | None = None
        self._register()

    def _register(self) -> None:
        archive = self.archive

        @self.huey.task(name="process_document")
        def process(document_id: int) -> str:
            outcome = process_document(archive, document_id)
            if outcome == Outcome.RETRY:
                self._process.schedule((document_id,), delay=RETRY_DELAY_SECONDS)
            return outcome

        @self.huey.periodic_task(crontab(minute="*"), name="recover_documents")
        def recover() -> int:
            return self.recover()

        self._process = process

    def enqueue(self, document_id: int) -> None:
        self._process(document_id)

    def pending_document_ids(self) -> set[int]:
        ids = set()
        for task in self.huey.pending():
            if task.name == "process_document" and task.args:
                ids.add(int(task.args[0]))
        for task in self.huey.scheduled():
            if task.name == "process_document" and task.args:
                ids.add(int(task.args[0]))
        return ids

    def recover(self, stale_after: int | None = None) -> int:
        """Queue again what was interrupted; returns how many documents were re-queued."""
        stale_after = stale_after if stale_after is not None else self.archive.settings.stale_after_seconds
        cutoff = utcnow() - dt.timedelta(seconds=stale_after)
        with self.archive.transaction() as session:
            stale = session.execute(
                update(Document)
                .where(Document.status == "processing", Document.heartbeat_at < cutoff)
                .values(status="queued")
                .returning(Document.id)
            ).scalars().all()
            queued = session.scalars(select(Document.id).where(Document.status == "queued")).all()
        pending = self.pending_document_ids()
        requeued = [doc_id for doc_id in queued if doc_id not in pending]
        for doc_id in requeued:
            self.enqueue(doc_id)
        if stale or requeued:
            log.info("recovered %d interrupted and %d unqueued documents", len(stale), len(requeued))
        return len(requeued)

    def start_consumer(self, threads: int | None = None) -> None:
        """Run workers in this process (`hoso serve`), after recovering interrupted work."""
        # Nothing else runs jobs on a single machine, so anything `processing` now was interrupted.
        embedded = not (self.archive.settings.queue_url or "").startswith("redis")
        self.recover(stale_after=0 if embedded else None)
        self._consumer = _EmbeddedConsumer(
            self.huey, workers=threads or self.archive.settings.job_threads, worker_type="thread",
            periodic=True, check_worker_health=True,
        )
        self._consumer.start()

    def run_worker(self, threads: int | None = None) -> None:
        """Run workers in the foreground until interrupted (`hoso worker`)."""
        self.recover()
        consumer = self.huey.create_consumer(
            workers=threads or self.archive.settings.job_threads, worker_type="thread", periodic=True
        )
        consumer.run()

    def stop_consumer(self) -> None:
        if self._consumer is not None:
            consumer, self._consumer = self._consumer, None
            # Not graceful: a page half-read is simply read again after the next start.
            consumer.stop(graceful=False)
