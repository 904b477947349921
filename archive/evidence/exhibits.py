"""Exhibit sets for a hearing: gather pages or regions of a case's documents, order, caption, number
them (Chứng cứ số 1, 2, ...), and record that a hearing presented them as digitised evidence."""

from __future__ import annotations

import datetime as dt
import unicodedata

from sqlalchemy import func, select

from archive import errors
from archive.records.models import AuditEvent, Case, Document, ExhibitItem, ExhibitSet, Hearing, Page, Presentation
from archive.trust.access import page_owner
from archive.trust.audit import record

MAX_CAPTION = 2000
MAX_TITLE = 500
MAX_HIGHLIGHTS = 200


class ExhibitError(errors.Invalid):
    """A request about an exhibit set that cannot be done; `code` keys the message catalogue, `values` fill it."""

    statuses = {
        "item_not_found": 404,
        "page_not_found": 404,
        "presentation_not_found": 404,
        "not_your_presentation": 403,
        "duplicate_page": 409,
        "duplicate_region": 409,
        "highlight_not_found": 404,
        "highlight_exists": 409,
    }

    def __init__(self, code: str, **values):
        super().__init__(code=code, logged=code, **values)


def _nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", (text or "").strip())


def create_set(session, case: Case, title: str, hearing_on: dt.date | None, created_by: str) -> ExhibitSet:
    exhibit_set = ExhibitSet(
        case_id=case.id, title=_nfc(title)[:500] or case.code, hearing_on=hearing_on, created_by=created_by
    )
    session.add(exhibit_set)
    session.flush()
    _audit(session, created_by, "exhibit_set.create", exhibit_set, {"case": case.code})
    return exhibit_set


def rename_set(session, exhibit_set: ExhibitSet, title: str, actor: str | None = None) -> bool:
    """Give the set a new name (not empty); False when it already had that name."""
    title = " ".join(_nfc(title).split())
    if not title:
        raise ExhibitError("empty_title")
    if len(title) > MAX_TITLE:
        raise ExhibitError("title_too_long", max=MAX_TITLE)
    if title == exhibit_set.title:
        return False
    _audit(session, actor, "exhibit_set.rename", exhibit_set, {"title": {"old": exhibit_set.title, "new": title}})
    exhibit_set.title = title
    return True


def numbered(exhibit_set: ExhibitSet) -> list[tuple[int, ExhibitItem]]:
    """The items with their exhibit numbers: 1, 2, ... in the set's order."""
    return list(enumerate(sorted(exhibit_set.items, key=lambda i: i.position), start=1))


def _box(values, width: int, height: int) -> list[int]:
    try:
        x0, y0, x1, y1 = (int(round(float(v))) for v in values)
    except (TypeError, ValueError) as exc:
        raise ExhibitError("invalid_region") from exc
    x0, x1 = sorted((max(0, x0), min(width or x1, x1)))
    y0, y1 = sorted((max(0, y0), min(height or y1, y1)))
    if x1 - x0 < 4 or y1 - y0 < 4:
        raise ExhibitError("invalid_region")
    return [x0, y0, x1, y1]


def add_item(
    session,
    exhibit_set: ExhibitSet,
    document: Document,
    page_number: int,
    *,
    region=None,
    caption: str = "",
    highlights=None,
    actor: str | None = None,
) -> ExhibitItem:
    """Append a page (or a region of it) as the set's next exhibit; it must belong to the set's case."""
    _, owner = page_owner(document, page_number)
    if owner is None or owner.id != exhibit_set.case_id:
        raise ExhibitError("not_same_case")
    page = session.scalar(select(Page).where(Page.document_id == document.id, Page.number == page_number))
    if page is None:
        raise ExhibitError("page_not_found")
    box = _box(region, page.width, page.height) if region else None
    for number, item in numbered(exhibit_set):
        if item.document_id == document.id and item.page == page_number and (item.region or None) == box:
            raise ExhibitError("duplicate_region" if box else "duplicate_page", n=number)
    marks = None
    if highlights:
        marks = [_box(h, page.width, page.height) for h in list(highlights)[:MAX_HIGHLIGHTS]]
    last = session.scalar(select(func.max(ExhibitItem.position)).where(ExhibitItem.set_id == exhibit_set.id))
    item = ExhibitItem(
        set_id=exhibit_set.id,
        position=(last or 0) + 1,
        document_id=document.id,
        page=page_number,
        region=box,
        caption=_nfc(caption)[:MAX_CAPTION],
        highlights=marks,
    )
    session.add(item)
    session.flush()
    session.refresh(exhibit_set)
    _audit(session, actor, "exhibit_set.add", exhibit_set, {"document": document.id, "page": page_number})
    return item


