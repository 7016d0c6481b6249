"""Bulk import (JSON Lines, all-or-nothing) and streamed export."""

from __future__ import annotations

from typing import Any

from flask import Response, request, stream_with_context
from flask.views import MethodView
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge

from service.bulk import dump_lines, parse_lines
from service.errors import ImportRejected
from service.web.auth import current_actor, requires
from service.web.parser import Blueprint
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
# An import over HTTP runs inside one worker request, under gunicorn's 30 s timeout: 40,000
# entities (4.8 MB) ran into it, a 500 with nothing applied. Its cost grows with the names
# (entity names and aliases) it writes: 10,000 entities with 30,000 aliases (2.1 MB) took
# 2.0-2.4 s of CPU (1.5-8.8 s wall on SQLite and PostgreSQL on this shared 2-core host), but
# 4 MiB of alias-dense lines (6,000 entities, 65,000 aliases) took 8 s of CPU and 32 s wall
# under load (benchmarks/request_bounds.py --import-entities, and the README). Hence a bound
# on entities and on names, and POLYONYM_MAX_IMPORT_BYTES (4 MiB) on bytes; larger files go
# through the CLI, which has no timeout.
MAX_IMPORT_ENTITIES = 10_000
MAX_IMPORT_NAMES = 40_000
LARGER_FILES = "import larger files with the CLI: polyonym import FILE"
BODY_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            JSON_LINES: {
                "schema": {
                    "type": "string",
                    "description": f"One entity per line, at most {MAX_IMPORT_ENTITIES:,} "
                    f"lines holding at most {MAX_IMPORT_NAMES:,} names and aliases (413 past "
                    "them, and past POLYONYM_MAX_IMPORT_BYTES); " + LARGER_FILES,
                }
            }
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
        records, errors = parse_lines(file_lines(read_body()))
        refuse_too_many_names(records)
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


def read_body() -> str:
    """The file as text; 413 past the byte limit (also for a chunked body, which werkzeug
    stops reading at the limit without saying so), 400 if it is not UTF-8."""
    limit = request.max_content_length
    try:
        data = request.get_data()
    except RequestEntityTooLarge:
        raise RequestEntityTooLarge(
            f"the file is larger than {limit:,} bytes; {LARGER_FILES}"
        ) from None
    if limit is not None and request.content_length is None and len(data) >= limit:
        raise RequestEntityTooLarge(f"the file is larger than {limit:,} bytes; {LARGER_FILES}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"the body is not UTF-8 (byte {exc.start})") from None


def file_lines(text: str) -> list[str]:
    """The file's lines, split on LF alone as the CLI and export do: ``str.splitlines``
    also splits inside a name or external ID holding U+2028, U+2029, U+0085 or U+001C-1E,
    which export writes as they are. 413 past MAX_IMPORT_ENTITIES non-blank lines."""
    lines = text.split("\n")
    entities = sum(1 for line in lines if line.strip())
    if entities > MAX_IMPORT_ENTITIES:
        raise RequestEntityTooLarge(
            f"the file holds {entities:,} entities; POST /import takes at most "
            f"{MAX_IMPORT_ENTITIES:,}: split it, or {LARGER_FILES}"
        )
    return lines


def refuse_too_many_names(records: list[tuple[int, dict[str, Any]]]) -> None:
    """413 past MAX_IMPORT_NAMES entity names and aliases (counted on the parsed records)."""
    names = sum(1 + len(record.get("aliases") or ()) for _, record in records)
    if names > MAX_IMPORT_NAMES:
        raise RequestEntityTooLarge(
            f"the file holds {names:,} names and aliases; POST /import takes at most "
            f"{MAX_IMPORT_NAMES:,}: split it, or {LARGER_FILES}"
        )


@blp.route("/export", endpoint="export")
class Export(MethodView):
    @requires("read")
    @blp.response(200, description="One entity per line", content_type=JSON_LINES)
    def get(self) -> Response:
        """The whole table as JSON Lines (entities, aliases, redirects, judgements), streamed"""
        records = current_state().store.export_records()
        return Response(stream_with_context(dump_lines(records)), mimetype=JSON_LINES)
