"""Two instances on one PostgreSQL database: a write through one is resolved on the other,
a change made while an instance is down is there after it restarts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests

from tests.conftest import PG_URL, reset_postgres
from tests.e2e.conftest import Server, readyz, wait_until

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="POLYONYM_TEST_DATABASE_URL is not set"),
]


def matched_id(server: Server, name: str) -> str | None:
    body = requests.post(f"{server.base}/resolve", json={"name": name}, timeout=5).json()
    return body["match"]["id"] if body["status"] == "matched" else None


def test_write_on_one_instance_resolves_on_the_other(start_server: Callable[..., Server]) -> None:
    assert PG_URL
    reset_postgres(PG_URL)
    env = {"POLYONYM_DATABASE_URL": PG_URL, "POLYONYM_CATCHUP_SECONDS": "2"}
    first = start_server(env, workers=2)
    # The second instance answers only from what its follower applied (no per-request check).
    second = start_server({**env, "POLYONYM_REFRESH_PER_REQUEST": "0"}, workers=2)
    token = first.cli("keys", "create", "--role", "curator", "--name", "pg-e2e")
    headers = {"Authorization": f"Bearer {token}"}
    putin = requests.get(f"{first.base}/entities", params={"q": "Putin"}, timeout=5).json()
    entity_id = putin["items"][0]["id"]
    response = requests.post(
        f"{first.base}/entities/{entity_id}/aliases",
        json={"name": "Volodymyr Putyn Ukrainian"},
        headers=headers,
        timeout=5,
    )
    assert response.status_code == 201
    written = readyz(first)["store_seq"]
    applied: set[int] = set()  # the second instance's workers that applied the write

    def both_workers_applied_it() -> bool:
        ready = readyz(second)
        if ready["lag"] == 0 and ready["applied_seq"] >= written:
            applied.add(ready["pid"])
        return len(applied) == 2

    wait_until(both_workers_applied_it, "the other instance's workers to apply the write")
    for _ in range(10):  # either worker may answer: both must know the new alias
        assert matched_id(second, "Volodymyr Putyn Ukrainian") == entity_id

    second.stop()
    created = requests.post(
        f"{first.base}/entities",
        json={"name": "Vassily Nebenzia", "type": "person", "aliases": ["Василий Небензя"]},
        headers=headers,
        timeout=5,
    ).json()
    restarted = start_server({**env, "POLYONYM_REFRESH_PER_REQUEST": "0"}, workers=1)
    assert matched_id(restarted, "Василий Небензя") == created["id"]
