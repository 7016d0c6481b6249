"""The store on SQLite and PostgreSQL: IDs, versions, tombstones, change feed, seed."""

from __future__ import annotations

import pytest

from service.bulk import read_seed
from service.config import Settings
from service.errors import EntityGone, EntityNotFound, VersionConflict
from service.live.bootstrap import prepare_store
from service.store import Store


def make(store: Store, name: str = "Test Person") -> str:
    entity = store.create_entity(
        name=name,
        entity_type="person",
        alias_specs=[("T. Person", None, False)],
        external_ids={},
        actor="t",
    )
    return entity.entity_id


def test_seed_loaded_once_with_fixed_ids(db_store: Store, db_settings: Settings) -> None:
    seed = read_seed()
    loaded = db_store.load_entities([r["id"] for r in seed])
    assert len(loaded) == len(seed)
    assert prepare_store(db_store, db_settings) == 0
    assert len(db_store.changes_since(0, limit=10_000)) == len(seed)


def test_new_ids_never_collide_with_seed_or_reuse(db_store: Store) -> None:
    seed_ids = {r["id"] for r in read_seed()}
    first = make(db_store)
    assert first not in seed_ids
    db_store.delete_entity(first, 1, "t")
    second = make(db_store)
    assert second != first and second > first


def test_version_compare_and_set(db_store: Store) -> None:
    entity_id = make(db_store)
    db_store.update_entity(entity_id, 1, {"name": "Renamed"}, "a")
    with pytest.raises(VersionConflict):
        db_store.update_entity(entity_id, 1, {"name": "Lost update"}, "b")
    assert db_store.get_entity(entity_id).name == "Renamed"


def test_tombstone_and_unknown(db_store: Store) -> None:
    entity_id = make(db_store)
    db_store.delete_entity(entity_id, None, "t")
    with pytest.raises(EntityGone):
        db_store.get_entity(entity_id)
    with pytest.raises(EntityNotFound):
        db_store.get_entity("E999999")


def test_change_feed_is_ordered(db_store: Store) -> None:
    start = db_store.last_seq()
    entity_id = make(db_store)
    db_store.add_alias(entity_id, "Another", "en", None, "t")
    feed = db_store.changes_since(start)
    assert [c.kind for c in feed] == ["create", "alias_add"]
    assert [c.seq for c in feed] == sorted(c.seq for c in feed)
    assert feed[1].before["version"] == 1 and feed[1].after["version"] == 2


def test_integrity_check(db_store: Store) -> None:
    assert db_store.integrity_check() == "ok"


def test_integrity_check_finds_a_corrupted_sqlite_file(store: Store) -> None:
    """An index that no longer agrees with its table (what a torn write leaves) is reported;
    SQLite only: on PostgreSQL the check is the server's own business and answers "ok"."""
    assert store.integrity_check() == "ok"
    with store.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA writable_schema = ON")
        conn.exec_driver_sql(
            "UPDATE sqlite_master SET sql = 'CREATE INDEX ix_aliases_norm ON aliases (entity_id)'"
            " WHERE name = 'ix_aliases_norm'"
        )
    store.engine.dispose()  # the next connection reads the tampered schema
    report = store.integrity_check()
    assert report != "ok" and "ix_aliases_norm" in report


def test_snapshot_streams_every_alias_with_its_entity(db_store: Store) -> None:
    """IDs that sort differently by locale ("b", "B", "a-1") still get their own aliases."""
    records = [
        {"id": entity_id, "type": "person", "name": f"Person {entity_id}",
         "aliases": [{"name": f"Alias {word} {n}", "lang": None} for n in range(3)]}
        for entity_id, word in (("b", "kilo"), ("B", "lima"), ("a-1", "mike"), ("a_1", "oscar"),
                                ("Z9", "papa"), ("z10", "romeo"))
    ]  # fmt: skip
    db_store.import_records(list(enumerate(records, start=1)), "t")
    with db_store.active_entities(batch=2) as (_, entities, _):
        loaded = {e.entity_id: [a.name for a in e.aliases] for e in entities}
    for record in records:
        assert loaded[record["id"]] == [a["name"] for a in record["aliases"]]
