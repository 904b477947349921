"""One digitisation report: a reporting unit and period → its indicators with targets, the same for each
subordinate unit, the other figures, and (on request) the cases behind every figure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from archive.statistics import cases as per_case
from archive.statistics import compute, targets, units
from archive.statistics.definitions import INDICATORS
from archive.statistics.definitions import indicator as find
from archive.statistics.periods import Period
from archive.statistics.signoff_status import attach_status


@dataclass(frozen=True)
class Scope:
    """Who a report is about: one unit (with every recorded unit counting for it) or, unit None, everything."""

    units: Mapping[int, units.UnitInfo]
    closure: Mapping[int, frozenset[int]]
    unit: units.UnitInfo | None
    member_ids: frozenset[int] | None

    @property
    def code(self) -> str | None:
        return self.unit.code if self.unit else None


def open_scope(session, unit_code: str | None) -> Scope:
    known = units.load_units(session)
    closure = units.reporting_closure(known)
    if not unit_code:
        return Scope(known, closure, None, None)
    unit = units.by_code(known, unit_code)
    return Scope(known, closure, unit, units.members(closure, unit.id))


def ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def indicators_json(counts: Mapping[str, int], year_targets, unit_id: int | None) -> list[dict]:
    rows = []
    for indicator in INDICATORS:
        numerator = counts.get(f"{indicator.code}:n", 0)
        denominator = counts.get(f"{indicator.code}:d", 0)
        target = targets.resolve(year_targets, indicator.code, unit_id)
        rows.append(
            {
                "code": indicator.code,
                "label": indicator.label,
                "numerator": numerator,
                "denominator": denominator,
                "ratio": ratio(numerator, denominator),
                "target": target,
                "met": targets.met(numerator, denominator, target),
                "numerator_label": indicator.numerator_label,
                "denominator_label": indicator.denominator_label,
            }
        )
    return rows


def unit_json(info: units.UnitInfo | None, all_units: Mapping[int, units.UnitInfo]) -> dict:
    if info is None:
        return {"code": None, "name": "Toàn ngành", "level": None, "parent": None, "successor": None}
    code = lambda i: all_units[i].code if i in all_units else None  # noqa: E731
    return {
        "code": info.code,
        "name": info.name,
        "level": info.level,
        "parent": code(info.parent_id),
        "successor": code(info.successor_id),
    }


def build_report(
    archive,
    period: Period,
    unit_code: str | None = None,
    *,
    with_units: bool = True,
    with_cases: bool = False,
    with_signoff: bool = True,
    session=None,
    vis=None,
) -> dict:
    """The report as JSON-ready data (the DESIGN.md contract, extended).

    With `vis` (a person's visibility) the case lists name only cases that person may open; the figures still
    count every case of the units reported on.
    """
    if session is None:
        with archive.session() as own:
            return build_report(
                archive,
                period,
                unit_code,
                with_units=with_units,
                with_cases=with_cases,
                with_signoff=with_signoff,
                session=own,
                vis=vis,
            )
    scope = open_scope(session, unit_code)
    year_targets = targets.load_targets(session, period.year)
    ind = compute.indicator_counts(session, period, scope.member_ids)
    docs = compute.document_counts(session, period, scope.member_ids)
    shown = units.subordinates(scope.units, scope.closure, scope.unit.id if scope.unit else None) if with_units else []
    wanted = [u.id for u in shown] + ([scope.unit.id] if scope.unit else [])
    rolled_ind = units.rollup(ind, scope.closure, wanted)
    rolled_docs = units.rollup(docs, scope.closure, wanted)
    own_ind = rolled_ind[scope.unit.id] if scope.unit else units.total(ind)
    own_docs = rolled_docs[scope.unit.id] if scope.unit else units.total(docs)
    report = {
        "unit": scope.code,
        "unit_name": scope.unit.name if scope.unit else "Toàn ngành",
        "unit_level": scope.unit.level if scope.unit else None,
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "period": period.label,
        "year": period.year,
        "status": "draft",
        "indicators": indicators_json(own_ind, year_targets, scope.unit.id if scope.unit else None),
        "figures": compute.figures_json(own_docs),
    }
    if with_units:
        report["units"] = [
            unit_json(u, scope.units)
            | {
                "indicators": indicators_json(rolled_ind[u.id], year_targets, u.id),
                "figures": compute.figures_json(rolled_docs[u.id]),
            }
            for u in shown
        ]
    if with_cases:
        facts = per_case.case_facts(session, period, scope.member_ids)
        report["cases"] = per_case.case_lists(facts, period)
    if with_signoff:
        attach_status(session, scope, period, report, vis=vis)
    if with_cases:  # after the sign-off's comparison, which needs every case
        report["cases"] = per_case.visible_lists(session, vis, report["cases"])
    return report


def report_cases(
    archive,
    period: Period,
    unit_code: str | None = None,
    indicator_code: str | None = None,
    part: str = "denominator",
    vis=None,
) -> dict[str, list[dict]]:
    """{indicator code: the rows behind its figure} for the unit (every indicator unless one is named); with
    `vis`, only the cases that person may open.
    """
    chosen = [find(indicator_code)] if indicator_code else list(INDICATORS)
    with archive.session() as session:
        scope = open_scope(session, unit_code)
        facts = per_case.case_facts(session, period, scope.member_ids)
        rows = {i.code: per_case.drilldown(i, facts, period, scope.units, part) for i in chosen}
        return per_case.only_visible(session, vis, rows)[0]
