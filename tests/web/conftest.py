"""Fixtures for web tests: a small world of units, cases, users and OCR'd pages, and signed-in clients."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from PIL import Image, ImageDraw

from archive.records.models import Case, Document, Page, Unit
from archive.trust.accounts import assign_case, create_user
from web.app import create_app

PASSWORD = "mat-khau-an-toan"


@dataclass
class World:
    archive: object
    docs: dict[str, int]


def page_image(width: int = 400, height: int = 560) -> bytes:
    image = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(image).rectangle((40, 40, 200, 60), fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return buffer.getvalue()


def add_document(archive, session, case: Case | None, unit: Unit, text: str, name: str) -> int:
    """A processed one-page document with word boxes, its page image stored, indexed for search."""
    sha = hashlib.sha256(name.encode()).hexdigest()
    words, x = [], 40
    for word in text.split():
        words.append([word, [x, 40, x + 12 * len(word), 60], 0.95])
        x += 12 * len(word) + 10
    document = Document(
        sha256=sha,
        filename=name,
        media_type="image/jpeg",
        size=100,
        case_id=case.id if case else None,
        unit_id=unit.id,
        status="done",
        page_count=1,
        pages_done=1,
        doc_type="cao_trang",
        doc_date=dt.date(2024, 3, 1),
        link_status="manual" if case else "none",
    )
    session.add(document)
    session.flush()
    session.add(Page(document_id=document.id, number=1, text=text, words=words, confidence=0.95, width=400, height=560))
    archive.blobs.write_page_image(sha, 1, page_image())
    return document.id


@pytest.fixture(autouse=True)
def quick_hashing(monkeypatch):
    """Cheaper argon2 parameters for tests (production keeps the library's defaults)."""
    import archive.trust.accounts as accounts

    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def world(archive) -> World:
    return build_world(archive)


def build_world(archive) -> World:
    """Province P with regional unit R under it; province Q elsewhere; cases in each; one restricted."""
    docs = {}
    with archive.transaction() as s:
        p = Unit(code="P", name="VKSND tỉnh Phú Thọ", level="provincial")
        q = Unit(code="Q", name="VKSND tỉnh Quảng Ninh", level="provincial")
        s.add_all([p, q])
        s.flush()
        r = Unit(code="R", name="VKSND khu vực 1 Phú Thọ", level="regional", parent_id=p.id)
        s.add(r)
        s.flush()
        cases = {
            "P": Case(code="HS-P-1", unit_id=p.id, kind="HS", title="Vụ lừa đảo chiếm đoạt tài sản", folios=10),
            "R": Case(code="HS-R-1", unit_id=r.id, kind="HS", title="Vụ trộm cắp tài sản"),
            "Q": Case(code="HS-Q-1", unit_id=q.id, kind="HS", title="Vụ cố ý gây thương tích"),
            "X": Case(code="HS-P-MAT", unit_id=p.id, kind="HS", title="Vụ án hạn chế", restricted=True),
        }
        s.add_all(cases.values())
        s.flush()
        docs["P"] = add_document(archive, s, cases["P"], p, "Cáo trạng truy tố bị can Nguyễn Văn An", "p.jpg")
        docs["R"] = add_document(archive, s, cases["R"], r, "Cáo trạng truy tố bị can Trần Văn Bình", "r.jpg")
        docs["Q"] = add_document(archive, s, cases["Q"], q, "Cáo trạng truy tố bị can Lê Văn Cường", "q.jpg")
        docs["X"] = add_document(archive, s, cases["X"], p, "Cáo trạng truy tố bị can Phạm Văn Dũng", "x.jpg")
        for name, role, unit in [
            ("staff_p", "staff", "P"),
            ("ksv_p", "prosecutor", "P"),
            ("ksv_p2", "prosecutor", "P"),
            ("ksv_r", "prosecutor", "R"),
            ("ksv_q", "prosecutor", "Q"),
            ("admin", "admin", None),
            ("tk_p", "statistician", "P"),
        ]:
            create_user(s, name, PASSWORD, role, unit, full_name=f"Nguyễn {name}")
        s.flush()
        from archive.records.models import User

        ksv_p2 = s.query(User).filter_by(username="ksv_p2").one()
        assign_case(s, ksv_p2, cases["X"])
    archive.outbox.drain()
    return World(archive=archive, docs=docs)


@pytest.fixture
def app(world):
    return create_app(world.archive)


def login(client: TestClient, username: str, password: str = PASSWORD):
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )


def csrf_of(client: TestClient) -> str:
    page = client.get("/cases")
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', page.text).group(1)


@pytest.fixture
def client_for(app):
    """`client_for("ksv_p")`: a TestClient signed in as that user, with its CSRF header set.

    The clients do not run the app's lifespan: the `archive` fixture owns (and closes) the archive."""

    def make(username: str) -> TestClient:
        client = TestClient(app)
        response = login(client, username)
        assert response.status_code == 303, response.text
        client.headers["X-CSRF-Token"] = csrf_of(client)
        return client

    return make
