"""JSON API for exhibit sets: create, add pages or regions, caption, order, present, export the PDF bundle."""

from __future__ import annotations

import io
import re
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from PIL import Image
from pydantic import BaseModel, Field, FiniteFloat
from sqlalchemy import select

from archive.evidence import exhibits
from archive.evidence.bundle import TEXT_KEYS, export_set
from archive.evidence.exhibits import ExhibitError
from archive.records.models import Case, ExhibitSet, Hearing, Page, Presentation, User
from archive.retrieval.highlighting import page_boxes
from archive.trust.access import EXHIBIT_ROLES
from archive.trust.audit import record
from web import access_audit
from web.api import IMAGE, THUMBNAIL_WIDTH
from web.auth import Actor, current_user, require_role
from web.guards import get_archive, not_found, visible_case, visible_document, visible_page, visible_set
from web.limits import CODE_LENGTH, MAX_ITEMS, MAX_PAGE, NAME_LENGTH, TEXT_LENGTH, BodyDate, BodyId, CodeQuery, RecordId
from web.messages import MESSAGES, t
from web.problems import ERROR_RESPONSES, problem_responses

router = APIRouter(responses=ERROR_RESPONSES)
Coordinate = Annotated[FiniteFloat, Field(ge=-1e6, le=1e6)]  # pixels; clamped to the page afterwards
Box = Annotated[list[Coordinate], Field(min_length=4, max_length=4)]
edit_role = require_role(*EXHIBIT_ROLES)


class NewSet(BaseModel):
    case: str = Field(..., max_length=CODE_LENGTH)
    title: str = Field("", max_length=NAME_LENGTH)
    hearing_on: BodyDate = None


class NewItem(BaseModel):
    document_id: BodyId
    page: int = Field(..., ge=1, le=MAX_PAGE)
    region: Box | None = None
    caption: str = Field("", max_length=TEXT_LENGTH)
    highlights: list[Box] | None = Field(None, max_length=exhibits.MAX_HIGHLIGHTS)
    query: str | None = Field(
        None,
        max_length=NAME_LENGTH,
        description="Từ khóa tìm kiếm: khi không gửi highlights, các ô tô sáng là các từ khớp từ khóa trên trang",
    )


class HighlightBox(BaseModel):
    box: Box


class HighlightBoxes(BaseModel):
    boxes: list[Box] = Field(..., min_length=1, max_length=exhibits.MAX_HIGHLIGHTS)


class SetChange(BaseModel):
    title: str = Field(..., max_length=NAME_LENGTH, description="Tên mới của bộ chứng cứ")


class ItemChange(BaseModel):
    caption: str | None = Field(None, max_length=TEXT_LENGTH)
    move: int | None = Field(None, ge=-1000, le=1000)


class Order(BaseModel):
    items: list[BodyId] = Field(..., max_length=MAX_ITEMS)


class PresentationIn(BaseModel):
    hearing_on: BodyDate = None


def set_json(session, exhibit_set: ExhibitSet) -> dict:
    items = []
    for number, item in exhibits.numbered(exhibit_set):
        page = session.scalar(select(Page).where(Page.document_id == item.document_id, Page.number == item.page))
        items.append(
            {
                "id": item.id,
                "number": number,
                "label": t("exhibits.number", n=number),
                "document_id": item.document_id,
                "page": item.page,
                "region": item.region,
                "highlights": item.highlights or [],
                "caption": item.caption,
                "filename": item.document.filename,
                "sha256": item.document.sha256,
                "width": page.width if page else 0,
                "height": page.height if page else 0,
                "image_url": f"/api/documents/{item.document_id}/pages/{item.page}/image",
                # A region's thumbnail is the region itself.
                "thumbnail_url": (
                    f"/api/exhibit-sets/{exhibit_set.id}/items/{item.id}/thumbnail"
                    if item.region
                    else f"/api/documents/{item.document_id}/pages/{item.page}/thumbnail"
                ),
            }
        )
    records = session.scalars(
        select(Presentation).where(Presentation.set_id == exhibit_set.id).order_by(Presentation.id)
    ).all()
    hearings = {
        h.id: h.held_on
        for h in session.scalars(select(Hearing).where(Hearing.id.in_([r.hearing_id for r in records if r.hearing_id])))
    }
    presented = [
        {
            "id": r.id,
            "presented_by": r.presented_by,
            "presented_at": r.presented_at.isoformat(),
            "hearing_on": hearings[r.hearing_id].isoformat() if r.hearing_id in hearings else None,
        }
        for r in records
    ]
    return {
        "id": exhibit_set.id,
        "title": exhibit_set.title,
        "case": exhibit_set.case.code,
        "case_title": exhibit_set.case.title,
        "hearing_on": exhibit_set.hearing_on.isoformat() if exhibit_set.hearing_on else None,
        "created_by": exhibit_set.created_by,
        "presentations": len(presented),
        "presented": presented,
        "items": items,
    }


