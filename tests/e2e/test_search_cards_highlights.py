"""In Chromium against a real server: the search page answers one card per document by default (its type,
number, date, case title, unit name, file and its matching pages), and a toggle shows one card a page; on an
exhibit set a prosecutor edits one exhibit's highlights with the mouse and with the keyboard alone, and what
is left is what the set keeps. Screenshots go where tests/e2e/test_workbench.py puts them."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.test_workbench import Visit, browser, server  # noqa: F401  (pytest fixtures)

pytestmark = pytest.mark.browser
SIZES = ("desktop", "phone")


def highlights(page, base, set_id) -> list:
    return page.request.get(f"{base}/api/exhibit-sets/{set_id}").json()["items"][0]["highlights"]


@pytest.mark.parametrize("size", SIZES)
def test_search_cards_per_document_and_per_page(server, browser, size):  # noqa: F811
    base = server["url"]
    visit = Visit(browser, base, size, "ksv_p")
    page = visit.page
    page.goto(base + "/search?q=bi+can")
    page.wait_for_selector(".document-hit")
    cards = page.locator(".document-hit")
    assert cards.count() == 2  # HS-P-1 and HS-R-1; the restricted case's page is not there
    text = page.locator("#results").inner_text()
    assert "Vụ lừa đảo chiếm đoạt tài sản" in text and "VKSND tỉnh Phú Thọ" in text and "p.jpg" in text
    assert "Cáo trạng" in text and "01/03/2024" in text and "Phạm Văn Dũng" not in text
    assert page.locator("#total").inner_text().startswith("2 văn bản khớp")
    offered = page.locator("#total a.did-you-mean")  # the accented reading, a search of its own
    assert offered.count() == 1 and offered.inner_text() == "bị can"
    assert "q=b%E1%BB%8B+can" in offered.get_attribute("href")
    link = cards.first.locator(".hit-pages a.page-link")
    assert link.count() == 1 and "page=1" in link.get_attribute("href") and "q=bi%20can" in link.get_attribute("href")
    assert page.locator("#view-document").get_attribute("aria-pressed") == "true"
    layout = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert layout[0] <= layout[1], "the results scroll sideways"
    visit.shot("search-by-document")

    page.click("#view-page")
    page.wait_for_selector(".hit:not(.document-hit)")
    assert page.locator("#view-page").get_attribute("aria-pressed") == "true"
    assert page.locator("#total").inner_text().startswith("2 trang khớp")
    assert "view=page" in page.url
    visit.shot("search-by-page")
    page.reload()
    page.wait_for_selector(".hit:not(.document-hit)")  # the view chosen stays with the address
    page.locator("#total a.did-you-mean").click()  # the accented reading searched, in the same view
    page.wait_for_url("**q=b%E1%BB%8B+can**")
    page.wait_for_selector(".hit:not(.document-hit)")
    assert page.locator("#q").input_value() == "bị can" and page.locator("#total a.did-you-mean").count() == 0
    assert not visit.errors, visit.errors
    visit.close()


def test_a_prosecutor_edits_an_exhibits_highlights_by_mouse_and_keyboard(server, browser):  # noqa: F811
    base, world = server["url"], server["world"]
    visit = Visit(browser, base, "desktop", "ksv_p")
    page = visit.page
    page.goto(base + "/exhibits")
    headers = {"X-CSRF-Token": page.locator('meta[name="csrf-token"]').get_attribute("content")}
    set_id = page.request.post(
        base + "/api/exhibit-sets", headers=headers, data={"case": "HS-P-1", "title": "Phiên sơ thẩm"}
    ).json()["id"]
    # "Cáo" alone and the phrase "bị can" (two words, one place).
    marks = [[40, 40, 76, 60], [248, 40, 272, 60], [282, 40, 318, 60]]
    added = page.request.post(
        f"{base}/api/exhibit-sets/{set_id}/items",
        headers=headers,
        data={"document_id": world.docs["P"], "page": 1, "highlights": marks},
    )
    assert added.status == 201 and len(added.json()["added"]["highlights"]) == 3

    page.goto(f"{base}/exhibits/{set_id}")
    assert "2 chỗ tô sáng" in page.locator("#items").inner_text()
    page.click("[data-edit-highlights]")
    dialog = page.locator("#hl-dialog")
    boxes = page.locator("#hl-canvas .hl-box")
    assert dialog.is_visible()
    expect(boxes).to_have_count(2)
    visit.shot("exhibit-highlights-editor")

    # Mouse: a click takes "Cáo" off.
    boxes.nth(0).click()
    expect(boxes).to_have_count(1)
    assert highlights(page, base, set_id) == marks[1:]
    assert page.locator("#hl-count").inner_text() == "1 chỗ tô sáng"
    # Keyboard: focus moves to the remaining phrase; Delete takes both its words off.
    assert page.evaluate("document.activeElement.classList.contains('hl-box')")
    page.keyboard.press("Delete")
    expect(boxes).to_have_count(0)
    assert highlights(page, base, set_id) == []

    # Mouse: dragging over the word "Nguyễn" (x 328-400, y 40-60 on the 400 px page) highlights that word.
    rect = page.locator("#hl-image").bounding_box()
    sx = rect["width"] / 400
    page.mouse.move(rect["x"] + 322 * sx, rect["y"] + 34 * sx)
    page.mouse.down()
    page.mouse.move(rect["x"] + 360 * sx, rect["y"] + 50 * sx, steps=4)
    page.mouse.move(rect["x"] + 399 * sx, rect["y"] + 66 * sx, steps=4)
    page.mouse.up()
    expect(boxes).to_have_count(1)
    assert highlights(page, base, set_id) == [[328, 40, 400, 60]]

    # Keyboard only: the frame appears, arrows move it, Enter takes it.
    page.focus("#hl-keys")
    page.keyboard.press("Enter")
    assert page.locator("#hl-stage .sel.keyboard").is_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Enter")
    expect(boxes).to_have_count(2)
    assert len(highlights(page, base, set_id)) == 2

    # Clear all, from the keyboard.
    page.focus("#hl-clear")
    page.keyboard.press("Enter")
    expect(boxes).to_have_count(0)
    assert highlights(page, base, set_id) == []
    assert page.evaluate("document.activeElement.id") == "hl-stage"
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert "Không tô sáng" in page.locator("#items").inner_text()
    expect(page.locator("[data-edit-highlights]:focus")).to_have_count(1)  # back where the editing began

    # The courtroom screen shows exactly what the item keeps: one region now, where there were three words.
    item_id = page.request.get(f"{base}/api/exhibit-sets/{set_id}").json()["items"][0]["id"]
    kept = page.request.post(
        f"{base}/api/exhibit-sets/{set_id}/items/{item_id}/highlights",
        headers=headers,
        data={"box": [50, 300, 150, 340]},
    )
    assert kept.status == 201, kept.text()
    page.goto(f"{base}/exhibits/{set_id}/present")
    page.locator("#start-button:not([disabled])").click()
    expect(page.locator("#stage .hl")).to_have_count(1)
    shown = page.locator("#stage .hl").evaluate("e => [e.style.left, e.style.top, e.style.width, e.style.height]")
    assert shown == ["50px", "300px", "100px", "40px"]
    assert not visit.errors, visit.errors
    visit.close()
