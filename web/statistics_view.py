"""What every statistics page shares: the period and unit a page is about, the tabs between the pages, the
units a person may act for, and the Vietnamese formatting and words the templates use.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import HTTPException, Request
from sqlalchemy import select

from archive.records.models import Unit
from archive.statistics import formatting, reconcile, wording
from archive.statistics.periods import Period, PeriodError, parse_period
from archive.statistics.report import build_report
from web.api_statistics import allowed_unit, visibility_of
from web.auth import Actor
from web.templating import render

TABS = (
    ("report", "/statistics", "Báo cáo"),
    ("records", "/statistics/records", "Cập nhật số liệu"),
    ("targets", "/statistics/targets", "Chỉ tiêu"),
    ("consistency", "/statistics/consistency", "Kiểm tra nhất quán"),
    ("reconciliation", "/statistics/reconciliation", "Đối chiếu với Tòa án"),
)
FIELD_LENGTH = 100  # a case code, a date, a target typed into a form


@dataclass
class Scope:
    """The period and unit a statistics page shows (unit None: every unit, for administrators)."""

    period: Period
    unit: str | None

    @property
    def params(self) -> dict:
        return {"from": self.period.start.isoformat(), "to": self.period.end.isoformat()} | (
            {"unit": self.unit} if self.unit else {}
        )

    @property
    def query(self) -> str:
        return urlencode(self.params)


class ScopeError(ValueError):
    """A period or unit in the address that cannot be shown; the message is the Vietnamese reason."""


def scope_of(request: Request, actor: Actor, values: dict | None = None) -> Scope:
    """The period (`period`, or `from`/`to`; this statistical year by default) and the unit the person may see
    (`unit`, else their own) from the query string or a submitted form."""
    values = values if values is not None else request.query_params
    try:
        chosen = parse_period(
            (values.get("period") or "").strip() or None,
            (values.get("from") or "").strip() or None,
            (values.get("to") or "").strip() or None,
        )
    except PeriodError as exc:
        raise ScopeError(str(exc)) from None
    try:
        unit = allowed_unit(request.app.state.archive, actor, (values.get("unit") or "").strip() or None)
    except HTTPException as exc:
        raise ScopeError(str(exc.detail)) from None
    return Scope(chosen, unit)


def tabs(active: str, scope: Scope | None) -> list[dict]:
    query = f"?{scope.query}" if scope else ""
    return [{"href": path + query, "label": label, "current": key == active} for key, path, label in TABS]


def usable_units(request: Request, actor: Actor) -> list[tuple[str, str]]:
    """(code, name) of the units the person may act for: their own and those below it (administrators: all)."""
    archive = request.app.state.archive
    with archive.session() as session:
        vis = actor.visibility(session)
        rows = session.execute(select(Unit.code, Unit.name).where(vis.unit_condition()).order_by(Unit.code)).all()
    own = [(code, name) for code, name in rows if code == actor.unit_code]
    return own + [(code, name) for code, name in rows if code != actor.unit_code]


def unit_label(request: Request, code: str | None) -> str:
    """`BN — VKSND tỉnh Bắc Ninh`, or the national label."""
    if not code:
        return wording.NATIONAL
    with request.app.state.archive.session() as session:
        name = session.scalar(select(Unit.name).where(Unit.code == code))
    return wording.unit_name(code, name)


def headline_figures(request: Request, actor: Actor, scope: Scope) -> dict | None:
    """The unit's three figures for the period, to show beside a change that moves them."""
    archive = request.app.state.archive
    try:
        return build_report(archive, scope.period, scope.unit, with_units=False, vis=visibility_of(archive, actor))
    except ValueError:
        return None


def reconciliation_context(request: Request, actor: Actor, scope: Scope) -> dict:
    archive = request.app.state.archive
    result = reconcile.reconcile(archive, scope.period, scope.unit, visibility_of(archive, actor))
    return {"result": result, "record_link": f"/statistics/records?{scope.query}", "side_text": reconcile.side_text}


def page(request: Request, template: str, active: str, scope: Scope | None, context: dict, status: int = 200):
    """Render a statistics page with its tabs and the formatting helpers."""
    data = {
        "layout": "base.html",
        "fmt": formatting,
        "words": wording,
        "tabs": tabs(active, scope),
        "scope": scope,
        "scope_unit": unit_label(request, scope.unit) if scope else "",
        "error": None,
    }
    return render(request, template, data | context, status_code=status)


def problem_page(request: Request, active: str, message: str, status: int = 422):
    """A period or unit that cannot be shown: the page's frame with the reason."""
    return page(request, "statistics_problem.html", active, None, {"error": message}, status)