def sets_for(session, actor: Actor, case: str | None = None) -> list[dict]:
    query = (
        select(ExhibitSet).join(Case, ExhibitSet.case_id == Case.id).where(actor.visibility(session).case_condition())
    )
    if case:
        query = query.where(Case.code == case)
    result = []
    for s in session.scalars(query.order_by(ExhibitSet.hearing_on.desc().nulls_last(), ExhibitSet.id.desc())).all():
        result.append(
            {
                "id": s.id,
                "title": s.title,
                "case": s.case.code,
                "case_title": s.case.title,
                "hearing_on": s.hearing_on.isoformat() if s.hearing_on else None,
                "created_by": s.created_by,
                "items": len(s.items),
            }
        )
    return result


@router.get("/exhibit-sets")
def list_sets(request: Request, case: CodeQuery = None, actor: Actor = Depends(current_user)) -> dict:
    with get_archive(request).session() as session:
        return {"sets": sets_for(session, actor, case)}


@router.post("/exhibit-sets", status_code=201)
def create_set(request: Request, body: NewSet, actor: Actor = Depends(edit_role)) -> dict:
    with get_archive(request).transaction() as session:
        case = visible_case(session, actor, body.case.strip())
        exhibit_set = exhibits.create_set(session, case, body.title, body.hearing_on, actor.username)
        return set_json(session, exhibit_set)


@router.get("/exhibit-sets/{set_id}")
def get_set(request: Request, set_id: RecordId, actor: Actor = Depends(current_user)) -> dict:
    with get_archive(request).session() as session:
        return set_json(session, visible_set(session, actor, set_id))


@router.patch("/exhibit-sets/{set_id}")
def rename_set(request: Request, set_id: RecordId, body: SetChange, actor: Actor = Depends(edit_role)) -> dict:
    """Rename the set."""
    with get_archive(request).transaction() as session:
        exhibit_set = visible_set(session, actor, set_id)
        exhibits.rename_set(session, exhibit_set, body.title, actor.username)
        return set_json(session, exhibit_set)


@router.post("/exhibit-sets/{set_id}/items", status_code=201, responses=problem_responses(409))
def add_item(request: Request, set_id: RecordId, body: NewItem, actor: Actor = Depends(edit_role)) -> dict:
    with get_archive(request).transaction() as session:
        exhibit_set = visible_set(session, actor, set_id)
        document = visible_document(session, actor, body.document_id)
        highlights = body.highlights
        if highlights is None and body.query and body.query.strip():
            visible_page(session, actor, body.document_id, body.page)
            highlights = page_boxes(get_archive(request), body.document_id, body.page, body.query) or None
        item = exhibits.add_item(
            session,
            exhibit_set,
            document,
            body.page,
            region=body.region,
            caption=body.caption,
            highlights=highlights,
            actor=actor.username,
        )
        data = set_json(session, exhibit_set)
        data["added"] = next(i for i in data["items"] if i["id"] == item.id)
        return data


