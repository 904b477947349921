"""Database records: units, cases, documents and their pages (SQLAlchemy 2 declarative)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

CASE_KINDS = ("HS", "DS", "HC", "KDTM", "LĐ", "HNGĐ")
UNIT_LEVELS = ("supreme", "high", "provincial", "regional", "district")


class DocumentStatus(StrEnum):
    """Where an upload is on its way: queued → processing → indexing (searchable soon) → done, or failed."""

    QUEUED = "queued"
    PROCESSING = "processing"
    INDEXING = "indexing"
    DONE = "done"
    FAILED = "failed"


DOCUMENT_STATUSES = tuple(DocumentStatus)
# How a document's case link was made: given at upload or by a person, found by linking, waiting for a person, none.


class LinkStatus(StrEnum):
    """How a document came to its case: by a person, by the linker, waiting in review, or not at all."""

    MANUAL = "manual"
    AUTO = "auto"
    REVIEW = "review"
    NONE = "none"


LINK_STATUSES = tuple(LinkStatus)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Unit(Base):
    """A procuracy (VKSND) at some level of the hierarchy, valid for a period."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    level: Mapped[str] = mapped_column(String(16), default="provincial")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))

    parent: Mapped[Unit | None] = relationship(remote_side=[id], foreign_keys=[parent_id])
    successor: Mapped[Unit | None] = relationship(remote_side=[id], foreign_keys=[successor_id])


class Case(Base):
    """A case (vụ án) registered by a unit; its paper file has `folios` pages."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8), default="HS")
    title: Mapped[str] = mapped_column(String(500), default="")
    registered_on: Mapped[dt.date | None] = mapped_column(Date)
    trial_on: Mapped[dt.date | None] = mapped_column(Date)
    corruption: Mapped[bool] = mapped_column(Boolean, default=False)
    folios: Mapped[int | None] = mapped_column(Integer)
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    digitised_marked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    digitised_marked_by: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    unit: Mapped[Unit | None] = relationship()
    documents: Mapped[list[Document]] = relationship(back_populates="case")


class Document(Base):
    """One uploaded original (its bytes stored once, by SHA-256) and what processing made of it."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(1024))
    media_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    uploaded_by: Mapped[str | None] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    failure_code: Mapped[str | None] = mapped_column(String(32))
    failure_reason: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    pages_done: Mapped[int] = mapped_column(Integer, default=0)
    doc_type: Mapped[str | None] = mapped_column(String(64), index=True)
    doc_type_confidence: Mapped[float | None] = mapped_column(Float)
    doc_type_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    fields: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    doc_date: Mapped[dt.date | None] = mapped_column(Date)
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    # How the case link was made: manual (given at upload or by a person), auto, review, none.
    link_status: Mapped[str] = mapped_column(String(16), default="none", server_default="none")
    link_reason: Mapped[str | None] = mapped_column(Text)
    link_candidates: Mapped[list[Any] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # "<host>:<pid>:<process start>" of the process processing it (archive/runtime/owner.py).
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    processed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    case: Mapped[Case | None] = relationship(back_populates="documents")
    unit: Mapped[Unit | None] = relationship()
    pages: Mapped[list[Page]] = relationship(
        back_populates="document", order_by="Page.number", cascade="all, delete-orphan"
    )
    parts: Mapped[list[DocumentPart]] = relationship(
        back_populates="document", order_by="DocumentPart.first_page", cascade="all, delete-orphan"
    )


class DocumentPart(Base):
    """One document inside an upload (a whole case file scanned at once holds many).

    Pages `first_page..last_page` (1-based, inclusive) of the upload; classified on its own.
    """

    __tablename__ = "document_parts"
    # An upload's parts with their types, read without the parts' rows (documents by type, migration 0008).
    __table_args__ = (Index("ix_document_parts_document_id_doc_type", "document_id", "doc_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    first_page: Mapped[int] = mapped_column(Integer)
    last_page: Mapped[int] = mapped_column(Integer)
    doc_type: Mapped[str | None] = mapped_column(String(64), index=True)
    confidence: Mapped[float | None] = mapped_column(Float)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    confirmed_by: Mapped[str | None] = mapped_column(String(128))
    fields: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    doc_date: Mapped[dt.date | None] = mapped_column(Date)
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    # The case this part belongs to, as the linker or a person chose it (migration 0009); its pages are
    # seen by who may see that case. None: the part follows nothing but its upload's unit.
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)

    document: Mapped[Document] = relationship(back_populates="parts")
    case: Mapped[Case | None] = relationship()


class TrainingExample(Base):
    """A document type confirmed or corrected by a person: what the learned classifier trains on."""

    __tablename__ = "training_examples"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    doc_type: Mapped[str] = mapped_column(String(64), index=True)
    part_id: Mapped[int | None] = mapped_column(ForeignKey("document_parts.id", ondelete="SET NULL"))
    created_by: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Page(Base):
    """One page of a document: its text, word boxes and what cleanup did to it."""

    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    words: Mapped[list[Any]] = mapped_column(JSON, default=list)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    rotation: Mapped[int] = mapped_column(Integer, default=0)
    skew: Mapped[float] = mapped_column(Float, default=0.0)
    source: Mapped[str] = mapped_column(String(16), default="ocr")
    # text, or a page flagged for a person whose OCR text is neither indexed nor classified (ocr.page_kind.KINDS)
    kind: Mapped[str] = mapped_column(String(16), default="text", server_default="text")
    steps: Mapped[list[Any]] = mapped_column(JSON, default=list)
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)
    dpi: Mapped[int] = mapped_column(Integer, default=0)
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    processed_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )

    document: Mapped[Document] = relationship(back_populates="pages")


