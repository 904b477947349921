"""The scanner folder: files are taken once fully written, then moved to done/ or rejected/."""

from __future__ import annotations

import os
import shutil
import time

from archive.records.models import Document
from archive.runtime.watch import FolderWatcher


def settle(path, seconds=5):
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_files_are_ingested_once_complete_and_moved(archive, scans, tmp_path):
    folder = tmp_path / "may-quet"
    folder.mkdir()
    queued = []
    watcher = FolderWatcher(archive, folder, interval=0.01, enqueue=queued.append)

    scan = folder / "trang-1.png"
    partial = scans["png"].read_bytes()
    scan.write_bytes(partial[: len(partial) // 2])  # the scanner is still writing
    assert watcher.poll() == []
    scan.write_bytes(partial)  # finished, but the size just changed: not settled yet
    assert watcher.poll() == []
    settle(scan)
    watcher.poll()  # first sight of the settled signature
    assert watcher.poll() == [scan]
    assert not scan.exists() and (folder / "done" / "trang-1.png").exists()
    with archive.session() as session:
        (document,) = session.query(Document).all()
        assert document.filename == "trang-1.png" and document.status == "queued"
    assert queued == [document.id]


def test_rejected_files_move_aside_with_the_reason(archive, tmp_path):
    folder = tmp_path / "may-quet"
    folder.mkdir()
    watcher = FolderWatcher(archive, folder, interval=0.01)
    bad = folder / "hong.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    settle(bad)
    watcher.poll()
    watcher.poll()
    assert (folder / "rejected" / "hong.pdf").exists()
    reason = (folder / "rejected" / "hong.pdf.reason.txt").read_text(encoding="utf-8")
    assert "hỏng" in reason
    with archive.session() as session:
        assert session.query(Document).count() == 0


def test_a_second_file_of_the_same_name_does_not_overwrite(archive, scans, tmp_path):
    folder = tmp_path / "may-quet"
    folder.mkdir()
    watcher = FolderWatcher(archive, folder, interval=0.01)
    for _ in range(2):
        shutil.copy(scans["png"], folder / "scan.png")
        settle(folder / "scan.png")
        watcher.poll()
        watcher.poll()
    assert sorted(p.name for p in (folder / "done").iterdir()) == ["scan (2).png", "scan.png"]
