"""The state of a report's sign-off: its frozen figures as canonical JSON and their SHA-256, the latest
sign-off of a unit and period, and what changed since it was signed. Read by the report itself
(`report.build_report`); signing lives in `signoff`, which builds the report it freezes.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata

from sqlalchemy import select

from archive.records.models import ReportSignoff
from archive.statistics import cases as per_case
from archive.statistics.access import visible_codes
from archive.statistics.periods import Period

FROZEN_KEYS = ("code", "numerator", "denominator", "ratio", "target", "met")


def nfc_values(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {nfc_values(k): nfc_values(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [nfc_values(v) for v in value]
    return value


def canonical(figures: dict) -> bytes:
    """Sorted keys, no spaces, UTF-8, NFC: the bytes the hash is taken over."""
    return json.dumps(nfc_values(figures), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def digest(figures: dict) -> str:
    return hashlib.sha256(canonical(figures)).hexdigest()


def frozen_figures(report: dict) -> dict:
    """What a sign-off freezes: unit, period, each indicator's figures and the case codes behind them."""
    return {
        "unit": report["unit"],
        "from": report["from"],
        "to": report["to"],
        "indicators": [{key: row[key] for key in FROZEN_KEYS} for row in report["indicators"]],
        "cases": report["cases"],
    }


def differences(frozen: dict, current: dict) -> list[dict]:
    """Each figure or case list that changed since the sign-off, with the old and new value."""
    changes = []
    old_rows = {row["code"]: row for row in frozen.get("indicators", [])}
    for row in current["indicators"]:
        old = old_rows.get(row["code"], {})
        for key in FROZEN_KEYS[1:]:
            if old.get(key) != row[key]:
                changes.append({"indicator": row["code"], "field": key, "signed": old.get(key), "now": row[key]})
        for part in ("numerator", "denominator"):
            before = set(frozen.get("cases", {}).get(row["code"], {}).get(part, []))
            after = set(current["cases"][row["code"]][part])
            if before != after:
                changes.append(
                    {
                        "indicator": row["code"],
                        "field": f"{part}_cases",
                        "added": sorted(after - before),
                        "removed": sorted(before - after),
                    }
                )
    return changes


def latest(session, unit_id: int | None, period: Period) -> ReportSignoff | None:
    unit_match = ReportSignoff.unit_id.is_(None) if unit_id is None else ReportSignoff.unit_id == unit_id
    return session.scalars(
        select(ReportSignoff)
        .where(unit_match, ReportSignoff.period_from == period.start, ReportSignoff.period_to == period.end)
        .order_by(ReportSignoff.signed_at.desc(), ReportSignoff.id.desc())
    ).first()


def signoff_json(row: ReportSignoff) -> dict:
    return {
        "id": row.id,
        "signed_by": row.signed_by,
        "sha256": row.sha256,
        "signed_at": row.signed_at.isoformat() if row.signed_at else None,
        "intact": digest(row.figures) == row.sha256,
        "audit_seq": row.audit_seq,
        "audit_hash": row.audit_hash,
        "reason": row.reason,
        "replaces": row.replaces_id,
    }


def _visible_changes(session, vis, changes: list[dict]) -> list[dict]:
    """The changes with case codes the person may not open left out of the added/removed lists."""
    codes = {c for change in changes for key in ("added", "removed") for c in change.get(key, ())}
    if vis is None or vis.everything or not codes:
        return changes
    shown = visible_codes(session, vis, codes)
    return [
        change | {key: [c for c in change[key] if c in shown] for key in ("added", "removed") if key in change}
        for change in changes
    ]


def attach_status(session, scope, period: Period, report: dict, vis=None) -> None:
    """Mark the report signed when a sign-off exists, listing what changed since (or draft otherwise).

    With `vis`, changed case lists name only cases that person may open.
    """
    row = latest(session, scope.unit.id if scope.unit else None, period)
    if row is None:
        report["status"] = "draft"
        report["signoff"] = None
        return
    lists = report.get("cases")
    if lists is None:
        lists = per_case.case_lists(per_case.case_facts(session, period, scope.member_ids), period)
    changes = _visible_changes(session, vis, differences(row.figures, frozen_figures(report | {"cases": lists})))
    report["status"] = "signed"
    report["signoff"] = signoff_json(row) | {
        "changed": bool(changes),
        "differences": changes,
        "figures": row.figures["indicators"],
    }
