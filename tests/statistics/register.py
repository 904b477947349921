"""A small register whose digitisation figures for statistical year 2023 were worked out by hand.

Units: TC (supreme) → BN, HN (provincial) → BN-KV1, BN-KV2, HN-KV1 (regional); BN-TS is a district dissolved
in the 2025 reorganisation (parent BN, successor BN-KV1). Year 2023 runs 2022-12-01..2023-11-30.

Criminal (HS, trial_on in period; numerator: a hearing in the period used digitised evidence):
  H1 BN-KV1 tried 2022-12-01 (first day), hearing that day with digital evidence        → in, numerator
  H2 BN-KV1 tried 2023-11-30 (last day), hearing without digital evidence               → in
  H3 BN-KV1 tried 2022-11-30 (day before), digital hearing                               → out
  H4 BN-KV1 tried 2023-12-01 (day after)                                                 → out
  H5 BN-TS  tried 2023-03-10, an exhibit set presented at its hearing (flag not set)     → in, numerator
  H6 BN-KV2 tried 2023-05-20, no hearing recorded                                        → in
  H7 BN-KV2 tried 2023-06-15, digital hearings only on 2022-11-20 and 2023-12-05         → in
  H8 HN-KV1 tried 2023-02-01, digital hearing                                            → in, numerator
  H9 BN     tried 2023-07-01, hearings 07-01 (no) and 07-15 (yes)                        → in, numerator
  C5 BN-TS  (corruption) tried 2022-12-01, no hearing                                    → in
  C6 HN-KV1 (corruption) tried 2023-03-03, no hearing                                    → in
Civil/administrative (registered in period; numerator: file digitised):
  D1 BN-KV1 DS   reg 2022-12-01, folios 3, 3 pages done                                  → in, numerator
  D2 BN-KV1 HC   reg 2023-11-30, folios 4, 3 pages done                                  → in
  D3 BN-KV1 KDTM reg 2022-11-30, marked complete                                         → out
  D4 BN-TS  LĐ   reg 2023-04-01, folios 10, no pages, marked complete by a person        → in, numerator
  D5 BN-KV2 HNGĐ reg 2023-08-08, folios 2, 2 pages of a document still processing       → in
  D6 HN-KV1 DS   reg 2023-09-09, no folio count, 5 pages done                            → in
  D7 BN-KV2 DS   reg 2023-12-01                                                          → out
  D8 BN-KV2 HC   reg 2023-02-02, folios 2, one done page in each of two documents        → in, numerator
Corruption (registered by the end, not tried before the start; numerator: file digitised):
  C1 BN-KV1 reg 2021-05-01, still open, folios 2, 2 pages                                → in, numerator
  C2 BN-KV1 reg 2021-01-01, tried 2022-11-30                                             → out
  C3 BN     reg 2023-11-30, open, folios 5, no pages                                     → in
  C4 BN-KV2 reg 2023-12-01                                                               → out
  C5 BN-TS  reg 2022-06-01, tried 2022-12-01, marked complete                            → in, numerator
  C6 HN-KV1 reg 2022-01-01, tried 2023-03-03, folios 1, 1 page                           → in, numerator
Documents: pages digitised in the period count by the document's processing time in Vietnam time (UTC+7).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools

from archive.records.models import Case, Document, DocumentPart, ExhibitSet, Hearing, Page, Presentation, Unit
from archive.statistics.periods import statistical_year
from archive.statistics.report import build_report

D = dt.date
UTC = dt.UTC
MARKED = dt.datetime(2023, 5, 1, 9, 0, tzinfo=UTC)

UNITS = (  # code, name, level, parent, successor, valid_to
    ("TC", "VKSND tối cao", "supreme", None, None, None),
    ("BN", "VKSND tỉnh Bắc Ninh", "provincial", "TC", None, None),
    ("HN", "VKSND thành phố Hà Nội", "provincial", "TC", None, None),
    ("BN-KV1", "VKSND khu vực 1 - Bắc Ninh", "regional", "BN", None, None),
    ("BN-KV2", "VKSND khu vực 2 - Bắc Ninh", "regional", "BN", None, None),
    ("HN-KV1", "VKSND khu vực 1 - Hà Nội", "regional", "HN", None, None),
    ("BN-TS", "VKSND thị xã Từ Sơn", "district", "BN", "BN-KV1", D(2025, 6, 30)),
)

CASES = (  # code, unit, kind, registered_on, trial_on, corruption, folios, marked_by
    ("H1", "BN-KV1", "HS", D(2022, 10, 1), D(2022, 12, 1), False, 20, None),
    ("H2", "BN-KV1", "HS", D(2023, 1, 5), D(2023, 11, 30), False, 20, None),
    ("H3", "BN-KV1", "HS", D(2022, 9, 1), D(2022, 11, 30), False, 20, None),
    ("H4", "BN-KV1", "HS", D(2023, 6, 1), D(2023, 12, 1), False, 20, None),
    ("H5", "BN-TS", "HS", D(2022, 8, 1), D(2023, 3, 10), False, 20, None),
    ("H6", "BN-KV2", "HS", D(2023, 1, 1), D(2023, 5, 20), False, 20, None),
    ("H7", "BN-KV2", "HS", D(2022, 11, 1), D(2023, 6, 15), False, 20, None),
    ("H8", "HN-KV1", "HS", D(2022, 12, 10), D(2023, 2, 1), False, 20, None),
    ("H9", "BN", "HS", D(2023, 1, 2), D(2023, 7, 1), False, 20, None),
    ("D1", "BN-KV1", "DS", D(2022, 12, 1), None, False, 3, None),
    ("D2", "BN-KV1", "HC", D(2023, 11, 30), None, False, 4, None),
    ("D3", "BN-KV1", "KDTM", D(2022, 11, 30), None, False, 1, "Lê Văn Cường"),
    ("D4", "BN-TS", "LĐ", D(2023, 4, 1), None, False, 10, "Nguyễn Văn An"),
    ("D5", "BN-KV2", "HNGĐ", D(2023, 8, 8), None, False, 2, None),
    ("D6", "HN-KV1", "DS", D(2023, 9, 9), None, False, None, None),
    ("D7", "BN-KV2", "DS", D(2023, 12, 1), None, False, 2, None),
    ("D8", "BN-KV2", "HC", D(2023, 2, 2), None, False, 2, None),
    ("C1", "BN-KV1", "HS", D(2021, 5, 1), None, True, 2, None),
    ("C2", "BN-KV1", "HS", D(2021, 1, 1), D(2022, 11, 30), True, 2, None),
    ("C3", "BN", "HS", D(2023, 11, 30), None, True, 5, None),
    ("C4", "BN-KV2", "HS", D(2023, 12, 1), None, True, 5, None),
    ("C5", "BN-TS", "HS", D(2022, 6, 1), D(2022, 12, 1), True, 8, "Trần Thị Bình"),
    ("C6", "HN-KV1", "HS", D(2022, 1, 1), D(2023, 3, 3), True, 1, None),
)

HEARINGS = (  # case, held_on, digital_evidence (H5's hearing gets an exhibit-set presentation instead)
    ("H1", D(2022, 12, 1), True),
    ("H2", D(2023, 11, 30), False),
    ("H3", D(2022, 11, 30), True),
    ("H5", D(2023, 3, 10), False),
    ("H7", D(2022, 11, 20), True),
    ("H7", D(2023, 12, 5), True),
    ("H8", D(2023, 2, 1), True),
    ("H9", D(2023, 7, 1), False),
    ("H9", D(2023, 7, 15), True),
)

DOCUMENTS = (  # case, unit (when no case), status, pages, processed_at (UTC), type
    ("D1", None, "done", 3, dt.datetime(2022, 11, 30, 17, 30, tzinfo=UTC), "don_khoi_kien"),  # 1 Dec 00:30 ICT
    ("D2", None, "done", 3, dt.datetime(2023, 11, 30, 17, 30, tzinfo=UTC), "don_khoi_kien"),  # 1 Dec 2023 ICT
    ("D5", None, "processing", 2, None, None),
    ("D8", None, "done", 1, dt.datetime(2023, 3, 1, 3, 0, tzinfo=UTC), "bb_hoa_giai"),
    ("D8", None, "done", 1, dt.datetime(2023, 3, 1, 4, 0, tzinfo=UTC), None),
    ("D6", None, "done", 5, dt.datetime(2023, 9, 10, 2, 0, tzinfo=UTC), "don_khoi_kien"),
    ("C1", None, "done", 2, dt.datetime(2021, 6, 1, 2, 0, tzinfo=UTC), "cao_trang"),
    ("C6", None, "done", 1, dt.datetime(2023, 3, 4, 2, 0, tzinfo=UTC), "ban_an"),
    (None, "BN-KV1", "queued", 0, None, None),
    (None, "HN", "failed", 0, None, None),
    ("H1", None, "failed", 0, None, None),
)

CRIMINAL, CIVIL, CORRUPTION = (
    "criminal_hearings_digital_evidence",
    "civil_admin_files_digitised",
    "corruption_files_digitised",
)

# (numerator, denominator) per unit (None = national) and indicator, statistical year 2023.
EXPECTED = {
    None: {CRIMINAL: (4, 9), CIVIL: (3, 6), CORRUPTION: (3, 4)},
    "TC": {CRIMINAL: (4, 9), CIVIL: (3, 6), CORRUPTION: (3, 4)},
    "BN": {CRIMINAL: (3, 7), CIVIL: (3, 5), CORRUPTION: (2, 3)},
    "BN-KV1": {CRIMINAL: (2, 4), CIVIL: (2, 3), CORRUPTION: (2, 2)},
    "BN-TS": {CRIMINAL: (1, 2), CIVIL: (1, 1), CORRUPTION: (1, 1)},
    "BN-KV2": {CRIMINAL: (0, 2), CIVIL: (1, 2), CORRUPTION: (0, 0)},
    "HN": {CRIMINAL: (1, 2), CIVIL: (0, 1), CORRUPTION: (1, 1)},
    "HN-KV1": {CRIMINAL: (1, 2), CIVIL: (0, 1), CORRUPTION: (1, 1)},
}

# The cases behind BN's figures (sorted codes).
BN_CASES = {
    CRIMINAL: {"denominator": ["C5", "H1", "H2", "H5", "H6", "H7", "H9"], "numerator": ["H1", "H5", "H9"]},
    CIVIL: {"denominator": ["D1", "D2", "D4", "D5", "D8"], "numerator": ["D1", "D4", "D8"]},
    CORRUPTION: {"denominator": ["C1", "C3", "C5"], "numerator": ["C1", "C5"]},
}

# Other figures for 2023: pages of documents done in the period, by type, backlog and failures (now).
EXPECTED_FIGURES = {
    "BN": {
        "pages_digitised": 5,
        "documents_by_type": {"bb_hoa_giai": 1, "chua_phan_loai": 1, "don_khoi_kien": 1},
        "ocr_backlog": {"queued": 1, "processing": 1},
        "ocr_failed": 1,
    },
    "HN": {
        "pages_digitised": 6,
        "documents_by_type": {"ban_an": 1, "don_khoi_kien": 1},
        "ocr_backlog": {"queued": 0, "processing": 0},
        "ocr_failed": 1,
    },
    "TC": {
        "pages_digitised": 11,
        "documents_by_type": {"ban_an": 1, "bb_hoa_giai": 1, "chua_phan_loai": 1, "don_khoi_kien": 2},
        "ocr_backlog": {"queued": 1, "processing": 1},
        "ocr_failed": 2,
    },
}


def build(archive) -> dict[str, int]:
    """Write the register; returns case ids by code."""
    serial = itertools.count(1)
    with archive.transaction() as session:
        units: dict[str, Unit] = {}
        for code, name, level, _parent, _successor, valid_to in UNITS:
            units[code] = Unit(code=code, name=name, level=level, valid_to=valid_to)
            session.add(units[code])
        session.flush()
        for code, _name, _level, parent, successor, _valid_to in UNITS:
            units[code].parent_id = units[parent].id if parent else None
            units[code].successor_id = units[successor].id if successor else None
        cases: dict[str, Case] = {}
        for code, unit, kind, registered, trial, corruption, folios, marked_by in CASES:
            cases[code] = Case(
                code=code,
                unit_id=units[unit].id,
                kind=kind,
                title=f"Vụ án {code}",
                registered_on=registered,
                trial_on=trial,
                corruption=corruption,
                folios=folios,
                digitised_marked_by=marked_by,
                digitised_marked_at=MARKED if marked_by else None,
            )
            session.add(cases[code])
        session.flush()
        hearings = {}
        for code, held_on, digital in HEARINGS:
            hearing = Hearing(
                case_id=cases[code].id,
                held_on=held_on,
                digital_evidence=digital,
                source="manual",
                recorded_by="Phạm Thu Hà",
            )
            session.add(hearing)
            hearings[(code, held_on)] = hearing
        for case, unit, status, pages, processed_at, doc_type in DOCUMENTS:
            number = next(serial)
            document = Document(
                sha256=hashlib.sha256(str(number).encode()).hexdigest(),
                filename=f"scan-{number}.pdf",
                media_type="application/pdf",
                size=1000,
                status=status,
                page_count=pages,
                pages_done=pages,
                processed_at=processed_at,
                doc_type=doc_type,
                case_id=cases[case].id if case else None,
                unit_id=units[unit].id if unit else cases[case].unit_id,
            )
            session.add(document)
            session.flush()
            for page in range(1, pages + 1):
                session.add(
                    Page(
                        document_id=document.id,
                        number=page,
                        text=f"Trang {page}",
                        processed_at=processed_at or dt.datetime(2023, 1, 1, tzinfo=UTC),
                    )
                )
        session.flush()
        exhibit = ExhibitSet(case_id=cases["H5"].id, title="Chứng cứ phiên tòa H5", hearing_on=D(2023, 3, 10))
        session.add(exhibit)
        session.flush()
        session.add(
            Presentation(
                set_id=exhibit.id, hearing_id=hearings[("H5", D(2023, 3, 10))].id, presented_by="Kiểm sát viên Đỗ Minh"
            )
        )
        return {code: case.id for code, case in cases.items()}


# Uploads holding several documents, filed at one unit for another unit's case (a register of their own).
UPLOADS_PERIOD = statistical_year(2023)
UPLOAD_FIGURES = {
    "P": {
        "pages_digitised": 5,
        "documents_by_type": {"ban_an": 1, "qd_khoi_to_vu_an": 1, "to_giac": 1},
        "ocr_backlog": {"queued": 1, "processing": 0},
        "ocr_failed": 1,
    },
    "P-KV1": {
        "pages_digitised": 3,
        "documents_by_type": {"qd_khoi_to_vu_an": 1, "to_giac": 1},
        "ocr_backlog": {"queued": 1, "processing": 0},
        "ocr_failed": 1,
    },
}


def build_uploads(archive) -> None:
    """Province P and its regional unit P-KV1 with one case X1. Uploaded at P: X1's file as one upload holding
    two documents (3 pages, done), a judgment without a case (2 pages, done), more of X1 still queued; at P-KV1 a
    failed upload without a case. X1's uploads count for P-KV1 (the case's unit), not for P where they were made.
    """
    done_on = dt.datetime(2023, 5, 1, 3, tzinfo=UTC)
    with archive.transaction() as session:
        province = Unit(code="P", name="VKSND tỉnh thử", level="provincial")
        session.add(province)
        session.flush()
        regional = Unit(code="P-KV1", name="VKSND khu vực 1", level="regional", parent_id=province.id)
        session.add(regional)
        session.flush()
        case = Case(code="X1", unit_id=regional.id, kind="DS", registered_on=D(2023, 2, 1), folios=3)
        session.add(case)
        session.flush()
        uploads = (  # case, unit, status, pages, parts (first page, last page, type)
            (case.id, province.id, "done", 3, ((1, 1, "to_giac"), (2, 3, "qd_khoi_to_vu_an"))),
            (None, province.id, "done", 2, ((1, 2, "ban_an"),)),
            (case.id, province.id, "queued", 4, ()),
            (None, regional.id, "failed", 1, ()),
        )
        for number, (case_id, unit_id, status, pages, parts) in enumerate(uploads, start=1):
            done = status == "done"
            document = Document(
                sha256=hashlib.sha256(f"upload-{number}".encode()).hexdigest(),
                filename=f"ho-so-{number}.pdf",
                media_type="application/pdf",
                size=1,
                case_id=case_id,
                unit_id=unit_id,
                status=status,
                page_count=pages,
                pages_done=pages if done else 0,
                doc_type=parts[0][2] if parts else None,
                processed_at=done_on if done else None,
            )
            document.parts = [
                DocumentPart(first_page=first, last_page=last, doc_type=code) for first, last, code in parts
            ]
            session.add(document)


def check_upload_figures(archive) -> None:
    """The figures of `build_uploads` on the national report, for each unit in it and on each unit's own report."""
    national = build_report(archive, UPLOADS_PERIOD)
    assert national["figures"] == UPLOAD_FIGURES["P"]
    assert {u["code"]: u["figures"] for u in national["units"]} == UPLOAD_FIGURES
    for unit, expected in UPLOAD_FIGURES.items():
        assert build_report(archive, UPLOADS_PERIOD, unit)["figures"] == expected, unit
