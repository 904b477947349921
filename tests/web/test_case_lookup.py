"""Finding a case as it is typed, through HTTP: accents optional, by code, title or a person named in its file,
exact accents first, and only among the cases the person may see; the case list filter works the same way."""

from __future__ import annotations

from sqlalchemy import select

from archive.records.models import Case, Document, DocumentPart, Unit


def name_people(world, case_code: str, document_key: str, *people) -> None:
    """The case's document names these people (as the classifier's extracted fields would)."""
    with world.archive.transaction() as s:
        case = s.scalar(select(Case).where(Case.code == case_code))
        s.add(
            DocumentPart(
                document_id=world.docs[document_key],
                first_page=1,
                last_page=1,
                case_id=case.id,
                fields={"people": [{"name": name, "role": role} for name, role in people]},
            )
        )


def codes(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [c["code"] for c in response.json()["cases"]]


def test_typing_without_accents_finds_people_titles_and_codes(client_for, world):
    name_people(world, "HS-P-1", "P", ("Nguyễn Văn Nghiêm", "bị can"), ("Lê Thị Hoa", "bị hại"))
    client = client_for("ksv_p")
    found = client.get("/api/case-lookup", params={"q": "nghiem"})
    assert codes(found) == ["HS-P-1"]
    assert found.json()["cases"][0]["person"] == {"name": "Nguyễn Văn Nghiêm", "role": "bị can"}
    assert codes(client.get("/api/case-lookup", params={"q": "van nghiem"})) == ["HS-P-1"]
    assert codes(client.get("/api/case-lookup", params={"q": "lua dao"})) == ["HS-P-1"]
    assert codes(client.get("/api/case-lookup", params={"q": "LỪA ĐẢO"})) == ["HS-P-1"]
    assert codes(client.get("/api/case-lookup", params={"q": "trom cap"})) == ["HS-R-1"]  # a subordinate unit's
    assert codes(client.get("/api/case-lookup", params={"q": "hs-r"})) == ["HS-R-1"]
    # Every word must match, in the code, the title or one person's name.
    assert codes(client.get("/api/case-lookup", params={"q": "nghiem hoa"})) == []
    assert codes(client.get("/api/case-lookup", params={"q": "lua dao nghiem"})) == ["HS-P-1"]
    assert client.get("/api/case-lookup", params={"q": ""}).status_code == 422


def test_exact_accents_rank_first(client_for, world):
    with world.archive.transaction() as s:
        unit = s.scalar(select(Unit).where(Unit.code == "P"))
        s.add_all(
            [
                Case(code="HS-P-2", unit_id=unit.id, kind="HS", title="Vụ án ma túy ở bản Mạ"),
                Case(code="HS-P-3", unit_id=unit.id, kind="HS", title="Vụ án mã độc máy tính"),
            ]
        )
    client = client_for("ksv_p")
    assert codes(client.get("/api/case-lookup", params={"q": "mã"})) == ["HS-P-3", "HS-P-2"]
    assert set(codes(client.get("/api/case-lookup", params={"q": "ma"}))) == {"HS-P-2", "HS-P-3"}


def test_only_visible_cases_are_suggested(client_for, world):
    name_people(world, "HS-Q-1", "Q", ("Nguyễn Văn Nghiêm", "bị can"))
    name_people(world, "HS-P-MAT", "X", ("Phạm Văn Nghiêm", "bị can"))
    assert codes(client_for("ksv_p").get("/api/case-lookup", params={"q": "nghiem"})) == []
    assert codes(client_for("ksv_q").get("/api/case-lookup", params={"q": "nghiem"})) == ["HS-Q-1"]
    assert codes(client_for("ksv_p2").get("/api/case-lookup", params={"q": "nghiem"})) == ["HS-P-MAT"]
    assert codes(client_for("staff_p").get("/api/case-lookup", params={"q": "han che"})) == ["HS-P-MAT"]
    assert codes(client_for("ksv_r").get("/api/case-lookup", params={"q": "lua dao"})) == []
    assert set(codes(client_for("admin").get("/api/case-lookup", params={"q": "nghiem"}))) == {"HS-Q-1", "HS-P-MAT"}


def test_the_case_list_filter_is_accent_insensitive(client_for, world):
    name_people(world, "HS-P-1", "P", ("Nguyễn Văn Nghiêm", "bị can"))
    client = client_for("ksv_p")
    page = client.get("/cases", params={"q": "nghiem"}).text
    assert "HS-P-1" in page and "HS-R-1" not in page
    assert 'data-case-lookup="open"' in page and 'role="combobox"' in page
    listed = client.get("/api/cases", params={"q": "trom cap"}).json()
    assert listed["total"] == 1 and [c["code"] for c in listed["cases"]] == ["HS-R-1"]
    filtered = client.get("/api/cases", params={"q": "vu", "unit": "R"}).json()
    assert [c["code"] for c in filtered["cases"]] == ["HS-R-1"]
    assert client.get("/api/cases", params={"q": "khong co vu nao"}).json() == {"total": 0, "cases": []}


def test_unsplit_documents_name_people_too(client_for, world):
    with world.archive.transaction() as s:
        s.get(Document, world.docs["R"]).fields = {"people": [{"name": "Trần Văn Bình", "role": "bị can"}]}
    assert codes(client_for("ksv_r").get("/api/case-lookup", params={"q": "tran van binh"})) == ["HS-R-1"]
