"""Index maintenance through the Engine: incremental add, replace, remove, no rebuild."""

from __future__ import annotations

from service.matching import Engine


def small_engine() -> Engine:
    engine = Engine()
    engine.upsert_entity("putin", "Vladimir Putin", "person")
    engine.upsert_entity("palmyra", "Palmyra", "place")
    engine.add_aliases([(1, "putin", "Vladimir Putin"), ("k2", "palmyra", "Palmyra")])
    return engine


def test_entity_name_alone_is_not_an_alias() -> None:
    engine = Engine()
    engine.upsert_entity("putin", "Vladimir Putin", "person")
    assert len(engine) == 0
    assert engine.resolve("Vladimir Putin").status == "no_match"


def test_add_alias_is_found_at_once() -> None:
    engine = small_engine()
    assert engine.resolve("Tadmur").status == "no_match"
    engine.add_alias(3, "palmyra", "Tadmur")
    assert len(engine) == 3
    match = engine.resolve("Tadmur").match
    assert match is not None and match.entity_id == "palmyra" and match.alias_key == 3
    assert match.matched_alias == "Tadmur" and match.name == "Palmyra"


def test_re_adding_a_key_replaces_the_alias() -> None:
    engine = small_engine()
    engine.add_alias("k2", "palmyra", "Tadmur")
    assert len(engine) == 2
    assert engine.resolve("Tadmur").status == "matched"
    assert engine.resolve("Palmyra").status == "no_match"


def test_remove_alias_and_absent_key() -> None:
    engine = small_engine()
    engine.remove_alias(1)
    engine.remove_alias(999)
    assert len(engine) == 1
    assert engine.resolve("Vladimir Putin").status == "no_match"


def test_remove_entity_drops_its_aliases() -> None:
    engine = small_engine()
    engine.add_alias(3, "putin", "Владимир Путин")
    engine.remove_entity("putin")
    engine.remove_entity("nobody")
    assert len(engine) == 1
    assert engine.resolve("Vladimir Putin").candidates == []
    engine.upsert_entity("putin", "Vladimir Putin", "person")
    engine.add_alias(4, "putin", "V. V. Putin")
    assert engine.resolve("Vladimir Putin").candidates[0].entity_id == "putin"


def test_alias_before_metadata_and_type_update() -> None:
    engine = Engine()
    engine.add_alias(1, "tanf", "al-Tanf")
    engine.upsert_entity("tanf", "al-Tanf", "place")
    result = engine.resolve("Et-Tanf", entity_type="place")
    assert result.match is not None and result.match.entity_type == "place"
    assert engine.resolve("Et-Tanf", entity_type="person").candidates == []


def test_index_caches_live_on_the_index() -> None:
    first, second = small_engine(), small_engine()
    first.add_alias(3, "palmyra", "Tadmur")
    assert second.resolve("Tadmur").status == "no_match"


def test_removed_aliases_do_not_set_the_retrieval_floor() -> None:
    import numpy as np

    from service.matching.ranking import above_floor

    uniq = np.array([10, 11, 12])
    totals = np.array([9.0, 3.0, 1.0])  # slot 10 was removed; 11 is the best live one
    kept = list(above_floor(uniq, totals, 2, 0.4, lambda slot: slot != 10))
    assert kept == [11]  # 12 is under 0.4 x 3.0; 11 is kept although under 0.4 x 9.0
