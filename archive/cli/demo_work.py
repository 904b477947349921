"""What people do with the province demo set once its scans are read, done through the archive's own functions.

Hearings recorded and imported, case files marked digitised, targets set for every unit, the court's figures
imported, an exhibit set presented at a hearing, and last year's report signed: each writes its audit row and
is counted by the statistics exactly as the same action in the workbench would be.

Commands import the rooms they use inside themselves, for a quick start (archive/cli/__init__.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

from archive.records.models import Case, Document, DocumentPart, DocumentStatus, ExhibitSet, Page
from archive.records.registers import parse_date
from archive.statistics.periods import statistical_year, statistical_year_of

log = logging.getLogger(__name__)

WAITING = ("queued", "processing", "indexing")  # not yet done or failed
STATISTICIAN, STAFF, PROSECUTOR, HEAD = "Cán bộ thống kê", "Cán bộ số hóa", "Kiểm sát viên", "Viện trưởng"
# Targets per unit and statistical year: (criminal hearings, civil/admin files, corruption files).
TARGETS = {"BN": ("30%", "20%", "100%"), "BN-KV1": ("35%", "25%", "100%"), "BN-KV2": ("30%", "22%", "100%")}


def waiting_ids(archive) -> list[int]:
    with archive.session() as session:
        return list(session.scalars(select(Document.id).where(Document.status.in_(WAITING))))


def read_scans(
    archive,
    document_ids: list[int],
    on_progress: Callable[[int, int], None] | None = None,
    wait_seconds: float = 3600.0,
    also: list[int] = (),
) -> None:
    """Read the documents (and `also` these) still queued in this process, then wait until none is queued or
    being read (a server's workers may hold some); `on_progress(finished, total)` of `document_ids` as they
    finish."""
    from archive.runtime.jobs import process_now, reclaim_stale

    ids = sorted(set(document_ids))
    every = sorted(set(ids) | set(also))
    if not every:
        return
    reclaim_stale(archive, every)

    def finished() -> int:
        with archive.session() as session:
            return len(ids) - session.scalar(
                select(func.count(Document.id)).where(Document.id.in_(ids), Document.status.in_(WAITING))
            )

    def report(*_args) -> None:
        if on_progress:
            on_progress(finished(), len(ids))

    report()
    with archive.session() as session:
        queued = list(
            session.scalars(select(Document.id).where(Document.id.in_(every), Document.status == DocumentStatus.QUEUED))
        )
    stop = threading.Event()

    def keep_reporting() -> None:  # a server's workers finish documents too: count what is done, not what we did
        while not stop.wait(2):
            report()

    reporter = threading.Thread(target=keep_reporting, name="demo-progress", daemon=True)
    reporter.start()
    try:
        if queued:
            process_now(archive, queued)
        deadline = time.monotonic() + wait_seconds
        while (finished() < len(ids) or waiting_ids(archive)) and time.monotonic() < deadline:
            time.sleep(2)
    finally:
        stop.set()
        reporter.join()
    report()


def _cases(folder: Path) -> list[dict]:
    with (folder / "cases.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["registered_on"] = parse_date(row["registered_on"]) if row["registered_on"] else None
        row["trial_on"] = parse_date(row["trial_on"]) if row["trial_on"] else None
    return rows


def finish_province(archive, folder: Path, today: dt.date) -> str:
    """Record what the province's people did with the demo cases; returns a Vietnamese summary."""
    from archive.statistics.hearings import RecordError, import_hearings, mark_digitised, record_hearing
    from archive.statistics.reconcile import import_court_figures
    from archive.statistics.signoff import SignoffError, sign_off
    from archive.statistics.targets import set_target

    rows = _cases(folder)
    current = statistical_year(statistical_year_of(today))
    previous = statistical_year(current.year - 1)
    tried = [r for r in rows if r["kind"] == "HS" and r["trial_on"] and r["trial_on"] <= today]
    done = {"hearings": 0, "marked": 0, "targets": 0, "court": 0}

    # Hearings: most recorded one by one (every other one with digitised evidence), the rest imported.
    imported = tried[3::4]
    for index, row in enumerate(r for r in tried if r not in imported):
        try:
            record_hearing(archive, row["code"], row["trial_on"], index % 3 != 2, STATISTICIAN)
            done["hearings"] += 1
        except RecordError as exc:
            log.warning("demo hearing of %s not recorded: %s", row["code"], exc)
    if imported:
        lines = ["case,held_on,digital_evidence"] + [
            f"{r['code']},{r['trial_on'].isoformat()},{'no' if i % 2 else 'yes'}" for i, r in enumerate(imported)
        ]
        done["hearings"] += import_hearings(archive, "\n".join(lines) + "\n", STATISTICIAN)["rows"]

    # Files marked digitised: every corruption case, and two of every three other non-criminal files.
    civil = [r for r in rows if r["kind"] != "HS"]
    for index, row in enumerate(r for r in rows if r["corruption"] == "true" or (r in civil and civil.index(r) % 3)):
        mark_digitised(archive, row["code"], STAFF if index % 2 else STATISTICIAN)
        done["marked"] += 1

    # Targets of both years for the province and its regional units.
    from archive.statistics.definitions import BY_CODE

    for year in (previous.year, current.year):
        for unit, values in TARGETS.items():
            for code, value in zip(BY_CODE, values, strict=True):
                set_target(archive, code, value, year, unit, actor=STATISTICIAN)
                done["targets"] += 1

    # The court's figures: the criminal cases it tried, one with a different date and one without the
    # digitised evidence we recorded, so that reconciliation has something to show.
    for period in (previous, current):
        in_period = [r for r in tried if period.start <= r["trial_on"] <= period.end]
        if not in_period:
            continue
        lines = ["case,tried_on,digital_evidence"]
        for index, row in enumerate(in_period):
            day = row["trial_on"] - dt.timedelta(days=1) if index == 1 else row["trial_on"]
            lines.append(f"{row['code']},{day.isoformat()},{'no' if index == 2 else 'yes'}")
        import_court_figures(archive, "\n".join(lines) + "\n", period, actor=STATISTICIAN)
        done["court"] += len(in_period)

    exhibit = _present_exhibits(archive, tried)

    # Last statistical year's report of the province, signed by its head.
    signed = ""
    try:
        sign_off(archive, previous, "BN", HEAD, "unit_head", "BN")
        signed = f", báo cáo {previous.label.lower()} đã ký duyệt"
    except SignoffError as exc:  # signed by an earlier load
        log.info("demo report not signed again: %s", exc)
    return (
        f"{done['hearings']} phiên tòa, {done['marked']} hồ sơ xác nhận đã số hóa, {done['targets']} chỉ tiêu, "
        f"{done['court']} dòng số liệu tòa án{exhibit}{signed}"
    )


def _present_exhibits(archive, tried: list[dict]) -> str:
    """An exhibit set of a tried criminal case's pages, presented at its hearing (once per archive)."""
    from archive.evidence.exhibits import ExhibitError, add_item, create_set, record_presentation

    with archive.transaction() as session:
        if session.scalar(select(func.count(ExhibitSet.id))):
            return ""
        for row in sorted(tried, key=lambda r: r["trial_on"], reverse=True):
            case = session.scalar(select(Case).where(Case.code == row["code"]))
            pages = session.execute(
                select(Document, Page.number)
                .join(Page, Page.document_id == Document.id)
                .join(DocumentPart, DocumentPart.document_id == Document.id)
                .where(
                    DocumentPart.case_id == case.id,
                    Document.status == DocumentStatus.DONE,
                    Page.number >= DocumentPart.first_page,
                    Page.number <= DocumentPart.last_page,
                )
                .order_by(Document.id, Page.number)
                .limit(3)
            ).all()
            if not pages:
                continue
            exhibit_set = create_set(
                session, case, f"Chứng cứ trình chiếu phiên tòa {case.code}", row["trial_on"], PROSECUTOR
            )
            try:
                for document, number in pages:
                    add_item(session, exhibit_set, document, number, caption=f"Trang {number}", actor=PROSECUTOR)
                record_presentation(session, exhibit_set, row["trial_on"], PROSECUTOR)
            except ExhibitError as exc:
                log.warning("demo exhibit set of %s incomplete: %s", case.code, exc.code)
            return f", bộ chứng cứ của vụ {case.code}"
    return ""
