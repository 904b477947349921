"""Several hosts on one machine: two app servers and two workers as separate processes, each with a
HOSO_HOME of its own, sharing only PostgreSQL (records and search), Redis (the queue) and an S3 server.

Uploads go in through one app server and are searched and viewed through the other; a worker is killed
(-9) mid-document and the other finishes it; an app server is killed (-9) mid-upload and the other goes
on answering. At the end every upload was processed once, the index holds each page once, `hoso verify`
passes from a host's home, and no home holds anything but its own host's passing files.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
import pytest
import sqlalchemy
from argon2 import PasswordHasher
from sqlalchemy import func, select, text

from archive.core import Archive
from archive.records.models import Case, Document, OutboxEntry, Page, Unit
from archive.runtime.owner import is_gone
from archive.runtime.settings import Settings
from archive.trust.accounts import create_user
from tests.databases import NEEDS_POSTGRES_AND_REDIS
from tests.test_serve_processes import ROOT, alive, descendants, free_port, sign_in, upload, wait_until_up
from tests.web.conftest import PASSWORD

moto_server = pytest.importorskip("moto.server", reason="moto is missing: pip install -e '.[dev]' (moto[server])")
boto3 = pytest.importorskip("boto3", reason="boto3 is missing: pip install -e .")

REDIS_URL = os.environ.get("HOSO_TEST_REDIS_HOSTS", "redis://127.0.0.1:6379/13")
PREFIX = "tinh-phu-tho"
UPLOADS = ("png", "tiff", "scanned_pdf", "digital_pdf")

pytestmark = NEEDS_POSTGRES_AND_REDIS


@pytest.fixture
def s3():
    """A moto S3 server on loopback and a fresh bucket; yields (endpoint, bucket, a direct client)."""
    port = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    name = f"hoso-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1"
    )
    client.create_bucket(Bucket=name)
    yield endpoint, name, client
    server.stop()


def bucket_keys(s3) -> list[str]:
    _, name, client = s3
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=name)
    return [item["Key"] for page in pages for item in page.get("Contents", [])]


class Hosts:
    """The processes of the test, each started with the shared settings and a home of its own."""

    def __init__(self, tmp_path: Path, postgres_url: str, redis_url: str, s3):
        endpoint, bucket, _ = s3
        self.tmp_path = tmp_path
        self.shared = {
            "HOSO_DATABASE_URL": postgres_url,
            "HOSO_QUEUE_URL": redis_url,
            "HOSO_BLOB_URL": f"s3://{bucket}/{PREFIX}",
            "HOSO_S3_ENDPOINT_URL": endpoint,
            "HOSO_S3_ACCESS_KEY": "test",
            "HOSO_S3_SECRET_KEY": "test",
            "HOSO_WORKERS": "1",
            "HOSO_JOB_THREADS": "1",
        }
        self.processes: dict[str, subprocess.Popen] = {}
        self.trees: dict[str, list[int]] = {}
        self.pids: dict[str, set[int]] = {}  # every pid each host has run as (a restarted host has several)

    def home(self, name: str) -> Path:
        return self.tmp_path / f"home-{name}"

    def env(self, name: str) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HOSO_", "AWS_"))}
        return env | self.shared | {"HOSO_HOME": str(self.home(name)), "PYTHONPATH": str(ROOT)}

    def settings(self, name: str) -> Settings:
        endpoint = self.shared["HOSO_S3_ENDPOINT_URL"]
        return Settings(
            home=self.home(name),
            database_url=self.shared["HOSO_DATABASE_URL"],
            queue_url=self.shared["HOSO_QUEUE_URL"],
            blob_url=self.shared["HOSO_BLOB_URL"],
            s3_endpoint_url=endpoint,
            s3_access_key="test",
            s3_secret_key="test",
            workers=1,
        )

    def start(self, name: str, *args: str) -> subprocess.Popen:
        log = (self.tmp_path / f"{name}.log").open("ab")
        process = subprocess.Popen(
            [sys.executable, "-m", "archive.cli", *args], env=self.env(name), cwd=ROOT, stdout=log, stderr=log
        )
        log.close()
        self.processes[name] = process
        self.pids.setdefault(name, set()).add(process.pid)
        return process

    def serve(self, name: str, port: int) -> str:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base, self.start(name, "serve", "--no-workers", "--port", str(port)), self.log(name))
        return base

    def log(self, name: str) -> Path:
        return self.tmp_path / f"{name}.log"

    def kill(self, name: str) -> None:
        process = self.processes[name]
        tree = descendants(process.pid)
        process.send_signal(signal.SIGKILL)
        process.wait(30)
        wait_gone(tree)

    def stop_all(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                self.trees.setdefault("all", []).extend(descendants(process.pid))
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        wait_gone(self.trees.get("all", []))


def wait_gone(pids: list[int], seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(pid) for pid in pids):
        time.sleep(0.2)
    assert [pid for pid in pids if alive(pid)] == []


def writer_pid(name: str) -> int | None:
    """The pid a passing file is named by: `incoming-<host>-<pid>-…` in tmp/, `<pid>-….jsonl` in audit-spool/."""
    parts = name.split("-")
    if parts[0] == "incoming" and len(parts) >= 3 and parts[2].isdigit():
        return int(parts[2])
    return int(parts[0]) if parts[0].isdigit() else None


def signed_in(base: str, username: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=base, timeout=60, follow_redirects=True)
    return client, sign_in(client, username)


def slow_upload(base: str, client: httpx.Client, csrf: str, sent: threading.Event, errors: list) -> None:
    """A large upload trickled in, so that the server can be killed while it is arriving."""
    boundary = uuid.uuid4().hex

    def body():
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="case"\r\n\r\nHS-P-1\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="lon.png"\r\n'
            "Content-Type: image/png\r\n\r\n"
        ).encode()
        yield b"\x89PNG\r\n\x1a\n"
        for n in range(400):  # 25 MB at most, in 64 KiB pieces
            yield os.urandom(64 * 1024)
            if n == 16:
                sent.set()
            time.sleep(0.02)
        yield f"\r\n--{boundary}--\r\n".encode()

    try:
        client.post(
            base + "/api/documents",
            content=body(),
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "X-CSRF-Token": csrf},
        )
    except httpx.HTTPError as exc:
        errors.append(exc)


def test_two_app_servers_and_two_workers_share_only_the_database_the_queue_and_the_store(
    tmp_path, postgres_url, redis_queue, s3, scans, monkeypatch
):
    started = time.monotonic()
    hosts = Hosts(tmp_path, postgres_url, redis_queue, s3)
    # The units, cases, accounts and a few processed documents, written by an administrator's own machine.
    import archive.trust.accounts as accounts

    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    setup = Archive(hosts.settings("setup"))
    try:
        with setup.transaction() as session:
            unit = Unit(code="P", name="VKSND tỉnh Phú Thọ", level="provincial")
            session.add(unit)
            session.flush()
            session.add(Case(code="HS-P-1", unit_id=unit.id, kind="HS", title="Vụ lừa đảo chiếm đoạt tài sản"))
            create_user(session, "staff_p", PASSWORD, "staff", "P", full_name="Nguyễn Văn Nhập")
            create_user(session, "ksv_p", PASSWORD, "prosecutor", "P", full_name="Trần Thị Kiểm")
    finally:
        setup.close()
    engine = sqlalchemy.create_engine(postgres_url)
    clients: list[httpx.Client] = []
    try:
        port_a, port_b = free_port(), free_port()
        base_a = hosts.serve("server-a", port_a)
        base_b = hosts.serve("server-b", port_b)
        hosts.start("worker-1", "worker")
        hosts.start("worker-2", "worker")

        # Uploads through server A.
        staff, csrf = signed_in(base_a, "staff_p")
        clients.append(staff)
        document_ids = []
        for key in UPLOADS:
            document_ids += upload(staff, csrf, scans[key])
        assert len(document_ids) == len(UPLOADS)

        # A worker killed -9 while it is reading a document; the other one is left to finish everything.
        worker_pids = {hosts.processes[name].pid: name for name in ("worker-1", "worker-2")}

        def holder() -> tuple[str, int, str] | None:
            """A worker that holds a document being read, with the document and the worker's token."""
            with engine.connect() as connection:
                for doc_id, owner in connection.execute(
                    select(Document.id, Document.claimed_by).where(
                        Document.id.in_(document_ids), Document.status == "processing", Document.claimed_by.is_not(None)
                    )
                ):
                    pid = int(owner.rsplit(":", 2)[1])
                    if pid in worker_pids:
                        return worker_pids[pid], doc_id, owner
            return None

        victim = None
        deadline = time.monotonic() + 60
        while victim is None and time.monotonic() < deadline:
            found = holder()
            if found is not None:
                # Frozen, then looked at again: it cannot finish the document between the look and the kill.
                hosts.processes[found[0]].send_signal(signal.SIGSTOP)
                if holder() == found:
                    victim = found
                else:
                    hosts.processes[found[0]].send_signal(signal.SIGCONT)
            time.sleep(0.1)
        assert victim is not None, "no worker took a document"
        victim_name, held_id, victim_token = victim
        hosts.kill(victim_name)
        assert is_gone(victim_token)  # what lets the other worker take its document back
        # The document it died holding (held_id) must be finished by the other worker, checked below.

        # Server A killed -9 while a large upload is arriving; server B answers throughout.
        prosecutor, _ = signed_in(base_b, "ksv_p")  # signed in on B ...
        clients.append(prosecutor)
        sent, errors = threading.Event(), []
        uploader = threading.Thread(target=slow_upload, args=(base_a, staff, csrf, sent, errors))
        uploader.start()
        assert sent.wait(60)
        hosts.kill("server-a")
        uploader.join(60)
        assert errors, "the upload to the killed server did not fail"
        assert httpx.get(base_b + "/api/health", timeout=10).json()["status"] == "ok"
        with engine.connect() as connection:
            names = connection.scalars(select(Document.filename)).all()
        assert "lon.png" not in names

        # Everything finishes on the worker that is left.
        deadline = time.monotonic() + 170
        statuses = {}
        while time.monotonic() < deadline:
            with engine.connect() as connection:
                statuses = dict(
                    connection.execute(select(Document.id, Document.status).where(Document.id.in_(document_ids))).all()
                )
            if all(status in ("done", "failed") for status in statuses.values()):
                break
            time.sleep(1)
        assert set(statuses.values()) == {"done"}, statuses
        assert statuses[held_id] == "done"

        # Searched and viewed through server B (... and a sign-in made on A is good on B too).
        found = prosecutor.get("/api/search", params={"q": "quyet dinh khoi to", "limit": 50}).json()
        hit_documents = {hit["document_id"] for hit in found["hits"]}
        png_id, tiff_id = document_ids[0], document_ids[1]
        assert {png_id, tiff_id} <= hit_documents, found
        image = prosecutor.get(f"/api/documents/{png_id}/pages/1/image")
        assert image.status_code == 200 and image.content[:2] == b"\xff\xd8"
        staff_on_b = httpx.Client(base_url=base_b, cookies=staff.cookies, timeout=60)
        clients.append(staff_on_b)
        assert staff_on_b.get("/api/me").json()["username"] == "staff_p"

        # Each upload processed once: one document per file, each page once, in the index once; outbox empty.
        with engine.connect() as connection:
            assert connection.scalar(select(func.count()).select_from(Document)) == len(UPLOADS)
            shas = set(connection.scalars(select(Document.sha256)))
            assert len(shas) == len(UPLOADS)
            pages = connection.execute(select(Page.document_id, Page.number)).all()
            assert len(pages) == len(set(pages))
            assert connection.scalar(select(func.count()).select_from(OutboxEntry)) == 0
            indexed = connection.execute(text("SELECT document_id, page FROM hoso_search_pages")).all()
            assert sorted(indexed) == sorted(pages)
        page_counts = {
            key: len([p for p in pages if p[0] == doc]) for key, doc in zip(UPLOADS, document_ids, strict=True)
        }
        assert page_counts["tiff"] == 2 and page_counts["png"] == 1, page_counts

        # Server A again: it clears what it was staging when it was killed.
        base_a = hosts.serve("server-a", port_a)
        assert httpx.get(base_a + "/api/health", timeout=10).status_code == 200
    finally:
        for client in clients:
            client.close()
        hosts.stop_all()
        engine.dispose()

    # `hoso verify` re-hashes every original from the bucket, run from a worker's home.
    verified = subprocess.run(
        [sys.executable, "-m", "archive.cli", "verify", "--json"],
        env=hosts.env("worker-2"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr

    # The originals and page images are in the bucket; no home holds any of them, nor anything of another host.
    # Nothing half-written by the killed server either: the bucket holds the originals of the documents, no other.
    originals = {key.rsplit("/", 1)[1] for key in bucket_keys(s3) if key.startswith(f"{PREFIX}/originals/")}
    assert originals == shas
    for name in ("server-a", "server-b", "worker-1", "worker-2"):
        left = [p.relative_to(hosts.home(name)) for p in hosts.home(name).rglob("*") if p.is_file()]
        # what a host killed -9 left of its own: the copy of an original it was reading, an access spool
        assert [str(p) for p in left if p.parts[0] not in ("tmp", "audit-spool")] == [], (name, left)
        assert {writer_pid(p.name) for p in left} <= hosts.pids[name], (name, left)
    assert time.monotonic() - started < 240
