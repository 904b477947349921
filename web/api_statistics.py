"""JSON API for digitisation statistics under /api/statistics: the report, the cases behind each figure,
consistency, reconciliation with the court, sign-off, targets, hearings, and CSV/XLSX downloads.

Statisticians, unit heads and admins read the figures of their own unit and the units below it (admins:
everything) and set targets for those units (the national target: admins only); only a unit head signs off,
and only the report of their own unit; a report signed already is signed again only with a reason.
"""

from __future__ import annotations

import unicodedata

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from archive.statistics import cases as per_case
from archive.statistics import consistency, export, reconcile, signoff, targets
from archive.statistics.csvinput import CsvError
from archive.statistics.definitions import BY_CODE
from archive.statistics.hearings import RecordError, import_hearings, mark_digitised, record_hearing
from archive.statistics.periods import Period, parse_date, parse_period
from archive.statistics.report import build_report, report_cases
from archive.statistics.sheets import table_text
from archive.trust.access import Visibility
from web.auth import Actor, current_user, require_role
from web.limits import CODE_LENGTH, CSV_BYTES, MAX_OFFSET, CodePath, CodeQuery
from web.messages import t
from web.problems import ERROR_RESPONSES, problem_responses

router = APIRouter(prefix="/statistics", tags=["statistics"], responses=ERROR_RESPONSES)
PERIOD_LENGTH = 40
CSV = {200: {"content": {"text/csv": {}}, "description": "CSV"}}
XLSX = {
    200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}, "description": "XLSX"}
}
readers = require_role("statistician", "unit_head")
recorders = require_role("statistician", "unit_head", "staff", "prosecutor")
PARTS = ("denominator", "numerator", "missing")
HEARINGS_HELP = "CSV or XLSX: case,held_on,digital_evidence (yes/no), or the Vietnamese headings"
REFUSED_IMPORT = "stats.import_refused"


