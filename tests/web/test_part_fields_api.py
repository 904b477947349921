"""A person corrects what was read of one document inside a scan, over HTTP: number, date, issuer and people;
a bad value refuses the whole correction with a Vietnamese reason per field and changes nothing; other roles
and other units are refused; every attempt is audited and search shows the corrected number."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from archive.processing.documents import classify_and_link
from archive.records.models import AuditEvent
from archive.trust.accounts import create_user
from tests.samples import MULTI_DOCUMENT_TIFF, processed_upload
from tests.web.conftest import PASSWORD

CHARGE = "qd_khoi_to_bi_can"


@pytest.fixture
def upload(world, multi_document_pages):
    return processed_upload(world.archive, MULTI_DOCUMENT_TIFF, multi_document_pages, case="HS-P-1")


def charge_part(client, document_id):
    parts = client.get(f"/api/documents/{document_id}").json()["parts"]
    return next(p for p in parts if p["type"] == CHARGE)


def audit_rows(world, action="part.fields"):
    with world.archive.session() as session:
        return [
            (e.actor, e.outcome, e.detail)
            for e in session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))
        ]


def test_staff_correct_number_date_issuer_and_people_and_search_follows(client_for, upload, world):
    staff = client_for("staff_p")
    part = charge_part(staff, upload)
    assert part["number"] == "318/QĐ-CSĐT" and part["link"] == "manual"

    answer = staff.patch(
        f"/api/documents/{upload}/parts/{part['id']}/fields",
        json={
            "number": "319/QĐ-CSĐT",
            "date": "05/03/2024",
            "issuer": "Cơ quan CSĐT Công an tỉnh Phú Thọ",
            "people": [{"name": "Nguyễn Văn Hùng", "role": "bị can"}],
        },
    )
    assert answer.status_code == 200, answer.text
    corrected = next(p for p in answer.json()["parts"] if p["id"] == part["id"])
    assert (corrected["number"], corrected["date"], corrected["issuer"]) == (
        "319/QĐ-CSĐT",
        "2024-03-05",
        "Cơ quan CSĐT Công an tỉnh Phú Thọ",
    )
    assert corrected["people"] == [{"name": "Nguyễn Văn Hùng", "role": "bị can"}]

    hits = client_for("ksv_p").get("/api/search", params={"q": f"type:{CHARGE}"}).json()["hits"]
    assert [(h["page"], h["number"], h["date"]) for h in hits] == [(3, "319/QĐ-CSĐT", "2024-03-05")]
    assert client_for("ksv_p").get("/api/search", params={"q": "date:2024-03-05"}).json()["total"] == 1

    [(actor, outcome, detail)] = audit_rows(world)
    assert (actor, outcome) == ("staff_p", "ok")
    assert detail["before"]["number"] == "318/QĐ-CSĐT" and detail["after"]["number"] == "319/QĐ-CSĐT"

    classify_and_link(world.archive, upload)  # read again: what the person corrected stays
    assert charge_part(staff, upload)["number"] == "319/QĐ-CSĐT"


def test_a_bad_field_refuses_the_whole_correction_with_a_reason_per_field(client_for, upload, world):
    staff = client_for("staff_p")
    before = charge_part(staff, upload)
    answer = staff.patch(
        f"/api/documents/{upload}/parts/{before['id']}/fields",
        json={
            "number": "không có số",
            "date": "31/02/2024",
            "issuer": "Viện kiểm sát",
            "people": [{"name": "Nguyễn Văn 9", "role": "bị can"}, {"name": "Trần Thị Lan", "role": "chủ tịch"}],
        },
    )
    assert answer.status_code == 422
    body = answer.json()
    reasons = {problem["loc"][1]: problem["reason"] for problem in body["errors"]}
    assert set(reasons) == {"number", "date", "people"}
    assert "chữ số" in reasons["number"] and "không có trong lịch" in reasons["date"]
    assert "người thứ 1" in reasons["people"] and "người thứ 2" in reasons["people"]
    assert body["detail"].startswith("Chưa lưu")
    assert charge_part(staff, upload) == before  # the valid issuer was not taken either
    [(actor, outcome, _)] = audit_rows(world)
    assert (actor, outcome) == ("staff_p", "failed")

    future = staff.patch(f"/api/documents/{upload}/parts/{before['id']}/fields", json={"date": "2099-01-01"})
    assert future.status_code == 422 and "sau hôm nay" in future.json()["errors"][0]["reason"]


def test_other_roles_and_other_units_may_not_correct(client_for, upload, world):
    with world.archive.transaction() as session:
        create_user(session, "staff_q", PASSWORD, "staff", "Q")
    part = charge_part(client_for("staff_p"), upload)
    url = f"/api/documents/{upload}/parts/{part['id']}/fields"
    prosecutor = client_for("ksv_p").patch(url, json={"number": "1/QĐ"})
    assert prosecutor.status_code == 403
    other_unit = client_for("staff_q").patch(url, json={"number": "1/QĐ"})
    assert other_unit.status_code == 404
    assert charge_part(client_for("staff_p"), upload)["number"] == "318/QĐ-CSĐT"
    assert [(actor, outcome) for actor, outcome, _ in audit_rows(world)] == [("staff_q", "refused")]


def test_review_answer_boxes_the_words_a_field_was_read_from_and_saving_reviewed_leaves_the_queue(
    client_for, upload, world
):
    staff = client_for("staff_p")
    part = charge_part(staff, upload)
    review = staff.get(f"/api/review/{upload}", params={"part": part["position"]}).json()
    assert review["part"]["id"] == part["id"]
    number = review["evidence"]["number"]
    assert number["page"] == 3 and number["boxes"]
    page = staff.get(f"/api/documents/{upload}/pages/3").json()
    words = [w["text"] for w in page["words"] if w["box"] in number["boxes"]]
    assert "318/QĐ-CSĐT" in "".join(words).replace("số", "")
    assert review["evidence"]["date"]["page"] == 3
    assert review["part"]["reasons"] == [] or set(review["part"]["reasons"]) <= {"type", "link", "quality"}

    saved = staff.patch(f"/api/documents/{upload}/parts/{part['id']}/fields", json={"type": CHARGE, "reviewed": True})
    assert saved.status_code == 200, saved.text
    assert next(p for p in saved.json()["parts"] if p["id"] == part["id"])["confirmed"] is True
    assert audit_rows(world)[-1][2]["type"] == {"from": CHARGE, "to": CHARGE}


def test_a_duplicate_upload_answers_with_the_original_and_its_real_link_state(client_for, upload):
    staff = client_for("staff_p")
    with open(MULTI_DOCUMENT_TIFF, "rb") as fh:
        report = staff.post("/api/documents", files={"files": (MULTI_DOCUMENT_TIFF.name, fh, "image/tiff")}).json()
    [again] = report["documents"]
    assert again["duplicate"] is True and again["id"] == upload
    original = staff.get(f"/api/documents/{again['id']}").json()
    assert (original["status"], original["case"], original["link_status"]) == ("done", "HS-P-1", "manual")
    assert {part["link"] for part in original["parts"]} == {"manual"}
    assert {part["case"] for part in original["parts"]} == {"HS-P-1"}
    assert "link" not in original["reasons"]  # filed by a person: nothing about its case waits
