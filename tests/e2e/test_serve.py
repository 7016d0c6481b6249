"""A real ``polyonym serve`` (gunicorn, 2 workers) on SQLite, over HTTP."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from tests.e2e.conftest import Server, readyz, wait_until
from tests.helpers import metric_value

pytestmark = pytest.mark.e2e


@pytest.fixture
def server(tmp_path: Path, start_server: Callable[..., Server]) -> Server:
    return start_server({"POLYONYM_DATABASE_URL": f"sqlite:///{tmp_path / 'e2e.db'}"})


def test_resolve_over_http(server: Server) -> None:
    response = requests.post(
        f"{server.base}/resolve", json={"name": "Ahmed Ash-Sharara"}, timeout=5
    )
    assert response.status_code == 200
    assert response.json()["match"]["name"] == "Ahmed al-Sharaa"
    bad = requests.post(f"{server.base}/resolve", json={"name": ""}, timeout=5)
    assert bad.status_code == 422
    assert bad.headers["Content-Type"] == "application/problem+json"


def test_write_is_visible_on_every_worker(server: Server) -> None:
    token = server.cli("keys", "create", "--role", "curator", "--name", "e2e")
    created = requests.post(
        f"{server.base}/entities",
        json={"name": "Geir Pedersen", "type": "person", "aliases": ["Гейр Педерсен"]},
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    )
    assert created.status_code == 201
    entity_id = created.json()["id"]
    written = readyz(server)["store_seq"]
    applied: set[int] = set()  # the workers that reported the write applied

    def both_workers_applied_it() -> bool:
        # No keep-alive: each request lands on either worker, and every answer must match.
        body = requests.post(f"{server.base}/resolve", json={"name": "Гейр Педерсен"}, timeout=5)
        assert body.json()["status"] == "matched" and body.json()["match"]["id"] == entity_id
        ready = readyz(server)
        if ready["applied_seq"] >= written:
            applied.add(ready["pid"])
        return len(applied) == 2

    wait_until(both_workers_applied_it, "both workers to report the write applied")


def test_revoked_key_fails_on_every_worker(server: Server) -> None:
    token = server.cli("keys", "create", "--role", "curator", "--name", "short-lived")
    server.cli("keys", "revoke", "short-lived")
    for _ in range(10):
        response = requests.post(
            f"{server.base}/entities",
            json={"name": "X", "type": "person"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=5,
        )
        assert response.status_code == 401


def test_metrics_cover_every_worker(server: Server) -> None:
    """One scrape counts the requests of both workers: /readyz names the worker that
    answered, so the test knows each worker served some, and the sum must be exact."""

    def scrape() -> tuple[float, float]:
        text = requests.get(f"{server.base}/metrics", timeout=5).text
        ready = metric_value(text, "polyonym_http_requests_total", route="/readyz", status="200")
        matched = metric_value(text, "polyonym_resolve_outcomes_total", status="matched")
        return ready, matched

    ready_before, matched_before = scrape()
    served: Counter[int] = Counter()  # readyz answers per worker pid
    resolves = 0

    def both_workers_served() -> bool:
        nonlocal resolves
        requests.post(f"{server.base}/resolve", json={"name": "Vladimir Putin"}, timeout=5)
        resolves += 1
        served[readyz(server)["pid"]] += 1
        return len(served) == 2 and resolves >= 30

    wait_until(both_workers_served, "requests to reach both workers")
    ready_after, matched_after = scrape()
    assert ready_after - ready_before == sum(served.values()), served
    assert matched_after - matched_before == resolves
