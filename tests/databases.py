"""Both databases the archive runs on, for tests that must hold on each: SQLite in a temporary home, and a
fresh PostgreSQL database on the machine's server (skipped with a message where none is running)."""

from __future__ import annotations

import os
import socket
import uuid

import pytest

PG_ADMIN_URL = os.environ.get("HOSO_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def postgres_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def fresh_postgres_database():
    """Yields the URL of a new, empty PostgreSQL database and drops it afterwards."""
    if not postgres_reachable():
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    sqlalchemy = pytest.importorskip("sqlalchemy")
    pytest.importorskip("psycopg")
    name = f"hoso_test_{uuid.uuid4().hex[:10]}"
    admin = sqlalchemy.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request):
    """None for SQLite in the archive's home, or the URL of a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield None
        return
    yield from fresh_postgres_database()


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


# The many-machine tests: the machine's PostgreSQL and Redis, or a skip that says which one is missing.
NEEDS_POSTGRES_AND_REDIS = [
    pytest.mark.skipif(not reachable("127.0.0.1", 5432), reason="PostgreSQL is not running on 127.0.0.1:5432"),
    pytest.mark.skipif(not reachable("127.0.0.1", 6379), reason="Redis is not running on 127.0.0.1:6379"),
]
