"""Property tests of what curators and admins send (issue #16): key names, stored names,
search queries. Whatever the input: never a 5xx; a refusal is problem+json naming the
field; a refused write changes nothing; what is accepted behaves as stored.

Seeds: hypothesis draws a fresh random seed per run, as tests/property does elsewhere;
a failure prints its seed and minimal example. Each test keeps one app and database for
all its examples (so a function-scoped fixture is shared on purpose: the properties hold
for every state the earlier examples left).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.matching.names import MAX_NAME_LENGTH, stored_name_problem
from service.store.apikeys import KEY_NAME
from service.store.tables import search_form
from tests.helpers import PROBLEM, auth, head_seq
from tests.strategies import BIDI, INVISIBLE, SCRIPTS, any_name, names

SHARED_STATE = settings(
    deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
# Query strings cannot carry lone surrogates (they have no UTF-8); everything else can.
TEXT = st.characters(codec="utf-8", exclude_categories=("Cs",))
KEY_ALPHABET = "abcXYZ019._@-/ \\\n\x00\u202e\u200bé"
key_names = st.one_of(
    st.text(st.sampled_from(KEY_ALPHABET), max_size=70),
    st.text(TEXT, max_size=70),
    st.from_regex(KEY_NAME, fullmatch=True),
)
LIKE_PIECES = ["%", "_", "\\", "%_", "\\%", "[a]", "*", "?", "'", '"', "İ", "ß", "ﬁ", "Σ", "ς"]
search_queries = st.one_of(
    st.lists(st.sampled_from(LIKE_PIECES + SCRIPTS), min_size=1, max_size=4).map("".join),
    st.sampled_from(SCRIPTS).map(lambda s: s[1:4].upper()),
    st.text(TEXT, min_size=0, max_size=20),
    names(max_words=3).filter(lambda n: "\ud800" not in n),
    st.text(TEXT, min_size=510, max_size=520),
)
# Names worth finding: wildcards, escapes and case pairs a LIKE or lower() gets wrong.
SEARCHABLE = [
    "Fund 100% Halal_Trade",
    "C:\\Path Co",
    "ΣΊΣΥΦΟΣ Ltd",
    "İstanbul Ofis",
    "Große Straße",
]


def refused(response: Any, *names: str) -> None:
    """A 4xx in problem+json; a 422 names one of ``names`` (or a field under it)."""
    assert 400 <= response.status_code < 500, response.get_data(as_text=True)[:300]
    assert response.mimetype == PROBLEM
    if response.status_code == 422:
        fields = [e["field"] for e in response.get_json().get("errors", [])]
        assert any(f == n or f.startswith(f"{n}.") for f in fields for n in names), fields


def all_entities(client: FlaskClient) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    page = 1
    while True:
        body = client.get("/entities", query_string={"page": page, "per_page": 100}).get_json()
        found.extend(body["items"])
        if len(found) >= body["total"]:
            return found
        page += 1


@pytest.fixture
def searchable(db_client: FlaskClient, curator_key: str) -> FlaskClient:
    for name in SEARCHABLE:
        body = {"name": name, "type": "organization", "aliases": [name.swapcase()]}
        created = db_client.post("/entities", json=body, headers=auth(curator_key))
        assert created.status_code == 201, created.get_data(as_text=True)
    return db_client


@settings(SHARED_STATE, max_examples=300)
@given(name=key_names)
def test_key_names(db_client: FlaskClient, admin_key: str, name: str) -> None:
    """Any name: 201 only for the safe pattern, and then revocable by that name."""
    before = db_client.get("/admin/keys", headers=auth(admin_key)).get_json()
    created = db_client.post(
        "/admin/keys", json={"name": name, "role": "curator"}, headers=auth(admin_key)
    )
    if created.status_code != 201:
        refused(created, "name")
        assert db_client.get("/admin/keys", headers=auth(admin_key)).get_json() == before
        if name:  # revoking what was never created: a 4xx too, never a 5xx
            path = f"/admin/keys/{quote(name, safe='')}"
            # the name, or "(path)" for a NUL the app refuses in any URL path
            refused(db_client.delete(path, headers=auth(admin_key)), "name", "(path)")
        return
    assert KEY_NAME.fullmatch(name)
    revoked = db_client.delete(f"/admin/keys/{name}", headers=auth(admin_key))
    assert revoked.status_code == 204
    token = created.get_json()["key"]
    assert db_client.post("/review/1/dismiss", headers=auth(token)).status_code == 401


@settings(SHARED_STATE, max_examples=300)
@given(
    name=st.one_of(
        any_name,
        st.builds(lambda n, c: n + c, names(), st.sampled_from(BIDI + INVISIBLE)),
        st.builds(lambda c, n: c + n, st.sampled_from(BIDI + INVISIBLE), names()),
    ),
    alias=st.booleans(),
)
def test_stored_names(db_client: FlaskClient, curator_key: str, name: str, alias: bool) -> None:
    """Any name as an entity's name or alias: stored exactly as sent, or 422 naming the
    field with nothing written; refused exactly when the stored-name rule says so."""
    before = head_seq(db_client)
    if alias:
        response = db_client.post(
            "/entities/E000001/aliases",
            json={"name": name, "allow_shared": True},
            headers=auth(curator_key),
        )
    else:
        response = db_client.post(
            "/entities", json={"name": name, "type": "person"}, headers=auth(curator_key)
        )
    if response.status_code in (200, 201):
        assert stored_name_problem(name) is None
        entity = response.get_json()
        stored = [a["name"] for a in entity["aliases"]] if alias else [entity["name"]]
        assert name in stored
        assert head_seq(db_client) == before + 1
        return
    refused(response, "name")
    if response.status_code == 422:
        assert stored_name_problem(name) is not None
    assert head_seq(db_client) == before


@settings(SHARED_STATE, max_examples=300)
@given(q=search_queries)
def test_search(searchable: FlaskClient, q: str) -> None:
    """Any query: 200 with exactly the entities whose name or an alias contains it after
    folding (the oracle folds in Python), or 4xx naming q; never a 5xx."""
    response = searchable.get("/entities", query_string={"q": q, "per_page": 100})
    if not 0 < len(q) <= MAX_NAME_LENGTH or "\x00" in q:
        refused(response, "q")
        return
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    body = response.get_json()
    needle = search_form(q)
    expected = sorted(
        e["id"]
        for e in all_entities(searchable)
        if any(needle in search_form(n) for n in [e["name"], *(a["name"] for a in e["aliases"])])
    )
    assert body["total"] == len(expected)
    if len(expected) <= 100:
        assert sorted(item["id"] for item in body["items"]) == expected
