"""A worker that only reads, facing ever new names, keeps every memo within its cap.

The memos are what keeps a resolve cheap (a word's rarity, near keys, similarities, alias
shapes); each is keyed by query words too, so without a cap a long-running read-only
worker would grow with every new spelling it is asked about.
"""

from __future__ import annotations

import pytest

from benchmarks.names import invented_names
from service.matching import Engine, index, scoring
from service.matching.memos import memo_sizes


@pytest.fixture
def engine() -> Engine:
    built = Engine()
    built.upsert_entity("putin", "Vladimir Putin", "person")
    built.upsert_entity("kadar", "Karam Kadar", "person")
    built.add_aliases([(1, "putin", "Vladimir Putin"), (2, "kadar", "Karam Kadar")])
    return built


def test_memos_keyed_by_query_words_stay_within_their_caps(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    cap = 40
    monkeypatch.setattr(index, "IDF_MEMO", cap)
    monkeypatch.setattr(index, "NEIGHBOUR_MEMO", cap)
    monkeypatch.setattr(scoring, "MEMO_WORDS", cap)
    watched = ("rarities", "near keys", "similarity rows")
    most = dict.fromkeys(watched, 0)
    for name in invented_names(400):
        engine.resolve(name)
        sizes = memo_sizes(engine.index)
        most = {memo: max(most[memo], sizes[memo]) for memo in watched}
    # one resolve may add its own words past the cap before the next one starts over
    one_query = 3 * 4 * 2  # words x (own, near) keys, generously
    assert all(0 < size <= cap + one_query for size in most.values()), most


def test_rarity_memo_starts_over_when_the_table_changes(engine: Engine) -> None:
    engine.resolve("Vladimir Putin")
    assert memo_sizes(engine.index)["rarities"] > 0
    engine.add_alias(3, "putin", "Wladimir Putin")
    assert engine.index.idf_lookup() == {}
