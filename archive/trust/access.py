"""Who may see what: the one rule every read, write and search scope is built from.

Admins see everything. Everyone else sees the cases of their own unit and its subordinate units. A
restricted case is seen only by the people assigned to it (in any unit) and, inside the unit tree, by
the roles that handle the paper file and answer for it (staff, unit heads).

A page is seen by who may see its owner: the case of the document part it lies in (parts of one
upload may belong to different cases), or, for a part linked to no case, the unit it was filed
under. An upload not yet split into parts is owned by its own case, or its unit. An upload is
listed to whoever may see one of its pages; its original and digital copy, which hold every page,
only to whoever may see all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, false, not_, or_, select, true

from archive.records.models import Case, CaseAssignment, Document, DocumentPart, Unit, User
from search import Scope

# Roles that see restricted cases of their unit tree without being assigned to them.
RESTRICTED_BY_UNIT_ROLES = frozenset({"staff", "unit_head"})
UPLOAD_ROLES = frozenset({"staff", "admin"})
CORRECT_ROLES = frozenset({"staff", "admin"})
EXHIBIT_ROLES = frozenset({"prosecutor", "admin"})


@dataclass(frozen=True)
class Visibility:
    """What one user may see, computed once per request."""

    everything: bool
    unit_ids: frozenset[int]
    unit_codes: frozenset[str]
    restricted_case_ids: frozenset[int]
    restricted_case_codes: frozenset[str]

    def case_visible(self, case: Case) -> bool:
        if self.everything:
            return True
        if case.restricted:
            return case.id in self.restricted_case_ids
        return case.unit_id in self.unit_ids

    def owner_visible(self, case: Case | None, unit_id: int | None) -> bool:
        """Whether records owned by this case (or, with no case, filed under this unit) may be seen."""
        if self.everything:
            return True
        if case is not None:
            return self.case_visible(case)
        return unit_id is not None and unit_id in self.unit_ids

    def part_visible(self, document: Document, part: DocumentPart) -> bool:
        return self.owner_visible(part.case, document.unit_id)

    def page_visible(self, document: Document, number: int) -> bool:
        """The rule for one page: by the part it lies in, or the upload's own owner before it is split."""
        return self.everything or self.owner_visible(page_owner(document, number)[1], document.unit_id)

    def document_visible(self, document: Document) -> bool:
        """Whether the upload is listed: one of its pages may be seen."""
        if self.everything:
            return True
        if document.parts:
            return any(self.part_visible(document, part) for part in document.parts)
        return self.owner_visible(document.case, document.unit_id)

    def whole_document_visible(self, document: Document) -> bool:
        """Whether every page may be seen: the original, the digital copy, re-processing."""
        if self.everything:
            return True
        if document.parts:
            return all(self.part_visible(document, part) for part in document.parts)
        return self.owner_visible(document.case, document.unit_id)

    def case_condition(self):
        """A SQL condition on `Case` selecting the visible cases."""
        if self.everything:
            return true()
        ids = list(self.restricted_case_ids) or [-1]
        return or_(Case.restricted.is_(False) & Case.unit_id.in_(list(self.unit_ids) or [-1]), Case.id.in_(ids))

    def _owner_condition(self, case_id, unit_id):
        visible_cases = select(Case.id).where(self.case_condition())
        return or_(case_id.in_(visible_cases), case_id.is_(None) & unit_id.in_(list(self.unit_ids) or [-1]))

    def document_condition(self):
        """A SQL condition on `Document` selecting the listed documents (as `document_visible`)."""
        if self.everything:
            return true()
        has_parts = exists().where(DocumentPart.document_id == Document.id)
        visible_part = exists().where(
            DocumentPart.document_id == Document.id, self._owner_condition(DocumentPart.case_id, Document.unit_id)
        )
        return or_(visible_part, and_(not_(has_parts), self._owner_condition(Document.case_id, Document.unit_id)))

    def unit_condition(self):
        if self.everything:
            return true()
        return Unit.id.in_(list(self.unit_ids)) if self.unit_ids else false()

    def scope(self) -> Scope:
        if self.everything:
            return Scope.everything()
        return Scope(units=self.unit_codes, restricted_cases=self.restricted_case_codes, all_restricted=False)


def page_owner(document: Document, number: int) -> tuple[DocumentPart | None, Case | None]:
    """The part a page lies in and the case that owns the page (None: it is owned by the upload's unit).

    Before an upload is split into parts its pages are owned by the upload's case; a page outside
    every part of a split upload belongs to no case.
    """
    for part in document.parts:
        if part.first_page <= number <= part.last_page:
            return part, part.case
    return None, (None if document.parts else document.case)


def subordinate_unit_ids(session, unit_id: int) -> set[int]:
    """The unit and every unit below it in the hierarchy."""
    children: dict[int | None, list[int]] = {}
    for uid, parent in session.execute(select(Unit.id, Unit.parent_id)).all():
        children.setdefault(parent, []).append(uid)
    found, stack = set(), [unit_id]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(children.get(current, []))
    return found


def visibility(session, user: User) -> Visibility:
    if user.role == "admin":
        return Visibility(True, frozenset(), frozenset(), frozenset(), frozenset())
    unit_ids = subordinate_unit_ids(session, user.unit_id) if user.unit_id is not None else set()
    codes = set(session.scalars(select(Unit.code).where(Unit.id.in_(unit_ids))).all()) if unit_ids else set()
    assigned = select(CaseAssignment.case_id).where(CaseAssignment.user_id == user.id)
    condition = Case.id.in_(assigned)
    if user.role in RESTRICTED_BY_UNIT_ROLES and unit_ids:
        condition = or_(condition, Case.unit_id.in_(unit_ids))
    restricted = session.execute(select(Case.id, Case.code).where(Case.restricted.is_(True), condition)).all()
    return Visibility(
        False,
        frozenset(unit_ids),
        frozenset(codes),
        frozenset(r[0] for r in restricted),
        frozenset(r[1] for r in restricted),
    )


def visible_unit_codes(session, user: User) -> frozenset[str] | None:
    """Codes of the units whose records the user sees; None means every unit."""
    vis = visibility(session, user)
    return None if vis.everything else vis.unit_codes


def search_scope(session, user: User) -> Scope:
    return visibility(session, user).scope()


def may_use_unit(vis: Visibility, unit_id: int | None) -> bool:
    """Whether records may be filed under this unit: the caller's own unit or one below it (admins: any)."""
    return vis.everything or (unit_id is not None and unit_id in vis.unit_ids)


def may_write_case(vis: Visibility, case: Case) -> bool:
    """Whether an existing case's register entry may be changed: the caller sees the case and it belongs to one
    of the caller's units. Being assigned to a restricted case of another unit lets one read it, not re-file it.
    """
    return vis.everything or (vis.case_visible(case) and may_use_unit(vis, case.unit_id))
