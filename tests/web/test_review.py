"""The review queue fills from /resolve and feeds accepted names back into the table."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.helpers import auth, resolve


def review_key(client: FlaskClient) -> str:
    """A curator key for listing the queue (curation data), made once per app."""
    config = client.application.config
    if "TEST_REVIEW_KEY" not in config:
        store = client.application.extensions["polyonym"].store
        config["TEST_REVIEW_KEY"] = store.create_key("review-reader", "curator")
    return str(config["TEST_REVIEW_KEY"])


def review(client: FlaskClient, **args: object) -> dict:
    response = client.get("/review", query_string=args, headers=auth(review_key(client)))
    assert response.status_code == 200
    return response.get_json()


def queued(client: FlaskClient, name: str) -> dict[str, Any]:
    """The open queue item for ``name``, found by name: on a shared PostgreSQL database a
    previous test's last background flush may land first in the queue."""
    items = [i for i in review(client, per_page=100)["items"] if i["name"] == name]
    assert len(items) == 1, (name, items)
    return items[0]


def test_unresolved_names_are_counted(db_client: FlaskClient) -> None:
    for _ in range(3):
        resolve(db_client, "Zorglub Barnabé")
    resolve(db_client, "ZORGLUB barnabe")
    resolve(db_client, "Quetzalcoatl Smith")
    resolve(db_client, "Vladimir Putin")
    # only this test's names: on a shared PostgreSQL database a previous test's last
    # background flush may land after its clean-up
    ours = {"Zorglub Barnabé", "Quetzalcoatl Smith", "Vladimir Putin"}
    items = [i for i in review(db_client, order="count")["items"] if i["name"] in ours]
    assert [(i["name"], i["count"]) for i in items[:2]] == [
        ("Zorglub Barnabé", 4),
        ("Quetzalcoatl Smith", 1),
    ]
    assert all(i["last_status"] in ("no_match", "ambiguous") for i in items)
    assert "vladimir putin" not in [i["normalized"] for i in items]


def test_accept_makes_the_name_resolve(db_client: FlaskClient, curator_key: str) -> None:
    assert resolve(db_client, "Vladi Poutinovitch")["status"] != "matched"
    item = queued(db_client, "Vladi Poutinovitch")
    putin = db_client.get("/entities", query_string={"q": "Vladimir Putin"}).get_json()["items"][0]
    response = db_client.post(
        f"/review/{item['id']}/accept", json={"entity_id": putin["id"]}, headers=auth(curator_key)
    )
    assert response.status_code == 200 and response.get_json()["state"] == "accepted"
    body = resolve(db_client, "Vladi Poutinovitch")
    assert body["status"] == "matched" and body["match"]["id"] == putin["id"]
    again = db_client.post(
        f"/review/{item['id']}/accept", json={"entity_id": putin["id"]}, headers=auth(curator_key)
    )
    assert again.status_code == 422


def test_reject_records_not_same(db_client: FlaskClient, curator_key: str) -> None:
    body = resolve(db_client, "Maher al-Assad", min_score=0)  # below the review bar
    assert body["status"] != "matched" and body["candidates"]
    item = queued(db_client, "Maher al-Assad")
    response = db_client.post(f"/review/{item['id']}/reject", json={}, headers=auth(curator_key))
    assert response.status_code == 200 and response.get_json()["state"] == "rejected"
    judgements = db_client.get("/judgements", query_string={"verdict": "not_same"}).get_json()
    assert [(j["name"], j["entity_id"]) for j in judgements] == [
        ("Maher al-Assad", item["best_candidate"])
    ]


def test_dismiss_hides(db_client: FlaskClient, curator_key: str) -> None:
    resolve(db_client, "Nobody Atall")
    item = queued(db_client, "Nobody Atall")
    response = db_client.post(f"/review/{item['id']}/dismiss", headers=auth(curator_key))
    assert response.status_code == 200
    assert item["id"] not in [i["id"] for i in review(db_client)["items"]]
    assert item["id"] in [i["id"] for i in review(db_client, state="dismissed")["items"]]
    assert db_client.post(f"/review/{item['id']}/dismiss").status_code == 401
    assert db_client.post("/review/99999/dismiss", headers=auth(curator_key)).status_code == 404


def test_curator_lookups_are_not_counted(db_client: FlaskClient) -> None:
    db_client.post("/resolve", json={"name": "Quiet Lookup", "record": False})
    db_client.post("/resolve/batch", json={"queries": [{"name": "Quiet Batch", "record": False}]})
    names = [i["name"] for i in review(db_client)["items"]]
    assert "Quiet Lookup" not in names and "Quiet Batch" not in names


def test_a_batch_resolves_a_repeated_name_once_and_counts_every_ask(
    db_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = db_client.application.extensions["polyonym"].resolver.engine
    asked: list[tuple[str, int]] = []
    real = engine.resolve

    def spy(name: str, *args: Any, **kwargs: Any) -> Any:
        asked.append((name, kwargs.get("limit", 5)))
        return real(name, *args, **kwargs)

    monkeypatch.setattr(engine, "resolve", spy)
    names = ["Zorglub Quixote", "Vladimir Putin", "Zorglub Quixote", "Vladimir Putin"]
    queries = [{"name": n} for n in names] + [{"name": "Zorglub Quixote", "limit": 1}]
    response = db_client.post("/resolve/batch", json={"queries": queries})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert asked == [("Zorglub Quixote", 5), ("Vladimir Putin", 5), ("Zorglub Quixote", 1)]
    assert results[0] == results[2] and results[1] == results[3]
    assert results[1]["status"] == "matched" and len(results[4]["candidates"]) <= 1
    item = queued(db_client, "Zorglub Quixote")
    assert item["count"] == 3
