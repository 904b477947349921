"""The single batching writer: batches, ordering, and waiting out another process's lock."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time

from search import BatchingWriter, PageEntry, open_index
from tests.search.search_corpus import keys, search

HOLD_LOCK = {
    "whoosh": """
        from whoosh import index
        ix = index.open_dir(PATH)
        w = ix.writer(timeout=5)
        print("locked", flush=True)
        time.sleep(HOLD)
        w.cancel()
    """,
    "tantivy": """
        import tantivy
        ix = tantivy.Index.open(PATH)
        w = ix.writer(heap_size=15_000_000, num_threads=1)
        print("locked", flush=True)
        time.sleep(HOLD)
        w.rollback()
        del w
    """,
}


def hold_lock(backend: str, path, seconds: float) -> subprocess.Popen:
    """Another process that holds the index's write lock for `seconds`."""
    code = f"import time\nPATH = {str(path)!r}\nHOLD = {seconds}\n" + textwrap.dedent(HOLD_LOCK[backend])
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_batches_and_applies_in_order(backend, tmp_path):
    index = open_index(tmp_path / "ix", backend)
    writer = BatchingWriter(index, linger=0.3)
    for doc in range(1, 31):
        writer.submit_replace(
            doc, [PageEntry(doc, 1, f"biên bản số {doc} về vụ trộm cắp"), PageEntry(doc, 2, "ký tên")]
        )
    writer.submit_replace(3, [PageEntry(3, 1, "kết luận giám định")])  # re-processed: last one wins
    writer.submit_delete(4)
    writer.submit_add([PageEntry(5, 3, "phụ lục trộm cắp")])
    assert writer.flush(timeout=30)
    assert writer.pending == 0
    assert writer.commits < 10  # batched, not one commit per document
    assert index.count() == 30 * 2 - 2 - 1 + 1
    assert keys(search(index, "giám định")) == [(3, 1)]
    assert (4, 1) not in keys(search(index, "trộm cắp", limit=100))
    assert (5, 3) in keys(search(index, "phụ lục"))
    assert writer.close(timeout=10)


def test_busy_lock_delays_the_write_but_never_drops_it(backend, tmp_path):
    path = tmp_path / "ix"
    index = open_index(path, backend)
    index.add([PageEntry(1, 1, "bản cũ")])
    writer = BatchingWriter(index, linger=0.05, max_retry_delay=0.2)
    other = hold_lock(backend, path, 1.5)
    try:
        started = time.monotonic()
        writer.submit_replace(1, [PageEntry(1, 1, "cáo trạng đã sửa")])
        writer.submit_replace(2, [PageEntry(2, 1, "quyết định truy tố")])
        assert not writer.flush(timeout=0.5)  # still waiting for the other writer
        assert writer.flush(timeout=30)
        assert time.monotonic() - started >= 1.0
    finally:
        other.wait(timeout=30)
    assert writer.busy_retries > 0
    assert writer.last_error is None
    assert keys(search(index, "cáo trạng")) == [(1, 1)]
    assert keys(search(index, "truy tố")) == [(2, 1)]
    assert keys(search(index, "bản cũ")) == []
    writer.close(timeout=10)


def test_submissions_from_many_threads(backend, tmp_path):
    index = open_index(tmp_path / "ix", backend)
    writer = BatchingWriter(index, linger=0.05)

    def worker(base):
        for i in range(10):
            writer.submit_replace(base + i, [PageEntry(base + i, 1, f"hồ sơ vụ án {base + i} lừa đảo")])

    threads = [threading.Thread(target=worker, args=(n * 100,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert writer.flush(timeout=30)
    assert index.count() == 40
    assert search(index, "lừa đảo").total == 40
    writer.close(timeout=10)


def test_direct_write_waits_for_the_lock_too(backend, tmp_path):
    path = tmp_path / "ix"
    index = open_index(path, backend)
    other = hold_lock(backend, path, 1.0)
    try:
        index.add([PageEntry(9, 1, "biên bản khám nghiệm hiện trường")])
    finally:
        other.wait(timeout=30)
    assert keys(search(index, "khám nghiệm")) == [(9, 1)]
