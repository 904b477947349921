"""In Debian's headless Chromium against a real server: an administrator editing, moving and locking an account
(a refused form keeps what was typed); the case field of the upload page found by typing without accents and
chosen with the keyboard alone; the case list's filter opening a case from its suggestions; an exhibit set
renamed in place, the same page refused a second time from the viewer, and a region's thumbnail being the crop.

Screenshots at both sizes go where tests/e2e/test_workbench.py puts them (HOSO_SHOTS to choose the folder).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.e2e.test_workbench import SIZES, Visit, browser, server  # noqa: F401  (pytest fixtures)

pytestmark = pytest.mark.browser


def name_people(archive, world, case_code: str, document_key: str, *people) -> None:
    from archive.records.models import Case, DocumentPart

    with archive.transaction() as s:
        case = s.scalar(select(Case).where(Case.code == case_code))
        s.add(
            DocumentPart(
                document_id=world.docs[document_key],
                first_page=1,
                last_page=1,
                case_id=case.id,
                fields={"people": [{"name": name, "role": role} for name, role in people]},
            )
        )


def account(archive, username: str) -> tuple:
    from archive.records.models import User

    with archive.session() as s:
        user = s.scalar(select(User).where(User.username == username))
        return user.full_name, user.role, user.unit.code if user.unit else None, user.active


@pytest.mark.parametrize("size", SIZES)
def test_admin_edits_moves_and_locks_an_account(server, browser, size):  # noqa: F811
    base, archive = server["url"], server["archive"]
    victim = Visit(browser, base, size, "ksv_p")
    visit = Visit(browser, base, size, "admin")
    page = visit.page
    page.goto(base + "/users")
    visit.shot("tai-khoan-danh-sach")
    page.get_by_role("link", name="Sửa tài khoản ksv_p", exact=True).click()
    panel = page.locator("#edit")
    panel.wait_for()
    assert page.locator("#edit-full-name").input_value() == "Nguyễn ksv_p"

    # A staff member with no unit: refused, and the form still holds what was typed and chosen.
    page.fill("#edit-full-name", "Nguyễn Văn Kiểm")
    page.select_option("#edit-role", "staff")
    page.select_option("#edit-unit", "")
    page.click("#edit-form button[type=submit]")
    alert = page.locator("#edit-form [role=alert]")
    alert.wait_for()
    assert "Tài khoản phải thuộc một đơn vị" in alert.inner_text()
    assert "Tài khoản phải thuộc một đơn vị" in page.locator("#edit-unit-error").inner_text()
    assert page.locator("#edit-full-name").input_value() == "Nguyễn Văn Kiểm"
    assert page.locator("#edit-role").input_value() == "staff"
    assert page.locator("#edit-unit").get_attribute("aria-invalid") == "true"
    visit.shot("tai-khoan-sua-loi")
    assert account(archive, "ksv_p") == ("Nguyễn ksv_p", "prosecutor", "P", True)

    page.select_option("#edit-unit", "R")
    page.click("#edit-form button[type=submit]")
    done = page.locator("p.ok[role=status]")
    done.wait_for()
    assert "Đã lưu thay đổi của tài khoản ksv_p" in done.inner_text()
    assert "chấm dứt" in done.inner_text()
    assert account(archive, "ksv_p") == ("Nguyễn Văn Kiểm", "staff", "R", True)
    row = page.locator('table.users tr[data-user="ksv_p"]')
    assert "Cán bộ số hóa" in row.inner_text() and "staff" not in row.inner_text()
    # The person's open session ended with the change.
    victim.page.reload()
    assert "/login" in victim.page.url

    # Locking, from the edit panel.
    page.get_by_role("link", name="Sửa tài khoản ksv_p", exact=True).click()
    page.locator("#lock-form button[type=submit]").click()
    page.get_by_text("Đã khóa tài khoản ksv_p").wait_for()
    assert account(archive, "ksv_p")[3] is False
    assert "Đã khóa" in page.locator('table.users tr[data-user="ksv_p"]').inner_text()
    # One's own row offers no lock, and one's own panel says why.
    own = page.locator('table.users tr[data-user="admin"]')
    assert own.get_by_role("button", name="Khóa").count() == 0
    own.get_by_role("link", name="Sửa").click()
    assert page.locator("#lock-form button[type=submit]").is_disabled()
    visit.shot("tai-khoan-sua")
    # The refused form was answered 422, which the browser notes; nothing else went wrong.
    assert [e for e in visit.errors if "422" not in e] == [] and victim.errors == []
    victim.close()
    visit.close()


def test_a_bad_new_user_name_keeps_the_form(server, browser):  # noqa: F811
    base = server["url"]
    visit = Visit(browser, base, "desktop", "admin")
    page = visit.page
    page.goto(base + "/users")
    page.locator("#create summary").click()
    page.fill("#new-username", "bad user!")
    page.fill("#new-full-name", "Đỗ Thị Hoa")
    page.select_option("#new-role", "prosecutor")
    page.select_option("#new-unit", "R")
    page.fill("#new-password", "mot-mat-khau-moi-dai")
    page.click("#create-form button[type=submit]")
    page.locator("#new-username-error").wait_for()
    assert "chữ thường không dấu" in page.locator("#new-username-error").inner_text()
    assert page.locator("#new-username").input_value() == "bad user!"
    assert page.locator("#new-full-name").input_value() == "Đỗ Thị Hoa"
    assert page.locator("#new-role").input_value() == "prosecutor"
    assert page.locator("#new-unit").input_value() == "R"
    assert page.locator("#create").get_attribute("open") is not None
    visit.shot("tai-khoan-them-loi")
    visit.close()


@pytest.mark.parametrize("size", SIZES)
def test_upload_case_found_without_accents_and_chosen_by_keyboard(server, browser, size):  # noqa: F811
    base, archive, world = server["url"], server["archive"], server["world"]
    name_people(archive, world, "HS-P-1", "P", ("Nguyễn Văn Nghiêm", "bị can"))
    visit = Visit(browser, base, size, "staff_p")
    page = visit.page
    page.goto(base + "/upload")
    field = page.locator("#case-input")
    field.click()
    field.press_sequentially("nghiem", delay=20)
    options = page.locator("#case-input-list [role=option]")
    options.first.wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    assert options.count() == 1
    assert "HS-P-1" in options.first.inner_text() and "Bị can: Nguyễn Văn Nghiêm" in options.first.inner_text()
    field.press("ArrowDown")
    assert options.first.get_attribute("aria-selected") == "true"
    assert field.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    marked = options.first.evaluate("(e) => [getComputedStyle(e).outlineStyle, getComputedStyle(e).backgroundColor]")
    assert marked[0] != "none" and marked[1] not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    visit.shot("tai-len-chon-vu-an")
    field.press("Enter")
    assert field.input_value() == "HS-P-1"
    assert field.get_attribute("aria-expanded") == "false"
    assert not page.locator("#case-input-list").is_visible()
    assert page.evaluate("document.activeElement.id") == "case-input"

    # Escape closes the list and keeps the text; the arrows open it again.
    field.fill("")
    field.press_sequentially("lua dao", delay=20)
    options.first.wait_for()
    field.press("Escape")
    assert not page.locator("#case-input-list").is_visible() and field.input_value() == "lua dao"
    field.press("ArrowDown")
    assert page.locator("#case-input-list").is_visible()
    assert options.first.get_attribute("aria-selected") == "true"
    # Nothing of another unit is ever suggested.
    field.fill("")
    field.press_sequentially("co y gay thuong tich", delay=10)
    page.locator("#case-input-list .lookup-empty").wait_for()
    assert page.locator("#case-input-list").inner_text().strip() == "Không tìm thấy vụ án nào khớp"
    assert visit.errors == []
    visit.close()


@pytest.mark.parametrize("size", SIZES)
def test_case_list_filter_opens_a_case_from_its_suggestions(server, browser, size):  # noqa: F811
    base = server["url"]
    visit = Visit(browser, base, size, "ksv_p")
    page = visit.page
    page.goto(base + "/cases")
    field = page.locator("#case-filter")
    field.press_sequentially("trom cap", delay=20)
    option = page.locator("#case-filter-list [role=option]").first
    option.wait_for()
    visit.shot("vu-an-loc-goi-y")
    field.press("ArrowDown")
    with page.expect_navigation():
        field.press("Enter")
    assert page.url.endswith("/cases/HS-R-1")
    # Without picking, the filter itself matches without accents.
    page.goto(base + "/cases?q=lua+dao")
    assert page.locator("tbody tr").count() == 1 and "HS-P-1" in page.locator("tbody").inner_text()
    visit.shot("vu-an-loc")
    assert visit.errors == []
    visit.close()


@pytest.mark.parametrize("size", SIZES)
def test_exhibit_set_rename_duplicates_and_region_thumbnail(server, browser, size):  # noqa: F811
    base, world = server["url"], server["world"]
    visit = Visit(browser, base, size, "ksv_p")
    page = visit.page
    page.goto(base + "/exhibits")
    csrf = page.locator('meta[name="csrf-token"]').get_attribute("content")
    headers = {"X-CSRF-Token": csrf}
    created = page.request.post(
        base + "/api/exhibit-sets",
        headers=headers,
        data={"case": "HS-P-1", "title": "Phiên sơ thẩm", "hearing_on": "2024-05-02"},
    )
    set_id = created.json()["id"]
    region = [40, 40, 360, 120]
    added = page.request.post(
        f"{base}/api/exhibit-sets/{set_id}/items",
        headers=headers,
        data={"document_id": world.docs["P"], "page": 1, "region": region, "caption": "Đoạn cáo trạng"},
    )
    assert added.status == 201

    # The same page twice, from the viewer: added once, refused the second time with the reason.
    page.goto(f"{base}/documents/{world.docs['P']}")
    page.locator(f"#set-select option[value='{set_id}']").wait_for(state="attached")
    page.select_option("#set-select", str(set_id))
    page.click("#add-page")
    page.get_by_text("Đã thêm vào bộ chứng cứ: Chứng cứ số 2").wait_for()
    page.click("#add-page")
    refusal = page.locator(".toast.bad")
    refusal.wait_for()
    assert "Trang này đã có trong bộ chứng cứ (Chứng cứ số 2)" in refusal.inner_text()
    visit.shot("xem-tai-lieu-trang-trung")

    page.goto(f"{base}/exhibits/{set_id}")
    items = page.locator("#items li.item")
    items.nth(1).wait_for()
    assert items.count() == 2
    # The region's thumbnail is the crop: its shape is the region's, not the page's.
    crop = items.nth(0).locator("img")
    crop.evaluate("(img) => img.complete || new Promise((ok) => img.addEventListener('load', ok))")
    width, height = crop.evaluate("(img) => [img.naturalWidth, img.naturalHeight]")
    assert abs(width / height - (region[2] - region[0]) / (region[3] - region[1])) < 0.1
    whole = items.nth(1).locator("img")
    whole.evaluate("(img) => img.complete || new Promise((ok) => img.addEventListener('load', ok))")
    width, height = whole.evaluate("(img) => [img.naturalWidth, img.naturalHeight]")
    assert abs(width / height - 400 / 560) < 0.05

    # Renaming in place: an empty name is refused and the field keeps it; then a real one.
    page.click("#rename-button")
    field = page.locator("#rename-input")
    assert field.evaluate("(e) => e === document.activeElement")
    field.fill("   ")
    field.press("Enter")
    page.locator("#rename-error").wait_for()
    assert page.locator("#rename-error").inner_text() == "Tên bộ chứng cứ không được để trống"
    assert field.get_attribute("aria-invalid") == "true"
    visit.shot("bo-chung-cu-doi-ten-loi")
    field.fill("Phiên phúc thẩm vụ lừa đảo")
    page.locator("#rename-form button[type=submit]").click()
    page.get_by_text("Đã đổi tên bộ chứng cứ thành “Phiên phúc thẩm vụ lừa đảo”").wait_for()
    assert page.locator("#set-title").inner_text() == "Phiên phúc thẩm vụ lừa đảo"
    assert page.title().startswith("Phiên phúc thẩm vụ lừa đảo")
    visit.shot("bo-chung-cu")
    page.reload()
    assert page.locator("#set-title").inner_text() == "Phiên phúc thẩm vụ lừa đảo"
    page.goto(base + "/exhibits")
    assert "Phiên phúc thẩm vụ lừa đảo" in page.locator("tbody").inner_text()
    visit.shot("bo-chung-cu-danh-sach-moi")
    # Errors the page printed are the refused additions and renames (4xx answers), nothing else.
    assert [e for e in visit.errors if "409" not in e and "422" not in e] == []
    visit.close()
