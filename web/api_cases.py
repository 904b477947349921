"""JSON API for the case register: cases the user may see, one case's file in order, units, types."""

from __future__ import annotations

import unicodedata

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from pydantic import BaseModel, Field
from sqlalchemy import func, select

from archive.classification.taxonomy import CASE_KINDS, DOCUMENT_TYPES
from archive.processing.parts import case_counts, case_entries
from archive.records.case_lookup import find_cases
from archive.records.models import Case, ExhibitSet, Hearing, Unit
from archive.records.registers import (
    MAX_FOLIOS,
    CaseNotFound,
    RegisterError,
    import_cases,
    import_units,
    save_case,
)
from archive.trust.access import CORRECT_ROLES
from web.auth import Actor, current_user, require_role
from web.guards import get_archive, not_found, visible_case
from web.limits import CODE_LENGTH, CodePath, CodeQuery, Offset, read_csv
from web.messages import type_label
from web.problems import ERROR_RESPONSES

router = APIRouter(responses=ERROR_RESPONSES)
MAX_RANKED = 5000  # matches kept when a text filter is combined with a kind or unit filter
LOOKUP_LIMIT = 20
TYPE_ORDER = {code: index for index, code in enumerate(DOCUMENT_TYPES)}


def _date(value) -> str | None:
    return value.isoformat() if value else None


def case_rows(
    session,
    actor: Actor,
    q: str | None = None,
    kind: str | None = None,
    unit: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[dict]]:
    """(total, rows) of the visible cases matching the filters, newest registration first."""
    vis = actor.visibility(session)
    query = select(Case).where(vis.case_condition())
    if kind:
        query = query.where(Case.kind == kind)
    if unit:
        query = query.join(Unit, Case.unit_id == Unit.id).where(Unit.code == unit)
    if q and q.strip():
        # Accents optional, code, title or a person's name; best match first (archive/records/case_lookup.py).
        ranked = [found.case_id for found in find_cases(session, vis, q, limit=None)]
        if kind or unit:
            allowed = set(session.scalars(query.with_only_columns(Case.id).where(Case.id.in_(ranked[:MAX_RANKED]))))
            ranked = [case_id for case_id in ranked[:MAX_RANKED] if case_id in allowed]
        shown = ranked[offset : offset + limit]
        by_id = {c.id: c for c in session.scalars(select(Case).where(Case.id.in_(shown)))} if shown else {}
        total, cases = len(ranked), [by_id[case_id] for case_id in shown]
    else:
        total = session.scalar(select(func.count()).select_from(query.subquery()))
        cases = session.scalars(
            query.order_by(Case.registered_on.desc().nulls_last(), Case.id.desc()).limit(limit).offset(offset)
        ).all()
    counts = case_counts(session, [c.id for c in cases])
    rows = [case_json(c) | dict(zip(("documents", "pages"), counts.get(c.id, (0, 0)), strict=True)) for c in cases]
    return total, rows


def case_json(case: Case) -> dict:
    return {
        "code": case.code,
        "title": case.title,
        "kind": case.kind,
        "kind_label": CASE_KINDS.get(case.kind, case.kind),
        "unit": case.unit.code if case.unit else None,
        "unit_name": case.unit.name if case.unit else None,
        "registered_on": _date(case.registered_on),
        "trial_on": _date(case.trial_on),
        "folios": case.folios,
        "restricted": case.restricted,
        "corruption": case.corruption,
    }


def case_detail(session, actor: Actor, code: str) -> dict:
    """A case with its documents grouped by type in case-file order (each document inside an upload on its own,
    with its page range), page counts, hearings, exhibit sets."""
    case = visible_case(session, actor, code)
    entries = case_entries(session, case)
    groups: list[dict] = []
    for entry in entries:
        code_ = entry["type"] or ""
        if not groups or groups[-1]["type"] != code_:
            groups.append({"type": code_, "label": type_label(entry["type"]), "documents": []})
        # "id" and "doc_date" as before, for programs that read them.
        groups[-1]["documents"].append(entry | {"id": entry["document_id"], "doc_date": entry["date"]})
    hearings = session.scalars(select(Hearing).where(Hearing.case_id == case.id).order_by(Hearing.held_on)).all()
    sets = session.scalars(select(ExhibitSet).where(ExhibitSet.case_id == case.id).order_by(ExhibitSet.id)).all()
    return case_json(case) | {
        "pages_digitised": sum(entry["pages"] for entry in entries),
        "document_count": len(entries),
        "file_count": len({entry["document_id"] for entry in entries}),
        "groups": groups,
        "hearings": [
            {
                "held_on": _date(h.held_on),
                "digital_evidence": h.digital_evidence,
                "source": h.source,
                "recorded_by": h.recorded_by,
            }
            for h in hearings
        ],
        "exhibit_sets": [
            {"id": s.id, "title": s.title, "hearing_on": _date(s.hearing_on), "items": len(s.items)} for s in sets
        ],
    }


@router.get("/cases")
def list_cases(
    request: Request,
    q: str | None = Query(None, max_length=200),
    kind: CodeQuery = None,
    unit: CodeQuery = None,
    limit: int = Query(50, ge=1, le=500),
    offset: Offset = 0,
    actor: Actor = Depends(current_user),
) -> dict:
    with get_archive(request).session() as session:
        total, rows = case_rows(session, actor, q, kind, unit, limit, offset)
    return {"total": total, "cases": rows}


