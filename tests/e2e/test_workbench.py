"""What a person sees on the exhibit, presentation, error and API documentation pages, in Debian's headless
Chromium against a real server: the number of exhibits of a set; presenting as a rehearsal that records
nothing and shows only the exhibit, recording the hearing after a confirmation and taking it back;
Vietnamese error pages instead of raw JSON (never an exception's text); /docs from the app's own assets.

Screenshots at a desktop and a phone size go to test-artifacts/screenshots/ (git-ignored); set
HOSO_SHOTS to a folder to write them there instead.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from argon2 import PasswordHasher

from tests.e2e.test_browser import CHROMIUM, CHROMIUM_ARGS
from tests.web.conftest import PASSWORD, build_world

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("HOSO_SHOTS") or Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots")
SIZES = {"desktop": {"width": 1400, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def server(archive, monkeypatch):
    """The app without workers on a free localhost port, over the small world of tests/web (units P, R, Q;
    prosecutors ksv_p and ksv_p2 of P, staff_p; one processed page per case)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is missing: install it with `apt-get install chromium`")
    pytest.importorskip("playwright.sync_api", reason="Python playwright is not installed (pip install -e .[dev])")
    import archive.trust.accounts as accounts
    from web.app import create_app

    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    world = build_world(archive)
    app = create_app(archive)

    @app.get("/cases-broken", include_in_schema=False)
    def broken():
        raise RuntimeError("sqlite3.OperationalError: database is locked at /srv/hoso/secret.db")

    with serving(app) as url:
        yield {"url": url, "archive": archive, "world": world}


@contextmanager
def serving(app):
    """The app served by uvicorn in a thread on a free localhost port; yields its base URL."""
    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical", lifespan="off"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(timeout=30)


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


class Visit:
    """A browser context at one size, signed in or not, that notes console errors and every host asked."""

    def __init__(
        self, browser, base: str, size: str = "desktop", username: str | None = None, password: str = PASSWORD
    ):
        self.base = base
        self.context = browser.new_context(viewport=SIZES[size], locale="vi-VN")
        self.page = self.context.new_page()
        self.page.set_default_timeout(20_000)
        self.size = size
        self.errors: list[str] = []
        self.hosts: set[str] = set()
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("request", lambda request: self.hosts.add(urlsplit(request.url).netloc))
        if username:
            self.page.goto(base + "/login")
            self.page.fill("#username", username)
            self.page.fill("#password", password)
            self.page.click("button[type=submit]")
            self.page.wait_for_load_state()

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}-{self.size}.png"))

    def close(self) -> None:
        self.context.close()


def make_set(page, base: str, world, items: int, hearing_on: str | None = "2024-05-02") -> int:
    """An exhibit set of case HS-P-1 with `items` exhibits, made through the API as the signed-in person: the
    page, then regions of it (a set holds a page only once)."""
    csrf = page.locator('meta[name="csrf-token"]').get_attribute("content")
    headers = {"X-CSRF-Token": csrf}
    created = page.request.post(
        base + "/api/exhibit-sets",
        headers=headers,
        data={"case": "HS-P-1", "title": "Phiên tòa sơ thẩm vụ lừa đảo", "hearing_on": hearing_on},
    )
    assert created.status == 201, created.text()
    set_id = created.json()["id"]
    for n in range(items):
        added = page.request.post(
            f"{base}/api/exhibit-sets/{set_id}/items",
            headers=headers,
            data={
                "document_id": world.docs["P"],
                "page": 1,
                "region": [0, 0, 400, 560 - 20 * n] if n else None,
                "caption": f"Cáo trạng, đoạn {n + 1}",
                "highlights": [[40, 40, 200, 60]],
            },
        )
        assert added.status == 201, added.text()
    return set_id