async def read_table(upload: UploadFile) -> str:
    """An uploaded CSV (UTF-8) or XLSX list as CSV text; 422 with the reason when it cannot be read."""
    data = await upload.read(CSV_BYTES + 1)
    if len(data) > CSV_BYTES:
        raise HTTPException(status_code=422, detail=t("invalid.csv_too_large", mb=CSV_BYTES // (1024 * 1024)))
    try:
        return table_text(data)
    except CsvError as exc:
        raise HTTPException(status_code=422, detail={"message": t(REFUSED_IMPORT), "problems": exc.problems}) from None


def get_archive(request: Request):
    return request.app.state.archive


def bad(reason: str, status: int = 422) -> HTTPException:
    return HTTPException(status_code=status, detail=reason)


def nfc(value: str | None) -> str | None:
    return unicodedata.normalize("NFC", value.strip()) if value else None


def chosen_period(period: str | None, start: str | None, end: str | None) -> Period:
    return parse_period(period, start, end)


def allowed_unit(archive, actor: Actor, unit: str | None) -> str | None:
    """The unit to report on: the one asked for if the person may see it, else their own unit."""
    unit = nfc(unit)
    with archive.session() as session:
        vis = actor.visibility(session)
    if vis.everything:
        return unit
    if unit is None:
        if actor.unit_code is None:
            raise bad(t("stats.no_unit"), 403)
        return actor.unit_code
    if unit not in vis.unit_codes:
        raise bad(t("stats.unit_forbidden", unit=unit), 403)
    return unit


def period_params(
    period: str | None = Query(None, max_length=PERIOD_LENGTH, description="2023, 2023-H1, 2023-H2 or 2023-06"),
    start: str | None = Query(None, alias="from", max_length=PERIOD_LENGTH, description="From YYYY-MM-DD"),
    end: str | None = Query(None, alias="to", max_length=PERIOD_LENGTH, description="To YYYY-MM-DD"),
) -> Period:
    return chosen_period(period, start, end)


def visibility_of(archive, actor: Actor) -> Visibility:
    with archive.session() as session:
        return actor.visibility(session)


def _report(archive, chosen: Period, unit: str | None, vis: Visibility, with_cases: bool = False) -> dict:
    return build_report(archive, chosen, unit, with_cases=with_cases, vis=vis)


@router.get("/report")
def report(
    request: Request,
    unit: CodeQuery = None,
    cases: bool = False,
    chosen: Period = Depends(period_params),
    actor: Actor = Depends(readers),
) -> dict:
    """The digitisation report of a unit (with its subordinate units) for a period."""
    archive = get_archive(request)
    return _report(archive, chosen, allowed_unit(archive, actor, unit), visibility_of(archive, actor), cases)


def _download(content: bytes, media_type: str, name: str) -> Response:
    return Response(content, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/report.csv", response_class=Response, responses=CSV)
def report_csv(
    request: Request, unit: CodeQuery = None, chosen: Period = Depends(period_params), actor: Actor = Depends(readers)
) -> Response:
    archive = get_archive(request)
    data = _report(archive, chosen, allowed_unit(archive, actor, unit), visibility_of(archive, actor))
    name = f"so-hoa-{data['unit'] or 'toan-nganh'}-{data['from']}-{data['to']}.csv"
    return _download(("\ufeff" + export.to_csv(data)).encode("utf-8"), "text/csv; charset=utf-8", name)


@router.get("/report.xlsx", response_class=Response, responses=XLSX)
def report_xlsx(
    request: Request, unit: CodeQuery = None, chosen: Period = Depends(period_params), actor: Actor = Depends(readers)
) -> Response:
    archive = get_archive(request)
    unit = allowed_unit(archive, actor, unit)
    vis = visibility_of(archive, actor)
    data = _report(archive, chosen, unit, vis)
    content = export.to_xlsx(data, report_cases(archive, chosen, unit, vis=vis))
    name = f"so-hoa-{data['unit'] or 'toan-nganh'}-{data['from']}-{data['to']}.xlsx"
    return _download(content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name)


def visible_cases(
    archive, actor: Actor, by_indicator: dict[str, list[dict]]
) -> tuple[dict[str, list[dict]], dict[str, int]]:
    """Only the cases the person may open, and how many were left out (they still count in the figures)."""
    with archive.session() as session:
        return per_case.only_visible(session, actor.visibility(session), by_indicator)


@router.get("/cases")
def cases(
    request: Request,
    indicator: str = Query(..., max_length=CODE_LENGTH),
    unit: CodeQuery = None,
    part: str = Query("denominator", max_length=CODE_LENGTH),
    limit: int = Query(200, ge=1, le=10_000),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    chosen: Period = Depends(period_params),
    actor: Actor = Depends(readers),
) -> dict:
    """The cases behind one figure: the whole denominator, the numerator, or those missing from it."""
    if indicator not in BY_CODE:
        raise bad(t("stats.unknown_indicator_hint", indicator=indicator, known=", ".join(BY_CODE)))
    if part not in PARTS:
        raise bad(t("stats.bad_part_hint", part=part))
    archive = get_archive(request)
    unit = allowed_unit(archive, actor, unit)
    rows = report_cases(archive, chosen, unit, indicator, part)[indicator]
    shown, hidden = visible_cases(archive, actor, {indicator: rows})
    rows = shown[indicator]
    return {
        "indicator": indicator,
        "label": BY_CODE[indicator].label,
        "part": part,
        "unit": unit,
        "from": chosen.start.isoformat(),
        "to": chosen.end.isoformat(),
        "total": len(rows),
        "hidden": hidden[indicator],
        "cases": rows[offset : offset + limit],
    }


@router.get("/consistency")
def consistency_check(
    request: Request, unit: CodeQuery = None, chosen: Period = Depends(period_params), actor: Actor = Depends(readers)
) -> dict:
    archive = get_archive(request)
    return consistency.check(archive, chosen, allowed_unit(archive, actor, unit), visibility_of(archive, actor))


@router.post("/court-figures")
async def court_figures(
    request: Request,
    file: UploadFile = File(..., description=reconcile.COURT_HELP),
    period: str | None = Form(None, max_length=PERIOD_LENGTH),
    start: str | None = Form(None, alias="from", max_length=PERIOD_LENGTH),
    end: str | None = Form(None, alias="to", max_length=PERIOD_LENGTH),
    actor: Actor = Depends(readers),
) -> dict:
    """Import the court's list for a period (replacing an earlier one for the same period)."""
    chosen = chosen_period(period, start, end)
    text = await read_table(file)
    archive = get_archive(request)
    unit = allowed_unit(archive, actor, None)  # the person's own unit (administrators: the national list)
    try:
        return reconcile.import_court_figures(
            archive, text, chosen, visibility_of(archive, actor), unit, actor.display_name
        )
    except CsvError as exc:
        raise HTTPException(
            status_code=422, detail={"message": t("stats.import_refused"), "problems": exc.problems}
        ) from None


@router.get("/reconciliation")
def reconciliation(
    request: Request, unit: CodeQuery = None, chosen: Period = Depends(period_params), actor: Actor = Depends(readers)
) -> dict:
    """Cases where the court's figures and ours disagree, and which way."""
    archive = get_archive(request)
    return reconcile.reconcile(archive, chosen, allowed_unit(archive, actor, unit), visibility_of(archive, actor))


class SignoffRequest(BaseModel):
    unit: str | None = Field(None, max_length=CODE_LENGTH)
    period: str | None = Field(None, max_length=PERIOD_LENGTH)
    start: str | None = Field(None, max_length=PERIOD_LENGTH)
    end: str | None = Field(None, max_length=PERIOD_LENGTH)
    reason: str | None = Field(
        None,
        max_length=signoff.REASON_LENGTH,
        description="Why a report signed already is signed again (required then)",
    )
    expected_sha256: str | None = Field(
        None, max_length=64, description="Sign only if the frozen figures still have this digest"
    )


@router.post("/signoff", responses=problem_responses(409))
def sign(request: Request, body: SignoffRequest, actor: Actor = Depends(current_user)) -> dict:
    """A unit head signs off their unit's report: its figures are frozen with a SHA-256. A report signed already
    is refused (409) unless a reason to sign it again is given."""
    if actor.role != signoff.SIGNER_ROLE:
        raise bad(t("stats.signoff_unit_head_only"), 403)
    chosen = chosen_period(body.period, body.start, body.end)
    unit = nfc(body.unit) or actor.unit_code
    return signoff.sign_off(
        get_archive(request),
        chosen,
        unit,
        actor.display_name,
        actor.role,
        actor.unit_code,
        reason=body.reason,
        expected=body.expected_sha256,
    )


@router.get("/targets")
def targets_list(request: Request, year: int = Query(..., ge=2000, le=2100), actor: Actor = Depends(readers)) -> dict:
    return {"year": year, "targets": targets.list_targets(get_archive(request), year)}


class TargetRequest(BaseModel):
    indicator: str = Field(..., max_length=CODE_LENGTH)
    target: str = Field(..., max_length=PERIOD_LENGTH, description="e.g. 80%")
    year: int = Field(..., ge=2000, le=2100)
    unit: str | None = Field(None, max_length=CODE_LENGTH)


@router.put("/targets")
def targets_set(request: Request, body: TargetRequest, actor: Actor = Depends(readers)) -> dict:
    """Set a year's target for a unit the person may act for (no unit: every unit, administrators only)."""
    archive = get_archive(request)
    return targets.set_target(
        archive,
        body.indicator,
        body.target,
        body.year,
        nfc(body.unit),
        actor.display_name,
        visibility_of(archive, actor),
    )


@router.post("/hearings/import")
async def hearings_import(
    request: Request, file: UploadFile = File(..., description=HEARINGS_HELP), actor: Actor = Depends(recorders)
) -> dict:
    text = await read_table(file)
    archive = get_archive(request)
    try:
        return import_hearings(archive, text, actor.display_name, visibility_of(archive, actor))
    except CsvError as exc:
        raise HTTPException(
            status_code=422, detail={"message": t("stats.import_refused"), "problems": exc.problems}
        ) from None


class HearingRequest(BaseModel):
    case: str = Field(..., max_length=CODE_LENGTH)
    held_on: str = Field(..., max_length=PERIOD_LENGTH)
    digital_evidence: bool


@router.post("/hearings")
def hearing_record(request: Request, body: HearingRequest, actor: Actor = Depends(recorders)) -> dict:
    archive = get_archive(request)
    day = parse_date(body.held_on)
    return record_hearing(
        archive, body.case, day, body.digital_evidence, actor.display_name, visibility_of(archive, actor)
    )


@router.post("/cases/{code}/digitised")
def mark_case_digitised(
    request: Request, code: CodePath, complete: bool = True, actor: Actor = Depends(recorders)
) -> dict:
    """A person confirms a case file is completely digitised (or withdraws it with complete=false)."""
    archive = get_archive(request)
    try:
        return mark_digitised(archive, code, actor.display_name, complete, visibility_of(archive, actor))
    except RecordError as exc:
        raise bad(str(exc), 404) from None
