"""Ingest: expand folders and ZIPs, sniff and check each file, store its original once, record it.

A rejected file changes nothing: it is staged in a temporary file, checked, and only then
moved into the store and recorded. The same bytes uploaded twice return the first document
to someone who may see it. Every rejection carries a reason from the message catalogue; what
a library said about a broken file goes to the log only.
"""

from __future__ import annotations

import logging
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from archive import errors
from archive.messages import message, page_detail, size_detail
from archive.records.models import Case, Document, DocumentStatus, LinkStatus, Unit
from archive.runtime.blobs import OriginalConflict, Staged, StoreUnavailable, TooBig
from archive.trust.access import Visibility
from archive.trust.audit import record
from ocr import OcrError, inspect_file

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Word, Excel, PowerPoint
MAX_ZIP_DEPTH = 3
log = logging.getLogger("hoso.ingest")


@dataclass
class Incoming:
    """A file waiting to be ingested: its display name and how to open its bytes."""

    filename: str
    open: Callable[[], BinaryIO]

    def __post_init__(self) -> None:
        self.filename = nfc(self.filename)


@dataclass
class IngestedDocument:
    id: int
    filename: str
    sha256: str
    status: str
    duplicate: bool


@dataclass
class Rejection:
    filename: str
    code: str
    reason: str


@dataclass
class IngestReport:
    documents: list[IngestedDocument] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "documents": [asdict(d) for d in self.documents],
            "rejected": [asdict(r) for r in self.rejected],
        }


class IngestError(errors.Invalid):
    """A problem with the request itself (unknown case or unit), not with one file."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(code=code, detail=detail)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def reject(filename: str, code: str, detail: str = "") -> Rejection:
    return Rejection(filename=nfc(filename), code=code, reason=message(code, detail))


def expand_paths(paths: list[Path]) -> Iterator[Incoming | Rejection]:
    """Every file under the given paths (folders recursively, in name order)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                yield _file_incoming(child, str(child.relative_to(path.parent)))
        elif path.is_file():
            yield _file_incoming(path, path.name)
        else:
            yield reject(str(path), "not_found")


def _file_incoming(path: Path, name: str) -> Incoming:
    return Incoming(filename=nfc(name), open=lambda: path.open("rb"))


