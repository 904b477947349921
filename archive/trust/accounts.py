"""Accounts: creating, changing and disabling users; argon2 passwords; API tokens stored as SHA-256.

A change that should end what the person had signed in with (a new password, another role or unit,
a disabled account) revokes all their sessions and tokens, whichever code makes it: the functions
here do it and audit it, and a flush hook catches the same change made any other way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import event, func, inspect, select, update
from sqlalchemy.orm import Session

from archive import errors
from archive.messages import ACCOUNT_MESSAGES
from archive.records.models import ROLES, ApiToken, Case, CaseAssignment, Unit, User, UserSession, utcnow
from archive.trust.audit import record
from archive.trust.passwords import MIN_LENGTH, password_problem
from archive.trust.user_sessions import aware, live_sessions, revoke_everything, revoke_session

_hasher = PasswordHasher()
# Checked against when the username is unknown, so a wrong name costs as much time as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password")
MIN_PASSWORD_LENGTH = MIN_LENGTH
DEFAULT_TOKEN_DAYS = 90
# Changing one of these ends every session and token of the account.
TRUST_FIELDS = ("password_hash", "role", "unit_id", "active")
# Lower-case ASCII letters, digits, dot, underscore, hyphen: what people type on any keyboard, and safe in URLs.
USERNAME_RE = re.compile(r"[a-z0-9._-]{3,64}")
MAX_FULL_NAME = 255


class AccountError(errors.Invalid):
    """A request about accounts that cannot be done; `code` keys the message catalogue."""

    statuses = {"unknown_user": 404, "unknown_token": 404, "unknown_session": 404}

    def __init__(self, code: str, detail: str = ""):
        super().__init__(code=code, detail=detail, logged=f"{code}: {detail}" if detail else code)

    def message(self, lang: str = "vi") -> str:
        text = ACCOUNT_MESSAGES.get(self.code, self.code)
        if "{detail}" in text:
            return text.format(detail=self.detail)
        if self.code in _RULES_ONLY:
            return text
        return f"{text}: {self.detail}" if self.detail else text


# Messages that state the rule; the value that broke it is what the person typed and still sees in the form.
_RULES_ONLY = frozenset(
    {"invalid_username", "invalid_full_name", "invalid_role", "self_change", "last_admin", "unit_required"}
)


def username_problem(username: str) -> AccountError | None:
    """Why this cannot be a user name, or None."""
    if not USERNAME_RE.fullmatch(username or ""):
        return AccountError("invalid_username", username)
    return None


def _clean_name(full_name: str) -> str:
    name = " ".join(unicodedata.normalize("NFC", full_name or "").split())
    if len(name) > MAX_FULL_NAME:
        raise AccountError("invalid_full_name", str(MAX_FULL_NAME))
    return name


def hash_password(password: str) -> str:
    return _hasher.hash(unicodedata.normalize("NFC", password))


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, unicodedata.normalize("NFC", password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def check_password(password: str, username: str = "", full_name: str = "") -> None:
    """Raise AccountError with the policy's reason when the password may not be used."""
    problem = password_problem(password, username, full_name)
    if problem is not None:
        raise AccountError(*problem)


def new_user_problems(
    session, username: str, password: str, role: str, unit_code: str | None, full_name: str = ""
) -> list[AccountError]:
    """Every reason an account cannot be made as asked, the password's first (empty: it can be made)."""
    username = unicodedata.normalize("NFC", (username or "").strip())
    problems: list[AccountError] = []
    try:
        full_name = _clean_name(full_name)
    except AccountError as exc:
        problems.append(exc)
    if (found := password_problem(password, username, full_name)) is not None:
        problems.insert(0, AccountError(*found))
    if (problem := username_problem(username)) is not None:
        problems.append(problem)
    elif session.scalar(select(User).where(User.username == username)) is not None:
        problems.append(AccountError("username_taken", username))
    if role not in ROLES:
        problems.append(AccountError("invalid_role", role))
    else:
        try:
            _unit(session, unit_code, role)
        except AccountError as exc:
            problems.append(exc)
    return problems


