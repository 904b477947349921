"""Sign-off: a unit head freezes a report's figures and the cases behind them (canonical JSON + SHA-256);
later recomputation is compared with the frozen figures and every change is listed, never applied silently.

A report already signed is never signed again silently: a new sign-off of the same unit and period needs a
reason, is kept beside the earlier one (which it names), and the refusal without a reason is audited. A signer
may also say which figures they confirmed (their digest): when the figures moved in between, nothing is signed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata

from sqlalchemy import select

from archive.audit import chain_head, record
from archive.models import ReportSignoff
from archive.statistics import cases as per_case
from archive.statistics import formatting as fmt
from archive.statistics.access import audit_actor, visible_codes
from archive.statistics.periods import Period

SIGNER_ROLE = "unit_head"
FROZEN_KEYS = ("code", "numerator", "denominator", "ratio", "target", "met")
REASON_LENGTH = 1000


class SignoffError(ValueError):
    """A sign-off that is not allowed; the message is the Vietnamese reason."""


class AlreadySigned(SignoffError):
    """The report is signed already and no reason to sign it again was given."""


class FiguresChanged(SignoffError):
    """The figures are no longer those the signer confirmed."""


def _nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_nfc(v) for v in value]
    return value


def canonical(figures: dict) -> bytes:
    """Sorted keys, no spaces, UTF-8, NFC: the bytes the hash is taken over."""
    return json.dumps(_nfc(figures), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def digest(figures: dict) -> str:
    return hashlib.sha256(canonical(figures)).hexdigest()


def frozen_figures(report: dict) -> dict:
    """What a sign-off freezes: unit, period, each indicator's figures and the case codes behind them."""
    return {
        "unit": report["unit"], "from": report["from"], "to": report["to"],
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
                changes.append({"indicator": row["code"], "field": f"{part}_cases",
                                "added": sorted(after - before), "removed": sorted(before - after)})
    return changes


def latest(session, unit_id: int | None, period: Period) -> ReportSignoff | None:
    unit_match = ReportSignoff.unit_id.is_(None) if unit_id is None else ReportSignoff.unit_id == unit_id
    return session.scalars(select(ReportSignoff).where(unit_match, ReportSignoff.period_from == period.start,
                                                       ReportSignoff.period_to == period.end)
                           .order_by(ReportSignoff.signed_at.desc(), ReportSignoff.id.desc())).first()


def signoff_json(row: ReportSignoff) -> dict:
    return {"id": row.id, "signed_by": row.signed_by, "sha256": row.sha256,
            "signed_at": row.signed_at.isoformat() if row.signed_at else None,
            "intact": digest(row.figures) == row.sha256,
            "audit_seq": row.audit_seq, "audit_hash": row.audit_hash,
            "reason": row.reason, "replaces": row.replaces_id}


def pending(archive, period: Period, unit_code: str | None) -> tuple[dict, str]:
    """The report a sign-off would freeze now (every case, whoever asks) and the digest of its frozen figures:
    what a confirmation page shows and hands back to `sign_off` as `expected`."""
    from archive.statistics.report import build_report

    report = build_report(archive, period, unit_code, with_units=False, with_cases=True)
    return report, digest(frozen_figures(report))



def _visible_changes(session, vis, changes: list[dict]) -> list[dict]:
    """The changes with case codes the person may not open left out of the added/removed lists."""
    codes = {c for change in changes for key in ("added", "removed") for c in change.get(key, ())}
    if vis is None or vis.everything or not codes:
        return changes
    shown = visible_codes(session, vis, codes)
    return [change | {key: [c for c in change[key] if c in shown] for key in ("added", "removed") if key in change}
            for change in changes]


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
    report["signoff"] = signoff_json(row) | {"changed": bool(changes), "differences": changes,
                                             "figures": row.figures["indicators"]}


def sign_off(archive, period: Period, unit_code: str | None, signer: str, role: str,
             signer_unit: str | None = None, reason: str | None = None, expected: str | None = None) -> dict:
    """Freeze the report of `unit_code` for `period`; only a unit head (of that unit, when known) may sign.

    A report signed already is signed again only with a `reason`; with `expected` (the digest `pending` gave),
    only if the figures are still those.
    """
    from archive.statistics.report import build_report, open_scope

    if role != SIGNER_ROLE:
        raise SignoffError("chỉ lãnh đạo đơn vị (vai trò unit_head) được ký duyệt báo cáo")
    if not (signer or "").strip():
        raise SignoffError("thiếu tên người ký duyệt")
    if signer_unit is not None and signer_unit != unit_code:
        raise SignoffError(f"lãnh đạo đơn vị '{signer_unit}' không ký duyệt được báo cáo của đơn vị "
                           f"'{unit_code or 'toàn ngành'}'")
    reason = unicodedata.normalize("NFC", (reason or "").strip()) or None
    if reason is not None and len(reason) > REASON_LENGTH:
        raise SignoffError(f"lý do ký lại quá dài (tối đa {fmt.number(REASON_LENGTH)} ký tự)")
    signer = unicodedata.normalize("NFC", signer.strip())
    detail = {"unit": unit_code, "from": period.start.isoformat(), "to": period.end.isoformat(), "by": signer}
    try:
        with archive.transaction() as session:
            scope = open_scope(session, unit_code)
            previous = latest(session, scope.unit.id if scope.unit else None, period)
            if previous is not None and reason is None:
                raise AlreadySigned(f"báo cáo này đã được {previous.signed_by} ký duyệt lúc "
                                    f"{fmt.moment(previous.signed_at)}; muốn ký lại phải nêu lý do ký lại")
            report = build_report(archive, period, unit_code, with_units=False, with_cases=True,
                                  with_signoff=False, session=session)
            figures = frozen_figures(report)
            if expected is not None and expected != digest(figures):
                raise FiguresChanged("số liệu đã thay đổi kể từ khi mở trang xác nhận; hãy xem lại số liệu rồi ký")
            row = ReportSignoff(unit_id=scope.unit.id if scope.unit else None, period_from=period.start,
                                period_to=period.end, figures=_nfc(figures), sha256=digest(figures), signed_by=signer,
                                signed_at=dt.datetime.now(dt.UTC), reason=reason,
                                replaces_id=previous.id if previous else None)
            session.add(row)
            session.flush()
            record(session, "statistics.signoff", f"report_signoff:{row.id}", actor=audit_actor(row.signed_by),
                   detail=detail | {"sha256": row.sha256}
                   | ({"reason": reason, "replaces": previous.id} if previous else {}))
            session.flush()
            # The chain's head now is the sign-off's own row: a later cut or edit of the trail shows against it.
            row.audit_seq, row.audit_hash = chain_head(session)
            session.flush()
            return signoff_json(row) | {"unit": unit_code, "from": report["from"], "to": report["to"],
                                        "indicators": figures["indicators"]}
    except (AlreadySigned, FiguresChanged) as exc:
        with archive.transaction() as session:
            record(session, "statistics.signoff", "report_signoff", outcome="refused",
                   actor=audit_actor(signer), detail=detail | {"reason": str(exc)})
        raise
