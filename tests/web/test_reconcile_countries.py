"""Reconciliation with country context (#18): the country property in queries, the
manifest, property suggest, the preview card and data extension; W3C schemas checked."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from flask.testing import FlaskClient

from tests.helpers import auth
from tests.web.test_reconcile_schemas import check

FORM = "application/x-www-form-urlencoded"


def towns(client: FlaskClient, key: str) -> tuple[str, str]:
    ids = []
    for country in ("LB", "LY"):
        response = client.post(
            "/entities",
            json={"name": "Tripoli", "type": "place", "countries": [country], "allow_shared": True},
            headers=auth(key),
        )
        assert response.status_code == 201
        ids.append(response.get_json()["id"])
    return ids[0], ids[1]


def reconcile_02(client: FlaskClient, queries: dict[str, Any]) -> dict[str, Any]:
    response = client.post(
        "/reconcile", data="queries=" + quote(json.dumps(queries)), content_type=FORM
    )
    assert response.status_code == 200
    body: dict[str, Any] = response.get_json()
    check("0.2", "reconciliation-result-batch", body)
    return body


def test_country_property_picks_the_namesake_02(db_client: FlaskClient, curator_key: str) -> None:
    lb, ly = towns(db_client, curator_key)
    body = reconcile_02(
        db_client,
        {
            "plain": {"query": "Tripoli", "type": "place"},
            "lb": {"query": "Tripoli", "properties": [{"pid": "country", "v": "LB"}]},
            "ly": {"query": "Tripoli", "properties": [{"pid": "country", "v": {"id": "ly"}}]},
            "bad": {"query": "Tripoli", "properties": [{"pid": "country", "v": "Lebanon"}]},
        },
    )
    assert not any(c["match"] for c in body["plain"]["result"])
    for key, right, wrong in (("lb", lb, ly), ("ly", ly, lb)):
        result = body[key]["result"]
        assert result[0]["id"] == right and result[0]["match"] is True
        other = next(c for c in result if c["id"] == wrong)
        assert {"id": "country_conflict", "name": other["features"][-1]["name"], "value": True} in (
            other["features"]
        )
    assert body["bad"]["result"] == [] and body["bad"]["error"]["errors"][0]["field"] == "country"


def test_country_condition_10(db_client: FlaskClient, curator_key: str) -> None:
    lb, _ = towns(db_client, curator_key)
    query = {
        "conditions": [
            {"matchType": "name", "propertyValue": "Tripoli"},
            {"matchType": "property", "propertyId": "country", "propertyValue": "LB"},
        ]
    }
    response = db_client.post("/reconcile/match", json={"queries": [query]})
    assert response.status_code == 200
    check("1.0-draft", "reconciliation-result-batch", response.get_json())
    candidates = response.get_json()["results"][0]["candidates"]
    assert candidates[0]["id"] == lb and candidates[0]["match"] is True


def test_manifests_advertise_country(client: FlaskClient) -> None:
    manifest = client.get("/reconcile").get_json()
    check("0.2", "manifest", manifest)
    assert "country" in manifest["x-query-properties"]
    assert "country" not in manifest["x-ignored-properties"]
    assert manifest["extend"]["property_settings"][0]["name"] == "country_names"
    draft = client.get("/reconcile?version=1.0-draft").get_json()
    check("1.0-draft", "manifest", draft)
    assert draft["extend"]["propertySettings"][0]["id"] == "country_names"
    found = client.get("/reconcile/suggest/property?prefix=coun").get_json()
    check("0.2", "suggest-properties-response", found)
    assert [p["id"] for p in found["result"]] == ["country"]
    proposed = client.get("/reconcile/propose_properties").get_json()
    assert "country" in [p["id"] for p in proposed["properties"]]


def test_preview_card_and_extension(db_client: FlaskClient, curator_key: str) -> None:
    lb, ly = towns(db_client, curator_key)
    card = db_client.get(f"/reconcile/preview?id={lb}").get_data(as_text=True)
    assert "<h2>Countries</h2>" in card and "Lebanon (LB)" in card
    described = reconcile_02(db_client, {"q": {"query": "Tripoli"}})["q"]["result"]
    assert any("LB" in c["description"] for c in described)
    body = {"ids": [lb, ly, "E000001"], "properties": [{"id": "country"}]}
    response = db_client.post("/reconcile/extend", json=body)
    assert response.status_code == 200
    check("1.0-draft", "data-extension-response", response.get_json())
    rows = {r["id"]: r["properties"][0]["values"] for r in response.get_json()["rows"]}
    assert rows == {lb: [{"str": "LB"}], ly: [{"str": "LY"}], "E000001": []}
    named = {"ids": [lb], "properties": [{"id": "country", "settings": {"country_names": True}}]}
    response = db_client.post("/reconcile/extend", json=named)
    assert response.get_json()["rows"][0]["properties"][0]["values"] == [{"str": "Lebanon"}]
    form = "extend=" + quote(json.dumps({**named, "properties": [
        {"id": "country", "settings": {"country_names": "true"}}]}))  # fmt: skip
    response = db_client.post("/reconcile/extend", data=form, content_type=FORM)
    check("0.2", "data-extension-response", response.get_json())
    assert response.get_json()["rows"][lb]["country"] == [{"str": "Lebanon"}]
