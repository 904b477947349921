"""The watched scanner folder: files dropped there are ingested once completely written.

A file counts as complete when its size and modification time stay the same across two
polls. Afterwards it moves to `done/` or to `rejected/` beside a `.reason.txt` saying why.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from pathlib import Path

from archive.processing.ingest import Incoming, Ingestor

log = logging.getLogger("hoso.watch")
DONE, REJECTED = "done", "rejected"


class FolderWatcher:
    """Polls a folder and ingests each settled file exactly once."""

    def __init__(self, archive, folder: Path, interval: float = 2.0, enqueue=None):
        self.archive = archive
        self.folder = folder
        self.interval = interval
        self.enqueue = enqueue
        self._seen: dict[Path, tuple[int, float]] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        for name in (DONE, REJECTED):
            (folder / name).mkdir(parents=True, exist_ok=True)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="hoso-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.poll()
            except Exception:  # noqa: BLE001 - keep watching whatever one file did
                log.exception("watch folder poll failed")
            self._stop.wait(self.interval)

    def candidates(self) -> list[Path]:
        return sorted(
            p
            for p in self.folder.iterdir()
            if p.is_file() and not p.name.startswith((".", "~")) and not p.name.endswith((".part", ".tmp"))
        )

    def poll(self) -> list[Path]:
        """One pass: ingest the files that have settled since the last pass; returns them."""
        settled = []
        current = {}
        for path in self.candidates():
            stat = path.stat()
            signature = (stat.st_size, stat.st_mtime)
            current[path] = signature
            if self._seen.get(path) == signature and time.time() - stat.st_mtime >= self.interval:
                settled.append(path)
        self._seen = current
        for path in settled:
            self._ingest(path)
            self._seen.pop(path, None)
        return settled

    def _ingest(self, path: Path) -> None:
        ingestor = Ingestor(self.archive, uploaded_by=self.archive.settings.system_account, on_created=self.enqueue)
        report = ingestor.ingest_all(iter([Incoming(path.name, lambda: path.open("rb"))]))
        if report.rejected:
            target = _free_name(self.folder / REJECTED / path.name)
            shutil.move(path, target)
            reasons = "\n".join(f"{r.filename}: {r.reason}" for r in report.rejected)
            target.with_name(target.name + ".reason.txt").write_text(reasons + "\n", encoding="utf-8")
            log.warning("watch folder: rejected %s", path.name)
        else:
            shutil.move(path, _free_name(self.folder / DONE / path.name))
            log.info("watch folder: ingested %s", path.name)


def _free_name(path: Path) -> Path:
    """`path`, or `name (2).ext` etc. when a file of that name is already there."""
    candidate, counter = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} ({counter}){path.suffix}")
        counter += 1
    return candidate
