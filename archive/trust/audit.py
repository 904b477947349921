"""The audit trail: every access and change as one append-only, hash-chained table.

Each row's SHA-256 covers its own content and the hash of the row before it, so an edited,
deleted, inserted or back-dated row breaks the chain at that row, and a cut-off tail no longer
reaches the head kept in `audit_head` (and in every signed report). Triggers refuse UPDATE and
DELETE on the table (migration 0009); `verify` proves the chain or names the first broken row.

Rows are chained when they are flushed, by one session event, so code only adds `AuditEvent`
rows (or calls `record`). Who did it and from where comes from `current_context`, set once per
web request or CLI command; links never fork because the head row is taken under a write lock
in the same transaction (a row lock on PostgreSQL, the database write lock on SQLite).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session

from archive.records.models import AuditEvent, AuditHead, ReportSignoff, utcnow

GENESIS = "0" * 64
# Rows are timed under the chain's lock, so time only goes back by the clock skew between app servers.
CLOCK_SKEW_SECONDS = 120


@dataclass(frozen=True)
class AuditContext:
    """Who is acting, and from where; `None` fields are unknown (a script, the system)."""

    actor: str | None = None
    role: str | None = None
    unit: str | None = None
    client: str | None = None


_context: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar("hoso_audit_context", default=None)
_NOBODY = AuditContext()


def current_context() -> AuditContext:
    return _context.get() or _NOBODY


@contextmanager
def acting_as(context: AuditContext) -> Iterator[AuditContext]:
    """Every audit row written inside the block names this actor (unless the row names its own)."""
    token = _context.set(context)
    try:
        yield context
    finally:
        _context.reset(token)


def set_context(context: AuditContext) -> contextvars.Token:
    return _context.set(context)


def record(
    session: Session,
    action: str,
    target: str | None = None,
    *,
    outcome: str = "ok",
    detail: dict[str, Any] | None = None,
    actor: str | None = None,
) -> AuditEvent:
    """Add one audit row to the session's transaction (chained when flushed)."""
    row = AuditEvent(action=action, target=target, outcome=outcome, detail=detail, actor=actor)
    session.add(row)
    return row


COLUMNS = (
    "seq",
    "at",
    "actor",
    "role",
    "unit",
    "client",
    "action",
    "target",
    "outcome",
    "detail",
    "prev_hash",
    "hash",
    "ref",
)


def chain_batch(connection, rows: list[dict[str, Any]]) -> int:
    """Chain many rows in one go on a Core connection (inside its transaction), in the order given.

    The same links as `_chain_new_rows` makes at flush, in a few statements: the access spool's path. A row
    whose `ref` is chained already is left out, looked up once the head is held: two processes chaining
    the same spool (one left by a process that died) add its rows once, one after the other.
    """
    if not rows:
        return 0
    head = AuditHead.__table__
    taken = connection.execute(
        update(head).where(head.c.id == 1).values(seq=head.c.seq).returning(head.c.seq, head.c.hash)
    ).first()
    if taken is None:
        connection.execute(head.insert().values(id=1, seq=0, hash=GENESIS))
        taken = (0, GENESIS)
    refs = [data["ref"] for data in rows if data.get("ref")]
    if refs:
        known = set(connection.scalars(select(AuditEvent.ref).where(AuditEvent.ref.in_(refs))))
        rows = [data for data in rows if data.get("ref") not in known]
        if not rows:
            return 0
    seq, prev = taken[0], taken[1] or GENESIS
    values = []
    for data in rows:
        row = AuditEvent(**{k: data.get(k) for k in COLUMNS if k not in ("seq", "at", "prev_hash", "hash")})
        seq += 1
        row.seq, row.at, row.outcome, row.prev_hash = seq, utcnow(), row.outcome or "ok", prev
        row.hash = prev = link_hash(prev, row_content(row))
        values.append({column: getattr(row, column) for column in COLUMNS})
    connection.execute(AuditEvent.__table__.insert(), values)
    connection.execute(update(head).where(head.c.id == 1).values(seq=seq, hash=prev))
    return len(values)


def utc_text(at: dt.datetime) -> str:
    """The time as hashed: UTC, microseconds, no zone (SQLite gives it back without one)."""
    if at.tzinfo is not None:
        at = at.astimezone(dt.UTC).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds")


def row_content(row: AuditEvent) -> dict[str, Any]:
    return {
        "seq": row.seq,
        "at": utc_text(row.at),
        "actor": row.actor,
        "role": row.role,
        "unit": row.unit,
        "client": row.client,
        "action": row.action,
        "target": row.target,
        "outcome": row.outcome,
        "detail": row.detail,
    }


