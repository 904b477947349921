"""Search follows every edit of what it copies, through the API: the outbox is written with the edit and
drained into the index; a failed index write is kept and retried, and a document is done only once
it can be found."""

from __future__ import annotations

from sqlalchemy import select

from archive.records.models import Document, OutboxEntry


def hits(client, query: str = "cao trang truy to") -> set[int]:
    response = client.get("/api/search", params={"q": query, "limit": 50})
    assert response.status_code == 200, response.text
    return {hit["document_id"] for hit in response.json()["hits"]}


def test_restricting_a_case_takes_it_out_of_search_at_once(world, client_for):
    prosecutor = client_for("ksv_p")
    assert world.docs["P"] in hits(prosecutor)
    edited = client_for("staff_p").patch("/api/cases/HS-P-1", json={"restricted": True})
    assert edited.status_code == 200, edited.text
    assert world.docs["P"] not in hits(prosecutor)
    facets = prosecutor.get("/api/search", params={"q": "cao trang"}).json()["facets"]
    assert "HS-P-1" not in facets.get("case", {})


def test_a_case_moved_to_another_unit_is_found_there_and_no_longer_here(world, client_for):
    assert world.docs["R"] in hits(client_for("ksv_r"))
    moved = client_for("staff_p").patch("/api/cases/HS-R-1", json={"unit": "P"})
    assert moved.status_code == 200, moved.text
    assert world.docs["R"] not in hits(client_for("ksv_r"))
    assert world.docs["R"] in hits(client_for("ksv_p"))
    with world.archive.session() as session:
        assert session.scalar(select(OutboxEntry.id)) is None, "every row drained after the index commit"


def test_a_failed_index_write_is_kept_retried_and_shown(world, client_for, monkeypatch):
    """The index refuses writes here by a raised error: as root, a full or read-only disk cannot be made."""
    archive = world.archive
    real = archive.search.index.try_write

    def refuse(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(archive.search.index, "try_write", refuse)
    edited = client_for("staff_p").patch("/api/cases/HS-P-1", json={"restricted": True})
    assert edited.status_code == 200
    health = client_for("ksv_p").get("/api/health").json()
    assert health["status"] == "degraded"
    assert health["outbox"]["depth"] >= 1 and health["outbox"]["failing"] >= 1
    with archive.session() as session:
        row = session.scalar(select(OutboxEntry))
        assert row.attempts == 1 and row.next_attempt_at is not None and "No space" in row.last_error
        # retried once the back-off has passed
        row.next_attempt_at = None
        session.merge(row)
        session.commit()
    monkeypatch.setattr(archive.search.index, "try_write", real)
    assert archive.outbox.drain() >= 1
    assert world.docs["P"] not in hits(client_for("ksv_p"))
    assert client_for("ksv_p").get("/api/health").json() == {
        "status": "ok",
        "outbox": {"depth": 0, "oldest_seconds": None, "failing": 0, "last_error": None},
    }


def test_a_document_is_done_only_once_it_can_be_found(archive, scans, monkeypatch):
    from archive.processing.ingest import Ingestor, expand_paths
    from archive.retrieval.searching import run_search
    from archive.runtime.jobs import process_now

    monkeypatch.setattr(
        archive.search.index, "try_write", lambda *a, **k: (_ for _ in ()).throw(OSError(28, "No space left on device"))
    )
    report = Ingestor(archive).ingest_all(expand_paths([scans["png"]]))
    document_id = report.documents[0].id
    process_now(archive, [document_id])
    with archive.session() as session:
        document = session.get(Document, document_id)
        assert document.status == "indexing", document.failure_reason
    monkeypatch.undo()
    with archive.transaction() as session:
        for row in session.scalars(select(OutboxEntry)):
            row.next_attempt_at = None
    archive.outbox.drain()
    with archive.session() as session:
        assert session.get(Document, document_id).status == "done"
    assert run_search(archive, "quyet dinh")["total"] >= 1
