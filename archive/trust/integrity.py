"""Proof that originals are unchanged: re-hash every stored original against its recorded SHA-256."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from sqlalchemy import select

from archive.records.models import Document
from archive.runtime.blobs import StoreUnavailable


@dataclass
class Problem:
    document_id: int
    filename: str
    sha256: str
    reason: str
    found_sha256: str | None = None


@dataclass
class VerifyReport:
    checked: int = 0
    problems: list[Problem] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"checked": self.checked, "ok": not self.problems, "problems": [asdict(p) for p in self.problems]}


def verify_originals(archive, on_progress: Callable[[int, int], None] | None = None) -> VerifyReport:
    """Re-hash each document's original; a missing or altered one is a problem."""
    with archive.session() as session:
        rows = session.execute(select(Document.id, Document.filename, Document.sha256).order_by(Document.id)).all()
    report = VerifyReport()
    for done, (document_id, filename, sha256) in enumerate(rows, start=1):
        problem = _check(archive, sha256)
        if problem is not None:
            reason, found = problem
            report.problems.append(Problem(document_id, filename, sha256, reason, found_sha256=found))
        report.checked += 1
        if on_progress is not None:
            on_progress(done, len(rows))
    return report


def _check(archive, sha256: str) -> tuple[str, str | None] | None:
    """Why the stored original is not the one recorded (and the hash found), or None when it is."""
    try:
        found = archive.blobs.hash_original(sha256)
    except StoreUnavailable:
        return "Không đọc được bản gốc: kho lưu trữ không truy cập được", None
    if found is None:
        return "Bản gốc bị mất khỏi kho lưu trữ", None
    if found != sha256:
        return "Bản gốc đã bị thay đổi (SHA-256 không khớp)", found
    return None