def _renumber(items: list[ExhibitItem]) -> None:
    for position, item in enumerate(items, start=1):
        item.position = position


def reorder(session, exhibit_set: ExhibitSet, item_ids: list[int], actor: str | None = None) -> None:
    """Put the items in this order; every item of the set must be listed exactly once."""
    current = {item.id: item for item in exhibit_set.items}
    if sorted(item_ids) != sorted(current):
        raise ExhibitError("invalid_order")
    # Two passes so the new positions never collide with the old ones mid-update.
    for offset, item_id in enumerate(item_ids, start=1):
        current[item_id].position = -offset
    session.flush()
    _renumber([current[i] for i in item_ids])
    session.flush()
    _audit(session, actor, "exhibit_set.reorder", exhibit_set, {"order": item_ids})


def move_item(session, exhibit_set: ExhibitSet, item_id: int, delta: int, actor: str | None = None) -> None:
    ids = [item.id for _, item in numbered(exhibit_set)]
    if item_id not in ids:
        raise ExhibitError("item_not_found")
    index = ids.index(item_id)
    target = max(0, min(len(ids) - 1, index + delta))
    ids.insert(target, ids.pop(index))
    reorder(session, exhibit_set, ids, actor)


def find_item(exhibit_set: ExhibitSet, item_id: int) -> ExhibitItem:
    for item in exhibit_set.items:
        if item.id == item_id:
            return item
    raise ExhibitError("item_not_found")


def set_caption(session, exhibit_set: ExhibitSet, item_id: int, caption: str, actor: str | None = None) -> None:
    find_item(exhibit_set, item_id).caption = _nfc(caption)[:MAX_CAPTION]
    _audit(session, actor, "exhibit_set.caption", exhibit_set, {"item": item_id})


def _covered_words(page: Page, box: list[int]) -> list[list[int]]:
    """The boxes of the page's OCR words whose middle lies inside `box`: a selection snaps to its words."""
    x0, y0, x1, y1 = box
    found = []
    for word in page.words or []:
        try:
            wx0, wy0, wx1, wy1 = (int(v) for v in word[1])
        except (TypeError, ValueError, IndexError):
            continue
        if x0 <= (wx0 + wx1) / 2 <= x1 and y0 <= (wy0 + wy1) / 2 <= y1:
            found.append([wx0, wy0, wx1, wy1])
    return found


def add_highlight(session, exhibit_set: ExhibitSet, item_id: int, box, actor: str | None = None) -> list[list[int]]:
    """Mark a word or a region on the item's page: a selection covering OCR words becomes those words'
    boxes, one over no word stays the region chosen. Returns the boxes added."""
    item = find_item(exhibit_set, item_id)
    page = session.scalar(select(Page).where(Page.document_id == item.document_id, Page.number == item.page))
    if page is None:
        raise ExhibitError("page_not_found")
    chosen = _box(box, page.width, page.height)
    current = [list(h) for h in item.highlights or []]
    added = [b for b in (_covered_words(page, chosen) or [chosen]) if b not in current]
    if not added:
        raise ExhibitError("highlight_exists")
    if len(current) + len(added) > MAX_HIGHLIGHTS:
        raise ExhibitError("too_many_highlights", max=MAX_HIGHLIGHTS)
    item.highlights = current + added
    _audit(session, actor, "exhibit_set.highlight_add", exhibit_set, {"item": item_id, "boxes": added})
    return added


def remove_highlights(session, exhibit_set: ExhibitSet, item_id: int, boxes, actor: str | None = None) -> None:
    """Take boxes off the item (named by their coordinates, so a stale screen cannot remove others): the
    words of one highlighted phrase go together. Every box must still be there, or nothing changes."""
    item = find_item(exhibit_set, item_id)
    current = [list(h) for h in item.highlights or []]
    try:
        wanted = [[int(round(float(v))) for v in box] for box in boxes]
    except (TypeError, ValueError) as exc:
        raise ExhibitError("highlight_not_found") from exc
    if not wanted or any(box not in current for box in wanted):
        raise ExhibitError("highlight_not_found")
    for box in wanted:
        current.remove(box)
    item.highlights = current or None
    _audit(session, actor, "exhibit_set.highlight_remove", exhibit_set, {"item": item_id, "boxes": wanted})


def clear_highlights(session, exhibit_set: ExhibitSet, item_id: int, actor: str | None = None) -> int:
    """Take every box off the item; returns how many there were."""
    item = find_item(exhibit_set, item_id)
    count = len(item.highlights or [])
    item.highlights = None
    _audit(session, actor, "exhibit_set.highlight_clear", exhibit_set, {"item": item_id, "removed": count})
    return count


