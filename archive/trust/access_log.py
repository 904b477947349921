"""Access rows on the way into the audit chain: appended to a local spool before the response, chained by one thread.

Every read of evidence must leave a row, and a row written to the database inside each request would cost
more than the read itself (a page image is served in a few milliseconds). So the row is appended, before
the response leaves, to this process's spool file (one `write` with O_APPEND: it survives the process
being killed) and a background thread chains the spooled rows into `audit_events` in batches, in the
order they were written. A spool left by a process that died is chained by the next one to open the
archive; each row carries its spool id (`ref`), so a row chained just before a crash is never added twice.
If the spool cannot be written, the access is refused (web/access_audit.py).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import uuid
from pathlib import Path

from archive.records.models import utcnow
from archive.runtime.owner import pid_alive
from archive.trust.audit import AuditContext, chain_batch

log = logging.getLogger("hoso.audit")
LINGER_SECONDS = 0.05
BATCH = 500


class AccessLog:
    """The spool of one process and the thread that chains it."""

    def __init__(self, archive):
        self.archive = archive
        self.folder: Path = archive.settings.resolved_home / "audit-spool"
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()  # appends and rotation
        self._chain_lock = threading.Lock()  # one chaining at a time in this process
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._fd: int | None = None
        self._path: Path | None = None
        self._written = 0

    # -- writing -------------------------------------------------------------------------------

    def append(
        self, action: str, target: str | None, *, outcome: str, detail: dict | None, context: AuditContext
    ) -> str:
        """Spool one access row (durable against this process dying); returns its id."""
        ref = uuid.uuid4().hex
        entry = {
            "ref": ref,
            "accessed_at": utcnow().isoformat(),
            "actor": context.actor,
            "role": context.role,
            "unit": context.unit,
            "client": context.client,
            "action": action,
            "target": target,
            "outcome": outcome,
            "detail": detail,
        }
        line = (json.dumps(entry, ensure_ascii=False, default=str) + "\n").encode()
        with self._lock:
            if self._fd is None:
                self._open()
            os.write(self._fd, line)
            self._written += 1
        self._start()
        self._wake.set()
        return ref

    def _open(self) -> None:
        self._path = self.folder / f"{os.getpid()}-{uuid.uuid4().hex[:12]}.jsonl"
        self._fd = os.open(self._path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self._written = 0

    def _rotate(self) -> Path | None:
        """Close the current spool (if it holds anything) so that it can be chained; the next append opens one."""
        with self._lock:
            if self._fd is None or self._written == 0:
                return None
            os.close(self._fd)
            path, self._fd, self._path = self._path, None, None
            return path

    # -- chaining ------------------------------------------------------------------------------

    def flush(self) -> int:
        """Chain everything spooled so far by this process, and the spools of processes that died; returns rows."""
        with self._chain_lock:
            own = self._rotate()
            done = self._chain(own) if own is not None else 0
            for path in sorted(self.folder.glob("*.jsonl")):
                if path == self._path:
                    continue
                pid = int(path.name.split("-", 1)[0]) if path.name.split("-", 1)[0].isdigit() else 0
                if pid == os.getpid() or not pid_alive(pid):
                    done += self._chain(path)
            return done

    def pending(self) -> int:
        """Rows spooled and not yet chained (this host's spools)."""
        total = 0
        for path in self.folder.glob("*.jsonl"):
            try:
                total += path.read_bytes().count(b"\n")
            except FileNotFoundError:
                continue
        return total

    def _chain(self, path: Path) -> int:
        entries = []
        try:
            data = path.read_bytes()
        except FileNotFoundError:  # a dead process's spool, chained meanwhile by another process on this host
            return 0
        for line in data.splitlines():
            try:
                entries.append(json.loads(line))
            except ValueError:  # a line cut short by a crash mid-write: the access it began was never served
                log.warning("skipping an unreadable line in %s", path)
        for start in range(0, len(entries), BATCH):
            batch = entries[start : start + BATCH]
            with self.archive.engine.begin() as connection:
                # rows chained already (just before a crash, or by another process) are left out under the head's lock
                chain_batch(
                    connection,
                    [
                        entry | {"detail": (entry.get("detail") or {}) | {"accessed_at": entry["accessed_at"]}}
                        for entry in batch
                    ],
                )
        path.unlink(missing_ok=True)
        return len(entries)

    # -- the thread ----------------------------------------------------------------------------

    def _start(self) -> None:
        if self._thread is None:
            with self._lock:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="audit-chainer", daemon=True)
                    self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(1.0)
            if self._stop.wait(LINGER_SECONDS):
                break
            self._wake.clear()
            try:
                self.flush()
            except Exception:  # noqa: BLE001 - rows stay spooled and are chained on the next try
                log.exception("chaining spooled access rows failed")

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        try:
            self.flush()
        except Exception:  # noqa: BLE001 - kept on disk for the next start
            log.exception("chaining spooled access rows at close failed")
