"""Curator endpoints: entities and aliases, with ETag / If-Match against lost updates."""

from __future__ import annotations

from typing import Any

from flask import Response, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from service.model import Entity
from service.web.auth import current_actor, requires
from service.web.etags import etag_for, optional_version, required_version
from service.web.schemas import (
    AliasIn,
    EntityCreate,
    EntityListArgs,
    EntityOut,
    EntityPage,
    EntityPatch,
)
from service.web.serialize import entity_body
from service.web.state import current_state

blp = Blueprint("entities", __name__, url_prefix="/entities", description="Curate the alias table")


def with_etag(
    entity: Entity, status: int = 200, **headers: str
) -> tuple[dict[str, Any], int, dict[str, str]]:
    return entity_body(entity), status, {"ETag": etag_for(entity.version), **headers}


@blp.route("", endpoint="entities")
class EntityCollection(MethodView):
    @requires("read")
    @blp.arguments(EntityListArgs, location="query")
    @blp.response(200, EntityPage)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List entities, optionally filtered by a name substring and a type"""
        items, total = current_state().store.list_entities(
            query=args.get("q"),
            entity_type=args.get("type"),
            page=args["page"],
            per_page=args["per_page"],
        )
        return {
            "items": [entity_body(e) for e in items],
            "page": args["page"],
            "per_page": args["per_page"],
            "total": total,
        }

    @requires("curator")
    @blp.arguments(EntityCreate)
    @blp.response(
        201,
        EntityOut,
        headers={
            "Location": {"schema": {"type": "string"}},
            "ETag": {"schema": {"type": "string"}},
        },
    )
    def post(self, body: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Create an entity with its aliases; answers with its new stable ID"""
        entity = current_state().store.create_entity(
            name=body["name"],
            entity_type=body["type"],
            alias_names=[(a["name"], a.get("lang")) for a in body["aliases"]],
            external_ids=body["external_ids"],
            actor=current_actor(),
        )
        location = url_for("entities.entity", entity_id=entity.entity_id)
        return with_etag(entity, 201, Location=location)


@blp.route("/<string:entity_id>", endpoint="entity")
class EntityItem(MethodView):
    @requires("read")
    @blp.response(200, EntityOut, headers={"ETag": {"schema": {"type": "string"}}})
    def get(self, entity_id: str) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Fetch one entity; 410 once deleted"""
        return with_etag(current_state().store.get_entity(entity_id))

    @requires("curator")
    @blp.arguments(EntityPatch)
    @blp.response(200, EntityOut, headers={"ETag": {"schema": {"type": "string"}}})
    def patch(
        self, body: dict[str, Any], entity_id: str
    ) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Change name, type or external IDs; needs If-Match (412 when stale, 428 when missing)"""
        expected = required_version()
        entity = current_state().store.update_entity(entity_id, expected, body, current_actor())
        return with_etag(entity)

    @requires("curator")
    @blp.response(204)
    def delete(self, entity_id: str) -> Response:
        """Delete an entity, leaving a tombstone; its ID is never reused"""
        expected = required_version()
        current_state().store.delete_entity(entity_id, expected, current_actor())
        return Response(status=204)


@blp.route("/<string:entity_id>/aliases", endpoint="aliases")
class AliasCollection(MethodView):
    @requires("curator")
    @blp.arguments(AliasIn)
    @blp.response(201, EntityOut, headers={"ETag": {"schema": {"type": "string"}}})
    def post(
        self, body: dict[str, Any], entity_id: str
    ) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Add an alias; answers with the updated entity (If-Match optional)"""
        alias_id, entity = current_state().store.add_alias(
            entity_id, body["name"], body.get("lang"), optional_version(), current_actor()
        )
        location = url_for("entities.alias", entity_id=entity_id, alias_id=alias_id)
        return with_etag(entity, 201, Location=location)


@blp.route("/<string:entity_id>/aliases/<int:alias_id>", endpoint="alias")
class AliasItem(MethodView):
    @requires("curator")
    @blp.response(204)
    def delete(self, entity_id: str, alias_id: int) -> Response:
        """Remove an alias (If-Match optional)"""
        entity = current_state().store.remove_alias(
            entity_id, alias_id, optional_version(), current_actor()
        )
        return Response(status=204, headers={"ETag": etag_for(entity.version)})
