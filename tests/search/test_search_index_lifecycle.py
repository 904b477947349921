"""Incremental updates, persistence, versioning, corruption and rebuilds."""

from __future__ import annotations

import json
import os

import pytest

from search import (
    IndexNeedsRebuild,
    PageEntry,
    open_index,
    open_or_rebuild,
    rebuild_index,
    recreate_index,
)
from tests.search.search_corpus import PAGES, keys, search


def test_add_replaces_the_same_page_and_replace_document_drops_old_pages(backend, tmp_path):
    index = open_index(tmp_path / "ix", backend)
    index.add([PageEntry(7, 1, "lệnh bắt bị can"), PageEntry(7, 2, "lệnh tạm giam"), PageEntry(8, 1, "tạm giam")])
    index.add([PageEntry(7, 1, "lệnh khám xét")])
    assert index.count() == 3
    assert keys(search(index, "bắt")) == []
    assert keys(search(index, "khám xét")) == [(7, 1)]
    # re-classified / re-processed: the document now has one page, with a new type
    index.replace_document(7, [PageEntry(7, 1, "lệnh khám xét khẩn cấp", doc_type="lenh_kham_xet")])
    assert index.count() == 2
    assert keys(search(index, "tạm giam")) == [(8, 1)]
    assert search(index, "khẩn cấp").hits[0].doc_type == "lenh_kham_xet"
    index.delete_document(8)
    assert index.count() == 1 and keys(search(index, "tạm giam")) == []
    index.clear()
    assert index.count() == 0


def test_relinking_moves_a_document_between_cases(backend, tmp_path):
    index = open_index(tmp_path / "ix", backend)
    index.add([PageEntry(5, 1, "biên bản thu giữ vật chứng", case="VA-1", unit="U1")])
    index.replace_document(5, [PageEntry(5, 1, "biên bản thu giữ vật chứng", case="VA-2", unit="U1")])
    assert keys(search(index, "vật chứng", case="VA-2")) == [(5, 1)]
    assert keys(search(index, "vật chứng", case="VA-1")) == []


def test_index_survives_reopening(backend, tmp_path):
    index = open_index(tmp_path / "ix", backend)
    index.add(PAGES)
    index.close()
    again = open_index(tmp_path / "ix", backend)
    assert again.count() == len(PAGES)
    assert (101, 1) in keys(search(again, "bi can nguyen van hung lua dao"))


@pytest.mark.parametrize("key", ["analyzer_version", "schema_version", "backend"])
def test_version_change_asks_for_a_rebuild(backend, tmp_path, key):
    open_index(tmp_path / "ix", backend).add(PAGES[:2])
    meta_path = tmp_path / "ix" / "hoso-search.json"
    meta = json.loads(meta_path.read_text())
    meta[key] = "something-else"
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(IndexNeedsRebuild) as info:
        open_index(tmp_path / "ix", backend)
    assert key in info.value.reason


def test_other_backends_index_is_not_opened(tmp_path):
    open_index(tmp_path / "ix", "whoosh").add(PAGES[:1])
    with pytest.raises(IndexNeedsRebuild):
        open_index(tmp_path / "ix", "tantivy")


def _corrupt(path):
    victims = [p for p in path.rglob("*") if p.is_file() and p.name != "hoso-search.json" and p.stat().st_size]
    assert victims
    for p in victims:
        data = bytearray(p.read_bytes())
        for i in range(0, len(data), 7):
            data[i] ^= 0x5A
        p.write_bytes(bytes(data))


def test_corrupt_index_is_detected_and_rebuilt_from_the_database(backend, tmp_path):
    path = tmp_path / "ix"
    open_index(path, backend).add(PAGES)
    _corrupt(path)

    def open_and_read():
        search(open_index(path, backend), "hùng")  # some damage only shows when reading

    with pytest.raises(IndexNeedsRebuild):
        open_and_read()
    index, reason = open_or_rebuild(path, lambda: iter(PAGES), backend)
    assert reason
    assert index.count() == len(PAGES)
    assert (101, 1) in keys(search(index, "nguyen van hung"))


def test_missing_version_record_asks_for_a_rebuild(backend, tmp_path):
    open_index(tmp_path / "ix", backend).add(PAGES[:1])
    os.remove(tmp_path / "ix" / "hoso-search.json")
    with pytest.raises(IndexNeedsRebuild):
        open_index(tmp_path / "ix", backend)


def test_rebuild_reports_progress(backend, tmp_path):
    seen = []
    index = rebuild_index(
        tmp_path / "ix",
        iter(PAGES * 3),
        backend,
        total=len(PAGES) * 3,
        progress=lambda done, total: seen.append((done, total)),
        batch_size=10,
    )
    assert index.count() == len(PAGES)  # the same pages three times: replaced, not duplicated
    assert seen[-1] == (len(PAGES) * 3, len(PAGES) * 3)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_recreate_empties_the_index(backend, tmp_path):
    open_index(tmp_path / "ix", backend).add(PAGES)
    assert recreate_index(tmp_path / "ix", backend).count() == 0
