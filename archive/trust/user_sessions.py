"""Server-side sign-in sessions: a random token in the browser, its SHA-256 in `user_sessions`.

A session is good while its row exists, is not revoked, is younger than `session_hours` and was
used within `session_idle_minutes`. `last_seen_at` is written at most once a minute, so a busy page
does not turn every request into a write. Ending a session marks the row revoked, so the old cookie
stops working at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select, update

from archive.records.models import ApiToken, User, UserSession, utcnow

SEEN_EVERY = dt.timedelta(seconds=60)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives times back without a zone; they were stored in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def open_session(
    db, user: User, settings, client: str | None = None, user_agent: str | None = None, now: dt.datetime | None = None
) -> tuple[str, UserSession]:
    """A new session for the user; the token goes in the cookie and is never stored."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    row = UserSession(
        user_id=user.id,
        token_sha256=digest(token),
        created_at=now,
        last_seen_at=now,
        expires_at=now + dt.timedelta(hours=settings.session_hours),
        client=(client or None) and client[:64],
        user_agent=(user_agent or None) and user_agent[:255],
    )
    db.add(row)
    db.flush()
    return token, row


def session_alive(row: UserSession, settings, now: dt.datetime | None = None) -> bool:
    now = now or utcnow()
    if row.revoked_at is not None or aware(row.expires_at) <= now:
        return False
    seen = aware(row.last_seen_at or row.created_at)
    return now - seen <= dt.timedelta(minutes=settings.session_idle_minutes)


def find_session(db, token: str, settings, now: dt.datetime | None = None) -> tuple[UserSession, User] | None:
    """The live session with this token and its (active) user, marking it seen; else None."""
    if not token:
        return None
    now = now or utcnow()
    found = db.execute(
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.token_sha256 == digest(token))
    ).first()
    if found is None:
        return None
    row, user = found
    if not user.active or not session_alive(row, settings, now):
        return None
    if now - aware(row.last_seen_at or row.created_at) >= SEEN_EVERY:
        db.execute(
            update(UserSession)
            .where(UserSession.id == row.id)
            .values(last_seen_at=now)
            .execution_options(synchronize_session=False)
        )
    return row, user


def live_sessions(db, user_id: int | None = None, settings=None, now: dt.datetime | None = None) -> list[UserSession]:
    """Sessions not revoked and not past their end (idle ones too when settings are given), newest first."""
    now = now or utcnow()
    query = select(UserSession).where(UserSession.revoked_at.is_(None), UserSession.expires_at > now)
    if user_id is not None:
        query = query.where(UserSession.user_id == user_id)
    rows = db.scalars(query.order_by(UserSession.created_at.desc(), UserSession.id.desc())).all()
    return [row for row in rows if settings is None or session_alive(row, settings, now)]


def revoke_session(db, row: UserSession, now: dt.datetime | None = None) -> bool:
    if row.revoked_at is not None:
        return False
    row.revoked_at = now or utcnow()
    return True


def revoke_everything(db, user_id: int, now: dt.datetime | None = None) -> tuple[int, int]:
    """End all of a user's sessions and API tokens; (sessions, tokens) revoked."""
    now = now or utcnow()
    with db.no_autoflush:
        sessions = db.scalars(
            select(UserSession).where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        ).all()
        tokens = db.scalars(select(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))).all()
    for row in (*sessions, *tokens):
        row.revoked_at = now
    return len(sessions), len(tokens)