@router.get("/case-lookup")
def case_lookup(
    request: Request,
    q: str = Query(
        ...,
        min_length=1,
        max_length=200,
        description="Mã, tên vụ án hoặc tên người liên quan; có dấu hay không dấu đều được",
    ),
    limit: int = Query(8, ge=1, le=LOOKUP_LIMIT),
    actor: Actor = Depends(current_user),
) -> dict:
    """Suggestions for a case field as it is typed: the visible cases whose code, title or people match."""
    with get_archive(request).session() as session:
        found = find_cases(session, actor.visibility(session), q, limit)
        by_id = {c.id: c for c in session.scalars(select(Case).where(Case.id.in_([f.case_id for f in found])))}
        return {"cases": [lookup_json(by_id[f.case_id], f.person) for f in found if f.case_id in by_id]}


def lookup_json(case: Case, person: dict | None) -> dict:
    """A suggestion: the case, and the person whose name matched (when it was a name that matched)."""
    return {
        "code": case.code,
        "title": case.title,
        "kind": case.kind,
        "kind_label": CASE_KINDS.get(case.kind, case.kind),
        "unit_name": case.unit.name if case.unit else None,
        "registered_on": _date(case.registered_on),
        "restricted": case.restricted,
        "person": person,
    }


@router.get("/cases/{code}")
def get_case(request: Request, code: CodePath, actor: Actor = Depends(current_user)) -> dict:
    with get_archive(request).session() as session:
        return case_detail(session, actor, code)


@router.get("/units")
def list_units(request: Request, actor: Actor = Depends(current_user)) -> dict:
    with get_archive(request).session() as session:
        vis = actor.visibility(session)
        units = session.scalars(select(Unit).where(vis.unit_condition()).order_by(Unit.code)).all()
        return {
            "units": [
                {"code": u.code, "name": u.name, "level": u.level, "parent": u.parent.code if u.parent else None}
                for u in units
            ]
        }


@router.get("/types")
def list_types(actor: Actor = Depends(current_user)) -> dict:
    return {
        "types": [{"code": code, "label": label} for code, label in DOCUMENT_TYPES.items()],
        "kinds": [{"code": code, "label": label} for code, label in CASE_KINDS.items()],
    }


class CaseFields(BaseModel):
    """A case's register entry; on edit, fields left out keep their value."""

    code: str | None = Field(
        None, max_length=Case.__table__.c.code.type.length, description="Case code (required to create)"
    )
    unit: str | None = Field(None, max_length=Unit.__table__.c.code.type.length)
    kind: str | None = Field(None, max_length=CODE_LENGTH, description="HS, DS, HC, KDTM, LĐ, HNGĐ")
    title: str | None = Field(None, max_length=Case.__table__.c.title.type.length)
    registered_on: str | None = Field(None, max_length=40, description="YYYY-MM-DD or DD/MM/YYYY")
    trial_on: str | None = Field(None, max_length=40, description="date brought to trial; empty string clears it")
    corruption: bool | None = None
    folios: int | None = Field(None, ge=0, le=MAX_FOLIOS)
    restricted: bool | None = None

    def changes(self) -> dict[str, str | None]:
        values = self.model_dump(exclude={"code", "restricted", "corruption", "folios"})
        values["corruption"] = None if self.corruption is None else ("yes" if self.corruption else "no")
        values["folios"] = None if self.folios is None else str(self.folios)
        return values


def _save(request: Request, actor: Actor, code: str, body: CaseFields, create: bool) -> dict:
    """Every edit checks the case as it is (the person must see it and may change it) and the unit it goes to."""
    archive = get_archive(request)
    with archive.session() as session:
        vis = actor.visibility(session)
    try:
        save_case(archive, code, body.changes(), create=create, restricted=body.restricted, vis=vis)
    except CaseNotFound:
        raise not_found("error.case_not_found") from None
    with archive.session() as session:
        return case_json(session.scalar(select(Case).where(Case.code == unicodedata.normalize("NFC", code))))


@router.post("/cases", status_code=201)
def create_case(request: Request, body: CaseFields, actor: Actor = Depends(require_role(*CORRECT_ROLES))) -> dict:
    """Add a case to the register."""
    if not body.code or not body.unit or not body.kind:
        raise HTTPException(status_code=422, detail="Cần mã vụ án, đơn vị và loại vụ án")
    return _save(request, actor, body.code, body, create=True)


@router.patch("/cases/{code}")
def edit_case(
    request: Request, code: CodePath, body: CaseFields, actor: Actor = Depends(require_role(*CORRECT_ROLES))
) -> dict:
    """Edit a case's register entry."""
    return _save(request, actor, code, body, create=False)


@router.post("/cases/import")
async def import_case_register(
    request: Request, file: UploadFile = File(...), actor: Actor = Depends(require_role(*CORRECT_ROLES))
) -> dict:
    """Import `code,unit,kind,title,registered_on,trial_on,corruption,folios`; all rows or none."""
    archive = get_archive(request)
    text = await read_csv(file)
    with archive.session() as session:
        vis = actor.visibility(session)
    try:
        return import_cases(archive, text, vis=vis).to_json()
    except RegisterError as exc:
        raise HTTPException(status_code=422, detail=exc.problems) from exc


@router.post("/units/import")
async def import_unit_register(
    request: Request, file: UploadFile = File(...), actor: Actor = Depends(require_role("admin"))
) -> dict:
    """Import `code,name,level,parent,valid_from,valid_to,successor` (administrators); all rows or none."""
    try:
        return import_units(get_archive(request), await read_csv(file)).to_json()
    except RegisterError as exc:
        raise HTTPException(status_code=422, detail=exc.problems) from exc
