"""Indicator targets: per statistical year, optionally per unit; the most specific one wins."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from archive import errors
from archive.records.models import IndicatorTarget, Unit
from archive.statistics.access import audit_actor
from archive.statistics.definitions import BY_CODE, INDICATORS
from archive.trust.access import Visibility, may_use_unit
from archive.trust.audit import record


class TargetError(errors.Invalid):
    """A target that cannot be set; the message is the Vietnamese reason."""

    code = "target_refused"


def load_targets(session, year: int) -> dict[tuple[str, int | None], float]:
    rows = session.execute(
        select(IndicatorTarget.indicator, IndicatorTarget.unit_id, IndicatorTarget.target).where(
            IndicatorTarget.year == year
        )
    )
    return {(row.indicator, row.unit_id): row.target for row in rows}


def resolve(targets: dict[tuple[str, int | None], float], code: str, unit_id: int | None) -> float:
    """Unit and year, then year for all units, then the indicator's default."""
    if unit_id is not None and (code, unit_id) in targets:
        return targets[(code, unit_id)]
    if (code, None) in targets:
        return targets[(code, None)]
    return BY_CODE[code].default_target


TARGET_SCALE = 1_000_000  # targets are kept to six decimals (0.000001 = 0.0001%)


def met(numerator: int, denominator: int, target: float) -> bool | None:
    """Exact comparison in integers (no float rounding): numerator / denominator >= target; None without one."""
    if not denominator:
        return None
    return numerator * TARGET_SCALE >= round(Decimal(str(target)) * TARGET_SCALE) * denominator


def parse_target(value: str) -> float:
    """`0.3`, `30%` or `30` (percent when above 1) → 0.3."""
    text = (value or "").strip().replace(",", ".")
    percent = text.endswith("%")
    try:
        number = Decimal(text.rstrip("%").strip())
    except InvalidOperation:
        raise TargetError(f"chỉ tiêu không hợp lệ '{value}' (ví dụ 0.3 hoặc 30%)") from None
    if percent or number > 1:
        number /= 100
    if not (0 <= number <= 1):
        raise TargetError(f"chỉ tiêu phải nằm trong khoảng 0–100%, không phải '{value}'")
    return float(number)


class TargetForbidden(TargetError):
    """A target for a unit the person may not act for (or for every unit, which only administrators set)."""

    http_status = 403


def set_target(
    archive,
    code: str,
    value: str | float,
    year: int,
    unit_code: str | None = None,
    actor: str | None = None,
    vis: Visibility | None = None,
) -> dict:
    """Set a year's target for one unit or (no unit) every unit; with `vis`, only for units the person may use."""
    if code not in BY_CODE:
        raise TargetError(f"không có chỉ tiêu '{code}' (có: {', '.join(BY_CODE)})")
    if not (2000 <= year <= 2100):
        raise TargetError(f"năm không hợp lệ '{year}'")
    target = parse_target(str(value))
    detail = {"year": year, "unit": unit_code, "target": target}
    try:
        with archive.transaction() as session:
            unit_id = None
            if unit_code:
                unit_id = session.scalar(select(Unit.id).where(Unit.code == unit_code))
                if unit_id is None:
                    raise TargetError(f"không có đơn vị '{unit_code}'")
            if vis is not None and not may_use_unit(vis, unit_id):
                raise TargetForbidden(
                    f"không có quyền đặt chỉ tiêu cho đơn vị '{unit_code}'"
                    if unit_code
                    else "chỉ quản trị viên được đặt chỉ tiêu chung cho mọi đơn vị"
                )
            row = session.scalar(
                select(IndicatorTarget).where(
                    IndicatorTarget.indicator == code,
                    IndicatorTarget.year == year,
                    IndicatorTarget.unit_id.is_(None) if unit_id is None else IndicatorTarget.unit_id == unit_id,
                )
            )
            previous = None if row is None else row.target
            if row is None:
                row = IndicatorTarget(indicator=code, year=year, unit_id=unit_id, target=target)
                session.add(row)
            row.target = target
            record(
                session, "statistics.target_set", code, actor=audit_actor(actor), detail=detail | {"before": previous}
            )
    except TargetForbidden as exc:
        with archive.transaction() as session:
            record(
                session,
                "statistics.target_set",
                code,
                outcome="refused",
                actor=audit_actor(actor),
                detail=detail | {"reason": str(exc)},
            )
        raise
    return {"indicator": code, "year": year, "unit": unit_code, "target": target}


def list_targets(archive, year: int) -> list[dict]:
    """Every indicator's effective national target for the year, plus each unit-specific one."""
    with archive.session() as session:
        targets = load_targets(session, year)
        codes = dict(session.execute(select(Unit.id, Unit.code)).all())
    rows = [
        {
            "indicator": i.code,
            "year": year,
            "unit": None,
            "target": resolve(targets, i.code, None),
            "source": "year" if (i.code, None) in targets else "default",
        }
        for i in INDICATORS
    ]
    rows += [
        {"indicator": code, "year": year, "unit": codes.get(unit_id), "target": value, "source": "unit"}
        for (code, unit_id), value in sorted(targets.items(), key=lambda kv: (kv[0][0], str(kv[0][1])))
        if unit_id is not None
    ]
    return rows
