"""The statistics forms: every action of the command line that moves the figures — a case file marked
digitised, a hearing recorded, hearings and court figures imported from CSV or Excel, a target set — and the
sign-off with its confirmation step.

Each form is checked here in Vietnamese before the archive function the command line uses is called (it
checks who may write what and writes the audit); a refused form comes back with what the person typed and
the reason. A form that worked redirects, so reloading the page never sends it again.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from archive.records.registers import parse_date
from archive.statistics import formatting as fmt
from archive.statistics import reconcile, signoff, targets, wording
from archive.statistics.csvinput import CsvError
from archive.statistics.definitions import BY_CODE, INDICATORS
from archive.statistics.hearings import (
    HEARING_HEADINGS,
    RecordError,
    import_hearings,
    mark_digitised,
    record_hearing,
)
from archive.statistics.periods import VIETNAM
from archive.statistics.sheets import table_text
from archive.statistics.units import UnitError
from web.api_statistics import allowed_unit, readers, visibility_of
from web.auth import Actor
from web.limits import CSV_BYTES
from web.messages import t
from web.statistics_view import (
    FIELD_LENGTH,
    Scope,
    ScopeError,
    headline_figures,
    page,
    problem_page,
    reconciliation_context,
    scope_of,
    usable_units,
)

router = APIRouter()
MAX_PROBLEMS = 50
RECORD_FORMS = ("mark", "hearing", "import")


class FormError(ValueError):
    """A form field that is missing or wrong; the message is the Vietnamese reason."""


def field(form, name: str) -> str:
    value = form.get(name)
    return value.strip()[: FIELD_LENGTH * 10] if isinstance(value, str) else ""


def required(form, name: str, missing: str) -> str:
    value = field(form, name)
    if not value:
        raise FormError(missing)
    if len(value) > FIELD_LENGTH:
        raise FormError(f"giá trị quá dài (tối đa {FIELD_LENGTH} ký tự)")
    return value


def form_scope(request: Request, actor: Actor, form, unit_field: str = "unit") -> Scope:
    """The page's period and unit, carried by the form's hidden fields."""
    values = {key: field(form, key) for key in ("period", "from", "to")}
    return scope_of(request, actor, values | {"unit": field(form, unit_field)})


async def uploaded_text(form, name: str = "file") -> tuple[str, str]:
    """(file name, CSV text) of the uploaded list; FormError when none was chosen or it cannot be read."""
    upload = form.get(name)
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise FormError("hãy chọn tệp CSV hoặc Excel (.xlsx)")
    data = await upload.read(CSV_BYTES + 1)
    if not data:
        raise FormError(f"tệp «{upload.filename}» rỗng")
    if len(data) > CSV_BYTES:
        raise FormError(t("invalid.csv_too_large", mb=CSV_BYTES // (1024 * 1024)))
    return upload.filename, table_text(data)


def import_problems(name: str, exc: CsvError) -> tuple[str, list[str]]:
    shown = exc.problems[:MAX_PROBLEMS]
    more = len(exc.problems) - len(shown)
    message = (
        f"Không nhập được tệp «{name}»: {fmt.number(len(exc.problems))} lỗi, không có dòng nào được ghi. "
        "Hãy sửa các dòng dưới đây rồi nạp lại tệp."
    )
    return message, shown + ([f"… và {fmt.number(more)} lỗi khác"] if more else [])


def today() -> dt.date:
    return dt.datetime.now(VIETNAM).date()


# --- hearings and case files ---------------------------------------------------------------------------------


def records_page(
    request: Request,
    actor: Actor,
    scope: Scope,
    *,
    forms: dict | None = None,
    errors: dict | None = None,
    problems: list[str] = (),
    done: str | None = None,
    status: int = 200,
):
    forms = {name: {} for name in RECORD_FORMS} | (forms or {})
    query = request.query_params
    for name in ("case", "held_on"):  # links from a case list or a disagreement fill the forms in
        if query.get(name) and not any(forms[f] for f in RECORD_FORMS):
            forms["hearing"].setdefault(name, query[name][:FIELD_LENGTH])
            if name == "case":
                forms["mark"].setdefault("case", query[name][:FIELD_LENGTH])
    if query.get("digital") in ("yes", "no") and not forms["hearing"].get("digital"):
        forms["hearing"]["digital"] = query["digital"]
    return page(
        request,
        "statistics_records.html",
        "records",
        scope,
        {
            "forms": forms,
            "errors": errors or {},
            "problems": list(problems),
            "done": done,
            "figures": headline_figures(request, actor, scope) if done else None,
            "today": today().isoformat(),
            "headings": HEARING_HEADINGS,
        },
        status,
    )


def records_done(request: Request) -> str | None:
    """The sentence for a form that worked (from the redirect's query)."""
    query = request.query_params
    done, case = query.get("done"), (query.get("case") or "")[:FIELD_LENGTH]
    if done == "mark":
        return f"Đã xác nhận hồ sơ vụ án {case} đã số hóa đầy đủ."
    if done == "unmark":
        return f"Đã bỏ xác nhận số hóa của hồ sơ vụ án {case}."
    if done == "hearing":
        try:
            day = fmt.date(dt.date.fromisoformat(query.get("held_on", "")))
        except ValueError:
            day = ""
        used = "có" if query.get("digital") == "yes" else "không"
        return f"Đã ghi nhận phiên tòa vụ án {case} ngày {day}: {used} sử dụng chứng cứ số hóa."
    if done == "import":
        counts = {key: (query.get(key) or "0")[:12] for key in ("rows", "created", "updated")}
        return f"Đã nhập {counts['rows']} phiên tòa: thêm mới {counts['created']}, cập nhật {counts['updated']}."
    return None


def redirect(path: str, scope: Scope, **extra) -> RedirectResponse:
    return RedirectResponse(f"{path}?{urlencode(scope.params | extra)}", status_code=303)


@router.get("/statistics/records", response_class=HTMLResponse)
def records(request: Request, actor: Actor = Depends(readers)):
    try:
        scope = scope_of(request, actor)
    except ScopeError as exc:
        return problem_page(request, "records", str(exc))
    return records_page(request, actor, scope, done=records_done(request))


@router.post("/statistics/records/digitised", response_class=HTMLResponse)
async def records_mark(request: Request, actor: Actor = Depends(readers)):
    """Mark a case file completely digitised (or withdraw the mark), as `hoso files mark-digitised`."""
    form = await request.form()
    typed = {"case": field(form, "case"), "action": field(form, "action") or "complete"}
    try:
        scope = form_scope(request, actor, form)
    except ScopeError as exc:
        return problem_page(request, "records", str(exc))
    archive = request.app.state.archive
    try:
        case = required(form, "case", "hãy nhập mã vụ án")
        if typed["action"] not in ("complete", "withdraw"):
            raise FormError("hãy chọn xác nhận hay bỏ xác nhận")
        result = mark_digitised(
            archive, case, actor.display_name, typed["action"] == "complete", visibility_of(archive, actor)
        )
    except (FormError, RecordError) as exc:
        return records_page(request, actor, scope, forms={"mark": typed}, errors={"mark": str(exc)}, status=422)
    return redirect(
        "/statistics/records", scope, done="mark" if typed["action"] == "complete" else "unmark", case=result["case"]
    )


@router.post("/statistics/records/hearing", response_class=HTMLResponse)
async def records_hearing(request: Request, actor: Actor = Depends(readers)):
    """Record a hearing and whether it used digitised evidence, as `hoso hearings record`."""
    form = await request.form()
    typed = {"case": field(form, "case"), "held_on": field(form, "held_on"), "digital": field(form, "digital")}
    try:
        scope = form_scope(request, actor, form)
    except ScopeError as exc:
        return problem_page(request, "records", str(exc))
    archive = request.app.state.archive
    try:
        case = required(form, "case", "hãy nhập mã vụ án")
        try:
            held_on = parse_date(required(form, "held_on", "hãy nhập ngày xét xử"))
        except ValueError as exc:
            raise FormError(str(exc)) from None
        if typed["digital"] not in ("yes", "no"):
            raise FormError("hãy chọn phiên tòa có hay không sử dụng chứng cứ số hóa")
        result = record_hearing(
            archive, case, held_on, typed["digital"] == "yes", actor.display_name, visibility_of(archive, actor)
        )
    except (FormError, RecordError) as exc:
        return records_page(request, actor, scope, forms={"hearing": typed}, errors={"hearing": str(exc)}, status=422)
    return redirect(
        "/statistics/records",
        scope,
        done="hearing",
        case=result["case"],
        held_on=result["held_on"],
        digital=typed["digital"],
    )


@router.post("/statistics/records/import", response_class=HTMLResponse)
async def records_import(request: Request, actor: Actor = Depends(readers)):
    """Import hearings from CSV or Excel, all lines or none, as `hoso hearings import`."""
    form = await request.form()
    try:
        scope = form_scope(request, actor, form)
    except ScopeError as exc:
        return problem_page(request, "records", str(exc))
    archive = request.app.state.archive
    name = ""
    try:
        name, text = await uploaded_text(form)
        result = import_hearings(archive, text, actor.display_name, visibility_of(archive, actor))
    except FormError as exc:
        return records_page(request, actor, scope, errors={"import": str(exc)}, status=422)
    except CsvError as exc:
        message, problems = import_problems(name, exc)
        return records_page(request, actor, scope, errors={"import": message}, problems=problems, status=422)
    return redirect("/statistics/records", scope, done="import", **{k: str(v) for k, v in result.items()})


TEMPLATES = {
    "hearings": (HEARING_HEADINGS, "HS-001/2023,30/11/2023,có\n"),
    "court": (reconcile.COURT_HEADINGS, "HS-001/2023,30/11/2023,không\n"),
}


@router.get("/statistics/templates/{name}.csv", response_class=Response)
def template_csv(name: str, actor: Actor = Depends(readers)):
    """An empty list to fill in, with the Vietnamese headings the imports accept."""
    if name not in TEMPLATES:
        return Response(status_code=404)
    headings, example = TEMPLATES[name]
    body = "\ufeff" + ",".join(headings.values()) + "\n" + example
    file = "mau-phien-toa.csv" if name == "hearings" else "mau-so-lieu-toa-an.csv"
    return Response(
        body.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{file}"'},
    )


# --- targets -------------------------------------------------------------------------------------------------


def targets_page(
    request: Request,
    actor: Actor,
    scope: Scope,
    year: int,
    *,
    form: dict | None = None,
    error: str | None = None,
    done: str | None = None,
    status: int = 200,
):
    units = usable_units(request, actor)
    known = {code for code, _ in units}
    rows = [
        row
        for row in targets.list_targets(request.app.state.archive, year)
        if row["unit"] is None or actor.role == "admin" or row["unit"] in known
    ]
    default_unit = scope.unit or ("" if actor.role == "admin" else actor.unit_code or "")
    return page(
        request,
        "statistics_targets.html",
        "targets",
        scope,
        {
            "year": year,
            "rows": rows,
            "units": units,
            "national_allowed": actor.role == "admin",
            "form": {"indicator": "", "unit": default_unit, "year": str(year), "target": ""} | (form or {}),
            "indicators": INDICATORS,
            "error": error,
            "done": done,
            "figures": headline_figures(request, actor, scope) if done else None,
        },
        status,
    )


@router.get("/statistics/targets", response_class=HTMLResponse)
def targets_view(request: Request, actor: Actor = Depends(readers)):
    try:
        scope = scope_of(request, actor)
    except ScopeError as exc:
        return problem_page(request, "targets", str(exc))
    year_text = (request.query_params.get("year") or "").strip()
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else scope.period.year
    done = None
    query = request.query_params
    if query.get("done") == "target" and query.get("indicator") in BY_CODE:
        target = fmt.percent(float(query.get("target") or 0), trim=True) if _number(query.get("target")) else ""
        done = (
            f"Đã đặt chỉ tiêu «{wording.indicator_short(query['indicator'])}» năm thống kê {year} cho "
            f"{query.get('for') or 'mọi đơn vị'}: {target}."
        )
    return targets_page(request, actor, scope, year, done=done)


def _number(text: str | None) -> bool:
    try:
        float(text or "")
    except ValueError:
        return False
    return True


@router.post("/statistics/targets", response_class=HTMLResponse)
async def targets_save(request: Request, actor: Actor = Depends(readers)):
    """Set a year's target for a unit (administrators: also for every unit), as `hoso targets set`."""
    form = await request.form()
    typed = {key: field(form, key) for key in ("indicator", "unit", "year", "target")}
    try:
        scope = form_scope(request, actor, form, unit_field="unit_page")
    except ScopeError as exc:
        return problem_page(request, "targets", str(exc))
    year = scope.period.year
    archive = request.app.state.archive
    try:
        if typed["indicator"] not in BY_CODE:
            raise FormError("hãy chọn một chỉ tiêu")
        if not typed["year"].isdigit() or not 2000 <= int(typed["year"]) <= 2100:
            raise FormError("năm thống kê phải là một số từ 2000 đến 2100, ví dụ 2023")
        year = int(typed["year"])
        required(form, "target", "hãy nhập tỷ lệ chỉ tiêu, ví dụ 30%")
        if not typed["unit"] and actor.role != "admin":
            raise FormError("hãy chọn đơn vị được giao chỉ tiêu")
        result = targets.set_target(
            archive,
            typed["indicator"],
            typed["target"],
            year,
            typed["unit"] or None,
            actor.display_name,
            visibility_of(archive, actor),
        )
    except targets.TargetForbidden as exc:
        return targets_page(request, actor, scope, year, form=typed, error=str(exc), status=403)
    except (FormError, targets.TargetError) as exc:
        return targets_page(request, actor, scope, year, form=typed, error=str(exc), status=422)
    return redirect(
        "/statistics/targets",
        scope,
        year=str(year),
        done="target",
        indicator=result["indicator"],
        target=str(result["target"]),
        **{"for": result["unit"] or ""},
    )


# --- the court's figures ---------------------------------------------------------------------------------------


def court_done(request: Request) -> str:
    query = request.query_params
    rows, replaced = (query.get("rows") or "0")[:12], (query.get("replaced") or "0")[:12]
    return f"Đã nạp {rows} dòng số liệu của Tòa án cho kỳ này" + (
        f" (thay cho {replaced} dòng đã nạp trước đó)." if replaced != "0" else "."
    )


@router.post("/statistics/reconciliation", response_class=HTMLResponse)
async def court_import(request: Request, actor: Actor = Depends(readers)):
    """Import the court's list for the page's period (replacing an earlier one), as `hoso report reconcile FILE`."""
    form = await request.form()
    try:
        scope = form_scope(request, actor, form)
    except ScopeError as exc:
        return problem_page(request, "reconciliation", str(exc))
    archive = request.app.state.archive
    name, error, problems = "", None, []
    try:
        name, text = await uploaded_text(form)
        own = allowed_unit(archive, actor, None)  # the person's own unit (administrators: the national list)
        result = reconcile.import_court_figures(
            archive, text, scope.period, visibility_of(archive, actor), own, actor.display_name
        )
    except FormError as exc:
        error = str(exc)
    except (CsvError, UnitError) as exc:
        error, problems = import_problems(name, exc) if isinstance(exc, CsvError) else (str(exc), [])
    if error is not None:
        context = reconciliation_context(request, actor, scope)
        return page(
            request,
            "statistics_reconciliation.html",
            "reconciliation",
            scope,
            context | {"error": error, "problems": problems, "done": None},
            422,
        )
    return redirect(
        "/statistics/reconciliation", scope, done="court", rows=str(result["rows"]), replaced=str(result["replaced"])
    )


# --- sign-off --------------------------------------------------------------------------------------------------


def signer_scope(request: Request, actor: Actor, values) -> Scope:
    """The report a unit head may sign: their own unit's, for the period asked."""
    if actor.role != signoff.SIGNER_ROLE:
        raise PermissionError(t("stats.signoff_unit_head_only"))
    scope = scope_of(request, actor, values)
    if scope.unit != actor.unit_code:
        raise PermissionError(
            f"Lãnh đạo đơn vị chỉ ký duyệt báo cáo của đơn vị mình ({actor.unit_code or 'chưa gắn đơn vị'})"
        )
    return scope


def signoff_page(
    request: Request, actor: Actor, scope: Scope, *, reason: str = "", error: str | None = None, status: int = 200
):
    report, expected = signoff.pending(request.app.state.archive, scope.period, scope.unit)
    return page(
        request,
        "statistics_signoff.html",
        "report",
        scope,
        {
            "report": report,
            "expected": expected,
            "reason": reason,
            "error": error,
            "reason_length": signoff.REASON_LENGTH,
        },
        status,
    )


@router.get("/statistics/signoff", response_class=HTMLResponse)
def signoff_confirm(request: Request, actor: Actor = Depends(readers)):
    """The confirmation step: the unit, the period and the figures that signing will freeze."""
    try:
        scope = signer_scope(request, actor, request.query_params)
    except PermissionError as exc:
        return problem_page(request, "report", str(exc), 403)
    except ScopeError as exc:
        return problem_page(request, "report", str(exc))
    return signoff_page(request, actor, scope)


@router.post("/statistics/signoff", response_class=HTMLResponse)
async def signoff_sign(request: Request, actor: Actor = Depends(readers)):
    """Sign what the confirmation page showed; a report signed already needs a reason to be signed again."""
    form = await request.form()
    values = {key: field(form, key) for key in ("from", "to", "period", "unit")}
    values["unit"] = values["unit"] or (actor.unit_code or "")
    try:
        scope = signer_scope(request, actor, values)
    except PermissionError as exc:
        return problem_page(request, "report", str(exc), 403)
    except ScopeError as exc:
        return problem_page(request, "report", str(exc))
    reason = (form.get("reason") if isinstance(form.get("reason"), str) else "").strip()
    expected = field(form, "expected")
    if not expected:
        return signoff_page(
            request,
            actor,
            scope,
            reason=reason,
            status=422,
            error="Hãy xem lại số liệu dưới đây rồi bấm «Xác nhận ký duyệt».",
        )
    try:
        signoff.sign_off(
            request.app.state.archive,
            scope.period,
            scope.unit,
            actor.display_name,
            actor.role,
            actor.unit_code,
            reason=reason or None,
            expected=expected,
        )
    except signoff.FiguresChanged as exc:
        return signoff_page(request, actor, scope, reason=reason, error=_sentence(str(exc)), status=409)
    except (signoff.SignoffError, UnitError) as exc:
        return signoff_page(
            request, actor, scope, reason=reason[: signoff.REASON_LENGTH * 2], error=_sentence(str(exc)), status=422
        )
    return redirect("/statistics", scope, done="signed")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
