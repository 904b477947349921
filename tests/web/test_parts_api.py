"""The documents inside one scan through the app over HTTP: the viewer's document answer lists them, the case
page lists each under its own type with a link to its first page, search cards carry each one's number, and
staff split, merge and move them; other roles, other units' cases and bad pages are refused in Vietnamese."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from archive.records.models import AuditEvent, Case
from archive.trust.accounts import assign_case, create_user
from tests.samples import MULTI_DOCUMENT_TIFF, processed_upload
from tests.web.conftest import PASSWORD

CHARGE = "qd_khoi_to_bi_can"


@pytest.fixture
def upload(world, multi_document_pages):
    return processed_upload(world.archive, MULTI_DOCUMENT_TIFF, multi_document_pages, case="HS-P-1")


def parts(client, document_id):
    response = client.get(f"/api/documents/{document_id}")
    assert response.status_code == 200, response.text
    return response.json()["parts"]


def test_the_document_answer_and_the_case_page_show_each_document_of_the_scan(client_for, upload):
    prosecutor = client_for("ksv_p")
    found = parts(prosecutor, upload)
    assert [(p["position"], p["total"], p["first_page"], p["type"]) for p in found] == [
        (1, 3, 1, "to_giac"),
        (2, 3, 2, "qd_khoi_to_vu_an"),
        (3, 3, 3, CHARGE),
    ]
    assert found[2]["title"] == "Quyết định khởi tố bị can số 318/QĐ-CSĐT" and found[2]["date"] == "2024-03-03"

    page = prosecutor.get("/cases/HS-P-1").text
    links = re.findall(rf'href="/documents/{upload}\?page=(\d+)" class="part-link">([^<]+)</a>', page)
    assert sorted(links) == [("1", "Không có số"), ("2", "382/QĐ-CSĐT"), ("3", "318/QĐ-CSĐT")]
    charge_group = page.split("<h3>Quyết định khởi tố bị can")[1].split("<h3>")[0]
    assert "318/QĐ-CSĐT" in charge_group and "Phần 3/3" in charge_group and "03/03/2024" in charge_group
    assert "4 văn bản trong 2 tệp" in page  # the scan's three and the case's own one-page record

    hits = prosecutor.get("/api/search", params={"q": f"type:{CHARGE}"}).json()["hits"]
    assert [(h["document_id"], h["page"], h["number"], h["date"]) for h in hits] == [
        (upload, 3, "318/QĐ-CSĐT", "2024-03-03")
    ]


def test_staff_split_merge_and_move_and_the_answers_follow(client_for, upload, world):
    staff = client_for("staff_p")
    first, second, third = (p["id"] for p in parts(staff, upload))
    merged = staff.post(f"/api/documents/{upload}/parts/{second}/merge")
    assert merged.status_code == 200, merged.text
    assert [(p["first_page"], p["last_page"]) for p in merged.json()["parts"]] == [(1, 1), (2, 3)]
    assert staff.get("/api/search", params={"q": f"type:{CHARGE}"}).json()["hits"] == []

    split = staff.post(f"/api/documents/{upload}/parts/{second}/split", json={"page": 3})
    assert split.status_code == 200, split.text
    body = split.json()
    assert [(p["position"], p["first_page"], p["type"]) for p in body["parts"]] == [
        (1, 1, "to_giac"),
        (2, 2, "qd_khoi_to_vu_an"),
        (3, 3, CHARGE),
    ]
    new = body["part_id"]
    assert new == body["parts"][2]["id"]

    moved = staff.post(f"/api/documents/{upload}/parts/{new}/move", json={"case": "HS-R-1"})
    assert moved.status_code == 200, moved.text
    assert moved.json()["parts"][2]["case"] == "HS-R-1"
    # A prosecutor of unit R now sees that one document of the scan, numbered as in the scan, and nothing else.
    regional = client_for("ksv_r")
    assert [(p["position"], p["total"], p["type"]) for p in parts(regional, upload)] == [(3, 3, CHARGE)]
    assert regional.get(f"/api/documents/{upload}/pages/1").status_code == 404
    assert "318/QĐ-CSĐT" in regional.get("/cases/HS-R-1").text
    with world.archive.session() as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.actor == "staff_p", AuditEvent.action.like("part.%"))
        ).all()
    assert actions == ["part.merge", "part.split", "part.move"]


def test_refusals_say_why_in_vietnamese_and_change_nothing(client_for, upload, world):
    staff = client_for("staff_p")
    found = parts(staff, upload)
    first, third = found[0]["id"], found[2]["id"]

    bad_page = staff.post(f"/api/documents/{upload}/parts/{first}/split", json={"page": 1})
    assert bad_page.status_code == 422 and "chỉ có một trang" in bad_page.json()["detail"]
    last = staff.post(f"/api/documents/{upload}/parts/{third}/merge")
    assert last.status_code == 422 and "văn bản cuối" in last.json()["detail"]
    elsewhere = staff.post(f"/api/documents/{upload}/parts/{third}/move", json={"case": "HS-Q-1"})
    assert elsewhere.status_code == 422 and elsewhere.json()["detail"] == "Không tìm thấy vụ án HS-Q-1"
    assert staff.post(f"/api/documents/{upload}/parts/999999/merge").status_code == 404
    assert client_for("ksv_p").post(f"/api/documents/{upload}/parts/{first}/merge").status_code == 403
    with world.archive.transaction() as session:
        create_user(session, "staff_q", PASSWORD, "staff", "Q")
        user = create_user(session, "staff_r", PASSWORD, "staff", "R")
        assign_case(session, user, session.scalar(select(Case).where(Case.code == "HS-P-MAT")))
    assert client_for("staff_q").post(f"/api/documents/{upload}/parts/{first}/merge").status_code == 404

    # Staff of unit R assigned to the restricted case of unit P see the document there, but may not change it.
    assert staff.post(f"/api/documents/{upload}/parts/{third}/move", json={"case": "HS-P-MAT"}).status_code == 200
    refused = client_for("staff_r").post(f"/api/documents/{upload}/parts/{third}/move", json={"case": "HS-R-1"})
    assert refused.status_code == 403 and "HS-P-MAT" in refused.json()["detail"]

    assert [(p["first_page"], p["last_page"], p["case"]) for p in parts(staff, upload)] == [
        (1, 1, "HS-P-1"),
        (2, 2, "HS-P-1"),
        (3, 3, "HS-P-MAT"),
    ]