def create_user(
    session,
    username: str,
    password: str,
    role: str,
    unit_code: str | None,
    full_name: str = "",
    actor: str | None = None,
) -> User:
    """Add an account (the caller commits); a bad or taken name, unknown role or unit, a weak password fail."""
    problems = new_user_problems(session, username, password, role, unit_code, full_name)
    if problems:
        raise problems[0]
    username = unicodedata.normalize("NFC", username.strip())
    full_name = _clean_name(full_name)
    unit = _unit(session, unit_code, role)
    user = User(
        username=username,
        full_name=full_name,
        password_hash=hash_password(password),
        role=role,
        unit_id=unit.id if unit else None,
        active=True,
    )
    session.add(user)
    session.flush()
    record(session, "user.create", f"user:{username}", detail={"role": role, "unit": unit_code}, actor=actor)
    return user


def _unit(session, unit_code: str | None, role: str) -> Unit | None:
    if unit_code:
        unit = session.scalar(select(Unit).where(Unit.code == unit_code))
        if unit is None:
            raise AccountError("unknown_unit", unit_code)
        return unit
    if role != "admin":
        raise AccountError("unit_required", role)
    return None


def find_user(session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == unicodedata.normalize("NFC", (username or "").strip())))
    if user is None:
        raise AccountError("unknown_user", username)
    return user


def _revoke_all(session, user: User) -> dict:
    sessions, tokens = revoke_everything(session, user.id)
    return {"sessions_revoked": sessions, "tokens_revoked": tokens}


def set_password(session, user: User, password: str) -> dict:
    """Give the account a new password (policy checked); ends all its sessions and tokens."""
    check_password(password, user.username, user.full_name)
    user.password_hash = hash_password(password)
    return _revoke_all(session, user)


def change_password(session, user: User, old_password: str, new_password: str) -> dict:
    """The person changes their own password, proving the old one."""
    if not verify_password(user.password_hash, old_password or ""):
        raise AccountError("wrong_password")  # the caller audits it (as a failed password) outside this transaction
    if verify_password(user.password_hash, new_password or ""):
        raise AccountError("same_password")
    revoked = set_password(session, user, new_password)
    record(session, "password.change", f"user:{user.username}", detail=revoked, actor=user.username)
    return revoked


def reset_password(session, user: User, new_password: str, actor: str | None = None) -> dict:
    """An administrator sets a new password for someone (who then signs in with it)."""
    revoked = set_password(session, user, new_password)
    record(session, "password.reset", f"user:{user.username}", detail=revoked, actor=actor)
    return revoked


def _other_active_admins(session, user: User) -> int:
    return (
        session.scalar(
            select(func.count(User.id)).where(User.role == "admin", User.active.is_(True), User.id != user.id)
        )
        or 0
    )


def set_active(session, user: User, active: bool, actor: str | None = None) -> dict:
    """Disable or enable an account; disabling ends its sessions and tokens."""
    if user.active == active:
        return {"sessions_revoked": 0, "tokens_revoked": 0}
    if not active and user.role == "admin" and not _other_active_admins(session, user):
        raise AccountError("last_admin", user.username)
    if not active and actor is not None and actor == user.username:
        raise AccountError("self_change", user.username)
    user.active = active
    revoked = _revoke_all(session, user) if not active else {"sessions_revoked": 0, "tokens_revoked": 0}
    record(
        session,
        "user.enable" if active else "user.disable",
        f"user:{user.username}",
        detail=revoked or None,
        actor=actor,
    )
    return revoked


