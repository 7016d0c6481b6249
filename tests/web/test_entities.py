"""Curator API: auth, ETags, tombstones, aliases, and what /resolve sees after each write."""

from __future__ import annotations

from flask.testing import FlaskClient

from service.store import Store
from tests.helpers import PROBLEM, auth, resolve

NEW_PERSON = {
    "name": "Maria Zakharova",
    "type": "person",
    "aliases": ["Мария Захарова", {"name": "Marija Sacharowa", "lang": "de"}],
    "external_ids": {"wikidata": "Q4286203"},
}


def create(client: FlaskClient, key: str, body: dict = NEW_PERSON) -> dict:
    response = client.post("/entities", json=body, headers=auth(key))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_writes_need_a_key(client: FlaskClient) -> None:
    response = client.post("/entities", json=NEW_PERSON)
    assert response.status_code == 401
    assert response.mimetype == PROBLEM
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.post("/entities", json=NEW_PERSON, headers=auth("pk_wrong")).status_code == 401


def test_wrong_role_is_403(db_client: FlaskClient, curator_key: str, admin_key: str) -> None:
    response = db_client.get("/admin/keys", headers=auth(curator_key))
    assert response.status_code == 403 and response.mimetype == PROBLEM
    listed = db_client.get("/admin/keys", headers=auth(admin_key))
    assert listed.status_code == 200
    assert {k["name"] for k in listed.get_json()} == {"carol", "ada"}
    assert all("key" not in k for k in listed.get_json())


def test_admin_can_write_entities(db_client: FlaskClient, admin_key: str) -> None:
    assert create(db_client, admin_key)["created_by"] == "ada"


def test_admin_key_lifecycle(db_client: FlaskClient, admin_key: str) -> None:
    created = db_client.post(
        "/admin/keys", json={"name": "bot", "role": "curator"}, headers=auth(admin_key)
    )
    assert created.status_code == 201
    token = created.get_json()["key"]
    assert create(db_client, token)["created_by"] == "bot"
    assert db_client.delete("/admin/keys/bot", headers=auth(admin_key)).status_code == 204
    assert db_client.post("/entities", json=NEW_PERSON, headers=auth(token)).status_code == 401


def test_revoked_key_stops_working(
    db_client: FlaskClient, db_store: Store, curator_key: str
) -> None:
    create(db_client, curator_key)
    assert db_store.revoke_key("carol")
    response = db_client.post("/entities", json=NEW_PERSON, headers=auth(curator_key))
    assert response.status_code == 401


def test_create_then_get_with_etag(db_client: FlaskClient, curator_key: str) -> None:
    response = db_client.post("/entities", json=NEW_PERSON, headers=auth(curator_key))
    assert response.status_code == 201
    entity = response.get_json()
    assert response.headers["Location"].endswith(f"/entities/{entity['id']}")
    assert response.headers["ETag"] == '"1"'
    assert entity["created_by"] == "carol"
    assert [a["name"] for a in entity["aliases"]] == ["Мария Захарова", "Marija Sacharowa"]
    fetched = db_client.get(f"/entities/{entity['id']}")
    assert fetched.status_code == 200
    assert fetched.headers["ETag"] == '"1"'
    assert fetched.get_json()["external_ids"] == {"wikidata": "Q4286203"}


def test_new_entity_resolves_immediately(db_client: FlaskClient, curator_key: str) -> None:
    assert resolve(db_client, "Marija Sacharowa")["status"] != "matched"
    entity = create(db_client, curator_key)
    body = resolve(db_client, "Мария Захарова")
    assert body["status"] == "matched"
    assert body["match"]["id"] == entity["id"]


def test_patch_needs_if_match(db_client: FlaskClient, curator_key: str) -> None:
    entity = create(db_client, curator_key)
    url = f"/entities/{entity['id']}"
    missing = db_client.patch(url, json={"name": "Maria V. Zakharova"}, headers=auth(curator_key))
    assert missing.status_code == 428 and missing.mimetype == PROBLEM
    ok = db_client.patch(
        url, json={"name": "Maria V. Zakharova"}, headers=auth(curator_key, **{"If-Match": '"1"'})
    )
    assert ok.status_code == 200
    assert ok.headers["ETag"] == '"2"'
    assert ok.get_json()["name"] == "Maria V. Zakharova"
    stale = db_client.patch(
        url, json={"type": "organization"}, headers=auth(curator_key, **{"If-Match": '"1"'})
    )
    assert stale.status_code == 412 and stale.mimetype == PROBLEM
    assert db_client.get(url).get_json()["type"] == "person"


