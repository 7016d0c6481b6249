"""The follower applies committed changes with no request asking: NOTIFY on PostgreSQL,
polling on SQLite, and a catch-up after the listening connection is killed."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from service.follower import Follower
from service.resolver import Resolver
from service.store import Store


def wait_for(condition, timeout: float = 10.0) -> float:  # type: ignore[no-untyped-def]
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if condition():
            return time.monotonic() - start
        time.sleep(0.02)
    raise AssertionError("condition not met in time")


def add_person(store: Store, name: str) -> None:
    store.create_entity(name=name, entity_type="person", alias_specs=[], external_ids={}, actor="t")


def test_follower_applies_changes_without_requests(db_store: Store) -> None:
    resolver = Resolver(db_store, record_unresolved=False, refresh_per_request=False)
    resolver.load()
    follower = Follower(resolver, db_store.url, catchup_seconds=1.0)
    follower.ensure_started()
    try:
        wait_for(lambda: follower.status.mode in ("listen", "poll"))
        add_person(db_store, "Ghassan Salamé")
        wait_for(lambda: resolver.applied_seq == db_store.last_seq())
        outcome = resolver.resolve("Ghassan Salame")
        assert outcome.resolution.status == "matched"
    finally:
        follower.stop()


@pytest.mark.postgres  # only PostgreSQL has a listening connection to kill
def test_follower_survives_a_killed_connection(store: Store) -> None:
    assert store.url.startswith("postgresql")
    resolver = Resolver(store, record_unresolved=False, refresh_per_request=False)
    resolver.load()
    follower = Follower(resolver, store.url, catchup_seconds=1.0)
    follower.ensure_started()
    try:
        wait_for(lambda: follower.status.mode == "listen")
        with store.engine.begin() as conn:
            killed = conn.execute(
                sa.text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE application_name = 'polyonym-follower'"
                )
            ).scalar()
        assert killed >= 1
        add_person(store, "Staffan de Mistura")
        wait_for(lambda: resolver.applied_seq == store.last_seq(), timeout=5.0)
    finally:
        follower.stop()
