"""The statistics pages: the report of a unit with a bar chart per indicator (each subordinate unit against
the target, drawn as server-side SVG), and the cases behind any figure. Vietnamese, no scripts needed.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup

from archive.statistics import signoff
from archive.statistics.definitions import BY_CODE, INDICATORS
from archive.statistics.periods import PeriodError, parse_period
from archive.statistics.report import build_report, report_cases
from archive.statistics.units import LEVEL_LABELS, UnitError
from web.api_statistics import allowed_unit, readers, visibility_of, visible_cases
from web.auth import Actor, current_user
from web.messages import t
from web.templating import render

router = APIRouter()
TEMPLATES = Path(__file__).parent / "templates"
PARTS = ("denominator", "numerator", "missing")
BAR_OK, BAR_LOW, BAR_NONE = "#2e7d32", "#c62828", "#9e9e9e"


def layout() -> str:
    """The site's base template when there is one, else this page's own."""
    return "base.html" if (TEMPLATES / "base.html").exists() else "statistics_layout.html"


def percent(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def cases_link(indicator: str, unit: str | None, start: str, end: str, part: str = "denominator") -> str:
    query = {"indicator": indicator, "part": part, "from": start, "to": end} | ({"unit": unit} if unit else {})
    return "/statistics/cases?" + urlencode(query)


def short_unit_label(unit: str | None, name: str, limit: int = 44) -> str:
    """`BN-KV1 · VKSND khu vực 1 - Bắc Ninh`: the usual abbreviation, cut to fit the chart's label column."""
    label = f"{unit} · {name.replace('Viện kiểm sát nhân dân', 'VKSND')}" if unit else name
    return label if len(label) <= limit else label[: limit - 1] + "…"


def chart_svg(code: str, rows: list[tuple[str | None, str, dict]], start: str, end: str) -> Markup:
    """Horizontal bars, one per unit (first the reporting unit), a dashed line at the target; bars link to cases."""
    label_w, bar_w, row_h, top = 320, 440, 26, 28
    height = top + row_h * len(rows) + 10
    target = rows[0][2]["target"] if rows else 0
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{label_w + bar_w + 120}" '
             f'height="{height}" role="img" aria-label="{escape(BY_CODE[code].label)}">']
    for index, (unit, name, row) in enumerate(rows):
        y = top + index * row_h
        ratio = row["ratio"]
        colour = BAR_NONE if ratio is None else (BAR_OK if row["met"] else BAR_LOW)
        width = 0 if ratio is None else max(1, round(min(ratio, 1) * bar_w))
        title = t("stats.bar_title", unit=unit or "", name=name, numerator=row["numerator"],
                  denominator=row["denominator"], ratio=percent(ratio), target=percent(row["target"]))
        weight = ' font-weight="bold"' if index == 0 else ""
        parts.append(f'<a href="{escape(cases_link(code, unit, start, end))}"><title>{escape(title)}</title>'
                     f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end" font-size="12"{weight}>'
                     f'{escape(short_unit_label(unit, name))}</text>'
                     f'<rect x="{label_w}" y="{y + 4}" width="{width}" height="{row_h - 8}" fill="{colour}"/>'
                     f'<text x="{label_w + width + 6}" y="{y + 16}" font-size="12">'
                     f'{percent(ratio)} ({row["numerator"]}/{row["denominator"]})</text></a>')
    x = label_w + round(min(target, 1) * bar_w)
    parts.append(f'<line x1="{x}" y1="{top - 6}" x2="{x}" y2="{height - 6}" stroke="#1a237e" stroke-width="2" '
                 f'stroke-dasharray="5,4"/><text x="{x}" y="{top - 10}" text-anchor="middle" font-size="12" '
                 f'fill="#1a237e">{escape(t("stats.target_line", target=percent(target)))}</text></svg>')
    return Markup("".join(parts))


def chart_rows(report: dict, index: int) -> list[tuple[str | None, str, dict]]:
    """The reporting unit, then its direct, still-existing subordinate units."""
    own = [(report["unit"], report["unit_name"], report["indicators"][index])]
    children = [u for u in report.get("units", []) if u["parent"] == report["unit"] and not u["successor"]]
    return own + [(u["code"], u["name"], u["indicators"][index]) for u in children]


