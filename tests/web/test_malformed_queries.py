"""Absurd input through the HTTP API: malformed search queries, out-of-range numbers and dates,
ids beyond SQLite's integers. None may crash the server; every refusal is a Vietnamese sentence."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from archive.records.models import User
from archive.trust.accounts import create_token
from tests.search.malformed_queries import MALFORMED_QUERIES

# Raw (already percent-encoded) query strings: invalid UTF-8 and encoded surrogates reach the app as bytes.
RAW_QUERY_STRINGS = [
    "q=%ED%A0%80",
    "q=%FF%FE",
    "q=%C0%AF",
    "q=%00",
    "q=%",
    "q=%%",
    "q=%ZZ",
    "q=a&q=b",
    "q=%28" * 1,
    "q=" + "%28" * 500,
    "q=a&offset=4294967296",
    "q=a&offset=-1",
    "q=a&offset=99999999999999999999",
    "q=a&limit=0",
    "q=a&limit=100000",
    "q=a&limit=abc",
    "q=a&date_from=0001-01-01",
    "q=a&date_from=9999-12-31",
    "q=a&date_from=2023-02-30",
    "q=a&date_to=abc",
    "q=a&case=" + "x" * 5000,
    "q=" + "a" * 501,
    "q=",
]

VIETNAMESE = set("ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹàáâãèéêìíòóôõùúýăđĩũơư")


def looks_vietnamese(text: str) -> bool:
    return bool(set(text.lower()) & VIETNAMESE)


def assert_answered(response, what: str) -> None:
    assert response.status_code < 500, f"{what!r}: {response.status_code} {response.text[:200]}"
    if response.status_code >= 400:
        detail = response.json()["detail"]
        assert isinstance(detail, str), f"{what!r}: detail is not a sentence: {detail!r}"
        assert looks_vietnamese(detail), f"{what!r}: {detail!r}"
        assert "Error" not in detail and "{'" not in detail and "Traceback" not in detail, detail
    else:
        data = response.json()
        assert isinstance(data["total"], int) and isinstance(data["hits"], list)


@pytest.fixture
def api(app, world) -> TestClient:
    """Signed in with a bearer token, as a program would be."""
    with world.archive.transaction() as session:
        token = create_token(session, session.query(User).filter_by(username="ksv_p").one())
    client = TestClient(app, raise_server_exceptions=False)
    client.headers["Authorization"] = f"Bearer {token}"
    return client


def test_the_list_is_long_enough():
    assert len(MALFORMED_QUERIES) + len(RAW_QUERY_STRINGS) >= 60
    assert len(set(MALFORMED_QUERIES)) == len(MALFORMED_QUERIES)


def test_malformed_queries_never_crash_the_search(api):
    for query in MALFORMED_QUERIES:
        response = api.get("/api/search", params={"q": query})
        assert_answered(response, query)
        if response.status_code == 200 and len(query) <= 500:  # the page viewer parses the same query
            assert_answered_page = api.get("/api/documents/1/pages/1", params={"q": query})
            assert assert_answered_page.status_code < 500, query


def test_raw_query_strings_never_crash_the_search(api):
    for raw in RAW_QUERY_STRINGS:
        assert_answered(api.get(f"/api/search?{raw}"), raw)


def test_the_queries_a_person_means_still_work(api):
    found = api.get("/api/search", params={"q": "(truy tố OR khởi tố) AND NOT"}).json()
    assert found["total"] == api.get("/api/search", params={"q": "truy tố OR khởi tố"}).json()["total"] > 0
    assert (
        api.get("/api/search", params={"q": "NOT NOT An"}).json()["total"]
        == api.get("/api/search", params={"q": "An"}).json()["total"]
        > 0
    )
    assert api.get("/api/search", params={"q": "case: HS-P-1"}).json()["total"] == 1
    assert (
        api.get("/api/search", params={"q": "truy tố case:"}).json()["total"]
        == api.get("/api/search", params={"q": "truy tố"}).json()["total"]
    )
    deep = "(" * 100 + "An" + ")" * 100
    assert (
        api.get("/api/search", params={"q": deep}).json()["total"]
        == api.get("/api/search", params={"q": "An"}).json()["total"]
    )


def test_unclear_queries_say_why(api):
    response = api.get("/api/search", params={"q": "date:abc"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Cú pháp tìm kiếm không hợp lệ: ngày “abc”")
    doc = api.get("/api/search", params={"q": "bị can doc:abc"})
    assert doc.status_code == 422 and "cần một số" in doc.json()["detail"]


def test_an_offset_past_the_window_is_refused_before_the_engine(api, world):
    response = api.get("/api/search", params={"q": "a", "offset": 4294967296})
    assert response.status_code == 422
    assert "offset" in response.json()["detail"] and "10000" in response.json()["detail"]
    from search import ResultWindowError, SearchRequest

    with pytest.raises(ResultWindowError, match="10000"):
        world.archive.search.search(SearchRequest("a", offset=2**32))


@pytest.mark.parametrize(
    "path",
    [
        "/api/documents/99999999999999999999",
        "/api/documents/9223372036854775808/pages",
        "/api/documents/1/pages/99999999999999999999",
        "/api/documents/-1",
        "/api/documents/0/original",
        "/api/exhibit-sets/99999999999999999999",
        "/api/documents/99999999999999999999/parts",
        "/api/documents?ids=1,99999999999999999999",
        "/api/documents?ids=" + "9" * 5000,
        "/api/documents?ids=a,b",
        "/api/documents?offset=99999999999999999999",
        "/api/cases?offset=4294967296",
        "/api/cases/" + "X" * 500,
        "/api/documents/9223372036854775807",
        "/api/exhibit-sets/1/bundle.pdf?x=" + "%FF" * 100,
    ],
)
def test_out_of_range_ids_are_404_or_422(api, path):
    response = api.get(path)
    assert response.status_code in (404, 422), (path, response.status_code, response.text[:200])
    assert looks_vietnamese(response.json()["detail"]), response.text[:200]


def test_integers_too_large_for_sqlite_in_bodies_are_refused(client_for, world):
    huge = 10**20
    admin = client_for("admin")
    refusals = [
        admin.post("/api/cases", json={"code": "HS-X", "unit": "P", "kind": "HS", "folios": huge}),
        admin.patch("/api/cases/HS-P-1", json={"folios": huge}),
        admin.post(
            "/api/cases/import",
            files={
                "file": (
                    "vu-an.csv",
                    (
                        "code,unit,kind,title,registered_on,trial_on,corruption,folios\n"
                        f"HS-P-9,P,HS,Vụ mới,2024-01-02,,no,{huge}\n"
                    ).encode(),
                    "text/csv",
                )
            },
        ),
        admin.post(
            "/api/cases/import",
            files={
                "file": (
                    "vu-an.csv",
                    (
                        "code,unit,kind,title,registered_on,trial_on,corruption,folios\n"
                        "HS-P-9,P,HS,Vụ mới,0001-01-02,,no,²\n"
                    ).encode(),
                    "text/csv",
                )
            },
        ),
        admin.post(
            "/api/cases/import",
            files={
                "file": (
                    "vu-an.csv",
                    (
                        "code,unit,kind,title,registered_on,trial_on,corruption,folios\n"
                        f"HS-P-9,P,HS,{'x' * 200_000},2024-01-02,,no,1\n"
                    ).encode(),
                    "text/csv",
                )
            },
        ),
        admin.post(
            "/api/statistics/hearings/import",
            files={
                "file": (
                    "phien-toa.csv",
                    (f"case,held_on,digital_evidence\nHS-P-1,{'9' * 200_000},yes\n").encode(),
                    "text/csv",
                )
            },
        ),
        admin.put("/api/statistics/targets", json={"indicator": "x", "target": "80%", "year": huge}),
        admin.post("/api/exhibit-sets", json={"case": "HS-P-1", "hearing_on": "0001-01-01"}),
        admin.put(f"/api/documents/{world.docs['P']}/parts", json={"starts": [huge]}),
        admin.post("/api/exhibit-sets/1/items", json={"document_id": huge, "page": 1}),
        admin.put("/api/exhibit-sets/1/order", json={"items": [huge]}),
    ]
    for response in refusals:
        assert response.status_code == 422, (response.request.url, response.text[:300])
        detail = response.json()["detail"]
        text = detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False)
        assert looks_vietnamese(text), text
    with world.archive.session() as session:
        from archive.records.models import Case

        assert session.query(Case).filter_by(code="HS-P-9").first() is None


def test_text_longer_than_its_column_is_refused_before_the_database(client_for):
    admin = client_for("admin")
    code = "HS-" + "9" * 62  # 65 characters; cases.code holds 64 (PostgreSQL enforces it)
    direct = admin.post("/api/cases", json={"code": code, "unit": "P", "kind": "HS"})
    assert direct.status_code == 422 and "dài quá 64 ký tự" in direct.json()["detail"]
    imported = admin.post(
        "/api/cases/import",
        files={
            "file": (
                "vu-an.csv",
                (
                    "code,unit,kind,title,registered_on,trial_on,corruption,folios\n"
                    f"{code},P,HS,Vụ mới,2024-01-02,,no,1\n"
                ).encode(),
                "text/csv",
            )
        },
    )
    assert imported.status_code == 422 and imported.json()["detail"] == ["dòng 2: mã vụ án dài quá 64 ký tự"]


def test_validation_errors_name_the_parameter_in_vietnamese(api):
    response = api.get("/api/search", params={"q": "a", "limit": 1000})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Dữ liệu gửi lên không hợp lệ: tham số limit phải nhỏ hơn hoặc bằng 200"
    assert body["errors"] == [
        {"loc": ["query", "limit"], "type": "less_than_equal", "reason": "phải nhỏ hơn hoặc bằng 200"}
    ]


def test_cli_search_refuses_an_unclear_query_with_one_line(settings, archive):
    env = dict(os.environ, HOSO_HOME=str(settings.home))
    result = subprocess.run(
        [sys.executable, "-m", "archive.cli", "search", "date:abc", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Cú pháp tìm kiếm không hợp lệ" in lines[0], result.stderr
    assert result.stdout == ""
    markup = subprocess.run(
        [sys.executable, "-m", "archive.cli", "search", "date:[/red]"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert markup.returncode == 1 and "“[/red]”" in markup.stderr, markup.stderr
    fine = subprocess.run(
        [sys.executable, "-m", "archive.cli", "search", "NOT (((", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert fine.returncode == 0, fine.stderr
    assert json.loads(fine.stdout)["total"] == 0


def test_pages_with_out_of_range_numbers_show_an_error_page(client_for):
    browser = client_for("ksv_p")
    for path in ["/documents/99999999999999999999", "/exhibit-sets/99999999999999999999", "/cases?page=99999999999"]:
        response = browser.get(path, headers={"Accept": "text/html"})
        assert response.status_code in (404, 422), (path, response.status_code)
        assert response.headers["content-type"].startswith("text/html")
        assert "không hợp lệ" in response.text or "Không tìm thấy" in response.text
