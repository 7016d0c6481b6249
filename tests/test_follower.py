"""The follower applies committed changes with no request asking: NOTIFY on PostgreSQL,
polling on SQLite, and a catch-up after the listening connection is killed."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from service.store import Store
from tests.helpers import following, wait_for


def add_person(store: Store, name: str) -> None:
    store.create_entity(name=name, entity_type="person", alias_specs=[], external_ids={}, actor="t")


def test_follower_applies_changes_without_requests(db_store: Store) -> None:
    with following(db_store) as (resolver, _):
        add_person(db_store, "Ghassan Salamé")
        wait_for(lambda: resolver.applied_seq == db_store.last_seq())
        outcome = resolver.resolve("Ghassan Salame")
        assert outcome.resolution.status == "matched"


@pytest.mark.postgres  # only PostgreSQL has a listening connection to kill
def test_follower_survives_a_killed_connection(store: Store) -> None:
    assert store.url.startswith("postgresql")
    with following(store, modes=("listen",)) as (resolver, _):
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
