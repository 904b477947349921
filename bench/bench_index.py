"""The index a benchmark measures: an embedded engine in a folder, or PostgreSQL's search in
tables of its own (dropped when the benchmark closes it)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search import recreate_index  # noqa: E402

POSTGRES_URL = os.environ.get("HOSO_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


def new_index(path: Path, backend: str, table: str = "bench_search_pages"):
    """An empty index of `backend`: in the folder `path`, or for postgres in the database of
    HOSO_BENCH_POSTGRES (default: the local server's postgres database), table `table`."""
    if backend == "postgres":
        index = recreate_index(POSTGRES_URL, backend, table=table)
        close = index.close

        def drop():
            index.drop()
            close()

        index.close = drop
        return index
    return recreate_index(path, backend)
