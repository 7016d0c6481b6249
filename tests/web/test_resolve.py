"""/resolve over the Flask test client, on the shipped curated table."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.helpers import PROBLEM

# (query, expected canonical name) — the article's spellings and other real ones.
MUST_MATCH = [
    ("Ash-Sharara", "Ahmed al-Sharaa"),
    ("Ahmed Ash-Sharara", "Ahmed al-Sharaa"),
    ("Sergei Verkhinin", "Sergey Vershinin"),
    ("Assad al-Shibani", "Asaad al-Shaibani"),
    ("Et-Tanf", "Al-Tanf garrison"),
    ("Владимир Путин", "Vladimir Putin"),
    ("Bashar al-Assad", "Bashar al-Assad"),
]


@pytest.mark.parametrize(("query", "expected"), MUST_MATCH, ids=[q for q, _ in MUST_MATCH])
def test_article_spellings_resolve(client: FlaskClient, query: str, expected: str) -> None:
    response = client.post("/resolve", json={"name": query})
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "matched", body
    assert body["match"]["name"] == expected
    assert body["match"] == body["candidates"][0]
    assert 0.0 <= body["match"]["score"] <= 1.0
    assert body["query"]["name"] == query


# Other spellings of the article's names, in Latin, Arabic and Cyrillic script.
OTHER_SPELLINGS = [
    ("Ahmed el-Chareh", "Ahmed al-Sharaa"),
    ("Ахмед аш-Шараа", "Ahmed al-Sharaa"),
    ("احمد الشرع", "Ahmed al-Sharaa"),
    ("Abu Muhammad al-Jolani", "Ahmed al-Sharaa"),
    ("As'ad al-Shaybani", "Asaad al-Shaibani"),
    ("Асаад аш-Шейбани", "Asaad al-Shaibani"),
    ("Bachar el-Assad", "Bashar al-Assad"),
    ("بشار الاسد", "Bashar al-Assad"),
    ("Serguei Verchinin", "Sergey Vershinin"),
    ("Sergej Werschinin", "Sergey Vershinin"),
    ("V. Putin", "Vladimir Putin"),
    ("Vladimir Poutine", "Vladimir Putin"),
    ("Пальмира", "Palmyra"),
    ("تدمر", "Palmyra"),
    ("التنف", "Al-Tanf garrison"),
    ("Донбасс", "Donbas"),
    ("Khmeimim", "Hmeimim Air Base"),
]


@pytest.mark.parametrize(
    ("query", "expected"), OTHER_SPELLINGS, ids=[q for q, _ in OTHER_SPELLINGS]
)
def test_other_spellings_resolve(client: FlaskClient, query: str, expected: str) -> None:
    body = client.post("/resolve", json={"name": query}).get_json()
    assert body["status"] == "matched", body
    assert body["match"]["name"] == expected


@pytest.mark.parametrize(
    "query",
    [
        "Hafez al-Assad",
        "Asma al-Assad",
        "Maher al-Assad",
        "H. al-Assad",
        "M. Assad",
        "Bushra al-Assad",
    ],
)
def test_relatives_are_not_bashar(client: FlaskClient, query: str) -> None:
    assert client.post("/resolve", json={"name": query}).get_json()["status"] != "matched"


def test_foreign_minister_is_never_assad(client: FlaskClient) -> None:
    body = client.post("/resolve", json={"name": "Assad al-Shibani"}).get_json()
    assert body["match"]["name"] != "Bashar al-Assad"


def test_absent_person_is_no_match(client: FlaskClient) -> None:
    body = client.post("/resolve", json={"name": "Jacinda Ardern"}).get_json()
    assert body["status"] == "no_match"
    assert body["match"] is None


def test_response_shape_and_limit(client: FlaskClient) -> None:
    body = client.post("/resolve", json={"name": "Syria", "limit": 2}).get_json()
    assert set(body) == {"query", "status", "match", "candidates"}
    assert set(body["query"]) == {"name", "type", "normalized"}
    assert len(body["candidates"]) <= 2
    scores = [c["score"] for c in body["candidates"]]
    assert scores == sorted(scores, reverse=True)
    assert set(body["candidates"][0]) == {"id", "name", "type", "score", "matched_alias"}


def test_type_filters_candidates(client: FlaskClient) -> None:
    body = client.post("/resolve", json={"name": "Palmyra", "type": "person"}).get_json()
    assert all(c["type"] == "person" for c in body["candidates"])
    assert body["status"] != "matched"


def test_get_convenience(client: FlaskClient) -> None:
    response = client.get("/resolve", query_string={"name": "Wladimir Putin"})
    assert response.status_code == 200
    assert response.get_json()["match"]["name"] == "Vladimir Putin"


def test_explain_adds_explanation(client: FlaskClient) -> None:
    body = client.post("/resolve", json={"name": "Wladimir Putin", "explain": True}).get_json()
    match = body["match"]
    explanation = match["explanation"]
    assert explanation["alias"] == match["matched_alias"]
    assert explanation["score"] == match["score"]
    assert explanation["query_normalized"] == "wladimir putin"
    assert len(explanation["query_keys"]) == 2  # one key per query word
    assert [pair["alias"] for pair in explanation["alignment"]] == ["vladimir", "putin"]
    assert explanation["components"] and all(
        0.0 <= value <= 1.0 for value in explanation["components"].values()
    )
    plain = client.post("/resolve", json={"name": "Wladimir Putin"}).get_json()
    assert "explanation" not in plain["match"]


def test_explain_says_why_not(client: FlaskClient) -> None:
    """Given and father's name only: proposed, not matched, and the explanation names the
    family name that found no partner, with its weight (issue #17)."""
    body = client.post("/resolve", json={"name": "Asaad Hassan", "explain": True}).get_json()
    assert body["status"] == "ambiguous" and body["match"] is None
    top = body["candidates"][0]
    assert top["name"] == "Asaad al-Shaibani"
    shown = top["explanation"]["disagreement"]
    assert shown["verdict"] == "part of the name"
    assert [(w["side"], w["word"]) for w in shown["words"]] == [("alias", "shibani")]
    assert shown["words"][0]["weight"] > 0 and shown["weight"] == shown["words"][0]["weight"]
    agreeing = client.post("/resolve", json={"name": "Wladimir Putin", "explain": True})
    shown = agreeing.get_json()["match"]["explanation"]["disagreement"]
    assert shown == {"words": [], "weight": 0.0, "verdict": None}


def test_batch_keeps_order(client: FlaskClient) -> None:
    names = ["Moscow", "Jacinda Ardern", "Bachar el-Assad"]
    response = client.post("/resolve/batch", json={"queries": [{"name": n} for n in names]})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["query"]["name"] for r in results] == names
    assert results[1]["status"] == "no_match"
    assert results[2]["match"]["name"] == "Bashar al-Assad"


