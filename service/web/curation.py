"""Judgements, the change feed and the review queue."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from service.web.auth import current_actor, requires
from service.web.parser import Blueprint
from service.web.schemas import (
    ROW_ID,
    ChangesArgs,
    ChangesPage,
    JudgementArgs,
    JudgementIn,
    JudgementOut,
    ReviewAccept,
    ReviewArgs,
    ReviewItemOut,
    ReviewPage,
    ReviewReject,
)
from service.web.serialize import change_body, judgement_body, review_body
from service.web.state import current_state

blp = Blueprint("curation", __name__, description="Judgements, change feed and review queue")


@blp.route("/judgements", endpoint="judgements")
class Judgements(MethodView):
    @requires("read")
    @blp.arguments(JudgementArgs(), location="query")
    @blp.response(200, JudgementOut(many=True))
    def get(self, args: dict[str, Any]) -> list[dict[str, Any]]:
        """List judgements, optionally for one entity or one verdict"""
        found = current_state().store.list_judgements(args.get("entity_id"), args.get("verdict"))
        return [judgement_body(j) for j in found]

    @requires("curator")
    @blp.arguments(JudgementIn())
    @blp.response(201, JudgementOut)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Say a name is (same) or is not (not_same) an entity; not_same is never matched again"""
        judgement = current_state().store.add_judgement(
            body["name"],
            body["entity_id"],
            body["verdict"],
            current_actor(),
            body["allow_shared"],
            body["force"],
        )
        return judgement_body(judgement)


@blp.route(f"/judgements/<{ROW_ID}:judgement_id>", endpoint="judgement")
class JudgementItem(MethodView):
    @requires("curator")
    @blp.response(204)
    def delete(self, judgement_id: int) -> Response:
        """Withdraw a judgement"""
        current_state().store.withdraw_judgement(judgement_id, current_actor())
        return Response(status=204)


@blp.route("/changes", endpoint="changes")
class Changes(MethodView):
    @requires("read")
    @blp.arguments(ChangesArgs(), location="query")
    @blp.response(200, ChangesPage)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Changes after sequence `since`, in order, with the cursor for the next call"""
        found = current_state().store.changes_since(args["since"], limit=args["limit"] + 1)
        page = found[: args["limit"]]
        cursor = page[-1].seq if page else args["since"]
        return {
            "changes": [change_body(c) for c in page],
            "next": cursor,
            "has_more": len(found) > len(page),
        }


@blp.route("/review", endpoint="review")
class Review(MethodView):
    # Curation data, not a read: what callers asked for (names of people they look up)
    # is nobody else's business, even when reads are open.
    @requires("curator")
    @blp.arguments(ReviewArgs(), location="query")
    @blp.response(200, ReviewPage)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Names callers asked for that came back ambiguous or no_match, most asked first
        (needs a curator or admin key)"""
        state = current_state()
        state.resolver.flush_review()
        items, total = state.store.list_review(
            args["state"], args["order"], args["page"], args["per_page"]
        )
        return {
            "items": [review_body(i) for i in items],
            "page": args["page"],
            "per_page": args["per_page"],
            "total": total,
        }


@blp.route(f"/review/<{ROW_ID}:item_id>/accept", endpoint="review_accept")
class ReviewAcceptView(MethodView):
    @requires("curator")
    @blp.arguments(ReviewAccept())
    @blp.response(200, ReviewItemOut)
    def post(self, body: dict[str, Any], item_id: int) -> dict[str, Any]:
        """Add the asked-for name as an alias of the given entity"""
        item = current_state().store.accept_review(
            item_id, body["entity_id"], current_actor(), body["allow_shared"]
        )
        return review_body(item)


@blp.route(f"/review/<{ROW_ID}:item_id>/reject", endpoint="review_reject")
class ReviewRejectView(MethodView):
    @requires("curator")
    @blp.arguments(ReviewReject())
    @blp.response(200, ReviewItemOut)
    def post(self, body: dict[str, Any], item_id: int) -> dict[str, Any]:
        """Record "not this" against the suggested candidate (or the given entity)"""
        item = current_state().store.reject_review(
            item_id, body.get("entity_id"), current_actor(), body["force"]
        )
        return review_body(item)


@blp.route(f"/review/<{ROW_ID}:item_id>/dismiss", endpoint="review_dismiss")
class ReviewDismissView(MethodView):
    @requires("curator")
    @blp.response(200, ReviewItemOut)
    def post(self, item_id: int) -> dict[str, Any]:
        """Hide the entry without changing the table"""
        return review_body(current_state().store.dismiss_review(item_id, current_actor()))
