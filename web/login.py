"""Signing in and out (form posts with CSRF), one's own account page, and who am I for API clients."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from archive.records.models import User, UserSession
from archive.trust.accounts import AccountError, list_sessions
from archive.trust.accounts import end_session as end_session_row
from archive.trust.signin import sign_in
from web import accounts_api
from web.accounts_api import ThrottledError, change_own_password
from web.auth import (
    Actor,
    check_pre_session_csrf,
    client_address,
    current_user,
    end_session,
    optional_user,
    pre_session_csrf,
    start_session,
)
from web.guards import get_archive
from web.messages import t
from web.problems import ERROR_RESPONSES
from web.templating import render

router = APIRouter()
# The account routes (own password and sessions, administration of accounts and tokens) come with sign-in.
router.include_router(accounts_api.router)


def _safe_next(target: str | None) -> str:
    """Only a path on this site (no scheme, no host, no //evil.example)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _login_page(request: Request, next_url: str, error: str | None = None, username: str = "", status: int = 200):
    response = HTMLResponse("")
    csrf = pre_session_csrf(request, response)
    page = render(
        request,
        "login.html",
        {"next": next_url, "error": error, "username": username, "login_csrf": csrf},
        status_code=status,
    )
    for key, value in response.headers.items():
        if key == "set-cookie":
            page.headers.append(key, value)
    return page


@router.get("/login", response_class=HTMLResponse)
async def login_form(request: Request, next: str | None = None, actor: Actor | None = Depends(optional_user)):
    if actor is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return _login_page(request, _safe_next(next))


@router.post("/login")
def login_submit(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    csrf_token: str = Form(""),
    next: str = Form("/"),
):
    next_url = _safe_next(next)
    if not check_pre_session_csrf(request, csrf_token):
        return _login_page(request, next_url, t("login.expired"), username, status=403)
    archive = get_archive(request)
    response = RedirectResponse(next_url, status_code=303)
    with archive.transaction() as session:
        result = sign_in(session, username, password, client_address(request), archive.settings)
        if result.user is not None:
            start_session(request, response, result.user, session)
    if result.throttled:
        page = _login_page(request, next_url, result.message(), username, status=429)
        page.headers["Retry-After"] = str(result.retry_after)
        return page
    if result.user is None:
        return _login_page(request, next_url, t("login.failed"), username, status=401)
    return response


@router.post("/logout")
def logout(request: Request, actor: Actor = Depends(current_user)):
    response = RedirectResponse("/login", status_code=303)
    end_session(request, response, actor.username)
    return response


@router.get("/api/me", responses=ERROR_RESPONSES)
def me(actor: Actor = Depends(current_user)) -> dict:
    return {
        "username": actor.username,
        "full_name": actor.full_name,
        "role": actor.role,
        "unit": actor.unit_code,
        "unit_name": actor.unit_name,
        "via": actor.via,
    }


def _account_page(request: Request, actor: Actor, error: str | None = None, done: str | None = None, status: int = 200):
    archive = get_archive(request)
    with archive.session() as session:
        rows = list_sessions(session, session.get(User, actor.id), archive.settings)
    sessions = [dict(row, current=row["id"] == actor.session_id) for row in rows]
    return render(
        request,
        "account.html",
        {"title": t("account.title"), "sessions": sessions, "error": error, "done": done},
        status_code=status,
    )


ACCOUNT_DONE = {"password": "account.password_changed", "session": "account.session_ended"}


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, done: str | None = None, actor: Actor = Depends(current_user)):
    return _account_page(request, actor, done=t(ACCOUNT_DONE[done]) if done in ACCOUNT_DONE else None)


@router.post("/account/password", response_class=HTMLResponse)
def account_password(
    request: Request,
    old_password: str = Form(""),
    new_password: str = Form(""),
    new_password_again: str = Form(""),
    actor: Actor = Depends(current_user),
):
    """Change one's own password; this browser gets a new session, every other one is signed out."""
    if new_password != new_password_again:
        return _account_page(request, actor, error=t("account.mismatch"), status=422)
    try:
        change_own_password(request, actor, old_password, new_password)
    except ThrottledError as exc:
        page = _account_page(request, actor, error=exc.result.message(), status=429)
        page.headers["Retry-After"] = str(exc.result.retry_after)
        return page
    except AccountError as exc:
        return _account_page(request, actor, error=exc.message(), status=422)
    response = RedirectResponse("/account?done=password", status_code=303)
    if actor.via == "session":
        with get_archive(request).transaction() as session:
            start_session(request, response, session.get(User, actor.id), session)
    return response


@router.post("/account/sessions/{session_id}/end")
def account_end_session(request: Request, session_id: int, actor: Actor = Depends(current_user)):
    with get_archive(request).transaction() as session:
        row = session.get(UserSession, session_id)
        if row is not None and row.user_id == actor.id:
            end_session_row(session, row, actor=actor.username)
    return RedirectResponse("/account?done=session", status_code=303)
