"""The indicators, in one place: code, Vietnamese labels, default target, and the rule for numerator and
denominator written twice side by side — as SQL (the aggregate path) and as a predicate on one case's facts
(the per-case path) — so the consistency check can prove the two agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import and_, exists, func, or_, select, true
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement

from archive.records.models import Case, Document, DocumentStatus, Hearing, Page, Presentation
from archive.statistics.periods import Period

CIVIL_ADMIN_KINDS = ("DS", "HC", "KDTM", "LĐ", "HNGĐ")
CRIMINAL_KIND = "HS"


@dataclass(frozen=True)
class CaseFacts:
    """What the rules need to know about one case (the per-case path builds these)."""

    id: int
    code: str
    unit_id: int | None
    kind: str
    registered_on: dt.date | None
    trial_on: dt.date | None
    corruption: bool
    folios: int | None
    marked_at: dt.datetime | None
    marked_by: str | None
    pages_done: int = 0
    digital_hearings: tuple[dt.date, ...] = field(default=())  # dates of hearings that used digitised evidence


# --- the shared notions, SQL and Python ------------------------------------------------------------------


def digitised_sql(among: Callable, per_case: bool = False) -> ColumnElement:
    """The case file is digitised: marked complete, or the page rows of its done documents reach its folios.

    Two spellings of the same rule, for the two planners (bench/report_bench.py, 1M cases): membership in one
    uncorrelated set of the cases `among(entity)` selects whose pages suffice — PostgreSQL builds it once as a
    hashed subplan — or (`per_case`) a page count per case, which SQLite runs as index lookups while it would
    build that set starting from every done document. Page rows are counted as rows (`count(*)`: the same number
    as their ids in these inner joins), so the page index answers on its own, without reading the pages.
    """
    if per_case:
        pages = (
            select(func.count())
            .select_from(Page)
            .join(Document, Page.document_id == Document.id)
            .where(Document.case_id == Case.id, Document.status == DocumentStatus.DONE)
            .scalar_subquery()
        )
        return or_(Case.digitised_marked_at.is_not(None), and_(Case.folios > 0, pages >= Case.folios))
    other = aliased(Case)
    enough_pages = (
        select(other.id)
        .join(Document, Document.case_id == other.id)
        .join(Page, Page.document_id == Document.id)
        .where(Document.status == DocumentStatus.DONE, other.folios > 0, among(other))
        .group_by(other.id, other.folios)
        .having(func.count() >= other.folios)
    )
    return or_(Case.digitised_marked_at.is_not(None), Case.id.in_(enough_pages))


def is_digitised(case: CaseFacts) -> bool:
    return case.marked_at is not None or (bool(case.folios) and case.folios > 0 and case.pages_done >= case.folios)


def digital_hearing_sql(period: Period, among: Callable | None = None, per_case: bool = False) -> ColumnElement:
    """The case had a hearing in the period that used digitised evidence (marked so, or an exhibit set shown)."""
    hearing = aliased(Hearing)
    presented = exists().where(Presentation.hearing_id == hearing.id)
    return exists().where(
        hearing.case_id == Case.id,
        hearing.held_on >= period.start,
        hearing.held_on <= period.end,
        or_(hearing.digital_evidence == true(), presented),
    )


def had_digital_hearing(case: CaseFacts, period: Period) -> bool:
    return any(period.start <= day <= period.end for day in case.digital_hearings)


def _within(day: dt.date | None, period: Period) -> bool:
    return day is not None and period.start <= day <= period.end


# --- the indicators ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    short_label: str  # for column headings and the change list
    numerator_label: str
    denominator_label: str
    default_target: float
    # The condition on a `Case` entity (the table or an alias of it).
    denominator_sql: Callable[..., ColumnElement]
    # Applied on top of the denominator; `among(entity)` is the set being counted (denominator and any unit
    # filter), for rules that look at other rows; `per_case` picks the spelling SQLite runs best.
    numerator_sql: Callable[[Period, Callable, bool], ColumnElement]
    in_denominator: Callable[[CaseFacts, Period], bool]
    in_numerator: Callable[[CaseFacts, Period], bool]  # only asked for cases in the denominator


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        code="criminal_hearings_digital_evidence",
        label="Phiên tòa hình sự có sử dụng chứng cứ số hóa trên số vụ án hình sự đưa ra xét xử",
        short_label="Phiên tòa hình sự có chứng cứ số hóa",
        numerator_label="Số vụ có phiên tòa sử dụng chứng cứ số hóa",
        denominator_label="Tổng số vụ án hình sự đưa ra xét xử",
        default_target=0.30,
        denominator_sql=lambda p, c=Case: and_(c.kind == CRIMINAL_KIND, c.trial_on >= p.start, c.trial_on <= p.end),
        numerator_sql=digital_hearing_sql,
        in_denominator=lambda c, p: c.kind == CRIMINAL_KIND and _within(c.trial_on, p),
        in_numerator=had_digital_hearing,
    ),
    Indicator(
        code="civil_admin_files_digitised",
        label="Hồ sơ vụ việc dân sự, hành chính, kinh doanh thương mại, lao động, hôn nhân gia đình được số hóa",
        short_label="Hồ sơ dân sự, hành chính… đã số hóa",
        numerator_label="Số hồ sơ đã số hóa",
        denominator_label="Tổng số vụ việc thụ lý",
        default_target=0.20,
        denominator_sql=lambda p, c=Case: and_(
            c.kind.in_(CIVIL_ADMIN_KINDS), c.registered_on >= p.start, c.registered_on <= p.end
        ),
        numerator_sql=lambda p, among, per_case=False: digitised_sql(among, per_case),
        in_denominator=lambda c, p: c.kind in CIVIL_ADMIN_KINDS and _within(c.registered_on, p),
        in_numerator=lambda c, p: is_digitised(c),
    ),
    Indicator(
        code="corruption_files_digitised",
        label="Hồ sơ vụ án tham nhũng, chức vụ được số hóa",
        short_label="Hồ sơ tham nhũng, chức vụ đã số hóa",
        numerator_label="Số hồ sơ đã số hóa",
        denominator_label="Tổng số vụ án tham nhũng, chức vụ đang giải quyết trong kỳ",
        default_target=1.00,
        denominator_sql=lambda p, c=Case: and_(
            c.corruption == true(), c.registered_on <= p.end, or_(c.trial_on.is_(None), c.trial_on >= p.start)
        ),
        numerator_sql=lambda p, among, per_case=False: digitised_sql(among, per_case),
        in_denominator=lambda c, p: (
            c.corruption
            and c.registered_on is not None
            and c.registered_on <= p.end
            and (c.trial_on is None or c.trial_on >= p.start)
        ),
        in_numerator=lambda c, p: is_digitised(c),
    ),
)

BY_CODE = {indicator.code: indicator for indicator in INDICATORS}


def broad_sql(period: Period) -> ColumnElement:
    """A cheap superset of every indicator's denominator: what the per-case path loads."""
    return or_(
        and_(Case.trial_on >= period.start, Case.trial_on <= period.end),
        and_(Case.registered_on >= period.start, Case.registered_on <= period.end),
        and_(Case.corruption == true(), Case.registered_on <= period.end),
    )


def indicator(code: str) -> Indicator:
    try:
        return BY_CODE[code]
    except KeyError:
        raise ValueError(f"không có chỉ tiêu '{code}' (có: {', '.join(BY_CODE)})") from None
