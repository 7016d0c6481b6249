"""One stored record the engine cannot index never stops the live index.

A failure is injected where the engine enters a new word into its index
(``AliasIndex.token_id``, which every change's ``AliasIndex.add`` and the start-up bulk
load's bulk_index.py go through, and queries do not) for any word holding POISON;
tests/matching/test_bad_rows.py injects it in keying instead. On the follower path
(a write, then requests), on the load path (a restart on the same store) and under a
real follower thread, the bad entity is logged, counted in /metrics, listed in /readyz
(503 for a bounded time) and skipped; later changes still apply.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service import skipped as skipped_module
from service.config import Settings
from service.live.resolver import Resolver
from service.matching.index import AliasIndex
from service.matching.keys import TokenKeys
from service.skipped import SkippedChanges
from service.store import Store
from service.web import create_app
from tests.helpers import following, wait_for

POISON = "Zzpoison"
FAILURES = "polyonym_change_apply_failures_total"


class Poison:
    """AliasIndex.token_id that raises for words holding POISON while ``active``."""

    def __init__(self, real: Callable[..., int]) -> None:
        self.real = real
        self.active = True

    def __call__(self, index: AliasIndex, token: TokenKeys) -> int:
        if self.active and POISON.lower() in token.text:
            raise IndexError("injected indexing failure")
        return self.real(index, token)


@pytest.fixture
def poison(monkeypatch: pytest.MonkeyPatch) -> Poison:
    injected = Poison(AliasIndex.token_id)
    monkeypatch.setattr(AliasIndex, "token_id", lambda *args: injected(*args))
    return injected


def refresh(client: FlaskClient) -> None:
    """Any /resolve applies pending changes first (the tests' apps run no follower)."""
    assert client.get("/resolve", query_string={"name": "Holdings"}).status_code == 200


def metric(client: FlaskClient, name: str) -> float:
    text = client.get("/metrics").get_data(as_text=True)
    values = [line.split()[-1] for line in text.splitlines() if line.startswith(name + " ")]
    return float(values[0]) if values else 0.0


def create(client: FlaskClient, key: str, name: str, kind: str = "organization") -> dict:
    response = client.post(
        "/entities", json={"name": name, "type": kind}, headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code == 201, response.get_json()
    return {"id": response.get_json()["id"], "etag": response.headers["ETag"]}


def test_a_change_that_cannot_be_applied_is_skipped_and_later_ones_apply(
    client: FlaskClient, curator_key: str, poison: Poison, caplog: pytest.LogCaptureFixture
) -> None:
    before = metric(client, FAILURES)
    bad = create(client, curator_key, f"{POISON} Airlines")
    bad_seq = client.get("/readyz").get_json()["store_seq"]
    good = create(client, curator_key, "Geir Pedersen", "person")

    resolved = client.get("/resolve", query_string={"name": "Geir Pedersen"})
    assert resolved.status_code == 200
    assert resolved.get_json()["match"]["id"] == good["id"]
    ready = client.get("/readyz")
    body = ready.get_json()
    assert ready.status_code == 503
    assert body["applied_seq"] == body["store_seq"]  # moved on past the bad change
    assert f"change {bad_seq} (entity {bad['id']})" in body["reason"]
    assert body["skipped_changes"] == 1
    assert body["skipped"][0]["seq"] == bad_seq
    assert body["skipped"][0]["error"] == "IndexError"  # the message is in the log only
    assert "injected" not in ready.get_data(as_text=True)
    assert metric(client, FAILURES) == before + 1
    assert metric(client, "polyonym_index_skipped_entities") == 1
    assert any(f"change {bad_seq} of entity {bad['id']}" in r.message for r in caplog.records)
    # the bad entity is out of the index whole, not half in
    answer = client.get("/resolve", query_string={"name": f"{POISON} Airlines"}).get_json()
    assert all(c["id"] != bad["id"] for c in answer["candidates"])

    # fixed or deleted, the entity's next change applies and readiness is back at once
    deleted = client.delete(
        f"/entities/{bad['id']}",
        headers={"Authorization": f"Bearer {curator_key}", "If-Match": bad["etag"]},
    )
    assert deleted.status_code == 204
    refresh(client)  # applies the delete
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.get_json()
    assert ready.get_json()["skipped_changes"] == 0 and ready.get_json()["reason"] is None
    assert metric(client, FAILURES) == before + 1


def test_readiness_comes_back_after_the_window_while_the_skip_stays_listed(
    app: Flask, client: FlaskClient, curator_key: str, poison: Poison
) -> None:
    """A load balancer is never stuck: past ``unready_seconds`` the process is ready
    again, and /readyz and the gauge still show what its index left out."""
    bad = create(client, curator_key, f"{POISON} Holdings")
    refresh(client)
    assert client.get("/readyz").status_code == 503
    app.extensions["polyonym"].resolver.skipped.unready_seconds = 0.0  # the window is over
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json()["skipped"][0]["entity_id"] == bad["id"]
    assert metric(client, "polyonym_index_skipped_entities") == 1


def test_start_up_skips_a_record_it_cannot_index(
    settings: Settings, store: Store, client: FlaskClient, curator_key: str, poison: Poison
) -> None:
    """A restart on a store holding a bad record builds, skips it and serves the rest."""
    poison.active = False  # stored while keying still worked (or by an older version)
    bad = create(client, curator_key, f"{POISON} Trading")
    good = create(client, curator_key, "Staffan de Mistura", "person")
    poison.active = True
    restarted = create_app(settings, store=store).test_client()
    try:
        ready = restarted.get("/readyz")
        body = ready.get_json()
        assert ready.status_code == 503
        assert body["index_loaded"] and body["skipped"][0]["entity_id"] == bad["id"]
        assert body["skipped"][0]["seq"] == body["applied_seq"] == body["store_seq"]
        answer = restarted.get("/resolve", query_string={"name": "Staffan de Mistura"})
        assert answer.get_json()["match"]["id"] == good["id"]
        answer = restarted.get("/resolve", query_string={"name": f"{POISON} Trading"})
        assert all(c["id"] != bad["id"] for c in answer.get_json()["candidates"])
    finally:
        review = restarted.application.extensions["polyonym"].resolver.review
        if review is not None:
            review.close()


def test_a_retry_heals_a_failure_that_was_not_about_the_record(
    store: Store, poison: Poison, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under a real follower thread: the bad change is skipped, a later one applies, and
    once indexing works again (here: the injection stops) a retry indexes the entity."""
    monkeypatch.setattr(skipped_module, "RETRY_SECONDS", 0.0)
    with following(store) as (resolver, _):
        bad = store.create_entity(
            name=f"{POISON} Shipping", entity_type="organization", alias_specs=[],
            external_ids={}, actor="t",
        )  # fmt: skip
        store.create_entity(
            name="Ghassan Salamé", entity_type="person", alias_specs=[], external_ids={}, actor="t"
        )
        wait_for(lambda: resolver.applied_seq == store.last_seq())
        assert resolver.resolve("Ghassan Salame").resolution.status == "matched"
        assert list(resolver.skipped.by_entity) == [bad.entity_id]
        assert resolver.skipped.total == 1
        poison.active = False
        wait_for(lambda: len(resolver.skipped) == 0)
        found = resolver.resolve(f"{POISON} Shipping").resolution
        assert found.match is not None and found.match.entity_id == bad.entity_id
        assert resolver.skipped.total == 1  # the retries that failed were not counted again


def test_a_retry_of_the_same_change_is_not_counted_or_logged_as_new(
    caplog: pytest.LogCaptureFixture,
) -> None:
    skips = SkippedChanges(unready_seconds=60.0)
    first = skips.record(7, "E1", IndexError("boom"))
    assert first is not None and skips.record(7, "E1", IndexError("boom")) is None
    assert skips.total == 1
    assert skips.record(9, "E1", IndexError("boom")) is not None  # a new change failing
    assert skips.total == 2 and len(skips) == 1
    assert skips.holding_readiness(now=skips.by_entity["E1"].since + 59.0)
    assert not skips.holding_readiness(now=skips.by_entity["E1"].since + 60.0)


def test_errors_are_logged_with_their_sequence(
    store: Store, poison: Poison, caplog: pytest.LogCaptureFixture
) -> None:
    resolver = Resolver(store, record_unresolved=False)
    resolver.load()
    created = store.create_entity(
        name=f"{POISON} Bank", entity_type="organization", alias_specs=[], external_ids={},
        actor="t",
    )  # fmt: skip
    with caplog.at_level(logging.ERROR, logger="polyonym.resolver"):
        assert resolver.refresh() == 1
    [record] = [r for r in caplog.records if r.name == "polyonym.resolver"]
    assert f"change {store.last_seq()} of entity {created.entity_id}" in record.getMessage()
    assert record.exc_info is not None


def test_a_snapshot_carries_what_its_index_left_out(
    store: Store, poison: Poison, tmp_path: Path
) -> None:
    """A process starting from a snapshot knows which entities the snapshot lacks (and
    retries them), without counting the old failure as its own."""
    poison.active = False
    bad = store.create_entity(
        name=f"{POISON} Freight", entity_type="organization", alias_specs=[],
        external_ids={}, actor="t",
    )  # fmt: skip
    poison.active = True
    built = Resolver(store, record_unresolved=False)
    built.load()
    assert list(built.skipped.by_entity) == [bad.entity_id]
    built.save_snapshot(str(tmp_path))
    started = Resolver(store, record_unresolved=False)
    started.load(str(tmp_path))
    assert started.skipped.by_entity == built.skipped.by_entity
    assert started.skipped.total == 0
