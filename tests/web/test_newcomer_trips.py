"""Behaviour a newcomer trips over (#20): duplicate aliases, no-op PATCHes, a reject that
contradicts an alias, low candidates, the alias shown for a query's script, review times."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from flask.testing import FlaskClient

from service.model import Unresolved
from service.store import Store
from tests.helpers import PROBLEM, auth, head_seq, resolve

PUTIN = "E000005"


def entity(client: FlaskClient, entity_id: str) -> dict:
    response = client.get(f"/entities/{entity_id}")
    assert response.status_code == 200
    return response.get_json()


def test_adding_an_alias_the_entity_has_is_409_naming_it(
    db_client: FlaskClient, curator_key: str
) -> None:
    putin = entity(db_client, PUTIN)
    existing = next(a for a in putin["aliases"] if a["name"] == "Vladimir Vladimirovich Putin")
    before = head_seq(db_client)
    response = db_client.post(
        f"/entities/{PUTIN}/aliases",
        json={"name": "Vladimir Vladimirovich Putin", "lang": "en"},
        headers=auth(curator_key),
    )
    assert response.status_code == 409
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert body["alias_id"] == existing["id"]
    assert body["errors"][0]["field"] == "name"
    assert head_seq(db_client) == before
    assert entity(db_client, PUTIN)["version"] == putin["version"]


def test_merging_back_a_split_off_entity_folds_equal_aliases(
    db_client: FlaskClient, curator_key: str
) -> None:
    created = db_client.post(
        "/entities",
        json={"name": "Oleg Tarnovsky", "type": "person", "aliases": ["Oleg Tarnovskiy", "O. T."]},
        headers=auth(curator_key),
    ).get_json()
    moved = next(a["id"] for a in created["aliases"] if a["name"] == "Oleg Tarnovskiy")
    split = db_client.post(
        f"/entities/{created['id']}/split",
        json={"aliases": [moved], "name": "Oleg Tarnovskiy", "type": "person"},
        headers=auth(curator_key, created["version"]),
    )
    assert split.status_code == 201, split.get_json()
    source, new = split.get_json()["source"], split.get_json()["created"]
    merged = db_client.post(
        f"/entities/{source['id']}/merge",
        json={"from": [new["id"]]},
        headers=auth(curator_key, source["version"]),
    )
    assert merged.status_code == 200, merged.get_json()
    names = [a["name"] for a in merged.get_json()["aliases"]]
    assert sorted(names) == sorted(set(names)) == ["O. T.", "Oleg Tarnovskiy"]
    exported = [
        json.loads(line)
        for line in db_client.get("/export").get_data(as_text=True).split("\n")
        if line
    ]
    line = next(r for r in exported if r["id"] == source["id"])
    exported_names = [a["name"] if isinstance(a, dict) else a for a in line["aliases"]]
    assert len(exported_names) == len(set(exported_names))


def test_a_patch_that_changes_nothing_keeps_the_etag_and_history(
    db_client: FlaskClient, curator_key: str
) -> None:
    putin = entity(db_client, PUTIN)
    before = head_seq(db_client)
    same = {"name": putin["name"], "type": putin["type"], "external_ids": putin["external_ids"]}
    response = db_client.patch(
        f"/entities/{PUTIN}", json=same, headers=auth(curator_key, putin["version"])
    )
    assert response.status_code == 200
    assert response.headers["ETag"] == f'"{putin["version"]}"'
    assert response.get_json()["version"] == putin["version"]
    assert head_seq(db_client) == before
    stale = db_client.patch(
        f"/entities/{PUTIN}", json=same, headers=auth(curator_key, putin["version"] + 7)
    )
    assert stale.status_code == 412  # a no-op is still a conditional write
    changed = db_client.patch(
        f"/entities/{PUTIN}",
        json={"external_ids": {"wikidata": "Q7747", "viaf": "1"}},
        headers=auth(curator_key, putin["version"]),
    )
    assert changed.status_code == 200
    assert changed.get_json()["version"] == putin["version"] + 1


def test_not_same_on_an_exact_alias_needs_force(db_client: FlaskClient, curator_key: str) -> None:
    before = head_seq(db_client)
    body = {"name": "Vladimir Vladimirovich Putin", "entity_id": PUTIN, "verdict": "not_same"}
    refused = db_client.post("/judgements", json=body, headers=auth(curator_key))
    assert refused.status_code == 409
    assert refused.mimetype == PROBLEM
    assert "force" in refused.get_json()["detail"]
    assert head_seq(db_client) == before
    forced = db_client.post("/judgements", json={**body, "force": True}, headers=auth(curator_key))
    assert forced.status_code == 201
    created = db_client.post(
        "/entities", json={"name": "Kaja Kallas", "type": "person"}, headers=auth(curator_key)
    ).get_json()
    own_name = {"name": "KAJA KALLAS", "entity_id": created["id"], "verdict": "not_same"}
    assert (
        db_client.post("/judgements", json=own_name, headers=auth(curator_key)).status_code == 409
    )


def test_review_reject_of_an_exact_alias_needs_force(
    db_store: Store, db_client: FlaskClient, curator_key: str
) -> None:
    now = datetime.now(UTC)
    name = "vladimir vladimirovich putin"
    db_store.record_unresolved([Unresolved(name, name, "ambiguous", PUTIN, 0.6, now)])
    (item,) = db_client.get("/review", headers=auth(curator_key)).get_json()["items"]
    refused = db_client.post(f"/review/{item['id']}/reject", json={}, headers=auth(curator_key))
    assert refused.status_code == 409
    still = db_client.get("/review", headers=auth(curator_key)).get_json()["items"]
    assert [i["state"] for i in still] == ["open"]
    forced = db_client.post(
        f"/review/{item['id']}/reject", json={"force": True}, headers=auth(curator_key)
    )
    assert forced.status_code == 200
    assert forced.get_json()["state"] == "rejected"


def test_candidates_stop_at_the_review_bar_unless_min_score(client: FlaskClient) -> None:
    name = "al-Shara Mohammed"
    low = resolve(client, name, limit=25, min_score=0.0)["candidates"]
    assert "Middle East" in [c["name"] for c in low]  # the noise the default hides
    answer = resolve(client, name, limit=25)
    assert answer["status"] == "ambiguous"
    assert [c["name"] for c in answer["candidates"]] == ["Ahmed al-Sharaa"]
    assert answer["candidates"] == [c for c in low if c["score"] >= 0.5]
    some = resolve(client, name, limit=25, min_score=0.2)["candidates"]
    assert some == [c for c in low if c["score"] >= 0.2]
    bad = client.post("/resolve", json={"name": name, "min_score": 2})
    assert bad.status_code == 422
    assert bad.get_json()["errors"][0]["field"] == "min_score"


def test_matched_alias_is_in_the_query_script_among_equals(client: FlaskClient) -> None:
    top = resolve(client, "Krim")["candidates"][0]
    assert top["id"] == "E000018"
    assert top["matched_alias"] == "Krim"  # not "Крим", which has the same words
    cyrillic = resolve(client, "Крим")["candidates"][0]
    assert cyrillic["matched_alias"] == "Крим"


def test_review_first_seen_never_passes_last_seen(db_store: Store) -> None:
    """Workers flush independently: an older sighting can be written after a newer one."""
    late = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
    early = late - timedelta(hours=1)
    name = "zzyzx unknown"
    db_store.record_unresolved([Unresolved(name, name, "no_match", None, None, late)])
    db_store.record_unresolved([Unresolved(name, name, "no_match", None, None, early)])
    (item,), _ = db_store.list_review("open", "count", 1, 20)
    assert item.count == 2
    assert item.first_seen == early
    assert item.last_seen == late
