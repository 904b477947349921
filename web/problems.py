"""Error answers: request-validation failures and refusals in Vietnamese, as a page for a browser asking
for a page and as JSON for the API; the shape of every 4xx body as the OpenAPI schema declares it; and
a failure of the server itself, told without its exception text; and every `HosoError` the archive raises, with
its own status and Vietnamese message (the one place that translates them)."""

from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from archive.errors import HosoError
from web.messages import t
from web.templating import render

log = logging.getLogger("hoso.web")
MAX_LISTED = 5  # problems named in `detail`; `errors` lists them all

# pydantic error type -> message key (the message may use the error's context values)
_REASONS = {
    "missing": "invalid.missing",
    "string_too_long": "invalid.too_long",
    "string_too_short": "invalid.too_short",
    "too_long": "invalid.list_too_long",
    "too_short": "invalid.list_too_short",
    "greater_than_equal": "invalid.at_least",
    "less_than_equal": "invalid.at_most",
    "greater_than": "invalid.above",
    "less_than": "invalid.below",
    "int_parsing": "invalid.integer",
    "int_parsing_size": "invalid.integer",
    "int_type": "invalid.integer",
    "int_from_float": "invalid.integer",
    "float_parsing": "invalid.number",
    "float_type": "invalid.number",
    "finite_number": "invalid.number",
    "bool_parsing": "invalid.boolean",
    "bool_type": "invalid.boolean",
    "date_parsing": "invalid.date",
    "date_type": "invalid.date",
    "date_from_datetime_parsing": "invalid.date",
    "date_from_datetime_inexact": "invalid.date",
    "string_type": "invalid.text",
    "string_unicode": "invalid.text",
    "list_type": "invalid.list",
    "dict_type": "invalid.object",
    "model_type": "invalid.object",
    "model_attributes_type": "invalid.object",
    "json_invalid": "invalid.json",
    "json_type": "invalid.json",
    "literal_error": "invalid.choice",
    "enum": "invalid.choice",
    "upload_file_type": "invalid.file",
    "extra_forbidden": "invalid.extra",
}


class FieldProblem(BaseModel):
    loc: list[str | int]
    type: str
    reason: str


class ImportProblems(BaseModel):
    message: str
    problems: list[str]


class Problem(BaseModel):
    """Every 4xx answer: a Vietnamese `detail` (the rows refused, for an import); `errors` for invalid input."""

    detail: str | list[str] | ImportProblems
    errors: list[FieldProblem] | None = None


def problem_responses(*codes: int) -> dict:
    return {code: {"model": Problem, "description": HTTPStatus(code).phrase} for code in codes}


# What any route under /api may answer besides success: unreadable body, signed out, role refused,
# not visible, bad input.
ERROR_RESPONSES = problem_responses(400, 401, 403, 404, 422)
# Refusals the framework raises itself, with English details: said again in Vietnamese.
_FRAMEWORK = {400: "invalid.body", 405: "invalid.method"}


def wants_page(request: Request) -> bool:
    """A browser navigating to a page of the interface (not the API, not a static file)."""
    path = request.url.path
    return (
        not path.startswith(("/api/", "/static/"))
        and path != "/openapi.json"
        and "text/html" in request.headers.get("accept", "")
    )


def _page_message(status: int, detail) -> str:
    """The app's own details are Vietnamese sentences; anything else (the framework's English) is replaced
    by the status's message."""
    if isinstance(detail, str) and detail and not detail.isascii():
        return detail
    key = f"error.status.{status}"
    text = t(key)
    return text if text != key else t("error.status.other")


def _reason(error: dict) -> str:
    key = _REASONS.get(error.get("type", ""), "invalid.other")
    context = {
        name: value if isinstance(value, int | float | str) else str(value)
        for name, value in (error.get("ctx") or {}).items()
    }
    try:
        return t(key, **context) if context else t(key)
    except (KeyError, IndexError):
        return t("invalid.other")


def _place(loc: tuple) -> str:
    where = t(f"invalid.where.{loc[0]}") if loc and isinstance(loc[0], str) else ""
    if where.startswith("invalid."):
        where = t("invalid.where.body")
    name = ".".join(str(part) for part in loc[1:])
    return f"{where} {name}".strip() if name else where


def field_problems(exc: RequestValidationError) -> list[FieldProblem]:
    return [
        FieldProblem(
            loc=[p if isinstance(p, int) else str(p) for p in error.get("loc", ())],
            type=str(error.get("type", "")),
            reason=_reason(error),
        )
        for error in exc.errors()
    ]


async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 with one Vietnamese sentence naming each bad parameter, and the list for programs."""
    problems = field_problems(exc)
    parts = [f"{_place(tuple(p.loc))} {p.reason}".strip() for p in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        parts.append("…")
    detail = t("invalid.title") + (": " + "; ".join(parts) if parts else "")
    if wants_page(request):
        return render(request, "error.html", {"message": detail, "status": 422}, status_code=422)
    body = Problem(detail=detail, errors=problems)
    return JSONResponse(body.model_dump(), status_code=422)


async def framework_refusal(request: Request, exc: HTTPException):
    """The framework's own refusals (an unreadable JSON or multipart body, a wrong method) in Vietnamese;
    the app's own HTTP errors already carry a Vietnamese detail and pass through unchanged."""
    if wants_page(request):
        return render(
            request,
            "error.html",
            {"message": _page_message(exc.status_code, exc.detail), "status": exc.status_code},
            status_code=exc.status_code,
            headers=exc.headers,
        )
    key = _FRAMEWORK.get(exc.status_code)
    if key and isinstance(exc.detail, str) and exc.detail.isascii():
        exc = HTTPException(exc.status_code, detail=t(key), headers=exc.headers)
    return await http_exception_handler(request, exc)


def server_error(request: Request, exc: Exception):
    """An unexpected failure: the same Vietnamese sentence as a page or as JSON, never the exception's text
    (the server's log has it)."""
    if wants_page(request):
        try:
            return render(request, "error.html", {"message": t("error.server"), "status": 500}, status_code=500)
        except Exception:  # noqa: BLE001 - the page itself failing: the sentence alone
            return HTMLResponse(
                f'<!doctype html><html lang="vi"><meta charset="utf-8"><title>{t("error.title")}'
                f"</title><p>{t('error.server')}</p></html>",
                status_code=500,
            )
    return JSONResponse({"detail": t("error.server")}, status_code=500)


RETRY_AFTER_SECONDS = "30"  # what a client waits before asking again when a store is down


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


async def archive_refusal(request: Request, exc: HosoError):
    """An archive error: its status and its Vietnamese message, as JSON for the API and a page for a browser."""
    headers = {"Retry-After": RETRY_AFTER_SECONDS} if exc.retryable and exc.http_status == 503 else None
    if exc.http_status >= 500:
        log.warning("%s for %s: %s", exc.code, request.url.path, exc)
    if wants_json(request):
        return JSONResponse({"detail": exc.message()}, status_code=exc.http_status, headers=headers)
    return render(
        request,
        "error.html",
        {"message": exc.message(), "status": exc.http_status},
        status_code=exc.http_status,
        headers=headers,
    )
