"""A server compiles the retrieval sums and the scores before it forks its workers when its
loaded table is large enough to use them (so no worker compiles on its first query), and
never otherwise (so a small table's server never pays for numba)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from service.config import Settings
from service.live import bootstrap
from service.matching import candidates, retrieval
from service.store import Store
from tests.helpers import wait_for


@pytest.mark.parametrize(("compiled_from", "compiled"), [(1, True), (10**9, False)])
def test_the_sums_are_compiled_at_start_only_for_a_table_that_uses_them(
    settings: Settings,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    compiled_from: int,
    compiled: bool,
) -> None:
    loaded: list[str] = []

    def spy(part: str) -> object:
        class Spy:
            @staticmethod
            def compile_now() -> None:
                loaded.append(part)

        return Spy

    monkeypatch.setattr(retrieval.Retrieval, "compiled_from", compiled_from)
    monkeypatch.setattr(retrieval, "compiled", lambda: spy("sums"))
    monkeypatch.setattr(candidates, "compiled_scores", lambda: spy("scores"))
    resolver = bootstrap.start_resolver(settings, store)  # the seed table: a few hundred
    try:
        assert len(resolver.engine) > 0
        assert loaded == (["sums", "scores"] if compiled else [])
    finally:
        resolver.close()


def test_a_table_grown_past_the_bar_by_writes_is_compiled_in_the_follower(
    settings: Settings, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writes that take the table past the bar: the follower's thread compiles, after
    applying them, so that no request waits for numba."""
    loaded: list[int] = []

    class Spy:
        @staticmethod
        def compile_now() -> None:
            loaded.append(len(resolver.engine))

    monkeypatch.setattr(retrieval, "compiled", lambda: Spy)
    monkeypatch.setattr(candidates, "compiled_scores", lambda: Spy)
    monkeypatch.setattr(retrieval.Retrieval, "compiled_from", 10**9)
    following = replace(settings, follow_changes=True, refresh_per_request=False)
    resolver = bootstrap.start_resolver(following, store)
    assert resolver.follower is not None
    resolver.start()  # (a server starts it in each worker, after forking)
    try:
        size = len(resolver.engine)
        assert loaded == []
        monkeypatch.setattr(retrieval.Retrieval, "compiled_from", size + 1)
        store.create_entity(
            name="Ghassan Salamé", entity_type="person", alias_specs=[], external_ids={},
            actor="t",
        )  # fmt: skip
        wait_for(lambda: bool(loaded))
        assert loaded[0] > size
    finally:
        resolver.follower.stop()
        resolver.close()
