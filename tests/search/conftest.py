"""Fixtures: the sample pages indexed once per backend."""

from __future__ import annotations

import pytest

from tests.search.search_corpus import BACKENDS, EMBEDDED, build


@pytest.fixture(scope="session", params=BACKENDS)
def corpus(request, tmp_path_factory):
    """The sample pages indexed with one backend (read-only: tests must not write to it)."""
    index = build(tmp_path_factory.mktemp(f"corpus-{request.param}") / "index", request.param)
    yield index
    index.close()


@pytest.fixture(params=EMBEDDED)
def backend(request):
    """An engine kept in a folder (tests of files, locks and version records)."""
    return request.param


@pytest.fixture(params=BACKENDS)
def any_backend(request):
    """Every backend, PostgreSQL's included (build() makes its index)."""
    return request.param
