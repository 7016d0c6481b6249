"""Keys built on worker processes are the keys build_keys gives, in the same order."""

from __future__ import annotations

import pytest

from service.matching import Engine
from service.matching.bulk_keys import default_workers, keys_of_many
from service.matching.keys import build_keys
from tests.index_state import index_state

NAMES = [
    "Ahmed Ash-Sharara",
    "أحمد الشرع",
    "Сергей Вершинин",
    "Іванава",
    "AL-ASSAD, Bashar",
    "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU TRANSSERVIS",
    "Abd al-Rahman bin Nasr ad-Din",
    "习近平",
    "ʿAbd al‑Karīm",
    "",
]
WORDS = ["Bank", "Masrif", "al-Sharif", "Ltd", "Іван", "أحمد", "Nasr ad-Din", "of Sudan", "zx"]


def test_worker_keys_equal_build_keys_in_order() -> None:
    names = NAMES * 500  # several chunks, so that order across tasks is checked too
    parallel = list(keys_of_many(names, workers=2, parallel_min=1))
    assert parallel == [build_keys(name) for name in names]


def test_small_loads_and_single_cores_stay_in_process() -> None:
    assert list(keys_of_many(NAMES, workers=0, parallel_min=1)) == [build_keys(n) for n in NAMES]
    assert default_workers() != 1  # one worker would only add pickling


def test_a_parallel_bulk_load_resolves_like_a_serial_one(monkeypatch) -> None:
    from service.matching import bulk_keys

    rows = [(i, f"e{i % 7}", name) for i, name in enumerate(NAMES * 50) if name]

    def loaded() -> Engine:
        engine = Engine()
        for k in range(7):
            engine.upsert_entity(f"e{k}", f"Entity {k}", "person")
        engine.add_aliases(rows)
        return engine

    serial = loaded()
    contexts: list[str] = []
    real = bulk_keys.get_context
    monkeypatch.setattr(bulk_keys, "get_context", lambda m: contexts.append(m) or real(m))
    monkeypatch.setattr(bulk_keys, "PARALLEL_MIN", 1)
    monkeypatch.setattr(bulk_keys, "default_workers", lambda: 2)
    parallel = loaded()
    assert contexts == ["fork"]  # the load went through worker processes
    for name in ("Ahmad al-Sharaa", "Sergei Vershinin", "Bashar al-Assad"):
        assert parallel.resolve(name) == serial.resolve(name)


def test_a_load_keyed_on_workers_builds_the_index_of_one_by_one_adds() -> None:
    """Workers number tokens into their own tables across tasks, sending each token once:
    the index built from them is the one add_alias builds, structure by structure."""
    from service.matching import bulk_keys

    if not bulk_keys._can_fork():
        pytest.skip("this process cannot fork key workers (another thread is running)")
    names = [f"{name} {word}" for word in WORDS for name in NAMES] + NAMES * 3
    rows = [(i % 5000, f"e{i % 11}", name) for i, name in enumerate(names)]  # keys repeat
    types = ["person", "organization", "place", ""]
    engines = Engine(build_workers=0), Engine(build_workers=2)
    for engine in engines:
        for k in range(10):  # e10 has no metadata
            engine.upsert_entity(f"e{k}", f"Entity {k}", types[k % 4])
    one_by_one, parallel = engines
    for row in rows:
        one_by_one.add_alias(*row)
    contexts: list[str] = []
    real = bulk_keys.get_context
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bulk_keys, "get_context", lambda m: contexts.append(m) or real(m))
        patch.setattr(bulk_keys, "CHUNK", 512)  # many tasks a worker, tokens sent once
        patch.setattr(bulk_keys, "PARALLEL_MIN", 1)
        parallel.add_aliases(rows)
    assert contexts == ["fork"]
    assert index_state(parallel.index) == index_state(one_by_one.index)
