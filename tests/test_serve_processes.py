"""`hoso serve --processes 2` for real: two web processes behind one port and one job consumer, on one
machine's SQLite, queue and embedded index; signed in, an upload processed, found by both processes, the
audit chain one chain, and no process left behind when the server is stopped."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from archive.core import Archive
from archive.records.models import AuditEvent
from archive.runtime.settings import Settings
from tests.web.conftest import PASSWORD, build_world

ROOT = Path(__file__).resolve().parents[1]
SEARCHES = 5  # by each signed-in visitor, all at once


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def descendants(pid: int) -> list[int]:
    found = children(pid)
    for child in list(found):
        found += descendants(child)
    return found


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def socket_inodes(pid: int) -> set[int]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[8:-1]))
    return inodes


def server_side_inode(server_port: int, client_port: int) -> int | None:
    """The inode of the server's end of the loopback connection from `client_port`."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote = fields[1], fields[2]
        if int(local.split(":")[1], 16) == server_port and int(remote.split(":")[1], 16) == client_port:
            return int(fields[9])
    return None


def sign_in(client: httpx.Client, username: str) -> str:
    """Sign in through the form as a browser does; returns the session's CSRF token."""
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    signed = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token, "next": "/"})
    assert signed.status_code == 200 and "/login" not in str(signed.url), signed.text[:300]
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', client.get("/cases").text).group(1)


def upload(client: httpx.Client, csrf: str, path: Path) -> list[int]:
    """Upload one scan to case HS-P-1; returns the ids of the documents it became."""
    answer = client.post(
        "/api/documents",
        data={"case": "HS-P-1"},
        files={"files": (path.name, path.read_bytes(), "application/octet-stream")},
        headers={"X-CSRF-Token": csrf},
    )
    assert answer.status_code == 200, answer.text
    return [document["id"] for document in answer.json()["documents"]]


