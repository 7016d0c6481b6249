"""A real ``polyonym serve`` (gunicorn, 2 workers) on SQLite, over HTTP."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from tests.e2e.conftest import Server

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
    pids = set()
    # No keep-alive: each request may land on either worker; all must see the write.
    for _ in range(30):
        body = requests.post(f"{server.base}/resolve", json={"name": "Гейр Педерсен"}, timeout=5)
        assert body.json()["status"] == "matched" and body.json()["match"]["id"] == entity_id
        pids.add(requests.get(f"{server.base}/readyz", timeout=5).json()["pid"])
    assert len(pids) == 2, "both workers should have answered"


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
    for _ in range(30):
        requests.post(f"{server.base}/resolve", json={"name": "Vladimir Putin"}, timeout=5)
    text = requests.get(f"{server.base}/metrics", timeout=5).text
    matched = sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith('polyonym_resolve_outcomes_total{status="matched"}')
    )
    assert matched >= 30, "one scrape must count the resolves of both workers"
