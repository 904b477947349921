"""The per-case path: the cases behind each figure, listed one by one and judged by the Python form of each
rule. It shares no counting code with `compute.py`, so the two can check each other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping

from sqlalchemy import func, select

from archive.records.models import Case, Document, DocumentStatus, Hearing, Page, Presentation
from archive.statistics.access import visible_codes
from archive.statistics.definitions import INDICATORS, CaseFacts, Indicator, broad_sql, is_digitised
from archive.statistics.periods import Period
from archive.statistics.units import UnitInfo


def case_facts(session, period: Period, unit_ids: Collection[int] | None = None) -> list[CaseFacts]:
    """Facts of every case that may count in the period (a superset of all denominators), by case code."""
    scope = select(Case.id).where(broad_sql(period))
    if unit_ids is not None:
        scope = scope.where(Case.unit_id.in_(sorted(unit_ids)))
    scope = scope.scalar_subquery()
    pages = dict(
        session.execute(
            select(Document.case_id, func.count(Page.id))
            .join(Page, Page.document_id == Document.id)
            .where(Document.status == DocumentStatus.DONE, Document.case_id.in_(scope))
            .group_by(Document.case_id)
        ).all()
    )
    presented = set(session.scalars(select(Presentation.hearing_id).where(Presentation.hearing_id.is_not(None))))
    digital: dict[int, list] = defaultdict(list)
    for hearing_id, case_id, held_on, flagged in session.execute(
        select(Hearing.id, Hearing.case_id, Hearing.held_on, Hearing.digital_evidence).where(Hearing.case_id.in_(scope))
    ):
        if flagged or hearing_id in presented:
            digital[case_id].append(held_on)
    rows = session.execute(
        select(
            Case.id,
            Case.code,
            Case.unit_id,
            Case.kind,
            Case.registered_on,
            Case.trial_on,
            Case.corruption,
            Case.folios,
            Case.digitised_marked_at,
            Case.digitised_marked_by,
        ).where(Case.id.in_(scope))
    )
    return sorted(
        (
            CaseFacts(*row, pages_done=pages.get(row.id, 0), digital_hearings=tuple(sorted(digital[row.id])))
            for row in rows
        ),
        key=lambda c: c.code,
    )


def cases_for(indicator: Indicator, facts: list[CaseFacts], period: Period) -> list[tuple[CaseFacts, bool]]:
    """The denominator's cases of one indicator, each with whether it is in the numerator."""
    return [(c, bool(indicator.in_numerator(c, period))) for c in facts if indicator.in_denominator(c, period)]


def case_lists(facts: list[CaseFacts], period: Period) -> dict[str, dict[str, list[str]]]:
    """{indicator code: {"numerator": [case codes], "denominator": [case codes]}}."""
    result = {}
    for indicator in INDICATORS:
        chosen = cases_for(indicator, facts, period)
        result[indicator.code] = {
            "numerator": [c.code for c, counted in chosen if counted],
            "denominator": [c.code for c, _ in chosen],
        }
    return result


def case_json(case: CaseFacts, counted: bool, period: Period, units: Mapping[int, UnitInfo]) -> dict:
    unit = units.get(case.unit_id) if case.unit_id is not None else None
    return {
        "case": case.code,
        "unit": unit.code if unit else None,
        "kind": case.kind,
        "registered_on": case.registered_on.isoformat() if case.registered_on else None,
        "trial_on": case.trial_on.isoformat() if case.trial_on else None,
        "corruption": case.corruption,
        "folios": case.folios,
        "pages_done": case.pages_done,
        "digitised": is_digitised(case),
        "marked_by": case.marked_by,
        "marked_at": case.marked_at.isoformat() if case.marked_at else None,
        "digital_hearings": [d.isoformat() for d in case.digital_hearings if period.start <= d <= period.end],
        "in_numerator": counted,
    }


def drilldown(
    indicator: Indicator,
    facts: list[CaseFacts],
    period: Period,
    units: Mapping[int, UnitInfo],
    part: str = "denominator",
) -> list[dict]:
    """Rows behind one figure: `denominator` (all), `numerator`, or `missing` (in the denominator only)."""
    if part not in ("denominator", "numerator", "missing"):
        raise ValueError(f"phần không hợp lệ '{part}' (denominator, numerator, missing)")
    rows = cases_for(indicator, facts, period)
    if part == "numerator":
        rows = [(c, counted) for c, counted in rows if counted]
    elif part == "missing":
        rows = [(c, counted) for c, counted in rows if not counted]
    return [case_json(c, counted, period, units) for c, counted in rows]


def only_visible(session, vis, by_indicator: Mapping[str, list[dict]]) -> tuple[dict[str, list[dict]], dict[str, int]]:
    """The rows of cases the person may open (`vis` None: all), and how many were left out per indicator."""
    if vis is None or vis.everything:
        return dict(by_indicator), {code: 0 for code in by_indicator}
    shown = visible_codes(session, vis, {row["case"] for rows in by_indicator.values() for row in rows})
    kept = {code: [row for row in rows if row["case"] in shown] for code, rows in by_indicator.items()}
    return kept, {code: len(by_indicator[code]) - len(kept[code]) for code in by_indicator}


def visible_lists(session, vis, lists: Mapping[str, Mapping[str, list[str]]]) -> dict[str, dict[str, list[str]]]:
    """`case_lists` output with only the codes of cases the person may open (`vis` None: all)."""
    if vis is None or vis.everything:
        return {code: dict(parts) for code, parts in lists.items()}
    shown = visible_codes(session, vis, {c for parts in lists.values() for codes in parts.values() for c in codes})
    return {
        code: {part: [c for c in codes if c in shown] for part, codes in parts.items()} for code, parts in lists.items()
    }
