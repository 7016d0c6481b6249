"""Property tests of the country inputs (#18): whatever a caller sends as an entity's
countries, a query's country or the ?country= filter (any string, list or JSON value),
never a 5xx; a refusal is problem+json naming the field and changes nothing; what is
accepted is kept upper-case, sorted, once each, and resolves without error.

Each test keeps one app and database for all its examples (see test_curation_inputs).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st

from service.countries import CODES
from tests.helpers import auth, head_seq
from tests.property.test_curation_inputs import SHARED_STATE, TEXT, refused

CODE_LIKE = [*sorted(CODES)[:40], "sy", "Lb", "XK", "xk", "ZZ", "UK", "SYR", "S", "", " SY"]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(TEXT),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(TEXT), inner, max_size=3),
    max_leaves=8,
)
countries_values = st.one_of(
    st.lists(st.sampled_from(CODE_LIKE), max_size=40),
    st.sampled_from(CODE_LIKE),
    st.lists(st.sampled_from(CODE_LIKE).map(str.upper), max_size=5).map(",".join),
    st.text(TEXT, max_size=12),
    json_values,
)


def valid(value: Any) -> list[str] | None:
    """The kept form of an acceptable entity countries value, or None."""
    if not isinstance(value, list) or len(value) > 32:
        return None
    if not all(isinstance(v, str) and v.isascii() and v.upper() in CODES for v in value):
        return None
    return sorted({v.upper() for v in value})


@settings(SHARED_STATE, max_examples=150)
@given(value=countries_values)
def test_entity_countries_any_value(db_client: FlaskClient, curator_key: str, value: Any) -> None:
    before = head_seq(db_client)
    body = {"name": "Tripoli", "type": "place", "countries": value}
    response = db_client.post("/entities", json=body, headers=auth(curator_key))
    expected = valid(value)
    if expected is None:
        refused(response, "countries")
        assert head_seq(db_client) == before
        return
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["countries"] == expected


@settings(SHARED_STATE, max_examples=100)
@given(value=countries_values)
def test_patch_countries_any_value(db_client: FlaskClient, curator_key: str, value: Any) -> None:
    made = db_client.post(
        "/entities", json={"name": "Homs", "type": "place"}, headers=auth(curator_key)
    ).get_json()
    before = head_seq(db_client)
    response = db_client.patch(
        f"/entities/{made['id']}", json={"countries": value}, headers=auth(curator_key, 1)
    )
    expected = valid(value)
    if expected is None:
        refused(response, "countries")
        assert head_seq(db_client) == before
    else:
        assert response.status_code == 200 and response.get_json()["countries"] == expected


@settings(SHARED_STATE, max_examples=200)
@given(value=countries_values)
def test_resolve_country_any_value(client: FlaskClient, value: Any) -> None:
    for response in (
        client.post("/resolve", json={"name": "Tripoli", "country": value}),
        client.post("/resolve/batch", json={"queries": [{"name": "Tripoli", "country": value}]}),
    ):
        if response.status_code != 200:
            refused(response, "country", "queries")
    if isinstance(value, str) and "\x00" not in value:
        got = client.get("/resolve", query_string={"name": "Tripoli", "country": value})
        if got.status_code != 200:
            refused(got, "country")


@settings(SHARED_STATE, max_examples=150)
@given(value=st.one_of(st.text(TEXT, max_size=8), st.sampled_from(CODE_LIKE)))
def test_list_filter_any_value(client: FlaskClient, value: str) -> None:
    response = client.get("/entities", query_string={"country": value})
    if response.status_code == 200:
        assert value.isascii() and value.upper() in CODES
    else:
        refused(response, "country")


@settings(SHARED_STATE, max_examples=100)
@given(value=json_values | countries_values)
def test_reconcile_country_any_value(client: FlaskClient, value: Any) -> None:
    query = {"query": "Tripoli", "properties": [{"pid": "country", "v": value}]}
    response = client.post("/reconcile/match", json={"queries": [
        {"conditions": [{"matchType": "name", "propertyValue": "Tripoli"},
                        {"matchType": "property", "propertyId": "country", "propertyValue": value}]}
    ]})  # fmt: skip
    assert response.status_code < 500
    form = "queries=" + quote(json.dumps({"q": query}))
    response = client.post(
        "/reconcile", data=form, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code < 500
    if response.status_code == 200 and "error" in response.get_json()["q"]:
        fields = [e["field"] for e in response.get_json()["q"]["error"]["errors"]]
        assert any(f.startswith(("country", "properties")) for f in fields), fields
