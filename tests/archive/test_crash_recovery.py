"""A run killed with -9 mid-document leaves nothing behind: the next run finishes the document, and no
half-written file, stray page row or orphaned OCR worker survives. Real `hoso` subprocesses."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def env_for(home: Path) -> dict:
    return dict(os.environ, HOSO_HOME=str(home), HOSO_WORKERS="1", HOSO_JOB_THREADS="1", PYTHONPATH=str(ROOT))


def hoso(home: Path, *args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "archive.cli", *map(str, args)],
        cwd=ROOT,
        env=env_for(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def rows(home: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(home / "hoso.db", timeout=30) as db:
        return db.execute(sql).fetchall()


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    found, stack = set(), [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.add(child)
            stack.append(child)
    return found


def running(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


def kill_mid_document(process: subprocess.Popen, home: Path) -> set[int]:
    """Wait until a page of the document is stored, then kill -9 the process; returns its helpers' pids."""
    helpers: set[int] = set()

    def one_page_stored():
        helpers.update(descendants(process.pid))
        if process.poll() is not None:
            raise AssertionError(f"finished before it could be killed: {process.stderr.read()}")
        try:
            return rows(home, "select pages_done from documents where status = 'processing' and pages_done >= 1")
        except sqlite3.OperationalError:  # not created yet
            return None

    wait_for(one_page_stored, 240, "the first page to be stored")
    helpers.update(descendants(process.pid))
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return helpers


def assert_nothing_left(home: Path, helpers: set[int]) -> None:
    wait_for(lambda: not running(helpers), 30, f"the OCR workers {sorted(running(helpers))} to exit")
    assert list((home / "tmp").iterdir()) == []
    ((status, page_count),) = rows(home, "select status, page_count from documents")
    assert status == "done"
    numbers = [n for (n,) in rows(home, "select number from pages order by number")]
    assert numbers == list(range(1, page_count + 1))
    images = sorted(p.name for p in (home / "pages").rglob("*") if p.is_file())
    assert images == [f"{n:05d}.jpg" for n in numbers]


@pytest.fixture
def three_pages(tmp_path, case_file_docs) -> Path:
    from sample_files.render import render_document
    from sample_files.writers import write_tiff

    pages = [render_document(doc, dpi=200)[0] for doc in case_file_docs[:3]]
    return write_tiff(pages, tmp_path / "ba-trang.tiff")


def test_killed_ingest_wait_is_finished_by_the_next_run(tmp_path, three_pages):
    home = tmp_path / "hoso-data"
    first = hoso(home, "ingest", three_pages, "--wait", "--json")
    helpers = kill_mid_document(first, home)
    assert rows(home, "select status from documents") == [("processing",)]

    again = hoso(home, "ingest", three_pages, "--wait", "--json")
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    (document,) = json.loads(out)["documents"]
    assert document["duplicate"] is True and document["status"] == "done"
    assert_nothing_left(home, helpers | descendants(again.pid))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_killed_server_leaves_no_workers_and_finishes_after_restart(tmp_path, three_pages):
    home = tmp_path / "hoso-data"
    queued = hoso(home, "ingest", three_pages, "--json")  # queued for the server's workers
    assert queued.wait(timeout=120) == 0, queued.stderr.read()
    # A staging file of a killed upload, as a crash between receiving and storing leaves it.
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time; from archive.runtime.blobs import BlobStore; from pathlib import Path\n"
                "h = Path(sys.argv[1])\n"
                "class Slow:\n"
                "    def read(self, n):\n"
                "        time.sleep(0.05); return b'x' * 1024\n"
                "BlobStore(h / 'originals', h / 'pages', h / 'tmp').stage(Slow(), 10**9)\n"
            ),
            str(home),
        ],
        cwd=ROOT,
        env=env_for(home),
    )
    wait_for(lambda: list((home / "tmp").iterdir()), 60, "the upload to start")
    writer.kill()
    writer.wait()

    server = hoso(home, "serve", "--port", free_port())
    helpers = kill_mid_document(server, home)
    assert rows(home, "select status from documents") == [("processing",)]

    restarted = hoso(home, "serve", "--port", free_port())
    try:
        wait_for(lambda: rows(home, "select 1 from documents where status = 'done'"), 300, "the document to finish")
        helpers |= descendants(restarted.pid)
    finally:
        restarted.send_signal(signal.SIGINT)
        try:
            restarted.wait(timeout=60)
        except subprocess.TimeoutExpired:
            restarted.kill()
            restarted.wait()
    assert_nothing_left(home, helpers)
