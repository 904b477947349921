"""An upload's summary follows its parts by construction, as the search index follows its records.

An upload (`Document`) keeps a copy of its first part's type, fields and date and whether any part
needs a person (archive/processing/documents.py `summarise`); lists of uploads read it. One session event looks at
every flush: when a part was added, removed, re-typed, re-dated, given other fields or other pages,
its upload is summarised again in the same flush, whichever code made the change.
"""

from __future__ import annotations

from itertools import chain

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from archive.records.models import Document, DocumentPart

# What `summarise` reads from a part.
SUMMARISED = (
    "doc_type",
    "confidence",
    "confirmed",
    "fields",
    "doc_date",
    "needs_review",
    "first_page",
    "last_page",
    "document_id",
)


def _changed(part: DocumentPart) -> bool:
    state = inspect(part)
    return any(state.attrs[name].history.has_changes() for name in SUMMARISED)


def _documents_of(session: Session, part: DocumentPart) -> list[Document]:
    state = inspect(part)
    found = [d for d in state.attrs.document.history.deleted or () if d is not None]
    document = part.document
    if document is None and part.document_id is not None:
        document = session.get(Document, part.document_id)
    return found + ([document] if document is not None else [])


@event.listens_for(Session, "before_flush")
def _summarise_changed_uploads(session: Session, _flush_context, _instances) -> None:
    touched: dict[int, Document] = {}
    with session.no_autoflush:
        for obj in chain(session.new, session.dirty, session.deleted):
            if isinstance(obj, DocumentPart):
                if obj in session.new or obj in session.deleted or _changed(obj):
                    touched.update((id(d), d) for d in _documents_of(session, obj))
            elif (
                isinstance(obj, Document) and obj not in session.new and inspect(obj).attrs.parts.history.has_changes()
            ):
                touched[id(obj)] = obj
        if not touched:
            return
        from archive.processing.documents import summarise  # the classifier (scikit-learn, ~2 s) on first use

        for document in touched.values():
            if document not in session.deleted:
                summarise(document)
