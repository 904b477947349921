"""Signing in with a password, throttled per account and per client address, every attempt audited.

Failures are counted from the audit table (`login.failed` rows: actor is the name tried, client the
address), so the limit holds across app processes and machines. After `login_failures_per_account`
failures for one name within `login_window_minutes` (since its last successful sign-in), or
`login_failures_per_client` from one address, sign-in is refused without checking the password until
the oldest of those failures leaves the window. Refusals are audited as `login.throttled` and do not
count as failures, so a locked account opens again on time however often it is tried.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, select

from archive.records.models import AuditEvent, User, utcnow
from archive.trust.accounts import _check
from archive.trust.audit import record
from archive.trust.user_sessions import aware

FAILED = "login.failed"
SIGNED_IN = "login"
THROTTLED = "login.throttled"

THROTTLE_MESSAGES = {
    "account": "Tài khoản tạm khóa đăng nhập do nhập sai mật khẩu nhiều lần, thử lại sau {minutes} phút",
    "client": "Máy này tạm bị chặn đăng nhập do nhập sai mật khẩu nhiều lần, thử lại sau {minutes} phút",
}


@dataclass
class SignInResult:
    user: User | None
    throttled: str | None = None  # "account" or "client" when refused for too many failures
    retry_after: int = 0  # seconds

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))

    def message(self) -> str | None:
        return THROTTLE_MESSAGES[self.throttled].format(minutes=self.minutes) if self.throttled else None


def _wait(db, conditions, limit: int, window: dt.timedelta, now: dt.datetime) -> int:
    """Seconds until fewer than `limit` failures matching the conditions lie within the window."""
    times = db.scalars(
        select(AuditEvent.at)
        .where(AuditEvent.action == FAILED, AuditEvent.at > now - window, *conditions)
        .order_by(AuditEvent.at.desc())
        .limit(limit)
    ).all()
    if len(times) < limit:
        return 0
    return max(1, math.ceil((aware(times[-1]) + window - now).total_seconds()))


def throttle_state(
    db, username: str, client: str | None, settings, now: dt.datetime | None = None
) -> tuple[str | None, int]:
    """("account" | "client" | None, seconds to wait) for a sign-in attempt now."""
    now = now or utcnow()
    window = dt.timedelta(minutes=settings.login_window_minutes)
    since = now - window
    last_ok = db.scalar(
        select(func.max(AuditEvent.at)).where(
            AuditEvent.action == SIGNED_IN, AuditEvent.actor == username, AuditEvent.at > since
        )
    )
    account = [AuditEvent.actor == username]
    if last_ok is not None:
        account.append(AuditEvent.at > last_ok)
    wait = _wait(db, account, settings.login_failures_per_account, window, now)
    if wait:
        return "account", wait
    if client:
        wait = _wait(db, [AuditEvent.client == client], settings.login_failures_per_client, window, now)
        if wait:
            return "client", wait
    return None, 0


def _name(username: str) -> str:
    return unicodedata.normalize("NFC", (username or "").strip())[:128]


def refuse_if_throttled(db, username: str, client: str | None, settings, via: str = "form") -> SignInResult | None:
    """The refusal (audited) when this name or address has failed too often lately, else None."""
    name, client = _name(username), (client[:64] if client else None)
    scope, wait = throttle_state(db, name, client, settings)
    if scope is None:
        return None
    row = record(
        db,
        THROTTLED,
        f"user:{name[:64]}",
        outcome="refused",
        actor=name,
        detail={"by": scope, "retry_after": wait, "via": via},
    )
    row.client = client
    return SignInResult(None, scope, wait)


def record_failure(db, username: str, client: str | None, reason: str, via: str = "form") -> None:
    """A wrong password (counted by the throttle), whether at sign-in or when proving it to change it."""
    name = _name(username)
    row = record(db, FAILED, f"user:{name[:64]}", outcome="failed", actor=name, detail={"reason": reason, "via": via})
    row.client = client[:64] if client else None


def sign_in(db, username: str, password: str, client: str | None, settings, via: str = "form") -> SignInResult:
    """Check the password unless throttled; audit the outcome (the caller commits)."""
    refused = refuse_if_throttled(db, username, client, settings, via)
    if refused is not None:
        return refused
    name = _name(username)
    user, why = _check(db, name, password)
    if user is None:
        record_failure(db, name, client, why, via)
        return SignInResult(None)
    row = record(db, SIGNED_IN, f"user:{name[:64]}", actor=name, detail={"via": via})
    row.client = client[:64] if client else None
    return SignInResult(user)
