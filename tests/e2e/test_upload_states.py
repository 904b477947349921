"""What the upload page says of each file, in Debian's headless Chromium against a real server with its workers
and real uploads: a scan no case clearly claims is amber "needs review" with the reason and a link to review
it; Word files (the corpus's legacy .doc and an Office Open XML .docx, which is a ZIP inside) and a ZIP whose
every file is refused are red with a reason a person can act on; the same scan uploaded again is a duplicate
naming the document already there and the case it is in; green only for a document that is truly done.

Screenshots at 1400×900 and 390×844 go to test-artifacts/screenshots/ (or HOSO_SHOTS).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.e2e.test_browser import PROCESSING_TIMEOUT_MS, browser, server, sign_in  # noqa: F401  (fixtures)
from tests.e2e.test_workbench import SHOTS, SIZES
from tests.samples import SAMPLES

pytestmark = pytest.mark.browser
SCAN = SAMPLES / "qd_khoi_to_bi_can_clean.png"
CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"
OLE_WORD = CORPORA / "images" / "pillow__test-ole-file.doc"


def docx(path: Path) -> Path:
    """A minimal Word (Office Open XML) document: a ZIP with the package's content types and one paragraph."""
    with zipfile.ZipFile(path, "w") as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        package.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.'
            'org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Cáo trạng</w:t></w:r></w:p></w:body>'
            "</w:document>",
        )
    return path


def shots(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        page.wait_for_timeout(200)
        page.screenshot(path=str(SHOTS / f"{name}-{size}.png"))
    page.set_viewport_size(SIZES["desktop"])


def row_named(page, name: str):
    return page.locator("#files li.file-row", has=page.locator(f'.file-name[title="{name}"]'))


def test_upload_tells_review_refusal_duplicate_and_done_apart(server, browser, tmp_path):  # noqa: F811
    if not OLE_WORD.exists():
        pytest.skip("the shared corpora are missing")
    base = server["url"]
    context, page = sign_in(browser, base, "canbo")
    page.click("button[type=submit]")
    page.wait_for_url(base + "/upload")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # A scan no registered case clearly claims: amber, with the reason and a link to review it.
    page.set_input_files("#file-input", str(SCAN))
    scan_row = row_named(page, SCAN.name)
    page.wait_for_selector('#files li[data-state="review"]', timeout=PROCESSING_TIMEOUT_MS)
    text = scan_row.inner_text()
    assert "Cần kiểm tra" in text and "Chưa chắc chắn về vụ án" in text and "Đã xử lý xong" not in text
    document_id = int(scan_row.get_attribute("data-id"))
    assert scan_row.locator("a", has_text="Kiểm tra ngay").get_attribute("href") == f"/review/{document_id}"
    # The list of earlier uploads no longer says there are none once this visit has made one.
    said = page.evaluate(
        "() => { const r = document.getElementById('recent');"
        " return r.children.length ? null : getComputedStyle(r, '::before').content; }"
    )
    assert said and "phía trên" in said and "chưa tải lên" not in said, said
    shots(page, "tai-len-can-kiem-tra")

    # Word files, legacy and Office Open XML, and a ZIP of nothing usable: red, with what to do.
    word = docx(tmp_path / "cao_trang.docx")
    page.set_input_files("#file-input", [str(OLE_WORD), str(word)])
    for name in (OLE_WORD.name, word.name):
        row = row_named(page, name)
        row.locator(".state.failed").wait_for()
        assert "Word" in row.inner_text() and "PDF" in row.inner_text()
    bundle = tmp_path / "ho_so.zip"
    with zipfile.ZipFile(bundle, "w") as archive_file:
        archive_file.write(OLE_WORD, OLE_WORD.name)
        archive_file.writestr("ghi_chu.txt", "Danh sách tài liệu")
    page.set_input_files("#file-input", str(bundle))
    summary = row_named(page, bundle.name)
    summary.locator(".state.failed").wait_for()
    assert "Không nhận tệp nào trong gói" in summary.inner_text()
    shots(page, "tai-len-tu-choi-word")

    # The scan's case chosen by a person; the same scan again is a duplicate naming that document and case.
    csrf = page.locator('meta[name="csrf-token"]').get_attribute("content")
    linked = page.request.patch(
        f"{base}/api/documents/{document_id}", headers={"X-CSRF-Token": csrf}, data={"case": "HS-2023-045"}
    )
    assert linked.status == 200, linked.text()
    page.click("#clear-done")
    page.set_input_files("#file-input", str(SCAN))
    again = row_named(page, SCAN.name)
    again.locator("a", has_text="Vụ án HS-2023-045").wait_for()
    text = again.inner_text()
    assert "Trùng" in text and "HS-2023-045" in text and "Chưa gắn vụ án" not in text
    assert again.locator("a", has_text="Mở tài liệu đã có").get_attribute("href") == f"/documents/{document_id}"
    assert again.locator("a", has_text="Vụ án HS-2023-045").get_attribute("href") == "/cases/HS-2023-045"
    shots(page, "tai-len-trung")

    # Green only when nothing waits for a person: the recent list follows the document's own state.
    state = page.request.get(f"{base}/api/documents/{document_id}").json()
    page.reload()
    recent = page.locator("#recent li.file-row").first
    recent.locator(".state.done, .state.review").wait_for()
    assert recent.get_attribute("data-state") == ("review" if state["needs_review"] else "done")
    if not state["needs_review"]:
        assert "Đã xử lý xong · HS-2023-045" in recent.inner_text()
    shots(page, "tai-len-gan-day")
    assert errors == []
    context.close()
