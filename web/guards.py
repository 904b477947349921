"""Loading records for a request only when the signed-in person may see them; otherwise 404.

Answering 404 (never 403) for a record someone may not see keeps its existence private.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import HTTPException, Request
from sqlalchemy import select

from archive.audit import AuditContext, acting_as, current_context
from archive.models import Case, Document, ExhibitSet, Page
from web.auth import Actor
from web.messages import t


def get_archive(request: Request):
    return request.app.state.archive


def not_found(key: str = "error.not_found") -> HTTPException:
    return HTTPException(status_code=404, detail=t(key))


def visible_document(session, actor: Actor, document_id: int) -> Document:
    document = session.get(Document, document_id)
    if document is None or not actor.visibility(session).document_visible(document):
        raise not_found("error.document_not_found")
    return document


def visible_page(session, actor: Actor, document_id: int, number: int) -> tuple[Document, Page]:
    document = visible_document(session, actor, document_id)
    page = session.scalar(select(Page).where(Page.document_id == document_id, Page.number == number))
    if page is None:
        raise not_found("error.page_not_found")
    return document, page


def visible_case(session, actor: Actor, code: str) -> Case:
    case = session.scalar(select(Case).where(Case.code == code))
    if case is None or not actor.visibility(session).case_visible(case):
        raise not_found("error.case_not_found")
    return case


def visible_set(session, actor: Actor, set_id: int) -> ExhibitSet:
    exhibit_set = session.get(ExhibitSet, set_id)
    if exhibit_set is None or not actor.visibility(session).case_visible(exhibit_set.case):
        raise not_found("error.set_not_found")
    return exhibit_set


@contextmanager
def acting(request: Request, actor: Actor) -> Iterator[None]:
    """Audit rows written inside the block name this person, unless the request already says who is acting."""
    if current_context().actor is not None:
        yield
        return
    client = request.client.host if request.client else None
    with acting_as(AuditContext(actor=actor.username, role=actor.role, unit=actor.unit_code, client=client)):
        yield
