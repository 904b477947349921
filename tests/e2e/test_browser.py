"""The whole interface in Debian's headless Chromium against a real server with its workers: sign in,
upload a scan, wait for OCR, search without accents, open the hit with highlights, add it to an exhibit
set, present it, record the hearing, export the bundle; and a user of another unit failing to open that case.

Screenshots of each screen go to test-artifacts/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PASSWORD = "mat-khau-phien-toa"
FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf")
PROCESSING_TIMEOUT_MS = 240_000

pytestmark = pytest.mark.browser


def _require_tools() -> None:
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is missing: install it with `apt-get install chromium` (scripts/setup.sh --dev)")
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is missing: install tesseract-ocr and tesseract-ocr-vie (scripts/setup.sh)")
    pytest.importorskip("playwright.sync_api", reason="Python playwright is not installed (pip install -e .[dev])")


def render_scan(path: Path) -> Path:
    """A one-page A4 indictment at 200 dpi in Liberation Serif (Times New Roman metrics), as a scanner makes it."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = 1654, 2339
    image = Image.new("L", (width, height), 250)
    draw = ImageDraw.Draw(image)
    body, bold = ImageFont.truetype(str(FONT), 38), ImageFont.truetype(str(FONT_BOLD), 40)
    lines = [
        (bold, "VIỆN KIỂM SÁT NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (bold, "TỈNH PHÚ THỌ", "Độc lập - Tự do - Hạnh phúc"),
        (body, "Số: 45/CT-VKS-P2", "Phú Thọ, ngày 18 tháng 9 năm 2023"),
    ]
    y = 150
    for font, left, right in lines:
        draw.text((120, y), left, font=font, fill=20)
        draw.text((860, y), right, font=font, fill=20)
        y += 70
    y += 80
    draw.text((width // 2 - 140, y), "CÁO TRẠNG", font=ImageFont.truetype(str(FONT_BOLD), 60), fill=10)
    y += 140
    paragraphs = [
        "Căn cứ Điều 41 và Điều 243 Bộ luật Tố tụng hình sự;",
        "Viện kiểm sát nhân dân tỉnh Phú Thọ truy tố bị can Nguyễn Văn An",
        "sinh năm 1985 về tội lừa đảo chiếm đoạt tài sản theo điểm a",
        "khoản 3 Điều 174 Bộ luật Hình sự.",
        "Bị can đã nhận tiền đặt cọc của nhiều người rồi bỏ trốn.",
        "Vật chứng thu giữ gồm hợp đồng mua bán và sổ ghi chép.",
    ]
    for text in paragraphs:
        draw.text((150, y), text, font=body, fill=15)
        y += 72
    image.save(path, "PNG", dpi=(200, 200))
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path, monkeypatch):
    """`hoso serve` in a thread: the app with its embedded workers, on a free localhost port."""
    _require_tools()
    import uvicorn

    from archive.core import Archive
    from archive.records.models import Case, Unit
    from archive.runtime.settings import Settings
    from archive.trust.accounts import create_user
    from web.app import create_app

    home = tmp_path / "hoso-data"
    monkeypatch.setenv("HOSO_HOME", str(home))
    archive = Archive(Settings(home=home, workers=1, job_threads=1))
    with archive.transaction() as s:
        p = Unit(code="PT", name="VKSND tỉnh Phú Thọ", level="provincial")
        q = Unit(code="QN", name="VKSND tỉnh Quảng Ninh", level="provincial")
        s.add_all([p, q])
        s.flush()
        s.add(
            Case(
                code="HS-2023-045",
                unit_id=p.id,
                kind="HS",
                title="Vụ lừa đảo chiếm đoạt tài sản Nguyễn Văn An",
                registered_on=dt.date(2023, 6, 1),
                folios=120,
            )
        )
        create_user(s, "canbo", PASSWORD, "staff", "PT", full_name="Trần Thị Mai")
        create_user(s, "kiemsatvien", PASSWORD, "prosecutor", "PT", full_name="Lê Minh Tuấn")
        create_user(s, "ksv_quangninh", PASSWORD, "prosecutor", "QN", full_name="Phạm Văn Hải")
    port = _free_port()
    app = create_app(archive, run_workers=True)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not uv.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the server did not start")
        time.sleep(0.1)
    yield {"url": f"http://127.0.0.1:{port}", "archive": archive}
    uv.should_exit = True
    thread.join(timeout=30)


@pytest.fixture
def browser():
    _require_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def sign_in(browser, base: str, username: str):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(base + "/")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    return context, page


def test_scan_to_courtroom(server, browser, tmp_path):
    import pikepdf
    from sqlalchemy import select

    from archive.records.models import Hearing

    base = server["url"]
    scan = render_scan(tmp_path / "cao-trang-nguyen-van-an.png")

    # 1. Staff sign in and upload the scan to the case.
    context, page = sign_in(browser, base, "canbo")
    shot(page, "01-dang-nhap")
    page.click("button[type=submit]")
    page.wait_for_url(base + "/upload")
    page.fill("#case-input", "lừa đảo")
    page.click("#case-input-list li[data-code='HS-2023-045']")
    page.set_input_files("#file-input", str(scan))
    row = page.locator("#files .file-row").first
    # Read and filed: green when nothing waits for a person, amber with the reason when something does.
    row.locator(".state.done, .state.review").wait_for(timeout=PROCESSING_TIMEOUT_MS)
    assert "HS-2023-045" in row.locator(".state").inner_text()
    shot(page, "02-tai-len-da-xu-ly")
    document_url = row.locator("a", has_text="Xem tài liệu").get_attribute("href")
    document_id = int(document_url.rsplit("/", 1)[-1])
    needs_review = page.request.get(f"{base}/api/documents/{document_id}").json()["needs_review"]
    assert row.get_attribute("data-state") == ("review" if needs_review else "done")
    page.goto(base + "/cases/HS-2023-045")
    page.get_by_text("cao-trang-nguyen-van-an.png").wait_for()
    shot(page, "03-ho-so-vu-an")
    context.close()

    # 2. The prosecutor searches without accents and opens the hit with its highlights.
    context, page = sign_in(browser, base, "kiemsatvien")
    page.click("button[type=submit]")
    page.wait_for_url(base + "/search")
    page.fill("#q", "lua dao chiem doat")
    page.press("#q", "Enter")
    hit = page.locator("article.hit").first
    hit.wait_for()
    assert hit.locator(".snippet mark").count() >= 1
    shot(page, "04-tim-kiem-khong-dau")
    hit.locator(".hit-pages a.page-link").first.click()  # one card per document: its matching pages listed
    page.wait_for_url(f"{base}/documents/{document_id}?*")
    page.locator("#canvas .hl").first.wait_for()
    assert page.locator("#canvas .hl").count() >= 3
    assert page.locator("#ocr-text mark").count() >= 3
    shot(page, "05-xem-tai-lieu-to-sang")

    # 3. Add the page to a new exhibit set for the hearing, with its highlighted phrase.
    page.locator("#set-select").select_option("new")
    page.fill("#new-set-title", "Phiên tòa sơ thẩm vụ Nguyễn Văn An")
    page.fill("#new-set-date", "2023-11-20")
    page.fill("#caption", "Cáo trạng: hành vi lừa đảo chiếm đoạt tài sản")
    page.click("#add-page")
    page.get_by_role("link", name="Chứng cứ số 1").click()
    page.wait_for_url(f"{base}/exhibits/*")
    set_id = int(page.url.rsplit("/", 1)[-1])
    page.locator("li.item").first.wait_for()
    shot(page, "06-bo-chung-cu")

    # 4. Present it: images loaded first, full screen on black, keys to move and zoom.
    page.click("#present-link")
    page.locator("#start-button:not([disabled])").wait_for()
    shot(page, "07-trinh-chieu-san-sang")
    page.click("#start-button")
    page.locator("#stage .hl").first.wait_for()
    assert page.locator("#caption-label").inner_text() == "Chứng cứ số 1"
    shot(page, "08-trinh-chieu")
    page.keyboard.press("h")
    shot(page, "09-trinh-chieu-cum-tu")
    page.keyboard.press("+")
    page.keyboard.press("0")
    with server["archive"].session() as s:
        assert s.scalar(select(Hearing)) is None  # presenting alone is a rehearsal
    # After the hearing: recorded as having used the digitised evidence, once confirmed.
    page.keyboard.press("Escape")
    page.click("#record-button")
    page.click("#record-confirm")
    page.get_by_text("Đã ghi nhận phiên tòa ngày 20/11/2023 có sử dụng chứng cứ số").wait_for()
    with server["archive"].session() as s:
        hearing = s.scalar(select(Hearing))
        assert hearing is not None and hearing.digital_evidence and hearing.held_on == dt.date(2023, 11, 20)

    # 5. Export the bundle.
    page.goto(f"{base}/exhibits/{set_id}")
    with page.expect_download() as download_info:
        page.click("#export-link")
    pdf_path = tmp_path / "bundle.pdf"
    download_info.value.save_as(pdf_path)
    shutil.copy(pdf_path, SCREENSHOTS / "bo-chung-cu.pdf")
    with pikepdf.open(pdf_path) as pdf:
        assert len(pdf.pages) == 3
        with pdf.open_outline() as outline:
            assert [item.title for item in outline.root][2].startswith("Chứng cứ số 1")
    context.close()

    # 6. A prosecutor of another province cannot open that case, by URL or by API.
    context, page = sign_in(browser, base, "ksv_quangninh")
    page.click("button[type=submit]")
    page.wait_for_url(base + "/search")
    response = page.goto(f"{base}/documents/{document_id}?page=1")
    assert response.status == 404
    assert "Không tìm thấy" in page.content()
    shot(page, "10-don-vi-khac-bi-chan")
    assert page.request.get(f"{base}/api/documents/{document_id}").status == 404
    assert page.request.get(f"{base}/api/cases/HS-2023-045").status == 404
    assert page.goto(f"{base}/cases/HS-2023-045").status == 404
    page.goto(base + "/search?q=lua+dao+chiem+doat")
    page.get_by_text("Không tìm thấy văn bản nào").wait_for()
    context.close()


def test_scan_renders(tmp_path):
    """The sample scan itself (no browser needed): an A4 page at 200 dpi."""
    from PIL import Image

    with Image.open(render_scan(tmp_path / "scan.png")) as image:
        assert image.size == (1654, 2339)
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        assert buffer.tell() > 10_000