def error_page(request: Request, message: str, status: int):
    return render(request, "statistics.html", {"layout": layout(), "error": message, "report": None},
                  status_code=status)


@router.get("/statistics", response_class=HTMLResponse)
def statistics_page(request: Request, unit: str | None = None, period: str | None = None,
                    start: str | None = None, end: str | None = None, actor: Actor = Depends(readers)):
    archive = request.app.state.archive
    start = start or request.query_params.get("from")
    end = end or request.query_params.get("to")
    try:
        chosen = parse_period(period or None, start or None, end or None)
        unit = allowed_unit(archive, actor, unit or None)
        report = build_report(archive, chosen, unit, vis=visibility_of(archive, actor))
    except (PeriodError, UnitError) as exc:
        return error_page(request, str(exc), 422)
    query = urlencode({"from": report["from"], "to": report["to"]} | ({"unit": unit} if unit else {}))
    rows = []
    for index, row in enumerate(report["indicators"]):
        links = {part: cases_link(row["code"], unit, report["from"], report["to"], part)
                 for part in ("numerator", "denominator", "missing")}
        rows.append(row | {"links": links, "chart": chart_svg(row["code"], chart_rows(report, index),
                                                              report["from"], report["to"])})
    return render(request, "statistics.html", {
        "layout": layout(), "report": report, "rows": rows, "query": query, "period_input": period or "",
        "can_sign": actor.role == signoff.SIGNER_ROLE and actor.unit_code == report["unit"],
        "percent": percent, "level_labels": LEVEL_LABELS, "error": None,
        "unit_options": [(u["code"], u["name"]) for u in report.get("units", []) if not u["successor"]],
    })


@router.get("/statistics/cases", response_class=HTMLResponse)
def statistics_cases(request: Request, indicator: str, part: str = "denominator", unit: str | None = None,
                     actor: Actor = Depends(readers)):
    archive = request.app.state.archive
    if indicator not in BY_CODE:
        return error_page(request, t("stats.unknown_indicator", indicator=indicator), 422)
    if part not in PARTS:
        return error_page(request, t("stats.bad_part", part=part), 422)
    try:
        chosen = parse_period(request.query_params.get("period"), request.query_params.get("from"),
                              request.query_params.get("to"))
        unit = allowed_unit(archive, actor, unit or None)
        rows = report_cases(archive, chosen, unit, indicator, part)[indicator]
    except (PeriodError, UnitError) as exc:
        return error_page(request, str(exc), 422)
    shown, hidden = visible_cases(archive, actor, {indicator: rows})
    back = "/statistics?" + urlencode({"from": chosen.start.isoformat(), "to": chosen.end.isoformat()}
                                      | ({"unit": unit} if unit else {}))
    return render(request, "statistics_cases.html", {
        "layout": layout(), "indicator": BY_CODE[indicator], "part_label": t(f"stats.part.{part}"), "unit": unit,
        "period": chosen, "cases": shown[indicator], "hidden": hidden[indicator], "back": back,
        "indicators": INDICATORS,
    })


@router.post("/statistics/signoff")
def statistics_signoff(request: Request, start: str = Form(..., alias="from"), end: str = Form(..., alias="to"),
                       actor: Actor = Depends(current_user)):
    """The sign-off button: a unit head freezes their own unit's report for the period shown."""
    if actor.role != signoff.SIGNER_ROLE:
        return error_page(request, t("stats.signoff_unit_head_only"), 403)
    try:
        chosen = parse_period(None, start, end)
        signoff.sign_off(request.app.state.archive, chosen, actor.unit_code, actor.display_name, actor.role,
                         actor.unit_code)
    except (PeriodError, UnitError, signoff.SignoffError) as exc:
        return error_page(request, str(exc), 422)
    query = urlencode({"from": start, "to": end} | ({"unit": actor.unit_code} if actor.unit_code else {}))
    return RedirectResponse(f"/statistics?{query}", status_code=303)
