"""Curation lifecycle through the HTTP API: merges, splits, judgements, history, feed,
review queue, conflicts, and concurrent writers."""

from __future__ import annotations

import threading

from flask.testing import FlaskClient

from tests.helpers import PROBLEM, auth, resolve


def create(client: FlaskClient, key: str, name: str, aliases: list[str], **extra: object) -> dict:
    body = {"name": name, "type": "person", "aliases": aliases, **extra}
    response = client.post("/entities", json=body, headers=auth(key))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def merge(client: FlaskClient, key: str, survivor: dict, absorbed: list[str]) -> dict:
    version = client.get(f"/entities/{survivor['id']}").get_json()["version"]
    response = client.post(
        f"/entities/{survivor['id']}/merge", json={"from": absorbed}, headers=auth(key, version)
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_merge_chain_redirects_in_one_hop(db_client: FlaskClient, curator_key: str) -> None:
    a = create(db_client, curator_key, "Kamal Hassanein", ["Kemal Hasanein"])
    b = create(db_client, curator_key, "Kamal Husseini", ["Kamal al-Husayni"])
    c = create(db_client, curator_key, "Kamal Hussain Haddad", ["Kamal Haddad"])
    merge(db_client, curator_key, b, [a["id"]])
    survivor = merge(db_client, curator_key, c, [b["id"]])
    names = {alias["name"] for alias in survivor["aliases"]}
    assert {"Kemal Hasanein", "Kamal al-Husayni", "Kamal Hassanein", "Kamal Husseini"} <= names
    for absorbed in (a, b):
        response = db_client.get(f"/entities/{absorbed['id']}")
        assert response.status_code == 308
        assert response.headers["Location"].endswith(f"/entities/{c['id']}")
        assert response.get_json()["merged_into"] == c["id"]
    for name in ("Kemal Hasanein", "Kamal al-Husayni", "Kamal Haddad"):
        body = resolve(db_client, name)
        assert body["match"]["id"] == c["id"], (name, body)
        assert all(cand["id"] not in (a["id"], b["id"]) for cand in body["candidates"])
    history = db_client.get(f"/entities/{c['id']}/history").get_json()["changes"]
    assert {h["entity_id"] for h in history} == {a["id"], b["id"], c["id"]}
    assert [h["kind"] for h in history if h["entity_id"] == a["id"]] == ["create", "merged"]


def test_merge_needs_if_match_and_live_entities(db_client: FlaskClient, curator_key: str) -> None:
    a = create(db_client, curator_key, "Nadia Qassem", [])
    b = create(db_client, curator_key, "Nadia Kassem", [])
    url = f"/entities/{a['id']}/merge"
    assert (
        db_client.post(url, json={"from": [b["id"]]}, headers=auth(curator_key)).status_code == 428
    )
    stale = db_client.post(url, json={"from": [b["id"]]}, headers=auth(curator_key, 9))
    assert stale.status_code == 412
    itself = db_client.post(url, json={"from": [a["id"]]}, headers=auth(curator_key, 1))
    assert itself.status_code == 422
    missing = db_client.post(url, json={"from": ["E999999"]}, headers=auth(curator_key, 1))
    assert missing.status_code == 404
    assert db_client.get(f"/entities/{b['id']}").status_code == 200


def test_split_moves_aliases_to_a_new_id(db_client: FlaskClient, curator_key: str) -> None:
    a = create(db_client, curator_key, "Omar Farouk", ["Omar Faruq", "Umar Farooq Bakri"])
    moving = [x["id"] for x in a["aliases"] if x["name"] == "Umar Farooq Bakri"]
    response = db_client.post(
        f"/entities/{a['id']}/split",
        json={"aliases": moving, "name": "Umar Farooq Bakri", "type": "person"},
        headers=auth(curator_key, 1),
    )
    assert response.status_code == 201
    body = response.get_json()
    new_id = body["created"]["id"]
    assert new_id != a["id"] and response.headers["Location"].endswith(new_id)
    assert [x["name"] for x in body["source"]["aliases"]] == ["Omar Faruq"]
    assert resolve(db_client, "Umar Farooq Bakri")["match"]["id"] == new_id
    assert resolve(db_client, "Omar Faruq")["match"]["id"] == a["id"]


def test_not_same_judgement_blocks_the_match(db_client: FlaskClient, curator_key: str) -> None:
    before = resolve(db_client, "Wladimir Putin")
    assert before["status"] == "matched"
    putin = before["match"]["id"]
    response = db_client.post(
        "/judgements",
        json={"name": "Wladimir Putin", "entity_id": putin, "verdict": "not_same"},
        headers=auth(curator_key),
    )
    assert response.status_code == 409  # an exact alias of Putin: only with force
    response = db_client.post(
        "/judgements",
        json={"name": "Wladimir Putin", "entity_id": putin, "verdict": "not_same", "force": True},
        headers=auth(curator_key),
    )
    assert response.status_code == 201
    judgement = response.get_json()
    after = resolve(db_client, "WLADIMIR  PUTIN")
    assert after["status"] != "matched"
    marked = [c for c in after["candidates"] if c["id"] == putin]
    assert marked and marked[0]["not_same"] is True
    assert resolve(db_client, "Vladimir Putin")["status"] == "matched"
    listed = db_client.get("/judgements", query_string={"entity_id": putin}).get_json()
    assert [j["id"] for j in listed] == [judgement["id"]]
    delete = db_client.delete(f"/judgements/{judgement['id']}", headers=auth(curator_key))
    assert delete.status_code == 204
    assert resolve(db_client, "Wladimir Putin")["status"] == "matched"
    assert (
        db_client.delete(f"/judgements/{judgement['id']}", headers=auth(curator_key)).status_code
        == 404
    )


def test_same_judgement_adds_an_alias(db_client: FlaskClient, curator_key: str) -> None:
    target = create(db_client, curator_key, "Faisal Mekdad", ["Fayssal Mikdad"])
    # a kunya shares no word with the names: nothing but the judgement can match it
    before = resolve(db_client, "Abu Jaafar al-Dimashqi")
    assert before["status"] == "no_match" and before["match"] is None
    response = db_client.post(
        "/judgements",
        json={"name": "Abu Jaafar al-Dimashqi", "entity_id": target["id"], "verdict": "same"},
        headers=auth(curator_key),
    )
    assert response.status_code == 201
    after = resolve(db_client, "Abu Jaafar al-Dimashqi")
    assert after["status"] == "matched" and after["match"]["id"] == target["id"]
    aliases = db_client.get(f"/entities/{target['id']}").get_json()["aliases"]
    assert "Abu Jaafar al-Dimashqi" in [a["name"] for a in aliases]


def test_judgements_follow_merges(db_client: FlaskClient, curator_key: str) -> None:
    a = create(db_client, curator_key, "Rami Makhlouf", [])
    b = create(db_client, curator_key, "Rami Makhluf", [])
    db_client.post(
        "/judgements",
        json={"name": "Rami Machluf", "entity_id": a["id"], "verdict": "not_same"},
        headers=auth(curator_key),
    )
    merge(db_client, curator_key, b, [a["id"]])
    listed = db_client.get("/judgements", query_string={"entity_id": b["id"]}).get_json()
    assert [j["name"] for j in listed] == ["Rami Machluf"]
    assert resolve(db_client, "Rami Machluf")["status"] != "matched"


def test_change_feed_pages_in_order(db_client: FlaskClient, curator_key: str) -> None:
    head = db_client.get("/changes", query_string={"since": 0, "limit": 1000}).get_json()
    cursor = head["next"]
    while head["has_more"]:
        head = db_client.get("/changes", query_string={"since": cursor, "limit": 1000}).get_json()
        cursor = head["next"]
    first = create(db_client, curator_key, "Bouthaina Shaaban", [])
    create(db_client, curator_key, "Buthayna Sha'ban Zeidan", [])
    page = db_client.get("/changes", query_string={"since": cursor, "limit": 1}).get_json()
    assert [c["entity_id"] for c in page["changes"]] == [first["id"]]
    assert page["has_more"] is True and page["next"] == cursor + 1
    rest = db_client.get("/changes", query_string={"since": page["next"]}).get_json()
    assert len(rest["changes"]) == 1 and rest["has_more"] is False
    assert rest["changes"][0]["actor"] == "carol" and rest["changes"][0]["kind"] == "create"
    assert db_client.get("/changes", query_string={"since": -1}).status_code == 422


def test_exact_alias_of_another_entity_is_409(db_client: FlaskClient, curator_key: str) -> None:
    a = create(db_client, curator_key, "Ali Mamlouk", ["Ali Mamluk"])
    b = create(db_client, curator_key, "Ali Mamlouk Jr", [])
    url = f"/entities/{b['id']}/aliases"
    response = db_client.post(url, json={"name": "ALI MAMLŪK"}, headers=auth(curator_key))
    assert response.status_code == 409 and response.mimetype == PROBLEM
    assert response.get_json()["entity_ids"] == [b["id"], a["id"]]
    assert db_client.get(f"/entities/{b['id']}").get_json()["version"] == 1
    shared = db_client.post(
        url, json={"name": "Ali Mamluk", "allow_shared": True}, headers=auth(curator_key)
    )
    assert shared.status_code == 201
    body = resolve(db_client, "Ali Mamluk")
    assert body["status"] == "ambiguous"
    assert {c["id"] for c in body["candidates"][:2]} == {a["id"], b["id"]}
    namesake = db_client.post(
        "/entities", json={"name": "Ali Mamlouk", "type": "person"}, headers=auth(curator_key)
    )
    assert namesake.status_code == 201  # namesakes may share a canonical name
    assert resolve(db_client, "Ali Mamlouk")["status"] == "ambiguous"


def test_concurrent_updates_one_wins(db_client: FlaskClient, curator_key: str) -> None:
    entity = create(db_client, curator_key, "Hala Shukrallah", [])
    statuses: list[int] = []
    barrier = threading.Barrier(2)

    def update(name: str) -> None:
        local = db_client.application.test_client()
        barrier.wait()
        response = local.patch(
            f"/entities/{entity['id']}", json={"name": name}, headers=auth(curator_key, 1)
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=update, args=(n,)) for n in ("Hala A", "Hala B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 412]
    assert db_client.get(f"/entities/{entity['id']}").get_json()["version"] == 2
