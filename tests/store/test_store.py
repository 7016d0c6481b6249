"""The store on SQLite and PostgreSQL: IDs, versions, tombstones, change feed, seed."""

from __future__ import annotations

import pytest

from service.bootstrap import prepare_store
from service.bulk import read_seed
from service.config import Settings
from service.errors import EntityGone, EntityNotFound, VersionConflict
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


def test_seed_loaded_once_with_fixed_ids(store: Store, settings: Settings) -> None:
    seed = read_seed()
    loaded = store.load_entities([r["id"] for r in seed])
    assert len(loaded) == len(seed)
    assert prepare_store(store, settings) == 0
    assert len(store.changes_since(0, limit=10_000)) == len(seed)


def test_new_ids_never_collide_with_seed_or_reuse(store: Store) -> None:
    seed_ids = {r["id"] for r in read_seed()}
    first = make(store)
    assert first not in seed_ids
    store.delete_entity(first, 1, "t")
    second = make(store)
    assert second != first and second > first


def test_version_compare_and_set(store: Store) -> None:
    entity_id = make(store)
    store.update_entity(entity_id, 1, {"name": "Renamed"}, "a")
    with pytest.raises(VersionConflict):
        store.update_entity(entity_id, 1, {"name": "Lost update"}, "b")
    assert store.get_entity(entity_id).name == "Renamed"


def test_tombstone_and_unknown(store: Store) -> None:
    entity_id = make(store)
    store.delete_entity(entity_id, None, "t")
    with pytest.raises(EntityGone):
        store.get_entity(entity_id)
    with pytest.raises(EntityNotFound):
        store.get_entity("E999999")


def test_change_feed_is_ordered(store: Store) -> None:
    start = store.last_seq()
    entity_id = make(store)
    store.add_alias(entity_id, "Another", "en", None, "t")
    feed = store.changes_since(start)
    assert [c.kind for c in feed] == ["create", "alias_add"]
    assert [c.seq for c in feed] == sorted(c.seq for c in feed)
    assert feed[1].before["version"] == 1 and feed[1].after["version"] == 2


def test_integrity_check(store: Store) -> None:
    assert store.integrity_check() == "ok"


def test_snapshot_streams_every_alias_with_its_entity(store: Store) -> None:
    """IDs that sort differently by locale ("b", "B", "a-1") still get their own aliases."""
    records = [
        {"id": entity_id, "type": "person", "name": f"Person {entity_id}",
         "aliases": [{"name": f"Alias {word} {n}", "lang": None} for n in range(3)]}
        for entity_id, word in (("b", "kilo"), ("B", "lima"), ("a-1", "mike"), ("a_1", "oscar"),
                                ("Z9", "papa"), ("z10", "romeo"))
    ]  # fmt: skip
    store.import_records(list(enumerate(records, start=1)), "t")
    with store.snapshot_active(batch=2) as (_, entities, _):
        loaded = {e.entity_id: [a.name for a in e.aliases] for e in entities}
    for record in records:
        assert loaded[record["id"]] == [a["name"] for a in record["aliases"]]
