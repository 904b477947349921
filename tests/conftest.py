"""Shared fixtures: an archive in a temporary home, and small real-looking page files."""

from __future__ import annotations

import pytest

from archive.core import Archive
from archive.settings import Settings


@pytest.fixture
def settings(tmp_path, monkeypatch) -> Settings:
    home = tmp_path / "hoso-data"
    monkeypatch.setenv("HOSO_HOME", str(home))
    monkeypatch.delenv("HOSO_DATABASE_URL", raising=False)
    monkeypatch.delenv("HOSO_QUEUE_URL", raising=False)
    return Settings(home=home, workers=2)


@pytest.fixture
def archive(settings):
    instance = Archive(settings)
    yield instance
    instance.close()