@router.get("/exhibit-sets/{set_id}/items/{item_id}/thumbnail", response_class=Response, responses=IMAGE)
def item_thumbnail(request: Request, set_id: RecordId, item_id: RecordId, actor: Actor = Depends(current_user)):
    """A small JPEG of the exhibit as it is shown: the region cut from its page, or the whole page."""
    archive = get_archive(request)
    with archive.session() as session:
        exhibit_set = visible_set(session, actor, set_id)
        item = exhibits.find_item(exhibit_set, item_id)
        document, page = visible_page(session, actor, item.document_id, item.page)
        sha256 = document.sha256
        region, size = item.region, (page.width, page.height)
        access_audit.note(request, document=item.document_id, page=item.page)
    image = archive.blobs.read_page_image(sha256, item.page)
    if image is None:
        raise not_found("error.no_image")
    return Response(
        thumbnail_jpeg(image, region, size), media_type="image/jpeg", headers={"Cache-Control": "private, max-age=3600"}
    )


def thumbnail_jpeg(image_bytes: bytes, region: list[int] | None, page_size: tuple[int, int]) -> bytes:
    """The page image, cut to the region (given in the page's pixels, scaled to the stored image), made small."""
    with Image.open(io.BytesIO(image_bytes)) as image:
        if region:
            width, height = page_size
            sx = image.width / width if width else 1.0
            sy = image.height / height if height else 1.0
            x0, y0, x1, y1 = region
            box = (
                max(0, round(x0 * sx)),
                max(0, round(y0 * sy)),
                min(image.width, round(x1 * sx)),
                min(image.height, round(y1 * sy)),
            )
            if box[2] > box[0] and box[3] > box[1]:
                image = image.crop(box)
        image.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_WIDTH * 2))
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, "JPEG", quality=75)
    return buffer.getvalue()


@router.patch("/exhibit-sets/{set_id}/items/{item_id}")
def change_item(
    request: Request, set_id: RecordId, item_id: RecordId, body: ItemChange, actor: Actor = Depends(edit_role)
) -> dict:
    with get_archive(request).transaction() as session:
        exhibit_set = visible_set(session, actor, set_id)
        if body.caption is not None:
            exhibits.set_caption(session, exhibit_set, item_id, body.caption, actor.username)
        if body.move:
            exhibits.move_item(session, exhibit_set, item_id, body.move, actor.username)
        session.flush()
        session.refresh(exhibit_set)
        return set_json(session, exhibit_set)


def _editable_item(session, actor: Actor, set_id: int, item_id: int):
    """The set and its item, when the actor may edit the set and still see the item's page."""
    exhibit_set = visible_set(session, actor, set_id)
    item = exhibits.find_item(exhibit_set, item_id)
    visible_page(session, actor, item.document_id, item.page)
    return exhibit_set, item


@router.post("/exhibit-sets/{set_id}/items/{item_id}/highlights", status_code=201, responses=problem_responses(409))
def add_highlight(
    request: Request, set_id: RecordId, item_id: RecordId, body: HighlightBox, actor: Actor = Depends(edit_role)
) -> dict:
    """Highlight a word or a region of the exhibit's page (a selection over words becomes those words)."""
    with get_archive(request).transaction() as session:
        exhibit_set, item = _editable_item(session, actor, set_id, item_id)
        added = exhibits.add_highlight(session, exhibit_set, item.id, body.box, actor.username)
        session.flush()
        return set_json(session, exhibit_set) | {"added_highlights": added}


@router.post("/exhibit-sets/{set_id}/items/{item_id}/highlights/remove")
def remove_highlight(
    request: Request, set_id: RecordId, item_id: RecordId, body: HighlightBoxes, actor: Actor = Depends(edit_role)
) -> dict:
    """Take highlights off the exhibit, named by their boxes (the words of one phrase together)."""
    with get_archive(request).transaction() as session:
        exhibit_set, item = _editable_item(session, actor, set_id, item_id)
        exhibits.remove_highlights(session, exhibit_set, item.id, body.boxes, actor.username)
        session.flush()
        return set_json(session, exhibit_set)


