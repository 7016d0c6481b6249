"""Input limits: every bad request is a clear problem+json answer, and a bad write changes nothing.

The /resolve-specific cases live in test_resolve.py; these cover the write routes, JSON
that could crash a parser, and the store's change log before and after each refusal.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from flask.testing import FlaskClient

from service.web.limits import MAX_JSON_DEPTH, json_depth
from tests.helpers import PROBLEM, head_seq, name_writes

MiB = 1024 * 1024


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == PROBLEM
    problem: dict[str, Any] = response.get_json()
    assert problem["status"] == status
    assert {"type", "title", "detail"} <= set(problem)
    return problem


def send(client: FlaskClient, method: str, path: str, body: Any, **kwargs: Any) -> Any:
    """JSON with ASCII escapes, so a lone surrogate travels as the text \\ud800."""
    return getattr(client, method)(
        path, data=json.dumps(body), content_type="application/json", **kwargs
    )


def nested(depth: int, opener: str = "[", closer: str = "]") -> str:
    return opener * depth + closer * depth


def nested_objects(depth: int) -> str:
    return '{"a": ' * depth + "1" + "}" * depth


# (method, path, raw body, content type, status): JSON that could crash a parser or a store.
RAW_WRITES = [
    ("post", "/entities", nested(100_000), "application/json", 400),
    ("post", "/entities", nested_objects(50_000), "application/json", 400),
    (
        "post",
        "/entities",
        '{"name": "Kaja Kallas", "type": "person", "external_ids": '
        + nested_objects(MAX_JSON_DEPTH + 1)
        + "}",
        "application/json",
        400,
    ),
    (
        "post",
        "/entities",
        '{"name": "Kaja Kallas", "type": "person", "aliases": ' + nested(5_000) + "}",
        "application/json",
        400,
    ),
    (
        "post",
        "/entities",
        '{"name": "Kaja Kallas", "type": "person", "version": ' + "9" * 5_000 + "}",
        "application/json",
        400,
    ),
    ("post", "/entities", b'{"name": "\xff\xfe", "type": "person"}', "application/json", 400),
    ("post", "/entities", '{"name": "Kaja Kallas", "type": "person"', "application/json", 400),
    ("post", "/entities", "name=Kaja+Kallas&type=person", "application/x-www-form-urlencoded", 415),
    ("post", "/entities", "Kaja Kallas", "text/plain", 415),
    ("post", "/entities", b'{"name": "' + b"a" * (3 * MiB) + b'"}', "application/json", 413),
    ("post", "/entities/E000001/aliases", nested(100_000), "application/json", 400),
    ("post", "/entities/E000001/aliases", b'{"name": "\xc3"}', "application/json", 400),
    ("post", "/entities/E000001/aliases", "Abu Mohammad", "text/plain", 415),
    ("patch", "/entities/E000001", nested_objects(50_000), "application/json", 400),
    ("post", "/judgements", nested(100_000), "application/json", 400),
    (
        "post",
        "/entities/E000001/merge",
        '{"from": ' + nested(10_000) + "}",
        "application/json",
        400,
    ),
    ("post", "/import", nested(100_000), "application/x-ndjson", 422),
    (
        "post",
        "/import",
        '{"id": "E1", "type": "person", "name": "X", "n": ' + "9" * 5_000 + "}",
        "application/x-ndjson",
        422,
    ),
    ("post", "/import", b'{"type": "person", "name": "\xff"}', "application/x-ndjson", 400),
    ("post", "/import", '{"type": "person", "name": "Kaja Kallas"}', "application/json", 415),
    ("post", "/admin/keys", nested(100_000), "application/json", 400),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "content_type", "status"),
    RAW_WRITES,
    ids=[f"{m} {p} {len(b)}B {ct} -> {s}" for m, p, b, ct, s in RAW_WRITES],
)
def test_bad_write_body_is_a_problem_and_changes_nothing(
    client: FlaskClient,
    admin_key: str,
    method: str,
    path: str,
    body: str | bytes,
    content_type: str,
    status: int,
) -> None:
    before = head_seq(client)
    headers = {"Authorization": f"Bearer {admin_key}", "If-Match": '"1"'}
    response = getattr(client, method)(path, data=body, content_type=content_type, headers=headers)
    assert_problem(response, status)
    assert head_seq(client) == before


# Names no write may store: each is a 422 naming the field.
BAD_NAMES = [
    ("a" * 513, "over 512 characters"),
    ("", "empty"),
    ("   ", "blank"),
    ("Kaja\x00Kallas", "NUL"),
    ("Kaja\x1bKallas", "escape"),
    ("Kaja\u0085Kallas", "C1 control"),
    ("Kaja\ue000Kallas", "private use"),
    ("Kaja\U000f0000", "supplementary private use"),
    ("\ud800", "lone surrogate"),
    ("Kaja\u0378", "unassigned"),
    ("--''--", "only punctuation"),
    ("?!", "only punctuation, short"),
    ("\u0301\u0301", "only combining marks"),
    ("\u0651\u064e", "only Arabic marks"),
]


@pytest.mark.parametrize(("name", "why"), BAD_NAMES, ids=[why for _, why in BAD_NAMES])
def test_bad_names_are_refused_by_every_write(
    client: FlaskClient, curator_key: str, name: str, why: str
) -> None:
    before = head_seq(client)
    headers = {"Authorization": f"Bearer {curator_key}", "If-Match": '"1"'}
    for method, path, body, field in name_writes(name):
        problem = assert_problem(send(client, method, path, body, headers=headers), 422)
        fields = [e["field"] for e in problem["errors"]]
        assert any(f == field or f.startswith(f"{field}.") for f in fields), (path, fields)
    assert head_seq(client) == before


@pytest.mark.parametrize(("name", "why"), BAD_NAMES, ids=[why for _, why in BAD_NAMES])
def test_bad_names_are_refused_by_resolve(client: FlaskClient, name: str, why: str) -> None:
    assert_problem(send(client, "post", "/resolve", {"name": name}), 422)
    if name.isascii() or "\ud800" not in name:
        assert_problem(client.get("/resolve", query_string={"name": name}), 422)
    queries = [{"name": "Putin"}, {"name": name}]
    batch = send(client, "post", "/resolve/batch", {"queries": queries})
    problem = assert_problem(batch, 422)
    assert any(e["field"].startswith("queries.1.name") for e in problem["errors"])


@pytest.mark.parametrize(
    "body",
    [
        nested(100_000),
        nested_objects(50_000),
        '{"name": ' + nested(MAX_JSON_DEPTH + 1) + "}",
        '{"queries": [' + nested_objects(5_000) + "]}",
        '{"name": "Putin", "limit": ' + "9" * 5_000 + "}",
        '{"name": "Putin", "limit": -' + "1" * 200 + "}",
    ],
    ids=["deep arrays", "deep objects", "deep name", "deep query", "5000 digits", "200 digits"],
)
@pytest.mark.parametrize("path", ["/resolve", "/resolve/batch", "/reconcile/match"])
def test_crushing_json_is_400_on_reads(client: FlaskClient, path: str, body: str) -> None:
    assert_problem(client.post(path, data=body, content_type="application/json"), 400)


def test_crushing_json_in_a_reconcile_form_is_400(client: FlaskClient) -> None:
    for text in (nested(100_000), nested_objects(50_000)):
        assert_problem(client.post("/reconcile", data={"queries": text}), 400)
        assert_problem(client.get("/reconcile/extend", query_string={"extend": text}), 400)


def test_deep_but_legal_json_still_parses(client: FlaskClient) -> None:
    """Brackets inside strings are names, not nesting."""
    name = "[[[[[[[[[[[[[[[[[[[[ Putin ]]]]]]]]]]]]]]]]]]]]" + "{" * 40
    response = client.post("/resolve", json={"name": name})
    assert response.status_code == 200
    assert response.get_json()["query"]["name"] == name  # read whole, as one string
    assert response.get_json()["query"]["normalized"] == "putin"
    escaped = client.post(
        "/resolve", data='{"name": "Pu\\"[[[[tin"}', content_type="application/json"
    )
    assert escaped.status_code == 200
    assert escaped.get_json()["query"]["name"] == 'Pu"[[[[tin'


@pytest.mark.parametrize(
    ("text", "depth"),
    [(b"[]", 1), (b"[{}, [[]]]", 3), (b'{"a": [1, {"b": []}]}', 4), (b"1", 0)],
)
def test_json_depth(text: bytes, depth: int) -> None:
    assert json_depth(text) == depth


def test_batch_over_1000_changes_nothing(client: FlaskClient, curator_key: str) -> None:
    def open_items() -> int:
        headers = {"Authorization": f"Bearer {curator_key}"}
        listed = client.get("/review", query_string={"state": "open"}, headers=headers)
        return int(listed.get_json()["total"])

    before = open_items()
    response = client.post("/resolve/batch", json={"queries": [{"name": "Zz Unknown"}] * 1001})
    problem = assert_problem(response, 422)
    assert problem["errors"][0]["field"] == "queries"
    assert open_items() == before


def test_oversized_batch_is_413(client: FlaskClient) -> None:
    queries = [{"name": "x" * 500}] * 5_000
    response = client.post("/resolve/batch", json={"queries": queries})
    assert_problem(response, 413)


def test_chunked_oversized_body_is_413(client: FlaskClient, admin_key: str) -> None:
    before = head_seq(client)
    blob = b'{"name": "' + b"a" * (3 * MiB) + b'", "type": "person"}'
    response = client.post(
        "/entities",
        input_stream=io.BytesIO(blob),
        content_type="application/json",
        headers={"Authorization": f"Bearer {admin_key}", "Transfer-Encoding": "chunked"},
        # What gunicorn sets once it has de-chunked the body.
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert_problem(response, 413)
    assert head_seq(client) == before


def test_too_many_aliases_and_ids(client: FlaskClient, admin_key: str) -> None:
    before = head_seq(client)
    headers = {"Authorization": f"Bearer {admin_key}"}
    aliases = {"name": "Kaja Kallas", "type": "person", "aliases": ["Kaja Kallas"] * 1001}
    assert_problem(client.post("/entities", json=aliases, headers=headers), 422)
    merge = {"from": [f"E{i:06d}" for i in range(101)]}
    merged = client.post(
        "/entities/E000001/merge", json=merge, headers={**headers, "If-Match": '"1"'}
    )
    assert_problem(merged, 422)
    assert head_seq(client) == before
