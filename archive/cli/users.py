"""The `hoso users` commands: accounts (the first admin too), passwords, sessions, API tokens, case assignments.

Every change is audited with the actor `cli`. Times are printed in UTC.

Commands import the rooms they use inside themselves, for a quick start (archive/cli/__init__.py).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import contextmanager

import typer
from sqlalchemy import select

from archive.cli.console import fail, open_archive, out

users_app = typer.Typer(help="Tài khoản người dùng", no_args_is_help=True)

ROLE_LABELS = {
    "staff": "Cán bộ số hóa",
    "prosecutor": "Kiểm sát viên",
    "statistician": "Cán bộ thống kê",
    "unit_head": "Lãnh đạo đơn vị",
    "admin": "Quản trị hệ thống",
}


def _read_password(from_stdin: bool, prompt: str = "Mật khẩu", confirm: bool = True) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt(prompt, hide_input=True, confirmation_prompt="Nhập lại mật khẩu" if confirm else False)
    if not password:
        fail("Chưa nhập mật khẩu")
    return password


@contextmanager
def _accounts():
    """A transaction on the archive; an AccountError becomes the one-line reason and exit 1."""

    archive = open_archive()
    try:
        with archive.transaction() as session:
            yield archive, session
    finally:
        archive.close()


def _user(session, username: str):
    from archive.trust.accounts import find_user

    return find_user(session, username)


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else "-"


def _revoked_note(revoked: dict) -> str:
    return (
        f" (đã chấm dứt {revoked.get('sessions_revoked', 0)} phiên đăng nhập, "
        f"{revoked.get('tokens_revoked', 0)} mã truy cập)"
    )


def _print(text: str) -> None:
    """Plain stdout, so tab-separated lines stay tab-separated for scripts."""
    sys.stdout.write(text + "\n")


def _change(username: str, action: Callable, done: str) -> None:
    with _accounts() as (_archive, session):
        revoked = action(session, _user(session, username)) or {}
    _print(done + (_revoked_note(revoked) if revoked.get("sessions_revoked") or revoked.get("tokens_revoked") else ""))


@users_app.command("add")
def add(
    username: str = typer.Argument(..., help="Tên đăng nhập"),
    role: str = typer.Option(..., "--role", help="staff | prosecutor | statistician | unit_head | admin"),
    unit: str = typer.Option(None, "--unit", help="Mã đơn vị (không bắt buộc với admin)"),
    full_name: str = typer.Option("", "--full-name", help="Họ và tên"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Đọc mật khẩu từ stdin"),
) -> None:
    """Tạo tài khoản (kể cả tài khoản quản trị đầu tiên)."""
    from archive.trust.accounts import create_user

    password = _read_password(password_stdin)
    archive = open_archive()
    try:
        with archive.transaction() as session:
            create_user(session, username, password, role, unit, full_name=full_name, actor="cli")
    finally:
        archive.close()
    out.print(f"Đã tạo tài khoản {username} ({ROLE_LABELS.get(role, role)})", highlight=False)


@users_app.command("list")
def list_users() -> None:
    """Liệt kê tài khoản."""
    from archive.records.models import User

    archive = open_archive()
    try:
        with archive.session() as session:
            for user in session.scalars(select(User).order_by(User.username)).all():
                unit = user.unit.code if user.unit else "-"
                state = "" if user.active else " (đã khóa)"
                _print(f"{user.username}\t{user.role}\t{unit}\t{user.full_name}{state}")
    finally:
        archive.close()


@users_app.command("password")
def password(
    username: str = typer.Argument(..., help="Tên đăng nhập"),
    old: bool = typer.Option(False, "--old", help="Đổi mật khẩu của chính mình: nhập mật khẩu cũ trước"),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Đọc mật khẩu từ stdin (với --old: dòng đầu là mật khẩu cũ)"
    ),
) -> None:
    """Đặt lại mật khẩu (quản trị) hoặc đổi khi biết mật khẩu cũ (--old); mọi phiên và mã truy cập bị chấm dứt."""
    from archive.trust.accounts import change_password, reset_password

    old_password = _read_password(password_stdin, "Mật khẩu hiện tại", confirm=False) if old else None
    new_password = _read_password(password_stdin, "Mật khẩu mới")
    if old:
        _change(
            username,
            lambda s, user: change_password(s, user, old_password, new_password),
            f"Đã đổi mật khẩu của {username}",
        )
    else:
        _change(
            username,
            lambda s, user: reset_password(s, user, new_password, actor="cli"),
            f"Đã đặt lại mật khẩu của {username}",
        )


@users_app.command("disable")
def disable(username: str = typer.Argument(..., help="Tên đăng nhập")) -> None:
    """Khóa tài khoản: không đăng nhập được nữa, mọi phiên và mã truy cập bị chấm dứt."""
    from archive.trust.accounts import set_active

    _change(username, lambda s, user: set_active(s, user, False, actor="cli"), f"Đã khóa tài khoản {username}")


@users_app.command("enable")
def enable(username: str = typer.Argument(..., help="Tên đăng nhập")) -> None:
    """Mở khóa tài khoản."""
    from archive.trust.accounts import set_active

    _change(username, lambda s, user: set_active(s, user, True, actor="cli"), f"Đã mở khóa tài khoản {username}")


@users_app.command("edit")
def edit(
    username: str = typer.Argument(..., help="Tên đăng nhập"),
    role: str = typer.Option(None, "--role", help="staff | prosecutor | statistician | unit_head | admin"),
    unit: str = typer.Option(None, "--unit", help='Mã đơn vị ("" để bỏ đơn vị của tài khoản quản trị)'),
    full_name: str = typer.Option(None, "--full-name", help="Họ và tên"),
) -> None:
    """Đổi vai trò, đơn vị hoặc họ tên; đổi vai trò hay đơn vị chấm dứt mọi phiên và mã truy cập."""
    from archive.trust.accounts import update_user

    _change(
        username,
        lambda s, user: update_user(s, user, role=role, unit_code=unit, full_name=full_name, actor="cli"),
        f"Đã cập nhật tài khoản {username}",
    )


@users_app.command("token")
def token(
    username: str = typer.Argument(..., help="Tên đăng nhập"),
    name: str = typer.Option("", "--name", help="Tên gợi nhớ của mã truy cập"),
    days: int = typer.Option(None, "--days", help="Số ngày hiệu lực (mặc định HOSO_TOKEN_DAYS, 90)"),
) -> None:
    """Cấp mã truy cập API (Authorization: Bearer ...) có thời hạn; mã chỉ hiện một lần."""
    from archive.trust.accounts import create_token

    with _accounts() as (archive, session):
        value = create_token(
            session, _user(session, username), name, days=days or archive.settings.token_days, actor="cli"
        )
    sys.stdout.write(value + "\n")


TOKEN_STATES = {"active": "còn hiệu lực", "expired": "hết hạn", "revoked": "đã thu hồi"}


@users_app.command("tokens")
def tokens(
    username: str = typer.Argument(None, help="Tên đăng nhập (bỏ trống: mọi tài khoản)"),
    all_: bool = typer.Option(False, "--all", help="Cả mã đã hết hạn hoặc đã thu hồi"),
) -> None:
    """Liệt kê mã truy cập: số, tài khoản, tên, ngày cấp, hạn dùng, trạng thái (giờ UTC)."""
    from archive.trust.accounts import list_tokens

    with _accounts() as (_archive, session):
        rows = list_tokens(session, _user(session, username) if username else None, include_ended=all_)
    for row in rows:
        _print(
            f"{row['id']}\t{row['user']}\t{row['name'] or '-'}\t{_when(row['created_at'])}\t"
            f"{_when(row['expires_at'])}\t{TOKEN_STATES[row['state']]}"
        )
    if not rows:
        _print("Không có mã truy cập nào")


@users_app.command("revoke-token")
def revoke_token(token_id: int = typer.Argument(..., help="Số của mã truy cập (xem `hoso users tokens`)")) -> None:
    """Thu hồi một mã truy cập: dùng nó sẽ bị từ chối ngay."""
    from archive.trust.accounts import revoke_token_id

    with _accounts() as (_archive, session):
        revoke_token_id(session, token_id, actor="cli")
    _print(f"Đã thu hồi mã truy cập {token_id}")


@users_app.command("sessions")
def sessions(
    username: str = typer.Argument(..., help="Tên đăng nhập"),
    revoke: bool = typer.Option(False, "--revoke", help="Chấm dứt mọi phiên đăng nhập của tài khoản"),
) -> None:
    """Liệt kê phiên đăng nhập đang mở (số, bắt đầu, lần cuối, hết hạn, địa chỉ, trình duyệt), hoặc chấm dứt tất cả."""
    from archive.trust.accounts import end_all_sessions, list_sessions

    with _accounts() as (archive, session):
        user = _user(session, username)
        if revoke:
            count = end_all_sessions(session, user, actor="cli")
        else:
            rows = list_sessions(session, user, archive.settings)
    if revoke:
        _print(f"Đã chấm dứt {count} phiên đăng nhập của {username}")
        return
    for row in rows:
        _print(
            f"{row['id']}\t{_when(row['created_at'])}\t{_when(row['last_seen_at'])}\t{_when(row['expires_at'])}\t"
            f"{row['client'] or '-'}\t{row['user_agent'] or '-'}"
        )
    if not rows:
        _print(f"{username} không có phiên đăng nhập nào đang mở")


@users_app.command("revoke-session")
def revoke_session(session_id: int = typer.Argument(..., help="Số của phiên (xem `hoso users sessions`)")) -> None:
    """Chấm dứt một phiên đăng nhập."""
    from archive.trust.accounts import end_session_id

    with _accounts() as (_archive, session):
        end_session_id(session, session_id, actor="cli")
    _print(f"Đã chấm dứt phiên đăng nhập {session_id}")


@users_app.command("assign")
def assign(
    username: str = typer.Argument(..., help="Tên đăng nhập"), case: str = typer.Argument(..., help="Mã vụ án")
) -> None:
    """Phân công một người vào vụ án (cần cho vụ án hạn chế truy cập)."""
    from archive.records.models import Case, User
    from archive.trust.accounts import assign_case

    archive = open_archive()
    try:
        with archive.transaction() as session:
            user = session.scalar(select(User).where(User.username == username))
            record = session.scalar(select(Case).where(Case.code == case))
            if user is None:
                fail("Không tìm thấy tài khoản")
            if record is None:
                fail("Không tìm thấy vụ án có mã này")
            assign_case(session, user, record)
    finally:
        archive.close()
    out.print(f"Đã phân công {username} vào vụ án {case}", highlight=False)
