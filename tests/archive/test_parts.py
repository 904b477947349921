"""The documents inside one scan as records of their own, on a real SQLite archive with its real search index:
the sample TIFF holding three documents (a denunciation, the decision to open the case, the decision to charge
the accused) is read once by Tesseract, then processed by the pipeline in each test's archive.

Each document has its own type, number and date on the case page and in search; a person splits one at a page,
merges one with the next and moves one to another case, each audited, refused for a case they may not change,
and searchable by its own type afterwards.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from archive.processing.parts import (
    CaseNotFound,
    PartError,
    PartForbidden,
    case_entries,
    merge_with_next,
    move_part,
    parts_json,
    split_part,
)
from archive.processing.review import confirm_type
from archive.records.models import AuditEvent, Case, Document, DocumentPart, User
from archive.retrieval.searching import run_search
from archive.trust.access import visibility
from archive.trust.accounts import assign_case, create_user
from tests.samples import MULTI_DOCUMENT_TIFF, processed_upload
from tests.web.conftest import build_world

CHARGE = "qd_khoi_to_bi_can"
OPENING = "qd_khoi_to_vu_an"


@pytest.fixture
def world(archive):
    return build_world(archive)


@pytest.fixture
def upload(archive, world, multi_document_pages):
    """The three-document scan filed by staff of unit P under case HS-P-1."""
    return processed_upload(archive, MULTI_DOCUMENT_TIFF, multi_document_pages, case="HS-P-1")


def vis_of(archive, username):
    with archive.session() as session:
        return visibility(session, session.scalar(select(User).where(User.username == username)))


def parts_of(archive, document_id):
    with archive.session() as session:
        return parts_json(session.get(Document, document_id))


def hits(archive, query, case=None):
    found = run_search(archive, query, case=case)["hits"]
    return [(h["document_id"], h["page"], h["type"], h["number"]) for h in found]


def entries(archive, code):
    with archive.session() as session:
        return case_entries(session, session.scalar(select(Case).where(Case.code == code)))


def audit_rows(archive, action):
    with archive.session() as session:
        return session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)).all()


def test_each_document_of_the_scan_has_its_own_type_number_date_and_place_in_search(archive, upload):
    parts = parts_of(archive, upload)
    assert [(p["first_page"], p["last_page"], p["position"], p["total"]) for p in parts] == [
        (1, 1, 1, 3),
        (2, 2, 2, 3),
        (3, 3, 3, 3),
    ]
    assert [p["type"] for p in parts] == ["to_giac", OPENING, CHARGE]
    assert parts[2]["number"] == "318/QĐ-CSĐT" and parts[2]["date"] == "2024-03-03"
    assert parts[1]["number"] == "382/QĐ-CSĐT" and parts[1]["date"] == "2024-02-29"
    assert parts[2]["title"] == "Quyết định khởi tố bị can số 318/QĐ-CSĐT"
    assert {p["case"] for p in parts} == {"HS-P-1"}

    assert hits(archive, f"type:{CHARGE}") == [(upload, 3, CHARGE, "318/QĐ-CSĐT")]
    assert hits(archive, f"type:{OPENING}") == [(upload, 2, OPENING, "382/QĐ-CSĐT")]

    listed = [e for e in entries(archive, "HS-P-1") if e["document_id"] == upload]
    assert sorted((e["type"], e["href"]) for e in listed) == sorted(
        [
            ("to_giac", f"/documents/{upload}?page=1"),
            (OPENING, f"/documents/{upload}?page=2"),
            (CHARGE, f"/documents/{upload}?page=3"),
        ]
    )


def test_merge_keeps_what_a_person_confirmed_and_split_reads_each_half_again(archive, upload):
    second, third = (p["id"] for p in parts_of(archive, upload)[1:])
    confirm_type(archive, upload, OPENING, "staff_p", part_id=second)
    staff = vis_of(archive, "staff_p")

    assert merge_with_next(archive, upload, second, staff, "staff_p") == second
    parts = parts_of(archive, upload)
    assert [(p["first_page"], p["last_page"]) for p in parts] == [(1, 1), (2, 3)]
    assert parts[1]["type"] == OPENING and parts[1]["confirmed"] and parts[1]["number"] == "382/QĐ-CSĐT"
    with archive.session() as session:
        assert session.get(DocumentPart, third) is None
    # Page 3 is now part of the opening decision, and is found as that.
    assert hits(archive, f"type:{CHARGE}") == []
    assert (upload, 3, OPENING, "382/QĐ-CSĐT") in hits(archive, f"type:{OPENING}")

    first_half, new = split_part(archive, upload, second, 3, staff, "staff_p")
    assert first_half == second
    parts = parts_of(archive, upload)
    assert [(p["first_page"], p["last_page"]) for p in parts] == [(1, 1), (2, 2), (3, 3)]
    assert parts[1]["type"] == OPENING and parts[1]["confirmed"]
    assert parts[2]["id"] == new and parts[2]["type"] == CHARGE and not parts[2]["confirmed"]
    assert parts[2]["number"] == "318/QĐ-CSĐT" and parts[2]["case"] == "HS-P-1"
    assert hits(archive, f"type:{CHARGE}") == [(upload, 3, CHARGE, "318/QĐ-CSĐT")]

    merged, split = audit_rows(archive, "part.merge"), audit_rows(archive, "part.split")
    assert [(r.actor, r.outcome, r.target) for r in merged] == [("staff_p", "ok", f"document:{upload}/part:{second}")]
    assert merged[0].detail["before"] == ["2", "3"] and merged[0].detail["after"] == "2–3"
    assert [(r.actor, r.outcome) for r in split] == [("staff_p", "ok")]
    assert split[0].detail["after"] == ["2", "3"] and split[0].detail["types"] == [OPENING, CHARGE]


def test_the_upload_summary_follows_its_first_document(archive, upload):
    first, second = (p["id"] for p in parts_of(archive, upload)[:2])
    merge_with_next(archive, upload, first, vis_of(archive, "staff_p"), "staff_p")
    with archive.session() as session:
        document = session.get(Document, upload)
        part = session.get(DocumentPart, first)
        assert (document.doc_type, document.fields, document.doc_date) == (part.doc_type, part.fields, part.doc_date)


def test_a_split_outside_the_document_is_refused_with_its_pages_and_nothing_changes(archive, upload):
    parts = parts_of(archive, upload)
    staff = vis_of(archive, "staff_p")
    with pytest.raises(PartError, match="chỉ có một trang"):
        split_part(archive, upload, parts[0]["id"], 1, staff)
    with pytest.raises(PartError, match="văn bản cuối"):
        merge_with_next(archive, upload, parts[2]["id"], staff)
    merge_with_next(archive, upload, parts[1]["id"], staff)
    with pytest.raises(PartError, match="từ 3 đến 3 .*đã chọn trang 2"):
        split_part(archive, upload, parts[1]["id"], 2, staff)
    assert [(p["first_page"], p["last_page"]) for p in parts_of(archive, upload)] == [(1, 1), (2, 3)]
    assert [r.outcome for r in audit_rows(archive, "part.split")] == ["failed", "failed"]


def test_a_document_moved_to_another_case_is_found_and_listed_there_only(archive, upload):
    third = parts_of(archive, upload)[2]["id"]
    move_part(archive, upload, third, "HS-R-1", vis_of(archive, "staff_p"), "staff_p")

    assert parts_of(archive, upload)[2]["case"] == "HS-R-1"
    assert hits(archive, f"type:{CHARGE}", case="HS-R-1") == [(upload, 3, CHARGE, "318/QĐ-CSĐT")]
    assert hits(archive, f"type:{CHARGE}", case="HS-P-1") == []
    assert [e["first_page"] for e in entries(archive, "HS-R-1") if e["document_id"] == upload] == [3]
    assert [e["first_page"] for e in entries(archive, "HS-P-1") if e["document_id"] == upload] == [1, 2]
    # Its pages are now seen by who sees that case: a prosecutor of unit R sees page 3, not the others.
    with archive.session() as session:
        document = session.get(Document, upload)
        regional = vis_of(archive, "ksv_r")
        assert [regional.page_visible(document, n) for n in (1, 2, 3)] == [False, False, True]
        assert session.get(Document, upload).case.code == "HS-P-1"  # the other two documents stay
    row = audit_rows(archive, "part.move")[-1]
    assert (row.actor, row.outcome, row.detail["from"], row.detail["to"]) == ("staff_p", "ok", "HS-P-1", "HS-R-1")


def test_moving_every_document_files_the_upload_in_that_case(archive, upload):
    staff = vis_of(archive, "staff_p")
    for part in parts_of(archive, upload):
        move_part(archive, upload, part["id"], "HS-R-1", staff, "staff_p")
    with archive.session() as session:
        document = session.get(Document, upload)
        assert (document.case.code, document.link_status) == ("HS-R-1", "manual")
    assert not [e for e in entries(archive, "HS-P-1") if e["document_id"] == upload]


def test_changes_to_a_case_the_person_may_not_change_are_refused_and_audited(archive, upload):
    parts = parts_of(archive, upload)
    staff = vis_of(archive, "staff_p")
    # A case of another province: as if it did not exist.
    with pytest.raises(CaseNotFound, match="HS-Q-1"):
        move_part(archive, upload, parts[2]["id"], "HS-Q-1", staff, "staff_p")
    # Staff of unit R assigned to the restricted case of unit P see its file but may not re-file it.
    with archive.transaction() as session:
        user = create_user(session, "staff_r", "mat-khau-an-toan", "staff", "R")
        assign_case(session, user, session.scalar(select(Case).where(Case.code == "HS-P-MAT")))
    move_part(archive, upload, parts[2]["id"], "HS-P-MAT", staff, "staff_p")
    regional = vis_of(archive, "staff_r")
    with pytest.raises(PartForbidden, match="HS-P-MAT"):
        merge_with_next(archive, upload, parts[2]["id"], regional, "staff_r")
    with pytest.raises(PartForbidden, match="HS-P-MAT"):
        move_part(archive, upload, parts[2]["id"], "HS-R-1", regional, "staff_r")

    after = parts_of(archive, upload)
    assert [(p["first_page"], p["last_page"], p["case"]) for p in after] == [
        (1, 1, "HS-P-1"),
        (2, 2, "HS-P-1"),
        (3, 3, "HS-P-MAT"),
    ]
    refused = [
        (r.action, r.actor)
        for r in audit_rows(archive, "part.move") + audit_rows(archive, "part.merge")
        if r.outcome == "refused"
    ]
    assert sorted(refused) == [("part.merge", "staff_r"), ("part.move", "staff_p"), ("part.move", "staff_r")]
