"""Bulk import (JSON Lines, all-or-nothing) and streamed export."""

from __future__ import annotations

from typing import Any

from flask import Response, request, stream_with_context
from flask.views import MethodView
from flask_smorest import Blueprint
from werkzeug.exceptions import BadRequest

from service.bulk import dump_lines, parse_lines
from service.errors import ImportRejected
from service.web.auth import current_actor, requires
from service.web.schemas import ImportArgs, ImportResult
from service.web.state import current_state

blp = Blueprint("transfer", __name__, description="Bulk import and export")
JSON_LINES = "application/x-ndjson"
JSON_LINES_TYPES = {
    JSON_LINES,
    "application/jsonl",
    "application/x-jsonlines",
    "application/json-lines",
}
BODY_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            JSON_LINES: {"schema": {"type": "string", "description": "One entity per line"}}
        },
    }
}


@blp.route("/import", endpoint="import")
class Import(MethodView):
    @requires("admin")
    @blp.arguments(ImportArgs(), location="query")
    @blp.response(200, ImportResult)
    @blp.doc(**BODY_DOC)
    def post(self, args: dict[str, Any]) -> dict[str, Any]:
        """Upsert entities from JSON Lines; one bad line rejects the file (dry_run previews)"""
        state = current_state()
        try:
            text = request.get_data().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadRequest(f"the body is not UTF-8 (byte {exc.start})") from None
        records, errors = parse_lines(text.splitlines())
        if errors:
            raise ImportRejected(
                f"{len(errors)} bad line(s); nothing was imported", line_errors=errors
            )
        report = state.store.import_records(records, current_actor(), dry_run=args["dry_run"])
        return {
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "dry_run": args["dry_run"],
        }


@blp.route("/export", endpoint="export")
class Export(MethodView):
    @requires("read")
    @blp.response(200, description="One entity per line", content_type=JSON_LINES)
    def get(self) -> Response:
        """The whole table as JSON Lines (entities, aliases, redirects, judgements), streamed"""
        records = current_state().store.export_records()
        return Response(stream_with_context(dump_lines(records)), mimetype=JSON_LINES)
