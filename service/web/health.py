"""Liveness and readiness for load balancers and orchestrators."""

from __future__ import annotations

import os
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from service.web.auth import requires
from service.web.schemas import Health, Readiness
from service.web.state import current_state

blp = Blueprint("health", __name__, description="Liveness and readiness")


@blp.route("/healthz", endpoint="healthz")
class Liveness(MethodView):
    @requires("public")
    @blp.response(200, Health)
    def get(self) -> dict[str, Any]:
        """The process is alive (does not touch the store)"""
        return {"status": "ok"}


@blp.route("/readyz", endpoint="readyz")
class ReadinessView(MethodView):
    @requires("public")
    @blp.response(200, Readiness)
    @blp.alt_response(503, schema=Readiness, description="Store unreachable or index not loaded")
    def get(self) -> tuple[dict[str, Any], int]:
        """Ready to serve: store reachable, index loaded; reports this process's change lag"""
        state = current_state()
        resolver = state.resolver
        try:
            store_seq = state.store.last_seq()
            store_status = "ok"
        except Exception:  # any driver error means "not ready", never a 500
            store_seq, store_status = resolver.applied_seq, "unreachable"
        ready = store_status == "ok" and resolver.is_loaded
        body = {
            "status": "ready" if ready else "not_ready",
            "store": store_status,
            "index_loaded": resolver.is_loaded,
            "aliases_indexed": len(resolver.engine),
            "applied_seq": resolver.applied_seq,
            "store_seq": store_seq,
            "lag": max(0, store_seq - resolver.applied_seq),
            "follower": state.follower.status.mode if state.follower else "off",
            "pid": os.getpid(),
        }
        return body, 200 if ready else 503