def test_patch_validation(db_client: FlaskClient, curator_key: str) -> None:
    entity = create(db_client, curator_key)
    url = f"/entities/{entity['id']}"
    headers = auth(curator_key, **{"If-Match": '"1"'})
    assert db_client.patch(url, json={}, headers=headers).status_code == 422
    bad_type = db_client.patch(url, json={"type": "planet"}, headers=headers)
    assert bad_type.status_code == 422
    assert bad_type.get_json()["errors"][0]["field"] == "type"
    assert db_client.get(url).get_json()["version"] == 1


def test_delete_leaves_a_tombstone(db_client: FlaskClient, curator_key: str) -> None:
    entity = create(db_client, curator_key)
    url = f"/entities/{entity['id']}"
    assert db_client.delete(url, headers=auth(curator_key)).status_code == 428
    assert (
        db_client.delete(url, headers=auth(curator_key, **{"If-Match": '"7"'})).status_code == 412
    )
    assert (
        db_client.delete(url, headers=auth(curator_key, **{"If-Match": '"1"'})).status_code == 204
    )
    gone = db_client.get(url)
    assert gone.status_code == 410 and gone.mimetype == PROBLEM
    assert all(c["id"] != entity["id"] for c in resolve(db_client, "Maria Zakharova")["candidates"])
    again = create(db_client, curator_key)
    assert again["id"] != entity["id"]


def test_unknown_entity_is_404(db_client: FlaskClient, curator_key: str) -> None:
    assert db_client.get("/entities/E999999").status_code == 404
    response = db_client.patch(
        "/entities/E999999", json={"name": "x"}, headers=auth(curator_key, **{"If-Match": '"1"'})
    )
    assert response.status_code == 404


def test_alias_add_and_remove(db_client: FlaskClient, curator_key: str) -> None:
    entity = create(db_client, curator_key)
    url = f"/entities/{entity['id']}/aliases"
    added = db_client.post(
        url, json={"name": "Maria Sakharova", "lang": "en"}, headers=auth(curator_key)
    )
    assert added.status_code == 201
    assert added.headers["ETag"] == '"2"'
    alias = next(a for a in added.get_json()["aliases"] if a["name"] == "Maria Sakharova")
    assert added.headers["Location"].endswith(f"/aliases/{alias['id']}")
    removed = db_client.delete(f"{url}/{alias['id']}", headers=auth(curator_key))
    assert removed.status_code == 204
    assert db_client.delete(f"{url}/{alias['id']}", headers=auth(curator_key)).status_code == 404
    names = [a["name"] for a in db_client.get(f"/entities/{entity['id']}").get_json()["aliases"]]
    assert "Maria Sakharova" not in names


def test_alias_changes_reach_resolve(db_client: FlaskClient, curator_key: str) -> None:
    putin = db_client.get("/entities", query_string={"q": "Putin", "type": "person"}).get_json()[
        "items"
    ][0]
    added = db_client.post(
        f"/entities/{putin['id']}/aliases", json={"name": "Vova Pukin"}, headers=auth(curator_key)
    ).get_json()
    assert resolve(db_client, "Vova Pukin")["match"]["id"] == putin["id"]
    alias_id = next(a["id"] for a in added["aliases"] if a["name"] == "Vova Pukin")
    db_client.delete(f"/entities/{putin['id']}/aliases/{alias_id}", headers=auth(curator_key))
    body = resolve(db_client, "Vova Pukin")
    assert body["status"] != "matched" or body["match"]["matched_alias"] != "Vova Pukin"


def test_list_and_search(db_client: FlaskClient) -> None:
    page = db_client.get("/entities", query_string={"per_page": 5}).get_json()
    assert page["total"] >= 25 and len(page["items"]) == 5 and page["page"] == 1
    found = db_client.get("/entities", query_string={"q": "بشار الأسد"}).get_json()
    assert [e["name"] for e in found["items"]] == ["Bashar al-Assad"]
    places = db_client.get("/entities", query_string={"type": "place", "per_page": 100}).get_json()
    assert {e["type"] for e in places["items"]} == {"place"}
    assert db_client.get("/entities", query_string={"per_page": 0}).status_code == 422


def test_create_validation(client: FlaskClient, curator_key: str) -> None:
    response = client.post("/entities", json={"name": "X"}, headers=auth(curator_key))
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "type"
    bad_alias = client.post(
        "/entities", json={"name": "X", "type": "person", "aliases": [3]}, headers=auth(curator_key)
    )
    assert bad_alias.status_code == 422
    assert bad_alias.get_json()["errors"][0]["field"].startswith("aliases")


def test_changes_record_who_and_when(
    db_client: FlaskClient, db_store: Store, curator_key: str
) -> None:
    entity = create(db_client, curator_key)
    change = db_store.changes_since(db_store.last_seq() - 1)[0]
    assert (change.entity_id, change.kind, change.actor) == (entity["id"], "create", "carol")
    assert change.at is not None and change.after["name"] == "Maria Zakharova"