@pytest.mark.parametrize("size", SIZES)
def test_exhibit_lists_show_how_many_exhibits(server, browser, size):
    base, world = server["url"], server["world"]
    visit = Visit(browser, base, size, "ksv_p")
    page = visit.page
    make_set(page, base, world, items=3)
    page.goto(base + "/exhibits")
    row = page.locator("tbody tr").first
    cells = row.locator("td")
    assert cells.nth(3).inner_text().strip() == "3"
    assert "built-in method" not in page.content()
    visit.shot("bo-chung-cu-danh-sach")
    page.goto(base + "/cases/HS-P-1")
    listed = page.locator("li", has_text="Phiên tòa sơ thẩm vụ lừa đảo")
    assert "3 chứng cứ" in listed.inner_text()
    assert "built-in method" not in page.content()
    visit.shot("ho-so-vu-an-bo-chung-cu")
    assert visit.errors == []
    visit.close()


def test_an_empty_set_offers_no_presentation(server, browser):
    base, world = server["url"], server["world"]
    visit = Visit(browser, base, "desktop", "ksv_p")
    make_set(visit.page, base, world, items=0)
    visit.page.goto(base + "/exhibits")
    row = visit.page.locator("tbody tr").first
    assert row.locator("td").nth(3).inner_text().strip() == "0"
    assert row.get_by_role("link", name="Trình chiếu").count() == 0
    visit.close()


@pytest.mark.parametrize("size", SIZES)
def test_errors_are_vietnamese_pages(server, browser, size):
    base = server["url"]
    visit = Visit(browser, base, size, "staff_p")
    page = visit.page
    # A page of another role: the refusal as a page, not {"detail": ...}.
    response = page.goto(base + "/users")
    assert response.status == 403
    assert response.headers["content-type"].startswith("text/html")
    assert page.locator("h1").inner_text() == "Có lỗi xảy ra"
    assert "Vai trò của bạn không được thực hiện thao tác này" in page.locator("[role=alert]").inner_text()
    assert "detail" not in page.locator("body").inner_text()
    assert page.get_by_role("link", name="Về trang chủ").count() == 1
    visit.shot("loi-khong-co-quyen")
    # Nothing there.
    response = page.goto(base + "/exhibits/999999")
    assert response.status == 404
    assert "Không tìm thấy" in page.locator("[role=alert]").inner_text()
    visit.shot("loi-khong-tim-thay")
    # The server failing: a sentence, never the exception's text.
    response = page.goto(base + "/cases-broken")
    assert response.status == 500
    text = page.locator("body").inner_text()
    assert "Máy chủ gặp sự cố" in text
    assert "OperationalError" not in text and "secret.db" not in text and "Traceback" not in text
    assert "default-src 'self'" in response.headers["content-security-policy"]
    visit.shot("loi-may-chu")
    # The API keeps answering JSON.
    api = page.request.get(base + "/api/audit")
    assert api.status == 403 and api.json()["detail"] == "Vai trò của bạn không được thực hiện thao tác này"
    api = page.request.get(base + "/cases-broken", headers={"Accept": "application/json"})
    assert api.status == 500 and "OperationalError" not in api.text() and api.json()["detail"].startswith("Máy chủ")
    visit.close()


@pytest.mark.parametrize("size", SIZES)
def test_api_docs_render_from_the_app_itself(server, browser, size):
    base = server["url"]
    visit = Visit(browser, base, size)
    page = visit.page
    response = page.goto(base + "/docs")
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() >= 20
    assert page.locator(".opblock-summary-path", has_text="/api/exhibit-sets/{set_id}/presentations").count() >= 1
    page.locator(".opblock").first.click()
    page.locator(".opblock-body").first.wait_for()
    visit.shot("tai-lieu-api")
    assert visit.errors == []
    assert visit.hosts == {urlsplit(base).netloc}
    visit.close()


