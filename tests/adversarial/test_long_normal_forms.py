"""Names whose normal form outgrows the store's column (found attacking #16 on PostgreSQL).

A 512-character name is within the API's limit, but its normal form can be many times
longer: each CJK character folds to a syllable ("莊" -> "zhuang"), "ﷺ" to a 19-letter
phrase. PostgreSQL refused the 3,072- and 9,728-character forms in the VARCHAR(1024)
``norm`` columns: creating such an entity was a 500, and one such /resolve made the
review flush fail for every name of its batch.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from service.store import Store
from service.store.context import NORM_MAX, bounded_norm
from tests.helpers import auth

LONG_FOLDING = ["莊" * 512, "ﷺ" * 512, "㍿" * 512]


def test_bounded_norm_keeps_short_forms_and_tells_long_ones_apart() -> None:
    assert bounded_norm("ahmad al sharaa") == "ahmad al sharaa"
    head = "a" * 2000
    first, second = bounded_norm(head + "b"), bounded_norm(head + "c")
    assert len(first) == len(second) == NORM_MAX
    assert first != second  # same head, other tail: the digest tells them apart
    assert bounded_norm(head + "b") == first  # and it is a function of the name


@pytest.mark.parametrize("name", LONG_FOLDING, ids=["cjk", "ligature", "square"])
def test_entity_with_a_long_normal_form_is_stored_found_and_guarded(
    db_client: FlaskClient, curator_key: str, name: str
) -> None:
    created = db_client.post(
        "/entities", json={"name": name, "type": "person"}, headers=auth(curator_key)
    )
    assert created.status_code == 201, created.get_data(as_text=True)[:300]
    entity_id = created.get_json()["id"]
    assert db_client.get(f"/entities/{entity_id}").get_json()["name"] == name
    resolved = db_client.post("/resolve", json={"name": name})
    assert resolved.status_code == 200
    # the exact-duplicate check still sees it: another entity cannot take it as an alias
    again = db_client.post(
        "/entities",
        json={"name": "Zzyzx Qworp", "type": "person", "aliases": [name]},
        headers=auth(curator_key),
    )
    assert again.status_code == 409, again.get_data(as_text=True)[:300]


def test_long_unresolved_names_reach_the_review_queue_with_their_batch(
    db_client: FlaskClient, db_store: Store, curator_key: str
) -> None:
    asked = ["Zzyzx Qworp", *LONG_FOLDING]
    for name in asked:
        assert db_client.get("/resolve", query_string={"name": name}).status_code == 200
    db_client.application.extensions["polyonym"].resolver.review.flush()
    listed = db_client.get("/review", query_string={"limit": 100}, headers=auth(curator_key))
    assert listed.status_code == 200
    names = {item["name"] for item in listed.get_json()["items"]}
    assert set(asked) <= names
