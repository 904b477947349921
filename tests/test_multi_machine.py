"""The many-machine configuration for real: PostgreSQL records, a Redis queue, a separate worker.

Uses the PostgreSQL and Redis servers running on this machine; skips with a message when absent.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from archive.core import Archive
from archive.processing.ingest import Ingestor, expand_paths
from archive.records.models import Document
from archive.retrieval.searching import run_search
from archive.runtime.settings import Settings
from tests.databases import NEEDS_POSTGRES_AND_REDIS

REDIS_URL = os.environ.get("HOSO_TEST_REDIS", "redis://127.0.0.1:6379/14")


pytestmark = NEEDS_POSTGRES_AND_REDIS


def test_worker_on_another_process_processes_uploads_through_redis(tmp_path, postgres_url, redis_queue, scans):
    home = tmp_path / "shared-home"
    env = dict(
        os.environ,
        HOSO_HOME=str(home),
        HOSO_DATABASE_URL=postgres_url,
        HOSO_QUEUE_URL=redis_queue,
        HOSO_WORKERS="1",
        HOSO_JOB_THREADS="1",
    )
    settings = Settings(home=home, database_url=postgres_url, queue_url=redis_queue, workers=1)
    archive = Archive(settings)  # the "web server": migrates PostgreSQL, enqueues on Redis
    worker = None
    try:
        report = Ingestor(archive, on_created=archive.queue.enqueue).ingest_all(expand_paths([scans["png"]]))
        document_id = report.documents[0].id
        assert archive.queue.pending_document_ids() == {document_id}
        worker = subprocess.Popen(
            [sys.executable, "-m", "archive.cli", "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 240
        status = "queued"
        while time.monotonic() < deadline and status not in ("done", "failed"):
            time.sleep(1)
            with archive.session() as session:
                status = session.get(Document, document_id).status
        assert status == "done"
        # The worker indexed into PostgreSQL's search tables; this process sees the hit.
        assert run_search(archive, "quyet dinh khoi to")["total"] == 1
        # so does another app server with a home of its own: the index is not a folder in any home
        other = Archive(
            Settings(home=tmp_path / "other-home", database_url=postgres_url, queue_url=redis_queue, workers=1)
        )
        try:
            assert other.search.backend == "postgres"
            assert run_search(other, "quyet dinh khoi to")["total"] == 1
        finally:
            other.close()
        assert not list(home.glob("index-*")) and not list((tmp_path / "other-home").glob("index-*"))
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        archive.close()


def test_index_outbox_drains_from_one_holder_of_the_advisory_lock_at_a_time(tmp_path, postgres_url, scans):
    """While another machine holds the drain lock, this one applies nothing and keeps the rows; once released,
    it drains them."""
    import sqlalchemy

    from archive.records.models import OutboxEntry
    from archive.runtime.outbox import ADVISORY_LOCK_KEY

    archive = Archive(Settings(home=tmp_path / "home", database_url=postgres_url, workers=1))
    other = sqlalchemy.create_engine(
        postgres_url.replace("postgresql://", "postgresql+psycopg://", 1)
        if postgres_url.startswith("postgresql://")
        else postgres_url
    )
    try:
        Ingestor(archive).ingest_all(expand_paths([scans["png"]]))
        with archive.session() as session:
            queued = session.query(OutboxEntry).count()
        assert queued > 0
        with other.connect() as holder:
            assert holder.scalar(sqlalchemy.text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_LOCK_KEY})
            assert archive.outbox.drain() == 0
            with archive.session() as session:
                assert session.query(OutboxEntry).count() == queued
            holder.scalar(sqlalchemy.text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_LOCK_KEY})
        assert archive.outbox.drain() >= 1
        with archive.session() as session:
            assert session.query(OutboxEntry).count() == 0
    finally:
        other.dispose()
        archive.close()
