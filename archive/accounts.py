"""Accounts: creating users, argon2 password hashing and checking, API tokens stored as SHA-256."""

from __future__ import annotations

import hashlib
import secrets
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select

from archive.models import ROLES, ApiToken, AuditEvent, Case, CaseAssignment, Unit, User, utcnow

_hasher = PasswordHasher()
# Checked against when the username is unknown, so a wrong name costs as much time as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password")
MIN_PASSWORD_LENGTH = 8

# What account errors say to people (the web catalogue includes these).
ACCOUNT_MESSAGES: dict[str, str] = {
    "invalid_username": "Tên đăng nhập không hợp lệ",
    "invalid_role": "Vai trò không hợp lệ (staff, prosecutor, statistician, unit_head, admin)",
    "weak_password": "Mật khẩu quá ngắn (tối thiểu {detail} ký tự)",
    "username_taken": "Tên đăng nhập đã tồn tại",
    "unknown_unit": "Không tìm thấy đơn vị có mã này",
    "unit_required": "Tài khoản phải thuộc một đơn vị",
    "unknown_user": "Không tìm thấy tài khoản",
    "unknown_case": "Không tìm thấy vụ án có mã này",
}


class AccountError(ValueError):
    """A request about accounts that cannot be done; `code` keys the message catalogue."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail

    def message(self) -> str:
        text = ACCOUNT_MESSAGES.get(self.code, self.code)
        if "{detail}" in text:
            return text.format(detail=self.detail)
        return f"{text}: {self.detail}" if self.detail else text


def hash_password(password: str) -> str:
    return _hasher.hash(unicodedata.normalize("NFC", password))


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, unicodedata.normalize("NFC", password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def create_user(session, username: str, password: str, role: str, unit_code: str | None,
                full_name: str = "", actor: str | None = None) -> User:
    """Add an account (the caller commits); unknown role or unit, a taken name or a short password fail."""
    username = unicodedata.normalize("NFC", username.strip())
    if not username or len(username) > 64:
        raise AccountError("invalid_username", username)
    if role not in ROLES:
        raise AccountError("invalid_role", role)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("weak_password", str(MIN_PASSWORD_LENGTH))
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise AccountError("username_taken", username)
    unit = None
    if unit_code:
        unit = session.scalar(select(Unit).where(Unit.code == unit_code))
        if unit is None:
            raise AccountError("unknown_unit", unit_code)
    elif role != "admin":
        raise AccountError("unit_required", role)
    user = User(username=username, full_name=unicodedata.normalize("NFC", full_name.strip()),
                password_hash=hash_password(password), role=role, unit_id=unit.id if unit else None, active=True)
    session.add(user)
    session.flush()
    session.add(AuditEvent(actor=actor, action="user.create", target=f"user:{username}",
                           detail={"role": role, "unit": unit_code}))
    return user


def set_password(session, user: User, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("weak_password", str(MIN_PASSWORD_LENGTH))
    user.password_hash = hash_password(password)


def authenticate(session, username: str, password: str) -> User | None:
    """The active user with this name and password, else None (same work either way)."""
    username = unicodedata.normalize("NFC", (username or "").strip())
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        verify_password(_DUMMY_HASH, password or "")
        return None
    if not verify_password(user.password_hash, password or ""):
        return None
    if not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(session, user: User, name: str = "") -> str:
    """A new bearer token for the user; only its SHA-256 is stored, the token itself is shown once."""
    token = "hoso_" + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_sha256=token_digest(token), name=name))
    session.add(AuditEvent(actor=user.username, action="token.create", target=f"user:{user.username}",
                           detail={"name": name}))
    return token


def user_for_token(session, token: str) -> User | None:
    row = session.scalar(select(ApiToken).where(ApiToken.token_sha256 == token_digest(token),
                                                ApiToken.revoked_at.is_(None)))
    if row is None:
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.active else None


def revoke_token(session, token: str) -> bool:
    row = session.scalar(select(ApiToken).where(ApiToken.token_sha256 == token_digest(token)))
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    return True


def assign_case(session, user: User, case: Case) -> None:
    """Assign a person to a case (what lets a prosecutor see it when it is restricted)."""
    exists = session.scalar(select(CaseAssignment).where(CaseAssignment.user_id == user.id,
                                                         CaseAssignment.case_id == case.id))
    if exists is None:
        session.add(CaseAssignment(user_id=user.id, case_id=case.id))