def link_hash(prev_hash: str, content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


def _take_head(session: Session) -> AuditHead:
    # The UPDATE takes the write lock before the head is read, so two writers cannot chain onto one link.
    taken = session.execute(
        update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq).returning(AuditHead.seq, AuditHead.hash)
    ).first()
    if taken is None:
        session.add(AuditHead(id=1, seq=0, hash=GENESIS))
        session.flush()
    head = session.get(AuditHead, 1, populate_existing=True)
    return head


@event.listens_for(Session, "before_flush")
def _chain_new_rows(session: Session, _flush_context, _instances) -> None:
    new_rows = [obj for obj in session.new if isinstance(obj, AuditEvent) and obj.hash is None]
    if not new_rows:
        return
    head = _take_head(session)
    context = current_context()
    seq, prev = head.seq, head.hash or GENESIS
    for row in new_rows:
        if row.actor is None:
            row.actor = context.actor
        if row.actor == context.actor:
            row.role = row.role or context.role
            row.unit = row.unit or context.unit
        row.client = row.client or context.client
        row.outcome = row.outcome or "ok"
        row.at = row.at or utcnow()
        seq += 1
        row.seq, row.prev_hash = seq, prev
        row.hash = prev = link_hash(prev, row_content(row))
    head.seq, head.hash = seq, prev


def _seconds_between(earlier: str, later: str) -> float:
    return (dt.datetime.fromisoformat(later) - dt.datetime.fromisoformat(earlier)).total_seconds()


def chain_head(session: Session) -> tuple[int, str]:
    head = session.get(AuditHead, 1)
    return (head.seq, head.hash) if head is not None else (0, GENESIS)


@dataclass
class VerifyResult:
    ok: bool
    rows: int
    head_seq: int
    head_hash: str
    broken_seq: int | None = None
    broken_id: int | None = None
    problem: str | None = None  # edited, missing, inserted, backdated, truncated, head, anchor

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "rows": self.rows,
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
            "broken_seq": self.broken_seq,
            "broken_id": self.broken_id,
            "problem": self.problem,
        }


def verify(session: Session, batch: int = 5000) -> VerifyResult:
    """Walk the chain in `seq` order: every row's hash, every link, no gap, no row outside the chain, the
    head and the anchors kept by signed reports."""

    head_seq, head_hash = chain_head(session)
    expected_seq, prev, rows, last_seq, last_at = 1, GENESIS, 0, 0, None
    hashes_at: dict[int, str] = {}
    anchors = dict(
        session.execute(
            select(ReportSignoff.audit_seq, ReportSignoff.audit_hash).where(ReportSignoff.audit_seq.is_not(None))
        ).all()
    )

    def broken(problem: str, row: AuditEvent | None, seq: int | None = None) -> VerifyResult:
        return VerifyResult(
            False,
            rows,
            head_seq,
            head_hash,
            seq if seq is not None else (row.seq if row else None),
            row.id if row else None,
            problem,
        )

    while True:
        chunk = session.scalars(
            select(AuditEvent).where(AuditEvent.seq > last_seq).order_by(AuditEvent.seq).limit(batch)
        ).all()
        if not chunk:
            break
        for row in chunk:
            last_seq = row.seq
            if row.seq > expected_seq:
                return broken("missing", row, expected_seq)
            if row.prev_hash != prev or row.hash != link_hash(prev, row_content(row)):
                return broken("edited", row)
            at = utc_text(row.at)
            if last_at is not None and at < last_at and _seconds_between(at, last_at) > CLOCK_SKEW_SECONDS:
                return broken("backdated", row)
            if row.seq in anchors:
                hashes_at[row.seq] = row.hash
            prev, expected_seq, rows, last_at = row.hash, expected_seq + 1, rows + 1, at
        session.expunge_all()
    unchained = session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.seq.is_(None))) or 0
    if unchained:
        return VerifyResult(False, rows, head_seq, head_hash, None, None, "inserted")
    if rows < head_seq:
        return VerifyResult(False, rows, head_seq, head_hash, rows + 1, None, "truncated")
    if rows > head_seq:
        return VerifyResult(False, rows, head_seq, head_hash, head_seq + 1, None, "inserted")
    if prev != (head_hash or GENESIS):
        return VerifyResult(False, rows, head_seq, head_hash, rows, None, "head")
    for seq, digest in anchors.items():
        if hashes_at.get(seq) != digest:
            return VerifyResult(False, rows, head_seq, head_hash, seq, None, "anchor")
    return VerifyResult(True, rows, head_seq, head_hash)
