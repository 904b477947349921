"""The job queue (Huey): SQLite storage on one machine, Redis for many; recovery of lost jobs.

The database decides what still needs doing: any document left `queued` without a pending
job, or `processing` by a process that is gone or without a recent heartbeat (its worker
died), is queued again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from huey import RedisHuey, SqliteHuey, crontab
from huey.consumer import Consumer
from sqlalchemy import and_, or_, select, update

from archive.processing.pipeline import Outcome, process_document
from archive.records.models import Document, DocumentStatus, utcnow
from archive.runtime.owner import is_gone

log = logging.getLogger("hoso.jobs")
RETRY_DELAY_SECONDS = 5


def reclaim_stale(
    archive, document_ids: list[int] | None = None, stale_after: int | None = None, unowned_is_stale: bool = False
) -> list[int]:
    """Queue again documents left `processing` by a run that is gone; returns their ids.

    Gone means its process (on this machine) no longer runs, or its heartbeat is older than
    `stale_after` seconds; with `unowned_is_stale`, also a document no process put its name on.
    Only the given documents are looked at when `document_ids` is given.
    """
    stale_after = stale_after if stale_after is not None else archive.settings.stale_after_seconds
    cutoff = utcnow() - dt.timedelta(seconds=stale_after)
    with archive.transaction() as session:
        query = select(Document.id, Document.claimed_by).where(Document.status == DocumentStatus.PROCESSING)
        if document_ids is not None:
            query = query.where(Document.id.in_(document_ids))
        rows = session.execute(query).all()
        dead = [doc_id for doc_id, owner in rows if is_gone(owner) or (unowned_is_stale and not owner)]
        condition = Document.heartbeat_at < cutoff
        if dead:
            condition = or_(condition, Document.id.in_(dead))
        if document_ids is not None:
            condition = and_(condition, Document.id.in_(document_ids))
        reclaimed = (
            session.execute(
                update(Document)
                .where(Document.status == DocumentStatus.PROCESSING, condition)
                .values(status=DocumentStatus.QUEUED, claimed_by=None)
                .returning(Document.id)
            )
            .scalars()
            .all()
        )
    if reclaimed:
        log.info("reclaimed %d documents left processing by a run that is gone: %s", len(reclaimed), reclaimed)
    return list(reclaimed)


def process_now(
    archive, document_ids: list[int], on_page: Callable[[int, int, int], None] | None = None
) -> dict[int, str]:
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

    @property
    def is_local(self) -> bool:
        """The queue of one machine (SQLite in HOSO_HOME): only one consumer (the server's threads, or the one
        process `hoso serve --processes N` starts) and `hoso ingest --wait` process documents, so what
        neither a live process nor a fresh heartbeat holds was interrupted."""
        return not (self.archive.settings.queue_url or "").startswith("redis")

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

    def recover(self, stale_after: int | None = None, unowned_is_stale: bool = False) -> int:
        """Queue again what was interrupted; returns how many documents were re-queued."""
        stale = reclaim_stale(self.archive, stale_after=stale_after, unowned_is_stale=unowned_is_stale)
        with self.archive.session() as session:
            queued = session.scalars(select(Document.id).where(Document.status == DocumentStatus.QUEUED)).all()
        pending = self.pending_document_ids()
        requeued = [doc_id for doc_id in queued if doc_id not in pending]
        for doc_id in requeued:
            self.enqueue(doc_id)
        if stale or requeued:
            log.info("recovered %d interrupted and %d unqueued documents", len(stale), len(requeued))
        return len(requeued)

    def start_consumer(self, threads: int | None = None) -> None:
        """Run workers in this process (`hoso serve`), after recovering interrupted work."""
        self.recover(unowned_is_stale=self.is_local)
        self._consumer = _EmbeddedConsumer(
            self.huey,
            workers=threads or self.archive.settings.job_threads,
            worker_type="thread",
            periodic=True,
            check_worker_health=True,
        )
        self._consumer.start()

    def run_worker(self, threads: int | None = None) -> None:
        """Run workers in the foreground until interrupted (`hoso worker`)."""
        self.recover(unowned_is_stale=self.is_local)
        consumer = self.huey.create_consumer(
            workers=threads or self.archive.settings.job_threads, worker_type="thread", periodic=True
        )
        consumer.run()

    def stop_consumer(self) -> None:
        if self._consumer is not None:
            consumer, self._consumer = self._consumer, None
            # Not graceful: a page half-read is simply read again after the next start.
            consumer.stop(graceful=False)
