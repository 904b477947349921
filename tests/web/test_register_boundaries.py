"""The case register over the API never crosses a unit: every CSV row and every edit checks the case as it is,
not only the unit it would go to; refusals say nothing about the other unit's case, and every write and refusal
is audited. Review candidates name only cases the reader may open.
"""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from archive.records.models import AuditEvent, Case, Document, Unit
from archive.trust.accounts import assign_case, create_user
from tests.web.conftest import PASSWORD

HEADER = "code,unit,kind,title,registered_on,trial_on,corruption,folios\n"
SECRET = "HS-P-MAT"  # P's restricted case, assigned to ksv_p2


@pytest.fixture
def outsiders(world):
    """Staff of province Q: one with no tie to P's restricted case, one assigned to it (may read, not re-file)."""
    with world.archive.transaction() as s:
        create_user(s, "staff_q", PASSWORD, "staff", "Q", full_name="Cán bộ Q")
        assigned = create_user(s, "staff_q_giao", PASSWORD, "staff", "Q", full_name="Cán bộ Q được giao")
        s.flush()
        assign_case(s, assigned, s.scalar(select(Case).where(Case.code == SECRET)))


def case_state(world, code: str) -> tuple:
    with world.archive.session() as s:
        case = s.scalar(select(Case).where(Case.code == code))
        return (case.unit.code, case.title, case.kind, case.restricted, case.folios)


def audit(world, action: str | None = None, target: str | None = None) -> list[AuditEvent]:
    with world.archive.session() as s:
        query = select(AuditEvent).order_by(AuditEvent.seq)
        if action:
            query = query.where(AuditEvent.action == action)
        if target:
            query = query.where(AuditEvent.target == target)
        return s.scalars(query).all()


def import_csv(client, text: str):
    return client.post("/api/cases/import", files={"file": ("so.csv", text.encode(), "text/csv")})


def test_csv_cannot_take_over_another_units_case(client_for, world, outsiders):
    staff_q = client_for("staff_q")
    before = {code: case_state(world, code) for code in (SECRET, "HS-P-1")}
    takeover = HEADER + "HS-Q-2,Q,HS,Vụ mới của Q,2024-01-02,,no,\n" + f"{SECRET},Q,HS,Đổi tên,2024-01-01,,no,5\n"
    refused = import_csv(staff_q, takeover)
    assert refused.status_code == 422
    assert refused.json()["detail"] == [f"không có quyền với vụ án ở dòng 3 (mã '{SECRET}')"]
    # An unrestricted case of P gets the very same answer: nothing tells the two apart.
    plain = import_csv(staff_q, HEADER + "HS-P-1,Q,HS,Đổi tên,2024-01-01,,no,5\n")
    assert plain.json()["detail"] == ["không có quyền với vụ án ở dòng 2 (mã 'HS-P-1')"]
    for text in (refused.text, plain.text):
        assert "Vụ án hạn chế" not in text and "lừa đảo" not in text and "Phú Thọ" not in text
    assert {code: case_state(world, code) for code in before} == before
    assert staff_q.get("/api/cases/HS-Q-2").status_code == 404  # all rows or none
    rows = audit(world, "case.write_refused", f"case:{SECRET}")
    assert [(r.actor, r.outcome, r.detail["line"], r.detail["reason"]) for r in rows] == [
        ("staff_q", "refused", 3, "invisible")
    ]
    summaries = audit(world, "cases.import")
    assert [(r.actor, r.outcome) for r in summaries] == [("staff_q", "refused"), ("staff_q", "refused")]


def test_patch_cannot_move_edit_or_unrestrict_another_units_case(client_for, world, outsiders):
    staff_q = client_for("staff_q")
    before = case_state(world, SECRET)
    for body in ({"restricted": False}, {"unit": "Q"}, {"title": "Đã lấy"}):
        response = staff_q.patch(f"/api/cases/{SECRET}", json=body)
        assert response.status_code == 404
        assert response.json() == staff_q.patch("/api/cases/KHONG-CO", json=body).json()
    assert case_state(world, SECRET) == before
    refusals = audit(world, "case.edit", f"case:{SECRET}")
    assert len(refusals) == 3 and {(r.actor, r.outcome) for r in refusals} == {("staff_q", "refused")}
    # Creating a case under an existing, invisible code is refused too (and changes nothing).
    created = staff_q.post("/api/cases", json={"code": SECRET, "unit": "Q", "kind": "HS"})
    assert created.status_code == 422 and created.json()["detail"] == f"không có quyền với vụ án {SECRET}"
    assert case_state(world, SECRET) == before


def test_assigned_outsider_reads_but_cannot_refile(client_for, world, outsiders):
    assigned = client_for("staff_q_giao")
    assert assigned.get(f"/api/cases/{SECRET}").status_code == 200
    before = case_state(world, SECRET)
    patched = assigned.patch(f"/api/cases/{SECRET}", json={"restricted": False, "unit": "Q"})
    assert patched.status_code == 403 and patched.json()["detail"] == f"không có quyền sửa vụ án {SECRET}"
    imported = import_csv(assigned, HEADER + f"{SECRET},Q,HS,Vụ án hạn chế,,,no,\n")
    assert imported.status_code == 422 and imported.json()["detail"] == [
        f"không có quyền với vụ án ở dòng 2 (mã '{SECRET}')"
    ]
    assert case_state(world, SECRET) == before
    assert [r.detail["reason"] for r in audit(world, "case.write_refused", f"case:{SECRET}")] == ["not_writable"]


