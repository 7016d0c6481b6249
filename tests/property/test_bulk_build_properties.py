"""A bulk load builds the index that adding its aliases one by one builds, for any names.

The start-up load keys each distinct word once (word_keys.py), numbers tokens into
tables (bulk_keys.py) and fills the index in one loop (bulk_index.py): three shortcuts
past `build_keys` and `AliasIndex.add`, any of which could change an answer by changing
a key, a token's role or a slot. These compare the results themselves, for name-shaped
input (tests/strategies.py: articles, scripts, combining marks, invisible characters).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.matching import Engine, bulk_index, bulk_keys
from service.matching.keys import TokenKeys, build_keys
from service.matching.word_keys import WordKeyer
from tests.index_state import index_state
from tests.strategies import names

# Words that change how their neighbours are keyed, names of several scripts at once, and
# organisation words the index also files under an English gloss.
NEIGHBOURLY = [
    "al", "el", "ash", "as", "abd", "abdul", "abdullah", "ad-din", "din", "uddin", "Nasr",
    "obshchestvo", "s", "ogranichennoy", "otvetstvennostyu", "limited", "liability",
    "company", "co", "ltd", "Гнат", "Іван", "Юрий", "أحمد", "الشرع", "Ахмед", "bin", "ibn",
    "Mohammed", "Muhammad", "\x85", ",", "El Al", "masrif", "bank", "sharikat", "komitet",
    "committee", "gosudarstvennoe", "Bank Melli", "Masrif al-Markazi", "Masrif Bank",
    "y", "Y.", "e", "E.",  # an initial where they open a name, a particle elsewhere
]  # fmt: skip
mixed_names = st.lists(st.sampled_from(NEIGHBOURLY) | names(max_words=3), min_size=1, max_size=5)
any_names = names() | mixed_names.map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(any_names, min_size=1, max_size=25))
def test_one_keyer_over_many_names_keys_each_as_build_keys(stored: list[str]) -> None:
    """One keyer for all the names, as in a bulk load: what it memoised of a word from one
    name (its script, its neighbours) must not leak into another's keys."""
    keyer = WordKeyer()
    for name in stored + stored[::-1]:
        assert keyer.keys(name) == build_keys(name), name


@settings(max_examples=50, deadline=None)
@given(st.lists(any_names, min_size=1, max_size=30))
def test_worker_tasks_send_the_keys_of_build_keys(stored: list[str]) -> None:
    """What a worker sends, token fields once and then numbers, gives build_keys's keys
    (here in this process: the same code)."""
    bulk_keys._start_worker()
    table: list[TokenKeys] = []
    for task in (stored, stored[::-1]):
        _, fields, entries = bulk_keys.compact_keys(task)
        table += [TokenKeys(*f) for f in fields]
        for name, entry in zip(task, entries, strict=True):
            assert not isinstance(entry, str), entry  # the text of a keying error
            folded, ids = entry
            keys = build_keys(name)
            assert folded == keys.folded
            assert tuple(table[i] for i in ids) == keys.tokens


TYPES = st.sampled_from(["person", "organization", "place", ""])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 5), any_names), max_size=40),
    st.lists(TYPES, min_size=6, max_size=6),
    st.booleans(),
    st.sampled_from([1, 3, 4096]),
)
def test_a_bulk_load_fills_the_index_as_adding_one_by_one(
    rows: list[tuple[int, int, str]], types: list[str], repeat_keys: bool, chunk: int
) -> None:
    """Same slots, tokens, keys, posting lists, counts and initials, whether a chunk of
    rows is written at once or, holding a repeated alias key (a later row replaces an
    earlier one), row by row; entity 5 has no metadata."""
    aliases = [
        (key if repeat_keys else number, f"e{entity}", name)
        for number, (key, entity, name) in enumerate(rows)
    ]
    one_by_one, bulk = Engine(build_workers=0), Engine(build_workers=0)
    for engine in (one_by_one, bulk):
        for number, entity_type in enumerate(types[:5]):
            engine.upsert_entity(f"e{number}", f"E{number}", entity_type)
    for key, entity_id, name in aliases:
        one_by_one.add_alias(key, entity_id, name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bulk_keys, "CHUNK", chunk)
        patch.setattr(bulk_index, "CHUNK_MIN", 1)  # the chunk writer for any chunk
        bulk.add_aliases(aliases)
    assert index_state(bulk.index) == index_state(one_by_one.index)
