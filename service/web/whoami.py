"""GET /auth/me: which key this is. The console signs in with it; before, it probed with a
POST /review/0/dismiss, which wrote nothing but left a 404 in every log at every sign-in."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import g
from flask.views import MethodView

from service.model import ROLES
from service.web.auth import requires
from service.web.parser import Blueprint

blp = Blueprint("auth", __name__, url_prefix="/auth", description="The calling key")


class Me(ma.Schema):
    name = ma.fields.String(
        required=True, metadata={"description": "The key's name: who the history says wrote"}
    )
    role = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(ROLES),
        metadata={"description": "reader reads; curator also curates; admin also manages keys"},
    )


@blp.route("/me", endpoint="me")
class WhoAmI(MethodView):
    @requires("key")
    @blp.response(200, Me)
    def get(self) -> dict[str, Any]:
        """The calling key's name and role (a key is needed even when reads are open)"""
        return {"name": g.actor, "role": g.role}
