"""While the province demo set loads in the background, every page says how far it has got, in Debian's headless
Chromium against a real server: the figures follow /api/health as the load moves on, in Vietnamese number
format, and the notice goes away by itself once the load is done.

Screenshots go where tests/e2e/test_workbench.py puts them (HOSO_SHOTS or test-artifacts/screenshots/).
"""

from __future__ import annotations

import pytest

from archive.cli.demo import write_progress
from tests.e2e.test_phone import menu_paths
from tests.e2e.test_workbench import Visit, browser, server  # noqa: F401  (pytest fixtures)

pytestmark = pytest.mark.browser
WAIT_MS = 10_000  # the page asks every 3 s


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_every_page_shows_the_demo_load_until_it_is_done(server, browser, size):  # noqa: F811
    base, archive = server["url"], server["archive"]
    write_progress(archive, "processing", 12, 40)
    signed_out = Visit(browser, base, size)
    signed_out.page.goto(base + "/login")
    banner = signed_out.page.locator("#demo-banner")
    banner.wait_for(state="visible")
    assert banner.inner_text() == "Đang nạp dữ liệu mẫu: 12/40 hồ sơ…"
    signed_out.close()

    visit = Visit(browser, base, size, "staff_p")
    page = visit.page
    paths = menu_paths(page)
    assert len(paths) >= 3
    for path in ["/", *paths]:
        page.goto(base + path)
        page.locator("#demo-banner").wait_for(state="visible")
        assert page.locator("#demo-banner").inner_text() == "Đang nạp dữ liệu mẫu: 12/40 hồ sơ…", path
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    visit.shot("demo-banner")

    from playwright.sync_api import expect

    banner = page.locator("#demo-banner")
    write_progress(archive, "processing", 1234, 1500)
    expect(banner).to_have_text("Đang nạp dữ liệu mẫu: 1.234/1.500 hồ sơ…", timeout=WAIT_MS)
    write_progress(archive, "finishing", 1500, 1500)
    expect(banner).to_contain_text("ký duyệt báo cáo", timeout=WAIT_MS)
    write_progress(archive, "done", 1500, 1500)
    expect(banner).to_be_hidden(timeout=WAIT_MS)
    page.goto(base + "/cases")
    page.wait_for_load_state("networkidle")
    assert not page.locator("#demo-banner").is_visible()
    assert not visit.errors, visit.errors
    assert visit.hosts == {base.removeprefix("http://")}
    visit.close()


def test_no_notice_without_a_demo_load(server, browser):  # noqa: F811
    base = server["url"]
    visit = Visit(browser, base, "desktop", "staff_p")
    visit.page.goto(base + "/cases")
    visit.page.wait_for_load_state("networkidle")
    assert not visit.page.locator("#demo-banner").is_visible()
    visit.close()