def test_own_staff_moves_within_their_units_and_every_change_is_audited(client_for, world):
    staff = client_for("staff_p")
    edited = staff.patch(f"/api/cases/{SECRET}", json={"unit": "R", "title": "Vụ án hạn chế (chuyển)"})
    assert edited.status_code == 200 and edited.json()["unit"] == "R"
    updated = audit(world, "case.updated", f"case:{SECRET}")
    assert [(r.actor, r.role, r.unit, r.outcome) for r in updated] == [("staff_p", "staff", "P", "ok")]
    assert updated[0].detail["changes"] == {
        "unit": {"old": "P", "new": "R"},
        "title": {"old": "Vụ án hạn chế", "new": "Vụ án hạn chế (chuyển)"},
    }
    # The new unit is checked on every row as well: no row may file a case outside the person's units.
    outside = import_csv(staff, HEADER + "HS-R-1,Q,HS,Vụ trộm cắp tài sản,,,no,\n")
    assert outside.status_code == 422 and outside.json()["detail"] == ["dòng 2: không có quyền ghi vào đơn vị 'Q'"]
    assert case_state(world, "HS-R-1")[0] == "R"
    good = HEADER + "DS-P-7,P,DS,Tranh chấp đất đai,2024-02-01,,no,12\nHS-R-1,R,HS,Vụ trộm cắp xe máy,,,no,\n"
    assert import_csv(staff, good).json() == {"created": 1, "updated": 1}
    created = audit(world, "case.created", "case:DS-P-7")
    assert created[0].detail["source"] == "import" and created[0].detail["changes"]["folios"] == {
        "old": None,
        "new": 12,
    }
    retitled = audit(world, "case.updated", "case:HS-R-1")
    assert retitled[-1].detail["changes"] == {"title": {"old": "Vụ trộm cắp tài sản", "new": "Vụ trộm cắp xe máy"}}
    assert audit(world, "cases.import")[-1].detail == {"rows": 2, "created": 1, "updated": 1}


@pytest.fixture
def waiting_document(world) -> int:
    """An upload at P waiting for a person, whose candidates are P's open case and P's restricted one."""
    with world.archive.transaction() as s:
        unit = s.scalar(select(Unit).where(Unit.code == "P"))
        document = Document(
            sha256=hashlib.sha256(b"cho-xem-xet").hexdigest(),
            filename="cho-xem-xet.pdf",
            media_type="application/pdf",
            size=10,
            unit_id=unit.id,
            status="done",
            page_count=1,
            pages_done=1,
            needs_review=True,
            link_status="review",
            link_reason="Có nhiều vụ án phù hợp, cần người xác nhận",
            link_candidates=[
                {"case": SECRET, "score": 4.5, "reasons": ["tên vụ án có tên Phạm Văn Dũng"]},
                {"case": "HS-P-1", "score": 3.0, "reasons": ["cùng tên bị can Nguyễn Văn An"]},
                {"case": "HS-Q-1", "score": 1.5, "reasons": ["cùng tên bị can Lê Văn Cường"]},
            ],
        )
        s.add(document)
        s.flush()
        return document.id


def test_review_candidates_name_only_cases_the_reader_may_open(client_for, world, waiting_document):
    reader = client_for("ksv_p")  # P, not assigned to the restricted case
    answers = [
        reader.get(f"/api/documents/{waiting_document}").json()["link_candidates"],
        next(d for d in reader.get("/api/documents").json()["documents"] if d["id"] == waiting_document)[
            "link_candidates"
        ],
    ]
    queued = next(d for d in reader.get("/api/review").json()["documents"] if d["id"] == waiting_document)
    answers += [queued["candidates"], queued["link_candidates"]]
    for candidates in answers:
        assert [c["case"] for c in candidates] == ["HS-P-1"]
    everything = reader.get("/api/review").text + reader.get(f"/api/documents/{waiting_document}").text
    assert SECRET not in everything and "Phạm Văn Dũng" not in everything and "HS-Q-1" not in everything
    assigned = client_for("ksv_p2").get(f"/api/documents/{waiting_document}").json()["link_candidates"]
    assert [c["case"] for c in assigned] == [SECRET, "HS-P-1"]
    admin = client_for("admin").get(f"/api/documents/{waiting_document}").json()["link_candidates"]
    assert [c["case"] for c in admin] == [SECRET, "HS-P-1", "HS-Q-1"]
    with world.archive.session() as s:  # stored as linking found them; filtered only when read
        assert len(s.get(Document, waiting_document).link_candidates) == 3
    staff = client_for("staff_p")
    corrected = staff.patch(f"/api/documents/{waiting_document}", json={"reviewed": True})
    assert [c["case"] for c in corrected.json()["link_candidates"]] == [SECRET, "HS-P-1"]


def test_assigned_outsider_cannot_move_documents_into_or_out_of_the_case(client_for, world, outsiders):
    assigned = client_for("staff_q_giao")
    into = assigned.patch(f"/api/documents/{world.docs['Q']}", json={"case": SECRET})
    assert into.status_code == 422 and into.json()["detail"] == f"Không tìm thấy vụ án {SECRET}"
    out = assigned.patch(f"/api/documents/{world.docs['X']}", json={"case": "HS-Q-1"})
    assert out.status_code == 403
    with world.archive.session() as s:
        placed = {d.id: (d.case.code, d.unit.code) for d in s.scalars(select(Document))}
    assert placed[world.docs["Q"]] == ("HS-Q-1", "Q") and placed[world.docs["X"]] == (SECRET, "P")