def update_user(
    session,
    user: User,
    role: str | None = None,
    unit_code: str | None = None,
    full_name: str | None = None,
    actor: str | None = None,
) -> dict:
    """Change role, unit (empty string: none, for admins) or name; a new role or unit ends sessions and tokens.

    Returns what changed: role and unit [before, after], sessions and tokens revoked, `renamed`. An administrator
    (`actor`) may not change their own role or unit, nor take the role from the last active administrator.
    """
    new_role = role if role is not None else user.role
    if new_role not in ROLES:
        raise AccountError("invalid_role", new_role)
    new_name = _clean_name(full_name) if full_name is not None else user.full_name
    if unit_code is not None:
        unit = _unit(session, unit_code, new_role)
        new_unit_id = unit.id if unit else None
    else:
        new_unit_id = user.unit_id
        if new_unit_id is None and new_role != "admin":
            raise AccountError("unit_required", new_role)
    if user.role == "admin" and new_role != "admin" and user.active and not _other_active_admins(session, user):
        raise AccountError("last_admin", user.username)
    if actor is not None and actor == user.username and (new_role != user.role or new_unit_id != user.unit_id):
        raise AccountError("self_change", user.username)
    detail: dict = {}
    # Read before anything changes: a query after a change would flush it, and the flush hook would end the
    # sessions before they are counted.
    old_unit = session.get(Unit, user.unit_id) if user.unit_id and new_unit_id != user.unit_id else None
    if new_role != user.role:
        detail["role"] = [user.role, new_role]
        user.role = new_role
    if new_unit_id != user.unit_id:
        detail["unit"] = [old_unit.code if old_unit else None, unit_code or None]
        user.unit_id = new_unit_id
    if detail:
        detail.update(_revoke_all(session, user))
        record(
            session,
            "user.role" if "role" in detail else "user.unit",
            f"user:{user.username}",
            detail=detail,
            actor=actor,
        )
    if new_name != user.full_name:
        record(
            session,
            "user.rename",
            f"user:{user.username}",
            detail={"full_name": {"old": user.full_name, "new": new_name}},
            actor=actor,
        )
        user.full_name = new_name
        return {**detail, "renamed": True}
    return detail


def refused_action(user: User | None, role: str | None) -> str:
    """The audit action a refused change of role or unit is recorded under."""
    return "user.role" if user is None or (role or user.role) != user.role else "user.unit"


def record_refusal(session, action: str, username: str, error: AccountError, actor: str | None) -> None:
    """A change an administrator asked for and was refused (their own account, the last administrator)."""
    record(
        session, action, f"user:{username}"[:128], outcome="refused", detail={"reason": error.message()}, actor=actor
    )


def _check(session, username: str, password: str) -> tuple[User | None, str]:
    """(the user, "ok") when name and password match an active account, else (None, why)."""
    username = unicodedata.normalize("NFC", (username or "").strip())
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        verify_password(_DUMMY_HASH, password or "")
        return None, "unknown_user"
    if not verify_password(user.password_hash, password or ""):
        return None, "wrong_password"
    if not user.active:
        return None, "disabled"
    if _hasher.check_needs_rehash(user.password_hash):
        # Written past the ORM so that a rehash of the same password does not end the other sessions.
        session.execute(
            update(User)
            .where(User.id == user.id)
            .values(password_hash=hash_password(password))
            .execution_options(synchronize_session=False)
        )
    return user, "ok"


def authenticate(session, username: str, password: str) -> User | None:
    """The active user with this name and password, else None (same work either way)."""
    return _check(session, username, password)[0]


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_expiry(row: ApiToken) -> dt.datetime:
    """When the token stops working; tokens made before expiry existed last the default term."""
    return aware(row.expires_at) or aware(row.created_at) + dt.timedelta(days=DEFAULT_TOKEN_DAYS)


