"""Opening, versioning and rebuilding indexes: picks the backend, records the schema and
analyzer version next to the index, and reports when an index must be rebuilt."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from .analyzer import ANALYZER_VERSION
from .base import BaseIndex
from .model import IndexNeedsRebuild, PageEntry

SCHEMA_VERSION = 3  # 2: each page stores its document's number and issuer; 3: tantivy syllable pairs
BACKENDS = ("tantivy", "whoosh", "postgres")
# Tantivy meets the latency and indexing targets at a province's scale (bench/search_bench.py) on
# one machine; PostgreSQL's full-text search is shared by every app server of a database.
DEFAULT_BACKEND = "tantivy"
SHARED_BACKEND = "postgres"
META_FILE = "hoso-search.json"


def default_backend(database_url: str | None = None) -> str:
    """The backend to use when none is chosen: PostgreSQL's own search when the records live in
    PostgreSQL (every app server then shares it), else DEFAULT_BACKEND."""
    from .postgres import is_postgres_url  # the PostgreSQL driver only for the shared backend

    return SHARED_BACKEND if is_postgres_url(database_url) else DEFAULT_BACKEND


def check_backend(name: str | None) -> str | None:
    """A backend name as configured (any case), or None; refuses an unknown one."""
    name = (name or "").strip().lower() or None
    if name is not None and name not in BACKENDS:
        raise ValueError(f"search backend must be one of {', '.join(BACKENDS)}, not {name!r}")
    return name


def _meta(backend: str) -> dict:
    return {"backend": backend, "schema_version": SCHEMA_VERSION, "analyzer_version": ANALYZER_VERSION}


def _backend_class(backend: str):
    # Each engine's library (and psycopg) is imported only when that engine is chosen.
    if backend == "whoosh":
        from .whoosh_backend import WhooshIndex

        return WhooshIndex
    if backend == "tantivy":
        from .tantivy_backend import TantivyIndex

        return TantivyIndex
    if backend == "postgres":
        from .postgres import PostgresIndex

        return PostgresIndex
    raise ValueError(f"unknown search backend {backend!r}; choose one of {', '.join(BACKENDS)}")


def open_index(path: Path | str, backend: str | None = None, **options) -> BaseIndex:
    """Open the index at `path` (for "postgres": a database URL), creating it when missing or empty.

    Raises IndexNeedsRebuild (with a reason) when the stored backend, schema or analyzer
    version differs or the index is corrupt; the caller then calls recreate_index() and
    re-adds every page from its database (see rebuild_index)."""
    backend = backend or DEFAULT_BACKEND
    cls = _backend_class(backend)
    if backend == SHARED_BACKEND:
        return cls(str(path), create=False, **options)  # the version record is a table beside the pages
    path = Path(path)
    meta_path = path / META_FILE
    if not path.exists() or not any(path.iterdir()):
        return recreate_index(path, backend)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexNeedsRebuild("the index has no version record") from exc
    except (OSError, ValueError) as exc:
        raise IndexNeedsRebuild(f"the index version record is unreadable: {exc}") from exc
    expected = _meta(backend)
    for key in ("backend", "schema_version", "analyzer_version"):
        if meta.get(key) != expected[key]:
            raise IndexNeedsRebuild(f"{key} changed: index has {meta.get(key)!r}, this version needs {expected[key]!r}")
    return cls(path, create=False)


def recreate_index(path: Path | str, backend: str | None = None, **options) -> BaseIndex:
    """Delete whatever is at `path` and create an empty index with the current version."""
    backend = backend or DEFAULT_BACKEND
    cls = _backend_class(backend)
    if backend == SHARED_BACKEND:
        return cls(str(path), create=True, **options)
    path = Path(path)
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    index = cls(path, create=True)
    tmp = path / (META_FILE + ".tmp")
    tmp.write_text(json.dumps(_meta(backend)), encoding="utf-8")
    tmp.replace(path / META_FILE)
    return index


def rebuild_index(
    path: Path | str,
    entries: Iterable[PageEntry],
    backend: str | None = None,
    total: int | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    batch_size: int = 2000,
    **options,
) -> BaseIndex:
    """Recreate the index and add every page from `entries` (the database), in batches,
    calling progress(pages_done, total) after each batch. Backs `hoso index rebuild`."""
    index = recreate_index(path, backend, **options)
    done = 0
    batch: list[PageEntry] = []
    for entry in entries:
        batch.append(entry)
        if len(batch) >= batch_size:
            index.add(batch)
            done += len(batch)
            batch = []
            if progress:
                progress(done, total)
    if batch:
        index.add(batch)
        done += len(batch)
    index.finish_bulk()
    if progress:
        progress(done, total)
    return index


def open_or_rebuild(
    path: Path | str,
    load_all: Callable[[], Iterable[PageEntry]],
    backend: str | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    **options,
) -> tuple[BaseIndex, str | None]:
    """Open the index, rebuilding it from `load_all()` when it needs it.
    Returns (index, reason it was rebuilt or None)."""
    try:
        return open_index(path, backend, **options), None
    except IndexNeedsRebuild as exc:
        return rebuild_index(path, load_all(), backend, progress=progress, **options), exc.reason
