"""The case register through the API: create, edit and import, within the person's own units."""

from __future__ import annotations

CSV_HEADER = "code,unit,kind,title,registered_on,trial_on,corruption,folios\n"


def test_staff_create_and_edit_a_case_in_their_units(client_for, world):
    staff = client_for("staff_p")
    created = staff.post(
        "/api/cases",
        json={
            "code": "HS-R-2",
            "unit": "R",
            "kind": "HS",
            "title": "Vụ tham ô tài sản",
            "registered_on": "05/01/2024",
            "corruption": True,
            "folios": 120,
        },
    )
    assert created.status_code == 201, created.text
    assert created.json()["registered_on"] == "2024-01-05" and created.json()["corruption"] is True
    edited = staff.patch("/api/cases/HS-R-2", json={"trial_on": "2024-06-20", "folios": 130})
    assert edited.status_code == 200
    assert (edited.json()["trial_on"], edited.json()["folios"], edited.json()["title"]) == (
        "2024-06-20",
        130,
        "Vụ tham ô tài sản",
    )
    assert staff.post("/api/cases", json={"code": "HS-R-2", "unit": "R", "kind": "HS"}).status_code == 422
    bad_date = staff.patch("/api/cases/HS-R-2", json={"trial_on": "2023-01-01"})
    assert bad_date.status_code == 422 and "xét xử" in bad_date.json()["detail"]


def test_no_case_in_another_province_and_prosecutors_cannot_edit(client_for, world):
    staff = client_for("staff_p")
    assert staff.post("/api/cases", json={"code": "HS-Q-9", "unit": "Q", "kind": "HS"}).status_code == 422
    assert staff.patch("/api/cases/HS-Q-1", json={"title": "đổi"}).status_code == 404
    assert client_for("ksv_p").patch("/api/cases/HS-P-1", json={"title": "đổi"}).status_code == 403


def test_register_import_is_all_or_nothing(client_for, world):
    staff = client_for("staff_p")
    good = CSV_HEADER + "DS-P-1,P,DS,Tranh chấp hợp đồng,2024-02-01,,không,40\n"
    bad = good + "DS-P-2,P,XX,Loại sai,2024-02-01,,no,\n"
    refused = staff.post("/api/cases/import", files={"file": ("so.csv", bad.encode(), "text/csv")})
    assert refused.status_code == 422 and any("dòng 3" in p for p in refused.json()["detail"])
    assert staff.get("/api/cases/DS-P-1").status_code == 404
    accepted = staff.post("/api/cases/import", files={"file": ("so.csv", good.encode(), "text/csv")})
    assert accepted.json() == {"created": 1, "updated": 0}
    assert staff.get("/api/cases/DS-P-1").json()["folios"] == 40
