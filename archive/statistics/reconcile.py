"""Reconciliation with the court: import the court's list of criminal cases tried in a period
(`case,tried_on,digital_evidence`), then list every case where the court and the procuracy disagree,
and which way. The court counts cases tried; we count cases brought to trial (`trial_on`) with hearings.
"""

from __future__ import annotations

import re

from sqlalchemy import delete, select

from archive.records.models import Case, CourtFigure, Unit
from archive.records.registers import parse_bool, parse_date
from archive.statistics import cases as per_case
from archive.statistics import formatting as fmt
from archive.statistics.access import acting_unit_ids, audit_actor, visible_codes
from archive.statistics.csvinput import CsvError, read_rows
from archive.statistics.definitions import BY_CODE
from archive.statistics.periods import Period
from archive.statistics.report import open_scope
from archive.statistics.units import UnitError
from archive.trust.access import Visibility, subordinate_unit_ids
from archive.trust.audit import record

COURT_COLUMNS = ("case", "tried_on", "digital_evidence")
COURT_HEADINGS = {"case": "Mã vụ án", "tried_on": "Ngày xét xử", "digital_evidence": "Có sử dụng chứng cứ số hóa"}
COURT_HELP = "CSV: case,tried_on,digital_evidence (yes/no)"
CRIMINAL = BY_CODE["criminal_hearings_digital_evidence"]
ISSUES = {
    "unknown_case": "Tòa án có, sổ thụ lý của viện kiểm sát không có vụ án này",
    "only_court": "Tòa án tính là đã xét xử trong kỳ, viện kiểm sát không tính",
    "only_procuracy": "Viện kiểm sát tính là đã đưa ra xét xử trong kỳ, tòa án không có",
    "tried_on": "Ngày xét xử khác nhau",
    "court_digital_only": "Tòa án ghi có sử dụng chứng cứ số hóa, viện kiểm sát không ghi nhận",
    "procuracy_digital_only": "Viện kiểm sát ghi nhận có sử dụng chứng cứ số hóa, tòa án ghi không",
}
# What a statistician does about each kind of disagreement.
ACTIONS = {
    "unknown_case": "Kiểm tra mã vụ án trong danh sách của Tòa án; nếu đúng, bổ sung vụ án vào sổ thụ lý",
    "only_court": "Kiểm tra ngày đưa ra xét xử trong sổ thụ lý: có thể chưa ghi hoặc ghi vào kỳ khác",
    "only_procuracy": "Hỏi lại Tòa án: vụ án có thể bị hoãn, chưa xét xử hoặc Tòa án tính vào kỳ khác",
    "tried_on": "Sửa ngày đưa ra xét xử trong sổ thụ lý nếu ghi sai, nếu không thì báo Tòa án",
    "court_digital_only": "Nếu đúng, ghi nhận phiên tòa có sử dụng chứng cứ số hóa",
    "procuracy_digital_only": "Kiểm tra lại phiên tòa đã ghi nhận; sửa nếu viện kiểm sát ghi nhầm",
}


def side_text(side: dict | None) -> str:
    """One side of a disagreement in words: `xét xử 01/12/2022, có chứng cứ số hóa`."""
    if side is None:
        return "không có trong danh sách"
    parts = [f"xét xử {fmt.date(side['tried_on'])}" if side.get("tried_on") else "chưa có ngày xét xử"]
    if side.get("digital_evidence") is not None:
        parts.append("có chứng cứ số hóa" if side["digital_evidence"] else "không có chứng cứ số hóa")
    return ", ".join(parts)


def _parse_court(rows, period: Period) -> tuple[list[tuple[int, str, object, bool | None]], list[str]]:
    parsed, problems, seen = [], [], {}
    for line, row in rows:
        try:
            if not row["case"]:
                raise ValueError("thiếu mã vụ án")
            tried_on = parse_date(row["tried_on"])
            if tried_on is not None and not (period.start <= tried_on <= period.end):
                raise ValueError(
                    f"ngày xét xử {tried_on:%d/%m/%Y} nằm ngoài kỳ {period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}"
                )
            digital = parse_bool(row["digital_evidence"]) if row["digital_evidence"] else None
            if row["case"] in seen:
                raise ValueError(f"vụ án '{row['case']}' trùng với dòng {seen[row['case']]}")
            seen[row["case"]] = line
            parsed.append((line, row["case"], tried_on, digital))
        except ValueError as exc:
            problems.append(f"dòng {line}: {exc}")
    return parsed, problems


