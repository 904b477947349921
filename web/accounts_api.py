"""The accounts API: one's own password and sessions; for administrators, accounts, sessions and tokens.

Refusals answer 422 with the Vietnamese reason in `detail`; unknown accounts, sessions and tokens 404.
Times are ISO 8601 in UTC. A token's value is returned once, when it is made, and never listed.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import select

from archive.records.models import User, UserSession
from archive.trust import accounts
from archive.trust.accounts import AccountError
from archive.trust.signin import record_failure, refuse_if_throttled
from web.auth import Actor, client_address, current_user, require_role, start_session
from web.guards import get_archive
from web.limits import CodePath, RecordId
from web.problems import ERROR_RESPONSES, problem_responses

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)
admin_only = require_role("admin")


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _times(row: dict) -> dict:
    return {key: _iso(value) if isinstance(value, dt.datetime) else value for key, value in row.items()}


def user_json(user: User, live_sessions: int = 0) -> dict:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role,
        "unit": user.unit.code if user.unit else None,
        "active": user.active,
        "sessions": live_sessions,
    }


def _sessions_json(rows: list[dict], current: int | None) -> list[dict]:
    return [dict(_times(row), current=row["id"] == current) for row in rows]


class PasswordChange(BaseModel):
    old_password: str = Field(max_length=1024)
    new_password: str = Field(max_length=1024)


class PasswordReset(BaseModel):
    password: str = Field(max_length=1024)


class NewUser(BaseModel):
    username: str = Field(max_length=64)
    password: str = Field(max_length=1024)
    role: str
    unit: str | None = None
    full_name: str = Field(default="", max_length=255)


class UserChange(BaseModel):
    role: str | None = None
    unit: str | None = None  # "" for none (administrators only)
    full_name: str | None = Field(default=None, max_length=255)
    active: bool | None = None


class NewToken(BaseModel):
    user: str
    name: str = Field(default="", max_length=128)
    days: int | None = None


@router.get("/me/sessions")
def my_sessions(request: Request, actor: Actor = Depends(current_user)) -> dict:
    archive = get_archive(request)
    with archive.session() as session:
        rows = accounts.list_sessions(session, session.get(User, actor.id), archive.settings)
    return {"sessions": _sessions_json(rows, actor.session_id)}


@router.delete("/me/sessions/{session_id}")
def end_my_session(request: Request, session_id: RecordId, actor: Actor = Depends(current_user)) -> dict:
    with get_archive(request).transaction() as session:
        row = session.get(UserSession, session_id)
        if row is None or row.user_id != actor.id:
            raise AccountError("unknown_session")
        accounts.end_session(session, row, actor=actor.username)
    return {"revoked": session_id}


@router.post("/me/password", responses=problem_responses(429))
def change_my_password(
    request: Request, body: PasswordChange, response: Response, actor: Actor = Depends(current_user)
) -> dict:
    """Change one's own password; every session and token of the account ends (a browser gets a new session)."""
    try:
        revoked = change_own_password(request, actor, body.old_password, body.new_password)
    except ThrottledError as exc:
        raise HTTPException(
            status_code=429, detail=exc.result.message(), headers={"Retry-After": str(exc.result.retry_after)}
        ) from exc
    if actor.via == "session":
        with get_archive(request).transaction() as session:
            start_session(request, response, session.get(User, actor.id), session)
    return {"changed": True, **revoked}


class ThrottledError(Exception):
    def __init__(self, result):
        super().__init__(result.throttled)
        self.result = result


def change_own_password(request: Request, actor: Actor, old_password: str, new_password: str) -> dict:
    """The old password is proved under the sign-in throttle, and a wrong one counts as a failed sign-in."""
    archive = get_archive(request)
    client = client_address(request)
    with archive.transaction() as session:
        refused = refuse_if_throttled(session, actor.username, client, archive.settings, via="password_change")
    if refused is not None:
        raise ThrottledError(refused)
    try:
        with archive.transaction() as session:
            return accounts.change_password(session, session.get(User, actor.id), old_password, new_password)
    except AccountError as exc:
        if exc.code == "wrong_password":
            with archive.transaction() as session:
                record_failure(session, actor.username, client, "wrong_password", via="password_change")
        raise


# Refusals that guard the administration itself: recorded, in a transaction of their own.
AUDITED_REFUSALS = frozenset({"self_change", "last_admin"})


