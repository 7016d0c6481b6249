"""Bulk import and export: all-or-nothing, dry run, and a faithful round trip."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from service.config import Settings
from service.live.bootstrap import open_store, prepare_store
from tests.helpers import auth

NDJSON = "application/x-ndjson"


def export_text(client: FlaskClient) -> str:
    response = client.get("/export")
    assert response.status_code == 200 and response.mimetype == NDJSON
    return response.get_data(as_text=True)


def lines(*records: dict) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()


def test_import_with_a_bad_line_changes_nothing(db_client: FlaskClient, admin_key: str) -> None:
    before = export_text(db_client)
    body = (
        lines(
            {"name": "Good One", "type": "person", "aliases": ["G. One"]},
            {"name": "", "type": "person"},
            {"name": "Bad Type", "type": "planet"},
        )
        + b"{not json\n"
    )
    response = db_client.post("/import", data=body, content_type=NDJSON, headers=auth(admin_key))
    assert response.status_code == 422
    problem = response.get_json()
    assert [e["line"] for e in problem["line_errors"]] == [2, 3, 4]
    assert problem["line_errors"][1]["field"] == "type"
    assert export_text(db_client) == before


def test_import_conflict_line_rolls_back(db_client: FlaskClient, admin_key: str) -> None:
    before = export_text(db_client)
    body = lines(
        {"name": "Fresh Person", "type": "person"},
        {"name": "Another", "type": "person", "aliases": ["Vladimir Putin"]},
    )
    response = db_client.post("/import", data=body, content_type=NDJSON, headers=auth(admin_key))
    assert response.status_code == 422
    assert response.get_json()["line_errors"][0]["line"] == 2
    assert export_text(db_client) == before


def test_import_upserts_and_dry_run(
    db_client: FlaskClient, admin_key: str, curator_key: str
) -> None:
    body = lines(
        {
            "id": "E000005",
            "type": "person",
            "name": "Vladimir Putin",
            "aliases": [{"name": "Владимир Путин", "lang": "ru"}],
            "external_ids": {"wikidata": "Q7747"},
        },
        {
            "type": "person",
            "name": "Mikhail Bogdanov",
            "aliases": ["Михаил Богданов"],
            "external_ids": {"wikidata": "Q4302573"},
        },
    )
    dry = db_client.post(
        "/import?dry_run=true", data=body, content_type=NDJSON, headers=auth(admin_key)
    )
    assert dry.get_json() == {"created": 1, "updated": 1, "unchanged": 0, "dry_run": True}
    assert db_client.get("/entities", query_string={"q": "Bogdanov"}).get_json()["total"] == 0
    done = db_client.post("/import", data=body, content_type=NDJSON, headers=auth(admin_key))
    assert done.get_json() == {"created": 1, "updated": 1, "unchanged": 0, "dry_run": False}
    assert resolve_id(db_client, "Михаил Богданов") is not None
    putin = db_client.get("/entities/E000005").get_json()
    assert [a["name"] for a in putin["aliases"]] == ["Владимир Путин"]
    again = db_client.post("/import", data=body, content_type=NDJSON, headers=auth(admin_key))
    assert again.get_json()["unchanged"] == 2
    assert (
        db_client.post(
            "/import", data=body, content_type=NDJSON, headers=auth(curator_key)
        ).status_code
        == 403
    )
    wrong_type = db_client.post(
        "/import", data=body, content_type="text/csv", headers=auth(admin_key)
    )
    assert wrong_type.status_code == 415


def resolve_id(client: FlaskClient, name: str) -> str | None:
    body = client.post("/resolve", json={"name": name}).get_json()
    return body["match"]["id"] if body["match"] else None


def test_export_import_round_trip(
    db_client: FlaskClient,
    curator_key: str,
    admin_key: str,
    tmp_path: Path,
    make_app: Callable[..., Flask],
) -> None:
    a = db_client.post(
        "/entities", json={"name": "Samir Haddad", "type": "person"}, headers=auth(curator_key)
    ).get_json()
    b = db_client.post(
        "/entities", json={"name": "Sameer Hadad", "type": "person"}, headers=auth(curator_key)
    ).get_json()
    db_client.post(
        f"/entities/{b['id']}/merge", json={"from": [a["id"]]}, headers=auth(curator_key, 1)
    )
    doomed = db_client.post(
        "/entities", json={"name": "Temp Entity", "type": "place"}, headers=auth(curator_key)
    ).get_json()
    db_client.delete(f"/entities/{doomed['id']}", headers=auth(curator_key, 1))
    db_client.post(
        "/judgements",
        json={
            "name": "Wladimir Putin",
            "entity_id": "E000005",
            "verdict": "not_same",
            "force": True,
        },
        headers=auth(curator_key),
    )
    exported = export_text(db_client)

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'empty.db'}", load_seed=False)
    store = open_store(settings)
    prepare_store(store, settings)
    fresh = make_app(store, settings).test_client()
    key = store.create_key("root", "admin")
    response = fresh.post("/import", data=exported.encode(), content_type=NDJSON, headers=auth(key))
    assert response.status_code == 200, response.get_json()
    assert sorted(export_text(fresh).splitlines()) == sorted(exported.splitlines())
    assert fresh.get(f"/entities/{a['id']}").status_code == 308
    assert fresh.get(f"/entities/{doomed['id']}").status_code == 410
    assert fresh.post("/resolve", json={"name": "Wladimir Putin"}).get_json()["status"] != "matched"
    created = fresh.post(
        "/entities", json={"name": "Brand New", "type": "person"}, headers=auth(key)
    ).get_json()
    assert created["id"] > doomed["id"]
    store.dispose()


def test_import_refuses_names_the_api_refuses(db_client: FlaskClient, admin_key: str) -> None:
    body = lines(
        {"name": "Control\x07Char", "type": "person"},
        {"name": "--''--", "type": "person"},
        {"name": "Fine Name", "type": "person", "aliases": ["\u0301\u0301"]},
    )
    response = db_client.post("/import", data=body, content_type=NDJSON, headers=auth(admin_key))
    assert response.status_code == 422
    assert [(e["line"], e["field"]) for e in response.get_json()["line_errors"]] == [
        (1, "name"),
        (2, "name"),
        (3, "aliases.0"),
    ]
