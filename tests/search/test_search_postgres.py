"""PostgreSQL's search as several app servers use it: one set of tables, seen by every opener,
one writer at a time, version changes noticed, and pages longer than a tsvector's positions."""

from __future__ import annotations

import uuid

import psycopg
import pytest

from search import IndexBusy, IndexNeedsRebuild, PageEntry, open_index, recreate_index
from search.postgres import connection_string
from tests.search.search_corpus import PAGES, keys, postgres_url, search


@pytest.fixture
def table():
    return "t_" + uuid.uuid4().hex[:12]


def test_two_app_servers_share_one_index(table):
    url = postgres_url()
    first = recreate_index(url, "postgres", table=table)
    second = open_index(url, "postgres", table=table)  # another process, another home: the same tables
    first.add(PAGES)
    assert keys(search(second, '"tố tụng hình sự"')) == [(103, 1)]
    second.replace_document(103, [PageEntry(103, 1, "Bản án đã bị hủy", case="VA-2023-031", unit="VKS-CG")])
    assert keys(search(first, '"tố tụng hình sự"')) == []
    assert keys(search(first, "hủy")) == [(103, 1)]
    first.close()
    second.close()


def test_a_second_writer_waits_its_turn(table):
    url = postgres_url()
    index = recreate_index(url, "postgres", table=table)
    with psycopg.connect(connection_string(url)) as other, other.transaction():
        other.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (table,))  # a writer in the middle of a batch
        with pytest.raises(IndexBusy):
            index.try_write((), [PageEntry(1, 1, "lệnh tạm giam")])
    index.try_write((), [PageEntry(1, 1, "lệnh tạm giam")])
    assert keys(search(index, "tạm giam")) == [(1, 1)]
    index.close()


def test_another_analyzer_version_asks_for_a_rebuild(table):
    url = postgres_url()
    recreate_index(url, "postgres", table=table).add(PAGES[:2])
    with psycopg.connect(connection_string(url), autocommit=True) as conn:
        conn.execute(f"UPDATE {table}_meta SET value = '0' WHERE key = 'analyzer_version'")
    with pytest.raises(IndexNeedsRebuild, match="analyzer_version"):
        open_index(url, "postgres", table=table)
    assert recreate_index(url, "postgres", table=table).count() == 0


def test_words_far_down_a_long_page_are_still_found(table):
    index = recreate_index(postgres_url(), "postgres", table=table)
    filler = "lời khai của người làm chứng " * 4000  # 24,000 syllables: beyond tsvector's 16,383 positions
    index.add([PageEntry(1, 1, filler + "kết luận giám định pháp y"), PageEntry(2, 1, "giám định " + filler)])
    assert set(keys(search(index, "pháp y"))) == {(1, 1)}
    assert set(keys(search(index, "giám định"))) == {(1, 1), (2, 1)}
    # a phrase is matched by position, and PostgreSQL keeps positions up to 16,383 only
    assert keys(search(index, '"giám định"')) == [(2, 1)]
    index.close()


def test_ranked_with_rum_where_the_extension_is_available(table):
    url = postgres_url()
    with psycopg.connect(connection_string(url)) as conn:
        available = conn.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'").fetchone() is not None
    index = recreate_index(url, "postgres", table=table)
    assert index.rum == available
    index.add(PAGES)
    index.finish_bulk()  # a rebuild builds the text index once its pages are in
    with psycopg.connect(connection_string(url)) as conn:
        method = conn.execute(
            "SELECT am.amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam WHERE c.relname = %s",
            (table + "_tsv",),
        ).fetchone()
    assert method == ("rum" if available else "gin",)
    assert keys(search(index, "hòa giải"))[0] == (105, 1)
    index.close()
