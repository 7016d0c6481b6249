"""Liveness and readiness for load balancers and orchestrators."""

from __future__ import annotations

import os
import time
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from service.live import LiveStatus
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
        live = current_state().resolver.status()
        store_status = "ok" if live.store_seq is not None else "unreachable"
        reason = not_ready_reason(live, store_status)
        ready = reason is None
        body = {
            "status": "ready" if ready else "not_ready",
            "reason": reason,
            "store": store_status,
            "index_loaded": live.loaded,
            "aliases_indexed": live.aliases,
            "applied_seq": live.applied_seq,
            "store_seq": live.applied_seq if live.store_seq is None else live.store_seq,
            "lag": live.lag,
            "follower": live.follower,
            "skipped_changes": len(live.skipped),
            "skipped": live.skipped.shown(),
            "pid": os.getpid(),
        }
        return body, 200 if ready else 503


def not_ready_reason(resolver: LiveStatus, store_status: str) -> str | None:
    """Why this process should get no traffic now, or None. A skipped change holds it back
    only for the resolver's ``unready_seconds`` (see service/skipped.py for why)."""
    if store_status != "ok":
        return "store unreachable"
    if not resolver.loaded:
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
