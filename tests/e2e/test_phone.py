"""Every page a role has in its menu, on a 390×844 phone in Debian's headless Chromium against a real server:
the page never scrolls sideways (wide tables scroll inside their own box), the closed header is a compact
bar, and its menu button opens the navigation as a list from the keyboard and takes you to the page chosen.
At 1400×900 the links stay in the bar and the menu button is not shown.

Screenshots go where tests/e2e/test_workbench.py puts them (HOSO_SHOTS or test-artifacts/screenshots/).
"""

from __future__ import annotations

import pytest

from tests.e2e.test_workbench import Visit, browser, server  # noqa: F401  (pytest fixtures)
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.browser
ROLES = ("staff_p", "ksv_p", "tk_p", "vt_p", "admin")
MAX_CLOSED_HEADER = 80

LAYOUT = """() => {
  const header = document.querySelector('header.topbar');
  return {scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth,
          header: header ? header.getBoundingClientRect().height : 0,
          wide: [...document.querySelectorAll('main *')]
            .filter((e) => e.getBoundingClientRect().right > innerWidth + 1 && !e.closest('.table-scroll, .stage'))
            .slice(0, 3).map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + e.className)};
}"""


def add_unit_head(archive) -> None:
    from archive.trust.accounts import create_user

    with archive.transaction() as s:
        create_user(s, "vt_p", PASSWORD, "unit_head", "P", full_name="Nguyễn Thị Viện Trưởng")


def menu_paths(page) -> list[str]:
    return page.eval_on_selector_all("header nav a", "links => links.map((a) => a.getAttribute('href'))")


@pytest.mark.parametrize("username", ROLES)
def test_every_menu_page_fits_a_phone(server, browser, username):  # noqa: F811
    base, world = server["url"], server["world"]
    add_unit_head(server["archive"])
    visit = Visit(browser, base, "phone", username)
    page = visit.page
    paths = menu_paths(page)
    assert paths, "the signed-in person has no menu"
    if "/cases" in paths:
        paths += ["/cases/HS-P-1", f"/documents/{world.docs['P']}"]
    paths.append("/account")
    for path in paths:
        response = page.goto(base + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        layout = page.evaluate(LAYOUT)
        assert layout["scrollWidth"] <= layout["width"], f"{path} scrolls sideways: {layout}"
        assert layout["header"] <= MAX_CLOSED_HEADER, f"{path}: the closed header is {layout['header']} px tall"
        assert not page.locator("#site-menu").is_visible(), f"{path}: the menu shows before it is opened"
        visit.shot(f"phone-{username}-{path.strip('/').replace('/', '-') or 'home'}")
    assert not visit.errors, visit.errors
    visit.close()


def test_the_phone_menu_opens_from_the_keyboard_and_navigates(server, browser):  # noqa: F811
    base = server["url"]
    visit = Visit(browser, base, "phone", "ksv_p")
    page = visit.page
    page.goto(base + "/cases")
    toggle = page.locator("#menu-toggle summary")
    search = page.locator("#site-menu a[href='/search']")
    logout = page.locator("header .who button[type=submit]")
    assert toggle.is_visible() and not search.is_visible() and not logout.is_visible()

    toggle.focus()
    outline = toggle.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none", "the focused menu button shows no focus ring"
    page.keyboard.press("Enter")
    assert search.is_visible() and logout.is_visible()
    assert page.locator("header .who-name").inner_text() == "Nguyễn ksv_p"
    box = search.bounding_box()
    assert box["height"] >= 40 and box["width"] >= 200, f"the menu link is a small tap target: {box}"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    visit.shot("phone-menu-open")

    page.keyboard.press("Escape")
    assert not search.is_visible()
    assert page.evaluate("document.activeElement === document.querySelector('#menu-toggle summary')")
    page.keyboard.press("Space")
    assert search.is_visible()
    search.click()
    page.wait_for_url(base + "/search")
    assert not page.locator("#site-menu").is_visible(), "the menu is still open on the page it led to"
    assert page.locator("#site-menu a[aria-current=page]").get_attribute("href") == "/search"
    assert not visit.errors, visit.errors
    visit.close()


def test_the_desktop_header_keeps_its_links_in_the_bar(server, browser):  # noqa: F811
    base = server["url"]
    visit = Visit(browser, base, "desktop", "admin")
    page = visit.page
    page.goto(base + "/cases")
    assert not page.locator("#menu-toggle summary").is_visible()
    assert all(page.locator(f"#site-menu a[href='{path}']").is_visible() for path in menu_paths(page))
    assert page.locator("header .who button[type=submit]").is_visible()
    assert page.evaluate("document.querySelector('header.topbar').getBoundingClientRect().height") <= 60
    visit.close()