def record_refusal(
    request: Request,
    username: str,
    exc: AccountError,
    actor: Actor,
    *,
    action: str | None = None,
    role: str | None = None,
) -> None:
    """Audit an administrator's refused lock, role or unit change (under the action it would have been)."""
    if exc.code not in AUDITED_REFUSALS:
        return
    with get_archive(request).transaction() as session:
        if action is None:
            target = session.scalar(select(User).where(User.username == username))
            action = accounts.refused_action(target, role)
        accounts.record_refusal(session, action, username, exc, actor.username)


def _user(session, username: str) -> User:
    return accounts.find_user(session, username)


@router.get("/users")
def list_users(request: Request, actor: Actor = Depends(admin_only)) -> dict:
    archive = get_archive(request)
    with archive.session() as session:
        live: dict[str, int] = {}
        for row in accounts.list_sessions(session, None, archive.settings):
            live[row["user"]] = live.get(row["user"], 0) + 1
        users = session.scalars(select(User).order_by(User.username)).all()
        return {"users": [user_json(user, live.get(user.username, 0)) for user in users]}


@router.post("/users", status_code=201)
def create_user(request: Request, body: NewUser, actor: Actor = Depends(admin_only)) -> dict:
    with get_archive(request).transaction() as session:
        user = accounts.create_user(
            session,
            body.username,
            body.password,
            body.role,
            body.unit or None,
            full_name=body.full_name,
            actor=actor.username,
        )
        return user_json(user)


@router.patch("/users/{username}")
def change_user(request: Request, username: CodePath, body: UserChange, actor: Actor = Depends(admin_only)) -> dict:
    """Role, unit, name and active flag; a new role or unit, or disabling, ends the account's sessions and tokens."""
    locking = False
    try:
        with get_archive(request).transaction() as session:
            user = _user(session, username)
            changed = accounts.update_user(
                session, user, role=body.role, unit_code=body.unit, full_name=body.full_name, actor=actor.username
            )
            if body.active is not None:
                locking = not body.active
                changed.update(accounts.set_active(session, user, body.active, actor=actor.username))
            session.flush()
            return dict(user_json(user), **{k: v for k, v in changed.items() if k.endswith("_revoked")})
    except AccountError as exc:
        record_refusal(request, username, exc, actor, action="user.disable" if locking else None, role=body.role)
        raise


@router.post("/users/{username}/password")
def reset_password(
    request: Request, username: CodePath, body: PasswordReset, actor: Actor = Depends(admin_only)
) -> dict:
    with get_archive(request).transaction() as session:
        revoked = accounts.reset_password(session, _user(session, username), body.password, actor=actor.username)
    return {"reset": True, **revoked}


@router.get("/users/{username}/sessions")
def user_sessions(request: Request, username: CodePath, actor: Actor = Depends(admin_only)) -> dict:
    archive = get_archive(request)
    with archive.session() as session:
        rows = accounts.list_sessions(session, _user(session, username), archive.settings)
    return {"sessions": _sessions_json(rows, actor.session_id)}


@router.delete("/users/{username}/sessions")
def end_user_sessions(request: Request, username: CodePath, actor: Actor = Depends(admin_only)) -> dict:
    with get_archive(request).transaction() as session:
        count = accounts.end_all_sessions(session, _user(session, username), actor=actor.username)
    return {"sessions_revoked": count}


@router.delete("/sessions/{session_id}")
def end_any_session(request: Request, session_id: RecordId, actor: Actor = Depends(admin_only)) -> dict:
    with get_archive(request).transaction() as session:
        accounts.end_session_id(session, session_id, actor=actor.username)
    return {"revoked": session_id}


@router.get("/tokens")
def list_tokens(
    request: Request, user: str | None = None, all: bool = False, actor: Actor = Depends(admin_only)
) -> dict:
    with get_archive(request).session() as session:
        owner = _user(session, user) if user else None
        rows = accounts.list_tokens(session, owner, include_ended=all)
    return {"tokens": [_times(row) for row in rows]}


@router.post("/tokens", status_code=201)
def create_token(request: Request, body: NewToken, actor: Actor = Depends(admin_only)) -> dict:
    archive = get_archive(request)
    with archive.transaction() as session:
        owner = _user(session, body.user)
        value = accounts.create_token(
            session, owner, body.name, days=body.days or archive.settings.token_days, actor=actor.username
        )
        row = accounts.list_tokens(session, owner)[0]
    return dict(_times(row), token=value)


@router.delete("/tokens/{token_id}")
def revoke_token(request: Request, token_id: RecordId, actor: Actor = Depends(admin_only)) -> dict:
    with get_archive(request).transaction() as session:
        accounts.revoke_token_id(session, token_id, actor=actor.username)
    return {"revoked": token_id}
