"""Every screen renders for the roles that use it; assets are all served by the app; the users CLI."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

import web

WEB = Path(web.__file__).parent


def test_screens_render_in_vietnamese(client_for, world):
    client = client_for("ksv_p")
    set_id = client.post("/api/exhibit-sets", json={"case": "HS-P-1", "title": "Bộ A"}).json()["id"]
    client.post(f"/api/exhibit-sets/{set_id}/items", json={"document_id": world.docs["P"], "page": 1})
    for url, text in [
        ("/cases", "Sổ vụ án"),
        ("/cases/HS-P-1", "Tài liệu theo loại"),
        (f"/documents/{world.docs['P']}?q=cao+trang", "Văn bản nhận dạng"),
        ("/search?q=cao+trang", "Lọc kết quả"),
        ("/exhibits", "Bộ chứng cứ trình chiếu"),
        (f"/exhibits/{set_id}", "Bộ A"),
        (f"/exhibits/{set_id}/present", "Bắt đầu trình chiếu"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.text, url
        assert '<html lang="vi">' in response.text
    staff = client_for("staff_p")
    for url in ("/upload", "/review"):
        assert staff.get(url).status_code == 200
    assert client_for("admin").get("/users").status_code == 200
    assert client.get("/", follow_redirects=False).headers["location"] == "/search"
    assert staff.get("/", follow_redirects=False).headers["location"] == "/upload"


def test_case_page_groups_documents_and_counts_folios(client_for, world):
    case = client_for("ksv_p").get("/api/cases/HS-P-1").json()
    assert case["folios"] == 10 and case["pages_digitised"] == 1
    assert [g["label"] for g in case["groups"]] == ["Cáo trạng"]


def test_page_highlight_boxes_follow_an_accentless_query(client_for, world):
    page = client_for("ksv_p").get(f"/api/documents/{world.docs['P']}/pages/1", params={"q": "nguyen van an"}).json()
    assert page["boxes"] == [[w["box"] for w in page["words"] if w["text"] in ("Nguyễn", "Văn", "An")]][0]


def test_no_external_assets_anywhere():
    external = re.compile(r"""(src|href)\s*=\s*["']?(https?:)?//""", re.I)
    for path in list((WEB / "templates").glob("*.html")) + list((WEB / "static").rglob("*.js")):
        assert not external.search(path.read_text(encoding="utf-8")), path
    css = (WEB / "static" / "app.css").read_text(encoding="utf-8")
    assert "http" not in css and "/static/fonts/LiberationSans-Regular.ttf" in css
    assert (WEB / "static" / "fonts" / "LiberationSerif-Regular.ttf").exists()


def test_templates_take_their_text_from_the_catalogue():
    """No Vietnamese literal in templates or scripts: visible text comes from web/messages.py."""
    vietnamese = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]")
    for path in list((WEB / "templates").glob("*.html")) + list((WEB / "static" / "js").glob("*.js")):
        if "statistics" in path.name:  # the statistics screens keep their own texts
            continue
        text = path.read_text(encoding="utf-8")
        assert not vietnamese.search(text), path


def test_users_add_command_creates_the_first_admin(settings, monkeypatch):
    from archive.cli.main import app

    runner = CliRunner()
    result = runner.invoke(
        app, ["users", "add", "quantri", "--role", "admin", "--password-stdin"], input="mot-mat-khau-dai\n"
    )
    assert result.exit_code == 0, result.output
    assert "quantri" in result.output
    again = runner.invoke(
        app, ["users", "add", "quantri", "--role", "admin", "--password-stdin"], input="mot-mat-khau-dai\n"
    )
    assert again.exit_code != 0 and "đã tồn tại" in again.output
    no_unit = runner.invoke(app, ["users", "add", "canbo", "--role", "staff", "--password-stdin"], input="12345678\n")
    assert no_unit.exit_code != 0
