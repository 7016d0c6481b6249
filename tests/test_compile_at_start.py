"""A server compiles the retrieval sums before it forks its workers when its loaded table
is large enough to use them (so no worker compiles on its first query), and never
otherwise (so a small table's server never pays for numba)."""

from __future__ import annotations

import pytest

from service.config import Settings
from service.live import bootstrap
from service.matching import retrieval
from service.store import Store


@pytest.mark.parametrize(("compiled_from", "compiled"), [(1, True), (10**9, False)])
def test_the_sums_are_compiled_at_start_only_for_a_table_that_uses_them(
    settings: Settings,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    compiled_from: int,
    compiled: bool,
) -> None:
    loaded: list[str] = []

    class Spy:
        @staticmethod
        def compile_now() -> None:
            loaded.append("compiled")

    monkeypatch.setattr(retrieval.Retrieval, "compiled_from", compiled_from)
    monkeypatch.setattr(retrieval, "compiled", lambda: Spy)
    resolver = bootstrap.start_resolver(settings, store)  # the seed table: a few hundred
    try:
        assert len(resolver.engine) > 0
        assert loaded == (["compiled"] if compiled else [])
    finally:
        resolver.close()
