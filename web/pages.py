"""HTML pages of the interface (Vietnamese), rendered from templates; scripts fill in the live parts."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select

from archive.classification.taxonomy import CASE_KINDS, DOCUMENT_TYPES
from archive.records.models import Unit
from archive.trust.access import CORRECT_ROLES, EXHIBIT_ROLES, UPLOAD_ROLES
from archive.trust.audit_query import READER_ROLES, AuditFilter
from web import access_audit
from web.api_audit import audit_filter, read_rows
from web.api_cases import case_detail, case_rows
from web.api_exhibits import set_json, sets_for
from web.auth import Actor, current_user, require_role
from web.guards import Refused, get_archive, visible_document, visible_set
from web.limits import MAX_OFFSET, MAX_PAGE, RecordId
from web.messages import ACTION_KEYS, audit_row_view, t
from web.templating import render

router = APIRouter()
HOME_BY_ROLE = {
    "staff": "/upload",
    "prosecutor": "/search",
    "statistician": "/statistics",
    "unit_head": "/cases",
    "admin": "/cases",
}


def error_page(request: Request, message: str, status: int):
    return render(request, "error.html", {"message": message, "status": status}, status_code=status)


async def not_found_handler(request: Request, exc: HTTPException):
    if isinstance(exc, Refused):  # a record that exists but is not theirs: answered as missing, audited as refused
        access_audit.refused(request, exc.target)
    if request.url.path.startswith("/api/") or request.url.path.startswith("/static/"):
        return await http_exception_handler(request, exc)
    return error_page(request, t("error.not_found"), 404)


@router.get("/", response_class=HTMLResponse)
def home(actor: Actor = Depends(current_user)):
    return RedirectResponse(HOME_BY_ROLE.get(actor.role, "/cases"), status_code=303)


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request, actor: Actor = Depends(require_role(*UPLOAD_ROLES))):
    return render(request, "upload.html", {"title": t("upload.title")})


@router.get("/cases", response_class=HTMLResponse)
def cases_page(
    request: Request,
    q: str | None = Query(None, max_length=200),
    kind: str | None = None,
    unit: str | None = None,
    page: int = Query(1, ge=1, le=MAX_OFFSET // 50),
    actor: Actor = Depends(current_user),
):
    per_page = 50
    with get_archive(request).session() as session:
        total, rows = case_rows(session, actor, q, kind or None, unit or None, per_page, (page - 1) * per_page)
        vis = actor.visibility(session)
        units = session.scalars(select(Unit).where(vis.unit_condition()).order_by(Unit.code)).all()
        unit_options = [(u.code, u.name) for u in units]
    return render(
        request,
        "cases.html",
        {
            "title": t("cases.title"),
            "cases": rows,
            "total": total,
            "q": q or "",
            "kind": kind or "",
            "unit": unit or "",
            "page": page,
            "pages": max(1, -(-total // per_page)),
            "kinds": CASE_KINDS,
            "units": unit_options,
        },
    )


@router.get("/cases/{code}", response_class=HTMLResponse)
def case_page(request: Request, code: str, actor: Actor = Depends(current_user)):
    with get_archive(request).session() as session:
        case = case_detail(session, actor, code)
    return render(
        request,
        "case.html",
        {"title": f"{case['code']} — {case['title']}", "case": case, "can_exhibit": actor.role in EXHIBIT_ROLES},
    )


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def viewer_page(
    request: Request,
    document_id: RecordId,
    page: int = Query(1, ge=1, le=MAX_PAGE),
    q: str | None = Query(None, max_length=500),
    actor: Actor = Depends(current_user),
):
    with get_archive(request).session() as session:
        document = visible_document(session, actor, document_id)
        title, page_count = document.filename, document.page_count
    return render(
        request,
        "viewer.html",
        {
            "title": title,
            "document_id": document_id,
            "page": min(page, max(1, page_count)),
            "q": q or "",
            "types": DOCUMENT_TYPES,
            "can_correct": actor.role in CORRECT_ROLES,
            "can_exhibit": actor.role in EXHIBIT_ROLES,
        },
    )


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, actor: Actor = Depends(require_role(*CORRECT_ROLES))):
    return render(request, "review.html", {"title": t("review.title")})


@router.get("/review/{document_id}", response_class=HTMLResponse)
def review_document_page(
    request: Request,
    document_id: RecordId,
    part: int = Query(1, ge=1, le=MAX_PAGE),
    actor: Actor = Depends(require_role(*CORRECT_ROLES)),
):
    """One upload under review: the page with the words each field was read from, every field editable."""
    with get_archive(request).session() as session:
        title = visible_document(session, actor, document_id).filename
    return render(
        request,
        "review_document.html",
        {"title": f"{t('review.title')} — {title}", "document_id": document_id, "part": part, "types": DOCUMENT_TYPES},
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str | None = Query(None, max_length=500), actor: Actor = Depends(current_user)):
    return render(
        request, "search.html", {"title": t("search.title"), "q": q or "", "can_exhibit": actor.role in EXHIBIT_ROLES}
    )


@router.get("/exhibits", response_class=HTMLResponse)
def exhibits_page(request: Request, case: str | None = None, actor: Actor = Depends(current_user)):
    with get_archive(request).session() as session:
        sets = sets_for(session, actor)
    return render(
        request,
        "exhibits.html",
        {"title": t("exhibits.title"), "sets": sets, "case": case or "", "can_exhibit": actor.role in EXHIBIT_ROLES},
    )


@router.get("/exhibits/{set_id}", response_class=HTMLResponse)
def exhibit_set_page(request: Request, set_id: RecordId, actor: Actor = Depends(current_user)):
    with get_archive(request).session() as session:
        data = set_json(session, visible_set(session, actor, set_id))
    return render(
        request, "exhibit_set.html", {"title": data["title"], "set": data, "can_exhibit": actor.role in EXHIBIT_ROLES}
    )


@router.get("/exhibits/{set_id}/present", response_class=HTMLResponse)
def present_page(request: Request, set_id: RecordId, actor: Actor = Depends(current_user)):
    with get_archive(request).session() as session:
        data = set_json(session, visible_set(session, actor, set_id))
    return render(
        request, "present.html", {"title": data["title"], "set": data, "can_record": actor.role in EXHIBIT_ROLES}
    )


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    wanted: AuditFilter = Depends(audit_filter),
    page: int = Query(1, ge=1, le=10_000),
    actor: Actor = Depends(require_role(*READER_ROLES)),
):
    """Who did what: filter by case (who viewed its evidence), account, action, dates; CSV of the same."""
    per_page = 100
    total, found = read_rows(request, actor, wanted, per_page, (page - 1) * per_page)
    query = urlencode(
        {
            k: v
            for k, v in {
                "case": wanted.case,
                "account": wanted.account,
                "action": wanted.action,
                "date_from": wanted.date_from,
                "date_to": wanted.date_to,
            }.items()
            if v
        }
    )
    return render(
        request,
        "audit.html",
        {
            "title": t("audit.title"),
            "rows": [audit_row_view(r) for r in found],
            "total": total,
            "filter": wanted,
            "page": page,
            "pages": max(1, -(-total // per_page)),
            "query": query,
            "actions": ACTION_KEYS,
        },
    )