@pytest.mark.parametrize("size", SIZES)
def test_presenting_is_a_rehearsal_and_recording_is_confirmed_and_undoable(server, browser, size):
    from sqlalchemy import select

    from archive.records.models import AuditEvent, Hearing, Presentation

    base, world, archive = server["url"], server["world"], server["archive"]

    def recorded():
        with archive.session() as s:
            return (
                [(h.held_on.isoformat(), h.digital_evidence, h.source) for h in s.scalars(select(Hearing))],
                len(s.scalars(select(Presentation)).all()),
            )

    visit = Visit(browser, base, size, "ksv_p")
    page = visit.page
    set_id = make_set(page, base, world, items=2)
    page.goto(f"{base}/exhibits/{set_id}/present")
    page.locator("#start-button:not([disabled])").wait_for()
    assert page.locator("#rehearsal-note").is_visible()
    visit.shot("trinh-chieu-san-sang")

    # Presenting, on the courtroom screen: the exhibit and its label, nothing else, and nothing recorded.
    page.click("#start-button")
    page.locator("#stage .hl").first.wait_for()
    assert page.locator("#caption-label").inner_text() == "Chứng cứ số 1"
    page.keyboard.press("ArrowRight")
    assert page.locator("#caption-label").inner_text() == "Chứng cứ số 2"
    assert page.locator("#toasts, .toast").count() == 0
    assert not page.locator("#start").is_visible() and not page.locator("#record").is_visible()
    visible = page.evaluate("""() => [...document.body.querySelectorAll('*')].filter((e) => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'
          && !e.closest('#stage') && !e.closest('#caption') && !['MAIN', 'SCRIPT'].includes(e.tagName);
      }).map((e) => e.id || e.tagName)""")
    assert visible == []
    visit.shot("trinh-chieu-phong-xu")
    page.keyboard.press("Escape")
    page.locator("#start").wait_for()
    assert recorded() == ([], 0)

    # Recording asks first, with the set's hearing date; cancelling records nothing.
    assert page.locator("#record-date").input_value() == "2024-05-02"
    page.click("#record-button")
    dialog = page.locator("#record-dialog")
    dialog.wait_for()
    question = page.locator("#record-question").inner_text()
    assert "02/05/2024" in question and "HS-P-1" in question
    visit.shot("ghi-nhan-xac-nhan")
    page.click("#record-cancel")
    assert not dialog.is_visible()
    assert recorded() == ([], 0)
    page.click("#record-button")
    page.click("#record-confirm")
    page.get_by_text("Đã ghi nhận phiên tòa ngày 02/05/2024 có sử dụng chứng cứ số").wait_for()
    assert "Phiên tòa ngày 02/05/2024 — ghi nhận bởi ksv_p" in page.locator("#records").inner_text()
    assert recorded() == ([("2024-05-02", True, "exhibit")], 1)
    visit.shot("ghi-nhan-da-ghi")

    # Another prosecutor of the unit sees the record but cannot take it back.
    other = Visit(browser, base, size, "ksv_p2")
    other.page.goto(f"{base}/exhibits/{set_id}/present")
    other.page.locator("#records li").first.wait_for()
    assert other.page.locator("#records button").count() == 0
    csrf = other.page.locator('meta[name="csrf-token"]').get_attribute("content")
    with archive.session() as s:
        presentation = s.scalar(select(Presentation.id))
    refused = other.page.request.delete(
        f"{base}/api/exhibit-sets/{set_id}/presentations/{presentation}", headers={"X-CSRF-Token": csrf}
    )
    assert refused.status == 403 and "Chỉ người đã ghi nhận" in refused.json()["detail"]
    other.close()
    assert recorded() == ([("2024-05-02", True, "exhibit")], 1)

    # Its author takes it back: the hearing it created goes with it, and the trail says so.
    page.locator("#records button", has_text="Hủy ghi nhận").click()
    page.get_by_text("Đã hủy ghi nhận phiên tòa ngày 02/05/2024").wait_for()
    assert page.locator("#records li").count() == 0
    assert recorded() == ([], 0)
    with archive.session() as s:
        undo_rows = [
            (e.actor, e.outcome)
            for e in s.scalars(
                select(AuditEvent).where(AuditEvent.action == "exhibit_set.present_undo").order_by(AuditEvent.id)
            )
        ]
    assert undo_rows == [("ksv_p2", "refused"), ("ksv_p", "ok")]
    assert visit.errors == []
    visit.close()


def test_recording_defaults_to_today_without_a_hearing_date(server, browser):
    import datetime as dt

    base, world = server["url"], server["world"]
    visit = Visit(browser, base, "desktop", "ksv_p")
    set_id = make_set(visit.page, base, world, items=1, hearing_on=None)
    visit.page.goto(f"{base}/exhibits/{set_id}/present")
    visit.page.locator("#start-button:not([disabled])").wait_for()
    assert visit.page.locator("#record-date").input_value() == dt.date.today().isoformat()
    visit.close()
