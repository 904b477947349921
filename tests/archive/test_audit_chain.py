"""The audit chain on SQLite and PostgreSQL: rows refused any change by the database itself, and every kind
of tampering (an edited, deleted, inserted, back-dated row, a cut-off tail, a moved anchor) found by `verify`."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import text

from archive.core import Archive
from archive.records.models import AuditEvent, ReportSignoff
from archive.runtime.settings import Settings
from archive.trust.audit import AuditContext, acting_as, record, verify
from tests.databases import database_url  # noqa: F401  (fixture)


@pytest.fixture
def chained(tmp_path, database_url):  # noqa: F811
    archive = Archive(Settings(home=tmp_path / "home", database_url=database_url, workers=1))
    with acting_as(AuditContext("ksv_a", "prosecutor", "P", "10.1.2.3")):
        for n in range(1, 13):
            with archive.transaction() as session:
                record(session, "page.image.view", f"document:{n}/page:1", detail={"n": n})
    yield archive
    archive.close()


def _drop_triggers(archive) -> None:
    """What a database administrator could do: the chain must still show what was done after."""
    with archive.engine.begin() as conn:
        if archive.engine.dialect.name == "postgresql":
            conn.exec_driver_sql("DROP TRIGGER audit_events_append_only ON audit_events")
        else:
            conn.exec_driver_sql("DROP TRIGGER audit_events_no_update")
            conn.exec_driver_sql("DROP TRIGGER audit_events_no_delete")


def _verify(archive):
    with archive.session() as session:
        return verify(session)


def test_rows_carry_who_where_and_link_to_the_one_before(chained):
    result = _verify(chained)
    assert result.ok and result.rows == 12 and result.head_seq == 12
    with chained.session() as session:
        rows = session.query(AuditEvent).order_by(AuditEvent.seq).all()
    assert [r.seq for r in rows] == list(range(1, 13))
    assert all(r.prev_hash == p.hash for p, r in zip(rows, rows[1:], strict=False))
    assert {(r.actor, r.role, r.unit, r.client, r.outcome) for r in rows} == {
        ("ksv_a", "prosecutor", "P", "10.1.2.3", "ok")
    }


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET actor = 'x' WHERE seq = 3",
        "DELETE FROM audit_events WHERE seq = 3",
        "DELETE FROM audit_events",
    ],
)
def test_the_database_refuses_changes_to_the_trail(chained, statement):
    with pytest.raises(Exception, match="append-only"):
        with chained.engine.begin() as conn:
            conn.exec_driver_sql(statement)
    assert _verify(chained).ok


def test_an_edited_row_is_named(chained):
    _drop_triggers(chained)
    with chained.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE audit_events SET target = 'document:99/page:1' WHERE seq = 5")
    result = _verify(chained)
    assert (result.ok, result.problem, result.broken_seq) == (False, "edited", 5)


def test_a_deleted_row_is_named(chained):
    _drop_triggers(chained)
    with chained.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_events WHERE seq = 7")
    result = _verify(chained)
    assert (result.ok, result.problem, result.broken_seq) == (False, "missing", 7)


def test_a_cut_off_tail_is_found(chained):
    _drop_triggers(chained)
    with chained.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_events WHERE seq > 9")
    result = _verify(chained)
    assert (result.ok, result.problem, result.broken_seq) == (False, "truncated", 10)


def test_a_row_slipped_in_between_is_found(chained):
    """A forged row placed between two real ones: the next real row no longer links to what stands before it."""
    _drop_triggers(chained)
    with chained.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE audit_events SET seq = -seq WHERE seq > 4")  # (only possible without triggers)
        conn.exec_driver_sql("UPDATE audit_events SET seq = 1 - seq WHERE seq < 0")
        conn.execute(
            text(
                "INSERT INTO audit_events (seq, at, actor, action, target, outcome, prev_hash, hash) "
                "VALUES (5, :at, 'ksv_a', 'page.image.view', 'document:1/page:1', 'ok', :prev, :h)"
            ),
            {"at": dt.datetime(2026, 1, 1), "prev": "0" * 64, "h": "f" * 64},
        )
    result = _verify(chained)
    assert not result.ok and result.problem in {"edited", "inserted"} and result.broken_seq is not None


def test_a_row_added_after_the_head_is_found(chained):
    _drop_triggers(chained)
    with chained.session() as session:
        last = session.query(AuditEvent).order_by(AuditEvent.seq.desc()).first()
        values = {"seq": last.seq + 1, "at": dt.datetime.now(dt.UTC).replace(tzinfo=None), "prev": last.hash}
    with chained.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_events (seq, at, actor, action, target, outcome, prev_hash, hash) "
                "VALUES (:seq, :at, 'ksv_a', 'search', NULL, 'ok', :prev, 'f')"
            ),
            values,
        )
    result = _verify(chained)
    assert not result.ok and result.problem in {"edited", "inserted"}


def test_a_back_dated_row_with_a_recomputed_chain_is_found(chained):
    """Even one who recomputes every hash after adding a row in the past is caught by the time order."""
    from archive.trust.audit import link_hash, row_content

    _drop_triggers(chained)
    with chained.session() as session:
        last = session.query(AuditEvent).order_by(AuditEvent.seq.desc()).first()
        forged = AuditEvent(
            seq=last.seq + 1,
            at=dt.datetime(2025, 1, 1),
            actor="ksv_a",
            action="page.image.view",
            target="document:1/page:1",
            outcome="ok",
            detail=None,
            prev_hash=last.hash,
        )
        forged.hash = link_hash(last.hash, row_content(forged))
        values = {"seq": forged.seq, "at": forged.at, "hash": forged.hash, "prev": last.hash}
    with chained.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_events (seq, at, actor, action, target, outcome, prev_hash, hash) "
                "VALUES (:seq, :at, 'ksv_a', 'page.image.view', 'document:1/page:1', 'ok', :prev, :hash)"
            ),
            values,
        )
        conn.execute(text("UPDATE audit_head SET seq = :seq, hash = :hash"), values)
    result = _verify(chained)
    assert (result.ok, result.problem, result.broken_seq) == (False, "backdated", 13)


def test_a_rewritten_chain_no_longer_meets_a_signed_report(chained):
    with chained.transaction() as session:
        seq, digest = session.execute(text("SELECT seq, hash FROM audit_head")).one()
        session.add(
            ReportSignoff(
                period_from=dt.date(2025, 12, 1),
                period_to=dt.date(2026, 11, 30),
                figures={},
                sha256="0" * 64,
                signed_by="vt",
                audit_seq=seq,
                audit_hash=digest,
            )
        )
    assert _verify(chained).ok
    with chained.engine.begin() as conn:
        conn.execute(text("UPDATE report_signoffs SET audit_hash = :h"), {"h": "a" * 64})
    result = _verify(chained)
    assert (result.ok, result.problem) == (False, "anchor")


def test_writers_at_once_never_fork_the_chain(chained):
    errors = []

    def write(n: int) -> None:
        try:
            for i in range(10):
                with chained.transaction() as session:
                    record(session, "search", None, detail={"thread": n, "i": i})
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    result = _verify(chained)
    assert result.ok and result.rows == 12 + 40


def test_the_command_names_the_broken_row(chained, tmp_path):
    from typer.testing import CliRunner

    from archive.cli.main import app

    env = {"HOSO_HOME": str(tmp_path / "home"), "COLUMNS": "200"}
    if chained.engine.dialect.name == "postgresql":
        env["HOSO_DATABASE_URL"] = chained.engine.url.render_as_string(hide_password=False)
    intact = CliRunner().invoke(app, ["audit", "verify"], env=env)
    assert intact.exit_code == 0 and "nguyên vẹn: 12 dòng" in intact.output
    _drop_triggers(chained)
    with chained.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_events WHERE seq = 4")
    broken = CliRunner().invoke(app, ["audit", "verify"], env=env)
    assert broken.exit_code == 1
    assert "bị phá vỡ tại dòng #4" in broken.output and "có dòng đã bị xóa" in broken.output


def test_a_dead_process_spool_chained_by_two_processes_at_once_adds_each_row_once(chained):
    """The web processes of one host each chain what a process that died left spooled, at the same moment."""
    import subprocess

    context = AuditContext("ksv_a", "prosecutor", "P", "10.1.2.3")
    for n in range(30):
        chained.access_log.append("page.image.view", f"document:{n}/page:1", outcome="ok", detail=None, context=context)
    spooled = chained.access_log._rotate()
    dead = subprocess.Popen(["true"])
    dead.wait()
    spooled.rename(spooled.with_name(f"{dead.pid}-left.jsonl"))
    others = [Archive(chained.settings) for _ in range(2)]
    try:
        barrier, errors = threading.Barrier(len(others)), []

        def flush(archive) -> None:
            barrier.wait()
            try:
                archive.access_log.flush()
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=flush, args=(archive,)) for archive in others]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        for archive in others:
            archive.close()
    assert not errors
    result = _verify(chained)
    assert result.ok and result.rows == 12 + 30
    assert list(chained.access_log.folder.glob("*.jsonl")) == []
