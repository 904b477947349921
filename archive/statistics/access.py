"""Who a statistics write or answer is for: the cases and units a person may act on, by the one access rule
(`archive.access`). `vis` None is the system (the CLI, scripts): everything, and audit rows name whoever the
command says did it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from archive.records.models import Case
from archive.trust.access import Visibility
from archive.trust.audit import current_context

CHUNK = 5000  # codes per IN (...) list, well under SQLite's bound-parameter limit


def audit_actor(name: str | None) -> str | None:
    """The actor to write on an audit row: the request's person when one is acting, else the given name
    (a command run as the system names whoever it says did the work)."""
    context = current_context()
    return None if context.actor is not None and context.role != "system" else name


def visible_codes(session, vis: Visibility | None, codes: Iterable[str]) -> set[str]:
    """Those of `codes` that are cases the person may open."""
    wanted = sorted(set(codes))
    if vis is None or vis.everything:
        return set(wanted)
    found: set[str] = set()
    for start in range(0, len(wanted), CHUNK):
        found.update(
            session.scalars(select(Case.code).where(Case.code.in_(wanted[start : start + CHUNK]), vis.case_condition()))
        )
    return found


def acting_unit_ids(vis: Visibility | None) -> frozenset[int] | None:
    """The units a person may act for (None: every unit)."""
    return None if vis is None or vis.everything else vis.unit_ids
