"""The audit trail for admins and unit heads: rows by case, account, action and date; CSV; the chain's state.

A unit head reads the rows of their units' people and, for a case they may open, every row about it.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from archive.trust.audit import verify
from archive.trust.audit_query import READER_ROLES, AuditFilter, row_json, rows, to_csv
from web.auth import Actor, require_role
from web.guards import get_archive, visible_case
from web.limits import CodeQuery, DateQuery
from web.messages import t
from web.problems import ERROR_RESPONSES, problem_responses

router = APIRouter(responses=ERROR_RESPONSES)
CSV = {200: {"content": {"text/csv": {}}, "description": "CSV"}}
reader = require_role(*READER_ROLES)


def audit_filter(
    case: CodeQuery = None,
    account: str | None = Query(None, max_length=64),
    action: str | None = Query(None, max_length=64),
    outcome: str | None = Query(None, max_length=16),
    date_from: DateQuery = None,
    date_to: DateQuery = None,
) -> AuditFilter:
    return AuditFilter(
        case=(case or "").strip() or None,
        account=(account or "").strip() or None,
        action=(action or "").strip() or None,
        outcome=outcome or None,
        date_from=date_from,
        date_to=date_to,
    )


def read_rows(request: Request, actor: Actor, wanted: AuditFilter, limit: int, offset: int):
    get_archive(request).access_log.flush()  # the reader sees every access up to this moment
    with get_archive(request).session() as session:
        vis = actor.visibility(session)
        if wanted.case:
            visible_case(session, actor, wanted.case)
        total, found = rows(session, wanted, None if vis.everything else vis.unit_codes, limit, offset)
        return total, found


@router.get("/audit")
def audit_rows(
    request: Request,
    wanted: AuditFilter = Depends(audit_filter),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=1_000_000),
    actor: Actor = Depends(reader),
) -> dict:
    """Audit rows the reader may see, newest first."""
    total, found = read_rows(request, actor, wanted, limit, offset)
    return {"total": total, "rows": [row_json(r) for r in found]}


@router.get("/audit.csv", response_class=Response, responses=CSV)
def audit_csv(request: Request, wanted: AuditFilter = Depends(audit_filter), actor: Actor = Depends(reader)):
    total, found = read_rows(request, actor, wanted, 10_000, 0)
    return Response(
        to_csv(found),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="nhat-ky-truy-cap.csv"'},
    )


@router.get("/audit/verify", responses=problem_responses(409))
def audit_verify(request: Request, actor: Actor = Depends(require_role("admin"))) -> dict:
    """Walks the whole chain: ok, or the first broken row and how it broke."""
    get_archive(request).access_log.flush()
    with get_archive(request).session() as session:
        result = verify(session)
    if not result.ok:
        raise HTTPException(
            status_code=409,
            detail=t("audit.broken", seq=result.broken_seq or "?", problem=t(f"audit.problem.{result.problem}")),
        )
    return result.to_json()