class Ingestor:
    """Takes incoming files for one request (one case/unit/uploader) and records documents.

    `visibility` is what the uploader may see (None: everything, as for the command line); a
    duplicate of a document outside it is refused without saying anything about that document.
    Whatever one file does, it ends as a document or a rejection: it never stops the others.
    """

    def __init__(
        self,
        archive,
        case_code: str | None = None,
        unit_code: str | None = None,
        uploaded_by: str | None = None,
        on_created: Callable[[int], None] | None = None,
        visibility: Visibility | None = None,
    ):
        self.archive = archive
        self.settings = archive.settings
        self.blobs = archive.blobs
        self.uploaded_by = uploaded_by
        self.on_created = on_created
        self.visibility = visibility
        self.case_id, self.unit_id = self._resolve(case_code, unit_code)

    def _resolve(self, case_code: str | None, unit_code: str | None) -> tuple[int | None, int | None]:
        with self.archive.session() as session:
            case_id = unit_id = None
            if unit_code:
                unit = session.scalar(select(Unit).where(Unit.code == unit_code))
                if unit is None:
                    raise IngestError("unknown_unit", unit_code)
                unit_id = unit.id
            if case_code:
                case = session.scalar(select(Case).where(Case.code == case_code))
                if case is None:
                    raise IngestError("unknown_case", case_code)
                case_id = case.id
                unit_id = unit_id or case.unit_id
            return case_id, unit_id

    def ingest_all(
        self,
        items: Iterator[Incoming | Rejection],
        report: IngestReport | None = None,
        on_item: Callable[[IngestedDocument | Rejection], None] | None = None,
    ) -> IngestReport:
        report = report or IngestReport()
        for outcome in self._flatten(items, depth=0):
            if isinstance(outcome, Rejection):
                report.rejected.append(outcome)
            else:
                report.documents.append(outcome)
            if isinstance(outcome, Rejection) or outcome.duplicate:  # a new document is audited as it is stored
                self._audit(outcome)
            if on_item is not None:
                on_item(outcome)
        return report

    def _audit(self, outcome: IngestedDocument | Rejection) -> None:
        with self.archive.transaction() as session:
            if isinstance(outcome, Rejection):
                record(
                    session,
                    "document.upload",
                    None,
                    outcome="failed",
                    detail={"filename": outcome.filename[:200], "reason": outcome.code},
                )
            else:
                record(
                    session,
                    "document.upload",
                    f"document:{outcome.id}",
                    detail={"filename": outcome.filename[:200], "duplicate": True},
                )

    def _flatten(self, items, depth: int) -> Iterator[IngestedDocument | Rejection]:
        for item in items:
            if isinstance(item, Rejection):
                yield item
                continue
            yield from self._ingest_one(item, depth)

    def _ingest_one(self, item: Incoming, depth: int) -> Iterator[IngestedDocument | Rejection]:
        staged = self._stage(item, depth)
        if isinstance(staged, Rejection):
            yield staged
            return
        try:
            kind = self._container_kind(staged)
            if kind == "office":
                yield reject(item.filename, "office_document")
            elif kind == "zip":
                yield from self._expand_zip(item.filename, staged, depth)
            else:
                yield self._store_safely(item.filename, staged)
        finally:
            self.blobs.discard(staged)

    def _stage(self, item: Incoming, depth: int) -> Staged | Rejection:
        """The item's bytes copied to tmp/ and hashed, or why that could not be done."""
        limit = self.settings.max_upload_bytes
        try:
            with item.open() as stream:
                return self.blobs.stage(stream, limit)
        except TooBig:
            return reject(item.filename, "file_too_big", size_detail(limit))
        except Exception as exc:  # noqa: BLE001 - a damaged ZIP entry or unreadable file rejects that item only
            log.warning("cannot read %s: %s: %s", item.filename, type(exc).__name__, exc)
            return reject(item.filename, "zip_entry_corrupt" if depth else "unreadable")

    def _container_kind(self, staged: Staged) -> str | None:
        """ "zip" for a ZIP to expand, "office" for an Office document (told by content), else None."""
        with staged.path.open("rb") as fh:
            head = fh.read(8)
        if head.startswith(OLE2_MAGIC):
            return "office"
        if not head.startswith(ZIP_MAGIC):
            return None
        try:
            with zipfile.ZipFile(staged.path) as archive_file:
                return "office" if _is_office_package(archive_file) else "zip"
        except Exception:  # noqa: BLE001 - a broken ZIP is reported by the expansion
            return "zip"

    def _store_safely(self, filename: str, staged: Staged) -> IngestedDocument | Rejection:
        try:
            return self._store(filename, staged)
        except Exception:  # noqa: BLE001 - one file's failure must not stop the rest of the upload
            log.exception("storing %s failed", filename)
            return reject(filename, "ingest_failed")

    def _store(self, filename: str, staged: Staged) -> IngestedDocument | Rejection:
        try:
            info = inspect_file(staged.path, max_pixels=self.settings.max_pixels, max_pages=self.settings.max_pages)
        except OcrError as exc:
            log.info("rejected %s: %s %s", filename, exc.code, exc.detail)
            return reject(filename, exc.code, _readable_detail(exc, self.settings))
        existing = self._existing(staged.sha256, filename)
        if existing is not None:
            return existing
        try:
            self.blobs.commit(staged)
        except StoreUnavailable as exc:  # nothing recorded: the upload can simply be sent again
            log.warning("storing %s failed: %s", filename, exc)
            return reject(filename, "store_unavailable")
        except OriginalConflict as exc:
            log.error("original of %s conflicts in the store: %s", filename, exc)
            return reject(filename, "original_conflict")
        try:
            with self.archive.session() as session:
                document = Document(
                    sha256=staged.sha256,
                    filename=filename,
                    media_type=info.media_type,
                    size=staged.size,
                    case_id=self.case_id,
                    unit_id=self.unit_id,
                    uploaded_by=self.uploaded_by,
                    status=DocumentStatus.QUEUED,
                    page_count=info.page_count,
                    link_status=LinkStatus.MANUAL if self.case_id else LinkStatus.NONE,
                )
                session.add(document)
                session.flush()
                record(
                    session,
                    "document.upload",
                    f"document:{document.id}",
                    detail={
                        "filename": filename[:200],
                        "sha256": staged.sha256,
                        "size": staged.size,
                        "pages": info.page_count,
                    },
                )
                session.commit()
                result = IngestedDocument(document.id, filename, staged.sha256, "queued", duplicate=False)
        except IntegrityError:  # the same bytes arrived concurrently
            existing = self._existing(staged.sha256, filename)
            if existing is None:
                raise
            return existing
        if self.on_created is not None:
            self.on_created(result.id)
        return result

    def _existing(self, sha256: str, filename: str) -> IngestedDocument | Rejection | None:
        """The document already holding these bytes, as the uploader may know it; None when new."""
        with self.archive.session() as session:
            doc = session.scalar(select(Document).where(Document.sha256 == sha256))
            if doc is None:
                return None
            if self.visibility is not None and not self.visibility.document_visible(doc):
                log.info("duplicate of document %s not visible to %s", doc.id, self.uploaded_by)
                return reject(filename, "duplicate_hidden")
            return IngestedDocument(doc.id, doc.filename, doc.sha256, doc.status, duplicate=True)

    def _expand_zip(self, name: str, staged: Staged, depth: int) -> Iterator[IngestedDocument | Rejection]:
        if depth >= MAX_ZIP_DEPTH:
            yield reject(name, "zip_too_deep")
            return
        try:
            archive_file = zipfile.ZipFile(staged.path)
            entries = [i for i in archive_file.infolist() if not i.is_dir()]
        except Exception as exc:  # noqa: BLE001 - zipfile reports a broken archive in many ways
            log.warning("cannot open ZIP %s: %s: %s", name, type(exc).__name__, exc)
            yield reject(name, "zip_corrupt")
            return
        with archive_file:
            if len(entries) > self.settings.max_zip_entries:
                yield reject(name, "zip_bomb", f"{len(entries)} mục, tối đa {self.settings.max_zip_entries}")
                return
            for info in sorted(entries, key=lambda i: i.filename):
                entry_name = nfc(info.filename)
                display = f"{name}/{entry_name}"
                if not _safe_member(entry_name):
                    yield reject(display, "zip_traversal")
                    continue
                if PurePosixPath(entry_name).name.startswith(".") or "__MACOSX" in entry_name:
                    continue
                ratio = info.file_size / max(1, info.compress_size)
                if ratio > self.settings.max_zip_ratio and info.file_size > 10 * 1024 * 1024:
                    yield reject(display, "zip_bomb", f"tỷ lệ nén {ratio:.0f}:1")
                    continue
                if info.flag_bits & 0x1:
                    yield reject(display, "zip_encrypted")
                    continue
                opener = _zip_opener(archive_file, info)
                yield from self._ingest_one(Incoming(display, opener), depth + 1)


def _readable_detail(exc: OcrError, settings) -> str:
    """What a person can use from a rejection: the limit that was passed, or the page concerned."""
    if exc.code == "too_many_pages":
        return f"tối đa {settings.max_pages} trang"
    if exc.code in ("too_large", "too_small", "corrupt") and exc.page:
        return page_detail(exc.page)
    return ""


def _is_office_package(archive_file: zipfile.ZipFile) -> bool:
    """A ZIP that is really an Office Open XML (docx, xlsx, pptx) or OpenDocument (odt, ods) file."""
    names = archive_file.namelist()
    if "[Content_Types].xml" in names:
        return True
    if names and names[0] == "mimetype":
        with archive_file.open("mimetype") as fh:
            return fh.read(64).startswith(b"application/vnd.oasis.opendocument")
    return False


def _zip_opener(archive_file: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[], BinaryIO]:
    return lambda: archive_file.open(info)


def _safe_member(name: str) -> bool:
    """A ZIP entry name that stays inside the folder it is extracted to."""
    if not name or name.startswith(("/", "\\")) or "\x00" in name:
        return False
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if any(part == ".." for part in parts):
        return False
    return not (len(parts[0]) == 2 and parts[0][1] == ":")
