"""The administrators' accounts page through HTTP: editing name, role and unit, locking, resetting; refused
forms come back filled in with a Vietnamese reason by the field; every change and guarded refusal is in the
audit trail; only administrators get in."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from archive.records.models import AuditEvent, User
from tests.web.conftest import PASSWORD, login

NEW_PASSWORD = "mot-mat-khau-moi-dai"


def csrf(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/users").text).group(1)


def rows(archive, action: str) -> list[AuditEvent]:
    archive.access_log.flush()  # access rows (refusals) are chained from their spool
    with archive.session() as s:
        return s.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


def user(archive, username: str) -> dict | None:
    with archive.session() as s:
        found = s.scalar(select(User).where(User.username == username))
        return found and {
            "full_name": found.full_name,
            "role": found.role,
            "active": found.active,
            "unit": found.unit.code if found.unit else None,
        }


def value_of(page: str, field_id: str) -> str:
    found = re.search(rf'id="{field_id}"[^>]*value="([^"]*)"', page) or re.search(
        rf'value="([^"]*)"[^>]*id="{field_id}"', page
    )
    return html.unescape(found.group(1)) if found else ""


def selected(page: str, select_id: str) -> str:
    block = re.search(rf'<select name="\w+" id="{select_id}".*?</select>', page, re.S).group(0)
    found = re.search(r'<option value="([^"]*)" selected', block)
    return found.group(1) if found else ""


def test_a_bad_user_name_is_refused_and_the_form_keeps_what_was_typed(client_for, world):
    admin = client_for("admin")
    token = csrf(admin)
    sent = {
        "csrf_token": token,
        "username": "bad user!",
        "full_name": "Đỗ Thị Hoa",
        "role": "prosecutor",
        "unit": "R",
        "password": NEW_PASSWORD,
    }
    refused = admin.post("/users", data=sent)
    assert refused.status_code == 422
    page = refused.text
    assert "Tên đăng nhập chỉ gồm chữ thường không dấu" in page and "từ 3 đến 64 ký tự" in page
    assert value_of(page, "new-username") == "bad user!"
    assert value_of(page, "new-full-name") == "Đỗ Thị Hoa"
    assert selected(page, "new-role") == "prosecutor" and selected(page, "new-unit") == "R"
    assert NEW_PASSWORD not in page  # a password is never written back into a page
    assert 'aria-invalid="true"' in page and refused.headers["cache-control"] == "no-store"
    assert user(world.archive, "bad user!") is None
    for name in ("ab", "Hoa", "nguyễn", "x" * 65, "a/b"):
        assert admin.post("/users", data=sent | {"username": name}).status_code == 422, name
    # Two problems at once: both are named, each by its field.
    both = admin.post("/users", data=sent | {"username": "ksv_p", "password": "ngan"}).text
    assert "Tên đăng nhập đã tồn tại" in both and "Mật khẩu quá ngắn (tối thiểu 10 ký tự)" in both
    made = admin.post("/users", data=sent | {"username": "do.thi-hoa_2"}, follow_redirects=False)
    assert made.status_code == 303
    assert user(world.archive, "do.thi-hoa_2")["full_name"] == "Đỗ Thị Hoa"
    assert rows(world.archive, "user.create")[-1].target == "user:do.thi-hoa_2"
    # The API says the same.
    api = admin.post(
        "/api/users", json={"username": "bad user!", "password": NEW_PASSWORD, "role": "staff", "unit": "P"}
    )
    assert api.status_code == 422 and api.json()["detail"].startswith("Tên đăng nhập chỉ gồm chữ thường")


def test_editing_name_role_and_unit_is_audited_and_ends_sessions(client_for, world, app):
    admin = client_for("admin")
    victim = client_for("ksv_p")
    token = csrf(admin)
    page = admin.get("/users", params={"edit": "ksv_p"}).text
    assert 'action="/users/ksv_p/edit"' in page and value_of(page, "edit-full-name") == "Nguyễn ksv_p"
    assert selected(page, "edit-role") == "prosecutor" and selected(page, "edit-unit") == "P"

    renamed = admin.post(
        "/users/ksv_p/edit",
        data={"csrf_token": token, "full_name": "Nguyễn  Văn   Kiểm", "role": "prosecutor", "unit": "P"},
        follow_redirects=False,
    )
    assert renamed.status_code == 303 and "done=updated&" in renamed.headers["location"]
    assert user(world.archive, "ksv_p")["full_name"] == "Nguyễn Văn Kiểm"
    assert rows(world.archive, "user.rename")[-1].detail["full_name"] == {
        "old": "Nguyễn ksv_p",
        "new": "Nguyễn Văn Kiểm",
    }
    assert victim.get("/api/me").status_code == 200  # a new name leaves the sessions alone

    moved = admin.post(
        "/users/ksv_p/edit",
        data={"csrf_token": token, "full_name": "Nguyễn Văn Kiểm", "role": "unit_head", "unit": "R"},
    )
    assert moved.status_code == 200 and "mọi phiên đăng nhập và mã truy cập của tài khoản đã bị chấm dứt" in moved.text
    assert victim.get("/api/me").status_code == 401
    changed = user(world.archive, "ksv_p")
    assert (changed["role"], changed["unit"]) == ("unit_head", "R")
    row = rows(world.archive, "user.role")[-1]
    assert row.actor == "admin" and row.detail["role"] == ["prosecutor", "unit_head"]
    assert row.detail["unit"] == ["P", "R"] and row.detail["sessions_revoked"] == 1
    # The trail reads in Vietnamese, never in role codes.
    audit_page = admin.get("/audit", params={"action": "user.role"}).text
    assert "vai trò: Kiểm sát viên → Lãnh đạo đơn vị" in audit_page and "prosecutor, unit_head" not in audit_page


def test_a_refused_edit_keeps_the_form_and_changes_nothing(client_for, world):
    admin = client_for("admin")
    token = csrf(admin)
    refused = admin.post(
        "/users/ksv_r/edit", data={"csrf_token": token, "full_name": "Trần Thị Mới", "role": "staff", "unit": ""}
    )
    assert refused.status_code == 422
    page = refused.text
    assert "Tài khoản phải thuộc một đơn vị" in page
    assert value_of(page, "edit-full-name") == "Trần Thị Mới" and selected(page, "edit-role") == "staff"
    assert selected(page, "edit-unit") == ""
    unchanged = user(world.archive, "ksv_r")
    assert (unchanged["full_name"], unchanged["role"], unchanged["unit"]) == ("Nguyễn ksv_r", "prosecutor", "R")
    too_long = admin.post(
        "/users/ksv_r/edit", data={"csrf_token": token, "full_name": "A" * 256, "role": "prosecutor", "unit": "R"}
    )
    assert too_long.status_code == 422 and "Họ và tên dài quá 255 ký tự" in too_long.text
    missing = admin.post("/users/khong_co/edit", data={"csrf_token": token, "role": "staff", "unit": "P"})
    assert missing.status_code == 404


def test_locking_ends_sessions_and_an_admin_cannot_lock_or_demote_themself(client_for, world, app):
    admin = client_for("admin")
    token = csrf(admin)
    victim = client_for("ksv_q")
    locked = admin.post("/users/ksv_q/active", data={"csrf_token": token, "active": "0"})
    assert locked.status_code == 200 and "Đã khóa tài khoản ksv_q" in locked.text
    assert victim.get("/api/me").status_code == 401
    assert login(TestClient(app), "ksv_q").status_code == 401
    assert rows(world.archive, "user.disable")[-1].detail["sessions_revoked"] == 1
    assert admin.post("/users/ksv_q/active", data={"csrf_token": token, "active": "1"}).status_code == 200
    assert login(TestClient(app), "ksv_q").status_code == 303

    # A second administrator, so that the last-administrator rule is not what stops these.
    admin.post(
        "/users", data={"csrf_token": token, "username": "quantri2", "role": "admin", "unit": "", "password": PASSWORD}
    )
    for form in ({"role": "staff", "unit": "P"}, {"role": "admin", "unit": "P"}):
        refused = admin.post("/users/admin/edit", data={"csrf_token": token, "full_name": "Quản trị"} | form)
        assert refused.status_code == 422 and "chính tài khoản đang đăng nhập" in refused.text
    refused = admin.post("/users/admin/active", data={"csrf_token": token, "active": "0"})
    assert refused.status_code == 422 and "chính tài khoản đang đăng nhập" in refused.text
    api = admin.patch("/api/users/admin", json={"active": False})
    assert api.status_code == 422 and "chính tài khoản" in api.json()["detail"]
    me = user(world.archive, "admin")
    assert (me["role"], me["active"]) == ("admin", True)
    assert admin.get("/api/me").status_code == 200
    assert [(r.outcome, r.actor) for r in rows(world.archive, "user.disable")[-2:]] == [("refused", "admin")] * 2
    assert [r.target for r in rows(world.archive, "user.role") if r.outcome == "refused"] == ["user:admin"]
    assert [r.target for r in rows(world.archive, "user.unit") if r.outcome == "refused"] == ["user:admin"]
    # The other administrator may; and the last one standing cannot be demoted.
    other = client_for("quantri2")
    other_token = csrf(other)
    assert other.post("/users/admin/active", data={"csrf_token": other_token, "active": "0"}).status_code == 200
    last = other.patch("/api/users/admin", json={"active": True})
    assert last.status_code == 200
    assert admin.get("/api/me").status_code == 401  # locking ended the admin's session


def test_reset_password_refusal_names_the_rule(client_for, world, app):
    admin = client_for("admin")
    token = csrf(admin)
    weak = admin.post("/users/staff_p/password", data={"csrf_token": token, "password": "123"})
    assert weak.status_code == 422 and "Mật khẩu quá ngắn" in weak.text
    assert 'id="reset-password"' in weak.text and 'aria-invalid="true"' in weak.text  # the edit panel, open
    done = admin.post("/users/staff_p/password", data={"csrf_token": token, "password": NEW_PASSWORD})
    assert done.status_code == 200 and "Đã đặt lại mật khẩu của staff_p" in done.text
    assert login(TestClient(app), "staff_p", NEW_PASSWORD).status_code == 303
    assert rows(world.archive, "password.reset")[-1].target == "user:staff_p"


def test_only_administrators_reach_the_account_forms(client_for, world):
    prosecutor = client_for("ksv_p")
    token = prosecutor.headers["X-CSRF-Token"]
    for path, data in (
        ("/users/ksv_r/edit", {"role": "admin", "unit": ""}),
        ("/users/ksv_r/active", {"active": "0"}),
        ("/users/ksv_r/password", {"password": NEW_PASSWORD}),
    ):
        assert prosecutor.post(path, data={"csrf_token": token} | data).status_code == 403, path
    assert prosecutor.get("/users", params={"edit": "ksv_r"}).status_code == 403
    assert user(world.archive, "ksv_r")["role"] == "prosecutor"
    refused = [r for r in rows(world.archive, "access") if r.actor == "ksv_p" and r.outcome == "refused"]
    assert {r.target for r in refused} >= {"/users/ksv_r/edit", "/users/ksv_r/active"}
