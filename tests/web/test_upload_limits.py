"""Uploads through the API: the size limit holds while the body streams in, a bad ZIP entry rejects
that entry only, and a duplicate names the existing document only to someone who may see it."""

from __future__ import annotations

import asyncio
import io
import zipfile

from tests.archive.test_ingest_rejections import break_entry, docx_bytes, page_png, zip_of
from tests.web.conftest import page_image

LIMIT = 300_000
MARGIN = 1024 * 1024


def staged_files(world):
    return list(world.archive.blobs.tmp.iterdir())


def test_zip_of_good_bad_good_stores_both_good_entries(client_for, world):
    staff = client_for("staff_p")
    data = break_entry(zip_of({"1.png": page_png("một"), "2.png": page_png("hai"), "3.png": page_png("ba")}), "2.png")
    response = staff.post("/api/documents", files={"files": ("hoso.zip", data, "application/zip")})
    assert response.status_code == 200, response.text
    body = response.json()
    assert [d["filename"] for d in body["documents"]] == ["hoso.zip/1.png", "hoso.zip/3.png"]
    assert [(r["filename"], r["code"]) for r in body["rejected"]] == [("hoso.zip/2.png", "zip_entry_corrupt")]
    assert staged_files(world) == []


def test_word_file_is_refused_with_a_reason(client_for, world):
    staff = client_for("staff_p")
    response = staff.post("/api/documents", files={"files": ("to-trinh.docx", docx_bytes(), "application/zip")})
    assert response.status_code == 422
    assert [r["code"] for r in response.json()["rejected"]] == ["office_document"]


def test_duplicate_of_another_units_document_reveals_nothing(client_for, world):
    data = page_image(320, 450)
    stored = (
        client_for("admin")
        .post("/api/documents", data={"case": "HS-Q-1"}, files={"files": ("q-bi-mat.jpg", data, "image/jpeg")})
        .json()["documents"][0]
    )
    response = client_for("staff_p").post("/api/documents", files={"files": ("cua-toi.jpg", data, "image/jpeg")})
    assert response.status_code == 422
    assert response.json() == {
        "documents": [],
        "rejected": [{"filename": "cua-toi.jpg", "code": "duplicate_hidden", "reason": "Tệp này đã có trong kho"}],
    }
    assert stored["sha256"] not in response.text and "q-bi-mat" not in response.text


def test_duplicate_of_a_visible_document_names_it(client_for, world):
    staff = client_for("staff_p")
    data = page_image(330, 460)
    first = staff.post("/api/documents", files={"files": ("a.jpg", data, "image/jpeg")}).json()["documents"][0]
    again = staff.post("/api/documents", files={"files": ("b.jpg", data, "image/jpeg")}).json()["documents"][0]
    assert again["duplicate"] is True and again["id"] == first["id"]


def test_declared_oversized_body_is_refused_before_it_is_read(client_for, world, monkeypatch):
    monkeypatch.setattr(world.archive.settings, "max_upload_bytes", LIMIT)
    staff = client_for("staff_p")
    big = b"\xff\xd8\xff" + b"\x00" * (LIMIT + MARGIN + 10)
    response = staff.post("/api/documents", files={"files": ("lon.jpg", big, "image/jpeg")})
    assert response.status_code == 413
    assert "dung lượng" in response.json()["detail"]
    assert staged_files(world) == []


def test_streamed_body_without_length_stops_being_read_at_the_limit(app, client_for, world, monkeypatch):
    """A chunked body (no Content-Length) is counted as it arrives: reading stops just past the limit."""
    monkeypatch.setattr(world.archive.settings, "max_upload_bytes", LIMIT)
    staff = client_for("staff_p")
    boundary = "hoso-ranh-gioi"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="vo-tan.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n"
    ).encode()
    chunk = b"\x00" * 65536
    pulled = 0
    sent = []

    async def receive():
        nonlocal pulled
        body = head if pulled == 0 else chunk
        pulled += len(body)
        if pulled > 50 * (LIMIT + MARGIN):  # a server that never stops would read "for ever"
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": body, "more_body": True}

    async def send(message):
        sent.append(message)

    cookie = "; ".join(f"{name}={value}" for name, value in staff.cookies.items())
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/documents",
        "raw_path": b"/api/documents",
        "root_path": "",
        "query_string": b"",
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 5000),
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", f"multipart/form-data; boundary={boundary}".encode()),
            (b"cookie", cookie.encode()),
            (b"x-csrf-token", staff.headers["X-CSRF-Token"].encode()),
        ],
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    assert start["status"] == 413
    assert pulled <= LIMIT + MARGIN + 2 * len(chunk)
    assert staged_files(world) == []


def test_a_zip_within_the_limit_still_uploads(client_for, world, monkeypatch):
    monkeypatch.setattr(world.archive.settings, "max_upload_bytes", LIMIT)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("trang.jpg", page_image(340, 470))
    response = client_for("staff_p").post(
        "/api/documents", files={"files": ("nho.zip", buffer.getvalue(), "application/zip")}
    )
    assert response.status_code == 200, response.text
