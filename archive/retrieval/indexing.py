"""The bridge from archive records to the search index: page entries, one writer, rebuilds.

The database is the source of truth; the index can always be rebuilt from it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from archive.records.models import Case, Document, DocumentPart, Page
from archive.runtime.machine_lock import machine_lock
from archive.trust.access import page_owner
from search import (
    SHARED_BACKEND,
    IndexNeedsRebuild,
    PageEntry,
    SearchRequest,
    SearchResult,
    open_index,
    rebuild_index,
)
from search.writer import BatchingWriter

log = logging.getLogger("hoso.index")
# A document is searchable from the moment its pages are indexed ("indexing" becomes "done" once they are).
INDEXED_STATUSES = ("indexing", "done")


def page_entries(document: Document) -> list[PageEntry]:
    """The index entries of a document's pages: each with its own part's type, date, number and issuer, and
    its owner's case, unit and restriction (the fields search scopes by)."""
    if document.status not in INDEXED_STATUSES:
        return []
    entries = []
    for page in document.pages:
        part, case = page_owner(document, page.number)
        unit = case.unit if case is not None else document.unit
        fields = (part.fields if part is not None else document.fields) or {}
        entries.append(
            PageEntry(
                document_id=document.id,
                page=page.number,
                text=page.text if page.kind == "text" else "",  # a flagged page's OCR text is noise
                case=case.code if case else None,
                unit=unit.code if unit else None,
                case_kind=case.kind if case else None,
                doc_type=part.doc_type if part else document.doc_type,
                doc_date=part.doc_date if part else document.doc_date,
                restricted=bool(case and case.restricted),
                filename=document.filename,
                number=fields.get("number") or None,
                issuer=fields.get("issuer") or None,
            )
        )
    return entries


class SearchService:
    """Opens the index (rebuilding it when its version changed or it is corrupt) and owns its writer."""

    def __init__(self, archive):
        self.archive = archive
        self.settings = archive.settings
        self.backend = self.settings.resolved_search_backend
        self.path = self.settings.search_location(self.backend)
        # what logs name: never the database URL, which may hold a password
        self.place = "the database's search tables" if self.backend == "postgres" else str(self.path)
        self._lock = threading.Lock()
        self.index = self._open()
        self.writer = BatchingWriter(self.index)

    @contextmanager
    def _machine_lock(self):
        """Held while the embedded index is opened or rebuilt: the processes of one host (the web processes
        and the job consumer of `hoso serve --processes N`) rebuild it once, not all at the same time."""
        if self.backend == SHARED_BACKEND:  # PostgreSQL's own search locks in the database
            yield
            return
        self.settings.resolved_home.mkdir(parents=True, exist_ok=True)
        with machine_lock(self.settings.resolved_home / f"search-{self.backend}.lock"):
            yield

    def _open(self):
        with self._machine_lock():
            return self._open_or_rebuild()

    def _open_or_rebuild(self):
        try:
            index = open_index(self.path, self.backend)
        except IndexNeedsRebuild as exc:
            log.warning("search index at %s needs a rebuild: %s", self.place, exc)
            return self._rebuilt()
        if index.count() == 0 and self._count_pages():
            log.warning("search index at %s is empty but documents exist: filling it", self.place)
            index.close()
            return self._rebuilt()
        return index

    def _rebuilt(self, on_progress: Callable[[int, int | None], None] | None = None):
        """A new index filled from the database in batches, reporting pages done."""
        return rebuild_index(
            self.path, self._all_entries(), self.backend, total=self._count_pages(), progress=on_progress
        )

    def _count_pages(self) -> int:
        with self.archive.session() as session:
            return (
                session.scalar(
                    select(func.count(Page.id))
                    .join(Document, Page.document_id == Document.id)
                    .where(Document.status.in_(INDEXED_STATUSES))
                )
                or 0
            )

    def _all_entries(self) -> Iterator[PageEntry]:
        with self.archive.session() as session:
            ids = session.scalars(
                select(Document.id).where(Document.status.in_(INDEXED_STATUSES)).order_by(Document.id)
            ).all()
        for document_id in ids:
            with self.archive.session() as session:
                document = self._load(session, document_id)
                if document is not None:
                    yield from page_entries(document)

    @staticmethod
    def _load(session, document_id: int) -> Document | None:
        return session.scalar(
            select(Document)
            .where(Document.id == document_id)
            .options(
                joinedload(Document.pages),
                joinedload(Document.case).joinedload(Case.unit),
                joinedload(Document.unit),
                joinedload(Document.parts).joinedload(DocumentPart.case).joinedload(Case.unit),
            )
        )

    def apply(self, document_ids: list[int]) -> None:
        """Bring these documents' entries in line with their records (gone: removed) and commit.

        Raises when the index did not take them, so that the outbox keeps its rows.
        """
        seqs = []
        with self.archive.session() as session:
            for document_id in document_ids:
                document = self._load(session, document_id)
                entries = page_entries(document) if document is not None else []
                seqs.append(self.writer.submit_replace(document_id, entries))
                session.expunge_all()
        self.writer.flush()
        failure = self.writer.take_failure(seqs)
        if failure is not None:
            raise failure

    def rebuild(self, on_progress: Callable[[int, int | None], None] | None = None) -> int:
        """Drop and refill the index from the database; returns the number of pages indexed."""
        with self._lock:
            self.writer.flush()
            self.writer.close()
            self.index.close()
            with self._machine_lock():
                self.index = self._rebuilt(on_progress)
            self.writer = BatchingWriter(self.index)
            return self.index.count()

    def search(self, request: SearchRequest) -> SearchResult:
        return self.index.search(request)

    def close(self) -> None:
        self.writer.flush()
        self.writer.close()
        self.index.close()