BAD_BODIES = [
    ({}, "name"),
    ({"name": ""}, "name"),
    ({"name": "x" * 513}, "name"),
    ({"name": 42}, "name"),
    ({"name": "Putin", "limit": 0}, "limit"),
    ({"name": "Putin", "limit": 26}, "limit"),
    ({"name": "Putin", "type": "planet"}, "type"),
    ({"name": "Putin", "colour": "red"}, "colour"),
    ({"name": "Put\x00in"}, "name"),
    ({"name": "\ue000"}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "--''--"}, "name"),
    ({"name": "\u0301\u0301"}, "name"),
]


@pytest.mark.parametrize(("body", "field"), BAD_BODIES, ids=[repr(b)[:30] for b, _ in BAD_BODIES])
def test_bad_resolve_input_is_a_problem(client: FlaskClient, body: dict, field: str) -> None:
    response = client.post("/resolve", json=body)
    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    problem = response.get_json()
    assert problem["status"] == 422
    assert {"type", "title", "detail"} <= set(problem)
    assert field in [e["field"] for e in problem["errors"]]


def test_bad_batch_names_the_query(client: FlaskClient) -> None:
    response = client.post("/resolve/batch", json={"queries": [{"name": "Putin"}, {"name": "..."}]})
    assert response.status_code == 422
    assert [e["field"] for e in response.get_json()["errors"]] == ["queries.1.name"]


def test_batch_size_limits(client: FlaskClient) -> None:
    assert client.post("/resolve/batch", json={"queries": []}).status_code == 422
    too_many = {"queries": [{"name": "Putin"}] * 1001}
    response = client.post("/resolve/batch", json=too_many)
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "queries"


def test_malformed_json_is_400(client: FlaskClient) -> None:
    response = client.post("/resolve", data=b'{"name": ', content_type="application/json")
    assert response.status_code == 400
    assert response.mimetype == PROBLEM


def test_invalid_utf8_is_400(client: FlaskClient) -> None:
    response = client.post(
        "/resolve", data=b'{"name": "\xff\xfe"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.mimetype == PROBLEM


def test_wrong_content_type_is_415(client: FlaskClient) -> None:
    response = client.post(
        "/resolve", data="name=Putin", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert response.mimetype == PROBLEM


def test_oversized_body_is_413(client: FlaskClient) -> None:
    blob = b'{"name": "' + b"a" * (3 * 1024 * 1024) + b'"}'
    response = client.post("/resolve", data=blob, content_type="application/json")
    assert response.status_code == 413
    assert response.mimetype == PROBLEM


def test_unknown_route_and_method(client: FlaskClient) -> None:
    missing = client.get("/nowhere")
    assert missing.status_code == 404 and missing.mimetype == PROBLEM
    wrong = client.delete("/resolve")
    assert wrong.status_code == 405 and wrong.mimetype == PROBLEM
    assert "POST" in wrong.headers["Allow"]


def test_request_id_is_echoed(client: FlaskClient) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert response.headers["X-Request-ID"] == "abc-123"
    assert client.get("/healthz").headers["X-Request-ID"]


@pytest.mark.parametrize(
    "body",
    [{"name": "Wladimir Putin"}, {"name": "Maher al-Assad", "explain": True}, {"name": "Zzyzx"}],
    ids=["matched", "explained", "no_match"],
)
def test_response_is_exactly_the_documented_shape(client: FlaskClient, body: dict) -> None:
    """/resolve skips the marshmallow dump for speed: what it sends must equal the dump."""
    from service.web.schemas import ResolveResult

    sent = client.post("/resolve", json=body).get_json()
    assert ResolveResult().dump(sent) == sent
    assert ResolveResult().validate(sent) == {}
