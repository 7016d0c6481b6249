"""Fixtures, and what each serves.

One chain of fixtures, on one database per test:

- ``database_url``: a fresh empty database per test. A SQLite file, unless the test asks for
  one of the ``db_`` fixtures below: then it runs twice, on SQLite and on PostgreSQL (the
  PostgreSQL copy is skipped, with the reason, when ``POLYONYM_TEST_DATABASE_URL`` is not
  set). A test marked ``postgres`` runs on PostgreSQL only.
- ``settings``: ``Settings`` for that database, curated table loaded.
- ``store``: a migrated, seeded ``Store`` on it.
- ``app`` / ``client``: the Flask app on that store and its test client.
- ``db_settings`` / ``db_store`` / ``db_app`` / ``db_client`` / ``db_runner``: the same
  objects, for tests whose behaviour could differ by database (they write or read the
  store): asking for any of them runs the test on every database.
- ``make_app``: builds more apps (other settings, another store); each is closed after the
  test, so its review flusher never writes into the next test's database.
- ``curator_key`` / ``admin_key``: bearer tokens created through the store.
- ``runner``: click's CliRunner with ``POLYONYM_DATABASE_URL`` pointing at the test database.

Under ``CI=true`` a skipped PostgreSQL or Chromium test fails the run (see
``pytest_runtest_makereport``): CI must never go green without them.
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from service.config import Settings
from service.live.bootstrap import open_store, prepare_store
from service.store import Store
from service.web import create_app


def worker_database(url: str | None) -> str | None:
    """``make test`` runs on two processes (pytest-xdist, ``-n 2``), and every PostgreSQL
    test starts by dropping the schema: each process past the first gets a database of its
    own beside the given one (``test_gw1``), created here if absent, so no process resets
    another's tables mid-test. The role needs CREATEDB for that (CI's trust role has it)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    if not url or worker == "gw0":
        return url
    given = sa.engine.make_url(url)
    name = f"{given.database or given.username or 'postgres'}_{worker}"  # libpq's default
    engine = sa.create_engine(given, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            found = conn.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).first()
            if found is None:
                quoted = name.replace('"', '""')
                conn.execute(sa.text(f'CREATE DATABASE "{quoted}"'))
    finally:
        engine.dispose()
    return given.set(database=name).render_as_string(hide_password=False)


PG_URL = worker_database(os.environ.get("POLYONYM_TEST_DATABASE_URL"))
CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
SHARED = Path(__file__).resolve().parents[2] / "shared"
DATABASES = ("sqlite", "postgresql")
# Asking for any of these runs the test on every database.
EVERY_DATABASE = {"db_settings", "db_store", "db_app", "db_client", "db_runner"}
# Tests that must never be skipped in CI, and what they need.
NEEDS = {"postgres": "PostgreSQL", "chromium": "Chromium"}


def reset_postgres(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


# -- which database, and CI's refusal to skip ---------------------------------------------


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "chromium: drives Debian's chromium (never skipped in CI)")
    # Hypothesis runs on a fresh seed each run, printed in the header so a failure replays
    # with --hypothesis-seed=N (tests that pin derandomize=True keep their fixed examples).
    # Under xdist the controller picks it and hands it to each worker (pytest_configure_node).
    if config.getoption("hypothesis_seed", None) is not None:
        return  # given on the command line: the hypothesis plugin applies it, here and in workers
    given = getattr(config, "workerinput", {}).get("hypothesis_seed")
    seed = int(given) if given is not None else random.SystemRandom().randrange(2**32)
    config.option.hypothesis_seed = str(seed)
    from hypothesis import core

    core.global_force_seed = seed  # type: ignore[assignment]


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """Every xdist worker draws from the seed the header prints, so one seed replays all."""
    node.workerinput["hypothesis_seed"] = node.config.getoption("hypothesis_seed")


