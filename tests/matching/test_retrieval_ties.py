"""Ties at the cut: where the rerank-th place falls among aliases of equal evidence, those
tied with it are admitted too (up to `rerank` more), so that the order in which aliases
were added does not choose which of them are scored. On every path retrieval takes: the
plain sums of short lists, numpy's sums, the compiled sums."""

from __future__ import annotations

import pytest

from service.matching import Engine
from service.matching.keys import build_keys

RERANK = 4


def _engine(others: int, compiled: bool) -> Engine:
    """ "Ahmad <a word of its own>" for `others` entities, then a better alias: "Ahmad"."""
    engine = Engine(rerank=RERANK, build_workers=0)
    engine.compiled_from = 0 if compiled else 10**9
    rows = [(n, f"E{n}", f"Ahmad Q{n:05d}x") for n in range(others)]
    engine.add_aliases([*rows, (others, "BEST", "Ahmad")])
    return engine


@pytest.mark.parametrize(
    ("others", "compiled"), [(20, False), (1500, False), (1500, True)]
)  # (1,500 posting entries: past the plain sums' SMALL_POSTINGS)
def test_aliases_tied_with_the_last_admitted_are_admitted_up_to_rerank_more(
    others: int, compiled: bool
) -> None:
    engine = _engine(others, compiled)
    slots = engine.retrieve(build_keys("Ahmad"), None)
    assert slots[0] == others  # the one-word alias first (TIE_BREAK: as many words as asked)
    assert slots[1:] == list(range(2 * RERANK - 1))  # then the tie, in slot order, capped


def test_a_tie_shorter_than_the_cap_is_admitted_whole() -> None:
    engine = _engine(5, compiled=False)  # 1 + 5 aliases: the tie at the 4th runs to the 6th
    assert engine.retrieve(build_keys("Ahmad"), None) == [5, 0, 1, 2, 3, 4]


def test_without_a_tie_no_more_than_rerank() -> None:
    """Equal key evidence, but each alias one word longer than the last: the length
    tie-break orders them all, nothing ties at the 4th, and 4 are admitted."""
    engine = Engine(rerank=RERANK, build_workers=0)
    words = [f"Q{n:03d}x" for n in range(8)]
    engine.add_aliases([(n, f"E{n}", " ".join(["Ahmad", *words[: n + 1]])) for n in range(8)])
    assert engine.retrieve(build_keys("Ahmad Q900y"), None) == [0, 1, 2, 3]
