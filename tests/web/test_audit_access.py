"""Every access to evidence, every export and every refusal leaves one audit row, through real HTTP.

Each listed route is called as the person who would use it; the newest row must name the action, the
target, the account, its role and unit, the client's address and the outcome. The audit page and its
CSV are for admins and unit heads, in Vietnamese, and `hoso audit verify` proves the chain afterwards.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import select

from archive.records.models import AuditEvent
from archive.trust.audit import verify


def newest(archive, action: str | None = None) -> AuditEvent | None:
    archive.access_log.flush()
    with archive.session() as session:
        query = select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)
        if action:
            query = query.where(AuditEvent.action == action)
        return session.scalar(query)


@pytest.fixture
def exhibit_set(world, client_for):
    client = client_for("ksv_p")
    created = client.post("/api/exhibit-sets", json={"case": "HS-P-1", "title": "Phiên tòa sơ thẩm"})
    assert created.status_code == 201, created.text
    set_id = created.json()["id"]
    added = client.post(f"/api/exhibit-sets/{set_id}/items", json={"document_id": world.docs["P"], "page": 1})
    assert added.status_code == 201, added.text
    return set_id


READS = [
    # (account, path, action, target)
    ("ksv_p", "/api/documents/{P}", "document.view", "document:{P}"),
    ("ksv_p", "/api/documents/{P}/parts", "document.view", "document:{P}"),
    ("ksv_p", "/api/documents/{P}/pages", "page.text.view", "document:{P}"),
    ("ksv_p", "/api/documents/{P}/pages/1", "page.text.view", "document:{P}/page:1"),
    ("ksv_p", "/api/documents/{P}/pages/1/image", "page.image.view", "document:{P}/page:1"),
    ("ksv_p", "/api/documents/{P}/pages/1/thumbnail", "page.thumbnail.view", "document:{P}/page:1"),
    ("ksv_p", "/api/documents/{P}/original", "original.download", "document:{P}"),
    ("ksv_p", "/api/cases/HS-P-1", "case.view", "case:HS-P-1"),
    ("ksv_p", "/api/exhibit-sets/{set}", "exhibit_set.view", "exhibit_set:{set}"),
    ("ksv_p", "/exhibits/{set}/present", "exhibit_set.present.view", "exhibit_set:{set}"),
    ("ksv_p", "/api/exhibit-sets/{set}/bundle.pdf", "export.bundle", "exhibit_set:{set}"),
    ("staff_p", "/api/review", "review.view", None),
    ("tk_p", "/api/statistics/report?period=2024", "export.report_json", None),
    ("tk_p", "/api/statistics/report.csv?period=2024", "export.report_csv", None),
    ("tk_p", "/api/statistics/report.xlsx?period=2024", "export.report_xlsx", None),
    ("admin", "/api/audit", "audit.view", None),
    ("admin", "/api/audit.csv", "export.audit_csv", None),
]


@pytest.mark.parametrize(("account", "path", "action", "target"), READS, ids=[r[2] + ":" + r[1] for r in READS])
def test_each_read_and_export_is_recorded(world, client_for, exhibit_set, account, path, action, target):
    client = client_for(account)
    names = {"P": world.docs["P"], "set": exhibit_set}
    with world.archive.session() as session:
        from archive.records.models import Document

        sha256 = session.get(Document, world.docs["P"]).sha256
    original = world.archive.blobs.original_path(sha256)
    original.parent.mkdir(parents=True, exist_ok=True)
    original.write_bytes(b"\xff\xd8 scan")
    response = client.get(path.format(**names))
    assert response.status_code == 200, response.text
    row = newest(world.archive)
    assert row.action == action
    assert row.target == (target.format(**names) if target else None)
    assert (row.actor, row.outcome, row.client) == (account, "ok", "testclient")
    with world.archive.session() as session:
        from archive.records.models import User

        user = session.scalar(select(User).where(User.username == account))
        assert row.role == user.role
        assert row.unit == (user.unit.code if user.unit else None)


def test_a_search_is_recorded_with_its_query_and_hit_count(world, client_for):
    response = client_for("ksv_p").get("/api/search", params={"q": "cao trang truy to"})
    assert response.status_code == 200
    row = newest(world.archive)
    assert row.action == "search"
    assert row.detail["params"]["q"] == "cao trang truy to"
    assert row.detail["total"] == response.json()["total"] > 0


def test_an_upload_is_recorded(world, client_for, scans):
    with open(scans["png"], "rb") as fh:
        response = client_for("staff_p").post("/api/documents", files={"files": ("quyet-dinh.png", fh, "image/png")})
    assert response.status_code == 200, response.text
    document_id = response.json()["documents"][0]["id"]
    row = newest(world.archive, "document.upload")
    assert (row.target, row.actor, row.role, row.unit, row.outcome) == (
        f"document:{document_id}",
        "staff_p",
        "staff",
        "P",
        "ok",
    )
    assert row.detail["sha256"] == response.json()["documents"][0]["sha256"]
    with open(scans["png"], "rb") as fh:  # the same bytes again: a duplicate, recorded as such
        client_for("staff_p").post("/api/documents", files={"files": ("ban-sao.png", fh, "image/png")})
    assert newest(world.archive, "document.upload").detail["duplicate"] is True
    client_for("staff_p").post("/api/documents", files={"files": ("hong.pdf", b"%PDF-1.4 garbage", "application/pdf")})
    refused = newest(world.archive, "document.upload")
    assert (refused.outcome, refused.detail["filename"]) == ("failed", "hong.pdf")


def test_the_command_line_is_audited_as_the_system(tmp_path, scans):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = os.environ | {"HOSO_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-m", "archive.cli", "ingest", str(scans["png"]), "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    verified = subprocess.run(
        [sys.executable, "-m", "archive.cli", "audit", "verify"],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=120,
    )
    assert verified.returncode == 0 and "nguyên vẹn" in verified.stdout
    exported = subprocess.run(
        [sys.executable, "-m", "archive.cli", "audit", "export", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=120,
    )
    import json

    rows = json.loads(exported.stdout)["rows"]
    upload = next(r for r in rows if r["action"] == "document.upload")
    assert upload["actor"] == "hệ thống" and upload["role"] == "system" and upload["client"].startswith("cli:")


def test_opening_another_units_document_is_recorded_as_refused(world, client_for):
    """The answer stays a plain 404 (the document's existence is not revealed), but the trail says who tried."""
    client = client_for("ksv_q")
    response = client.get(f"/api/documents/{world.docs['P']}/pages/1/image")
    assert response.status_code == 404
    row = newest(world.archive)
    assert (row.action, row.target, row.outcome, row.actor) == (
        "page.image.view",
        f"document:{world.docs['P']}",
        "refused",
        "ksv_q",
    )
    assert client.get(f"/api/documents/{world.docs['P']}/original").status_code == 404
    assert newest(world.archive).action == "original.download" and newest(world.archive).outcome == "refused"


def test_asking_for_what_does_not_exist_is_not_a_refusal(world, client_for):
    client = client_for("ksv_q")
    before = newest(world.archive).seq
    assert client.get("/api/documents/999999/original").status_code == 404
    after = newest(world.archive)
    assert after.seq == before + 1 and after.outcome == "failed"


def test_a_role_refusal_is_recorded(world, client_for):
    assert client_for("ksv_p").get("/api/audit").status_code == 403
    row = newest(world.archive)
    assert (row.action, row.outcome, row.actor) == ("audit.view", "refused", "ksv_p")


def test_who_viewed_this_cases_evidence(world, client_for):
    for account in ("ksv_p", "staff_p"):
        client_for(account).get(f"/api/documents/{world.docs['P']}/pages/1/image")
    client_for("ksv_p").get(f"/api/documents/{world.docs['R']}/pages/1/image")
    found = client_for("admin").get("/api/audit", params={"case": "HS-P-1", "action": "page.image.view"}).json()
    viewers = {row["actor"] for row in found["rows"]}
    assert viewers == {"ksv_p", "staff_p"}
    assert all(row["target"].startswith(f"document:{world.docs['P']}/") for row in found["rows"])


def test_the_audit_page_speaks_vietnamese_and_is_not_for_everyone(world, client_for):
    client_for("ksv_p").get(f"/api/documents/{world.docs['P']}/pages/1/image")
    page = client_for("admin").get("/audit", params={"account": "ksv_p"})
    assert page.status_code == 200
    assert "Xem ảnh trang" in page.text and "Kiểm sát viên" in page.text and "Thành công" in page.text
    assert ">page.image.view<" not in page.text
    csv_text = client_for("admin").get("/api/audit.csv", params={"account": "ksv_p"}).content.decode("utf-8-sig")
    header, first = list(csv.reader(io.StringIO(csv_text)))[:2]
    assert header[:4] == ["STT chuỗi", "Thời điểm (giờ Việt Nam)", "Thời điểm (UTC, ISO 8601)", "Tài khoản"]
    row = dict(zip(header, first, strict=True))
    assert (row["Vai trò"], row["Kết quả"], row["Mã hành động"]) == ("Kiểm sát viên", "Thành công", "page.image.view")
    assert row["Hành động"] == "Xem ảnh trang" and len(row["Mã băm SHA-256"]) == 64
    assert client_for("staff_p").get("/audit", follow_redirects=False).status_code == 403


def test_the_chain_holds_after_a_morning_of_use(world, client_for, exhibit_set):
    client = client_for("ksv_p")
    for _ in range(3):
        client.get(f"/api/documents/{world.docs['P']}/pages/1/image")
        client.get("/api/search", params={"q": "bi can"})
    world.archive.access_log.flush()
    with world.archive.session() as session:
        result = verify(session)
    assert result.ok and result.rows >= 8


def test_unit_imports_and_case_assignments_are_recorded(world, client_for):
    csv_text = "code,name,level,parent,valid_from,valid_to,successor\nR2,VKSND khu vực 2 Phú Thọ,regional,P,,,\n"
    response = client_for("admin").post(
        "/api/units/import", files={"file": ("don-vi.csv", csv_text.encode(), "text/csv")}
    )
    assert response.status_code == 200, response.text
    row = newest(world.archive, "units.import")
    assert (row.actor, row.outcome, row.detail["created"], row.detail["units"]) == ("admin", "ok", 1, ["R2"])
    from archive.records.models import Case, User
    from archive.trust.accounts import assign_case

    with world.archive.transaction() as session:
        user = session.scalar(select(User).where(User.username == "ksv_q"))
        assign_case(session, user, session.scalar(select(Case).where(Case.code == "HS-P-MAT")))
    row = newest(world.archive, "case.assign")
    assert (row.target, row.detail["user"]) == ("case:HS-P-MAT", "ksv_q")


def test_an_account_created_reads_with_its_role_in_vietnamese(world, client_for):
    page = client_for("admin").get("/audit", params={"action": "user.create", "account": ""})
    assert page.status_code == 200
    assert "vai trò: Kiểm sát viên" in page.text and "vai trò: Quản trị hệ thống" in page.text
    assert not re.search(r"vai trò: (staff|prosecutor|statistician|unit_head|admin)\b", page.text)