def create_token(session, user: User, name: str = "", days: int | None = None, actor: str | None = None) -> str:
    """A new bearer token for the user, valid `days` days; only its SHA-256 is stored, the token is shown once."""
    days = DEFAULT_TOKEN_DAYS if days is None else days
    if not 1 <= days <= 3650:
        raise AccountError("invalid_days", str(days))
    token = "hoso_" + secrets.token_urlsafe(32)
    now = utcnow()
    row = ApiToken(
        user_id=user.id,
        token_sha256=token_digest(token),
        name=name[:128],
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    session.add(row)
    session.flush()
    record(
        session,
        "token.create",
        f"token:{row.id}",
        detail={"user": user.username, "name": name[:128], "days": days},
        actor=actor,
    )
    return token


def user_for_token(session, token: str) -> User | None:
    """The active owner of a token that is neither revoked nor expired, else None."""
    row = session.scalar(
        select(ApiToken).where(ApiToken.token_sha256 == token_digest(token), ApiToken.revoked_at.is_(None))
    )
    if row is None or token_expiry(row) <= utcnow():
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.active else None


def list_tokens(session, user: User | None = None, include_ended: bool = False) -> list[dict]:
    """Tokens (never their value), newest first: id, user, name, created, expires, state."""
    query = select(ApiToken, User.username).join(User, User.id == ApiToken.user_id)
    if user is not None:
        query = query.where(ApiToken.user_id == user.id)
    now = utcnow()
    rows = []
    for token, username in session.execute(query.order_by(ApiToken.created_at.desc(), ApiToken.id.desc())).all():
        expires = token_expiry(token)
        state = "revoked" if token.revoked_at is not None else "expired" if expires <= now else "active"
        if state == "active" or include_ended:
            rows.append(
                {
                    "id": token.id,
                    "user": username,
                    "name": token.name,
                    "created_at": aware(token.created_at),
                    "expires_at": expires,
                    "revoked_at": aware(token.revoked_at),
                    "state": state,
                }
            )
    return rows


def revoke_token_id(session, token_id: int, actor: str | None = None) -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise AccountError("unknown_token", str(token_id))
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        owner = session.get(User, row.user_id)
        record(
            session, "token.revoke", f"token:{row.id}", detail={"user": owner.username if owner else None}, actor=actor
        )
    return row


def list_sessions(session, user: User | None = None, settings=None) -> list[dict]:
    """Live sign-in sessions (never their token), newest first."""
    rows = live_sessions(session, user.id if user is not None else None, settings)
    names = dict(session.execute(select(User.id, User.username)).all()) if rows else {}
    return [
        {
            "id": row.id,
            "user": names.get(row.user_id),
            "created_at": aware(row.created_at),
            "last_seen_at": aware(row.last_seen_at),
            "expires_at": aware(row.expires_at),
            "client": row.client,
            "user_agent": row.user_agent,
        }
        for row in rows
    ]


def end_session(session, row: UserSession, actor: str | None = None, action: str = "session.revoke") -> bool:
    """Revoke one session (sign-out uses action `logout`)."""
    if not revoke_session(session, row):
        return False
    owner = session.get(User, row.user_id)
    record(session, action, f"session:{row.id}", detail={"user": owner.username if owner else None}, actor=actor)
    return True


def end_session_id(session, session_id: int, actor: str | None = None) -> UserSession:
    row = session.get(UserSession, session_id)
    if row is None:
        raise AccountError("unknown_session", str(session_id))
    end_session(session, row, actor)
    return row


def end_all_sessions(session, user: User, actor: str | None = None) -> int:
    """Revoke every session of the user (tokens stay); the count revoked."""
    count = 0
    for row in live_sessions(session, user.id):
        count += revoke_session(session, row)
    record(session, "session.revoke", f"user:{user.username}", detail={"sessions_revoked": count}, actor=actor)
    return count


@event.listens_for(Session, "before_flush")
def _revoke_on_trust_change(session: Session, _flush_context, _instances) -> None:
    """Whatever changed a password, role, unit or the active flag, the account's sessions and tokens end."""
    for obj in list(session.dirty):
        if not isinstance(obj, User) or obj.id is None:
            continue
        histories = [inspect(obj).attrs[name].history for name in TRUST_FIELDS]
        if any(h.added and tuple(h.added) != tuple(h.deleted) for h in histories):
            revoke_everything(session, obj.id)


def assign_case(session, user: User, case: Case) -> None:
    """Assign a person to a case (what lets a prosecutor see it when it is restricted)."""
    exists = session.scalar(
        select(CaseAssignment).where(CaseAssignment.user_id == user.id, CaseAssignment.case_id == case.id)
    )
    if exists is None:
        session.add(CaseAssignment(user_id=user.id, case_id=case.id))
        record(session, "case.assign", f"case:{case.code}", detail={"user": user.username})
