"""Who sees what: units and their subordinates, restricted cases, 404 for everything else."""

from __future__ import annotations

from sqlalchemy import select

from archive.records.models import User
from archive.trust.access import search_scope, visible_unit_codes


def search_cases(client, q="cao trang"):
    response = client.get("/api/search", params={"q": q})
    assert response.status_code == 200
    return {hit["case"] for hit in response.json()["hits"]}


def test_visible_units_are_own_unit_and_subordinates(world):
    with world.archive.session() as s:
        users = {u.username: u for u in s.scalars(select(User)).all()}
        assert visible_unit_codes(s, users["ksv_p"]) == {"P", "R"}
        assert visible_unit_codes(s, users["ksv_r"]) == {"R"}
        assert visible_unit_codes(s, users["admin"]) is None
        scope = search_scope(s, users["ksv_p2"])
        assert scope.units == {"P", "R"} and scope.restricted_cases == {"HS-P-MAT"}
        assert search_scope(s, users["staff_p"]).restricted_cases == {"HS-P-MAT"}
        assert search_scope(s, users["ksv_p"]).restricted_cases == frozenset()


def test_other_unit_gets_404_by_page_url_and_api(client_for, world):
    client = client_for("ksv_q")
    doc = world.docs["P"]
    for url in (
        f"/api/documents/{doc}",
        f"/api/documents/{doc}/pages",
        f"/api/documents/{doc}/pages/1",
        f"/api/documents/{doc}/pages/1/image",
        f"/api/documents/{doc}/pages/1/thumbnail",
        f"/api/documents/{doc}/original",
        "/api/cases/HS-P-1",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
    assert client.get("/api/documents/999999").json() == client.get(f"/api/documents/{doc}").json()
    for url in (f"/documents/{doc}", "/cases/HS-P-1"):
        page = client.get(url)
        assert page.status_code == 404 and "Không tìm thấy" in page.text
    assert client.patch(f"/api/documents/{doc}", json={"type": "ban_an"}).status_code == 403  # not staff
    listed = {d["id"] for d in client.get("/api/documents").json()["documents"]}
    assert listed == {world.docs["Q"]}
    assert search_cases(client) == {"HS-Q-1"}


def test_province_sees_its_subordinate_units_case(client_for, world):
    client = client_for("ksv_p")
    assert client.get(f"/api/documents/{world.docs['R']}").status_code == 200
    assert client.get("/api/cases/HS-R-1").status_code == 200
    assert {c["code"] for c in client.get("/api/cases").json()["cases"]} == {"HS-P-1", "HS-R-1"}
    assert search_cases(client) == {"HS-P-1", "HS-R-1"}
    regional = client_for("ksv_r")
    assert regional.get(f"/api/documents/{world.docs['P']}").status_code == 404
    assert search_cases(regional) == {"HS-R-1"}


def test_restricted_case_hidden_from_unassigned_prosecutor(client_for, world):
    unassigned = client_for("ksv_p")
    assert "HS-P-MAT" not in search_cases(unassigned)
    assert search_cases(unassigned, "Phạm Văn Dũng") == set()
    assert unassigned.get(f"/api/documents/{world.docs['X']}").status_code == 404
    assert unassigned.get("/api/cases/HS-P-MAT").status_code == 404
    assert unassigned.get("/cases/HS-P-MAT").status_code == 404

    assigned = client_for("ksv_p2")
    assert "HS-P-MAT" in search_cases(assigned)
    assert assigned.get(f"/api/documents/{world.docs['X']}").status_code == 200
    assert assigned.get("/cases/HS-P-MAT").status_code == 200

    staff = client_for("staff_p")
    assert staff.get(f"/api/documents/{world.docs['X']}").status_code == 200


def test_admin_sees_everything(client_for):
    admin = client_for("admin")
    assert search_cases(admin) == {"HS-P-1", "HS-R-1", "HS-Q-1", "HS-P-MAT"}


def test_upload_files_under_own_unit_and_refuses_invisible_case(client_for, world):
    from tests.web.conftest import page_image

    staff = client_for("staff_p")
    refused = staff.post(
        "/api/documents", data={"case": "HS-Q-1"}, files={"files": ("a.jpg", page_image(), "image/jpeg")}
    )
    assert refused.status_code == 422
    accepted = staff.post("/api/documents", files={"files": ("scan.jpg", page_image(300, 420), "image/jpeg")})
    assert accepted.status_code == 200, accepted.text
    document_id = accepted.json()["documents"][0]["id"]
    document = staff.get(f"/api/documents/{document_id}").json()
    assert document["unit"] == "P" and document["uploaded_by"] == "staff_p"
    assert client_for("ksv_q").get(f"/api/documents/{document_id}").status_code == 404
    status = staff.get("/api/documents", params={"ids": str(document_id)}).json()["documents"]
    assert [d["id"] for d in status] == [document_id]


def test_staff_correct_type_and_case_link(client_for, world):
    staff = client_for("staff_p")
    doc = world.docs["R"]
    response = staff.patch(f"/api/documents/{doc}", json={"type": "ket_luan_sai"})
    assert response.status_code == 422
    response = staff.patch(f"/api/documents/{doc}", json={"type": "kl_dieu_tra", "case": "HS-P-1"})
    assert response.status_code == 200
    data = response.json()
    assert data["type"] == "kl_dieu_tra" and data["type_confirmed"] and data["case"] == "HS-P-1"
    assert data["link_status"] == "manual"
    assert staff.patch(f"/api/documents/{doc}", json={"case": "HS-Q-1"}).status_code == 422
    hits = staff.get("/api/search", params={"q": "Trần Văn Bình"}).json()["hits"]
    assert {h["case"] for h in hits} == {"HS-P-1"}
    assert {h["type"] for h in hits} == {"kl_dieu_tra"}