def pytest_report_header(config: pytest.Config) -> list[str]:
    seed = config.getoption("hypothesis_seed", None)
    return [
        f"hypothesis seed: {seed} (replay with --hypothesis-seed={seed})",
        f"PostgreSQL: {'POLYONYM_TEST_DATABASE_URL is set' if PG_URL else 'not set, skipped'}",
        f"Chromium: {shutil.which('chromium') or 'not found, console tests skipped'}",
        f"CI={'true: a skipped PostgreSQL or Chromium test fails' if CI else 'false'}",
    ]


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """The seed again at the end: ``make test`` runs with -q, which drops the header."""
    seed = config.getoption("hypothesis_seed", None)
    terminalreporter.write_line(f"hypothesis seed: {seed} (replay with --hypothesis-seed={seed})")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database_url" not in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker("postgres"):
        metafunc.parametrize("database_url", ["postgresql"], indirect=True)
    elif EVERY_DATABASE & set(metafunc.fixturenames):
        metafunc.parametrize("database_url", DATABASES, indirect=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("database_url") == "postgresql":
            item.add_marker(pytest.mark.postgres)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    needed = [what for marker, what in NEEDS.items() if item.get_closest_marker(marker)]
    if CI and report.skipped and needed and not hasattr(report, "wasxfail"):
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        report.outcome = "failed"
        report.longrepr = (
            f"CI=true and this {' and '.join(needed)} test was skipped: {reason}\n"
            "CI must run every PostgreSQL and Chromium test (see .ci/run)."
        )
    return report


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    kind = getattr(request, "param", "sqlite")
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'polyonym.db'}"
        return
    if not PG_URL:
        pytest.skip("POLYONYM_TEST_DATABASE_URL is not set: PostgreSQL variant not run")
    reset_postgres(PG_URL)
    yield PG_URL


# -- the chain: settings, store, app, client ----------------------------------------------


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, follow_changes=False)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    store = open_store(settings)
    prepare_store(store, settings)
    yield store
    store.dispose()


@contextmanager
def open_app(settings: Settings, store: Store, **overrides: Any) -> Iterator[Flask]:
    """An app on ``store`` (``overrides`` replace settings fields), closed on leaving:
    the review flusher writes its last asks now, not into the next test's fresh database,
    and the change follower stops."""
    app = create_app(replace(settings, **overrides) if overrides else settings, store=store)
    try:
        yield app
    finally:
        state = app.extensions["polyonym"]
        if state.resolver.review is not None:
            state.resolver.review.close()
        follower = state.resolver.follower
        if follower is not None:  # no thread outlives its test (a later fork needs that)
            follower.stop()


@pytest.fixture
def make_app(settings: Settings) -> Iterator[Callable[..., Flask]]:
    """``make_app(store, app_settings=None, **overrides)``: another app, closed after the test."""
    with ExitStack() as stack:

        def make(store: Store, app_settings: Settings | None = None, **overrides: Any) -> Flask:
            return stack.enter_context(open_app(app_settings or settings, store, **overrides))

        yield make


@pytest.fixture
def app(store: Store, make_app: Callable[..., Flask]) -> Flask:
    return make_app(store)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def db_settings(settings: Settings) -> Settings:
    return settings


@pytest.fixture
def db_store(store: Store) -> Store:
    return store


@pytest.fixture
def db_app(app: Flask) -> Flask:
    return app


@pytest.fixture
def db_client(client: FlaskClient) -> FlaskClient:
    return client


@pytest.fixture
def curator_key(store: Store) -> str:
    return store.create_key("carol", "curator")


@pytest.fixture
def admin_key(store: Store) -> str:
    return store.create_key("ada", "admin")


@pytest.fixture
def runner(settings: Settings, store: Store) -> CliRunner:
    return CliRunner(env={"POLYONYM_DATABASE_URL": settings.database_url})


@pytest.fixture
def db_runner(runner: CliRunner) -> CliRunner:
    return runner
