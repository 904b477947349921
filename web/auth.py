"""Sign-in for the web app: server-side sessions, CSRF tokens, bearer tokens, role checks.

The session cookie carries a random token, signed with HMAC-SHA256 under a secret kept in the
database (made on first start, the same for every app server) so that forged cookies are turned away
before the sessions are looked up; the server keeps only the token's SHA-256 in `user_sessions`
(archive/trust/user_sessions.py), and the request is signed in only while that row is live. Signing
out revokes the row. The CSRF token is an HMAC of the session token (or, before sign-in, of a nonce
in its own cookie) and must come back in a form field or the `X-CSRF-Token` header on every state-
changing request made with the cookie. API clients send `Authorization: Bearer <token>` instead and
need no CSRF token.

Cookies are `Secure` when the app is served over HTTPS: HOSO_HTTPS=true, or a request that arrived
over HTTPS, or (with HOSO_TRUST_PROXY=true only) one a reverse proxy says arrived so.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field

from fastapi import Depends, HTTPException, Request
from fastapi.responses import Response

from archive.records.models import User
from archive.trust.access import Visibility, visibility
from archive.trust.accounts import end_session as end_session_row
from archive.trust.accounts import user_for_token
from archive.trust.audit import AuditContext, set_context
from archive.trust.signing_key import signing_key
from archive.trust.user_sessions import find_session, open_session
from web.messages import t

SESSION_COOKIE = "hoso_session"
PRE_COOKIE = "hoso_csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def load_secret(archive) -> bytes:
    """The signing key, the same for every app server of the archive (archive/trust/signing_key.py)."""
    return signing_key(archive)


def secret_for(request: Request) -> bytes:
    state = request.app.state
    if getattr(state, "secret_key", None) is None:
        state.secret_key = load_secret(state.archive)
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
    session_id: int | None = None
    _visibility: Visibility | None = field(default=None, repr=False)

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def visibility(self, session) -> Visibility:
        if self._visibility is None:
            self._visibility = visibility(session, self)
        return self._visibility


def _actor(user: User, via: str, csrf: str = "", session_id: int | None = None) -> Actor:
    unit = user.unit
    return Actor(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        role=user.role,
        unit_id=user.unit_id,
        unit_code=unit.code if unit else None,
        unit_name=unit.name if unit else None,
        via=via,
        csrf_token=csrf,
        session_id=session_id,
    )


def _settings(request: Request):
    return request.app.state.archive.settings


def is_https(request: Request) -> bool:
    """Whether this request reached the app over HTTPS (so cookies are Secure and HSTS is sent)."""
    settings = _settings(request)
    if settings.https or request.url.scheme == "https":
        return True
    if settings.trust_proxy:
        return request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower() == "https"
    return False


def client_address(request: Request) -> str | None:
    """The client's address: the peer, or with HOSO_TRUST_PROXY the address the proxy saw (last hop)."""
    if _settings(request).trust_proxy:
        forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1][:64]
    return request.client.host[:64] if request.client else None


def _cookie_kwargs(request: Request) -> dict:
    return {"httponly": True, "samesite": "lax", "secure": is_https(request), "path": "/"}


def start_session(request: Request, response: Response, user: User, db) -> None:
    """Sign the user in with a new server-side session (a new token each time: no session fixation)."""
    settings = _settings(request)
    token, _row = open_session(db, user, settings, client_address(request), request.headers.get("user-agent"))
    response.set_cookie(
        SESSION_COOKIE,
        sign(secret_for(request), token),
        max_age=int(settings.session_hours * 3600),
        **_cookie_kwargs(request),
    )
    response.delete_cookie(PRE_COOKIE, path="/")


def _cookie_token(request: Request) -> str | None:
    return unsign(secret_for(request), request.cookies.get(SESSION_COOKIE, ""))


def end_session(request: Request, response: Response, actor: str | None = None) -> None:
    """Sign out: the session row is revoked (the old cookie no longer works) and the cookie dropped."""
    token = _cookie_token(request)
    if token:
        with request.app.state.archive.transaction() as db:
            found = find_session(db, token, _settings(request))
            if found is not None:
                end_session_row(db, found[0], actor=actor, action="logout")
    response.delete_cookie(SESSION_COOKIE, path="/", secure=is_https(request), httponly=True, samesite="lax")


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


def _session_user(request: Request) -> tuple[User, str, int] | None:
    token = _cookie_token(request)
    if not token:
        return None
    with request.app.state.archive.transaction() as session:
        found = find_session(session, token, _settings(request))
        if found is None:
            return None
        row, user = found
        _ = user.unit
        session.expunge(user)
    return user, token, row.id


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
        user, token, session_id = found
        actor = _actor(user, "session", csrf_for(secret_for(request), token), session_id)
        if request.method not in SAFE_METHODS:
            submitted = await _submitted_csrf(request)
            if not submitted or not hmac.compare_digest(submitted, actor.csrf_token):
                raise CsrfRejected()
    request.state.actor = actor
    set_context(
        AuditContext(
            actor=actor.username,
            role=actor.role,
            unit=actor.unit_code,
            client=request.client.host if request.client else None,
        )
    )
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