def remove_item(session, exhibit_set: ExhibitSet, item_id: int, actor: str | None = None) -> None:
    item = find_item(exhibit_set, item_id)
    exhibit_set.items.remove(item)
    session.flush()
    rest = [i for _, i in numbered(exhibit_set)]
    for offset, other in enumerate(rest, start=1):
        other.position = -offset
    session.flush()
    _renumber(rest)
    _audit(session, actor, "exhibit_set.remove", exhibit_set, {"item": item_id})


def record_presentation(session, exhibit_set: ExhibitSet, hearing_on: dt.date | None, user: str) -> Presentation:
    """The set was presented at the hearing of `hearing_on` (default: the set's date): that hearing of
    the case is recorded (or updated) as having used digitised evidence. What changed is kept on the
    presentation so that `undo_presentation` can put it back."""
    held_on = hearing_on or exhibit_set.hearing_on
    if held_on is None:
        raise ExhibitError("no_hearing_date")
    if not exhibit_set.items:
        raise ExhibitError("no_items")
    hearing = session.scalar(select(Hearing).where(Hearing.case_id == exhibit_set.case_id, Hearing.held_on == held_on))
    created, before = False, None
    if hearing is None:
        hearing = Hearing(
            case_id=exhibit_set.case_id, held_on=held_on, digital_evidence=True, source="exhibit", recorded_by=user
        )
        session.add(hearing)
        created = True
    elif not hearing.digital_evidence:
        before = {"digital_evidence": False, "source": hearing.source, "recorded_by": hearing.recorded_by}
        hearing.digital_evidence = True
        hearing.source = "exhibit"
        hearing.recorded_by = user
    session.flush()
    presentation = Presentation(
        set_id=exhibit_set.id, hearing_id=hearing.id, presented_by=user, hearing_created=created, hearing_before=before
    )
    session.add(presentation)
    session.flush()
    _audit(
        session,
        user,
        "exhibit_set.present",
        exhibit_set,
        {
            "hearing_on": held_on.isoformat(),
            "hearing": hearing.id,
            "presentation": presentation.id,
            "hearing_created": created,
        },
    )
    return presentation


def undo_presentation(session, exhibit_set: ExhibitSet, presentation_id: int, user: str) -> dict:
    """Take back a presentation record made by `user` (only its author may; the caller audits a refusal,
    which this transaction would take back with it): the presentation goes, and the
    hearing it created goes too, or the hearing it marked gets its previous state back, unless another
    presentation still stands for that hearing or someone has recorded the hearing differently since."""
    presentation = session.get(Presentation, presentation_id)
    if presentation is None or presentation.set_id != exhibit_set.id:
        raise ExhibitError("presentation_not_found")
    if presentation.presented_by != user:
        raise ExhibitError("not_your_presentation")
    hearing = session.get(Hearing, presentation.hearing_id) if presentation.hearing_id else None
    others = []
    if hearing is not None:
        others = session.scalars(
            select(Presentation)
            .where(Presentation.hearing_id == hearing.id, Presentation.id != presentation.id)
            .order_by(Presentation.id)
        ).all()
    outcome = "kept"
    if hearing is not None and others:
        # The next presentation of that hearing now stands for what this one did.
        successor = others[0]
        successor.hearing_created = successor.hearing_created or presentation.hearing_created
        successor.hearing_before = successor.hearing_before or presentation.hearing_before
    elif hearing is not None and hearing.source == "exhibit":
        if presentation.hearing_created:
            session.delete(hearing)
            outcome = "removed"
        elif presentation.hearing_before:
            before = presentation.hearing_before
            hearing.digital_evidence = bool(before.get("digital_evidence"))
            hearing.source = before.get("source") or "manual"
            hearing.recorded_by = before.get("recorded_by")
            outcome = "restored"
    held_on = hearing.held_on.isoformat() if hearing is not None else None
    session.delete(presentation)
    session.flush()
    record(
        session,
        "exhibit_set.present_undo",
        f"exhibit_set:{exhibit_set.id}",
        detail={"presentation": presentation_id, "hearing_on": held_on, "hearing": outcome},
    )
    return {"presentation": presentation_id, "hearing_on": held_on, "hearing": outcome}


def _audit(session, actor: str | None, action: str, exhibit_set: ExhibitSet, detail: dict) -> None:
    session.add(AuditEvent(actor=actor, action=action, target=f"exhibit_set:{exhibit_set.id}", detail=detail))
