"""Every access to evidence, every export and every refusal, written to the audit chain from one place.

The routes that show or hand out records are named here with the action they stand for; once the
response is made, and before it is sent, one middleware writes one audit row for them (who, role, unit,
address, target, outcome) to the access spool (archive/trust/access_log.py), from which it is chained. Any
request a signed-in person was refused (403, or 404 for a record that exists but is not theirs to open)
is recorded too, whatever the route. Changes are recorded by the code that makes
them, in their own transaction (archive/trust/audit.py); sign-in and sign-out by web/login.py.
"""

from __future__ import annotations

import logging

from fastapi import Request

from archive.trust.audit import AuditContext

log = logging.getLogger("hoso.audit")

# (method, route path) -> (action, target template filled from the path parameters)
AUDITED: dict[tuple[str, str], tuple[str, str | None]] = {
    ("GET", "/api/documents/{document_id}"): ("document.view", "document:{document_id}"),
    ("GET", "/api/documents/{document_id}/parts"): ("document.view", "document:{document_id}"),
    ("GET", "/api/documents/{document_id}/pages"): ("page.text.view", "document:{document_id}"),
    ("GET", "/api/documents/{document_id}/pages/{number}"): ("page.text.view", "document:{document_id}/page:{number}"),
    ("GET", "/api/documents/{document_id}/pages/{number}/image"): (
        "page.image.view",
        "document:{document_id}/page:{number}",
    ),
    ("GET", "/api/documents/{document_id}/pages/{number}/thumbnail"): (
        "page.thumbnail.view",
        "document:{document_id}/page:{number}",
    ),
    ("GET", "/api/documents/{document_id}/original"): ("original.download", "document:{document_id}"),
    ("GET", "/api/documents/{document_id}/pdf"): ("copy.download", "document:{document_id}"),
    ("GET", "/api/search"): ("search", None),
    ("GET", "/api/cases/{code}"): ("case.view", "case:{code}"),
    ("GET", "/api/exhibit-sets/{set_id}"): ("exhibit_set.view", "exhibit_set:{set_id}"),
    ("GET", "/api/exhibit-sets/{set_id}/items/{item_id}/thumbnail"): (
        "page.thumbnail.view",
        "exhibit_set:{set_id}/item:{item_id}",
    ),
    ("GET", "/exhibits/{set_id}/present"): ("exhibit_set.present.view", "exhibit_set:{set_id}"),
    ("GET", "/api/exhibit-sets/{set_id}/bundle.pdf"): ("export.bundle", "exhibit_set:{set_id}"),
    ("GET", "/api/review"): ("review.view", None),
    ("GET", "/api/statistics/report"): ("export.report_json", None),
    ("GET", "/api/statistics/report.csv"): ("export.report_csv", None),
    ("GET", "/api/statistics/report.xlsx"): ("export.report_xlsx", None),
    ("GET", "/api/statistics/cases"): ("report.cases.view", None),
    ("GET", "/api/statistics/reconciliation"): ("report.reconciliation.view", None),
    ("GET", "/api/statistics/consistency"): ("report.consistency.view", None),
    ("GET", "/statistics/cases"): ("report.cases.view", None),
    ("GET", "/api/audit"): ("audit.view", None),
    ("GET", "/api/audit.csv"): ("export.audit_csv", None),
    ("GET", "/api/audit/verify"): ("audit.verify", None),
    ("GET", "/audit"): ("audit.view", None),
}
# Query parameters kept with a read (what was asked for), each cut to a sane length.
KEPT_PARAMETERS = (
    "q",
    "case",
    "type",
    "unit",
    "kind",
    "date_from",
    "date_to",
    "period",
    "from",
    "to",
    "offset",
    "format",
    "account",
    "action",
)


def context_for(request: Request, actor) -> AuditContext:
    client = request.client.host if request.client else None
    return AuditContext(actor=actor.username, role=actor.role, unit=actor.unit_code, client=client)


def note(request: Request, **detail) -> None:
    """Let a route add to the detail of its audit row (a search's hit count)."""
    current = getattr(request.state, "audit_detail", None) or {}
    request.state.audit_detail = current | detail


def refused(request: Request, target: str) -> None:
    """A guard found the record but it is not the person's to open: the 404 is recorded as a refusal."""
    request.state.audit_refused = target


def write_access_row(request: Request, status: int) -> None:
    """After a response: the row for an audited route, or for a refusal; nothing for anyone unknown."""
    actor = getattr(request.state, "actor", None)
    if actor is None:
        return
    route = request.scope.get("route")
    path = getattr(route, "path", None)
    if path is not None and request.url.path.startswith("/api/"):
        path = "/api" + path  # the API routers are included under /api, and a route knows only its own part
    named = AUDITED.get((request.method, path)) if path else None
    refused_target = getattr(request.state, "audit_refused", None)
    if status in (403, 404) and (refused_target or status == 403):
        action, target, outcome = (named[0] if named else "access"), refused_target, "refused"
    elif named is not None:
        action, template = named
        target = template.format(**request.path_params) if template else None
        outcome = "ok" if status < 400 else "failed"
    else:
        return
    if target is None and status == 403:
        target = request.url.path[:128]
    detail = {"status": status, "method": request.method}
    if path and not named:
        detail["route"] = path
    params = {k: v[:200] for k, v in request.query_params.items() if k in KEPT_PARAMETERS}
    if params:
        detail["params"] = params
    detail |= getattr(request.state, "audit_detail", None) or {}
    archive = request.app.state.archive
    try:
        archive.access_log.append(
            action,
            target[:128] if target else None,
            outcome=outcome,
            detail=detail,
            context=context_for(request, actor),
        )
    except Exception:  # the response is already made; the failure must be loud, not silent
        log.exception("could not write the audit row for %s %s", request.method, request.url.path)
        raise
