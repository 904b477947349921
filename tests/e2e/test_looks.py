"""Every page of the interface looked at as a person does: each HTML page the app routes, as each role that may
open it, at 1400×900 and 390×844, in Debian's headless Chromium against one real server over the sample demo
(its scans read by Tesseract). One finding does not hide the next: all are gathered and reported together,
naming the page, the role and the size, for

- text that looks like a Python or JSON repr (`object at 0x`, `{"detail"`, a lone None/True/False, a traceback);
- the app's own English codes in visible text (roles, unit levels, document statuses and types, indicators,
  link states, review reasons: imported from the code, so a new code is checked too);
- ISO dates (2024-05-02) where a person reads 02/05/2024;
- the page scrolling sideways (the widest element that sticks out is named); on a phone, a closed header taller than
  a bar, or a page image narrower than the screen;
- at 1400×900, a control reached with Tab that shows no focus ring;
- console errors, and requests to any host but the app's.

A route that returns HTML and is neither visited nor given a reason in SKIPPED fails the test. Screenshots go
to <test output>/looks/<page>__<role>__<size>.png, or to $HOSO_SHOTS_DIR when set.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from argon2 import PasswordHasher

from tests.e2e.test_browser import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.test_phone import MAX_CLOSED_HEADER, menu_paths
from tests.e2e.test_workbench import SIZES, Visit, serving

pytestmark = pytest.mark.browser
DEMO = Path(__file__).resolve().parents[2] / "sample_files" / "files"
PASSWORD = "Kiemsat@2026!"
ROLES = ("quantri", "canbo", "kiemsatvien", "thongke", "vientruong")
SIGNED_OUT = "khach"
ERROR_PAGE = "/looks-server-error"

# Routes answering HTML that are not looked at, and why.
SKIPPED = {
    "/": "redirects to the role's home page, which is visited under its own route",
}
# Pages only a signed-out person sees; every other page is visited as each role.
SIGNED_OUT_PAGES = ("/login", "/docs")
# Checks a page is exempt from, and why.
EXEMPT = {
    "/docs": ({"repr", "code", "iso_date"}, "the API reference for developers, in English with JSON examples"),
}

TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!parent || !node.textContent.trim() || parent.closest('script, style, noscript, template, code, kbd')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    if (!range.getClientRects().length || getComputedStyle(parent).visibility === 'hidden') continue;
    out.push(node.textContent.trim());
  }
  for (const e of document.querySelectorAll('input[placeholder], textarea[placeholder]'))
    if (e.getClientRects().length) out.push(e.placeholder);
  for (const select of document.querySelectorAll('select'))
    if (select.getClientRects().length) for (const o of select.options) out.push(o.textContent.trim());
  return out;
}"""

OVERFLOW = """() => {
  const width = window.innerWidth, scroll = document.documentElement.scrollWidth;
  if (scroll <= width) return null;
  const clipped = (e) => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement)
      if (getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right <= width + 1) return true;
    return false;
  };
  const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
  const out = [...document.body.querySelectorAll('*')]
    .filter((e) => e.getBoundingClientRect().right > width + 1 && !clipped(e))
    .filter((e) => !e.parentElement || e.parentElement.getBoundingClientRect().right <= width + 1
                   || e.parentElement === document.body)
    .sort((a, b) => b.getBoundingClientRect().width - a.getBoundingClientRect().width)
    .slice(0, 3)
    .map((e) => name(e.parentElement) + ' > ' + name(e) + ' (' + Math.round(e.getBoundingClientRect().width)
         + ' px wide, right edge at ' + Math.round(e.getBoundingClientRect().right) + ' px)');
  return {scroll, width, widest: out};
}"""

PHONE_LAYOUT = """() => {
  const header = document.querySelector('header.topbar'), stage = document.querySelector('.viewer .stage');
  return {width: window.innerWidth, header: header ? Math.round(header.getBoundingClientRect().height) : 0,
          stage: stage ? Math.round(stage.getBoundingClientRect().width) : null};
}"""
# On a phone the page image may leave this much of the screen's width to margins and borders.
STAGE_MARGIN = 32
# Screenshots stop here: the long audit trail on a phone would otherwise be a 25 000 px image.
MAX_SHOT_HEIGHT = 5000

FOCUSED = """() => {
  const e = document.activeElement;
  // Inside a native control's own parts (a date field's calendar button) the browser draws the ring itself.
  if (!e || e === document.body || !e.matches(':focus')) return null;
  const style = getComputedStyle(e);
  const shown = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  const words = (e.textContent || e.value || '').trim().slice(0, 30);
  return {shown, name: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (words ? ' «' + words + '»' : '')};
}"""
# How many controls of each page are reached with Tab to see their focus ring.
FOCUS_STEPS = 6

