"""The statistics pages that show figures: the report of a unit with a bar chart per indicator (each subordinate
unit against the target, drawn as server-side SVG) and its sign-off state, the cases behind any figure, the
consistency check and the reconciliation with the court. Vietnamese throughout, no scripts needed.

The forms that change the figures are in `web/statistics_forms.py`, included here.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from archive.statistics import consistency, signoff
from archive.statistics import formatting as fmt
from archive.statistics.definitions import BY_CODE, INDICATORS
from archive.statistics.report import build_report, report_cases
from archive.statistics.units import UnitError
from web import statistics_forms
from web.api_statistics import readers, visibility_of, visible_cases
from web.auth import Actor
from web.messages import t
from web.statistics_view import Scope, ScopeError, page, problem_page, reconciliation_context, scope_of

router = APIRouter()
PARTS = ("denominator", "numerator", "missing")
BAR_OK, BAR_LOW, BAR_NONE = "#2e7d32", "#c62828", "#9e9e9e"
DONE = {"signed": "Đã ký duyệt báo cáo. Số liệu và danh sách vụ án đã được đóng băng."}


def cases_link(indicator: str, scope: Scope, unit: str | None = None, part: str = "denominator") -> str:
    unit = unit if unit is not None else scope.unit
    query = {
        "indicator": indicator,
        "part": part,
        "from": scope.period.start.isoformat(),
        "to": scope.period.end.isoformat(),
    } | ({"unit": unit} if unit else {})
    return "/statistics/cases?" + urlencode(query)


def short_unit_label(unit: str | None, name: str, limit: int = 44) -> str:
    """`BN-KV1 · VKSND khu vực 1 - Bắc Ninh`: the usual abbreviation, cut to fit the chart's label column."""
    label = f"{unit} · {name.replace('Viện kiểm sát nhân dân', 'VKSND')}" if unit else name
    return label if len(label) <= limit else label[: limit - 1] + "…"


def chart_svg(code: str, rows: list[tuple[str | None, str, dict]], scope: Scope) -> Markup:
    """Horizontal bars, one per unit (first the reporting unit), a dashed line at the target; bars link to
    cases. Two drawings: names beside the bars for a wide screen, names above them for a phone."""
    return Markup(_bars(code, rows, scope, narrow=False) + _bars(code, rows, scope, narrow=True))


def _bars(code: str, rows: list[tuple[str | None, str, dict]], scope: Scope, narrow: bool) -> str:
    label_w, bar_w, row_h, top = (0, 250, 44, 28) if narrow else (320, 440, 26, 28)
    bar_y = 20 if narrow else 4  # the name stands above the bar on a phone
    height = top + row_h * len(rows) + 10
    target = rows[0][2]["target"] if rows else 0
    kind = "chart-narrow" if narrow else "chart-wide"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {kind}" width="{label_w + bar_w + 110}" '
        f'height="{height}" role="img" aria-label="{escape(BY_CODE[code].label)}">'
    ]
    for index, (unit, name, row) in enumerate(rows):
        y = top + index * row_h
        ratio = row["ratio"]
        colour = BAR_NONE if ratio is None else (BAR_OK if row["met"] else BAR_LOW)
        width = 0 if ratio is None else max(1, round(min(ratio, 1) * bar_w))
        title = t(
            "stats.bar_title",
            unit=unit or "",
            name=name,
            numerator=fmt.number(row["numerator"]),
            denominator=fmt.number(row["denominator"]),
            ratio=fmt.percent(ratio),
            target=fmt.percent(row["target"], trim=True),
        )
        weight = ' font-weight="bold"' if index == 0 else ""
        label = (
            f'<text x="0" y="{y + 14}" font-size="12"{weight}>'
            if narrow
            else f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end" font-size="12"{weight}>'
        )
        bar_h = 16 if narrow else row_h - 8
        parts.append(
            f'<a href="{escape(cases_link(code, scope, unit or ""))}"><title>{escape(title)}</title>'
            f"{label}{escape(short_unit_label(unit, name))}</text>"
            f'<rect x="{label_w}" y="{y + bar_y}" width="{width}" height="{bar_h}" fill="{colour}"/>'
            f'<text x="{label_w + width + 6}" y="{y + bar_y + 12}" font-size="12">'
            f"{fmt.percent(ratio)} ({fmt.fraction(row['numerator'], row['denominator'])})</text></a>"
        )
    x = label_w + round(min(target, 1) * bar_w)
    # On a phone the names stand above the bars: the target is marked beside each bar, not across the names.
    spans = (
        [(top + i * row_h + bar_y - 2, top + i * row_h + bar_y + 18) for i in range(len(rows))]
        if narrow
        else [(top - 6, height - 6)]
    )
    parts += [
        f'<line x1="{x}" y1="{y0}" x2="{x}" y2="{y1}" stroke="#1a237e" stroke-width="2" stroke-dasharray="5,4"/>'
        for y0, y1 in spans
    ]
    parts.append(
        f'<text x="{x}" y="{top - 10}" text-anchor="middle" font-size="12" fill="#1a237e">'
        f"{escape(t('stats.target_line', target=fmt.percent(target, trim=True)))}</text></svg>"
    )
    return "".join(parts)


