"""Sign-off: a unit head freezes a report's figures and the cases behind them (canonical JSON + SHA-256);
later recomputation is compared with the frozen figures and every change is listed, never applied silently.

A report already signed is never signed again silently: a new sign-off of the same unit and period needs a
reason, is kept beside the earlier one (which it names), and the refusal without a reason is audited. A signer
may also say which figures they confirmed (their digest): when the figures moved in between, nothing is signed.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from archive import errors
from archive.records.models import ReportSignoff
from archive.statistics import formatting as fmt
from archive.statistics.access import audit_actor
from archive.statistics.periods import Period
from archive.statistics.report import build_report, open_scope
from archive.statistics.signoff_status import (  # noqa: F401 - callers know the sign-off's figures from here
    attach_status,
    canonical,
    differences,
    digest,
    frozen_figures,
    latest,
    nfc_values,
    signoff_json,
)
from archive.trust.audit import chain_head, record

SIGNER_ROLE = "unit_head"
REASON_LENGTH = 1000


class SignoffError(errors.Forbidden, ValueError):
    """A sign-off that is not allowed; the message is the Vietnamese reason."""

    code = "signoff_refused"


class AlreadySigned(SignoffError):
    """The report is signed already and no reason to sign it again was given."""

    http_status = 409


class FiguresChanged(SignoffError):
    """The figures are no longer those the signer confirmed."""

    http_status = 409


def pending(archive, period: Period, unit_code: str | None) -> tuple[dict, str]:
    """The report a sign-off would freeze now (every case, whoever asks) and the digest of its frozen figures:
    what a confirmation page shows and hands back to `sign_off` as `expected`."""
    report = build_report(archive, period, unit_code, with_units=False, with_cases=True)
    return report, digest(frozen_figures(report))


def sign_off(
    archive,
    period: Period,
    unit_code: str | None,
    signer: str,
    role: str,
    signer_unit: str | None = None,
    reason: str | None = None,
    expected: str | None = None,
) -> dict:
    """Freeze the report of `unit_code` for `period`; only a unit head (of that unit, when known) may sign.

    A report signed already is signed again only with a `reason`; with `expected` (the digest `pending` gave),
    only if the figures are still those.
    """
    if role != SIGNER_ROLE:
        raise SignoffError("chỉ lãnh đạo đơn vị (vai trò unit_head) được ký duyệt báo cáo")
    if not (signer or "").strip():
        raise SignoffError("thiếu tên người ký duyệt")
    if signer_unit is not None and signer_unit != unit_code:
        raise SignoffError(
            f"lãnh đạo đơn vị '{signer_unit}' không ký duyệt được báo cáo của đơn vị '{unit_code or 'toàn ngành'}'"
        )
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
                raise AlreadySigned(
                    f"báo cáo này đã được {previous.signed_by} ký duyệt lúc "
                    f"{fmt.moment(previous.signed_at)}; muốn ký lại phải nêu lý do ký lại"
                )
            report = build_report(
                archive, period, unit_code, with_units=False, with_cases=True, with_signoff=False, session=session
            )
            figures = frozen_figures(report)
            if expected is not None and expected != digest(figures):
                raise FiguresChanged("số liệu đã thay đổi kể từ khi mở trang xác nhận; hãy xem lại số liệu rồi ký")
            row = ReportSignoff(
                unit_id=scope.unit.id if scope.unit else None,
                period_from=period.start,
                period_to=period.end,
                figures=nfc_values(figures),
                sha256=digest(figures),
                signed_by=signer,
                signed_at=dt.datetime.now(dt.UTC),
                reason=reason,
                replaces_id=previous.id if previous else None,
            )
            session.add(row)
            session.flush()
            record(
                session,
                "statistics.signoff",
                f"report_signoff:{row.id}",
                actor=audit_actor(row.signed_by),
                detail=detail
                | {"sha256": row.sha256}
                | ({"reason": reason, "replaces": previous.id} if previous else {}),
            )
            session.flush()
            # The chain's head now is the sign-off's own row: a later cut or edit of the trail shows against it.
            row.audit_seq, row.audit_hash = chain_head(session)
            session.flush()
            return signoff_json(row) | {
                "unit": unit_code,
                "from": report["from"],
                "to": report["to"],
                "indicators": figures["indicators"],
            }
    except (AlreadySigned, FiguresChanged) as exc:
        with archive.transaction() as session:
            record(
                session,
                "statistics.signoff",
                "report_signoff",
                outcome="refused",
                actor=audit_actor(signer),
                detail=detail | {"reason": str(exc)},
            )
        raise