REPRS = [
    (re.compile(r"object at 0x[0-9a-f]+"), "a Python object's repr"),
    (re.compile(r"<(built-in|bound method|function) "), "a Python function's repr"),
    (re.compile(r'\{\s*"(detail|error|message|[a-z_]+)"\s*:'), "raw JSON"),
    (re.compile(r"(?<![\w'\"])(None|True|False)(?![\w'\"])"), "a Python constant"),
    (re.compile(r"Traceback \(most recent call last\)|\w+Error: "), "a traceback or exception text"),
]
ISO_DATE = re.compile(r"(?<![\d/-])\d{4}-\d{2}-\d{2}(?![\d-])")


def english_codes() -> set[str]:
    """The app's own codes, which the interface must show in Vietnamese."""
    from archive.classification.taxonomy import DOCUMENT_TYPES
    from archive.processing.documents import REVIEW_REASONS
    from archive.records.models import DOCUMENT_STATUSES, LINK_STATUSES, ROLES, UNIT_LEVELS
    from archive.statistics.definitions import INDICATORS

    return {
        *UNIT_LEVELS,
        *DOCUMENT_STATUSES,
        *ROLES,
        *DOCUMENT_TYPES,
        *(i.code for i in INDICATORS),
        *LINK_STATUSES,
        *REVIEW_REASONS,
    }


def shots_dir(tmp_path_factory) -> Path:
    folder = (
        Path(os.environ["HOSO_SHOTS_DIR"])
        if os.environ.get("HOSO_SHOTS_DIR")
        else (tmp_path_factory.getbasetemp() / "looks")
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def html_routes(app) -> list[str]:
    """Every GET route of the app that answers a browser with a page (not the JSON API, not files)."""
    from fastapi.responses import HTMLResponse

    try:
        from fastapi.routing import iter_route_contexts

        routes = list(iter_route_contexts(app.routes))
    except ImportError:  # FastAPI before 0.165 lists included routes directly
        routes = app.routes
    found = []
    for route in routes:
        path, methods = getattr(route, "path", None), getattr(route, "methods", None) or set()
        if path is None or "GET" not in methods:
            continue
        response = getattr(route, "response_class", None)
        is_html = isinstance(response, type) and issubclass(response, HTMLResponse)
        is_file = bool(re.search(r"\.[a-z]+$", path))
        if is_html or not (path.startswith("/api/") or is_file):
            found.append(path)
    return found


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory, scans):
    """The sample demo (units, cases, the five demo accounts, its seven scans read by Tesseract), one more scan
    uploaded by the staff member for a unit with no cases (so it waits in the review queue), and a route that fails;
    served once for the whole module."""
    import shutil

    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is missing: install it with `apt-get install chromium`")
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is missing: install tesseract-ocr and tesseract-ocr-vie (scripts/setup.sh)")
    pytest.importorskip("playwright.sync_api", reason="Python playwright is not installed (pip install -e .[dev])")
    from sqlalchemy import select

    import archive.trust.accounts as accounts
    from archive.cli.demo import load_demo
    from archive.core import Archive
    from archive.processing.ingest import Ingestor, expand_paths
    from archive.records.models import Case, Document
    from archive.runtime.jobs import process_now
    from archive.runtime.settings import Settings
    from web.app import create_app

    home = tmp_path_factory.mktemp("looks-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOSO_HOME", str(home))
        patch.setenv("HOSO_DEMO_PASSWORD", PASSWORD)
        patch.delenv("HOSO_DATABASE_URL", raising=False)
        patch.delenv("HOSO_QUEUE_URL", raising=False)
        patch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        archive = Archive(Settings(home=home, workers=2))
        load_demo(archive, DEMO)
        unsure = Ingestor(archive, unit_code="BN-KV2", uploaded_by="canbo").ingest_all(expand_paths([scans["png"]]))
        with archive.session() as s:
            process_now(archive, list(s.scalars(select(Document.id))))
        archive.outbox.drain()
        with archive.session() as s:
            documents = s.scalars(
                select(Document).where(Document.status == "done").order_by(Document.page_count.desc())
            ).all()
            document = documents[0]
            case = s.get(Case, document.case_id)
            values = {
                "document_id": document.id,
                "code": case.code,
                "pages": document.page_count,
                "review_id": unsure.documents[0].id,
            }
        app = create_app(archive)

        @app.get(ERROR_PAGE, include_in_schema=False)
        def broken():
            raise RuntimeError("sqlite3.OperationalError: database is locked")

        with serving(app) as url:
            yield {"url": url, "archive": archive, "app": app, "values": values}
        archive.close()


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


