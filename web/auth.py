"""Sign-in for the web app: signed session cookies, CSRF tokens, bearer tokens, role checks.

The session cookie carries the user id, issue time, a random nonce and a fingerprint of the
password hash, signed with HMAC-SHA256 under a secret kept in HOSO_HOME (made on first start).
Changing the password ends every session. The CSRF token is an HMAC of the session nonce (or,
before sign-in, of a nonce in its own cookie) and must come back in a form field or the
`X-CSRF-Token` header on every state-changing request made with the cookie. API clients send
`Authorization: Bearer <token>` instead and need no CSRF token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Depends, HTTPException, Request
from fastapi.responses import Response

from archive.access import Visibility, visibility
from archive.accounts import user_for_token
from archive.models import User
from web.messages import t

SESSION_COOKIE = "hoso_session"
PRE_COOKIE = "hoso_csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SESSION_SECONDS = 12 * 3600
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def load_secret(home: Path) -> bytes:
    """The signing key in HOSO_HOME/secret.key, created (mode 0600) the first time."""
    path = home / "secret.key"
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(32))
    return path.read_bytes()


def secret_for(request: Request) -> bytes:
    state = request.app.state
    if getattr(state, "secret_key", None) is None:
        state.secret_key = load_secret(state.archive.settings.resolved_home)
    return state.secret_key


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: bytes, purpose: str, message: str) -> str:
    return _b64(hmac.new(secret, f"{purpose}|{message}".encode(), hashlib.sha256).digest())


def sign(secret: bytes, payload: str) -> str:
    body = _b64(payload.encode("utf-8"))
    return f"{body}.{_mac(secret, 'session', body)}"


def unsign(secret: bytes, value: str) -> str | None:
    body, _, mac = (value or "").partition(".")
    if not body or not mac or not hmac.compare_digest(mac, _mac(secret, "session", body)):
        return None
    try:
        return _unb64(body).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None


def password_fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()[:16]


def csrf_for(secret: bytes, nonce: str) -> str:
    return _mac(secret, "csrf", nonce)


@dataclass
class Actor:
    """The signed-in person for this request (a detached snapshot of the user record)."""

    id: int
    username: str
    full_name: str
    role: str
    unit_id: int | None
    unit_code: str | None
    unit_name: str | None
    via: str  # session | token
    csrf_token: str = ""
    _visibility: Visibility | None = field(default=None, repr=False)

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def visibility(self, session) -> Visibility:
        if self._visibility is None:
            self._visibility = visibility(session, self)
        return self._visibility


def _actor(user: User, via: str, csrf: str = "") -> Actor:
    unit = user.unit
    return Actor(id=user.id, username=user.username, full_name=user.full_name, role=user.role,
                 unit_id=user.unit_id, unit_code=unit.code if unit else None, unit_name=unit.name if unit else None,
                 via=via, csrf_token=csrf)


def _cookie_kwargs(request: Request) -> dict:
    return {"httponly": True, "samesite": "lax", "secure": request.url.scheme == "https", "path": "/"}


def start_session(request: Request, response: Response, user: User) -> None:
    """Sign the user in: a new nonce each time (no session fixation)."""
    payload = f"{user.id}|{int(time.time())}|{secrets.token_urlsafe(16)}|{password_fingerprint(user.password_hash)}"
    response.set_cookie(SESSION_COOKIE, sign(secret_for(request), payload), max_age=SESSION_SECONDS,
                        **_cookie_kwargs(request))
    response.delete_cookie(PRE_COOKIE, path="/")


def end_session(request: Request, response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def pre_session_csrf(request: Request, response: Response) -> str:
    """The CSRF token for the sign-in form, setting its nonce cookie when missing."""
    nonce = request.cookies.get(PRE_COOKIE)
    if not nonce or len(nonce) > 64:
        nonce = secrets.token_urlsafe(16)
        response.set_cookie(PRE_COOKIE, nonce, max_age=3600, **_cookie_kwargs(request))
    return csrf_for(secret_for(request), nonce)


def check_pre_session_csrf(request: Request, token: str | None) -> bool:
    nonce = request.cookies.get(PRE_COOKIE)
    return bool(nonce and token and hmac.compare_digest(token, csrf_for(secret_for(request), nonce)))


class LoginRequired(Exception):
    """No valid session or token; pages redirect to sign-in, the API answers 401."""


class CsrfRejected(Exception):
    """A state-changing request with the session cookie but without the right CSRF token."""


def _session_user(request: Request) -> tuple[User, str] | None:
    payload = unsign(secret_for(request), request.cookies.get(SESSION_COOKIE, ""))
    if payload is None:
        return None
    try:
        user_id, issued, nonce, fingerprint = payload.split("|")
        user_id_int, issued_int = int(user_id), int(issued)
    except ValueError:
        return None
    if time.time() - issued_int > SESSION_SECONDS:
        return None
    with request.app.state.archive.session() as session:
        user = session.get(User, user_id_int)
        if user is None or not user.active:
            return None
        if not hmac.compare_digest(fingerprint, password_fingerprint(user.password_hash)):
            return None
        _ = user.unit
        session.expunge(user)
    return user, nonce


async def _submitted_csrf(request: Request) -> str | None:
    token = request.headers.get(CSRF_HEADER)
    if token:
        return token
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


async def optional_user(request: Request) -> Actor | None:
    """The signed-in person, or None; enforces CSRF on cookie-authenticated unsafe requests."""
    cached = getattr(request.state, "actor", None)
    if cached is not None:
        return cached
    authorization = request.headers.get("authorization", "")
    actor = None
    if authorization.lower().startswith("bearer "):
        with request.app.state.archive.transaction() as session:
            user = user_for_token(session, authorization[7:].strip())
            if user is None:
                raise LoginRequired()
            actor = _actor(user, "token")
    else:
        found = _session_user(request)
        if found is None:
            return None
        user, nonce = found
        actor = _actor(user, "session", csrf_for(secret_for(request), nonce))
        if request.method not in SAFE_METHODS:
            submitted = await _submitted_csrf(request)
            if not submitted or not hmac.compare_digest(submitted, actor.csrf_token):
                raise CsrfRejected()
    request.state.actor = actor
    return actor


async def current_user(actor: Actor | None = Depends(optional_user)) -> Actor:
    if actor is None:
        raise LoginRequired()
    return actor


def require_role(*roles: str):
    """A dependency admitting only these roles (admins always); others get 403."""
    allowed = set(roles) | {"admin"}

    async def dependency(actor: Actor = Depends(current_user)) -> Actor:
        if actor.role not in allowed:
            raise HTTPException(status_code=403, detail=t("error.forbidden_role"))
        return actor

    return dependency