class Hearing(Base):
    """A hearing (phiên tòa) of a case, and whether it used digitised evidence."""

    __tablename__ = "hearings"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    digital_evidence: Mapped[bool] = mapped_column(Boolean, default=False)
    # import | exhibit (an exhibit set was presented) | manual (a person recorded it)
    source: Mapped[str] = mapped_column(String(16), default="manual")
    recorded_by: Mapped[str | None] = mapped_column(String(128))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    case: Mapped[Case] = relationship()


class IndicatorTarget(Base):
    """The target ratio of an indicator for a statistical year, for one unit or (unit None) for all."""

    __tablename__ = "indicator_targets"
    __table_args__ = (UniqueConstraint("indicator", "year", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator: Mapped[str] = mapped_column(String(64))
    year: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    target: Mapped[float] = mapped_column(Float)


class ReportSignoff(Base):
    """A digitisation report signed off by a unit head: its figures frozen with their hash."""

    __tablename__ = "report_signoffs"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    period_from: Mapped[dt.date] = mapped_column(Date)
    period_to: Mapped[dt.date] = mapped_column(Date)
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
    sha256: Mapped[str] = mapped_column(String(64))
    signed_by: Mapped[str] = mapped_column(String(128))
    signed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The audit chain's head when the report was signed: an anchor `hoso audit verify` checks.
    audit_seq: Mapped[int | None] = mapped_column(Integer)
    audit_hash: Mapped[str | None] = mapped_column(String(64))
    # A report signed again: why, and the sign-off it supersedes (0012_stats).
    reason: Mapped[str | None] = mapped_column(Text)
    replaces_id: Mapped[int | None] = mapped_column(Integer)


class CourtFigure(Base):
    """A case as the court reports it for a period, imported to reconcile against our records."""

    __tablename__ = "court_figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_code: Mapped[str] = mapped_column(String(64), index=True)
    period_from: Mapped[dt.date] = mapped_column(Date)
    period_to: Mapped[dt.date] = mapped_column(Date)
    # The unit whose figures these are (migration 0009): an upload replaces only its own units' rows.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    tried_on: Mapped[dt.date | None] = mapped_column(Date)
    digital_evidence: Mapped[bool | None] = mapped_column(Boolean)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


ROLES = ("staff", "prosecutor", "statistician", "unit_head", "admin")


class User(Base):
    """An account: belongs to a unit, has one role, signs in with an argon2-hashed password."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(255), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    unit: Mapped[Unit | None] = relationship()


class CaseAssignment(Base):
    """A person assigned to a case; for a restricted case only they (and its unit's heads) see it."""

    __tablename__ = "case_assignments"
    __table_args__ = (UniqueConstraint("user_id", "case_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)


class ApiToken(Base):
    """A bearer token for API clients, stored as its SHA-256 only."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ExhibitSet(Base):
    """Pages gathered for a hearing, in order, to present in court and export as one PDF."""

    __tablename__ = "exhibit_sets"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    hearing_on: Mapped[dt.date | None] = mapped_column(Date)
    created_by: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    case: Mapped[Case] = relationship()
    items: Mapped[list[ExhibitItem]] = relationship(
        back_populates="exhibit_set", order_by="ExhibitItem.position", cascade="all, delete-orphan"
    )


class ExhibitItem(Base):
    """One exhibit (Chứng cứ số N): a page, or a region of it, with a caption."""

    __tablename__ = "exhibit_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("exhibit_sets.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    page: Mapped[int] = mapped_column(Integer)
    region: Mapped[list[Any] | None] = mapped_column(JSON)  # [x0, y0, x1, y1] in page-image pixels
    caption: Mapped[str] = mapped_column(Text, default="")
    # Boxes [[x0, y0, x1, y1], ...] of the phrase highlighted when the page was added (migration 0006).
    highlights: Mapped[list[Any] | None] = mapped_column(JSON)

    exhibit_set: Mapped[ExhibitSet] = relationship(back_populates="items")
    document: Mapped[Document] = relationship()


class Presentation(Base):
    """An exhibit set presented at a hearing; it makes the hearing count as using digitised evidence."""

    __tablename__ = "presentations"

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("exhibit_sets.id", ondelete="CASCADE"), index=True)
    hearing_id: Mapped[int | None] = mapped_column(ForeignKey("hearings.id", ondelete="SET NULL"))
    presented_by: Mapped[str | None] = mapped_column(String(128))
    presented_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # What recording it did to the hearing, so that undoing it leaves the hearing as it was: created it,
    # or marked an existing hearing (its previous digital_evidence, source, recorded_by), or neither.
    hearing_created: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    hearing_before: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class AuditEvent(Base):
    """Who did what to which record, when, from where, and how it ended: one link of the audit chain.

    Rows are only ever added (triggers refuse UPDATE and DELETE); `seq`, `prev_hash` and `hash` are set
    when the row is flushed (archive/trust/audit.py), each hash covering the row's content and the one before.
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int | None] = mapped_column(Integer, unique=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str | None] = mapped_column(String(128), index=True)
    role: Mapped[str | None] = mapped_column(String(16))
    unit: Mapped[str | None] = mapped_column(String(32))
    client: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64), index=True)
    target: Mapped[str | None] = mapped_column(String(128), index=True)
    outcome: Mapped[str] = mapped_column(String(16), default="ok", server_default="ok")
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))
    # An access row's id in the spool it was first written to (archive/trust/access_log.py): never added twice.
    ref: Mapped[str | None] = mapped_column(String(32), unique=True)


class AuditHead(Base):
    """The last link of the audit chain (one row): taken under a row lock so links never fork."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64), default="")


class OutboxEntry(Base):
    """A document whose derived data (search index entries) must be brought up to date with its records.

    Written in the same transaction as the change; deleted by the drainer only after the index commit.
    """

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(Integer, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    last_error: Mapped[str | None] = mapped_column(Text)


class UserSession(Base):
    """A signed-in browser session, kept on the server so that it can be ended (stored as its SHA-256)."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    client: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(255))


class SigningKey(Base):
    """The key sign-in cookies and CSRF tokens are signed with, one row made on first use: in the database, so
    that every app server of the archive signs with the same key (a session begun on one is good on all)."""

    __tablename__ = "signing_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[bytes] = mapped_column(LargeBinary(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
