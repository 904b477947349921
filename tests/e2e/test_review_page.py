"""The review of one upload in Debian's headless Chromium against a real server: staff open it from the queue,
see why it waits and the words each field was read from boxed on the page, correct a field with the keyboard
(Enter saves; a bad date is refused with its reason and what was typed stays), choose the case, and press N for
the next document of the queue. A prosecutor is refused the page in Vietnamese.

Screenshots go where tests/e2e/test_workbench.py puts them (HOSO_SHOTS or test-artifacts/screenshots/).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from archive.records.models import Case, Unit
from tests.e2e.test_workbench import Visit, browser, server  # noqa: F401  (pytest fixtures)
from tests.samples import MULTI_DOCUMENT_TIFF, SAMPLES, processed_upload, read_pages

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Python playwright is not installed").expect
SINGLE = SAMPLES / "qd_khoi_to_bi_can_clean.png"


@pytest.fixture
def uploads(server, multi_document_pages):  # noqa: F811
    """Two uploads filed under unit P with no case named: the linker is not sure, so both wait for a person; the
    scan's accused is named in the titles of two cases, its two candidates."""
    archive = server["archive"]
    with archive.transaction() as session:
        unit = session.scalar(select(Unit).where(Unit.code == "P"))
        session.add_all(
            [
                Case(code="HS-P-7", unit_id=unit.id, kind="HS", title="Vụ tham ô tài sản, bị can Nghiêm Thu Yến"),
                Case(code="HS-P-8", unit_id=unit.id, kind="HS", title="Vụ Nghiêm Thu Yến lạm quyền"),
            ]
        )
    scan = processed_upload(archive, MULTI_DOCUMENT_TIFF, multi_document_pages, unit="P")
    single = processed_upload(archive, SINGLE, read_pages(SINGLE), unit="P")
    return scan, single


def part_of(page, base, document_id, position):
    data = page.request.get(f"{base}/api/review/{document_id}?part={position}").json()
    return data["part"], data


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_staff_review_a_document_by_keyboard_and_go_to_the_next(server, browser, uploads, size):  # noqa: F811
    base = server["url"]
    scan, single = uploads
    visit = Visit(browser, base, size, "staff_p")
    page = visit.page
    page.goto(base + "/review")
    page.locator(f'a[href="/review/{scan}"]').first.click()
    page.wait_for_url(f"{base}/review/{scan}")
    page.wait_for_selector("#fields-form:not(.hidden)")
    assert "Chưa chắc chắn về vụ án" in page.locator("#reasons").inner_text()
    visit.shot("kiem-tra-tai-lieu")

    # The third document of the scan: its number's words are boxed on its page.
    page.locator("#part-tabs button").nth(2).click()
    expect(page.locator("#f-number")).to_have_value("318/QĐ-CSĐT")
    assert "đọc từ trang 3" in page.locator('[data-seen="number"]').inner_text()
    page.focus("#f-number")
    page.wait_for_selector("#canvas .hl.focus")
    assert page.locator("#page-label").inner_text() == "Trang 3/3"
    visit.shot("kiem-tra-tu-duoc-doc")

    # A bad date is refused with its reason; what was typed stays.
    page.fill("#f-date", "31/02/2024")
    page.press("#f-date", "Enter")
    page.wait_for_selector('[data-error="date"]:not(:empty)')
    assert "không có trong lịch" in page.locator('[data-error="date"]').inner_text()
    assert page.input_value("#f-date") == "31/02/2024"
    visit.shot("kiem-tra-loi-ngay")

    # Corrected by keyboard: the number and the date, Enter saves.
    page.fill("#f-number", "")
    page.focus("#f-number")
    page.keyboard.type("319/QĐ-CSĐT")
    page.fill("#f-date", "05/03/2024")
    page.keyboard.press("Enter")
    expect(page.locator(".toast", has_text="Đã lưu")).to_be_visible()
    part, _ = part_of(page, base, scan, 3)
    assert (part["number"], part["date"], part["confirmed"]) == ("319/QĐ-CSĐT", "2024-03-05", True)
    assert page.input_value("#f-number") == "319/QĐ-CSĐT"

    # A candidate chosen with its number key, with its evidence shown; Enter saves.
    assert page.locator("#candidates .candidate").count() == 2
    assert "Nghiêm Thu Yến" in page.locator("#candidates").inner_text()
    page.evaluate("() => { document.activeElement.blur(); document.getElementById('toasts').replaceChildren(); }")
    page.keyboard.press("2")
    chosen = page.locator("#candidates .candidate").nth(1).get_attribute("data-case")
    assert page.locator("#candidates .candidate").nth(1).get_attribute("aria-pressed") == "true"
    assert chosen in page.locator("#case-chosen").inner_text()
    page.locator("#case-panel").scroll_into_view_if_needed()
    visit.shot("kiem-tra-goi-y-vu-an")
    page.keyboard.press("Enter")
    expect(page.locator(".toast", has_text="Đã lưu")).to_be_visible()
    assert part_of(page, base, scan, 3)[0]["case"] == chosen

    # The case chosen from the look-up, then saved; N opens the next document of the queue.
    page.locator("#part-tabs button").nth(0).click()
    expect(page.locator('#part-tabs button[aria-current="true"]')).to_contain_text("Phần 1/3")
    page.fill("#case-other", "lua dao")
    page.wait_for_selector("#case-other-list li")
    page.press("#case-other", "ArrowDown")
    page.press("#case-other", "Enter")
    assert "HS-P-1" in page.locator("#case-chosen").inner_text()
    page.press("#case-other", "Escape")
    page.evaluate("() => document.getElementById('toasts').replaceChildren()")
    page.focus("#f-issuer")
    page.keyboard.press("Enter")
    expect(page.locator(".toast", has_text="Đã lưu")).to_be_visible()
    part, _ = part_of(page, base, scan, 1)
    assert part["case"] == "HS-P-1" and part["link"] == "manual"

    page.locator("#next-doc").focus()
    page.locator("#next-doc").evaluate("b => b.blur()")
    page.keyboard.press("n")
    page.wait_for_url(f"{base}/review/{single}")
    page.wait_for_selector("#fields-form:not(.hidden)")
    # The refused date is the only failed request (Chromium logs it); no script error, no other host.
    assert [e for e in visit.errors if "status of 422" not in e] == [] and visit.hosts == {base.split("//")[1]}
    visit.close()


def test_a_prosecutor_is_refused_the_review_page_in_vietnamese(server, browser, uploads):  # noqa: F811
    base = server["url"]
    scan, _ = uploads
    visit = Visit(browser, base, "desktop", "ksv_p")
    response = visit.page.goto(f"{base}/review/{scan}")
    assert response.status == 403
    text = visit.page.locator("main").inner_text()
    assert "Vai trò của bạn không được" in text and "{" not in text
    visit.shot("kiem-tra-kiem-sat-vien")
    visit.close()