@router.delete("/exhibit-sets/{set_id}/items/{item_id}/highlights")
def clear_highlights(request: Request, set_id: RecordId, item_id: RecordId, actor: Actor = Depends(edit_role)) -> dict:
    """Take every highlight off the exhibit: it is shown and printed without marks."""
    with get_archive(request).transaction() as session:
        exhibit_set, item = _editable_item(session, actor, set_id, item_id)
        exhibits.clear_highlights(session, exhibit_set, item.id, actor.username)
        session.flush()
        return set_json(session, exhibit_set)


@router.delete("/exhibit-sets/{set_id}/items/{item_id}")
def remove_item(request: Request, set_id: RecordId, item_id: RecordId, actor: Actor = Depends(edit_role)) -> dict:
    with get_archive(request).transaction() as session:
        exhibit_set = visible_set(session, actor, set_id)
        exhibits.remove_item(session, exhibit_set, item_id, actor.username)
        return set_json(session, exhibit_set)


@router.put("/exhibit-sets/{set_id}/order")
def reorder(request: Request, set_id: RecordId, body: Order, actor: Actor = Depends(edit_role)) -> dict:
    with get_archive(request).transaction() as session:
        exhibit_set = visible_set(session, actor, set_id)
        exhibits.reorder(session, exhibit_set, body.items, actor.username)
        session.refresh(exhibit_set)
        return set_json(session, exhibit_set)


@router.post("/exhibit-sets/{set_id}/presentations", status_code=201)
def present(request: Request, set_id: RecordId, body: PresentationIn, actor: Actor = Depends(edit_role)) -> dict:
    """Record that the set is being presented at its hearing: the hearing used digitised evidence."""
    with get_archive(request).transaction() as session:
        exhibit_set = visible_set(session, actor, set_id)
        presentation = exhibits.record_presentation(session, exhibit_set, body.hearing_on, actor.username)
        return {
            "presentation": presentation.id,
            "hearing": presentation.hearing_id,
            "hearing_on": (body.hearing_on or exhibit_set.hearing_on).isoformat(),
        }


@router.delete("/exhibit-sets/{set_id}/presentations/{presentation_id}")
def undo_present(
    request: Request, set_id: RecordId, presentation_id: RecordId, actor: Actor = Depends(edit_role)
) -> dict:
    """Take back a presentation record (its author only): the hearing it created goes, a hearing it marked
    is put back as it was; what the set's statistics count changes with it."""
    archive = get_archive(request)
    try:
        with archive.transaction() as session:
            exhibit_set = visible_set(session, actor, set_id)
            undone = exhibits.undo_presentation(session, exhibit_set, presentation_id, actor.username)
            return {**undone, "set": set_json(session, exhibit_set)}
    except ExhibitError as exc:
        if exc.code == "not_your_presentation":
            with archive.transaction() as session:
                record(
                    session,
                    "exhibit_set.present_undo",
                    f"exhibit_set:{set_id}",
                    outcome="refused",
                    detail={"presentation": presentation_id},
                )
        raise


def bundle_filename(exhibit_set: dict) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", exhibit_set["case"]).strip("-") or "bo-chung-cu"
    return f"chung-cu-{slug}-{exhibit_set['id']}.pdf"


@router.get(
    "/exhibit-sets/{set_id}/bundle.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "PDF"}},
)
def bundle(request: Request, set_id: RecordId, actor: Actor = Depends(current_user)):
    """The set as one PDF: cover, index, each exhibit stamped with its number and source, bookmarks."""
    archive = get_archive(request)
    with archive.session() as session:
        data = set_json(session, visible_set(session, actor, set_id))
        creator = session.scalar(select(User).where(User.username == data["created_by"]))
        prosecutor = (creator.full_name or creator.username) if creator else actor.display_name
    if not data["items"]:
        raise HTTPException(status_code=422, detail=t("error.no_items"))
    texts = {key: MESSAGES[key] for key in TEXT_KEYS}
    pdf = export_set(archive, set_id, texts, prosecutor=prosecutor, org=t("app.org"))
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{bundle_filename(data)}"',
            "Cache-Control": "private, no-store",
        },
    )
