"""The reader role (#20): with POLYONYM_REQUIRE_READ_KEY=1, callers and the Prometheus
scraper hold keys that read and cannot write; GET /auth/me tells a key its name and role."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from service.store import Store
from tests.helpers import PROBLEM, auth


def test_a_reader_reads_but_never_writes(db_store: Store, make_app: Callable[..., Flask]) -> None:
    client = make_app(db_store, require_read_key=True).test_client()
    reader = db_store.create_key("scraper", "reader")
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers=auth(reader)).status_code == 200
    answer = client.post("/resolve", json={"name": "Vladimir Putin"}, headers=auth(reader))
    assert answer.status_code == 200
    assert client.get("/entities/E000005", headers=auth(reader)).status_code == 200
    before = head_seq_with(client, reader)
    refused = client.post(
        "/entities", json={"name": "Kaja Kallas", "type": "person"}, headers=auth(reader)
    )
    assert refused.status_code == 403
    assert refused.mimetype == PROBLEM
    assert "reader" in refused.get_json()["detail"]
    assert client.get("/review", headers=auth(reader)).status_code == 403  # curation data
    assert head_seq_with(client, reader) == before


def head_seq_with(client: FlaskClient, key: str) -> int:
    return int(client.get("/changes", headers=auth(key)).get_json()["next"])


def test_auth_me_names_the_key_and_its_role(
    db_store: Store, make_app: Callable[..., Flask]
) -> None:
    client = make_app(db_store).test_client()  # reads open: /auth/me still needs a key
    for name, role in (("scraper", "reader"), ("carol", "curator"), ("ada", "admin")):
        key = db_store.create_key(name, role)
        response = client.get("/auth/me", headers=auth(key))
        assert response.status_code == 200
        assert response.get_json() == {"name": name, "role": role}
    missing = client.get("/auth/me")
    assert missing.status_code == 401 and missing.mimetype == PROBLEM
    assert client.get("/auth/me", headers=auth("not-a-key")).status_code == 401


def test_admin_api_creates_reader_keys(db_store: Store, make_app: Callable[..., Flask]) -> None:
    client = make_app(db_store).test_client()
    admin = db_store.create_key("ada", "admin")
    created = client.post(
        "/admin/keys", json={"name": "grafana", "role": "reader"}, headers=auth(admin)
    )
    assert created.status_code == 201
    me = client.get("/auth/me", headers=auth(created.get_json()["key"])).get_json()
    assert me == {"name": "grafana", "role": "reader"}
