"""Fixtures: the sample pages indexed once per backend."""

from __future__ import annotations

import pytest

from tests.search.search_corpus import BACKENDS, build


@pytest.fixture(scope="session", params=BACKENDS)
def corpus(request, tmp_path_factory):
    """The sample pages indexed with one backend (read-only: tests must not write to it)."""
    index = build(tmp_path_factory.mktemp(f"corpus-{request.param}") / "index", request.param)
    yield index
    index.close()


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param
