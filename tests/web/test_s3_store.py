"""Blobs in an S3-compatible object store: a real S3 server (moto) on loopback, reached over HTTP.

Upload, process, view and download with nothing kept under HOSO_HOME; originals written once;
a store that drops the connection mid-upload leaves nothing half-written and the uploader told;
a store that cannot be reached is said so and processing waits for it; an object altered in the
bucket is found by `hoso verify`; a worker host with its own HOSO_HOME reads what another took in.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import socket
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pikepdf
import pytest

from archive.core import Archive
from archive.processing.ingest import Ingestor, expand_paths
from archive.processing.pipeline import Outcome, process_document
from archive.records.models import Document
from archive.runtime.blobs import S3BlobStore, Staged, original_key, page_image_key
from archive.runtime.settings import Settings
from tests.web.test_exhibits import add, make_set

moto_server = pytest.importorskip("moto.server", reason="moto is missing: pip install -e '.[dev]' (moto[server])")
boto3 = pytest.importorskip("boto3", reason="boto3 is missing: pip install -e .")

ROOT = Path(__file__).resolve().parents[2]
CUT_AFTER = 32 * 1024  # bytes of a request body let through before the store "fails"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class CuttingProxy:
    """A TCP relay in front of the S3 server that, once told to, drops any connection mid-request."""

    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self.cut_after: int | None = None
        self.cuts = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, source: socket.socket, target: socket.socket, outgoing: bool) -> None:
        sent = 0
        try:
            while data := source.recv(65536):
                if outgoing and self.cut_after is not None:
                    sent += len(data)
                    if sent > self.cut_after:
                        target.sendall(data[: max(0, len(data) - (sent - self.cut_after))])
                        self.cuts += 1
                        break
                target.sendall(data)
        except OSError:
            pass
        for sock in (source, target):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def close(self) -> None:
        self.listener.close()


@pytest.fixture(scope="module")
def s3_server():
    port = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def proxy(s3_server):
    relay = CuttingProxy(int(s3_server.rsplit(":", 1)[1]))
    yield relay
    relay.close()


@pytest.fixture
def bucket(s3_server):
    """A fresh bucket, and a client that talks to the server directly (as someone with bucket access)."""
    name = f"hoso-{uuid.uuid4().hex[:12]}"
    direct = boto3.client(
        "s3", endpoint_url=s3_server, aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1"
    )
    direct.create_bucket(Bucket=name)
    return name, direct


@pytest.fixture
def settings(tmp_path, monkeypatch, bucket, proxy) -> Settings:
    """The archive's settings with blobs in the bucket, reached through the relay."""
    home = tmp_path / "hoso-data"
    env = {
        "HOSO_HOME": str(home),
        "HOSO_BLOB_URL": f"s3://{bucket[0]}/tinh-phu-tho",
        "HOSO_S3_ENDPOINT_URL": f"http://127.0.0.1:{proxy.port}",
        "HOSO_S3_ACCESS_KEY": "test",
        "HOSO_S3_SECRET_KEY": "test",
        "HOSO_S3_REGION": "us-east-1",
        "HOSO_S3_ATTEMPTS": "2",
        "HOSO_S3_TIMEOUT_SECONDS": "10",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("HOSO_DATABASE_URL", raising=False)
    monkeypatch.delenv("HOSO_QUEUE_URL", raising=False)
    return Settings(workers=2)


def keys(bucket, prefix: str = "") -> list[str]:
    name, direct = bucket
    return [item["Key"] for item in direct.list_objects_v2(Bucket=name, Prefix=prefix).get("Contents", [])]


def body(bucket, key: str) -> bytes:
    name, direct = bucket
    return direct.get_object(Bucket=name, Key=key)["Body"].read()


def local_files(settings) -> list[Path]:
    """Blob files under HOSO_HOME (the database and index are expected there; blobs are not)."""
    home = settings.resolved_home
    return [p for folder in ("originals", "pages", "copies", "tmp") for p in (home / folder).rglob("*") if p.is_file()]


def upload(client, path: Path):
    return client.post(
        "/api/documents", data={"case": "HS-P-1"}, files={"files": (path.name, path.read_bytes(), "image/png")}
    )


def test_upload_process_view_and_download_through_the_object_store(client_for, world, scans, bucket, settings):
    staff = client_for("staff_p")
    data = scans["png"].read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    response = upload(staff, scans["png"])
    assert response.status_code == 200, response.text
    document_id = response.json()["documents"][0]["id"]

    key = f"tinh-phu-tho/{original_key(sha)}"
    assert body(bucket, key) == data
    stored = bucket[1].head_object(Bucket=bucket[0], Key=key, ChecksumMode="ENABLED")
    assert hashlib.sha256(data).digest() == base64.b64decode(stored["ChecksumSHA256"])

    assert process_document(world.archive, document_id) == Outcome.DONE
    with world.archive.session() as session:
        assert session.get(Document, document_id).status == "done"
    assert f"tinh-phu-tho/{page_image_key(sha, 1)}" in keys(bucket)
    assert any(k.endswith(f"{sha}.pdf") for k in keys(bucket, "tinh-phu-tho/copies/"))

    prosecutor = client_for("ksv_p")
    image = prosecutor.get(f"/api/documents/{document_id}/pages/1/image")
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    assert image.content == body(bucket, f"tinh-phu-tho/{page_image_key(sha, 1)}")
    assert prosecutor.get(f"/api/documents/{document_id}/pages/1/thumbnail").status_code == 200

    original = prosecutor.get(f"/api/documents/{document_id}/original")
    assert original.status_code == 200
    assert original.content == data and original.headers["x-content-sha256"] == sha
    assert "qd-khoi-to-bi-can.png" in original.headers["content-disposition"]
    pdf = prosecutor.get(f"/api/documents/{document_id}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    set_id = make_set(prosecutor, world)  # the exhibit bundle is built from the page images in the bucket
    item = add(prosecutor, set_id, document_id, region=[0, 0, 600, 400])["added"]
    assert prosecutor.get(f"/api/exhibit-sets/{set_id}/items/{item['id']}/thumbnail").status_code == 200
    bundle = prosecutor.get(f"/api/exhibit-sets/{set_id}/bundle.pdf")
    assert bundle.status_code == 200
    with pikepdf.open(io.BytesIO(bundle.content)) as document:
        assert len(document.pages) >= 2  # cover and index, then the exhibit

    assert local_files(settings) == []  # nothing of the blobs kept on this machine; the worker's copy is gone


def test_an_original_is_never_overwritten(archive, bucket, tmp_path):
    store: S3BlobStore = archive.blobs
    first = tmp_path / "first.bin"
    first.write_bytes(b"ban goc " * 5000)
    staged = store.stage(first.open("rb"), 10**9)
    store.commit(staged)
    key = f"tinh-phu-tho/{original_key(staged.sha256)}"

    # The store itself refuses a second write under the name.
    with pytest.raises(bucket[1].exceptions.ClientError) as refused:
        bucket[1].put_object(Bucket=bucket[0], Key=key, Body=b"khac", IfNoneMatch="*")
    assert refused.value.response["Error"]["Code"] == "PreconditionFailed"

    # Other bytes arriving under the same name (a forged or colliding hash) leave the original as it was.
    forged = tmp_path / "forged.bin"
    forged.write_bytes(b"ban da sua")
    store.commit(Staged(path=forged, sha256=staged.sha256, size=forged.stat().st_size))
    assert body(bucket, key) == first.read_bytes()

    # The same bytes again are a duplicate, not an error.
    store.commit(store.stage(first.open("rb"), 10**9))
    assert keys(bucket, "tinh-phu-tho/originals/") == [key]


def test_a_store_failing_mid_upload_keeps_nothing_half_written_and_says_so(
    client_for, world, scans, bucket, proxy, settings
):
    staff = client_for("staff_p")
    assert scans["png"].stat().st_size > 2 * CUT_AFTER
    proxy.cut_after = CUT_AFTER
    response = upload(staff, scans["png"])
    proxy.cut_after = None

    assert proxy.cuts >= 1
    assert response.status_code == 422, response.text
    (rejected,) = response.json()["rejected"]
    assert rejected["code"] == "store_unavailable"
    assert "kho lưu trữ" in rejected["reason"] and "tải lên lại" in rejected["reason"]
    assert keys(bucket, "tinh-phu-tho/originals/") == []
    with world.archive.session() as session:
        assert session.query(Document).filter_by(filename=scans["png"].name).count() == 0
    assert local_files(settings) == []

    again = upload(staff, scans["png"])  # the store is back: the same file goes in whole
    assert again.status_code == 200, again.text
    sha = again.json()["documents"][0]["sha256"]
    assert body(bucket, f"tinh-phu-tho/{original_key(sha)}") == scans["png"].read_bytes()


def hoso_verify(settings) -> subprocess.CompletedProcess:
    """`hoso verify` as an administrator runs it, with the same HOSO_* settings (set in the environment)."""
    return subprocess.run(
        [sys.executable, "-m", "archive.cli", "verify", "--json"],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        cwd=ROOT,
        timeout=300,
    )


def test_verify_rehashes_originals_from_the_bucket_and_finds_tampering(archive, scans, bucket, proxy, settings):
    (stored,) = Ingestor(archive).ingest_all(expand_paths([scans["png"]])).documents
    key = f"tinh-phu-tho/{original_key(stored.sha256)}"

    clean = hoso_verify(settings)
    assert clean.returncode == 0, clean.stderr
    assert json.loads(clean.stdout)["ok"] is True

    tampered = bytearray(body(bucket, key))
    tampered[-100] ^= 0xFF
    bucket[1].put_object(Bucket=bucket[0], Key=key, Body=bytes(tampered))  # straight into the bucket
    found = hoso_verify(settings)
    assert found.returncode == 1
    (problem,) = json.loads(found.stdout)["problems"]
    assert problem["document_id"] == stored.id and "thay đổi" in problem["reason"]
    assert problem["found_sha256"] == hashlib.sha256(tampered).hexdigest()

    proxy.cut_after = 0  # the store unreachable: said so, not taken for a loss
    try:
        unreachable = hoso_verify(settings)
    finally:
        proxy.cut_after = None
    assert unreachable.returncode == 1
    (problem,) = json.loads(unreachable.stdout)["problems"]
    assert "không truy cập được" in problem["reason"]

    bucket[1].delete_object(Bucket=bucket[0], Key=key)
    (problem,) = json.loads(hoso_verify(settings).stdout)["problems"]
    assert "bị mất" in problem["reason"]


def test_a_store_that_is_down_is_said_so_and_processing_waits_for_it(client_for, world, scans, bucket, proxy):
    staff = client_for("staff_p")
    document_id = upload(staff, scans["png"]).json()["documents"][0]["id"]
    proxy.cut_after = 0  # every request to the store is dropped
    try:
        image = client_for("ksv_p").get(f"/api/documents/{world.docs['P']}/pages/1/image")
        assert image.status_code == 503
        assert image.json()["detail"] == "Kho lưu trữ tệp tạm thời không truy cập được; hãy thử lại sau ít phút"
        assert process_document(world.archive, document_id) == Outcome.RETRY
    finally:
        proxy.cut_after = None
    with world.archive.session() as session:
        assert session.get(Document, document_id).status == "queued"
    assert process_document(world.archive, document_id) == Outcome.DONE


def test_a_worker_with_its_own_home_processes_what_another_host_took_in(archive, scans, settings, tmp_path):
    """Two hosts sharing the database and the bucket, not a folder: one takes the upload, the other reads it."""
    (stored,) = Ingestor(archive).ingest_all(expand_paths([scans["png"]])).documents
    other = Settings(home=tmp_path / "may-chu-2", database_url=settings.sqlalchemy_url, workers=1)
    worker_host = Archive(other)
    try:
        assert process_document(worker_host, stored.id) == Outcome.DONE
        assert local_files(other) == []
    finally:
        worker_host.close()
    assert archive.blobs.read_page_image(stored.sha256, 1)[:2] == b"\xff\xd8"  # a JPEG, seen from the first host
    assert local_files(settings) == []
