"""Sessions and accounts that can be trusted: sign-out that ends the session, revocation on change,
expiring tokens, throttled sign-in, the password policy, HTTPS-only cookies and the audit of it all."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from archive.core import Archive
from archive.records.models import ApiToken, AuditEvent, User, UserSession, utcnow
from archive.runtime.settings import Settings
from archive.trust.accounts import create_token, hash_password
from archive.trust.audit import verify
from archive.trust.passwords import password_problem
from archive.trust.signin import throttle_state
from tests.web.conftest import PASSWORD, login
from web.app import create_app

NEW_PASSWORD = "bien-ban-phien-toa-2024"


def me(client: TestClient, headers: dict | None = None) -> int:
    return client.get("/api/me", headers=headers or {}).status_code


def audit_rows(archive, action: str) -> list[AuditEvent]:
    with archive.session() as s:
        rows = s.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)).all()
        s.expunge_all()
        return rows


def token_for(archive, username: str, days: int | None = None) -> str:
    with archive.transaction() as s:
        return create_token(s, s.scalar(select(User).where(User.username == username)), "máy quét", days=days)


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


# Sessions


def test_the_old_cookie_is_refused_after_sign_out(world, client_for, app):
    client = client_for("ksv_p")
    cookie = client.cookies.get("hoso_session")
    with world.archive.session() as s:
        stored = s.scalars(select(UserSession.token_sha256)).all()
    assert len(stored) == 1 and cookie not in stored[0] and len(stored[0]) == 64
    assert client.post("/logout", follow_redirects=False).status_code == 303
    replay = TestClient(app)
    replay.cookies.set("hoso_session", cookie)
    assert me(replay) == 401
    assert replay.get("/cases", follow_redirects=False).headers["location"].startswith("/login")
    with world.archive.session() as s:
        assert s.scalar(select(UserSession)).revoked_at is not None
    logout = audit_rows(world.archive, "logout")
    assert len(logout) == 1 and logout[0].actor == "ksv_p" and logout[0].outcome == "ok"


def test_each_sign_in_is_its_own_session_and_one_can_be_ended_from_the_account_page(world, client_for):
    laptop, desktop = client_for("ksv_p"), client_for("ksv_p")
    sessions = laptop.get("/api/me/sessions").json()["sessions"]
    assert len(sessions) == 2 and [s["current"] for s in sessions].count(True) == 1
    other = next(s for s in sessions if not s["current"])
    page = laptop.get("/account")
    assert page.status_code == 200 and "Phiên đăng nhập đang mở" in page.text and "Phiên này" in page.text
    ended = laptop.post(f"/account/sessions/{other['id']}/end", follow_redirects=False)
    assert ended.status_code == 303
    assert me(desktop) == 401 and me(laptop) == 200
    assert "Đã chấm dứt phiên đăng nhập" in laptop.get("/account?done=session").text
    assert audit_rows(world.archive, "session.revoke")[-1].target == f"session:{other['id']}"


def test_idle_and_old_sessions_end(world, client_for):
    idle, old = client_for("ksv_p"), client_for("ksv_q")
    assert me(idle) == 200 and me(old) == 200
    now = utcnow()
    with world.archive.transaction() as s:
        ids = {u: s.scalar(select(User.id).where(User.username == u)) for u in ("ksv_p", "ksv_q")}
        s.execute(
            update(UserSession)
            .where(UserSession.user_id == ids["ksv_p"])
            .values(last_seen_at=now - dt.timedelta(hours=2, minutes=1))
        )
        s.execute(
            update(UserSession)
            .where(UserSession.user_id == ids["ksv_q"])
            .values(expires_at=now - dt.timedelta(seconds=1))
        )
    assert me(idle) == 401 and me(old) == 401


def test_last_seen_is_written_at_most_once_a_minute(world, client_for):
    client = client_for("ksv_p")
    with world.archive.session() as s:
        first = s.scalar(select(UserSession.last_seen_at))
    client.get("/api/me")
    with world.archive.session() as s:
        assert s.scalar(select(UserSession.last_seen_at)) == first
    with world.archive.transaction() as s:
        s.execute(update(UserSession).values(last_seen_at=utcnow() - dt.timedelta(minutes=5)))
    client.get("/api/me")
    with world.archive.session() as s:
        assert s.scalar(select(UserSession.last_seen_at)).replace(tzinfo=None) > first.replace(tzinfo=None)


def test_changing_ones_password_ends_the_other_sessions_and_tokens(world, client_for):
    here, elsewhere = client_for("ksv_p"), client_for("ksv_p")
    token = token_for(world.archive, "ksv_p")
    wrong = here.post("/api/me/password", json={"old_password": "khong-phai-mat-khau", "new_password": NEW_PASSWORD})
    assert wrong.status_code == 422 and wrong.json()["detail"] == "Mật khẩu hiện tại không đúng"
    assert me(elsewhere) == 200
    weak = here.post("/api/me/password", json={"old_password": PASSWORD, "new_password": "ksv_p123"})
    assert weak.status_code == 422 and "Mật khẩu quá ngắn" in weak.json()["detail"]
    changed = here.post("/api/me/password", json={"old_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert changed.status_code == 200 and changed.json()["sessions_revoked"] == 2
    assert me(elsewhere) == 401 and me(TestClient(here.app), bearer(token)) == 401
    assert me(here) == 200  # this browser was given a new session
    assert login(TestClient(here.app), "ksv_p", NEW_PASSWORD).status_code == 303
    assert [r.outcome for r in audit_rows(world.archive, "password.change")] == ["ok"]
    failed = audit_rows(world.archive, "login.failed")
    assert failed[-1].actor == "ksv_p" and failed[-1].detail["via"] == "password_change"


def test_the_account_page_changes_the_password(world, client_for):
    client = client_for("ksv_q")
    token = client.headers["X-CSRF-Token"]
    form = {
        "csrf_token": token,
        "old_password": PASSWORD,
        "new_password": NEW_PASSWORD,
        "new_password_again": NEW_PASSWORD + "x",
    }
    mismatch = client.post("/account/password", data=form)
    assert mismatch.status_code == 422 and "không khớp" in mismatch.text
    form["new_password_again"] = NEW_PASSWORD
    done = client.post("/account/password", data=form)
    assert done.status_code == 200 and "Đã đổi mật khẩu" in done.text
    assert me(client) == 200


def test_admin_reset_role_and_unit_changes_and_disabling_end_sessions_and_tokens(world, client_for, app):
    admin = client_for("admin")
    for change in ({"reset": "password"}, {"role": "unit_head"}, {"unit": "R"}, {"active": False}):
        victim = client_for("ksv_p")
        token = token_for(world.archive, "ksv_p")
        assert me(victim) == 200 and me(TestClient(app), bearer(token)) == 200
        if "reset" in change:
            response = admin.post("/api/users/ksv_p/password", json={"password": NEW_PASSWORD})
        else:
            response = admin.patch("/api/users/ksv_p", json=change)
        assert response.status_code == 200, response.text
        assert response.json()["sessions_revoked"] == 1 and response.json()["tokens_revoked"] == 1
        assert me(victim) == 401, change
        assert me(TestClient(app), bearer(token)) == 401, change
        if "reset" in change:
            with world.archive.transaction() as s:  # back to the password the fixture signs in with
                s.scalar(select(User).where(User.username == "ksv_p")).password_hash = hash_password(PASSWORD)
    refused = login(TestClient(app), "ksv_p")
    assert refused.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu" in refused.text
    assert {u["username"]: u["active"] for u in admin.get("/api/users").json()["users"]}["ksv_p"] is False
    assert admin.patch("/api/users/ksv_p", json={"active": True}).status_code == 200
    assert login(TestClient(app), "ksv_p").status_code == 303
    assert audit_rows(world.archive, "password.reset")[0].actor == "admin"
    assert audit_rows(world.archive, "user.role")[0].detail["role"] == ["prosecutor", "unit_head"]
    assert audit_rows(world.archive, "user.unit")[0].detail["unit"] == ["P", "R"]
    assert [r.target for r in audit_rows(world.archive, "user.disable")] == ["user:ksv_p"]
    assert [r.target for r in audit_rows(world.archive, "user.enable")] == ["user:ksv_p"]


def test_the_last_administrator_cannot_be_disabled(client_for):
    admin = client_for("admin")
    response = admin.patch("/api/users/admin", json={"active": False})
    assert response.status_code == 422 and "quản trị cuối cùng" in response.json()["detail"]
    assert me(admin) == 200


def test_only_administrators_manage_accounts(client_for):
    prosecutor = client_for("ksv_p")
    assert prosecutor.get("/api/users").status_code == 403
    assert prosecutor.patch("/api/users/ksv_q", json={"active": False}).status_code == 403
    assert prosecutor.post("/api/tokens", json={"user": "ksv_p"}).status_code == 403


# Tokens


def test_expired_and_revoked_tokens_are_refused(world, client_for, app):
    admin = client_for("admin")
    made = admin.post("/api/tokens", json={"user": "staff_p", "name": "máy quét 1", "days": 30})
    assert made.status_code == 201
    body = made.json()
    expires = dt.datetime.fromisoformat(body["expires_at"])
    assert dt.timedelta(days=29) < expires - utcnow() <= dt.timedelta(days=30)
    client = TestClient(app)
    assert me(client, bearer(body["token"])) == 200
    listed = admin.get("/api/tokens", params={"user": "staff_p"}).json()["tokens"]
    assert [t["id"] for t in listed] == [body["id"]] and "token" not in listed[0]
    assert admin.delete(f"/api/tokens/{body['id']}").status_code == 200
    assert me(client, bearer(body["token"])) == 401
    assert admin.get("/api/tokens").json()["tokens"] == []
    assert admin.get("/api/tokens", params={"all": "true"}).json()["tokens"][0]["state"] == "revoked"

    default = token_for(world.archive, "staff_p")
    with world.archive.session() as s:
        row = s.scalar(select(ApiToken).where(ApiToken.revoked_at.is_(None)))
        assert (row.expires_at - row.created_at).days == 90
    assert me(client, bearer(default)) == 200
    with world.archive.transaction() as s:
        s.execute(update(ApiToken).values(expires_at=utcnow() - dt.timedelta(seconds=1)))
    assert me(client, bearer(default)) == 401
    too_long = admin.post("/api/tokens", json={"user": "staff_p", "days": 5000})
    assert too_long.status_code == 422 and "Số ngày hiệu lực" in too_long.json()["detail"]
    assert audit_rows(world.archive, "token.create")[0].detail["days"] == 30
    assert audit_rows(world.archive, "token.revoke")[0].target == f"token:{body['id']}"


def test_the_admin_page_lists_accounts_with_actions(world, client_for, app):
    admin = client_for("admin")
    victim = client_for("ksv_r")
    page = admin.get("/users")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    assert 'action="/users/ksv_r/active"' in page.text and "Chấm dứt phiên" in page.text
    made = admin.post("/users/staff_p/tokens", data={"csrf_token": token, "name": "máy quét", "days": "7"})
    assert made.status_code == 200 and "chỉ hiện một lần" in made.text
    value = re.search(r'<code class="new-token">([^<]+)</code>', made.text).group(1)
    assert me(TestClient(app), bearer(value)) == 200
    assert value not in admin.get("/users").text
    token_id = re.search(r'action="/tokens/(\d+)/revoke"', admin.get("/users").text).group(1)
    revoked = admin.post(f"/tokens/{token_id}/revoke", data={"csrf_token": token}, follow_redirects=False)
    assert revoked.status_code == 303
    assert me(TestClient(app), bearer(value)) == 401
    disabled = admin.post("/users/ksv_r/active", data={"csrf_token": token, "active": "0"})
    assert disabled.status_code == 200 and "Đã khóa tài khoản ksv_r" in disabled.text
    assert me(victim) == 401
    weak = admin.post("/users/ksv_r/password", data={"csrf_token": token, "password": "1234567890"})
    assert weak.status_code == 422 and "chỉ gồm chữ số" in weak.text
    reset = admin.post("/users/ksv_r/password", data={"csrf_token": token, "password": NEW_PASSWORD})
    assert "Đã đặt lại mật khẩu của ksv_r" in reset.text
    admin.post("/users/ksv_r/active", data={"csrf_token": token, "active": "1"})
    assert login(TestClient(app), "ksv_r", NEW_PASSWORD).status_code == 303
    ended = admin.post("/users/ksv_r/sessions/end", data={"csrf_token": token})
    assert "Đã chấm dứt các phiên đăng nhập của ksv_r" in ended.text
    admin.headers.pop("X-CSRF-Token")
    assert admin.post("/users/ksv_r/active", data={"active": "0"}).status_code == 403  # CSRF still required


# Throttling


LOCKED = "Tài khoản tạm khóa đăng nhập do nhập sai mật khẩu nhiều lần, thử lại sau 15 phút"


def test_five_wrong_passwords_lock_the_account_for_a_while(world, app):
    client = TestClient(app)
    for _ in range(5):
        assert login(client, "ksv_p", "doan-mat-khau-sai").status_code == 401
    locked = login(client, "ksv_p", PASSWORD)  # even the right password, until the failures age out
    assert locked.status_code == 429 and LOCKED in locked.text
    assert int(locked.headers["Retry-After"]) > 14 * 60
    assert "hoso_session" not in locked.headers.get("set-cookie", "")
    assert login(client, "ksv_q").status_code == 303  # other accounts from the same address are not locked
    failed = audit_rows(world.archive, "login.failed")
    assert [(r.actor, r.outcome, r.client) for r in failed] == [("ksv_p", "failed", "testclient")] * 5
    throttled = audit_rows(world.archive, "login.throttled")
    assert [(r.actor, r.outcome, r.detail["by"]) for r in throttled] == [("ksv_p", "refused", "account")]
    with world.archive.session() as s:
        later = utcnow() + dt.timedelta(minutes=15, seconds=1)
        assert throttle_state(s, "ksv_p", "testclient", world.archive.settings)[0] == "account"
        assert throttle_state(s, "ksv_p", "testclient", world.archive.settings, now=later) == (None, 0)


def test_a_successful_sign_in_clears_the_accounts_count(app):
    client = TestClient(app)
    for _ in range(4):
        login(client, "ksv_q", "doan-mat-khau-sai")
    assert login(client, "ksv_q").status_code == 303
    for _ in range(4):
        assert login(TestClient(app), "ksv_q", "doan-mat-khau-sai").status_code == 401
    assert login(TestClient(app), "ksv_q").status_code == 303


def test_twenty_failures_from_one_address_block_that_address(world, app):
    attacker = TestClient(app, client=("10.0.0.5", 40000))
    for number in range(20):
        assert login(attacker, f"doan-ten-{number}", "doan-mat-khau-sai").status_code == 401
    blocked = login(attacker, "ksv_p")
    assert blocked.status_code == 429
    assert "Máy này tạm bị chặn đăng nhập do nhập sai mật khẩu nhiều lần, thử lại sau 15 phút" in blocked.text
    assert login(TestClient(app, client=("10.0.0.6", 40000)), "ksv_p").status_code == 303
    assert audit_rows(world.archive, "login.throttled")[0].detail["by"] == "client"


def test_the_limit_holds_across_app_processes(world, settings):
    second = Archive(settings)  # another process: its own engine and app, the same database
    try:
        first_app, second_app = create_app(world.archive), create_app(second)
        for number in range(5):
            app = first_app if number % 2 else second_app
            assert login(TestClient(app), "ksv_r", "doan-mat-khau-sai").status_code == 401
        assert login(TestClient(first_app), "ksv_r").status_code == 429
        assert login(TestClient(second_app), "ksv_r").status_code == 429
    finally:
        second.close()


def test_a_stolen_session_cannot_guess_the_password_through_the_change_form(client_for):
    client = client_for("ksv_p2")
    for _ in range(5):
        response = client.post("/api/me/password", json={"old_password": "doan-sai", "new_password": NEW_PASSWORD})
        assert response.status_code == 422
    refused = client.post("/api/me/password", json={"old_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert refused.status_code == 429 and refused.json()["detail"] == LOCKED


# Password policy


@pytest.mark.parametrize(
    "password, username, full_name, problem",
    [
        ("ngan-qua", "canbo", "", "weak_password"),
        ("12345678901234", "canbo", "", "password_digits"),
        ("NguyenVanAnh", "nguyenvananh", "", "password_is_name"),
        ("Nguyễn Văn Anh", "nguyenvananh", "", "password_is_name"),
        ("nguyen.van.anh", "Nguyễn.Văn.Anh", "", "password_is_name"),
        ("tran thi hoa binh", "canbo_hb", "Trần Thị Hòa Bình", "password_is_name"),
        ("Password123", "canbo", "", "password_common"),
        ("qwertyuiop", "canbo", "", "password_common"),
        ("matkhau123", "canbo", "", "password_common"),
        ("Mật khẩu 123", "canbo", "", "password_common"),
        ("VienKiemSat123", "canbo", "", "password_common"),
        ("ho-so-vu-an-2024", "canbo", "", None),
        ("Bản án số 12/2024", "canbo", "", None),
    ],
)
def test_password_policy(password, username, full_name, problem):
    found = password_problem(password, username, full_name)
    assert (found[0] if found else None) == problem


def test_weak_passwords_are_refused_with_a_vietnamese_reason(client_for):
    admin = client_for("admin")
    cases = [
        ("12345678", "Mật khẩu quá ngắn (tối thiểu 10 ký tự)"),
        ("0123456789012", "Mật khẩu không được chỉ gồm chữ số"),
        ("can_bo_moi_1", "Mật khẩu không được trùng với tên đăng nhập hoặc họ tên"),
        ("iloveyou123", "Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác"),
    ]
    for password, reason in cases:
        response = admin.post(
            "/api/users", json={"username": "Can_Bo_Moi_1", "password": password, "role": "staff", "unit": "P"}
        )
        assert response.status_code == 422 and response.json()["detail"] == reason, password
    made = admin.post(
        "/api/users",
        json={
            "username": "can_bo_moi_1",
            "password": NEW_PASSWORD,
            "role": "staff",
            "unit": "P",
            "full_name": "Đỗ Thị Hoa",
        },
    )
    assert made.status_code == 201 and made.json()["unit"] == "P"
    assert audit_rows(admin.app.state.archive, "user.create")[-1].target == "user:can_bo_moi_1"


# HTTPS and headers


@pytest.fixture
def https_app(tmp_path, world):
    settings = Settings(home=world.archive.settings.home, https=True, workers=2)
    archive = Archive(settings)
    yield create_app(archive)
    archive.close()


def test_cookies_are_secure_and_hsts_is_sent_over_https(https_app, app):
    client = TestClient(https_app)
    page = client.get("/login")
    assert "secure" in page.headers["set-cookie"].lower()
    # A browser sends a Secure cookie back only over HTTPS; the test client is told to send it here.
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post(
        "/login",
        data={"username": "ksv_p", "password": PASSWORD, "csrf_token": token},
        headers={"Cookie": f"hoso_csrf={page.cookies['hoso_csrf']}"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    session_cookie = next(v for k, v in response.headers.multi_items() if k == "set-cookie" and "hoso_session" in v)
    assert "secure" in session_cookie.lower()
    assert response.headers["strict-transport-security"].startswith("max-age=")
    plain = login(TestClient(app), "ksv_q")
    assert "secure" not in plain.headers["set-cookie"].lower()
    assert "strict-transport-security" not in plain.headers


def test_a_proxys_word_on_https_counts_only_when_trusted(world):
    for trusted in (False, True):
        archive = Archive(Settings(home=world.archive.settings.home, trust_proxy=trusted, workers=2))
        try:
            client = TestClient(create_app(archive))
            page = client.get("/login", headers={"X-Forwarded-Proto": "https"})
            assert ("strict-transport-security" in page.headers) is trusted
            assert ("secure" in page.headers["set-cookie"].lower()) is trusted
        finally:
            archive.close()


def test_a_trusted_proxy_gives_the_client_address_for_throttling_and_audit(world):
    archive = Archive(Settings(home=world.archive.settings.home, trust_proxy=True, workers=2))
    try:
        client = TestClient(create_app(archive))
        page = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        client.post(
            "/login",
            data={"username": "ksv_p", "password": "sai-mat-khau-roi", "csrf_token": token},
            headers={"X-Forwarded-For": "203.0.113.9, 198.51.100.7"},
        )
    finally:
        archive.close()
    assert audit_rows(world.archive, "login.failed")[-1].client == "198.51.100.7"


def test_nosniff_on_json_html_and_static_responses(client_for, app):
    client = client_for("ksv_p")
    anonymous = TestClient(app)
    for response in (
        client.get("/api/me"),
        anonymous.get("/api/me"),
        client.get("/cases"),
        anonymous.get("/login"),
        anonymous.get("/static/app.css"),
        anonymous.get("/static/nothing-here.css"),
        anonymous.get("/cases", follow_redirects=False),
    ):
        assert response.headers.get("x-content-type-options") == "nosniff", response.url


# Audit


def test_every_account_action_leaves_its_row_and_the_chain_holds(world, client_for, app):
    admin = client_for("admin")
    login(TestClient(app), "ksv_q", "doan-mat-khau-sai")
    user = client_for("ksv_q")
    user.post("/logout")
    admin.post("/api/users", json={"username": "nguoi_moi", "password": NEW_PASSWORD, "role": "staff", "unit": "Q"})
    admin.patch("/api/users/nguoi_moi", json={"role": "prosecutor"})
    admin.patch("/api/users/nguoi_moi", json={"unit": "P"})
    admin.post("/api/users/nguoi_moi/password", json={"password": "mat-khau-moi-cap-lai"})
    admin.patch("/api/users/nguoi_moi", json={"active": False})
    admin.patch("/api/users/nguoi_moi", json={"active": True})
    made = admin.post("/api/tokens", json={"user": "nguoi_moi"}).json()
    admin.delete(f"/api/tokens/{made['id']}")
    admin.delete("/api/users/nguoi_moi/sessions")
    with world.archive.session() as s:
        rows = s.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
        actions = {(r.action, r.outcome) for r in rows}
        assert verify(s).ok
    for expected in [
        ("login", "ok"),
        ("login.failed", "failed"),
        ("logout", "ok"),
        ("user.create", "ok"),
        ("user.role", "ok"),
        ("user.unit", "ok"),
        ("password.reset", "ok"),
        ("user.disable", "ok"),
        ("user.enable", "ok"),
        ("token.create", "ok"),
        ("token.revoke", "ok"),
        ("session.revoke", "ok"),
    ]:
        assert expected in actions, expected
    signed_in = [r for r in rows if r.action == "login"]
    assert signed_in[0].actor == "admin" and signed_in[0].client == "testclient"
