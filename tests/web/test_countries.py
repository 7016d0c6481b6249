"""Country context through the API (#18): entities carry countries everywhere their fields
go, and a query's country tells namesakes apart. Both databases where the store is touched."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.helpers import auth

NDJSON = "application/x-ndjson"


def create(client: FlaskClient, key: str, name: str, countries: Any, **more: Any) -> dict:
    body = {"name": name, "type": "place", "countries": countries, **more}
    response = client.post("/entities", json=body, headers=auth(key))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def fields_named(response: Any) -> list[str]:
    body = response.get_json()
    assert response.mimetype == "application/problem+json", body
    return [e["field"] for e in body.get("errors", [])]


def test_create_normalises_and_every_read_shows_them(db_client: FlaskClient, curator_key: str):
    made = create(db_client, curator_key, "Tripoli", ["sy", "LB", "lb"])
    assert made["countries"] == ["LB", "SY"]
    fetched = db_client.get(f"/entities/{made['id']}").get_json()
    assert fetched["countries"] == ["LB", "SY"]
    plain = create(db_client, curator_key, "Nowhere Town", [])
    assert plain["countries"] == []
    left_out = db_client.post(
        "/entities", json={"name": "Elsewhere", "type": "place"}, headers=auth(curator_key)
    )
    assert left_out.get_json()["countries"] == []


@pytest.mark.parametrize(
    "countries, field",
    [
        (["ZZ"], "countries.0"),
        (["SY", "USA"], "countries.1"),
        ("SY", "countries"),
        ([7], "countries.0"),
        ([None], "countries.0"),
        ({"SY": 1}, "countries"),
        (["SY"] * 33, "countries"),
    ],
)
def test_unknown_codes_are_422_naming_the_field(
    db_client: FlaskClient, curator_key: str, countries: Any, field: str
) -> None:
    before = db_client.get("/changes?since=0&limit=1000").get_json()["changes"]
    response = db_client.post(
        "/entities",
        json={"name": "Tripoli", "type": "place", "countries": countries},
        headers=auth(curator_key),
    )
    assert response.status_code == 422
    assert field in fields_named(response)
    assert db_client.get("/changes?since=0&limit=1000").get_json()["changes"] == before


def test_patch_with_if_match_records_before_and_after(db_client: FlaskClient, curator_key: str):
    made = create(db_client, curator_key, "Tripoli", ["LY"])
    stale = db_client.patch(
        f"/entities/{made['id']}", json={"countries": ["LB"]}, headers=auth(curator_key, 7)
    )
    assert stale.status_code == 412
    missing = db_client.patch(
        f"/entities/{made['id']}", json={"countries": ["LB"]}, headers=auth(curator_key)
    )
    assert missing.status_code == 428
    bad = db_client.patch(
        f"/entities/{made['id']}", json={"countries": ["XX"]}, headers=auth(curator_key, 1)
    )
    assert bad.status_code == 422 and "countries.0" in fields_named(bad)
    response = db_client.patch(
        f"/entities/{made['id']}", json={"countries": ["lb"]}, headers=auth(curator_key, 1)
    )
    assert response.status_code == 200 and response.headers["ETag"] == '"2"'
    assert response.get_json()["countries"] == ["LB"]
    history = db_client.get(f"/entities/{made['id']}/history").get_json()["changes"]
    assert history[0]["after"]["countries"] == ["LY"]
    assert history[-1]["kind"] == "update"
    assert (history[-1]["before"]["countries"], history[-1]["after"]["countries"]) == (
        ["LY"],
        ["LB"],
    )
    feed = db_client.get("/changes?since=0&limit=1000").get_json()["changes"]
    assert feed[-1]["after"]["countries"] == ["LB"]
    cleared = db_client.patch(
        f"/entities/{made['id']}", json={"countries": []}, headers=auth(curator_key, 2)
    )
    assert cleared.get_json()["countries"] == []


def test_list_filters_by_country(db_client: FlaskClient, curator_key: str) -> None:
    lb = create(db_client, curator_key, "Tripoli", ["LB"])
    ly = create(db_client, curator_key, "Tripoli", ["LY", "TN"])
    create(db_client, curator_key, "Tripoli", [])
    for asked, expected in (("LB", [lb["id"]]), ("ly", [ly["id"]]), ("TN", [ly["id"]])):
        page = db_client.get(f"/entities?q=tripoli&country={asked}").get_json()
        assert [e["id"] for e in page["items"]] == expected and page["total"] == 1, asked
    assert db_client.get("/entities?country=SY&q=tripoli").get_json()["total"] == 0
    for bad in ("ZZ", "L", "%", "L_", "LB,LY", ""):
        response = db_client.get("/entities", query_string={"country": bad})
        assert response.status_code == 422 and "country" in fields_named(response), bad


def test_merge_gives_the_union_and_split_keeps_or_sets(
    db_client: FlaskClient, curator_key: str
) -> None:
    survivor = create(db_client, curator_key, "Tarabulus", ["LB"], aliases=["Trablous"])
    absorbed = create(db_client, curator_key, "Tarabulus al-Sham", ["SY", "LB"])
    merged = db_client.post(
        f"/entities/{survivor['id']}/merge",
        json={"from": [absorbed["id"]]},
        headers=auth(curator_key, 1),
    )
    assert merged.status_code == 200 and merged.get_json()["countries"] == ["LB", "SY"]
    history = db_client.get(f"/entities/{survivor['id']}/history").get_json()["changes"]
    merge = [c for c in history if c["kind"] == "merge"][-1]
    assert (merge["before"]["countries"], merge["after"]["countries"]) == (["LB"], ["LB", "SY"])
    alias_id = merged.get_json()["aliases"][0]["id"]
    split = db_client.post(
        f"/entities/{survivor['id']}/split",
        json={"aliases": [alias_id], "name": "Trablous", "type": "place"},
        headers=auth(curator_key, 2),
    )
    assert split.status_code == 201
    assert split.get_json()["created"]["countries"] == ["LB", "SY"]  # the source's
    second = merged.get_json()["aliases"][1]["id"]
    chosen = db_client.post(
        f"/entities/{survivor['id']}/split",
        json={"aliases": [second], "name": "Tarabulus al-Sham", "type": "place",
              "countries": ["sy"]},
        headers=auth(curator_key, 3),
    )  # fmt: skip
    assert chosen.status_code == 201, chosen.get_json()
    assert chosen.get_json()["created"]["countries"] == ["SY"]
    bad = db_client.post(
        f"/entities/{survivor['id']}/split",
        json={"aliases": [second], "name": "X Y", "type": "place", "countries": ["QQ"]},
        headers=auth(curator_key, 4),
    )
    assert bad.status_code == 422 and "countries.0" in fields_named(bad)


def test_export_and_import_carry_countries(
    db_client: FlaskClient, curator_key: str, admin_key: str
) -> None:
    made = create(db_client, curator_key, "Tripoli", ["LY"])
    exported = [
        json.loads(line) for line in db_client.get("/export").get_data(as_text=True).splitlines()
    ]
    line = next(r for r in exported if r["id"] == made["id"])
    assert line["countries"] == ["LY"]
    assert all("countries" not in r for r in exported if r["id"] != made["id"])  # seed: none
    line["countries"] = ["lb", "LY"]
    response = db_client.post(
        "/import", data=(json.dumps(line) + "\n").encode(), content_type=NDJSON,
        headers=auth(admin_key),
    )  # fmt: skip
    assert response.status_code == 200 and response.get_json()["updated"] == 1
    assert db_client.get(f"/entities/{made['id']}").get_json()["countries"] == ["LB", "LY"]
    history = db_client.get(f"/entities/{made['id']}/history").get_json()["changes"]
    assert (history[-1]["before"]["countries"], history[-1]["after"]["countries"]) == (
        ["LY"],
        ["LB", "LY"],
    )
    new = {"name": "Tripoli", "type": "place", "countries": ["GR"], "aliases": []}
    bad = dict(new, countries=["GR", "ZZ"])
    rejected = db_client.post(
        "/import", data=(json.dumps(new) + "\n" + json.dumps(bad) + "\n").encode(),
        content_type=NDJSON, headers=auth(admin_key),
    )  # fmt: skip
    assert rejected.status_code == 422
    assert rejected.get_json()["line_errors"] == [
        {
            "line": 2,
            "field": "countries",
            "message": rejected.get_json()["line_errors"][0]["message"],
        }
    ]
    assert "ZZ" in rejected.get_json()["line_errors"][0]["message"]
    created = db_client.post(
        "/import", data=(json.dumps(new) + "\n").encode(), content_type=NDJSON,
        headers=auth(admin_key),
    )  # fmt: skip
    assert created.get_json()["created"] == 1
    page = db_client.get("/entities?country=GR").get_json()
    assert [e["name"] for e in page["items"]] == ["Tripoli"]


def resolve_post(client: FlaskClient, name: str, **fields: Any) -> Any:
    return client.post("/resolve", json={"name": name, **fields})


def test_resolve_tells_namesakes_apart_by_country(db_client: FlaskClient, curator_key: str):
    lb = create(db_client, curator_key, "Tripoli", ["LB"], allow_shared=True)
    ly = create(db_client, curator_key, "Tripoli", ["LY"], allow_shared=True)
    plain = resolve_post(db_client, "Tripoli", type="place").get_json()
    assert plain["status"] == "ambiguous"
    assert all("country_conflict" not in c for c in plain["candidates"])
    assert "country" not in plain["query"]
    for country, right, wrong in (("LB", lb, ly), ("ly", ly, lb), (["LY", "TN"], ly, lb)):
        body = resolve_post(db_client, "Tripoli", type="place", country=country).get_json()
        assert body["status"] == "matched", country
        assert body["match"]["id"] == right["id"]
        conflict = [c for c in body["candidates"] if c["id"] == wrong["id"]]
        assert conflict and conflict[0]["country_conflict"] is True
        assert body["query"]["country"] == sorted(
            [country.upper()] if isinstance(country, str) else country
        )
    got = db_client.get("/resolve", query_string={"name": "Tripoli", "country": "LB"}).get_json()
    assert got["status"] == "matched" and got["match"]["id"] == lb["id"]
    both = db_client.get("/resolve", query_string={"name": "Tripoli", "country": "LB,LY"})
    assert both.get_json()["status"] == "ambiguous"
    elsewhere = resolve_post(db_client, "Tripoli", type="place", country="GR").get_json()
    assert elsewhere["status"] == "ambiguous"
    assert all(c["country_conflict"] for c in elsewhere["candidates"])
    explained = resolve_post(db_client, "Tripoli", country="LB", explain=True).get_json()
    assert explained["match"]["explanation"]["country"] == {
        "query": ["LB"], "entity": ["LB"], "evidence": "supports"
    }  # fmt: skip


def test_batch_items_carry_their_own_country(db_client: FlaskClient, curator_key: str) -> None:
    lb = create(db_client, curator_key, "Tripoli", ["LB"], allow_shared=True)
    ly = create(db_client, curator_key, "Tripoli", ["LY"], allow_shared=True)
    queries = [
        {"name": "Tripoli", "country": "LB"},
        {"name": "Tripoli", "country": ["LY"]},
        {"name": "Tripoli"},
        {"name": "Tripoli", "country": "LB"},
    ]
    response = db_client.post("/resolve/batch", json={"queries": queries})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["status"] for r in results] == ["matched", "matched", "ambiguous", "matched"]
    assert [r["match"]["id"] for r in results if r["match"]] == [lb["id"], ly["id"], lb["id"]]
    bad = db_client.post(
        "/resolve/batch", json={"queries": [{"name": "Tripoli"}, {"name": "X", "country": "Q1"}]}
    )
    assert bad.status_code == 422 and "queries.1.country" in fields_named(bad)


def test_a_patched_country_reaches_resolve_at_once(db_client: FlaskClient, curator_key: str):
    lb = create(db_client, curator_key, "Tripoli", ["LB"], allow_shared=True)
    ly = create(db_client, curator_key, "Tripoli", [], allow_shared=True)
    assert resolve_post(db_client, "Tripoli", country="LB").get_json()["status"] == "ambiguous"
    db_client.patch(
        f"/entities/{ly['id']}", json={"countries": ["LY"]}, headers=auth(curator_key, 1)
    )
    body = resolve_post(db_client, "Tripoli", country="LB").get_json()
    assert body["status"] == "matched" and body["match"]["id"] == lb["id"]


@pytest.mark.parametrize(
    "country", ["ZZ", " ", "S", "SYR", ["SY", 1], {"a": 1}, 5, True, None, ["SY"] * 33, "SY,,LB"]
)
def test_resolve_refuses_bad_countries(client: FlaskClient, country: Any) -> None:
    response = client.post("/resolve", json={"name": "Tripoli", "country": country})
    assert response.status_code == 422, response.get_json()
    assert "country" in fields_named(response)


def test_patching_the_same_countries_is_a_no_op(db_client: FlaskClient, curator_key: str) -> None:
    made = create(db_client, curator_key, "Tripoli", ["LY", "LB"])
    same = db_client.patch(
        f"/entities/{made['id']}", json={"countries": ["lb", "ly"]}, headers=auth(curator_key, 1)
    )
    assert same.status_code == 200 and same.headers["ETag"] == '"1"'
    history = db_client.get(f"/entities/{made['id']}/history").get_json()["changes"]
    assert [c["kind"] for c in history] == ["create"]


def test_a_repeated_country_parameter_is_every_country(client: FlaskClient) -> None:
    for query in ("country=SY&country=lb", "country=SY,LB", "country=SY&country=LB,SY"):
        body = client.get(f"/resolve?name=Tartus&{query}").get_json()
        assert body["query"]["country"] == ["LB", "SY"], query
    bad = client.get("/resolve?name=Tartus&country=SY&country=QQ")
    assert bad.status_code == 422 and "country" in fields_named(bad)
