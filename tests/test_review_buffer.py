"""The review buffer writes unresolved asks in batches, and the last ones when it closes."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from types import SimpleNamespace

from service.live import Resolver
from service.live.review_buffer import ReviewBuffer
from service.model import Unresolved
from service.server import worker_exit
from service.store import Store


def flusher_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "review-flush" and t.is_alive()]


def test_close_writes_what_is_pending_and_stops_the_flusher() -> None:
    written: list[Unresolved] = []

    def write(batch: Sequence[Unresolved]) -> None:
        written.extend(batch)

    before = len(flusher_threads())
    buffer = ReviewBuffer(write, interval=3600.0)  # the timer alone would never flush
    buffer.record("zorglub", "Zorglub", "no_match", None, None)
    buffer.record("zorglub", "ZORGLUB", "no_match", None, None)
    buffer.record("quixote", "Quixote", "ambiguous", "E1", 0.7)
    assert len(flusher_threads()) == before + 1 and written == []
    buffer.close()
    assert sorted((u.norm, u.count) for u in written) == [("quixote", 1), ("zorglub", 2)]
    assert len(flusher_threads()) == before
    buffer.record("later", "Later", "no_match", None, None)
    assert len(flusher_threads()) == before  # closed: no flusher starts again


def test_a_worker_leaving_gracefully_closes_its_review_buffer(store: Store) -> None:
    written: list[Unresolved] = []
    buffer = ReviewBuffer(written.extend, interval=3600.0)
    buffer.record("zorglub", "Zorglub", "no_match", None, None)
    resolver = Resolver(store)  # the server closes the resolver, which closes its buffer
    resolver.review = buffer
    state = SimpleNamespace(resolver=resolver)
    app = SimpleNamespace(extensions={"polyonym": state})
    worker = SimpleNamespace(app=SimpleNamespace(wsgi=lambda: app))
    worker_exit(None, worker)
    assert [u.name for u in written] == ["Zorglub"]