def make_exhibit_set(visit: Visit, values: dict) -> int:
    page, base = visit.page, visit.base
    headers = {"X-CSRF-Token": page.locator('meta[name="csrf-token"]').get_attribute("content")}
    created = page.request.post(
        base + "/api/exhibit-sets",
        headers=headers,
        data={"case": values["code"], "title": "Phiên tòa sơ thẩm", "hearing_on": "2024-06-24"},
    )
    assert created.status == 201, created.text()
    set_id = created.json()["id"]
    for number in range(1, min(values["pages"], 2) + 1):
        added = page.request.post(
            f"{base}/api/exhibit-sets/{set_id}/items",
            headers=headers,
            data={"document_id": values["document_id"], "page": number, "caption": f"Trang {number}"},
        )
        assert added.status == 201, added.text()
    return set_id


def slug(route: str) -> str:
    return re.sub(r"[{}]", "", route.strip("/").replace("/", "-")) or "home"


def text_findings(texts: list[str], exempt: set[str], codes: set[str]) -> list[str]:
    """Raw reprs, English codes and ISO dates among a page's visible texts."""
    findings = []
    joined = "\n".join(texts)
    if "repr" not in exempt:
        for pattern, what in REPRS:
            match = pattern.search(joined)
            if match:
                findings.append(f"{what}: «{_around(joined, match)}»")
    if "code" not in exempt:
        shown = sorted(
            {
                word
                for text in texts
                for word in re.findall(r"(?<![\w/.:-])[a-z][a-z0-9_]*(?![\w/.-])", text)
                if word in codes
            }
        )
        if shown:
            findings.append(f"English codes in the text: {', '.join(shown)}")
    if "iso_date" not in exempt:
        dates = sorted({m.group(0) for m in ISO_DATE.finditer(joined)})
        if dates:
            findings.append(f"ISO dates in the text: {', '.join(dates[:5])}")
    return findings


def layout_findings(visit: Visit) -> list[str]:
    """Sideways scrolling, and on a phone a tall closed header or a narrow page image."""
    findings = []
    page = visit.page
    overflow = page.evaluate(OVERFLOW)
    if overflow:
        findings.append(
            f"scrolls sideways ({overflow['scroll']} px in {overflow['width']} px): " + "; ".join(overflow["widest"])
        )
    if visit.size == "phone":
        layout = page.evaluate(PHONE_LAYOUT)
        if layout["header"] > MAX_CLOSED_HEADER:
            findings.append(f"the closed header is {layout['header']} px tall (at most {MAX_CLOSED_HEADER})")
        if layout["stage"] is not None and layout["stage"] < layout["width"] - STAGE_MARGIN:
            findings.append(f"the page image is {layout['stage']} px wide on a {layout['width']} px screen")
    return findings


def look(
    visit: Visit, url: str, route: str, role: str, shots: Path, codes: set[str], refused_seen: bool = False
) -> tuple[int, list[str]]:
    """Open one page and note everything wrong with it; returns the status and the findings (none for a refusal
    when `refused_seen`: the refusal page was looked at already)."""
    visit.errors.clear()
    visit.hosts.clear()
    page = visit.page
    response = page.goto(url)
    status = response.status if response else 0
    if status == 403 and refused_seen:
        return status, []
    settle(visit)
    # The browser reports the page's own error status as a console error; that status is checked by the caller.
    errors = [
        e
        for e in visit.errors
        if not (e.startswith("Failed to load resource") and f"status of {status}" in e and status >= 400)
    ]
    exempt = EXEMPT.get(route, (set(), ""))[0]
    findings = text_findings(page.evaluate(TEXT), exempt, codes) + layout_findings(visit)
    if errors:
        findings.append("console errors: " + " | ".join(e[:200] for e in errors[:3]))
    others = {h for h in visit.hosts if h and h != urlsplit(visit.base).netloc}
    if others:
        findings.append("requests to other hosts: " + ", ".join(sorted(others)))
    height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_SHOT_HEIGHT)
    page.screenshot(
        path=str(shots / f"{slug(route)}__{role}__{visit.size}.png"),
        full_page=True,
        clip={"x": 0, "y": 0, "width": SIZES[visit.size]["width"], "height": height},
    )
    if visit.size == "desktop":
        for _ in range(FOCUS_STEPS):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            if focused and not focused["shown"]:
                findings.append(f"no visible focus on {focused['name']}")
                break
    return status, findings


