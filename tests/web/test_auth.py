"""Sign-in, sessions, CSRF and bearer tokens."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from archive.records.models import User
from archive.trust.accounts import create_token, hash_password, verify_password
from tests.web.conftest import PASSWORD, login


def test_passwords_are_hashed_with_argon2(world):
    with world.archive.session() as s:
        user = s.scalar(select(User).where(User.username == "ksv_p"))
        assert user.password_hash.startswith("$argon2")
        assert PASSWORD not in user.password_hash
    assert verify_password(hash_password("Mật khẩu"), "Mật khẩu")
    assert not verify_password(hash_password("Mật khẩu"), "mat khau")


def test_login_sets_httponly_samesite_cookie_and_opens_pages(app):
    client = TestClient(app)
    response = login(client, "ksv_p")
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert "hoso_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    me = client.get("/api/me").json()
    assert me == {
        "username": "ksv_p",
        "full_name": "Nguyễn ksv_p",
        "role": "prosecutor",
        "unit": "P",
        "unit_name": "VKSND tỉnh Phú Thọ",
        "via": "session",
    }
    page = client.get("/search")
    assert page.status_code == 200 and "Tìm kiếm" in page.text


def test_wrong_password_is_refused(app):
    client = TestClient(app)
    response = login(client, "ksv_p", "sai-mat-khau")
    assert response.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.text
    assert "hoso_session" not in response.headers.get("set-cookie", "")
    assert client.get("/api/me").status_code == 401


def test_unknown_user_is_refused_the_same_way(app):
    response = login(TestClient(app), "khong-co", PASSWORD)
    assert response.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.text


def test_pages_redirect_to_sign_in_and_api_answers_401(app):
    client = TestClient(app)
    response = client.get("/cases/HS-P-1", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/cases/HS-P-1"
    assert client.get("/api/documents").status_code == 401
    assert client.get("/api/search", params={"q": "cao trang"}).status_code == 401


def test_login_form_without_csrf_token_is_rejected(app):
    client = TestClient(app)
    client.get("/login")
    response = client.post("/login", data={"username": "ksv_p", "password": PASSWORD, "csrf_token": "forged"})
    assert response.status_code == 403
    assert "hoso_session" not in response.headers.get("set-cookie", "")


def test_state_changing_requests_need_the_csrf_token(client_for):
    client = client_for("ksv_p")
    token = client.headers.pop("X-CSRF-Token")
    body = {"case": "HS-P-1", "title": "Bộ chứng cứ", "hearing_on": "2024-05-02"}
    rejected = client.post("/api/exhibit-sets", json=body)
    assert rejected.status_code == 403
    assert "giả mạo" in rejected.json()["detail"]
    wrong = client.post("/api/exhibit-sets", json=body, headers={"X-CSRF-Token": token[:-2] + "xx"})
    assert wrong.status_code == 403
    accepted = client.post("/api/exhibit-sets", json=body, headers={"X-CSRF-Token": token})
    assert accepted.status_code == 201


def test_logout_form_needs_csrf_and_ends_the_session(client_for):
    client = client_for("ksv_p")
    token = client.headers.pop("X-CSRF-Token")
    assert client.post("/logout", data={}, follow_redirects=False).status_code == 403
    response = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    assert client.get("/api/me").status_code == 401


def test_bearer_token_works_without_csrf_and_is_stored_hashed(world, app):
    with world.archive.transaction() as s:
        user = s.scalar(select(User).where(User.username == "staff_p"))
        token = create_token(s, user, "máy quét")
    with world.archive.session() as s:
        from archive.records.models import ApiToken

        stored = s.scalars(select(ApiToken.token_sha256)).all()
        assert token not in stored and len(stored[0]) == 64
    client = TestClient(app)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/me", headers=headers).json()["via"] == "token"
    patched = client.patch(f"/api/documents/{world.docs['P']}", json={"type": "ban_an"}, headers=headers)
    assert patched.status_code == 200 and patched.json()["type"] == "ban_an"
    assert client.get("/api/me", headers={"Authorization": "Bearer hoso_wrong"}).status_code == 401


def test_changing_the_password_ends_existing_sessions(world, client_for):
    client = client_for("ksv_p")
    assert client.get("/api/me").status_code == 200
    with world.archive.transaction() as s:
        s.scalar(select(User).where(User.username == "ksv_p")).password_hash = hash_password("mat-khau-moi-123")
    assert client.get("/api/me").status_code == 401


def test_tampered_session_cookie_is_ignored(app):
    client = TestClient(app)
    login(client, "ksv_q")
    value = client.cookies.get("hoso_session")
    body, mac = value.split(".")
    client.cookies.set("hoso_session", body[:-1] + ("A" if body[-1] != "A" else "B") + "." + mac)
    assert client.get("/api/me").status_code == 401


def test_roles_limit_actions(client_for, world):
    prosecutor = client_for("ksv_p")
    files = {"files": ("a.png", b"\x89PNG\r\n\x1a\n", "image/png")}
    assert prosecutor.post("/api/documents", files=files).status_code == 403
    assert prosecutor.get("/upload").status_code == 403
    statistician = client_for("tk_p")
    response = statistician.post("/api/exhibit-sets", json={"case": "HS-P-1", "title": "x"})
    assert response.status_code == 403


def test_admin_creates_users_through_the_form(client_for):
    admin = client_for("admin")
    page = admin.get("/users")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = admin.post(
        "/users",
        data={
            "csrf_token": token,
            "username": "can_bo_moi",
            "full_name": "Đỗ Thị Hoa",
            "role": "staff",
            "unit": "R",
            "password": "mat-khau-dai-hon",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "can_bo_moi" in admin.get("/users").text
    refused = admin.post(
        "/users", data={"csrf_token": token, "username": "x", "role": "staff", "unit": "R", "password": "ngan"}
    )
    assert refused.status_code == 422 and "Mật khẩu quá ngắn" in refused.text
