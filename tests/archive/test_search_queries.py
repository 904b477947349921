"""What a prosecutor does all day (search, open a page, gather and present exhibits) reads the records
through their indexes: no statement it issues scans every page or every document.

At a province's 300k pages a scan of the pages table costs over 100 ms on every search (the hit
pages' word boxes were once read with a list of (document, page) pairs, which SQLite answers by
scanning the table). The plan of every statement is asked of SQLite itself.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event

from archive.records.models import User
from archive.retrieval.searching import run_search
from archive.trust.access import visibility
from tests.web.conftest import build_world

# Tables whose rows grow with the archive: read whole, they make every search slower by the page.
LARGE_TABLES = ("pages", "documents")


@pytest.fixture
def world(archive):
    return build_world(archive)


def _plans_during(archive, action) -> list[tuple[str, list[str]]]:
    statements: list[tuple[str, tuple]] = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(archive.engine, "before_cursor_execute", remember)
    try:
        action()
    finally:
        event.remove(archive.engine, "before_cursor_execute", remember)
    plans = []
    with archive.engine.connect() as conn:
        for statement, parameters in statements:
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
            plans.append((statement, [row[-1] for row in rows]))
    return plans


def _scans(plans) -> list[tuple[str, str]]:
    """The statements whose plan reads a growing table whole, with the step that does."""
    return [
        (statement, step)
        for statement, steps in plans
        for step in steps
        if any(step.startswith(f"SCAN {table}") for table in LARGE_TABLES)
    ]


@pytest.mark.parametrize("group", ["page", "document"])
def test_no_search_statement_scans_a_growing_table(world, group):
    archive = world.archive
    with archive.session() as session:
        vis = visibility(session, session.query(User).filter_by(username="ksv_p").one())
    found = []

    def search():
        found.append(run_search(archive, "bị can", visibility=vis, group=group))

    plans = _plans_during(archive, search)
    assert found[0]["hits"] and all(h.get("boxes", True) for h in found[0]["hits"])
    assert plans, "the search read the records"
    assert not _scans(plans), _scans(plans)


def test_no_statement_of_a_search_through_the_app_scans_a_growing_table(world):
    """The same through HTTP as a prosecutor: who they are, the search, the page it opens, and the
    access record written for each."""
    from fastapi.testclient import TestClient

    from tests.web.conftest import login
    from web.app import create_app

    archive = world.archive
    with TestClient(create_app(archive)) as client:
        assert login(client, "ksv_p").status_code in (302, 303)
        responses = []

        def browse():
            responses.append(client.get("/api/search", params={"q": "bi can"}))
            hit = responses[0].json()["hits"][0]
            responses.append(client.get(f"/api/documents/{hit['document_id']}/pages/{hit['page']}/image"))
            responses.append(client.get("/search", params={"q": "bị can"}))

        plans = _plans_during(archive, browse)
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert not _scans(plans), _scans(plans)


def test_no_statement_of_gathering_and_presenting_exhibits_scans_a_growing_table(world):
    """A prosecutor puts a found page into an exhibit set, opens the set and presents it."""
    from fastapi.testclient import TestClient

    from tests.web.conftest import csrf_of, login
    from web.app import create_app

    archive = world.archive
    with TestClient(create_app(archive)) as client:
        assert login(client, "ksv_p").status_code in (302, 303)
        client.headers["X-CSRF-Token"] = csrf_of(client)
        responses = []

        def gather():
            made = client.post("/api/exhibit-sets", json={"case": "HS-P-1", "title": "Phiên sơ thẩm"})
            set_id = made.json()["id"]
            item = {"document_id": world.docs["P"], "page": 1}
            responses.extend([made, client.post(f"/api/exhibit-sets/{set_id}/items", json=item)])
            responses.append(client.get(f"/exhibits/{set_id}"))
            responses.append(client.get(f"/exhibits/{set_id}/present"))

        plans = _plans_during(archive, gather)
    assert [r.status_code for r in responses] == [201, 201, 200, 200]
    assert not _scans(plans), _scans(plans)
