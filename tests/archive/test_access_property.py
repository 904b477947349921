"""One oracle for access: after random sequences of edits, every answer matches `Visibility.page_visible`.

A seeded random walk runs uploads (documents split into parts that belong to different cases), links of
whole uploads and of single parts, case edits (unit, restriction) through the register functions, CSV
imports, assignments, account changes (role, unit), unit renames and deletions. Every few steps the
outbox is drained and, for every account, search (hits and the case/unit/type facets) is compared with
the oracle: each hit is a page the account may open, and each page it may open is found; every review
candidate shown names a case the account may open; every case a report names is one it may open.

The documents are written as the pipeline leaves them (records, pages, parts, status `indexing`) rather
than through OCR: this test is about who sees what after edits, and real OCR of thousands of pages would
not fit the CI run; the pipeline itself is tested on real scans elsewhere. SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from collections import Counter

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from archive.core import Archive
from archive.processing.linking import visible_candidates
from archive.processing.review import set_case
from archive.records.models import Case, CaseAssignment, Document, DocumentPart, Page, Unit, User
from archive.records.registers import import_cases, save_case
from archive.retrieval.searching import run_search
from archive.runtime.settings import Settings
from archive.statistics.periods import statistical_year
from archive.statistics.report import build_report, report_cases
from archive.trust.access import visibility
from tests.databases import database_url  # noqa: F401  (fixture)

# 800 per database keeps the default test run within its time; HOSO_PROPERTY_OPERATIONS=2000 (or more)
# runs a longer sequence on the same code.
OPERATIONS = int(os.environ.get("HOSO_PROPERTY_OPERATIONS", "800"))
CHECK_EVERY = 20
PAGE = 200
YEAR = statistical_year(2024)
WORD = "chứng cứ"  # on every page, so one query finds every page an account may see
ROLES = ("staff", "prosecutor", "statistician", "unit_head")


class World:
    """The records the walk edits, and the walk itself."""

    def __init__(self, archive: Archive, rng: random.Random):
        self.archive, self.rng = archive, rng
        self.documents = 0
        with archive.transaction() as session:
            top = Unit(code="T", name="VKSND tỉnh Thử", level="provincial")
            other = Unit(code="O", name="VKSND tỉnh Khác", level="provincial")
            session.add_all([top, other])
            session.flush()
            session.add_all(
                [Unit(code=f"T{n}", name=f"VKSND khu vực {n}", level="regional", parent_id=top.id) for n in (1, 2)]
            )
            session.flush()
            units = session.scalars(select(Unit)).all()
            for n in range(8):
                unit = units[n % len(units)]
                session.add(
                    Case(
                        code=f"HS-{n}",
                        unit_id=unit.id,
                        kind="HS",
                        title=f"Vụ án số {n}",
                        restricted=n % 4 == 3,
                        registered_on=dt.date(2024, 3, 1),
                        trial_on=dt.date(2024, 6, 1),
                        folios=10,
                    )
                )
            for n in range(10):
                session.add(
                    User(
                        username=f"u{n}",
                        password_hash="-",
                        role=ROLES[n % len(ROLES)],
                        unit_id=units[n % len(units)].id,
                    )
                )
            session.add(User(username="admin", password_hash="-", role="admin"))

    # -- the operations ------------------------------------------------------------------------

    def upload(self) -> None:
        """A scan of 1-3 documents, filed under a unit; each part with a case, the upload's case or none."""
        rng = self.rng
        with self.archive.transaction() as session:
            cases = session.scalars(select(Case)).all()
            units = session.scalars(select(Unit)).all()
            self.documents += 1
            parts = rng.randint(1, 3)
            case = rng.choice([*cases, None])
            document = Document(
                sha256=f"{self.documents:064x}",
                filename=f"scan-{self.documents}.pdf",
                media_type="application/pdf",
                size=1,
                status="indexing",
                page_count=parts * 2,
                pages_done=parts * 2,
                unit_id=(case.unit_id if case else rng.choice(units).id),
                case_id=case.id if case else None,
                doc_type="cao_trang",
                link_candidates=[
                    {"case": c.code, "score": 3.0, "reasons": [f"tên bị can {c.title}"]} for c in rng.sample(cases, 2)
                ],
            )
            session.add(document)
            session.flush()
            for n in range(parts):
                owner = rng.choice([case, case, rng.choice(cases), None])
                document.parts.append(
                    DocumentPart(
                        first_page=2 * n + 1,
                        last_page=2 * n + 2,
                        doc_type=rng.choice(["cao_trang", "ban_an", "bien_ban"]),
                        case_id=owner.id if owner else None,
                    )
                )
                for page in (2 * n + 1, 2 * n + 2):
                    session.add(Page(document_id=document.id, number=page, text=f"Tài liệu {WORD} trang {page}"))

    def link_upload(self) -> None:
        with self.archive.session() as session:
            document_id = self._pick(session, Document.id, Document.status == "done")
            code = self.rng.choice([*session.scalars(select(Case.code)).all(), None])
        if document_id is not None:
            set_case(self.archive, document_id, code, "u0")

    def link_part(self) -> None:
        with self.archive.transaction() as session:
            part = self._pick_row(session, DocumentPart)
            if part is not None:
                part.case_id = self.rng.choice([*session.scalars(select(Case.id)).all(), None])

    def move_case(self) -> None:
        with self.archive.session() as session:
            code = self._pick(session, Case.code)
            unit = self._pick(session, Unit.code)
        save_case(self.archive, code, {"unit": unit}, create=False)

    def restrict_case(self) -> None:
        with self.archive.session() as session:
            case = self._pick_row(session, Case)
            code, restricted = case.code, not case.restricted
        save_case(self.archive, code, {}, create=False, restricted=restricted)

    def import_register(self) -> None:
        with self.archive.session() as session:
            codes = self.rng.sample(session.scalars(select(Case.code)).all(), 2)
            units = session.scalars(select(Unit.code)).all()
        rows = "\n".join(
            f"{code},{self.rng.choice(units)},HS,Vụ án {code},2024-03-01,2024-06-01,no,10" for code in codes
        )
        import_cases(self.archive, "code,unit,kind,title,registered_on,trial_on,corruption,folios\n" + rows)

    def assign(self) -> None:
        with self.archive.transaction() as session:
            user = self._pick_row(session, User, User.role != "admin")
            case = self._pick_row(session, Case)
            existing = session.scalar(
                select(CaseAssignment).where(CaseAssignment.user_id == user.id, CaseAssignment.case_id == case.id)
            )
            if existing is None:
                session.add(CaseAssignment(user_id=user.id, case_id=case.id))
            else:
                session.delete(existing)

    def change_account(self) -> None:
        with self.archive.transaction() as session:
            user = self._pick_row(session, User, User.role != "admin")
            if self.rng.random() < 0.5:
                user.role = self.rng.choice(ROLES)
            else:
                user.unit_id = self._pick(session, Unit.id)

    def rename_unit(self) -> None:
        with self.archive.transaction() as session:
            unit = self._pick_row(session, Unit)
            unit.code = f"{unit.code.split('~')[0]}~{self.rng.randint(1, 99)}"

    def delete_document(self) -> None:
        with self.archive.transaction() as session:
            document = self._pick_row(session, Document)
            if document is not None:
                session.delete(document)

    def _pick(self, session, column, *where):
        values = session.scalars(select(column).where(*where)).all()
        return self.rng.choice(values) if values else None

    def _pick_row(self, session, model, *where):
        rows = session.scalars(select(model).where(*where)).all()
        return self.rng.choice(rows) if rows else None

    # -- the oracle ----------------------------------------------------------------------------

    def check(self, with_report: bool = False) -> int:
        """Drain the outbox, then compare every account's search, review candidates and (with `with_report`)
        report case lists with the oracle; returns the answers compared."""
        self.archive.outbox.drain()
        compared = 0
        with self.archive.session() as session:
            users = session.scalars(select(User)).all()
            documents = session.scalars(
                select(Document).options(
                    selectinload(Document.parts).selectinload(DocumentPart.case).selectinload(Case.unit),
                    selectinload(Document.pages),
                    selectinload(Document.case),
                    selectinload(Document.unit),
                )
            ).all()
            for user in users:
                vis = visibility(session, user)
                expected = {(d.id, p.number) for d in documents for p in d.pages if vis.page_visible(d, p.number)}
                facets = {"case": Counter(), "unit": Counter(), "doc_type": Counter()}
                for d in documents:
                    for p in d.pages:
                        if vis.page_visible(d, p.number):
                            part = next(x for x in d.parts if x.first_page <= p.number <= x.last_page)
                            owner = part.case
                            unit = owner.unit if owner else d.unit
                            facets["case"][owner.code if owner else None] += 1
                            facets["unit"][unit.code if unit else None] += 1
                            facets["doc_type"][part.doc_type] += 1
                result = run_search(self.archive, WORD, visibility=vis, limit=PAGE)
                found = {(h["document_id"], h["page"]) for h in result["hits"]}
                for offset in range(PAGE, result["total"], PAGE):
                    more = run_search(self.archive, WORD, visibility=vis, limit=PAGE, offset=offset)
                    found |= {(h["document_id"], h["page"]) for h in more["hits"]}
                assert found == expected, (user.username, user.role, sorted(found ^ expected)[:5])
                assert result["total"] == len(expected)
                for name, counts in facets.items():
                    assert result["facets"][name] == {k: v for k, v in counts.items() if k is not None}, name
                compared += len(expected)
                cases = {c.code: c for c in session.scalars(select(Case))}
                for document_id, shown in visible_candidates(session, documents, vis).items():
                    stored = {c["case"] for c in next(d for d in documents if d.id == document_id).link_candidates}
                    assert {c["case"] for c in shown} == {c for c in stored if vis.case_visible(cases[c])}
                    compared += len(shown)
                if with_report:
                    compared += self._check_report(vis, cases)
        return compared

    def _check_report(self, vis, cases) -> int:
        """Every case a report names (its case lists and the rows behind each figure) is one the reader may open."""
        report = build_report(self.archive, YEAR, None, with_cases=True, vis=vis)
        named = {code for parts in report["cases"].values() for codes in parts.values() for code in codes}
        rows = report_cases(self.archive, YEAR, None, vis=vis)
        named |= {row["case"] for listed in rows.values() for row in listed}
        visible_here = {code for code, case in cases.items() if vis.case_visible(case)}
        # Every case is a criminal case tried in the year: each one the reader may open is listed, and no other.
        assert named == visible_here, sorted(named ^ visible_here)
        return len(named)


WEIGHTS = {
    "upload": 4,
    "link_upload": 2,
    "link_part": 2,
    "move_case": 2,
    "restrict_case": 2,
    "import_register": 1,
    "assign": 2,
    "change_account": 2,
    "rename_unit": 1,
    "delete_document": 2,
}


@pytest.mark.parametrize("seed", [1])
def test_every_answer_matches_the_oracle_after_random_edits(tmp_path, database_url, seed):  # noqa: F811
    archive = Archive(Settings(home=tmp_path / "home", database_url=database_url, workers=1))
    try:
        rng = random.Random(seed)
        world = World(archive, rng)
        names, weights = zip(*WEIGHTS.items(), strict=True)
        done, compared = Counter(), 0
        for step in range(1, OPERATIONS + 1):
            name = rng.choices(names, weights)[0]
            getattr(world, name)()
            done[name] += 1
            if step % CHECK_EVERY == 0:
                compared += world.check(with_report=step % (CHECK_EVERY * 5) == 0)
        assert sum(done.values()) == OPERATIONS and compared > 0
    finally:
        archive.close()
