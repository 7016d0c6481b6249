"""/reconcile as OpenRefine uses it: batches, match flags, limits, CORS, JSONP, auth, writes.

Shapes are checked against the W3C schemas in test_reconcile_schemas.py; this file checks
behaviour. Where the engine is borderline, ``match`` is compared with what /resolve says
rather than hard-coded.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.store import Store
from tests.helpers import auth

FORM = "application/x-www-form-urlencoded"
# What OpenRefine 3.x posts for ten rows: type, type_strict and a mapped property column.
OPENREFINE_BATCH: dict[str, dict[str, Any]] = {
    f"q{i}": {
        "query": name,
        "type": entity_type,
        "type_strict": "should",
        "properties": [{"pid": "wikidata", "v": qid}] if qid else [],
    }
    for i, (name, entity_type, qid) in enumerate(
        [
            ("Ahmed Ash-Sharara", "person", "Q1"),
            ("Vladimir Putin", "person", "Q7747"),
            ("Владимир Путин", "person", ""),
            ("Bashar al-Assad", "person", "Q44329"),
            ("بشار الأسد", "person", ""),
            ("Sergei Verkhinin", "person", ""),
            ("Hafez al-Assad", "person", ""),
            ("Et-Tanf", "place", ""),
            ("Palmyra", "place", "Q5747"),
            ("Syrian Foreign Ministry", "organization", ""),
        ]
    )
}
EXPECTED_TOP = {
    "q0": "E000001",
    "q1": "E000005",
    "q2": "E000005",
    "q3": "E000003",
    "q4": "E000003",
    "q5": "E000004",
    "q6": "E000003",
    "q7": "E000019",
    "q8": "E000015",
    "q9": "E000006",
}


def reconcile_02(client: FlaskClient, queries: dict[str, Any], **kwargs: Any) -> Any:
    body = "queries=" + quote(json.dumps(queries))
    return client.post("/reconcile", data=body, content_type=FORM, **kwargs)


def resolve_status(client: FlaskClient, name: str, entity_type: str | None) -> str:
    status: str = client.post("/resolve", json={"name": name, "type": entity_type}).get_json()[
        "status"
    ]
    return status


def test_openrefine_batch(client: FlaskClient) -> None:
    response = reconcile_02(client, OPENREFINE_BATCH)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == set(OPENREFINE_BATCH)
    for key, query in OPENREFINE_BATCH.items():
        candidates = body[key]["result"]
        assert candidates[0]["id"] == EXPECTED_TOP[key], key
        matched = resolve_status(client, query["query"], query["type"]) == "matched"
        assert candidates[0]["match"] is matched, key
        assert not any(c["match"] for c in candidates[1:]), key
        assert all(c["type"][0]["id"] == query["type"] for c in candidates), key
    assert body["q1"]["result"][0]["match"] is True  # an exact name and its Wikidata ID
    assert body["q6"]["result"][0]["match"] is False  # "Hafez" is Bashar's father: no auto-match


def test_scores_features_and_description(client: FlaskClient) -> None:
    body = reconcile_02(client, {"q": {"query": "Владимир Путин"}}).get_json()
    top = body["q"]["result"][0]
    assert top["score"] == 100.0
    assert "wikidata Q7747" in top["description"] and "Person" in top["description"]
    features = {f["id"]: f["value"] for f in top["features"]}
    assert features["name_score"] == 1.0 and "token_alignment" in features


def test_features_say_why_not(client: FlaskClient) -> None:
    """A word without a partner shows as the disagreement feature; one that rules out a
    confident match also as held_back, and the candidate is no match (issue #17)."""
    body = reconcile_02(client, {"q": {"query": "Asaad Hassan", "type": "person"}}).get_json()
    top = body["q"]["result"][0]
    features = {f["id"]: f["value"] for f in top["features"]}
    assert top["match"] is False
    assert features["disagreement"] > 0 and features["held_back"] is True
    body = reconcile_02(client, {"q": {"query": "Владимир Путин"}}).get_json()
    features = {f["id"]: f["value"] for f in body["q"]["result"][0]["features"]}
    assert features["disagreement"] == 0.0 and "held_back" not in features


def test_get_with_queries_equals_post(client: FlaskClient) -> None:
    queries = {"a": {"query": "Palmyra", "type": "place"}}
    got = client.get("/reconcile", query_string={"queries": json.dumps(queries)})
    assert got.status_code == 200
    assert got.get_json() == reconcile_02(client, queries).get_json()


def test_external_id_alone_and_against_the_name(client: FlaskClient) -> None:
    queries = {
        "id_only": {
            "properties": [{"pid": "wikidata", "v": "http://www.wikidata.org/entity/Q858"}]
        },
        "p_style": {"properties": [{"pid": "qid", "v": "q30"}]},
        "conflict": {"query": "Moscow", "properties": [{"pid": "wikidata", "v": "Q159"}]},
        "wrong_type": {
            "query": "Moscow",
            "type": "person",
            "properties": [{"pid": "wikidata", "v": "Q649"}],
        },
        # the seed's entities have no countries: a query's country is neutral to them
        "country_neutral": {"query": "Moscow", "properties": [{"pid": "country", "v": "RU"}]},
    }
    body = reconcile_02(client, queries).get_json()
    assert [(c["id"], c["match"]) for c in body["id_only"]["result"]] == [("E000010", True)]
    assert body["p_style"]["result"][0]["id"] == "E000011"
    conflict = body["conflict"]["result"]
    assert conflict[0]["id"] == "E000012" and conflict[0]["score"] == 100.0  # Russia, by ID
    assert not any(c["match"] for c in conflict)  # the name says Moscow: nobody is matched
    assert all(c["id"] != "E000016" for c in body["wrong_type"]["result"])
    assert body["country_neutral"]["result"][0]["match"] is True


def test_one_bad_query_does_not_fail_the_batch(client: FlaskClient) -> None:
    queries = {
        "good": {"query": "Palmyra"},
        "blank": {"query": "?!"},
        "type": {"query": "Palmyra", "type": "city"},
        "nothing": {"limit": 3},
        "not_object": "Palmyra",
    }
    body = reconcile_02(client, queries).get_json()
    assert body["good"]["result"][0]["id"] == "E000015"
    for key in ("blank", "type", "nothing", "not_object"):
        assert body[key]["result"] == [], key
        assert body[key]["error"]["status"] == 422 and body[key]["error"]["detail"], key
    batch = {
        "queries": [
            {"conditions": [{"matchType": "name", "propertyValue": "Palmyra"}]},
            {"conditions": [{"matchType": "nickname", "propertyValue": "x"}]},
            {"limit": 2},
        ]
    }
    results = client.post("/reconcile/match", json=batch).get_json()["results"]
    assert results[0]["candidates"][0]["id"] == "E000015"
    assert [r["candidates"] for r in results[1:]] == [[], []]
    assert all(r["error"]["errors"] for r in results[1:])


def test_batches_above_batch_size_get_413(client: FlaskClient) -> None:
    size = client.get("/reconcile").get_json()["batchSize"]
    queries = {f"q{i}": {"query": "Palmyra"} for i in range(size + 1)}
    response = reconcile_02(client, queries)
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    batch = {
        "queries": [{"conditions": [{"matchType": "name", "propertyValue": "x"}]}] * (size + 1)
    }
    response = client.post("/reconcile/match", json=batch)
    assert response.status_code == 413
    assert response.get_json()["status"] == 413
    assert reconcile_02(client, dict(list(queries.items())[:size])).status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("post", "/reconcile", {"data": "queries={not json", "content_type": FORM}, 400),
        ("post", "/reconcile", {"data": "queries=[]", "content_type": FORM}, 400),
        ("post", "/reconcile", {"data": "", "content_type": FORM}, 400),
        ("post", "/reconcile", {"data": "nothing=1", "content_type": FORM}, 422),
        ("post", "/reconcile/match", {"data": "queries=[]", "content_type": FORM}, 415),
        ("post", "/reconcile/match", {"json": {"queries": "all"}}, 422),
        (
            "post",
            "/reconcile/extend",
            {"json": {"ids": ["E000005"], "properties": [{"id": "x"}]}},
            422,
        ),
        ("get", "/reconcile/preview", {"query_string": {"id": "E999999"}}, 404),
    ],
)
def test_request_errors_are_problems(
    client: FlaskClient, method: str, path: str, kwargs: dict[str, Any], status: int
) -> None:
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "path",
    [
        "/reconcile",
        "/reconcile/match",
        "/reconcile/suggest/entity",
        "/reconcile/suggest/type",
        "/reconcile/suggest/property",
        "/reconcile/preview",
        "/reconcile/extend",
        "/reconcile/extend/propose",
        "/reconcile/propose_properties",
    ],
)
def test_cors_preflight_on_every_route(client: FlaskClient, path: str) -> None:
    response = client.options(
        path,
        headers={"Origin": "http://127.0.0.1:3333", "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "Authorization" in response.headers["Access-Control-Allow-Headers"]


def test_jsonp(client: FlaskClient) -> None:
    response = client.get("/reconcile", query_string={"callback": "jQuery3_1.cb$"})
    assert response.status_code == 200
    assert response.mimetype == "application/javascript"
    text = response.get_data(as_text=True)
    assert text.startswith("/**/jQuery3_1.cb$(") and text.endswith(");")
    assert json.loads(text[len("/**/jQuery3_1.cb$(") : -2])["name"] == "polyonym"
    suggest = client.get("/reconcile/suggest/entity?prefix=palm&callback=cb")
    assert suggest.get_data(as_text=True).startswith("/**/cb(")


@pytest.mark.parametrize("callback", ["alert(1)", "1abc", "a-b", "cb;x", "x\u00e9", "</script>"])
def test_jsonp_callback_is_validated(client: FlaskClient, callback: str) -> None:
    response = client.get("/reconcile", query_string={"callback": callback})
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert not response.get_data(as_text=True).startswith("/**/")


def test_manifest_urls(client: FlaskClient) -> None:
    manifest = client.get("/reconcile", base_url="http://127.0.0.1:8000").get_json()
    assert manifest["view"]["url"] == "http://127.0.0.1:8000/entities/{{id}}"
    assert manifest["preview"]["url"] == "http://127.0.0.1:8000/reconcile/preview?id={{id}}"
    entity = manifest["suggest"]["entity"]
    assert entity["service_url"] + entity["service_path"] == (
        "http://127.0.0.1:8000/reconcile/suggest/entity"
    )
    assert "context" in manifest["x-ignored-properties"]
    assert "country" in manifest["x-query-properties"]  # the query's country context (#18)
    assert "authentication" not in manifest
    draft = client.get("/reconcile?version=1.0-draft").get_json()
    assert draft["view"]["url"].endswith("/entities/{id}")
    assert draft["suggest"] == {"entity": True, "type": True, "property": True}


def test_reads_need_a_key_when_configured(
    store: Store, make_app: Callable[..., Flask], curator_key: str
) -> None:
    client = make_app(store, require_read_key=True).test_client()
    manifest = client.get("/reconcile")
    assert manifest.status_code == 200
    assert manifest.get_json()["authentication"]["type"] == "apiKey"
    queries = {"q": {"query": "Palmyra"}}
    assert reconcile_02(client, queries).status_code == 401
    assert reconcile_02(client, queries, headers=auth(curator_key)).status_code == 200
    for path in ("/reconcile/suggest/entity?prefix=pa", "/reconcile/preview?id=E000015"):
        assert client.get(path).status_code == 401
        assert client.get(path, headers=auth(curator_key)).status_code == 200


@pytest.mark.parametrize(
    ("prefix", "args", "first"),
    [
        pytest.param("Влад", {}, "E000005", id="cyrillic-prefix-finds-latin-entity"),
        pytest.param("put", {}, "E000005", id="inner-word"),
        pytest.param("بشار", {}, "E000003", id="arabic"),
        pytest.param("palmira", {}, "E000015", id="fuzzy-fallback"),
        pytest.param("pal", {"type": "event"}, "E000029", id="type-filter"),
    ],
)
def test_suggest_entity(client: FlaskClient, prefix: str, args: dict[str, str], first: str) -> None:
    response = client.get("/reconcile/suggest/entity", query_string={"prefix": prefix, **args})
    assert response.status_code == 200
    result = response.get_json()["result"]
    assert result[0]["id"] == first
    assert result[0]["notable"][0]["id"] in ("person", "place", "event")


def test_suggest_cursor_pages(client: FlaskClient) -> None:
    def page(cursor: int) -> list[str]:
        query = {"prefix": "", "limit": 5, "cursor": cursor}
        return [
            r["id"]
            for r in client.get("/reconcile/suggest/entity", query_string=query).get_json()[
                "result"
            ]
        ]

    first, second = page(0), page(5)
    assert len(first) == len(second) == 5 and not set(first) & set(second)


def test_preview_card(db_client: FlaskClient) -> None:
    response = db_client.get("/reconcile/preview", query_string={"id": "E000005"})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "http://" not in html and "https://" not in html and "src=" not in html
    for part in ("Vladimir Putin", "Latin", "Arabic", "Cyrillic", "Владимир Путин", "Q7747"):
        assert part in html


def writes(client: FlaskClient, key: str) -> dict[str, Any]:
    created = client.post(
        "/entities",
        json={
            "name": "Zenobia <Septimia>",
            "type": "person",
            "aliases": ["Zenobia of Palmyra", "زنوبيا"],
            "external_ids": {"wikidata": "Q185786"},
        },
        headers=auth(key),
    )
    assert created.status_code == 201
    body: dict[str, Any] = created.get_json()
    return body


def suggest_ids(client: FlaskClient, prefix: str) -> list[str]:
    result = client.get("/reconcile/suggest/entity", query_string={"prefix": prefix}).get_json()
    return [r["id"] for r in result["result"]]


def test_suggest_and_reconcile_follow_curator_writes(
    db_client: FlaskClient, curator_key: str
) -> None:
    zenobia = writes(db_client, curator_key)
    assert suggest_ids(db_client, "zenob")[0] == zenobia["id"]
    assert suggest_ids(db_client, "زنوب")[0] == zenobia["id"]
    html = db_client.get(f"/reconcile/preview?id={zenobia['id']}").get_data(as_text=True)
    assert "Zenobia &lt;Septimia&gt;" in html and "<Septimia>" not in html
    by_id = {"q": {"properties": [{"pid": "wikidata", "v": "Q185786"}]}}
    assert reconcile_02(db_client, by_id).get_json()["q"]["result"][0]["id"] == zenobia["id"]

    deleted = db_client.delete(
        f"/entities/{zenobia['id']}", headers=auth(curator_key, **{"If-Match": "*"})
    )
    assert deleted.status_code == 204
    assert zenobia["id"] not in suggest_ids(db_client, "zenob")
    assert reconcile_02(db_client, by_id).get_json()["q"]["result"] == []
    named = reconcile_02(db_client, {"q": {"query": "Zenobia of Palmyra"}}).get_json()
    assert all(c["id"] != zenobia["id"] for c in named["q"]["result"])
    assert db_client.get(f"/reconcile/preview?id={zenobia['id']}").status_code == 404


def test_merged_ids_are_never_returned(db_client: FlaskClient, curator_key: str) -> None:
    merged = db_client.post(
        "/entities/E000010/merge",
        json={"from": ["E000013"]},
        headers=auth(curator_key, **{"If-Match": "*"}),
    )
    assert merged.status_code == 200
    queries = {
        "name": {"query": "Iraq"},
        "id": {"properties": [{"pid": "wikidata", "v": "Q796"}]},
    }
    body = reconcile_02(db_client, queries).get_json()
    returned = {c["id"] for result in body.values() for c in result["result"]}
    assert "E000013" not in returned
    assert body["id"]["result"] == []  # Syria kept its own wikidata ID; Iraq's went with E000013
    assert "E000013" not in suggest_ids(db_client, "iraq")
    match = db_client.post(
        "/reconcile/match",
        json={"queries": [{"conditions": [{"matchType": "id", "propertyValue": "E000013"}]}]},
    )
    assert match.get_json()["results"][0]["candidates"] == []
