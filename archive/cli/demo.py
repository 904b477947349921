"""Loading the sample case files into an archive, so a new user sees a working product at once.

Commands import the rooms they use inside themselves, for a quick start (archive/cli/__init__.py).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import threading
from pathlib import Path

from sqlalchemy import func, select

from archive.processing.ingest import Ingestor, expand_paths
from archive.records.models import User
from archive.records.registers import import_cases, import_units
from archive.trust.accounts import create_user
from archive.trust.passwords import password_problem


def load_demo(archive, folder: Path) -> str:
    """Import the folder's units.csv and cases.csv, then queue its scans as uploaded by their unit.

    Scans are not told their case: linking finds it from the identifiers they carry, as it
    would for a real upload (unclear ones wait in the review queue).
    """
    return _load(archive, folder)[0]


def _load(archive, folder: Path, uploader: str | None = None) -> tuple[str, list[int]]:
    """`load_demo`'s summary and the ids of the folder's documents (new or already there), uploaded by
    `uploader` (the system when None)."""
    parts = []
    if (folder / "units.csv").exists():
        result = import_units(archive, (folder / "units.csv").read_text(encoding="utf-8-sig"))
        parts.append(f"{result.created} đơn vị mới")
    if (folder / "cases.csv").exists():
        result = import_cases(archive, (folder / "cases.csv").read_text(encoding="utf-8-sig"))
        parts.append(f"{result.created} vụ án mới")
    accounts = demo_accounts(archive)
    if accounts:
        parts.append(f"tài khoản mẫu (mật khẩu trong {accounts})")
    unit_of = _manifest_units(folder)
    queued, ids = 0, []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() not in (".csv", ".json", ".md")):
        ingestor = Ingestor(
            archive,
            unit_code=unit_of.get(path.name),
            uploaded_by=uploader or archive.settings.system_account,
            on_created=archive.queue.enqueue,
        )
        report = ingestor.ingest_all(expand_paths([path]))
        queued += sum(not d.duplicate for d in report.documents)
        ids += [d.id for d in report.documents]
    parts.append(f"{queued} tài liệu mới đưa vào hàng đợi")
    return ", ".join(parts), ids


def load_province(
    archive,
    folder: Path,
    cases: int,
    pages: int = 5,
    on_file=None,
    finish: bool = True,
    today: dt.date | None = None,
    on_read=None,
) -> str:
    """Generate the province demo set (`sample_files.province`, beside `folder`'s package) into the archive's home
    and load it like the sample folder: registers, accounts, scans queued for the workers.

    `on_file(done, total)` after each file generated, `on_read(done, total)` as the scans are read. With `finish`,
    the scans are then read here too (beside any server's workers; a document is read once), and
    once none is left waiting, what people would do next is done through the archive's own functions
    (`demo_work.finish_province`): hearings, files marked digitised, targets, court figures, an exhibit set and
    a signed report.
    """
    import sys

    root = str(Path(folder).resolve().parents[1])  # sample_files/files -> the checkout holding sample_files
    if root not in sys.path:
        sys.path.append(root)
    from sample_files.province import make_province, vietnam_today

    today = today or vietnam_today()
    target = archive.settings.resolved_home / "demo-province"

    def step(done: int, total: int) -> None:
        write_progress(archive, "generating", done, total)
        if on_file:
            on_file(done, total)

    step(0, cases)
    make_province(target, cases=cases, pages=pages, on_file=step, today=today)
    summary, ids = _load(archive, target, uploader=_demo_staff(archive))
    write_progress(archive, "queued", 0, len(ids))
    if not finish:
        return summary
    from archive.cli.demo_work import finish_province, read_scans, waiting_ids

    def read(done: int, total: int) -> None:
        write_progress(archive, "processing", done, total)
        if on_read:
            on_read(done, total)

    # The committed samples are read too, when no server does; the progress counts the province's files.
    read_scans(archive, ids, read, also=waiting_ids(archive))
    write_progress(archive, "finishing", len(ids), len(ids))
    summary += "; " + finish_province(archive, target, today)
    write_progress(archive, "done", len(ids), len(ids))
    return summary


def _demo_staff(archive) -> str | None:
    """The demo's digitisation clerk, who uploads the province's scans (so they are on their upload page)."""
    staff = next(name for name, role, _, _ in DEMO_USERS if role == "staff")
    with archive.session() as session:
        return session.scalar(select(User.username).where(User.username == staff, User.active.is_(True)))


def write_progress(archive, state: str, done: int, total: int) -> None:
    """What the demo load has done so far, for /api/health to show while the server already answers."""
    from archive.runtime.owner import this_process

    path = archive.settings.resolved_home / PROGRESS_FILE
    partial = path.with_name(f".{PROGRESS_FILE}.{os.getpid()}.{threading.get_ident()}")
    partial.write_text(
        json.dumps({"state": state, "done": done, "total": total, "owner": this_process()}), encoding="utf-8"
    )
    os.replace(partial, path)  # a reader sees the old progress or the new, never half of it


def read_progress(archive) -> dict | None:
    """The demo load's progress, or None when no province demo was ever loaded into this archive.

    A load whose process is gone before it was done says `stopped` (the next `demo load` goes on from there).
    """
    from archive.runtime.owner import is_gone

    try:
        data = json.loads((archive.settings.resolved_home / PROGRESS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    owner = data.pop("owner", None)
    if data.get("state") not in FINAL_STATES and is_gone(owner):
        data["state"] = "stopped"
    return data


FINAL_STATES = ("done", "stopped")
PROGRESS_FILE = "demo-progress.json"


def _manifest_units(folder: Path) -> dict[str, str]:
    manifest = folder / "manifest.json"
    if not manifest.exists():
        return {}
    data = json.loads(manifest.read_text(encoding="utf-8"))
    files = data.get("files", data) if isinstance(data, dict) else data
    result = {}
    for entry in files if isinstance(files, list) else []:
        codes = {doc.get("unit") for doc in entry.get("documents", [])} | {entry.get("unit")}
        codes.discard(None)
        if len(codes) == 1 and entry.get("file"):
            result[entry["file"]] = codes.pop()
    return result


# One account per role, named as people are (the header shows the name beside the role).
DEMO_USERS = (
    ("quantri", "admin", None, "Trần Quốc Huy"),
    ("canbo", "staff", "BN", "Lê Thị Mai"),
    ("kiemsatvien", "prosecutor", "BN", "Nguyễn Văn Khánh"),
    ("thongke", "statistician", "BN", "Phạm Thu Hà"),
    ("vientruong", "unit_head", "BN", "Đỗ Minh Tuấn"),
)


def demo_password() -> str:
    """A random password that every demo account's name and the password policy accept."""
    while True:
        password = secrets.token_urlsafe(12)
        if all(password_problem(password, name, full_name) is None for name, _, _, full_name in DEMO_USERS):
            return password


def demo_accounts(archive) -> Path | None:
    """One account per role when the archive has none yet; their password goes to a private file.

    The password is HOSO_DEMO_PASSWORD when set (it must pass the password policy), otherwise a
    random one, never a fixed default.
    """
    with archive.transaction() as session:
        if session.scalar(select(func.count(User.id))):
            return None
        password = os.environ.get("HOSO_DEMO_PASSWORD") or demo_password()
        for username, role, unit, full_name in DEMO_USERS:
            create_user(session, username, password, role, unit, full_name=full_name, actor="demo")
    target = archive.settings.resolved_home / "demo-accounts.txt"
    lines = [f"{username} ({role}): {password}" for username, role, _, _ in DEMO_USERS]
    target.write_text("Tài khoản mẫu / demo accounts\n" + "\n".join(lines) + "\n", encoding="utf-8")
    target.chmod(0o600)
    return target
