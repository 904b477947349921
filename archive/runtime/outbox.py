"""Derived data follows its source by construction: an outbox row with every change the index copies.

One session event looks at every flush: a change to anything a page's index entry is made of (a
document's case, unit, type, date, fields, status or name; a part's case, type, date, fields (its
number and issuer) or page range; a page's text; a case's code, unit, kind or restriction; a unit's
code), and every deletion of those, writes an `outbox` row for each document concerned, in the same
transaction as the change. A drainer takes the rows, rebuilds those documents' entries from the
records, and deletes the rows only once the index has committed; a failed write keeps them, retried
with back-off. A document whose pages were just read waits as `indexing` and becomes `done` in the
same step that deletes its row: done means searchable.

One drainer at a time: a thread lock in a process, a PostgreSQL advisory lock across machines, and on
one machine without PostgreSQL (the web processes and the job consumer of `hoso serve --processes N`)
a lock on a file in HOSO_HOME, so that two processes never write the embedded index out of order.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import weakref
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain

from sqlalchemy import delete, event, func, insert, inspect, or_, select, text, update
from sqlalchemy.orm import Session

from archive.records.models import Case, Document, DocumentPart, DocumentStatus, OutboxEntry, Page, Unit, utcnow
from archive.runtime.machine_lock import machine_lock

log = logging.getLogger("hoso.outbox")

# What each record contributes to index entries; a change to any of these re-indexes its documents.
TRACKED = {
    Document: ("case_id", "unit_id", "doc_type", "doc_date", "fields", "status", "filename"),
    DocumentPart: ("case_id", "doc_type", "doc_date", "fields", "first_page", "last_page", "document_id"),
    Page: ("text", "number"),
    Case: ("code", "unit_id", "kind", "restricted"),
    Unit: ("code",),
}
# New pages are written only while a document is read; it is indexed when reading ends (status "indexing").
UNTRACKED_WHEN_NEW = (Page,)
ADVISORY_LOCK_KEY = 0x686F736F  # "hoso"
BATCH = 200
MAX_BACKOFF_SECONDS = 300
POLL_SECONDS = 2.0

_drainers: weakref.WeakSet[Outbox] = weakref.WeakSet()


def _changed(obj, names: tuple[str, ...]) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


@event.listens_for(Session, "after_flush")
def _write_outbox_rows(session: Session, _flush_context) -> None:
    documents: set[int] = set()
    cases: set[int] = set()
    units: set[int] = set()
    for obj, is_new, is_deleted in chain(
        ((o, True, False) for o in session.new),
        ((o, False, False) for o in session.dirty),
        ((o, False, True) for o in session.deleted),
    ):
        names = TRACKED.get(type(obj))
        if names is None or (is_new and isinstance(obj, UNTRACKED_WHEN_NEW)):
            continue
        if not (is_new or is_deleted or _changed(obj, names)):
            continue
        if isinstance(obj, Document):
            documents.add(obj.id)
        elif isinstance(obj, (DocumentPart, Page)):
            documents.add(obj.document_id)
            if isinstance(obj, DocumentPart):
                for value in inspect(obj).attrs.document_id.history.deleted or ():
                    documents.add(value)
        elif isinstance(obj, Case) and not is_new:
            cases.add(obj.id)
        elif isinstance(obj, Unit) and not is_new:
            units.add(obj.id)
    connection = session.connection()
    if units:
        documents |= set(connection.scalars(select(Document.id).where(Document.unit_id.in_(units))))
        cases |= set(connection.scalars(select(Case.id).where(Case.unit_id.in_(units))))
    if cases:
        documents |= set(connection.scalars(select(Document.id).where(Document.case_id.in_(cases))))
        documents |= set(connection.scalars(select(DocumentPart.document_id).where(DocumentPart.case_id.in_(cases))))
    documents.discard(None)
    if documents:
        now = utcnow()
        connection.execute(
            insert(OutboxEntry), [{"document_id": d, "created_at": now, "attempts": 0} for d in sorted(documents)]
        )
        session.info["outbox_written"] = True


@event.listens_for(Session, "after_commit")
def _wake_drainers(session: Session) -> None:
    if session.info.pop("outbox_written", False):
        for drainer in list(_drainers):
            drainer.wake()


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop("outbox_written", None)


@dataclass
class OutboxState:
    depth: int
    oldest_seconds: float | None
    failing: int
    last_error: str | None

    def to_json(self) -> dict:
        return {
            "depth": self.depth,
            "oldest_seconds": self.oldest_seconds,
            "failing": self.failing,
            "last_error": self.last_error,
        }


def state(session: Session) -> OutboxState:
    depth, oldest = session.execute(select(func.count(OutboxEntry.id), func.min(OutboxEntry.created_at))).one()
    failing = session.scalar(select(func.count(OutboxEntry.id)).where(OutboxEntry.attempts > 0)) or 0
    last_error = session.scalar(
        select(OutboxEntry.last_error)
        .where(OutboxEntry.last_error.is_not(None))
        .order_by(OutboxEntry.id.desc())
        .limit(1)
    )
    age = None
    if oldest is not None:
        oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=dt.UTC)
        age = round((utcnow() - oldest).total_seconds(), 1)
    return OutboxState(depth or 0, age, failing, last_error)


class Outbox:
    """Drains the outbox into the search index: on demand (`drain`) and from a background thread."""

    def __init__(self, archive):
        self.archive = archive
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        _drainers.add(self)

    def wake(self) -> None:
        self._wake.set()

    def drain(self, limit: int | None = None) -> int:
        """Apply every due row (or `limit` documents' worth); returns how many documents were indexed."""
        done = 0
        while limit is None or done < limit:
            applied = self._drain_batch()
            if applied <= 0:
                break
            done += applied
        return done

    @contextmanager
    def _machine_lock(self):
        """Held while one batch is drained: other processes on this machine wait (a batch takes a moment), so
        that a change is in the index before its author reads again, whichever process drains it."""
        if self.archive.engine.dialect.name == "postgresql":  # the advisory lock covers every machine
            yield
            return
        with machine_lock(self.archive.settings.resolved_home / "outbox.lock"):
            yield

    def _drain_batch(self) -> int:
        with self._lock, self._machine_lock(), self.archive.transaction() as session:
            if session.get_bind().dialect.name == "postgresql" and not session.scalar(
                text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY}
            ):
                return 0
            now = utcnow()
            rows = session.execute(
                select(OutboxEntry.id, OutboxEntry.document_id, OutboxEntry.attempts)
                .where(or_(OutboxEntry.next_attempt_at.is_(None), OutboxEntry.next_attempt_at <= now))
                .order_by(OutboxEntry.id)
                .limit(BATCH)
            ).all()
            if not rows:
                return 0
            row_ids = [r.id for r in rows]
            document_ids = list(dict.fromkeys(r.document_id for r in rows))
            try:
                self.archive.search.apply(document_ids)
            except Exception as exc:  # noqa: BLE001 - kept and retried; the reason shows in health
                attempts = max(r.attempts for r in rows) + 1
                delay = min(MAX_BACKOFF_SECONDS, 2**attempts)
                log.error(
                    "index write for documents %s failed (attempt %d, retry in %ds): %s",
                    document_ids[:10],
                    attempts,
                    delay,
                    exc,
                )
                session.execute(
                    update(OutboxEntry)
                    .where(OutboxEntry.id.in_(row_ids))
                    .values(
                        attempts=OutboxEntry.attempts + 1,
                        next_attempt_at=now + dt.timedelta(seconds=delay),
                        last_error=f"{type(exc).__name__}: {exc}"[:500],
                    )
                )
                return -1
            session.execute(delete(OutboxEntry).where(OutboxEntry.id.in_(row_ids)))
            # A bulk statement on purpose: the session events would queue the document again.
            session.execute(
                update(Document)
                .where(Document.id.in_(document_ids), Document.status == DocumentStatus.INDEXING)
                .values(status=DocumentStatus.DONE)
            )
            return len(document_ids)

    def start(self) -> None:
        """Drain in the background: at once after every commit that wrote rows, and every few seconds."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="outbox-drainer", daemon=True)
        self._thread.start()
        self.wake()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(POLL_SECONDS)
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                self.drain()
            except Exception:  # noqa: BLE001 - the drainer must outlive a database hiccup
                log.exception("outbox drain failed")

    def stop(self) -> None:
        if self._thread is not None:
            self._stop.set()
            self._wake.set()
            self._thread.join(timeout=10)
            self._thread = None
