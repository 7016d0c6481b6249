"""Index maintenance through the Engine: incremental add, replace, remove, no rebuild."""

from __future__ import annotations

from service.matching import Engine
from service.matching.keys import skeleton


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


def test_a_word_counts_once_however_many_keys_reach_an_alias() -> None:
    """ "aleksandrovich" reaches "Alexandrovich ALEXANDROV" through four keys (its own, the
    one without a glued "al", and the near "aleksandrov" twice); counted four times, a
    shared patronymic pushed the namesake with the same surname out of retrieval."""
    engine = Engine()
    engine.upsert_entity("fursenko", "Sergei Fursenko", "person")
    engine.add_alias(0, "fursenko", "Sergey FURSENKO")
    for n, (given, surname) in enumerate(
        [("Alexey", "ALEXANDROV"), ("Aleksey", "ALEXANDROV"), ("Andrey", "PAVLOV"),
         ("Igor", "KORNET"), ("Vasiliy", "NIKITIN"), ("Aleksey", "KOSTRUBITSKY")],
        start=1,
    ):  # fmt: skip
        engine.upsert_entity(f"p{n}", f"{given} {surname}", "person")
        engine.add_alias(n, f"p{n}", f"{given} Alexandrovich {surname}")
    surnames = "IVANOV PETROV SIDOROV LAVROV SHOIGU MEDVEDEV KIRIYENKO SOBYANIN NARYSHKIN PESKOV"
    surnames += " ZOLOTOV BORTNIKOV"
    for n, surname in enumerate(surnames.split(), start=20):  # "Sergey" is common here
        engine.upsert_entity(f"p{n}", f"Sergey {surname}", "person")
        engine.add_alias(n, f"p{n}", f"Sergey {surname}")
    result = engine.resolve("Sergey Aleksandrovich FURSENKO")
    assert result.candidates[0].entity_id == "fursenko"


def test_small_and_large_sums_agree() -> None:
    from array import array

    from service.matching.ranking import sum_large, sum_small

    groups = [
        [(array("i", [1, 2, 3]), 2.0), (array("i", [2, 3, 4]), 1.5)],
        [(array("i", [3, 5]), 0.5)],
    ]
    small = sum_small(groups)
    assert small == {1: 2.0, 2: 2.0, 3: 2.5, 4: 1.5, 5: 0.5}
    slots, totals = sum_large(groups)
    assert dict(zip(slots.tolist(), totals.tolist(), strict=True)) == small


def test_keys_added_after_a_look_up_join_its_cached_neighbours() -> None:
    """A write adds keys while query words sit in the neighbour cache: the cached answer
    must equal a fresh look-up (same keys, same order) without clearing the cache."""
    engine = small_engine()
    index = engine.index
    words = ["shaibani", "shaibanov", "sharaa", "sharaf", "assad", "asadi", "tanf", "putin"]
    for word in words:
        index.neighbours(skeleton(word))
    for n, name in enumerate(["Asaad al-Shaybani", "Ahmad al-Sharaʿ", "Asad", "Putina"]):
        engine.add_alias(100 + n, "shaibani", name)
    for word in words:
        cached = index.neighbours(skeleton(word))
        index.neighbour_cache.clear()
        assert cached == index.neighbours(skeleton(word)), word


def test_aliases_with_the_same_words_are_scored_once_per_entity() -> None:
    """Two entities may hold the same words ("Kuraymah", two towns): both are candidates.
    Within one entity, the earlier of two same-word aliases is the one reported."""
    engine = Engine()
    engine.upsert_entity("north", "Kuraymah", "place")
    engine.upsert_entity("south", "Kuraymah", "place")
    engine.add_aliases(
        [(1, "north", "Kuraymah"), (2, "north", "al-Kuraymah"), (3, "south", "Kuraymah")]
    )
    found = engine.resolve("Kuraymah")
    assert found.status == "ambiguous"
    assert [(c.entity_id, c.alias_key, c.score) for c in found.candidates] == [
        ("north", 1, 1.0),
        ("south", 3, 1.0),
    ]


def test_liveness_follows_adds_removals_and_replacements() -> None:
    """is_live reads a byte per slot rather than the alias name; the two must agree after
    any sequence of writes (a replaced key tombstones its old slot)."""
    engine = small_engine()
    index = engine.index
    engine.add_alias(50, "palmyra", "Tadmur")
    engine.add_alias(50, "palmyra", "Tadmor")  # replaces: slot of "Tadmur" is dead
    engine.add_alias(51, "palmyra", "Palmira")
    engine.remove_alias(51)
    engine.remove_entity("palmyra")
    engine.add_alias(52, "shaibani", "Shaybani")
    assert len(index.alias_live) == len(index.alias_names)
    for slot, name in enumerate(index.alias_names):
        assert index.is_live(slot) == (name is not None)
    assert len(engine) == sum(index.alias_live)
    expected = {index.kid_idf(kid) for kid in range(len(index.kid_skel))}
    assert expected == {index.idf(skel) for skel in index.kid_skel}
