"""The `hoso users` commands: add accounts (the first admin too), list them, tokens, case assignments."""

from __future__ import annotations

import sys

import typer
from sqlalchemy import select

from archive.console import fail, open_archive, out

users_app = typer.Typer(help="Tài khoản người dùng", no_args_is_help=True)

ROLE_LABELS = {
    "staff": "Cán bộ số hóa",
    "prosecutor": "Kiểm sát viên",
    "statistician": "Cán bộ thống kê",
    "unit_head": "Lãnh đạo đơn vị",
    "admin": "Quản trị hệ thống",
}


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Mật khẩu", hide_input=True, confirmation_prompt="Nhập lại mật khẩu")
    if not password:
        fail("Chưa nhập mật khẩu")
    return password


@users_app.command("add")
def add(username: str = typer.Argument(..., help="Tên đăng nhập"),
        role: str = typer.Option(..., "--role", help="staff | prosecutor | statistician | unit_head | admin"),
        unit: str = typer.Option(None, "--unit", help="Mã đơn vị (không bắt buộc với admin)"),
        full_name: str = typer.Option("", "--full-name", help="Họ và tên"),
        password_stdin: bool = typer.Option(False, "--password-stdin", help="Đọc mật khẩu từ stdin")) -> None:
    """Tạo tài khoản (kể cả tài khoản quản trị đầu tiên)."""
    from archive.accounts import AccountError, create_user

    password = _read_password(password_stdin)
    archive = open_archive()
    try:
        with archive.transaction() as session:
            create_user(session, username, password, role, unit, full_name=full_name, actor="cli")
    except AccountError as exc:
        fail(exc.message())
    finally:
        archive.close()
    out.print(f"Đã tạo tài khoản {username} ({ROLE_LABELS.get(role, role)})", highlight=False)


@users_app.command("list")
def list_users() -> None:
    """Liệt kê tài khoản."""
    from archive.models import User

    archive = open_archive()
    try:
        with archive.session() as session:
            for user in session.scalars(select(User).order_by(User.username)).all():
                unit = user.unit.code if user.unit else "-"
                state = "" if user.active else " (đã khóa)"
                out.print(f"{user.username}\t{user.role}\t{unit}\t{user.full_name}{state}", highlight=False)
    finally:
        archive.close()


@users_app.command("token")
def token(username: str = typer.Argument(..., help="Tên đăng nhập"),
          name: str = typer.Option("", "--name", help="Tên gợi nhớ của mã truy cập")) -> None:
    """Cấp mã truy cập API (Authorization: Bearer ...); mã chỉ hiện một lần."""
    from archive.accounts import create_token
    from archive.models import User

    archive = open_archive()
    try:
        with archive.transaction() as session:
            user = session.scalar(select(User).where(User.username == username))
            if user is None:
                fail("Không tìm thấy tài khoản")
            value = create_token(session, user, name)
    finally:
        archive.close()
    sys.stdout.write(value + "\n")


@users_app.command("assign")
def assign(username: str = typer.Argument(..., help="Tên đăng nhập"),
           case: str = typer.Argument(..., help="Mã vụ án")) -> None:
    """Phân công một người vào vụ án (cần cho vụ án hạn chế truy cập)."""
    from archive.accounts import assign_case
    from archive.models import Case, User

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
