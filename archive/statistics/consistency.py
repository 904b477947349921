"""Consistency check: every figure recomputed two ways — the aggregate SQL rolled up the hierarchy, and the
per-case list judged case by case — for the unit and each unit under it; any difference is listed with the
cases that make it.
"""

from __future__ import annotations

from sqlalchemy import and_, select

from archive.records.models import Case
from archive.statistics import cases as per_case
from archive.statistics import compute, units
from archive.statistics.access import visible_codes
from archive.statistics.definitions import INDICATORS
from archive.statistics.periods import Period
from archive.statistics.report import open_scope


def per_case_counts(facts, period: Period, closure, wanted: set[int]) -> tuple[dict[int, dict], dict]:
    """Counts per reporting unit pushed from each case (and the national total), without SQL aggregation."""
    by_unit: dict[int, dict] = {u: {} for u in wanted}
    national: dict = {}
    for indicator in INDICATORS:
        for case, counted in per_case.cases_for(indicator, facts, period):
            keys = [f"{indicator.code}:d"] + ([f"{indicator.code}:n"] if counted else [])
            buckets = [national] + [by_unit[u] for u in closure.get(case.unit_id, ()) if u in wanted]
            for bucket in buckets:
                for key in keys:
                    bucket[key] = bucket.get(key, 0) + 1
    return by_unit, national


def sql_case_codes(session, indicator, period: Period, part: str, member_ids) -> set[str]:
    """The aggregate path's own case list for one figure, to name the cases behind a difference."""

    def among(entity):
        condition = indicator.denominator_sql(period, entity)
        return condition if member_ids is None else and_(condition, entity.unit_id.in_(sorted(member_ids)))

    condition = among(Case)
    if part == "numerator":
        per_case = session.get_bind().dialect.name == "sqlite"
        condition = and_(condition, indicator.numerator_sql(period, among, per_case))
    return set(session.scalars(select(Case.code).where(condition)))


def check(archive, period: Period, unit_code: str | None = None, vis=None) -> dict:
    """Recompute the figures both ways; `consistent` is False when any figure differs.

    With `vis`, the cases named behind a difference are only those that person may open.
    """
    with archive.session() as session:
        scope = open_scope(session, unit_code)
        root = scope.unit.id if scope.unit else None
        wanted = {u.id for u in units.subordinates(scope.units, scope.closure, root)} | ({root} if root else set())
        aggregate = compute.indicator_counts(session, period, scope.member_ids)
        rolled = units.rollup(aggregate, scope.closure, wanted)
        facts = per_case.case_facts(session, period, scope.member_ids)
        by_unit, national = per_case_counts(facts, period, scope.closure, wanted)
        pairs = [(u, rolled[u], by_unit[u]) for u in sorted(wanted, key=lambda i: scope.units[i].code)]
        if root is None:
            pairs.insert(0, (None, units.total(aggregate), national))
        differences, checked = [], 0
        for unit_id, left, right in pairs:
            members = None if unit_id is None else units.members(scope.closure, unit_id)
            for indicator in INDICATORS:
                for part, suffix in (("numerator", "n"), ("denominator", "d")):
                    checked += 1
                    key = f"{indicator.code}:{suffix}"
                    if left.get(key, 0) == right.get(key, 0):
                        continue
                    listed = {
                        c.code
                        for c, counted in per_case.cases_for(indicator, facts, period)
                        if (part == "denominator" or counted) and (members is None or c.unit_id in members)
                    }
                    queried = sql_case_codes(session, indicator, period, part, members)
                    if vis is not None:
                        shown = visible_codes(session, vis, queried | listed)
                        queried, listed = queried & shown, listed & shown
                    differences.append(
                        {
                            "unit": scope.units[unit_id].code if unit_id else None,
                            "indicator": indicator.code,
                            "part": part,
                            "aggregate": left.get(key, 0),
                            "per_case": right.get(key, 0),
                            "only_aggregate": sorted(queried - listed),
                            "only_per_case": sorted(listed - queried),
                        }
                    )
    return {
        "unit": unit_code,
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "units": [scope.units[u].code if u else None for u, _, _ in pairs],
        "checked": checked,
        "consistent": not differences,
        "differences": differences,
    }
