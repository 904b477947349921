"""Opening, versioning and rebuilding indexes: picks the backend, records the schema and
analyzer version next to the index, and reports when an index must be rebuilt."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from .analyzer import ANALYZER_VERSION
from .base import BaseIndex
from .model import IndexNeedsRebuild, PageEntry

SCHEMA_VERSION = 2  # 2: each page stores its document's number and issuer
BACKENDS = ("tantivy", "whoosh")
# Tantivy meets the latency and indexing targets at a province's scale (bench/search_bench.py);
# Whoosh stays available with HOSO_SEARCH_BACKEND=whoosh.
DEFAULT_BACKEND = "tantivy"
META_FILE = "hoso-search.json"


def default_backend() -> str:
    """The backend named by HOSO_SEARCH_BACKEND, else DEFAULT_BACKEND."""
    name = os.environ.get("HOSO_SEARCH_BACKEND", "").strip().lower() or DEFAULT_BACKEND
    if name not in BACKENDS:
        raise ValueError(f"HOSO_SEARCH_BACKEND must be one of {', '.join(BACKENDS)}, not {name!r}")
    return name


def _meta(backend: str) -> dict:
    return {"backend": backend, "schema_version": SCHEMA_VERSION, "analyzer_version": ANALYZER_VERSION}


def _backend_class(backend: str):
    if backend == "whoosh":
        from .whoosh_backend import WhooshIndex

        return WhooshIndex
    if backend == "tantivy":
        from .tantivy_backend import TantivyIndex

        return TantivyIndex
    raise ValueError(f"unknown search backend {backend!r}; choose one of {', '.join(BACKENDS)}")


def open_index(path: Path, backend: str | None = None) -> BaseIndex:
    """Open the index at `path`, creating it when the folder is missing or empty.

    Raises IndexNeedsRebuild (with a reason) when the stored backend, schema or analyzer
    version differs or the index is corrupt; the caller then calls recreate_index() and
    re-adds every page from its database (see rebuild_index)."""
    backend = backend or default_backend()
    cls = _backend_class(backend)
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


def recreate_index(path: Path, backend: str | None = None) -> BaseIndex:
    """Delete whatever is at `path` and create an empty index with the current version."""
    backend = backend or default_backend()
    cls = _backend_class(backend)
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
    path: Path,
    entries: Iterable[PageEntry],
    backend: str | None = None,
    total: int | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    batch_size: int = 2000,
) -> BaseIndex:
    """Recreate the index and add every page from `entries` (the database), in batches,
    calling progress(pages_done, total) after each batch. Backs `hoso index rebuild`."""
    index = recreate_index(path, backend)
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
    if progress:
        progress(done, total)
    return index


def open_or_rebuild(
    path: Path,
    load_all: Callable[[], Iterable[PageEntry]],
    backend: str | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> tuple[BaseIndex, str | None]:
    """Open the index, rebuilding it from `load_all()` when it needs it.
    Returns (index, reason it was rebuilt or None)."""
    try:
        return open_index(path, backend), None
    except IndexNeedsRebuild as exc:
        return rebuild_index(path, load_all(), backend, progress=progress), exc.reason