def import_court_figures(
    archive,
    text: str,
    period: Period,
    vis: Visibility | None = None,
    unit_code: str | None = None,
    actor: str | None = None,
) -> dict:
    """Replace the court's figures for exactly this period (all lines or none), for the units acted for.

    Each line is kept under its case's unit; a case the register does not have, under `unit_code` (the unit
    whose court list this is; none for the national list). Only the rows of the units acted for are replaced:
    those the person may use (`vis`; None is the system, every unit), within `unit_code` when given. A line for
    a case of any other unit refuses the file.
    """
    action = "statistics.court_import"
    detail = {"from": period.start.isoformat(), "to": period.end.isoformat(), "unit": unit_code}
    refused: list[tuple[int, str]] = []
    try:
        parsed, problems = _parse_court(read_rows(text, COURT_COLUMNS, COURT_HEADINGS), period)
        with archive.transaction() as session:
            acting = acting_unit_ids(vis)
            owner_id = None
            if unit_code:
                owner_id = session.scalar(select(Unit.id).where(Unit.code == unit_code))
                if owner_id is None:
                    raise UnitError(f"không có đơn vị '{unit_code}'")
                below = frozenset(subordinate_unit_ids(session, owner_id))
                acting = below if acting is None else acting & below
            if acting is not None and (owner_id is None or owner_id not in acting):
                raise CsvError([f"không có quyền nhập số liệu tòa án cho đơn vị '{unit_code or 'toàn ngành'}'"])
            units_of = dict(
                session.execute(
                    select(Case.code, Case.unit_id).where(Case.code.in_({code for _, code, _, _ in parsed}))
                ).all()
            )
            figures = []
            for line, code, tried_on, digital in parsed:
                unit_id = units_of[code] if code in units_of else owner_id
                if code in units_of and acting is not None and unit_id not in acting:
                    refused.append((line, code))
                    problems.append(f"không có quyền với vụ án ở dòng {line} (mã '{code}')")
                    continue
                figures.append(
                    CourtFigure(
                        case_code=code,
                        period_from=period.start,
                        period_to=period.end,
                        unit_id=unit_id,
                        tried_on=tried_on,
                        digital_evidence=digital,
                    )
                )
            if problems:
                raise CsvError(sorted(problems, key=_line_of))
            replace = delete(CourtFigure).where(
                CourtFigure.period_from == period.start, CourtFigure.period_to == period.end
            )
            if acting is not None:
                replace = replace.where(CourtFigure.unit_id.in_(sorted(acting)))
            replaced = session.execute(replace).rowcount
            session.add_all(figures)
            record(
                session,
                action,
                "court_figures",
                actor=audit_actor(actor),
                detail=detail | {"rows": len(figures), "replaced": replaced},
            )
    except CsvError as exc:
        with archive.transaction() as session:
            for line, code in refused:
                record(
                    session,
                    action,
                    f"case:{code}",
                    outcome="refused",
                    actor=audit_actor(actor),
                    detail=detail | {"line": line, "reason": "unit"},
                )
            record(
                session,
                action,
                "court_figures",
                outcome="refused",
                actor=audit_actor(actor),
                detail=detail | {"problems": exc.problems[:50], "problem_count": len(exc.problems)},
            )
        raise
    return {"rows": len(figures), "replaced": replaced, "from": period.start.isoformat(), "to": period.end.isoformat()}


def _line_of(problem: str) -> int:
    match = re.search(r"dòng (\d+)", problem)
    return int(match.group(1)) if match else 0


def _side(tried_on, digital) -> dict:
    return {"tried_on": tried_on.isoformat() if tried_on else None, "digital_evidence": digital}


def reconcile(archive, period: Period, unit_code: str | None = None, vis: Visibility | None = None) -> dict:
    """Cases where the court's list for the period and our criminal-hearings figure disagree.

    With `vis`, a case the person may not open is never named: it still counts in the totals, but no row shows it.
    """
    with archive.session() as session:
        scope = open_scope(session, unit_code)
        figures = session.scalars(
            select(CourtFigure)
            .where(CourtFigure.period_from == period.start, CourtFigure.period_to == period.end)
            .order_by(CourtFigure.case_code, CourtFigure.id)
        ).all()
        facts = per_case.case_facts(session, period, scope.member_ids)
        ours = {c.code: (c, counted) for c, counted in per_case.cases_for(CRIMINAL, facts, period)}
        known = {
            row.code: row
            for row in session.execute(
                select(Case.code, Case.unit_id, Case.trial_on, Case.kind).where(
                    Case.code.in_(sorted({f.case_code for f in figures}))
                )
            )
        }
        shown = visible_codes(session, vis, set(known) | set(ours))
    in_scope = (lambda unit_id: True) if scope.member_ids is None else (lambda unit_id: unit_id in scope.member_ids)
    court: dict[str, CourtFigure] = {}
    unknown: list[CourtFigure] = []
    for figure in figures:
        code = figure.case_code
        if code not in known:
            if figure.unit_id is None or in_scope(figure.unit_id):
                unknown.append(figure)
        elif in_scope(known[code].unit_id) and (code not in court or figure.unit_id == known[code].unit_id):
            court[code] = figure
    unit_code_of = {u.id: u.code for u in scope.units.values()}
    rows = []

    def add(code, issue, unit_id, court_side, our_side):
        if issue == "unknown_case" or code in shown:
            rows.append(
                {
                    "case": code,
                    "unit": unit_code_of.get(unit_id),
                    "issue": issue,
                    "explanation": ISSUES[issue],
                    "action": ACTIONS[issue],
                    "court": court_side,
                    "procuracy": our_side,
                }
            )

    listed = sorted([(f.case_code, f) for f in unknown] + list(court.items()), key=lambda pair: pair[0])
    for code, figure in listed:
        court_side = _side(figure.tried_on, figure.digital_evidence)
        if code not in known:
            add(code, "unknown_case", None, court_side, None)
            continue
        if code not in ours:
            add(code, "only_court", known[code].unit_id, court_side, _side(known[code].trial_on, None))
            continue
        case, counted = ours[code]
        our_side = _side(case.trial_on, counted)
        if figure.tried_on is not None and figure.tried_on != case.trial_on:
            add(code, "tried_on", case.unit_id, court_side, our_side)
        if figure.digital_evidence is True and not counted:
            add(code, "court_digital_only", case.unit_id, court_side, our_side)
        elif figure.digital_evidence is False and counted:
            add(code, "procuracy_digital_only", case.unit_id, court_side, our_side)
    for code, (case, counted) in sorted(ours.items()):
        if code not in court:
            add(code, "only_procuracy", case.unit_id, None, _side(case.trial_on, counted))
    return {
        "unit": unit_code,
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "court": {
            "rows": len(listed),
            "tried": len(court),
            "digital_evidence": sum(1 for f in court.values() if f.digital_evidence),
        },
        "procuracy": {"tried": len(ours), "digital_evidence": sum(1 for _, counted in ours.values() if counted)},
        "agree": not rows,
        "disagreements": rows,
    }
