"""Each response shape is declared once, by the marshmallow schemas (#20): the bodies that
service.web.serialize builds by hand and the change log's entity snapshot hold exactly the
fields the schemas declare, so a field added in one place and not the other fails here."""

from __future__ import annotations

from datetime import UTC, datetime

import marshmallow as ma
from flask.testing import FlaskClient

from service.model import Unresolved
from service.store import Store
from service.store.records import entity_state
from service.web import schemas, serialize
from tests.helpers import PROBLEM, auth


def same_fields(schema: ma.Schema, body: dict[str, object]) -> None:
    """The dump keeps only declared fields: equal keys means nothing is built that the
    schema does not declare, and the dump validating means the types agree."""
    dumped = schema.dump(body)
    assert set(dumped) == set(body), set(dumped) ^ set(body)
    assert schema.validate(dumped) == {}


def test_hand_built_bodies_are_the_schemas_shapes(db_store: Store, db_client: FlaskClient) -> None:
    key = db_store.create_key("carol", "curator")
    created = db_client.post(
        "/entities",
        json={"name": "Kaja Kallas", "type": "person", "aliases": ["Kaja Kallas-Tammik"]},
        headers=auth(key),
    )
    assert created.status_code == 201
    entity = db_store.get_entity(created.get_json()["id"])
    same_fields(schemas.EntityOut(), serialize.entity_body(entity))
    for alias in serialize.entity_body(entity)["aliases"]:  # type: ignore[union-attr]
        same_fields(schemas.AliasOut(), alias)
    for change in db_store.history(entity.entity_id):
        same_fields(schemas.ChangeOut(), serialize.change_body(change))
    judgement = db_store.add_judgement("Kaia Kalas", entity.entity_id, "not_same", "carol")
    same_fields(schemas.JudgementOut(), serialize.judgement_body(judgement))
    now = datetime.now(UTC)
    db_store.record_unresolved([Unresolved("zzyzx", "Zzyzx", "no_match", None, None, now)])
    (item,), _ = db_store.list_review("open", "count", 1, 20)
    same_fields(schemas.ReviewItemOut(), serialize.review_body(item))
    resolver = db_client.application.extensions["polyonym"].resolver
    outcome = resolver.resolve("Kaja Kalas", explain=True, record=False)
    body = serialize.resolution_body("Kaja Kalas", None, outcome)
    same_fields(schemas.ResolveResult(), body)
    for candidate in body["candidates"]:  # type: ignore[union-attr]
        same_fields(schemas.Candidate(), candidate)


def test_the_change_log_snapshot_is_the_entity_shape(db_store: Store) -> None:
    """History's before/after write an entity with EntityOut's fields (and its status),
    less the audit fields the change itself carries (actor, at)."""
    entity = db_store.get_entity("E000005")
    kept = entity_state(entity)
    declared = set(schemas.EntityOut().fields)
    audit = {"created_at", "updated_at", "created_by", "updated_by"}
    assert set(kept) == (declared - audit) | {"status"}
    for alias in kept["aliases"]:
        assert set(alias) == set(schemas.AliasOut().fields)


def test_a_same_judgement_refuses_an_invisible_character(
    db_client: FlaskClient, curator_key: str
) -> None:
    """Found by the name fuzzer: the entity already had the name's normal form, so no alias
    was added and the judgement stored the name with U+2028 (201); now 422 like every
    stored name."""
    body = {"name": "Vladimir Putin\u2028", "entity_id": "E000005", "verdict": "same"}
    response = db_client.post("/judgements", json=body, headers=auth(curator_key))
    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    assert response.get_json()["errors"][0]["field"] == "name"