class Visitor:
    """One signed-in person's keep-alive connection; `server_pid` is the web process that accepted it."""

    def __init__(self, base: str, username: str):
        one = httpx.Limits(max_connections=1)
        self.client = httpx.Client(base_url=base, timeout=60, limits=one, follow_redirects=True)
        self.csrf = sign_in(self.client, username)

    def client_port(self) -> int:
        # the one pooled connection's socket (httpx keeps it open between requests)
        pool = self.client._transport._pool
        stream = pool.connections[0]._connection._network_stream
        return stream.get_extra_info("socket").getsockname()[1]

    def close(self) -> None:
        self.client.close()


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fresh HOSO_HOME (SQLite) with the small world of tests/web: units, cases and accounts."""
    import archive.trust.accounts as accounts

    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    folder = tmp_path / "hoso-home"
    archive = Archive(Settings(home=folder, workers=1))
    try:
        build_world(archive)
    finally:
        archive.close()
    return folder


def environment(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOSO_")}
    return env | {
        "HOSO_HOME": str(home),
        "HOSO_WORKERS": "1",
        "HOSO_JOB_THREADS": "1",
        "PYTHONPATH": str(ROOT),
    }


def wait_until_up(base: str, server: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server ended with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    pytest.fail(f"the server did not answer:\n{log.read_text()[-3000:]}")


def test_two_web_processes_and_one_consumer_share_one_machine(home, scans, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "archive.cli", "serve", "--processes", "2", "--port", str(port)],
            env=environment(home),
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    visitors: list[Visitor] = []
    try:
        wait_until_up(base, server, log)
        consumers = [pid for pid in children(server.pid) if "archive.cli worker" in cmdline(pid)]
        web = [pid for pid in children(server.pid) if pid not in consumers and "spawn_main" in cmdline(pid)]
        assert len(consumers) == 1 and len(web) == 2, [cmdline(p) for p in children(server.pid)]

        # Signed in through whichever process takes each request: the sign-in form's token, the session cookie
        # and its CSRF token are good in both (one signing key, sessions in the database).
        fresh = httpx.Limits(max_keepalive_connections=0)
        with httpx.Client(base_url=base, timeout=60, limits=fresh, follow_redirects=True) as staff:
            csrf = sign_in(staff, "staff_p")
            (document_id,) = upload(staff, csrf, scans["png"])

            # processed by the consumer process (the web processes consume nothing), then searchable
            deadline = time.monotonic() + 240
            status = "queued"
            while time.monotonic() < deadline and status not in ("done", "failed"):
                time.sleep(1)
                status = staff.get(f"/api/documents/{document_id}").json()["status"]
            assert status == "done", log.read_text()[-3000:]

        # Prosecutors on keep-alive connections until both web processes hold some; each finds the upload.
        served_by: dict[int, list[Visitor]] = {}
        for _ in range(40):
            visitor = Visitor(base, "ksv_p")
            visitors.append(visitor)
            inode = server_side_inode(port, visitor.client_port())
            owner = next(pid for pid in web if inode in socket_inodes(pid))
            served_by.setdefault(owner, []).append(visitor)
            if len(served_by) == 2:
                break
        assert len(served_by) == 2, "every connection went to one web process"

        def read(visitor: Visitor) -> None:
            for _ in range(SEARCHES):
                found = visitor.client.get("/api/search", params={"q": "quyet dinh khoi to"}).json()
                assert document_id in [hit["document_id"] for hit in found["hits"]], found
                image = visitor.client.get(f"/api/documents/{document_id}/pages/1/image")
                assert image.status_code == 200 and image.content[:2] == b"\xff\xd8"

        # both processes at once: their access rows go into the one chain side by side
        with ThreadPoolExecutor(len(visitors)) as pool:
            list(pool.map(read, visitors))
    finally:
        for visitor in visitors:
            visitor.close()
        tree = descendants(server.pid)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    # Stopped by SIGTERM: no web process, consumer or OCR process of it is left behind.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in tree):
        time.sleep(0.2)
    assert [cmdline(pid) for pid in tree if alive(pid)] == []

    # Every access by either process is in the one chain, which verifies.
    checked = subprocess.run(
        [sys.executable, "-m", "archive.cli", "audit", "verify", "--json"],
        env=environment(home),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert json.loads(checked.stdout)["ok"]
    archive = Archive(Settings(home=home, workers=1))
    try:
        with archive.session() as session:
            counts = dict(session.execute(select(AuditEvent.action, func.count()).group_by(AuditEvent.action)).all())
    finally:
        archive.close()
    assert counts["search"] == counts["page.image.view"] == SEARCHES * len(visitors)  # each access once


def _first_search(home: Path, barrier, answers) -> None:
    """In a process of its own: open the archive, wait for the others, search (the index is opened then)."""
    import logging

    from archive.retrieval.searching import run_search

    class Kept(logging.Handler):
        def __init__(self):
            super().__init__(logging.WARNING)
            self.messages = []

        def emit(self, record):
            self.messages.append(record.getMessage())

    kept = Kept()
    logging.getLogger("hoso.index").addHandler(kept)
    archive = Archive(Settings(home=home, workers=1))
    try:
        barrier.wait(60)
        answers.put((run_search(archive, "truy to bi can")["total"], kept.messages))
    except Exception as exc:  # noqa: BLE001 - reported by the test
        answers.put((None, [repr(exc)]))
    finally:
        archive.close()


def test_processes_opening_a_missing_index_at_once_rebuild_it_once(home):
    """The web processes and the consumer of one host start together on a home whose index is gone."""
    import multiprocessing
    import shutil

    shutil.rmtree(home / "index-tantivy")
    # Spawned, not forked: a fork of this test process copies the locks its other threads hold.
    context = multiprocessing.get_context("spawn")
    barrier, answers = context.Barrier(3), context.Queue()
    processes = [context.Process(target=_first_search, args=(home, barrier, answers)) for _ in range(3)]
    for process in processes:
        process.start()
    results = [answers.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(30)
    assert [total for total, _ in results] == [4, 4, 4]
    rebuilds = [m for _, messages in results for m in messages if "needs a rebuild" in m or "filling it" in m]
    assert len(rebuilds) == 1, results
