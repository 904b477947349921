"""Which search backend the archive uses: HOSO_SEARCH_BACKEND when set, else PostgreSQL's own
search when the records live in PostgreSQL, else the embedded Tantivy index."""

from __future__ import annotations

import pytest

from archive.runtime.settings import Settings


def test_backend_named_in_the_environment_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("HOSO_SEARCH_BACKEND", "Whoosh")
    assert Settings(home=tmp_path).resolved_search_backend == "whoosh"
    monkeypatch.setenv("HOSO_SEARCH_BACKEND", "tantivy")
    postgres = "postgresql+psycopg://postgres@127.0.0.1:5432/hoso"
    assert Settings(home=tmp_path, database_url=postgres).resolved_search_backend == "tantivy"


def test_default_follows_the_database(monkeypatch, tmp_path):
    monkeypatch.delenv("HOSO_SEARCH_BACKEND", raising=False)
    assert Settings(home=tmp_path).resolved_search_backend == "tantivy"
    for url in ("postgresql+psycopg://postgres@127.0.0.1:5432/hoso", "postgresql://db.internal/hoso"):
        settings = Settings(home=tmp_path, database_url=url)
        assert settings.resolved_search_backend == "postgres"
        assert settings.search_location("postgres") == url  # no index folder in the home
    sqlite = Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'x.db'}")
    assert sqlite.resolved_search_backend == "tantivy"
    assert sqlite.search_location("tantivy") == tmp_path.resolve() / "index-tantivy"


def test_unknown_backend_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("HOSO_SEARCH_BACKEND", "elastic")
    with pytest.raises(ValueError, match="tantivy, whoosh, postgres"):
        Settings(home=tmp_path).resolved_search_backend  # noqa: B018
