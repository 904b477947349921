"""The statistics API and pages through FastAPI's TestClient, with bearer tokens for each role."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select

from archive.records.models import Unit, User
from archive.trust.accounts import create_token
from tests.statistics import register as hand
from web.app import create_app

PEOPLE = {  # username: role, unit
    "thongke_bn": ("statistician", "BN"),
    "truong_bn": ("unit_head", "BN"),
    "truong_hn": ("unit_head", "HN"),
    "ksv_bn": ("prosecutor", "BN"),
    "quantri": ("admin", None),
}


@pytest.fixture
def client(registered):
    tokens = {}
    with registered.transaction() as session:
        units = dict(session.execute(select(Unit.code, Unit.id)).all())
        for username, (role, unit) in PEOPLE.items():
            # Signed in by token only, so no password (and no slow password hashing) is needed.
            user = User(
                username=username,
                full_name=f"Ông {username}",
                password_hash="!",
                role=role,
                unit_id=units.get(unit),
                active=True,
            )
            session.add(user)
            session.flush()
            tokens[username] = create_token(session, user)
    with TestClient(create_app(registered)) as test_client:
        test_client.tokens = tokens
        yield test_client


def get(client, who: str, url: str, **params):
    return client.get(url, params=params, headers={"Authorization": f"Bearer {client.tokens[who]}"})


def post(client, who: str, url: str, **kwargs):
    return client.post(url, headers={"Authorization": f"Bearer {client.tokens[who]}"}, **kwargs)


def test_report_for_own_unit(client):
    response = get(client, "thongke_bn", "/api/statistics/report", period="2023")
    assert response.status_code == 200
    report = response.json()
    assert report["unit"] == "BN"
    assert {r["code"]: (r["numerator"], r["denominator"]) for r in report["indicators"]} == hand.EXPECTED["BN"]
    assert [u["code"] for u in report["units"]] == ["BN-KV1", "BN-KV2", "BN-TS"]
    year = {"from": "2022-12-01", "to": "2023-11-30"}
    kv1 = get(client, "thongke_bn", "/api/statistics/report", unit="BN-KV1", **year)
    assert {r["code"]: (r["numerator"], r["denominator"]) for r in kv1.json()["indicators"]} == hand.EXPECTED["BN-KV1"]
    national = get(client, "quantri", "/api/statistics/report", period="2023", cases="true").json()
    assert national["unit"] is None and national["cases"][hand.CRIMINAL]["numerator"] == ["H1", "H5", "H8", "H9"]


def test_access_rules(client):
    assert client.get("/api/statistics/report").status_code == 401
    assert get(client, "ksv_bn", "/api/statistics/report").status_code == 403
    response = get(client, "thongke_bn", "/api/statistics/report", unit="HN", period="2023")
    assert response.status_code == 403 and "HN" in response.json()["detail"]
    assert get(client, "thongke_bn", "/api/statistics/report", period="2023-13").status_code == 422
    assert get(client, "quantri", "/api/statistics/report", unit="XX").status_code == 404


def test_drilldown(client):
    for code, parts in hand.BN_CASES.items():
        for part, expected in parts.items():
            body = get(client, "truong_bn", "/api/statistics/cases", indicator=code, part=part, period="2023").json()
            assert [r["case"] for r in body["cases"]] == expected and body["total"] == len(expected)
    page = get(
        client, "truong_bn", "/api/statistics/cases", indicator=hand.CRIMINAL, period="2023", limit=2, offset=2
    ).json()
    assert [r["case"] for r in page["cases"]] == ["H2", "H5"] and page["total"] == 7
    assert get(client, "truong_bn", "/api/statistics/cases", indicator="x").status_code == 422


def test_downloads(client):
    response = get(client, "thongke_bn", "/api/statistics/report.xlsx", period="2023")
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Tổng hợp", "Tỉnh", "Khu vực", "Huyện (trước 7-2025)", "Vụ án"]
    response = get(client, "thongke_bn", "/api/statistics/report.csv", period="2023")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Mã đơn vị") and len(lines) == 13


def test_consistency_reconciliation_and_signoff(client):
    assert get(client, "thongke_bn", "/api/statistics/consistency", period="2023").json()["consistent"] is True
    csv_text = "case,tried_on,digital_evidence\nH1,2022-12-01,yes\nH2,2023-11-30,no\n"
    response = post(
        client,
        "thongke_bn",
        "/api/statistics/court-figures",
        data={"period": "2023"},
        files={"file": ("toa-an.csv", csv_text.encode(), "text/csv")},
    )
    assert response.status_code == 200 and response.json()["rows"] == 2
    body = get(client, "thongke_bn", "/api/statistics/reconciliation", period="2023").json()
    assert [(r["case"], r["issue"]) for r in body["disagreements"]] == [
        ("C5", "only_procuracy"),
        ("H5", "only_procuracy"),
        ("H6", "only_procuracy"),
        ("H7", "only_procuracy"),
        ("H9", "only_procuracy"),
    ]
    bad = post(
        client,
        "thongke_bn",
        "/api/statistics/court-figures",
        data={"period": "2023"},
        files={"file": ("toa-an.csv", b"case,tried_on\nH1,2022-12-01\n", "text/csv")},
    )
    assert bad.status_code == 422 and bad.json()["detail"]["problems"][0].startswith("thiếu cột")

    assert post(client, "thongke_bn", "/api/statistics/signoff", json={"period": "2023"}).status_code == 403
    assert post(client, "quantri", "/api/statistics/signoff", json={"period": "2023"}).status_code == 403
    other_head = post(client, "truong_hn", "/api/statistics/signoff", json={"period": "2023", "unit": "BN"})
    assert other_head.status_code == 403
    signed = post(client, "truong_bn", "/api/statistics/signoff", json={"period": "2023"})
    assert signed.status_code == 200 and signed.json()["signed_by"] == "Ông truong_bn"
    report = get(client, "thongke_bn", "/api/statistics/report", period="2023").json()
    assert report["status"] == "signed" and report["signoff"]["changed"] is False
    response = post(
        client,
        "ksv_bn",
        "/api/statistics/hearings",
        json={"case": "H6", "held_on": "2023-05-20", "digital_evidence": True},
    )
    assert response.status_code == 200
    report = get(client, "thongke_bn", "/api/statistics/report", period="2023").json()
    assert report["signoff"]["differences"][0] == {
        "indicator": hand.CRIMINAL,
        "field": "numerator",
        "signed": 3,
        "now": 4,
    }


def test_targets_and_records(client):
    response = client.put(
        "/api/statistics/targets",
        json={"indicator": hand.CIVIL, "target": "25%", "year": 2023},
        headers={"Authorization": f"Bearer {client.tokens['quantri']}"},
    )
    assert response.status_code == 200 and response.json()["target"] == 0.25
    assert (
        client.put(
            "/api/statistics/targets",
            json={"indicator": hand.CIVIL, "target": "0.5", "year": 2023},
            headers={"Authorization": f"Bearer {client.tokens['thongke_bn']}"},
        ).status_code
        == 403
    )
    listed = get(client, "thongke_bn", "/api/statistics/targets", year=2023).json()["targets"]
    assert {"indicator": hand.CIVIL, "year": 2023, "unit": None, "target": 0.25, "source": "year"} in listed
    response = post(client, "thongke_bn", "/api/statistics/cases/D2/digitised")
    assert response.status_code == 200 and response.json()["marked_by"] == "Ông thongke_bn"
    hearings = post(
        client,
        "thongke_bn",
        "/api/statistics/hearings/import",
        files={"file": ("h.csv", b"case,held_on,digital_evidence\nZZ,2023-01-01,yes\n", "text/csv")},
    )
    assert hearings.status_code == 422 and hearings.json()["detail"]["problems"] == ["dòng 2: không có vụ án 'ZZ'"]


def test_pages(client):
    page = get(client, "thongke_bn", "/statistics", period="2023")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    html = page.text
    assert "Thống kê số hóa hồ sơ vụ án" in html and "<svg" in html and "Chỉ tiêu 30%" in html and "42,9%" in html
    assert "/statistics/cases?indicator=criminal_hearings_digital_evidence&amp;part=numerator" in html
    # BN and its two regional units, for each of the three indicators, drawn twice: names beside the bars
    # for a wide screen, names above them for a phone
    assert html.count("<rect") == 2 * 3 * 3 and html.count("chart-narrow") == 3
    cases = get(
        client,
        "thongke_bn",
        "/statistics/cases",
        indicator=hand.CIVIL,
        part="numerator",
        **{"from": "2022-12-01", "to": "2023-11-30", "unit": "BN"},
    )
    assert cases.status_code == 200
    for code in ("D1", "D4", "D8"):
        assert f">{code}</a>" in cases.text
    assert ">D2</a>" not in cases.text
    assert get(client, "ksv_bn", "/statistics").status_code == 403
    bad = get(client, "thongke_bn", "/statistics", period="abc")
    assert bad.status_code == 422 and "kỳ thống kê không hợp lệ" in bad.text
