"""Admin endpoints for API keys: the same operations as ``polyonym keys``."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import Response
from flask.views import MethodView
from marshmallow import validate

from service.errors import InvalidInput
from service.model import ROLES
from service.store.apikeys import KEY_NAME_PATTERN, key_name_problem
from service.web.auth import requires
from service.web.parser import Blueprint
from service.web.state import current_state

blp = Blueprint("keys", __name__, url_prefix="/admin/keys", description="Manage API keys (admin)")


def check_key_name(value: str) -> None:
    problem = key_name_problem(value)
    if problem is not None:
        raise ma.ValidationError(problem)


class KeyCreate(ma.Schema):
    name = ma.fields.String(
        required=True,
        validate=check_key_name,
        metadata={"description": "Who holds the key", "pattern": f"^{KEY_NAME_PATTERN}$"},
    )
    role = ma.fields.String(required=True, validate=validate.OneOf(ROLES))


class KeyOut(ma.Schema):
    name = ma.fields.String(required=True)
    role = ma.fields.String(required=True)
    created_at = ma.fields.DateTime(required=True)
    revoked_at = ma.fields.DateTime(allow_none=True)


class KeyCreated(KeyOut):
    key = ma.fields.String(
        required=True, metadata={"description": "Shown once; only its hash is kept"}
    )


@blp.route("", endpoint="keys")
class KeyCollection(MethodView):
    @requires("admin")
    @blp.response(200, KeyOut(many=True))
    def get(self) -> list[Any]:
        """List API keys (never the keys themselves)"""
        return [vars(k) for k in current_state().store.list_keys()]

    @requires("admin")
    @blp.arguments(KeyCreate())
    @blp.response(201, KeyCreated)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Create a key; the response is the only time it is shown"""
        store = current_state().store
        token = store.create_key(body["name"], body["role"])
        created = next(k for k in store.list_keys() if k.name == body["name"])
        return {**vars(created), "key": token}


# path: keys named before names were checked ("team/bob") stay revocable too. No merging
# of slashes: DELETE /admin/keys//x would be redirected (308) to revoke "x", a key the
# request did not name; it is a 404 instead.
@blp.route("/<path:name>", endpoint="key", merge_slashes=False)
class KeyItem(MethodView):
    @requires("admin")
    @blp.response(204)
    def delete(self, name: str) -> Response:
        """Revoke a key; it stops working on every worker at once"""
        if not current_state().store.revoke_key(name):
            raise InvalidInput(f"no live key named {name!r}", field="name")
        return Response(status=204)
