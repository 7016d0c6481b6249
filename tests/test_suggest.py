"""The suggest index on its own: prefixes of any word, in any script, through writes,
removals and merges of its delta into the suffix arrays."""

from __future__ import annotations

import pytest

from service.live import suggest
from service.live.suggest import SuggestIndex
from service.model import Alias, Entity


def person(entity_id: str, name: str, *aliases: str, **external: str) -> Entity:
    return Entity(
        entity_id, "person", name,
        [Alias(n, entity_id, a) for n, a in enumerate(aliases)], dict(external),
    )  # fmt: skip


@pytest.fixture
def index() -> SuggestIndex:
    table: dict[str, Entity] = {}

    def load(ids):  # type: ignore[no-untyped-def]
        return {i: table[i] for i in ids if i in table}

    built = SuggestIndex(load)
    built.table = table  # type: ignore[attr-defined]
    return built


def add(index: SuggestIndex, entity: Entity) -> None:
    index.table[entity.entity_id] = entity  # type: ignore[attr-defined]
    index.add(entity)


def ids(hits: list[suggest.SuggestHit]) -> list[str]:
    return [hit.entity.entity_id for hit in hits]


@pytest.mark.parametrize("compacted", [False, True], ids=["delta", "arrays"])
def test_prefixes_of_any_word_and_script(index: SuggestIndex, compacted: bool) -> None:
    add(index, person("E1", "Vladimir Putin", "Владимир Путин", wikidata="Q7747"))
    add(index, person("E2", "Bashar al-Assad", "بشار الأسد"))
    add(index, person("E3", "Vladislav Surkov"))
    if compacted:
        index.compact()
    assert ids(index.prefix("Влад")) == ["E1", "E3"]
    assert ids(index.prefix("put")) == ["E1"]
    assert index.prefix("put")[0].alias == "Vladimir Putin"
    assert ids(index.prefix("assad")) == ["E2"]
    assert ids(index.prefix("vladimir putin")) == ["E1"]
    assert ids(index.prefix("zz")) == []
    assert [
        e.entity_id
        for e in index.by_external_id("wikidata", "http://www.wikidata.org/entity/Q7747")
    ] == ["E1"]


def test_writes_after_a_merge(index: SuggestIndex) -> None:
    add(index, person("E1", "Vladimir Putin"))
    add(index, person("E2", "Vladislav Surkov"))
    index.compact()
    add(index, person("E1", "Wladimir Putin"))  # renamed: the old rows must not count
    index.remove("E2")
    add(index, person("E4", "Vladlen Tatarsky"))
    assert ids(index.prefix("vlad")) == ["E4"]
    assert ids(index.prefix("wlad")) == ["E1"]
    index.compact()
    assert ids(index.prefix("vlad")) == ["E4"]
    assert ids(index.prefix("wlad")) == ["E1"]


def test_many_writes_trigger_merges(index: SuggestIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(suggest, "COMPACT_AT", 5)
    for number in range(40):
        add(index, person(f"E{number:03d}", f"Name{number:03d} Family"))
    index.remove("E007")
    found = ids(index.prefix("name0", limit=100))
    assert found == sorted(f"E{n:03d}" for n in range(40) if n != 7 and n < 100)
    assert len(ids(index.prefix("family", limit=100))) == 39


def test_type_filter_and_empty_prefix(index: SuggestIndex) -> None:
    add(index, person("E1", "Beta Person"))
    add(index, Entity("E2", "place", "Alpha Town"))
    assert ids(index.prefix("", limit=5)) == ["E2", "E1"]
    assert ids(index.prefix("", entity_type="person")) == ["E1"]