def chart_rows(report: dict, index: int) -> list[tuple[str | None, str, dict]]:
    """The reporting unit, then its direct, still-existing subordinate units."""
    own = [(report["unit"], report["unit_name"], report["indicators"][index])]
    children = [u for u in report.get("units", []) if u["parent"] == report["unit"] and not u["successor"]]
    return own + [(u["code"], u["name"], u["indicators"][index]) for u in children]


def filter_values(request: Request) -> dict:
    """What the person typed into the filter form, kept as typed."""
    query = request.query_params
    return {key: (query.get(key) or "")[:100] for key in ("unit", "period", "from", "to")}


@router.get("/statistics", response_class=HTMLResponse)
def statistics_page(request: Request, actor: Actor = Depends(readers)):
    archive = request.app.state.archive
    typed = filter_values(request)
    try:
        scope = scope_of(request, actor)
        report = build_report(archive, scope.period, scope.unit, vis=visibility_of(archive, actor))
    except (ScopeError, UnitError) as exc:
        return page(
            request, "statistics.html", "report", None, {"report": None, "typed": typed, "error": str(exc)}, 422
        )
    rows = []
    for index, row in enumerate(report["indicators"]):
        links = {part: cases_link(row["code"], scope, part=part) for part in PARTS}
        rows.append(row | {"links": links, "chart": chart_svg(row["code"], chart_rows(report, index), scope)})
    own = [(report["unit"] or "", report["unit_name"])]
    others = [(u["code"], u["name"]) for u in report.get("units", []) if not u["successor"]]
    return page(
        request,
        "statistics.html",
        "report",
        scope,
        {
            "report": report,
            "rows": rows,
            "typed": typed,
            "unit_options": own + others,
            "can_sign": actor.role == signoff.SIGNER_ROLE and actor.unit_code == report["unit"],
            "done": DONE.get(request.query_params.get("done", "")),
        },
    )


@router.get("/statistics/cases", response_class=HTMLResponse)
def statistics_cases(request: Request, indicator: str = "", part: str = "denominator", actor: Actor = Depends(readers)):
    archive = request.app.state.archive
    if indicator not in BY_CODE:
        return problem_page(request, "report", t("stats.unknown_indicator", indicator=indicator[:100]))
    if part not in PARTS:
        return problem_page(request, "report", t("stats.bad_part", part=part[:100]))
    try:
        scope = scope_of(request, actor)
        rows = report_cases(archive, scope.period, scope.unit, indicator, part)[indicator]
    except (ScopeError, UnitError) as exc:
        return problem_page(request, "report", str(exc))
    shown, hidden = visible_cases(archive, actor, {indicator: rows})
    return page(
        request,
        "statistics_cases.html",
        "report",
        scope,
        {
            "indicator": BY_CODE[indicator],
            "part": part,
            "cases": shown[indicator],
            "hidden": hidden[indicator],
            "back": f"/statistics?{scope.query}",
            "record_link": f"/statistics/records?{scope.query}",
        },
    )


@router.get("/statistics/consistency", response_class=HTMLResponse)
def statistics_consistency(request: Request, actor: Actor = Depends(readers)):
    """The figures recomputed two independent ways, and any difference with the cases behind it."""
    archive = request.app.state.archive
    try:
        scope = scope_of(request, actor)
        result = consistency.check(archive, scope.period, scope.unit, visibility_of(archive, actor))
    except (ScopeError, UnitError) as exc:
        return problem_page(request, "consistency", str(exc))
    return page(
        request, "statistics_consistency.html", "consistency", scope, {"result": result, "indicators": INDICATORS}
    )


@router.get("/statistics/reconciliation", response_class=HTMLResponse)
def statistics_reconciliation(request: Request, actor: Actor = Depends(readers)):
    """The court's list for the period against our criminal figure, case by case, with what to do."""
    try:
        scope = scope_of(request, actor)
        context = reconciliation_context(request, actor, scope)
    except (ScopeError, UnitError) as exc:
        return problem_page(request, "reconciliation", str(exc))
    done = request.query_params.get("done") == "court"
    return page(
        request,
        "statistics_reconciliation.html",
        "reconciliation",
        scope,
        context | {"done": statistics_forms.court_done(request) if done else None, "form": {}, "problems": []},
    )


router.include_router(statistics_forms.router)
