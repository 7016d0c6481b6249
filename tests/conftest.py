"""Fixtures, and what each serves.

- ``database_url``: a fresh empty database per test: a SQLite file, and the same test again
  on PostgreSQL when ``POLYONYM_TEST_DATABASE_URL`` is set (skipped with the reason otherwise).
- ``settings``: ``Settings`` for that database, curated table loaded.
- ``store``: a migrated, seeded ``Store`` on it.
- ``app`` / ``client``: the Flask app on that store and its test client.
- ``curator_key`` / ``admin_key``: bearer tokens created through the store.
- ``runner``: click's CliRunner with ``POLYONYM_DATABASE_URL`` pointing at the test database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from service.bootstrap import open_store, prepare_store
from service.config import Settings
from service.store import Store
from service.web import create_app

PG_URL = os.environ.get("POLYONYM_TEST_DATABASE_URL")
SHARED = Path(__file__).resolve().parents[2] / "shared"


def reset_postgres(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'polyonym.db'}"
        return
    if not PG_URL:
        pytest.skip("POLYONYM_TEST_DATABASE_URL is not set: PostgreSQL variant not run")
    reset_postgres(PG_URL)
    yield PG_URL


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, follow_changes=False)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    store = open_store(settings)
    prepare_store(store, settings)
    yield store
    store.dispose()


@pytest.fixture
def app(settings: Settings, store: Store) -> Iterator[Flask]:
    app = create_app(settings, store=store)
    yield app
    # the review flusher writes its last asks now, not into the next test's fresh database
    review = app.extensions["polyonym"].resolver.review
    if review is not None:
        review.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def curator_key(store: Store) -> str:
    return store.create_key("carol", "curator")


@pytest.fixture
def admin_key(store: Store) -> str:
    return store.create_key("ada", "admin")


@pytest.fixture
def runner(settings: Settings, store: Store) -> CliRunner:
    return CliRunner(env={"POLYONYM_DATABASE_URL": settings.database_url})
