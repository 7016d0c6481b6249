"""Liveness and readiness for load balancers and orchestrators."""

from __future__ import annotations

import os
import time
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from service.resolver import Resolver
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
    @blp.alt_response(
        503,
        schema=Readiness,
        description="Store unreachable, index not loaded, or a change just failed to apply",
    )
    def get(self) -> tuple[dict[str, Any], int]:
        """Ready to serve: store up, index loaded, no change just skipped; lag and skips"""
        state = current_state()
        resolver = state.resolver
        try:
            store_seq = state.store.last_seq()
            store_status = "ok"
        except Exception:  # any driver error means "not ready", never a 500
            store_seq, store_status = resolver.applied_seq, "unreachable"
        reason = not_ready_reason(resolver, store_status)
        ready = reason is None
        body = {
            "status": "ready" if ready else "not_ready",
            "reason": reason,
            "store": store_status,
            "index_loaded": resolver.is_loaded,
            "aliases_indexed": len(resolver.engine),
            "applied_seq": resolver.applied_seq,
            "store_seq": store_seq,
            "lag": max(0, store_seq - resolver.applied_seq),
            "follower": state.follower.status.mode if state.follower else "off",
            "skipped_changes": len(resolver.skipped),
            "skipped": resolver.skipped.shown(),
            "pid": os.getpid(),
        }
        return body, 200 if ready else 503


def not_ready_reason(resolver: Resolver, store_status: str) -> str | None:
    """Why this process should get no traffic now, or None. A skipped change holds it back
    only for the resolver's ``unready_seconds`` (see service/skipped.py for why)."""
    if store_status != "ok":
        return "store unreachable"
    if not resolver.is_loaded:
        return "index not loaded"
    holding = resolver.skipped.holding_readiness()
    if not holding:
        return None
    first = holding[0]
    until = first.since + resolver.skipped.unready_seconds
    return (
        f"change {first.seq} (entity {first.entity_id}) could not be applied to the index "
        f"({first.error}); {len(holding)} change(s) skipped in the last "
        f"{resolver.skipped.unready_seconds:g} s. Ready again when the entity indexes "
        f"(fix or delete it) or at {time.strftime('%H:%M:%S', time.gmtime(until))} UTC"
    )
