"""Database fixtures of the drill tests: every database test runs on SQLite and on PostgreSQL.

The PostgreSQL runs need a server: ``TUIYAN_TEST_PG_URL`` (for instance the URL that
``tests/pg_server.sh start DIR`` prints). Each test gets a database of its own, created
on that server and dropped afterwards. Without the variable the PostgreSQL runs are
skipped, unless ``TUIYAN_REQUIRE_PG=1`` makes that a failure (CI).
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy.engine import make_url

PG_ENV = "TUIYAN_TEST_PG_URL"


def _server_url() -> str:
    """The test server's URL; the test is skipped without one, or fails where one is required."""
    base = os.environ.get(PG_ENV)
    if not base:
        if os.environ.get("TUIYAN_REQUIRE_PG") == "1":
            pytest.fail(f"TUIYAN_REQUIRE_PG=1 but {PG_ENV} is not set (start one with tests/pg_server.sh)")
        pytest.skip(f"{PG_ENV} is not set")
    return base


def _postgres_database():
    import psycopg

    url = make_url(_server_url())
    name = f"tuiyan_{uuid.uuid4().hex[:12]}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """A fresh, empty database URL: a SQLite file in tmp_path, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'drills.sqlite'}"
    else:
        yield from _postgres_database()


@pytest.fixture
def pg_server() -> str:
    """The PostgreSQL test server's URL, for tests of what the server itself refuses."""
    return _server_url()
