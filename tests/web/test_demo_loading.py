"""While the province demo set is still being generated in the background, the server signs people in."""

from __future__ import annotations

import threading
from pathlib import Path

from fastapi.testclient import TestClient

from archive.cli.demo import load_demo, load_province
from tests.web.conftest import login
from web.app import create_app

SAMPLES = Path(__file__).resolve().parents[2] / "sample_files" / "files"


def test_sign_in_answers_while_the_demo_is_loading(archive, monkeypatch):
    monkeypatch.setenv("HOSO_DEMO_PASSWORD", "Kiemsat@2026!")
    load_demo(archive, SAMPLES)  # units, cases and accounts, as run.sh does before the server starts
    first_file, release = threading.Event(), threading.Event()

    def on_file(done, total):
        first_file.set()
        release.wait(60)

    loader = threading.Thread(
        target=load_province, args=(archive, SAMPLES, 2, 1), kwargs={"on_file": on_file, "finish": False}
    )
    with TestClient(create_app(archive)) as client:
        loader.start()
        assert first_file.wait(60)
        assert client.get("/api/health").json()["demo"]["state"] == "generating"
        response = login(client, "kiemsatvien", "Kiemsat@2026!")
        assert response.status_code == 303
        assert client.get("/").status_code == 200
        release.set()
        loader.join(60)
        assert client.get("/api/health").json()["demo"]["state"] == "queued"
