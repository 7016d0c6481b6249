"""`make test` runs on two processes; each PostgreSQL test drops the schema first, so a
process past the first must get a database of its own (tests/conftest.worker_database)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.conftest import PG_URL, worker_database

pytestmark = pytest.mark.postgres


def test_the_first_process_keeps_the_given_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")
    assert worker_database(PG_URL) == PG_URL
    monkeypatch.delenv("PYTEST_XDIST_WORKER")
    assert worker_database(PG_URL) == PG_URL


def test_another_process_gets_its_own_database_created_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not PG_URL:
        pytest.skip("POLYONYM_TEST_DATABASE_URL is not set")
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw97")
    url = worker_database(PG_URL)
    assert url is not None and url != PG_URL
    try:
        assert worker_database(PG_URL) == url  # the second call finds it, creates nothing
        own = sa.create_engine(url)
        with own.connect() as conn:
            assert conn.execute(sa.text("SELECT current_database()")).scalar() == (
                sa.engine.make_url(url).database
            )
        own.dispose()
    finally:
        admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            name = sa.engine.make_url(url).database
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()
