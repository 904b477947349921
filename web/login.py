"""Signing in and out (form posts with CSRF), one's own account page, and who am I for API clients."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from archive.signin import sign_in
from web import accounts_api
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
    page = render(request, "login.html", {"next": next_url, "error": error, "username": username,
                                          "login_csrf": csrf}, status_code=status)
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
def login_submit(request: Request, username: str = Form(""), password: str = Form(""),
                 csrf_token: str = Form(""), next: str = Form("/")):
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


@router.get("/api/me")
def me(actor: Actor = Depends(current_user)) -> dict:
    return {"username": actor.username, "full_name": actor.full_name, "role": actor.role,
            "unit": actor.unit_code, "unit_name": actor.unit_name, "via": actor.via}
