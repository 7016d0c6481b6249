"""The index as `polyonym serve` shares it: built in the master, frozen, forked; and as a
snapshot keeps it (pickled). Answers, adds and removes must be what one process gives,
with keys of every kind the store hands over (alias IDs, "name:" keys)."""

from __future__ import annotations

import gc
import os
import pickle
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.names import invented_names
from service.matching import Engine, index
from service.matching.bounded_memo import BoundedMemo
from tests.index_state import index_state

ENTITIES = [
    ("putin", "Vladimir Putin", "person"),
    ("sharaa", "Ahmed al-Sharaa", "person"),
    ("bank", "Central Bank of Syria", "organization"),
    ("kirovsk", "Kirovsk", "location"),
]
ROWS: list[tuple[Any, str, str]] = [
    ("name:putin", "putin", "Vladimir Putin"),
    (11, "putin", "Владимир Путин"),
    (12, "putin", "Wladimir Putin"),
    ("name:sharaa", "sharaa", "Ahmed al-Sharaa"),
    (21, "sharaa", "Ahmad Ash-Sharaa"),
    ("name:bank", "bank", "Central Bank of Syria"),
    (31, "bank", "Masrif Suriya al-Markazi"),
    ("name:kirovsk", "kirovsk", "Kirovsk"),
]
QUERIES = ["Vladimir Poutine", "Ahmed Ash-Sharara", "Central Bank Syria", "Kirovsk", "Zorro"]


def build() -> Engine:
    engine = Engine(build_workers=0)
    for entity_id, name, kind in ENTITIES:
        engine.upsert_entity(entity_id, name, kind)
    engine.add_aliases(ROWS)
    return engine


def session(engine: Engine) -> list[Any]:
    """What a worker does: resolve, take a curator's write, resolve again."""
    answers: list[Any] = [engine.resolve(q, explain=True) for q in QUERIES]
    engine.upsert_entity("zorro", "Diego de la Vega", "person")
    engine.add_alias("name:zorro", "zorro", "Diego de la Vega")
    engine.add_alias(51, "zorro", "Zorro")
    engine.remove_alias(12)
    engine.remove_entity("kirovsk")
    engine.upsert_entity("bank", "Banque centrale de Syrie", "organization")
    answers += [engine.resolve(q, explain=True) for q in [*QUERIES, "Wladimir Putin"]]
    index = engine.index
    answers.append([index.alias_names[s] for s in range(len(index.alias_names))])
    answers.append(list(index.alias_keys))
    answers.append(list(index.entity_names))
    return answers


def test_a_forked_worker_answers_and_takes_writes_as_one_process_does() -> None:
    """Built, collected and frozen before fork, as service/server.py does."""
    engine = build()
    gc.collect()
    gc.freeze()
    try:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover (the child's coverage is not collected)
            try:
                os.close(read)
                with os.fdopen(write, "wb") as out:
                    pickle.dump(session(engine), out)
            finally:
                os._exit(0)
        os.close(write)
        with os.fdopen(read, "rb") as stream:
            child = pickle.load(stream)
        os.waitpid(pid, 0)
    finally:
        gc.unfreeze()
    assert child == session(build())
    matched = child[len(QUERIES) + 1].match  # "Ahmed Ash-Sharara" after the writes
    assert matched is not None and matched.alias_key in ("name:sharaa", 21)


def test_a_snapshot_is_the_index_it_was_taken_of() -> None:
    engine = build()
    engine.resolve("Vladimir Poutine")  # memos filled: a snapshot leaves them out
    loaded = pickle.loads(pickle.dumps(engine, protocol=pickle.HIGHEST_PROTOCOL))
    assert len(loaded.index.alias_shapes) == len(loaded.index.word_sims) == 0
    state, loaded_state = index_state(engine.index), index_state(loaded.index)
    for memo in ("alias_shapes", "word_sims", "neighbour_cache", "idf_memo", "idf_version"):
        del state[memo], loaded_state[memo]
    assert loaded_state == state
    assert session(loaded) == session(build())


def test_an_entity_whose_id_or_name_is_no_str_leaves_no_row() -> None:
    engine = build()
    before = index_state(engine.index)
    with pytest.raises(TypeError):
        engine.upsert_entity("odd", None, "person")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        engine.upsert_entity(7, "Seven", "person")  # type: ignore[arg-type]
    assert index_state(engine.index) == before


MEMO_OPS = st.lists(
    st.tuples(st.sampled_from(["set", "get", "setdefault"]), st.integers(0, 12), st.integers()),
    max_size=80,
)


@given(st.integers(1, 5), MEMO_OPS)
@settings(max_examples=300)
def test_a_bounded_memo_forgets_but_never_misremembers(bound: int, ops: list[Any]) -> None:
    """Whatever it returns for a key is the value last stored under it; it holds at most
    2 x bound entries; and an entry just stored or read is still there after `bound`
    other new keys (it moved to the current generation)."""
    memo: BoundedMemo[int, int] = BoundedMemo(bound)
    last: dict[int, int] = {}
    for op, key, value in ops:
        if op == "set":
            memo[key] = value
            last[key] = value
        elif op == "get":
            got = memo.get(key)
            assert got is None or got == last[key]
        else:
            got = memo.setdefault(key, value)
            if key not in last or got != last[key]:
                assert got == value
                last[key] = value
        assert len(memo) <= bound and len(memo.previous) <= bound
        if op != "get" or memo.get(key) is not None:
            assert dict.get(memo, key) == last[key]  # in the current generation


def test_a_bounded_memo_keeps_what_is_in_use_across_a_turn() -> None:
    memo: BoundedMemo[int, str] = BoundedMemo(3)
    for key in range(3):
        memo[key] = str(key)
    memo[3] = "3"  # the turn: 0, 1, 2 become the previous generation
    assert memo.get(1) == "1" and memo.get(9) is None
    memo[4], memo[5] = "4", "5"  # second turn: 3, 1, 4 previous; 0 and 2 forgotten
    assert memo.get(0) is None and memo.get(2) is None
    assert memo.get(1) == "1" and memo.setdefault(4, "x") == "4"
    memo.clear()
    assert memo.get(5) is None and not memo.previous


def test_a_workers_scoring_memos_stay_within_the_index_caps(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The caps the index sets hold in use, below the scorer's own (which are sized for
    one process and never reached here)."""
    monkeypatch.setattr(index, "SHAPE_MEMO", 3)
    monkeypatch.setattr(index, "WORD_SIMS_MEMO", 2)
    engine = build()
    most = {"shapes": 0, "sims": 0}
    for name in [*QUERIES, *invented_names(60)]:
        engine.resolve(name)
        held = engine.index
        most["shapes"] = max(
            most["shapes"], len(held.alias_shapes) + len(held.alias_shapes.previous)
        )
        most["sims"] = max(most["sims"], len(held.word_sims) + len(held.word_sims.previous))
    assert 3 < most["shapes"] <= 6 and 2 < most["sims"] <= 4, most
