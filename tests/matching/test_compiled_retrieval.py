"""Retrieval through the compiled sums hands the scorer the very slots numpy's sums gave,
in the same order: on a table whose names share words by the thousand (so long lists,
near keys and common words all take part), asked with and without a type, and after
most aliases were removed (dead slots fill the top k, and retrieval must walk past
them through numpy's sums)."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.matching import Engine, compiled_sums, retrieval
from service.matching.keys import build_keys

WORDS = ["Mohammed", "Muhammad", "Ahmad", "Ahmed", "Hassan", "Hussein", "Sharaa", "Shibani",
         "Shaibani", "Assad", "Asaad", "Kurdi", "Najjar", "Vershinin", "Verkhinin", "Sergei",
         "Trading", "Bank", "Kirovsk", "Krymsk", "al", "bin", "Co"]  # fmt: skip
TYPES = ["person", "organization", "place"]
ROOT = Path(__file__).resolve().parents[2]


def _table(seed: int, aliases: int) -> list[tuple[int, str, str]]:
    """Names of 1-4 of WORDS, the first words the commonest (so each word has its own
    rarity, and sums of two or three seldom tie)."""
    rng = random.Random(seed)
    often = [1.0 / (rank + 1) for rank in range(len(WORDS))]
    return [
        (key, f"E{key // 3}", " ".join(rng.choices(WORDS, often, k=rng.randint(1, 4))))
        for key in range(aliases)
    ]


def _engine(rows: list[tuple[int, str, str]]) -> Engine:
    engine = Engine(build_workers=0)
    engine.compiled_from = 0  # the compiled sums, as on a table of 100k aliases and more
    for key in range(0, len(rows), 3):
        engine.upsert_entity(f"E{key // 3}", rows[key][2], TYPES[key // 3 % 3])
    engine.add_aliases(rows)
    return engine


@pytest.fixture(scope="module")
def engines() -> dict[str, Engine]:
    rows = _table(11, 6000)
    thinned = _engine(rows)
    for key in random.Random(12).sample(range(len(rows)), 5700):
        thinned.remove_alias(key)
    return {"full": _engine(rows), "thinned": thinned}


def _nothing_summed(*_: object) -> tuple[np.ndarray, np.ndarray, bool]:
    """Compiled sums that found nothing and left slots out: retrieval then takes numpy's
    sums over all (its path before the compiled sums), with its own type filter."""
    return np.zeros(0, dtype=np.int32), np.zeros(0), True


QUERY = st.lists(
    st.one_of(
        st.sampled_from([*WORDS, "Muhamad", "Vershinen", "Krimsk", "x", "محمد", "Мухаммад"]),
        st.text(max_size=12),  # any script, marks, separators
        st.just("al " * 170),  # a long name of one common word
        st.sampled_from(["Al", "al-", "El", "bin", "y", "Y.", "E.", "a", "-", "'"]),
        st.just("ba" * 256),  # 512 characters of one syllable
        st.just("Mu\u0301\u0308hammad"),  # combining marks
        st.sampled_from(["Sha\u200bibani", "al\u00adAssad", "Ver-shi-nin", "Kur'di"]),
    ),
    max_size=6,
)


@settings(max_examples=120, deadline=None)
@given(QUERY, st.sampled_from([None, *TYPES, "vessel"]), st.sampled_from(["full", "thinned"]))
def test_compiled_retrieval_hands_over_numpys_slots(
    engines: dict[str, Engine], words: list[str], entity_type: str | None, table: str
) -> None:
    engine, keys = engines[table], build_keys(" ".join(words))
    compiled = engine.retrieve(keys, entity_type)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compiled_sums, "top_sums", _nothing_summed)
        assert engine.retrieve(keys, entity_type) == compiled


def test_the_table_takes_the_compiled_path_and_its_fallback(
    engines: dict[str, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Guard for the test above: a query of it reaches the compiled sums on both tables,
    and on the thinned one their top k hold too few live aliases, so retrieval walks
    past them through numpy's sums."""
    compiled, walked = [], []
    real_compiled, real_numpy = compiled_sums.top_sums, retrieval.top_sums
    monkeypatch.setattr(
        compiled_sums, "top_sums", lambda *a: compiled.append(1) or real_compiled(*a)
    )
    monkeypatch.setattr(retrieval, "top_sums", lambda *a: walked.append(1) or real_numpy(*a))
    keys = build_keys("Mohammed Hassan al-Sharaa")
    assert engines["full"].retrieve(keys, None)
    assert compiled and not walked
    assert engines["thinned"].retrieve(keys, None)
    assert len(compiled) == 2 and walked


def test_a_smaller_table_sums_with_numpy_and_never_imports_numba() -> None:
    """Below COMPILED_FROM aliases the numpy sums serve every query, and a process that
    only resolves on such tables never pays for numba (about 130 MiB and a second)."""
    code = (
        "import sys; from service.matching import Engine\n"
        "engine = Engine(build_workers=0)\n"
        "engine.upsert_entity('E1', 'x', 'person')\n"
        "engine.add_aliases([(n, 'E1', 'Mohammed Hassan al-Sharaa') for n in range(3000)])\n"
        "assert engine.resolve('Mohammed Hassan').candidates\n"
        "assert 'numba' not in sys.modules and 'service.matching.compiled_sums' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_top_k_cut_from_more_slots_cannot_tell_when_too_few_are_admitted() -> None:
    """`_admit_top` with `cut`: fewer live aliases than `rerank` all within the floor, and
    the sums left slots out below them: those may hold the rest, so it cannot tell (None)
    and retrieval walks on; uncut and complete, the few are the answer."""
    engine = _engine(_table(3, 6))
    slots, totals = np.array([0, 1, 2], dtype=np.int32), np.array([3.0, 2.0, 1.5])
    assert engine._admit_top(slots, totals, 3, None) == [0, 1, 2]
    assert engine._admit_top(slots, totals, 3, None, cut=True) is None
