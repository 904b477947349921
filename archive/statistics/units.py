"""The unit hierarchy for reporting: which recorded units' cases count towards each reporting unit.

A case recorded under unit U counts for U, and, following parent and successor links transitively, for
every unit reached. So a case of the dissolved district `BN-TS` (successor `BN-KV1`, parent `BN`) counts
for BN-TS itself (its historical report), for BN-KV1, for BN and for the national root; a unit is never
counted twice however many paths reach it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select

from archive import errors
from archive.records.models import Unit

LEVEL_LABELS = {
    "supreme": "VKSND tối cao",
    "high": "VKSND cấp cao",
    "provincial": "VKSND tỉnh",
    "regional": "VKSND khu vực",
    "district": "VKSND huyện (trước 7/2025)",
}
LEVEL_ORDER = ("supreme", "high", "provincial", "regional", "district")


class UnitError(errors.NotFound, ValueError):
    """An unknown unit code; the message is the Vietnamese reason."""

    code = "unknown_unit"


@dataclass(frozen=True)
class UnitInfo:
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    successor_id: int | None
    valid_to: object = None


def load_units(session) -> dict[int, UnitInfo]:
    rows = session.execute(
        select(Unit.id, Unit.code, Unit.name, Unit.level, Unit.parent_id, Unit.successor_id, Unit.valid_to)
    )
    return {row.id: UnitInfo(*row) for row in rows}


def reporting_closure(units: Mapping[int, UnitInfo]) -> dict[int, frozenset[int]]:
    """For each unit, the set of units its cases count for (itself, parents and successors, transitively)."""
    closure: dict[int, frozenset[int]] = {}
    for unit_id in units:
        seen: set[int] = set()
        stack = [unit_id]
        while stack:
            current = stack.pop()
            if current in seen or current not in units:
                continue
            seen.add(current)
            info = units[current]
            stack.extend(x for x in (info.parent_id, info.successor_id) if x is not None)
        closure[unit_id] = frozenset(seen)
    return closure


def members(closure: Mapping[int, frozenset[int]], unit_id: int) -> frozenset[int]:
    """The recorded units whose cases count for `unit_id`."""
    return frozenset(u for u, reached in closure.items() if unit_id in reached)


def by_code(units: Mapping[int, UnitInfo], code: str) -> UnitInfo:
    for info in units.values():
        if info.code == code:
            return info
    raise UnitError(f"không có đơn vị '{code}'")


def subordinates(
    units: Mapping[int, UnitInfo], closure: Mapping[int, frozenset[int]], unit_id: int | None
) -> list[UnitInfo]:
    """Units (other than `unit_id`) whose figures roll into it, ordered by level then code; all units for None."""
    chosen = units.values() if unit_id is None else (units[u] for u in members(closure, unit_id) if u != unit_id)
    return sorted(chosen, key=lambda u: (LEVEL_ORDER.index(u.level) if u.level in LEVEL_ORDER else 99, u.code))


def children(units: Mapping[int, UnitInfo], unit_id: int | None) -> list[UnitInfo]:
    """Direct, still-valid subordinates (no successor) of a unit, or the roots for None."""
    return sorted(
        (u for u in units.values() if u.parent_id == unit_id and u.successor_id is None), key=lambda u: u.code
    )


def rollup(
    per_unit: Mapping[int | None, Mapping[str, int]], closure: Mapping[int, frozenset[int]], targets: Iterable[int]
) -> dict[int, dict[str, int]]:
    """Sum per-recorded-unit counts into each target reporting unit."""
    wanted = set(targets)
    totals: dict[int, dict[str, int]] = {t: {} for t in wanted}
    for unit_id, counts in per_unit.items():
        if unit_id is None:
            continue
        for reached in closure.get(unit_id, ()):
            if reached in wanted:
                bucket = totals[reached]
                for key, value in counts.items():
                    bucket[key] = bucket.get(key, 0) + value
    return totals


def total(per_unit: Mapping[int | None, Mapping[str, int]]) -> dict[str, int]:
    """Sum over every recorded unit (and cases without one): the national figure."""
    result: dict[str, int] = {}
    for counts in per_unit.values():
        for key, value in counts.items():
            result[key] = result.get(key, 0) + value
    return result
