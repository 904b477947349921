"""Reconciliation with the court: import the court's list of criminal cases tried in a period
(`case,tried_on,digital_evidence`), then list every case where the court and the procuracy disagree,
and which way. The court counts cases tried; we count cases brought to trial (`trial_on`) with hearings.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from archive.models import AuditEvent, Case, CourtFigure
from archive.registers import parse_bool, parse_date
from archive.statistics import cases as per_case
from archive.statistics.csvinput import CsvError, read_rows
from archive.statistics.definitions import BY_CODE
from archive.statistics.periods import Period
from archive.statistics.report import open_scope

COURT_COLUMNS = ("case", "tried_on", "digital_evidence")
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


def import_court_figures(archive, text: str, period: Period) -> dict:
    """Replace the court's figures for exactly this period (all lines or none)."""
    rows = read_rows(text, COURT_COLUMNS)
    parsed, problems, seen = [], [], {}
    for line, row in rows:
        try:
            if not row["case"]:
                raise ValueError("thiếu mã vụ án")
            tried_on = parse_date(row["tried_on"])
            if tried_on is not None and not (period.start <= tried_on <= period.end):
                raise ValueError(f"ngày xét xử {tried_on:%d/%m/%Y} nằm ngoài kỳ "
                                 f"{period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}")
            digital = parse_bool(row["digital_evidence"]) if row["digital_evidence"] else None
            if row["case"] in seen:
                raise ValueError(f"vụ án '{row['case']}' trùng với dòng {seen[row['case']]}")
            seen[row["case"]] = line
            parsed.append(CourtFigure(case_code=row["case"], period_from=period.start, period_to=period.end,
                                      tried_on=tried_on, digital_evidence=digital))
        except ValueError as exc:
            problems.append(f"dòng {line}: {exc}")
    if problems:
        raise CsvError(problems)
    with archive.transaction() as session:
        replaced = session.execute(delete(CourtFigure).where(CourtFigure.period_from == period.start,
                                                             CourtFigure.period_to == period.end)).rowcount
        session.add_all(parsed)
        session.add(AuditEvent(action="statistics.court_import", target="court_figures",
                               detail={"from": period.start.isoformat(), "to": period.end.isoformat(),
                                       "rows": len(parsed), "replaced": replaced}))
    return {"rows": len(parsed), "replaced": replaced, "from": period.start.isoformat(), "to": period.end.isoformat()}


def _side(tried_on, digital) -> dict:
    return {"tried_on": tried_on.isoformat() if tried_on else None, "digital_evidence": digital}


def reconcile(archive, period: Period, unit_code: str | None = None) -> dict:
    """Cases where the court's list for the period and our criminal-hearings figure disagree."""
    with archive.session() as session:
        scope = open_scope(session, unit_code)
        court = {row.case_code: row for row in session.scalars(
            select(CourtFigure).where(CourtFigure.period_from == period.start, CourtFigure.period_to == period.end))}
        facts = per_case.case_facts(session, period, scope.member_ids)
        ours = {c.code: (c, counted) for c, counted in per_case.cases_for(CRIMINAL, facts, period)}
        known = {row.code: row for row in session.execute(
            select(Case.code, Case.unit_id, Case.trial_on, Case.kind).where(Case.code.in_(sorted(court))))}
    in_scope = (lambda unit_id: True) if scope.member_ids is None else (lambda unit_id: unit_id in scope.member_ids)
    unit_code_of = {u.id: u.code for u in scope.units.values()}
    rows = []

    def add(code, issue, unit_id, court_side, our_side):
        rows.append({"case": code, "unit": unit_code_of.get(unit_id), "issue": issue, "explanation": ISSUES[issue],
                     "court": court_side, "procuracy": our_side})

    for code, figure in sorted(court.items()):
        court_side = _side(figure.tried_on, figure.digital_evidence)
        if code not in known:
            add(code, "unknown_case", None, court_side, None)
            continue
        if not in_scope(known[code].unit_id):
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
    court_in_scope = [f for code, f in court.items() if code in known and in_scope(known[code].unit_id)]
    return {
        "unit": unit_code, "from": period.start.isoformat(), "to": period.end.isoformat(),
        "court": {"rows": len(court), "tried": len(court_in_scope),
                  "digital_evidence": sum(1 for f in court_in_scope if f.digital_evidence)},
        "procuracy": {"tried": len(ours), "digital_evidence": sum(1 for _, counted in ours.values() if counted)},
        "agree": not rows,
        "disagreements": rows,
    }
