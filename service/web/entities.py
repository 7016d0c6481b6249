"""Curator endpoints: entities and aliases, with ETag / If-Match against lost updates."""

from __future__ import annotations

from typing import Any

from flask import Response, url_for
from flask.views import MethodView

from service import countries
from service.model import Entity
from service.web.auth import current_actor, requires
from service.web.etags import conditional, etag_for, optional_version, required_version
from service.web.parser import Blueprint
from service.web.schemas import (
    ROW_ID,
    AliasIn,
    EntityCreate,
    EntityListArgs,
    EntityOut,
    EntityPage,
    EntityPatch,
    History,
    MergedRedirect,
    MergeRequest,
    SplitRequest,
    SplitResult,
)
from service.web.serialize import change_body, entity_body
from service.web.state import current_state

blp = Blueprint("entities", __name__, url_prefix="/entities", description="Curate the alias table")


def with_etag(
    entity: Entity, status: int = 200, **headers: str
) -> tuple[dict[str, Any], int, dict[str, str]]:
    return entity_body(entity), status, {"ETag": etag_for(entity.version), **headers}


@blp.route("", endpoint="entities")
class EntityCollection(MethodView):
    @requires("read")
    @blp.arguments(EntityListArgs(), location="query")
    @blp.response(200, EntityPage)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List entities, optionally filtered by a name substring, a type and a country"""
        country = args.get("country")
        items, total = current_state().store.list_entities(
            query=args.get("q"),
            entity_type=args.get("type"),
            country=countries.canonical(country) if country else None,
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
    @blp.arguments(EntityCreate())
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
            alias_specs=[(a["name"], a.get("lang"), body["allow_shared"]) for a in body["aliases"]],
            external_ids=body["external_ids"],
            actor=current_actor(),
            countries=body["countries"],
        )
        location = url_for("entities.entity", entity_id=entity.entity_id)
        return with_etag(entity, 201, Location=location)


@blp.route("/<string:entity_id>", endpoint="entity")
class EntityItem(MethodView):
    @requires("read")
    @blp.response(200, EntityOut, headers={"ETag": {"schema": {"type": "string"}}})
    @blp.alt_response(308, schema=MergedRedirect, description="Merged: Location is the survivor")
    def get(self, entity_id: str) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Fetch one entity; 308 to the survivor once merged, 410 once deleted"""
        return with_etag(current_state().store.get_entity(entity_id))

    @requires("curator")
    @conditional(required=True)
    @blp.arguments(EntityPatch())
    @blp.response(200, EntityOut, headers={"ETag": {"schema": {"type": "string"}}})
    def patch(
        self, body: dict[str, Any], entity_id: str
    ) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Change name, type, external IDs or countries; needs If-Match (412 when stale, 428
        when missing)"""
        expected = required_version()
        entity = current_state().store.update_entity(entity_id, expected, body, current_actor())
        return with_etag(entity)

    @requires("curator")
    @conditional(required=True)
    @blp.response(204)
    def delete(self, entity_id: str) -> Response:
        """Delete an entity, leaving a tombstone; its ID is never reused"""
        expected = required_version()
        current_state().store.delete_entity(entity_id, expected, current_actor())
        return Response(status=204)


@blp.route("/<string:entity_id>/aliases", endpoint="aliases")
class AliasCollection(MethodView):
    @requires("curator")
    @conditional(required=False)
    @blp.arguments(AliasIn())
    @blp.response(
        201,
        EntityOut,
        headers={
            "Location": {"schema": {"type": "string"}, "description": "The new alias"},
            "ETag": {"schema": {"type": "string"}},
        },
    )
    def post(
        self, body: dict[str, Any], entity_id: str
    ) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Add an alias; answers with the updated entity (If-Match optional)"""
        alias_id, entity = current_state().store.add_alias(
            entity_id,
            body["name"],
            body.get("lang"),
            optional_version(),
            current_actor(),
            shared=body["allow_shared"],
        )
        location = url_for("entities.alias", entity_id=entity_id, alias_id=alias_id)
        return with_etag(entity, 201, Location=location)


@blp.route(f"/<string:entity_id>/aliases/<{ROW_ID}:alias_id>", endpoint="alias")
class AliasItem(MethodView):
    @requires("curator")
    @conditional(required=False)
    @blp.response(204, headers={"ETag": {"schema": {"type": "string"}}})
    def delete(self, entity_id: str, alias_id: int) -> Response:
        """Remove an alias (If-Match optional)"""
        entity = current_state().store.remove_alias(
            entity_id, alias_id, optional_version(), current_actor()
        )
        return Response(status=204, headers={"ETag": etag_for(entity.version)})


@blp.route("/<string:entity_id>/merge", endpoint="merge")
class Merge(MethodView):
    @requires("curator")
    @conditional(required=True)
    @blp.arguments(MergeRequest())
    @blp.response(200, EntityOut, headers={"ETag": {"schema": {"type": "string"}}})
    def post(
        self, body: dict[str, Any], entity_id: str
    ) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Absorb entities into this one (If-Match on the survivor); their IDs redirect here"""
        expected = required_version()
        survivor = current_state().store.merge(entity_id, body["from_"], expected, current_actor())
        return with_etag(survivor)


@blp.route("/<string:entity_id>/split", endpoint="split")
class Split(MethodView):
    @requires("curator")
    @conditional(required=True)
    @blp.arguments(SplitRequest())
    @blp.response(201, SplitResult, headers={"Location": {"schema": {"type": "string"}}})
    def post(
        self, body: dict[str, Any], entity_id: str
    ) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Move some aliases to a new entity with a new ID (If-Match on the source)"""
        expected = required_version()
        source, created = current_state().store.split(
            entity_id,
            body["aliases"],
            body["name"],
            body["type"],
            expected,
            current_actor(),
            countries=body.get("countries"),
        )
        location = url_for("entities.entity", entity_id=created.entity_id)
        return (
            {"source": entity_body(source), "created": entity_body(created)},
            201,
            {"Location": location},
        )


@blp.route("/<string:entity_id>/history", endpoint="history")
class EntityHistory(MethodView):
    @requires("read")
    @blp.response(200, History)
    def get(self, entity_id: str) -> dict[str, Any]:
        """Every change to this entity, and to the entities merged into it, oldest first"""
        changes = current_state().store.history(entity_id)
        return {"entity_id": entity_id, "changes": [change_body(c) for c in changes]}
