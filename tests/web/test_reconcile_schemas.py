"""Every /reconcile response shape against the official W3C JSON Schemas, 0.2 and 1.0-draft.

The schemas are loaded from ../shared/spec/reconciliation (see its SOURCES.md): all files
of a version registered together, Draft 7. The prose rules the schemas leave out
(``match`` a boolean, scores 0..100, batchSize) are checked here too.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec" / "reconciliation"
VERSIONS = ("0.2", "1.0-draft")

# A spread of queries: Latin, Arabic, Cyrillic, typed, with properties, unknown, empty.
QUERIES_02: dict[str, dict[str, Any]] = {
    "latin": {"query": "Ahmed Ash-Sharara", "type": "person"},
    "arabic": {"query": "بشار الأسد"},
    "cyrillic": {"query": "Владимир Путин", "type": "person", "limit": 3},
    "typed_list": {"query": "Palmyra", "type": ["place", "event"], "type_strict": "any"},
    "with_id": {"query": "Putin", "properties": [{"pid": "wikidata", "v": "Q7747"}]},
    "id_only": {"properties": [{"pid": "wikidata", "v": {"id": "Q858", "name": "Syria"}}]},
    "country": {"query": "Moscow", "properties": [{"pid": "country", "v": "RU"}]},
    "unknown": {"query": "Xqzvbnm Wrtlpfk"},
    "empty": {"query": "Palmyra", "type": "organization", "limit": 1},
    "bad": {"query": "!!!"},
}


@cache
def validators(version: str) -> dict[str, Draft7Validator]:
    schemas = {
        p.stem: json.loads(p.read_text(encoding="utf-8"))
        for p in (SPEC / version / "schemas").glob("*.json")
    }
    registry = Registry().with_resources(
        (s["$id"].rstrip("#"), Resource.from_contents(s, default_specification=DRAFT7))
        for s in schemas.values()
    )
    return {name: Draft7Validator(s, registry=registry) for name, s in schemas.items()}


def check(version: str, schema: str, body: Any) -> None:
    errors = sorted(validators(version)[schema].iter_errors(body), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def check_candidates(candidates: list[dict[str, Any]]) -> None:
    """The prose rules: match a boolean, true at most once and only first; 0..100 scores."""
    for position, candidate in enumerate(candidates):
        assert isinstance(candidate["match"], bool)
        assert candidate["match"] is False or position == 0
        assert 0 <= candidate["score"] <= 100
        assert candidate["type"] and candidate["description"]
    scores = [c["score"] for c in candidates]
    assert scores == sorted(scores, reverse=True)


def examples(kind: str) -> list[tuple[str, str, Path]]:
    """(version, schema, file) of the spec's ``kind`` ("valid" or "invalid") examples, for
    every schema loaded (reconciliation-candidate has examples but no schema of its own)."""
    found = []
    for version in VERSIONS:
        for folder in sorted((SPEC / version / "examples").glob(f"*/{kind}")):
            if folder.parent.name in validators(version):
                found += [(version, folder.parent.name, p) for p in sorted(folder.glob("*.json"))]
    return found


def test_the_schemas_are_loaded() -> None:
    """An empty glob (a moved spec folder) must fail here, not pass every check below."""
    for version in VERSIONS:
        assert {"manifest", "reconciliation-query-batch", "reconciliation-result-batch"} <= set(
            validators(version)
        ), version


def test_the_schemas_accept_their_own_examples() -> None:
    """Guards the loading itself: a wrong registry would fail these, not our bodies."""
    valid = examples("valid")
    assert len(valid) >= 40, "the spec's valid examples are missing"
    for version, name, example in valid:
        check(version, name, json.loads(example.read_text(encoding="utf-8")))


def test_the_schemas_refuse_their_invalid_examples() -> None:
    """And a validator that accepted anything would fail these."""
    invalid = examples("invalid")
    assert len(invalid) >= 30, "the spec's invalid examples are missing"
    for version, name, example in invalid:
        body = json.loads(example.read_text(encoding="utf-8"))
        assert list(validators(version)[name].iter_errors(body)), f"{version} {example} passed"


@pytest.mark.parametrize("version", VERSIONS)
def test_manifest_validates(client: FlaskClient, version: str) -> None:
    response = client.get("/reconcile", query_string={"version": version})
    assert response.status_code == 200
    manifest = response.get_json()
    check(version, "manifest", manifest)
    assert version in manifest["versions"]
    assert manifest["batchSize"] > 0 and manifest["standardizedScore"] is True
    assert {t["id"] for t in manifest["defaultTypes"]} >= {"person", "organization", "place"}


def test_manifest_defaults_to_02(client: FlaskClient) -> None:
    assert client.get("/reconcile").get_json()["versions"] == ["0.2"]


def test_02_batch_validates(client: FlaskClient) -> None:
    response = client.post("/reconcile", data={"queries": json.dumps(QUERIES_02)})
    assert response.status_code == 200
    body = response.get_json()
    check("0.2", "reconciliation-result-batch", body)
    assert set(body) == set(QUERIES_02)
    for key, result in body.items():
        check_candidates(result["result"])
        assert ("error" in result) == (key == "bad")
    assert body["unknown"]["result"] == [] or not body["unknown"]["result"][0]["match"]
    assert body["empty"]["result"] == []


def test_10_batch_validates_query_and_result(client: FlaskClient) -> None:
    batch = {
        "queries": [
            {"conditions": [{"matchType": "name", "propertyValue": "Bashar al-Assad"}]},
            {
                "type": "person",
                "limit": 2,
                "conditions": [
                    {"matchType": "name", "propertyValue": "Владимир Путин"},
                    {"matchType": "property", "propertyId": "wikidata", "propertyValue": "Q7747"},
                ],
            },
            {"conditions": [{"matchType": "name", "propertyValue": "أحمد الشرع"}]},
            {"conditions": [{"matchType": "id", "propertyValue": "E000015"}]},
            {"conditions": [{"matchType": "name", "propertyValue": "Xqzvbnm Wrtlpfk"}]},
        ]
    }
    check("1.0-draft", "reconciliation-query-batch", batch)
    response = client.post("/reconcile/match", json=batch)
    assert response.status_code == 200
    body = response.get_json()
    check("1.0-draft", "reconciliation-result-batch", body)
    assert len(body["results"]) == len(batch["queries"])
    for result in body["results"]:
        check_candidates(result["candidates"])


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    ("kind", "schema", "prefix"),
    [
        ("entity", "suggest-entities-response", "Влад"),
        ("entity", "suggest-entities-response", "الأس"),
        ("entity", "suggest-entities-response", "palmira"),
        ("entity", "suggest-entities-response", ""),
        ("entity", "suggest-entities-response", "zzzzqqq"),
        ("type", "suggest-types-response", "p"),
        ("property", "suggest-properties-response", "wiki"),
    ],
)
def test_suggest_validates(
    client: FlaskClient, version: str, kind: str, schema: str, prefix: str
) -> None:
    response = client.get(f"/reconcile/suggest/{kind}", query_string={"prefix": prefix})
    assert response.status_code == 200
    check(version, schema, response.get_json())


@pytest.mark.parametrize("path", ["/reconcile/propose_properties", "/reconcile/extend/propose"])
@pytest.mark.parametrize("version", VERSIONS)
def test_property_proposal_validates(client: FlaskClient, path: str, version: str) -> None:
    body = client.get(path, query_string={"type": "person"}).get_json()
    check(version, "data-extension-property-proposal", body)
    assert {p["id"] for p in body["properties"]} >= {"type", "name", "aliases", "external_ids"}


EXTEND_QUERY = {
    "ids": ["E000005", "E000010", "E999999"],
    "properties": [{"id": "type"}, {"id": "name"}, {"id": "aliases"}, {"id": "wikidata"}],
}


def test_02_extension_validates(client: FlaskClient) -> None:
    check("0.2", "data-extension-query", EXTEND_QUERY)
    for path in ("/reconcile", "/reconcile/extend"):
        response = client.post(path, data={"extend": json.dumps(EXTEND_QUERY)})
        assert response.status_code == 200
        body = response.get_json()
        check("0.2", "data-extension-response", body)
        assert body["rows"]["E000005"]["wikidata"] == [{"str": "Q7747"}]
        assert body["rows"]["E999999"]["name"] == []


def test_10_extension_validates(client: FlaskClient) -> None:
    check("1.0-draft", "data-extension-query", EXTEND_QUERY)
    response = client.post("/reconcile/extend", json=EXTEND_QUERY)
    assert response.status_code == 200
    body = response.get_json()
    check("1.0-draft", "data-extension-response", body)
    first = {cell["id"]: cell["values"] for cell in body["rows"][0]["properties"]}
    assert first["type"] == [{"str": "person"}]
    assert {"str": "Владимир Путин", "lang": "ru"} in first["aliases"]
