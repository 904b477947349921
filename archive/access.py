"""Who may see what: a user's visible units (own unit and all below it), restricted cases, search scope.

Admins see everything. Everyone else sees the cases and documents of their own unit and its
subordinate units. A restricted case is seen only by the people assigned to it (in any unit) and,
inside the unit tree, by the roles that handle the paper file and answer for it (staff, unit heads).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import false, or_, select, true

from archive.models import Case, CaseAssignment, Document, Unit, User
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

    def document_visible(self, document: Document) -> bool:
        if self.everything:
            return True
        if document.case_id is not None:
            return self.case_visible(document.case)
        return document.unit_id in self.unit_ids

    def case_condition(self):
        """A SQL condition on `Case` selecting the visible cases."""
        if self.everything:
            return true()
        ids = list(self.restricted_case_ids) or [-1]
        return or_(Case.restricted.is_(False) & Case.unit_id.in_(list(self.unit_ids) or [-1]), Case.id.in_(ids))

    def document_condition(self):
        """A SQL condition on `Document` selecting the visible documents (no join needed)."""
        if self.everything:
            return true()
        visible_cases = select(Case.id).where(self.case_condition())
        return or_(Document.case_id.in_(visible_cases),
                   Document.case_id.is_(None) & Document.unit_id.in_(list(self.unit_ids) or [-1]))

    def unit_condition(self):
        if self.everything:
            return true()
        return Unit.id.in_(list(self.unit_ids)) if self.unit_ids else false()

    def scope(self) -> Scope:
        if self.everything:
            return Scope.everything()
        return Scope(units=self.unit_codes, restricted_cases=self.restricted_case_codes, all_restricted=False)


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
    return Visibility(False, frozenset(unit_ids), frozenset(codes),
                      frozenset(r[0] for r in restricted), frozenset(r[1] for r in restricted))


def visible_unit_codes(session, user: User) -> frozenset[str] | None:
    """Codes of the units whose records the user sees; None means every unit."""
    vis = visibility(session, user)
    return None if vis.everything else vis.unit_codes


def search_scope(session, user: User) -> Scope:
    return visibility(session, user).scope()


def can_see_case(session, user: User, case: Case) -> bool:
    return visibility(session, user).case_visible(case)


def can_see_document(session, user: User, document: Document) -> bool:
    return visibility(session, user).document_visible(document)


def can_use_unit(session, user: User, unit: Unit) -> bool:
    """Whether the user may file records under this unit (their own or a subordinate one)."""
    return visibility(session, user).everything or unit.id in visibility(session, user).unit_ids


def may_use_unit(vis: Visibility, unit_id: int | None) -> bool:
    """Whether records may be filed under this unit: the caller's own unit or one below it (admins: any)."""
    return vis.everything or (unit_id is not None and unit_id in vis.unit_ids)


def may_write_case(vis: Visibility, case: Case) -> bool:
    """Whether an existing case's register entry may be changed: the caller sees the case and it belongs to one
    of the caller's units. Being assigned to a restricted case of another unit lets one read it, not re-file it.
    """
    return vis.everything or (vis.case_visible(case) and may_use_unit(vis, case.unit_id))
