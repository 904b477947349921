"""Exhibit sets: numbering, order, captions, presenting records the hearing, the PDF bundle."""

from __future__ import annotations

import io

import pdfplumber
import pikepdf
from sqlalchemy import select

from archive.records.models import Hearing, Presentation


def make_set(client, world, hearing_on="2024-05-02"):
    created = client.post(
        "/api/exhibit-sets", json={"case": "HS-P-1", "title": "Phiên sơ thẩm", "hearing_on": hearing_on}
    )
    assert created.status_code == 201, created.text
    return created.json()["id"]


def add(client, set_id, document_id, **extra):
    response = client.post(f"/api/exhibit-sets/{set_id}/items", json={"document_id": document_id, "page": 1} | extra)
    assert response.status_code == 201, response.text
    return response.json()


def second_document(world):
    """Another page of case HS-P-1, so a set has more than one source."""
    from archive.records.models import Case, Unit
    from tests.web.conftest import add_document

    with world.archive.transaction() as s:
        case = s.scalar(select(Case).where(Case.code == "HS-P-1"))
        unit = s.scalar(select(Unit).where(Unit.code == "P"))
        return add_document(world.archive, s, case, unit, "Biên bản lấy lời khai người làm chứng", "loi-khai.jpg")


def test_items_are_numbered_ordered_and_captioned(client_for, world):
    client = client_for("ksv_p")
    set_id = make_set(client, world)
    other = second_document(world)
    add(client, set_id, world.docs["P"], caption="Cáo trạng")
    add(client, set_id, other, caption="Lời khai", region=[10, 10, 300, 200])
    data = add(client, set_id, world.docs["P"], region=[0, 0, 400, 300], highlights=[[40, 40, 100, 60]])
    assert [i["label"] for i in data["items"]] == ["Chứng cứ số 1", "Chứng cứ số 2", "Chứng cứ số 3"]
    assert data["items"][1]["region"] == [10, 10, 300, 200]
    assert data["items"][2]["highlights"] == [[40, 40, 100, 60]]
    first, second, third = (i["id"] for i in data["items"])

    moved = client.patch(f"/api/exhibit-sets/{set_id}/items/{third}", json={"move": -2}).json()
    assert [i["id"] for i in moved["items"]] == [third, first, second]
    assert moved["items"][0]["label"] == "Chứng cứ số 1"

    ordered = client.put(f"/api/exhibit-sets/{set_id}/order", json={"items": [second, third, first]}).json()
    assert [(i["number"], i["id"]) for i in ordered["items"]] == [(1, second), (2, third), (3, first)]
    assert client.put(f"/api/exhibit-sets/{set_id}/order", json={"items": [second, third]}).status_code == 422

    captioned = client.patch(f"/api/exhibit-sets/{set_id}/items/{third}", json={"caption": "Đoạn khai nhận tội"})
    assert captioned.json()["items"][1]["caption"] == "Đoạn khai nhận tội"

    removed = client.delete(f"/api/exhibit-sets/{set_id}/items/{second}").json()
    assert [(i["number"], i["id"]) for i in removed["items"]] == [(1, third), (2, first)]


def test_pages_of_another_case_or_invisible_pages_are_refused(client_for, world):
    client = client_for("ksv_p")
    set_id = make_set(client, world)
    other_case = client.post(f"/api/exhibit-sets/{set_id}/items", json={"document_id": world.docs["R"], "page": 1})
    assert other_case.status_code == 422 and "vụ án khác" in other_case.json()["detail"]
    hidden = client.post(f"/api/exhibit-sets/{set_id}/items", json={"document_id": world.docs["Q"], "page": 1})
    assert hidden.status_code == 404
    bad_region = client.post(
        f"/api/exhibit-sets/{set_id}/items", json={"document_id": world.docs["P"], "page": 1, "region": [5, 5, 6, 6]}
    )
    assert bad_region.status_code == 422
    assert client_for("ksv_q").get(f"/api/exhibit-sets/{set_id}").status_code == 404
    assert client_for("ksv_q").get(f"/exhibits/{set_id}/present").status_code == 404


def test_presenting_records_a_hearing_with_digital_evidence(client_for, world):
    client = client_for("ksv_p")
    set_id = make_set(client, world)
    assert client.post(f"/api/exhibit-sets/{set_id}/presentations", json={}).status_code == 422  # no items yet
    add(client, set_id, world.docs["P"])
    first = client.post(f"/api/exhibit-sets/{set_id}/presentations", json={})
    assert first.status_code == 201
    again = client.post(f"/api/exhibit-sets/{set_id}/presentations", json={"hearing_on": "2024-05-02"})
    assert again.json()["hearing"] == first.json()["hearing"]
    with world.archive.session() as s:
        hearings = s.scalars(select(Hearing)).all()
        assert len(hearings) == 1
        hearing = hearings[0]
        assert hearing.digital_evidence and hearing.source == "exhibit" and hearing.held_on.isoformat() == "2024-05-02"
        assert hearing.recorded_by == "ksv_p" and hearing.case.code == "HS-P-1"
        assert len(s.scalars(select(Presentation)).all()) == 2
    case = client.get("/api/cases/HS-P-1").json()
    assert case["hearings"] == [
        {"held_on": "2024-05-02", "digital_evidence": True, "source": "exhibit", "recorded_by": "ksv_p"}
    ]


