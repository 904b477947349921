"""HTML pages of the interface (Vietnamese), rendered from templates; scripts fill in the live parts."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select

from archive import accounts
from archive.access import CORRECT_ROLES, EXHIBIT_ROLES, UPLOAD_ROLES
from archive.accounts import AccountError, create_user
from archive.audit_query import READER_ROLES, AuditFilter
from archive.classification.taxonomy import CASE_KINDS, DOCUMENT_TYPES
from archive.models import ROLES, Unit, User
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
HOME_BY_ROLE = {"staff": "/upload", "prosecutor": "/search", "statistician": "/statistics", "unit_head": "/cases",
                "admin": "/cases"}


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
def cases_page(request: Request, q: str | None = Query(None, max_length=200), kind: str | None = None,
               unit: str | None = None, page: int = Query(1, ge=1, le=MAX_OFFSET // 50),
               actor: Actor = Depends(current_user)):
    per_page = 50
    with get_archive(request).session() as session:
        total, rows = case_rows(session, actor, q, kind or None, unit or None, per_page, (page - 1) * per_page)
        vis = actor.visibility(session)
        units = session.scalars(select(Unit).where(vis.unit_condition()).order_by(Unit.code)).all()
        unit_options = [(u.code, u.name) for u in units]
    return render(request, "cases.html", {"title": t("cases.title"), "cases": rows, "total": total,
                                          "q": q or "", "kind": kind or "", "unit": unit or "", "page": page,
                                          "pages": max(1, -(-total // per_page)), "kinds": CASE_KINDS,
                                          "units": unit_options})


@router.get("/cases/{code}", response_class=HTMLResponse)
def case_page(request: Request, code: str, actor: Actor = Depends(current_user)):
    with get_archive(request).session() as session:
        case = case_detail(session, actor, code)
    return render(request, "case.html", {"title": f"{case['code']} — {case['title']}", "case": case,
                                         "can_exhibit": actor.role in EXHIBIT_ROLES})


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def viewer_page(request: Request, document_id: RecordId, page: int = Query(1, ge=1, le=MAX_PAGE),
                q: str | None = Query(None, max_length=500), actor: Actor = Depends(current_user)):
    with get_archive(request).session() as session:
        document = visible_document(session, actor, document_id)
        title, page_count = document.filename, document.page_count
    return render(request, "viewer.html", {
        "title": title, "document_id": document_id, "page": min(page, max(1, page_count)), "q": q or "",
        "types": DOCUMENT_TYPES, "can_correct": actor.role in CORRECT_ROLES,
        "can_exhibit": actor.role in EXHIBIT_ROLES,
    })


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, actor: Actor = Depends(require_role(*CORRECT_ROLES))):
    return render(request, "review.html", {"title": t("review.title")})


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str | None = Query(None, max_length=500), actor: Actor = Depends(current_user)):
    return render(request, "search.html", {"title": t("search.title"), "q": q or "",
                                           "can_exhibit": actor.role in EXHIBIT_ROLES})


@router.get("/exhibits", response_class=HTMLResponse)
def exhibits_page(request: Request, case: str | None = None, actor: Actor = Depends(current_user)):
    with get_archive(request).session() as session:
        sets = sets_for(session, actor)
    return render(request, "exhibits.html", {"title": t("exhibits.title"), "sets": sets, "case": case or "",
                                             "can_exhibit": actor.role in EXHIBIT_ROLES})


@router.get("/exhibits/{set_id}", response_class=HTMLResponse)
def exhibit_set_page(request: Request, set_id: RecordId, actor: Actor = Depends(current_user)):
    with get_archive(request).session() as session:
        data = set_json(session, visible_set(session, actor, set_id))
    return render(request, "exhibit_set.html", {"title": data["title"], "set": data,
                                                "can_exhibit": actor.role in EXHIBIT_ROLES})


@router.get("/exhibits/{set_id}/present", response_class=HTMLResponse)
def present_page(request: Request, set_id: RecordId, actor: Actor = Depends(current_user)):
    with get_archive(request).session() as session:
        data = set_json(session, visible_set(session, actor, set_id))
    return render(request, "present.html", {"title": data["title"], "set": data,
                                            "can_record": actor.role in EXHIBIT_ROLES})


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, wanted: AuditFilter = Depends(audit_filter), page: int = Query(1, ge=1, le=10_000),
               actor: Actor = Depends(require_role(*READER_ROLES))):
    """Who did what: filter by case (who viewed its evidence), account, action, dates; CSV of the same."""
    per_page = 100
    total, found = read_rows(request, actor, wanted, per_page, (page - 1) * per_page)
    query = urlencode({k: v for k, v in {"case": wanted.case, "account": wanted.account, "action": wanted.action,
                                          "date_from": wanted.date_from, "date_to": wanted.date_to}.items() if v})
    return render(request, "audit.html", {
        "title": t("audit.title"), "rows": [audit_row_view(r) for r in found], "total": total, "filter": wanted,
        "page": page, "pages": max(1, -(-total // per_page)), "query": query, "actions": ACTION_KEYS,
    })


USERS_DONE = {"disabled": "users.done.disabled", "enabled": "users.done.enabled", "reset": "users.done.reset",
              "sessions": "users.done.sessions", "token_revoked": "users.done.token_revoked"}


def _users_context(request: Request) -> dict:
    archive = get_archive(request)
    with archive.session() as session:
        users = session.scalars(select(User).order_by(User.username)).all()
        units = session.scalars(select(Unit).order_by(Unit.code)).all()
        live: dict[str, int] = {}
        for row in accounts.list_sessions(session, None, archive.settings):
            live[row["user"]] = live.get(row["user"], 0) + 1
        user_rows = [{"username": u.username, "full_name": u.full_name, "role": u.role, "active": u.active,
                      "unit": u.unit.code if u.unit else "", "sessions": live.get(u.username, 0)} for u in users]
        unit_rows = [{"code": u.code, "name": u.name, "level": u.level, "parent": u.parent.code if u.parent else ""}
                     for u in units]
        tokens = accounts.list_tokens(session)
    done_key = USERS_DONE.get(request.query_params.get("done", ""))
    target = request.query_params.get("username", "")
    return {"title": t("users.title"), "users": user_rows, "units": unit_rows, "roles": ROLES, "tokens": tokens,
            "created": request.query_params.get("created"), "token_days": archive.settings.token_days,
            "done": t(done_key, username=target) if done_key else None}


def _users_error(request: Request, exc: AccountError):
    context = _users_context(request)
    context["error"] = exc.message()
    return render(request, "users.html", context, status_code=404 if exc.code == "unknown_user" else 422)


def _users_done(done: str, username: str = "") -> RedirectResponse:
    return RedirectResponse(f"/users?done={done}&username={quote(username)}", status_code=303)


@router.get("/users", response_class=HTMLResponse)
def users_page(request: Request, actor: Actor = Depends(require_role("admin"))):
    return render(request, "users.html", _users_context(request))


@router.post("/users", response_class=HTMLResponse)
def users_create(request: Request, username: str = Form(""), full_name: str = Form(""), role: str = Form(""),
                 unit: str = Form(""), password: str = Form(""), actor: Actor = Depends(require_role("admin"))):
    try:
        with get_archive(request).transaction() as session:
            create_user(session, username, password, role, unit or None, full_name=full_name, actor=actor.username)
    except AccountError as exc:
        return _users_error(request, exc)
    return RedirectResponse(f"/users?created={quote(username.strip())}", status_code=303)


@router.post("/users/{username}/active", response_class=HTMLResponse)
def users_set_active(request: Request, username: str, active: str = Form(""),
                     actor: Actor = Depends(require_role("admin"))):
    enable = active == "1"
    try:
        with get_archive(request).transaction() as session:
            accounts.set_active(session, accounts.find_user(session, username), enable, actor=actor.username)
    except AccountError as exc:
        return _users_error(request, exc)
    return _users_done("enabled" if enable else "disabled", username)


@router.post("/users/{username}/password", response_class=HTMLResponse)
def users_reset_password(request: Request, username: str, password: str = Form(""),
                         actor: Actor = Depends(require_role("admin"))):
    try:
        with get_archive(request).transaction() as session:
            accounts.reset_password(session, accounts.find_user(session, username), password, actor=actor.username)
    except AccountError as exc:
        return _users_error(request, exc)
    return _users_done("reset", username)


@router.post("/users/{username}/sessions/end", response_class=HTMLResponse)
def users_end_sessions(request: Request, username: str, actor: Actor = Depends(require_role("admin"))):
    try:
        with get_archive(request).transaction() as session:
            accounts.end_all_sessions(session, accounts.find_user(session, username), actor=actor.username)
    except AccountError as exc:
        return _users_error(request, exc)
    return _users_done("sessions", username)


@router.post("/users/{username}/tokens", response_class=HTMLResponse)
def users_create_token(request: Request, username: str, name: str = Form(""), days: int = Form(0),
                       actor: Actor = Depends(require_role("admin"))):
    """The new token is shown on this one page and never again."""
    archive = get_archive(request)
    try:
        with archive.transaction() as session:
            value = accounts.create_token(session, accounts.find_user(session, username), name,
                                          days=days or archive.settings.token_days, actor=actor.username)
    except AccountError as exc:
        return _users_error(request, exc)
    context = _users_context(request)
    context["new_token"] = {"username": username, "value": value}
    response = render(request, "users.html", context)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/tokens/{token_id}/revoke", response_class=HTMLResponse)
def tokens_revoke(request: Request, token_id: int, actor: Actor = Depends(require_role("admin"))):
    try:
        with get_archive(request).transaction() as session:
            accounts.revoke_token_id(session, token_id, actor=actor.username)
    except AccountError as exc:
        return _users_error(request, exc)
    return _users_done("token_revoked")
