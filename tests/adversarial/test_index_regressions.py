"""Issue #16, engine and live index side: each crash found, replayed through the API.

A lone article ("Al", "El", "Аль") crashed keying (``keys.bare`` read the first letter of
an empty rest): every /resolve of such a name was a 500, a batch or reconciliation with one
such name lost all its answers, and a stored "El Al" stopped the change follower (no later
write reached the index) and made start-up crash while building the index.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.config import Settings
from service.store import Store
from service.web import create_app
from tests.helpers import auth

LONE_ARTICLES = ["Al", "AL", "El", "Él", "Al-", "Bashar al", "El Al", "Аль"]


@pytest.mark.parametrize("name", LONE_ARTICLES)
def test_resolve_a_lone_article(client: FlaskClient, name: str) -> None:
    for explain in ("false", "true"):
        response = client.get("/resolve", query_string={"name": name, "explain": explain})
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        assert response.get_json()["status"] in ("matched", "ambiguous", "no_match")
    typed = client.get("/resolve", query_string={"name": name, "type": "organization"})
    assert typed.status_code == 200


def test_a_batch_of_a_thousand_with_one_lone_article(client: FlaskClient) -> None:
    queries: list[dict[str, str]] = [{"name": f"Name {number}"} for number in range(999)]
    queries.insert(500, {"name": "Al"})
    response = client.post("/resolve/batch", json={"queries": queries})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    results = response.get_json()["results"]
    assert len(results) == 1000
    assert results[500]["query"]["name"] == "Al"
    assert [r["query"]["name"] for r in results[:2]] == ["Name 0", "Name 1"]


def test_a_reconciliation_batch_with_a_lone_article(client: FlaskClient) -> None:
    queries = {"q0": {"query": "Al"}, "q1": {"query": "Bashar al-Assad"}, "q2": {"query": "Аль"}}
    response = client.post(
        "/reconcile",
        data="queries=" + quote(json.dumps(queries)),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    body = response.get_json()
    assert set(body) == {"q0", "q1", "q2"}
    assert body["q1"]["result"], "the other queries of the batch still get answers"


def create(client: FlaskClient, key: str, name: str, entity_type: str) -> str:
    response = client.post("/entities", json={"name": name, "type": entity_type}, headers=auth(key))
    assert response.status_code == 201, response.get_data(as_text=True)[:300]
    entity_id: str = response.get_json()["id"]
    return entity_id


def test_el_al_then_a_later_entity_and_a_restart(
    app: Flask, client: FlaskClient, curator_key: str, settings: Settings, store: Store
) -> None:
    el_al = create(client, curator_key, "El Al", "organization")
    later = create(client, curator_key, "Geir Pedersen", "person")
    found = client.get("/resolve", query_string={"name": "Geir Pedersen"}).get_json()
    assert found["match"]["id"] == later
    found = client.get("/resolve", query_string={"name": "El Al", "type": "organization"})
    assert el_al in [c["id"] for c in found.get_json()["candidates"]]
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.get_json()
    assert ready.get_json()["lag"] == 0 and ready.get_json()["skipped_changes"] == 0

    restarted_app = create_app(settings, store=store)  # built the index at start-up
    restarted = restarted_app.test_client()
    try:
        ready = restarted.get("/readyz")
        assert ready.status_code == 200, ready.get_json()
        assert ready.get_json()["skipped_changes"] == 0
        found = restarted.get("/resolve", query_string={"name": "El Al"}).get_json()
        assert el_al in [c["id"] for c in found["candidates"]]
        assert (
            restarted.get("/resolve", query_string={"name": "Geir Pedersen"}).get_json()["match"][
                "id"
            ]
            == later
        )
    finally:
        review = restarted_app.extensions["polyonym"].resolver.review
        if review is not None:
            review.close()