def test_presenting_marks_an_existing_hearing(client_for, world):
    import datetime as dt

    from archive.records.models import Case

    with world.archive.transaction() as s:
        case = s.scalar(select(Case).where(Case.code == "HS-P-1"))
        s.add(Hearing(case_id=case.id, held_on=dt.date(2024, 6, 1), digital_evidence=False, source="import"))
    client = client_for("ksv_p")
    set_id = make_set(client, world, hearing_on=None)
    add(client, set_id, world.docs["P"])
    assert client.post(f"/api/exhibit-sets/{set_id}/presentations", json={}).status_code == 422  # no date
    presented = client.post(f"/api/exhibit-sets/{set_id}/presentations", json={"hearing_on": "2024-06-01"})
    assert presented.status_code == 201
    with world.archive.session() as s:
        hearing = s.scalar(select(Hearing))
        assert hearing.digital_evidence and hearing.source == "exhibit"
        assert len(s.scalars(select(Hearing)).all()) == 1


def test_bundle_has_cover_index_stamped_exhibits_and_bookmarks(client_for, world):
    client = client_for("ksv_p")
    set_id = make_set(client, world)
    other = second_document(world)
    add(client, set_id, world.docs["P"], caption="Cáo trạng truy tố", highlights=[[40, 40, 120, 60]])
    add(client, set_id, other, caption="Lời khai người làm chứng", region=[20, 20, 380, 300])
    response = client.get(f"/api/exhibit-sets/{set_id}/bundle.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    data = response.content
    with world.archive.session() as s:
        from archive.records.models import Document

        sha_p = s.get(Document, world.docs["P"]).sha256
        sha_other = s.get(Document, other).sha256
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 1 + 1 + 2
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
        assert titles == [
            "Trang bìa",
            "Mục lục",
            "Chứng cứ số 1: Cáo trạng truy tố",
            "Chứng cứ số 2: Lời khai người làm chứng",
        ]
        fonts = {str(font.get("/BaseFont")) for page in pdf.pages for font in page.Resources.get("/Font", {}).values()}
        assert any("Liberation" in name or "HosoSerif" in name for name in fonts)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
    assert "BỘ CHỨNG CỨ TRÌNH CHIẾU TẠI PHIÊN TÒA" in texts[0]
    assert "HS-P-1" in texts[0] and "02/05/2024" in texts[0] and "Nguyễn ksv_p" in texts[0]
    assert "MỤC LỤC CHỨNG CỨ" in texts[1] and "Chứng cứ số 2" in texts[1]
    assert "Chứng cứ số 1" in texts[2] and sha_p in texts[2].replace("\n", " ")
    assert "Chứng cứ số 2" in texts[3] and sha_other in texts[3].replace("\n", " ")
    assert "loi-khai.jpg" in texts[3]


def test_empty_set_cannot_be_exported(client_for, world):
    client = client_for("ksv_p")
    set_id = make_set(client, world)
    assert client.get(f"/api/exhibit-sets/{set_id}/bundle.pdf").status_code == 422


def test_undoing_a_presentation_puts_the_hearing_back(client_for, world):
    """A record that marked an imported hearing gives it back its state; one that created a hearing that
    another presentation still stands for leaves it; only the author may undo, and a refusal is audited."""
    import datetime as dt

    from archive.records.models import AuditEvent, Case

    with world.archive.transaction() as s:
        case = s.scalar(select(Case).where(Case.code == "HS-P-1"))
        s.add(
            Hearing(
                case_id=case.id,
                held_on=dt.date(2024, 6, 1),
                digital_evidence=False,
                source="import",
                recorded_by="tk_p",
            )
        )
    client = client_for("ksv_p")
    set_id = make_set(client, world, hearing_on=None)
    add(client, set_id, world.docs["P"])
    marked = client.post(f"/api/exhibit-sets/{set_id}/presentations", json={"hearing_on": "2024-06-01"}).json()
    created = client.post(f"/api/exhibit-sets/{set_id}/presentations", json={"hearing_on": "2024-06-08"}).json()
    again = client.post(f"/api/exhibit-sets/{set_id}/presentations", json={"hearing_on": "2024-06-08"}).json()
    assert [p["hearing_on"] for p in client.get(f"/api/exhibit-sets/{set_id}").json()["presented"]] == [
        "2024-06-01",
        "2024-06-08",
        "2024-06-08",
    ]

    other = client_for("ksv_p2").delete(f"/api/exhibit-sets/{set_id}/presentations/{marked['presentation']}")
    assert other.status_code == 403
    assert client.delete(f"/api/exhibit-sets/{set_id}/presentations/999999").status_code == 404

    undone = client.delete(f"/api/exhibit-sets/{set_id}/presentations/{marked['presentation']}")
    assert undone.status_code == 200 and undone.json()["hearing"] == "restored"
    first = client.delete(f"/api/exhibit-sets/{set_id}/presentations/{created['presentation']}").json()
    assert first["hearing"] == "kept"  # the third presentation still stands for the hearing of 8 June
    with world.archive.session() as s:
        hearings = {
            h.held_on.isoformat(): (h.digital_evidence, h.source, h.recorded_by) for h in s.scalars(select(Hearing))
        }
        assert hearings == {"2024-06-01": (False, "import", "tk_p"), "2024-06-08": (True, "exhibit", "ksv_p")}
    last = client.delete(f"/api/exhibit-sets/{set_id}/presentations/{again['presentation']}").json()
    assert last["hearing"] == "removed"
    with world.archive.session() as s:
        assert [h.held_on.isoformat() for h in s.scalars(select(Hearing))] == ["2024-06-01"]
        assert s.scalars(select(Presentation)).all() == []
        rows = [
            (e.actor, e.outcome)
            for e in s.scalars(
                select(AuditEvent).where(AuditEvent.action == "exhibit_set.present_undo").order_by(AuditEvent.id)
            )
        ]
        assert rows == [("ksv_p2", "refused"), ("ksv_p", "ok"), ("ksv_p", "ok"), ("ksv_p", "ok")]
    assert client.get("/api/cases/HS-P-1").json()["hearings"][0]["digital_evidence"] is False