def track(visit: Visit) -> Visit:
    """Count the visit's requests in flight, so a page is looked at once its scripts have had their answers."""
    visit.in_flight = 0

    def started(request):
        visit.in_flight += 1

    def ended(request):
        visit.in_flight -= 1

    visit.page.on("request", started)
    visit.page.on("requestfinished", ended)
    visit.page.on("requestfailed", ended)
    return visit


def settle(visit: Visit, quiet_ms: int = 150, limit_ms: int = 10_000) -> None:
    """Wait until no request has been in flight for `quiet_ms` (a page that keeps polling: at most `limit_ms`)."""
    quiet = waited = 0
    while quiet < quiet_ms and waited < limit_ms:
        visit.page.wait_for_timeout(50)
        waited += 50
        quiet = quiet + 50 if visit.in_flight <= 0 else 0


def _around(text: str, match: re.Match) -> str:
    return text[max(0, match.start() - 40) : match.end() + 40].replace("\n", " ⏎ ")


def test_every_page_looks_right_to_every_role_at_both_sizes(demo_server, chromium, tmp_path_factory):
    base, values = demo_server["url"], dict(demo_server["values"])
    shots = shots_dir(tmp_path_factory)
    codes = english_codes()
    prosecutor = Visit(chromium, base, "desktop", "kiemsatvien", PASSWORD)
    values["set_id"] = make_exhibit_set(prosecutor, values)
    prosecutor.close()

    from archive.statistics.definitions import INDICATORS

    # What a person most often has on these pages: a figure's cases, an accentless search with hits.
    queries = {"/statistics/cases": f"?indicator={INDICATORS[0].code}&part=denominator", "/search": "?q=tham o"}
    routes = html_routes(demo_server["app"])
    unfilled = [r for r in routes if r not in SKIPPED and set(re.findall(r"{(\w+)}", r)) - set(values)]
    assert not unfilled, f"pages whose parameters the demo does not fill (fill them, or say why in SKIPPED): {unfilled}"
    urls = {route: base + route.format(**values) + queries.get(route, "") for route in routes if route not in SKIPPED}
    # Beyond one visit per route: a document waiting for review, a statistical year with figures, a missing page.
    urls["documents-review"] = f"{base}/documents/{values['review_id']}"
    urls["statistics-2024"] = base + "/statistics?period=2024"
    urls["404"] = base + "/cases/KHONG-CO-VU-AN"
    expected = {ERROR_PAGE: 500, "404": 404}

    findings: list[str] = []
    opened: dict[str, set[str]] = {route: set() for route in urls}
    for size in SIZES:
        visit = track(Visit(chromium, base, size))
        for route in SIGNED_OUT_PAGES:
            status, found = look(visit, urls[route], route, SIGNED_OUT, shots, codes)
            if status == 200:
                opened[route].add(SIGNED_OUT)
            findings += [f"{route} [{SIGNED_OUT}, {size}]: {f}" for f in found]
        visit.close()
        for role in ROLES:
            visit = track(Visit(chromium, base, size, role, PASSWORD))
            assert "/login" not in visit.page.url, f"{role} could not sign in"
            menu = set(menu_paths(visit.page))
            refused_shown = False
            for route, url in urls.items():
                if route in SIGNED_OUT_PAGES:
                    continue
                status, found = look(visit, url, route, role, shots, codes, refused_shown)
                if status == 403:
                    # Not this role's page: the refusal is a page of its own, looked at once per role and size.
                    if refused_shown:
                        continue
                    refused_shown = True
                    (shots / f"{slug(route)}__{role}__{size}.png").rename(shots / f"403__{role}__{size}.png")
                elif status == expected.get(route, 200):
                    opened[route].add(role)
                else:
                    found.append(f"answered {status}")
                findings += [f"{route} [{role}, {size}]: {f}" for f in found]
            findings += [
                f"{path} [{role}, {size}]: in the menu but not opened"
                for path in sorted(menu)
                if path in opened and role not in opened[path]
            ]
            visit.close()

    never = sorted(route for route, roles in opened.items() if not roles)
    assert not never, f"pages no role could open (give a reason in SKIPPED or fill their parameters): {never}"
    assert not findings, f"{len(findings)} findings:\n" + "\n".join(findings)
