"""Issue #16, request side: each hole found in bodies, bounds and import, replayed.

A body guard that took seconds per 40 KB, a batch that took 10 s and a gigabyte, imports
that broke on line separators, ran past the worker timeout or took IDs that later made
every create a 500, If-Match values and NUL characters that reached the database driver.
Every answer must be a 4xx problem, and a refused write must leave the export unchanged.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient

from service.web.limits import STRING_LITERAL, json_problem, strip_strings
from service.web.reconcile.schemas import BATCH_SIZE, QueryItem
from service.web.schemas import MAX_BATCH_EXPLAINED, MAX_BATCH_NAME_CHARS
from service.web.transfer import MAX_IMPORT_ENTITIES, MAX_IMPORT_NAMES

PROBLEM = "application/problem+json"
NDJSON = "application/x-ndjson"


def auth(key: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}", **headers}


def admin_headers(key: str) -> dict[str, str]:
    return auth(key, **{"If-Match": '"1"'})


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)[:400]
    assert response.mimetype == PROBLEM
    body: dict[str, Any] = response.get_json()
    assert body["status"] == status
    return body


def fields(body: dict[str, Any]) -> list[str]:
    return [e["field"] for e in body.get("errors", [])]


def export(client: FlaskClient) -> bytes:
    response = client.get("/export")
    assert response.status_code == 200
    return response.get_data()


def import_lines(client: FlaskClient, key: str, lines: list[str]) -> Any:
    return client.post(
        "/import", data="\n".join(lines) + "\n", content_type=NDJSON, headers=auth(key)
    )


# -- 1. the body guard is linear ------------------------------------------------------------
# An unclosed string, escapes and quotes: the shapes that made the old regex rescan the body
# from every quote (40 KB: 5-10 s; 1 MB would have been hours).
PATHOLOGICAL = {
    "unclosed string of escaped quotes": b'{"name": "' + b'\\"' * 500_000,
    "quotes only": b'"' * 1_000_001,
    "unclosed, trailing backslash": b'["' + b"\\" * 1_000_001,
    "brackets in unclosed string": b'{"a": "' + b"[" * 1_000_000,
    "many short strings and an unclosed one": b'["x\\", ' * 150_000 + b'"',
}


@pytest.mark.parametrize("body", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_every_string_attempt_succeeds_so_the_scan_is_one_pass(body: bytes) -> None:
    """The old pattern failed from each quote of an unclosed string, then retried from the
    next one: that is what made it quadratic. Now an attempt at any quote succeeds."""
    quotes = [i for i in range(0, len(body), 9973) if body[i : i + 1] == b'"'] + [body.index(b'"')]
    for position in quotes:
        assert STRING_LITERAL.match(body, position) is not None, position
    assert strip_strings(body).count(b'"') % 2 == 0  # every literal, closed or not, is ""


@pytest.mark.parametrize("body", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_bodies_are_answered(client: FlaskClient, body: bytes) -> None:
    """1 MB bodies that never close a string: refused with 400 (or 413), never stalled."""
    response = client.post("/resolve", data=body, content_type="application/json")
    assert response.status_code in (400, 413)
    assert response.mimetype == PROBLEM


def test_guard_still_refuses_deep_and_long_json() -> None:
    assert json_problem(b"[" * 33 + b"]" * 33) is not None
    assert json_problem(b'{"a": ' + b"1" * 101 + b"}") is not None
    assert json_problem(b'{"a": "' + b"[" * 40 + b'"}') is None  # brackets in a string
    assert json_problem(b'{"a": "' + b"1" * 400 + b'"}') is None  # digits in a string
    assert json_problem(b'["\\\\", ' + b"[" * 33 + b"]" * 33 + b"]") is not None


# -- 2. every request is bounded ------------------------------------------------------------
def test_issue_batch_of_long_explained_names_is_refused(client: FlaskClient) -> None:
    """1,000 names of 500 characters, explain, limit 25: 10.5 s and 185 MB before."""
    name = ("Muhammad Abd al-Rahman ibn Khalid al-Shaibani " * 12)[:500]
    queries = [{"name": f"{name[:-4]}{i:04d}", "explain": True, "limit": 25} for i in range(1000)]
    body = problem(client.post("/resolve/batch", json={"queries": queries}), 422)
    assert fields(body) == ["queries"]
    assert f"{MAX_BATCH_NAME_CHARS:,}" in body["detail"]


def test_explained_candidates_are_bounded(client: FlaskClient) -> None:
    count = MAX_BATCH_EXPLAINED // 25 + 1
    queries = [{"name": f"Zz Person {i}", "explain": True, "limit": 25} for i in range(count)]
    body = problem(client.post("/resolve/batch", json={"queries": queries}), 422)
    assert fields(body) == ["queries"]
    assert f"{MAX_BATCH_EXPLAINED:,}" in body["detail"]
    fits = client.post("/resolve/batch", json={"queries": queries[:-1]})
    assert fits.status_code == 200


def test_a_batch_at_the_character_budget_is_answered(client: FlaskClient) -> None:
    """Repeated names count once: an article's batch names the same people over and over."""
    per_name = MAX_BATCH_NAME_CHARS // 100
    names = [f"{i:03d}" + "Vladimir Putin " * (per_name // 15) for i in range(100)]
    names = [n[:per_name].strip() + "x" * (per_name - len(n[:per_name].strip())) for n in names]
    assert sum(map(len, names)) == MAX_BATCH_NAME_CHARS
    queries = [{"name": n} for n in names] * 3
    response = client.post("/resolve/batch", json={"queries": queries})
    assert response.status_code == 200
    over = [*queries, {"name": "Kaja Kallas"}]
    assert problem(client.post("/resolve/batch", json={"queries": over}), 422)


def test_long_lists_are_refused_before_their_items(db_client: FlaskClient, admin_key: str) -> None:
    """300,000 alias IDs in a split reached the store: a 500 (too many SQL variables)."""
    before = export(db_client)
    headers = admin_headers(admin_key)
    split = {"name": "Zz Split", "type": "person", "aliases": [1] * 300_000}
    response = db_client.post("/entities/E000001/split", json=split, headers=headers)
    assert fields(problem(response, 422)) == ["aliases"]
    create = {"name": "Zz Many", "type": "person", "aliases": ["Zz Alias"] * 100_000}
    assert fields(problem(db_client.post("/entities", json=create, headers=headers), 422)) == [
        "aliases"
    ]
    merge = {"from": ["E000002"] * 100_000}
    response = db_client.post("/entities/E000001/merge", json=merge, headers=headers)
    assert fields(problem(response, 422)) == ["from"]
    assert export(db_client) == before


def test_extension_properties_are_bounded(client: FlaskClient) -> None:
    """1,000 IDs times 50,000 repeats of one property took 5.3 s of CPU in a 1 MB body."""
    ids = [f"E{i:06d}" for i in range(1, 1001)]
    body = {"ids": ids, "properties": [{"id": "aliases"}] * 51}
    assert "properties" in fields(problem(client.post("/reconcile/extend", json=body), 422))
    body["properties"] = body["properties"][:50]
    assert client.post("/reconcile/extend", json=body).status_code == 200


# -- 3. HTTP import -----------------------------------------------------------------------
SEPARATORS = "\u2028\u2029\u0085\u001c\u001d\u001e\x0b\x0c"


def test_export_import_round_trip_with_line_separators(
    db_client: FlaskClient, admin_key: str
) -> None:
    """str.splitlines split inside these (export writes them raw): every import was a 422."""
    ids = {"note": f"a{SEPARATORS}b", f"k{SEPARATORS}": "v"}
    created = db_client.post(
        "/entities",
        json={"name": "Kaja Kallas", "type": "person", "external_ids": ids},
        headers=auth(admin_key),
    )
    assert created.status_code == 201, created.get_data(as_text=True)
    before = export(db_client)
    assert "\u2028".encode() in before
    response = db_client.post("/import", data=before, content_type=NDJSON, headers=auth(admin_key))
    assert response.status_code == 200, response.get_data(as_text=True)[:400]
    assert response.get_json()["created"] == 0
    assert export(db_client) == before


def test_import_past_the_entity_limit_is_413_and_names_the_cli(
    client: FlaskClient, admin_key: str
) -> None:
    before = export(client)
    lines = [
        json.dumps({"type": "person", "name": f"Zz Person {i}"})
        for i in range(MAX_IMPORT_ENTITIES + 1)
    ]
    body = problem(import_lines(client, admin_key, lines), 413)
    assert "polyonym import" in body["detail"]
    assert export(client) == before


def test_import_past_the_name_limit_is_413(client: FlaskClient, admin_key: str) -> None:
    """4 MiB of alias-dense lines (65,000 aliases) took 32 s under load: past the timeout."""
    before = export(client)
    per_line = MAX_IMPORT_NAMES // 4
    lines = [
        json.dumps(
            {
                "type": "person",
                "name": f"Zz P{n}",
                "aliases": [f"Zz A{n} {i}" for i in range(per_line)],
            }
        )
        for n in range(4)
    ]
    body = problem(import_lines(client, admin_key, lines), 413)
    assert f"{MAX_IMPORT_NAMES:,}" in body["detail"] and "polyonym import" in body["detail"]
    assert export(client) == before


def test_import_past_the_byte_limit_is_413_and_names_the_cli(
    client: FlaskClient, admin_key: str
) -> None:
    limit = client.application.extensions["polyonym"].settings.max_import_bytes
    data = b"\n" * (limit + 1)
    response = client.post("/import", data=data, content_type=NDJSON, headers=auth(admin_key))
    assert "polyonym import" in problem(response, 413)["detail"]


BAD_IDS = [
    "E9223372036854775807",  # imported, then every create or split overflowed: 500 for good
    "E99999999999999999999999999999",  # 500 at once
    "E1000000000",  # past the bound that leaves room for the sequence
    "E²",  # 500: isdigit() took it, int() did not
    "E٠٠٠٠٠٥",  # Arabic-Indic digits
    "../../x",  # imported, never fetchable
    "E000005 ",  # a look-alike of E000005
    "E00005",  # five digits
    "e000005",
    "E000000",
    "E" + "9" * 5000,
    "E" + "0" * 40 + "1",  # past the 32-character id column (a 500 on PostgreSQL)
    "",
    "E00000\x00",
]


@pytest.mark.parametrize("bad_id", BAD_IDS, ids=[repr(i)[:24] for i in BAD_IDS])
def test_import_ids_are_the_service_format(
    db_client: FlaskClient, admin_key: str, bad_id: str
) -> None:
    before = export(db_client)
    lines = [
        json.dumps({"id": "E000900", "type": "person", "name": "Kaja Kallas"}),
        json.dumps({"id": bad_id, "type": "person", "name": "Zz Someone"}),
    ]
    body = problem(import_lines(db_client, admin_key, lines), 422)
    assert [(e["line"], e["field"]) for e in body["line_errors"]] == [(2, "id")]
    assert export(db_client) == before
    created = db_client.post(
        "/entities", json={"name": "Zz Later", "type": "person"}, headers=auth(admin_key)
    )
    assert created.status_code == 201


def test_largest_import_id_leaves_room_to_issue_more(
    db_client: FlaskClient, admin_key: str
) -> None:
    line = json.dumps({"id": "E999999999", "type": "person", "name": "Kaja Kallas"})
    assert import_lines(db_client, admin_key, [line]).status_code == 200
    assert db_client.get("/entities/E999999999").status_code == 200
    created = db_client.post(
        "/entities", json={"name": "Zz Later", "type": "person"}, headers=auth(admin_key)
    )
    assert created.status_code == 201
    assert created.get_json()["id"] == "E1000000000"


def test_import_refuses_nul_and_overlong_lang(db_client: FlaskClient, admin_key: str) -> None:
    before = export(db_client)
    lines = [
        json.dumps({"type": "person", "name": "Zz A", "external_ids": {"x": "a\x00"}}),
        json.dumps(
            {"type": "person", "name": "Zz B", "aliases": [{"name": "B", "lang": "x" * 36}]}
        ),
        json.dumps({"type": "person", "name": "Zz C", "aliases": [{"name": "C", "lang": "e\x00"}]}),
    ]
    body = problem(import_lines(db_client, admin_key, lines), 422)
    assert [(e["line"], e["field"]) for e in body["line_errors"]] == [
        (1, "external_ids.x"),
        (2, "aliases.0"),
        (3, "aliases.0.lang"),
    ]
    assert export(db_client) == before


# -- 4. If-Match ------------------------------------------------------------------------------
CANNOT_MATCH = ['"9223372036854775808"', '"18446744073709551616"', '"2147483648"',
                '"' + "9" * 5000 + '"', '"²"', '"abc"', 'W/"1"', '"1e3"', '"-1"',
                "99999999999999999999"]  # fmt: skip
MALFORMED = ["", "abc", '"1', "1 2", "\u00b2", "'1'"]


@pytest.mark.parametrize("value", CANNOT_MATCH, ids=[v[:24] for v in CANNOT_MATCH])
def test_if_match_that_cannot_match_is_412(
    db_client: FlaskClient, curator_key: str, value: str
) -> None:
    before = export(db_client)
    headers = auth(curator_key, **{"If-Match": value})
    problem(db_client.patch("/entities/E000001", json={"name": "Zz X"}, headers=headers), 412)
    problem(db_client.delete("/entities/E000001", headers=headers), 412)
    problem(
        db_client.post("/entities/E000001/aliases", json={"name": "Zz Y"}, headers=headers), 412
    )
    assert export(db_client) == before


@pytest.mark.parametrize("value", MALFORMED, ids=[repr(v) for v in MALFORMED])
def test_malformed_if_match_is_400_naming_the_header(
    db_client: FlaskClient, curator_key: str, value: str
) -> None:
    headers = auth(curator_key, **{"If-Match": value})
    response = db_client.patch("/entities/E000001", json={"name": "Zz X"}, headers=headers)
    assert fields(problem(response, 400)) == ["If-Match"]


def test_bare_number_if_match_still_works(db_client: FlaskClient, curator_key: str) -> None:
    headers = auth(curator_key, **{"If-Match": "1"})
    response = db_client.patch("/entities/E000001", json={"name": "Zz X"}, headers=headers)
    assert response.status_code == 200


# -- 5. NUL -----------------------------------------------------------------------------------
NUL_REQUESTS = [
    ("get", "/entities/E00\x000001", None, "path", "entity_id"),
    ("get", "/entities?q=Put%00in", None, "query", "q"),
    ("get", "/resolve?name=Put%00in", None, "query", "name"),
    ("get", "/judgements?entity_id=E%00", None, "query", "entity_id"),
    ("delete", "/admin/keys/bob%00", None, "path", "name"),
    ("post", "/entities", {"name": "Zz A", "type": "person", "external_ids": {"x\x00": "1"}},
     "json", "external_ids.x\\u0000"),
    ("post", "/entities", {"name": "Zz A", "type": "person", "external_ids": {"x": "1\x00"}},
     "json", "external_ids.x"),
    ("post", "/entities/E000001/aliases", {"name": "Zz Q", "lang": "e\x00"}, "json", "lang"),
    ("post", "/judgements", {"name": "Zz Q", "entity_id": "E00\x00", "verdict": "not_same"},
     "json", "entity_id"),
    ("post", "/review/1/accept", {"entity_id": "E000001\x00"}, "json", "entity_id"),
    ("post", "/entities/E000001/merge", {"from": ["E000002\x00"]}, "json", "from_.0"),
    ("post", "/admin/keys", {"name": "bob\x00", "role": "curator"}, "json", "name"),
    ("post", "/reconcile/match", {"queries": [{"conditions": [
        {"matchType": "id", "propertyValue": "E000001\x00"}]}]}, "json", None),
    ("post", "/reconcile/extend", {"ids": ["E000001\x00"], "properties": [{"id": "type"}]},
     "json", "ids.0"),
    ("get", '/reconcile?queries={"q0":{"query":"x","properties":[{"pid":"wikidata",'
     '"v":"Q1\\u0000"}]}}', None, "query", "queries.q0.properties.0.v"),
    ("get", "/reconcile/preview?id=E000001%00", None, "query", "id"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("method", "path", "body", "location", "field"),
    NUL_REQUESTS,
    ids=[f"{m} {p[:40]}" for m, p, *_ in NUL_REQUESTS],
)
def test_nul_anywhere_is_422_naming_the_field(
    db_client: FlaskClient,
    admin_key: str,
    method: str,
    path: str,
    body: Any,
    location: str,
    field: str | None,
) -> None:
    """Each of these was a 500 (DataError) on PostgreSQL."""
    before = export(db_client)
    kwargs: dict[str, Any] = {"headers": auth(admin_key, **{"If-Match": '"1"'})}
    if body is not None:
        kwargs["data"] = json.dumps(body)
        kwargs["content_type"] = "application/json"
    response = getattr(db_client, method)(path, **kwargs)
    answer = problem(response, 422)
    locations = {e["location"] for e in answer["errors"]}
    assert locations == {location}, answer
    if field is not None:
        assert field in fields(answer), answer
    assert export(db_client) == before


def test_reconciliation_batches_share_the_name_budget(client: FlaskClient) -> None:
    """100 queries of 512 characters, each resolved with explanations: 1.95 s of CPU."""
    long = [("Muhammad Abd al-Rahman ibn Khalid " * 16)[:508] + f"{i:04d}" for i in range(100)]
    over_10 = [{"conditions": [{"matchType": "name", "propertyValue": n}]} for n in long]
    body = problem(client.post("/reconcile/match", json={"queries": over_10}), 413)
    assert fields(body) == ["queries"]
    assert f"{MAX_BATCH_NAME_CHARS:,}" in body["detail"]
    over_02 = json.dumps({f"q{i}": {"query": n} for i, n in enumerate(long)})
    assert fields(problem(client.post("/reconcile", data={"queries": over_02}), 413)) == ["queries"]
    assert problem(client.get("/reconcile", query_string={"queries": over_02}), 413)
    fits = json.dumps({f"q{i}": {"query": n} for i, n in enumerate(long[:19])})
    assert client.post("/reconcile", data={"queries": fits}).status_code == 200


def test_reconciliation_batch_over_its_size_is_refused_before_any_query_loads(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """12,000 one-letter queries cost 0.63 s of CPU to load one by one before their 413."""
    loaded: list[Any] = []
    original = QueryItem._deserialize

    def counting(self: QueryItem, value: Any, *args: Any, **kwargs: Any) -> Any:
        loaded.append(value)
        return original(self, value, *args, **kwargs)

    monkeypatch.setattr(QueryItem, "_deserialize", counting)
    query = {"query": "x", "conditions": [{"matchType": "name", "propertyValue": "x"}]}
    response = client.post("/reconcile/match", json={"queries": [query] * (BATCH_SIZE + 1)})
    assert response.status_code == 413
    assert response.content_type == "application/problem+json"
    assert f"at most {BATCH_SIZE} queries" in response.get_json()["detail"]
    assert loaded == []
    # at the limit the batch is loaded and answered
    answered = client.post("/reconcile/match", json={"queries": [query] * BATCH_SIZE})
    assert answered.status_code == 200
    assert len(loaded) == BATCH_SIZE
