"""W3C Reconciliation Service API under /reconcile: 0.2 (OpenRefine) and the 1.0-draft routes.

0.2 clients send batches as a form field ``queries=<JSON>`` to /reconcile (GET or POST)
and may ask for JSONP with ``callback=``; 1.0-draft clients POST JSON to /reconcile/match.
Every route answers CORS preflights and carries ``Access-Control-Allow-Origin: *``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from flask import Response, request
from flask.views import MethodView
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge, UnsupportedMediaType

from service.errors import EntityNotFound
from service.model import ENTITY_TYPES
from service.web.auth import requires
from service.web.limits import refuse_costly_names
from service.web.parser import Blueprint
from service.web.reconcile import extend as extension
from service.web.reconcile.batches import answer_02, json_field, names_10, run_extend
from service.web.reconcile.card import preview_html, suggest_item, type_ref
from service.web.reconcile.manifest import manifest_response
from service.web.reconcile.match import run
from service.web.reconcile.schemas import (
    BATCH_SIZE,
    MANIFEST_DOC,
    RESULTS_02_DOC,
    ExtendQuery,
    ExtendResult,
    MatchBatch,
    MatchResults,
    PreviewArgs,
    PropertyProposal,
    ProposeArgs,
    ReconcileArgs,
    SuggestArgs,
    SuggestResult,
)
from service.web.state import current_state

blp = Blueprint(
    "reconcile",
    __name__,
    url_prefix="/reconcile",
    description="W3C Reconciliation Service API (OpenRefine): 0.2 and 1.0-draft",
)
# Used with fullmatch: "$" would also match before a final newline ("cb\n").
CALLBACK_NAME = re.compile(r"[A-Za-z_$][\w$.]*", re.ASCII)
JSON_ONLY_ENDPOINTS = {"reconcile.match"}
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization, Content-Type, X-Request-ID",
    "Access-Control-Max-Age": "86400",
}
# GET routes that take callback= also answer JSONP; errors stay problem+json.
JSONP = {"type": "string", "description": "With callback=: /**/callback(<the JSON>);"}


@blp.before_request
def check_request() -> None:
    """JSONP names are code the client will run: only plain dotted identifiers pass."""
    callback = request.args.get("callback")
    if callback is not None and not CALLBACK_NAME.fullmatch(callback):
        raise BadRequest("callback must match ^[A-Za-z_$][\\w$.]*$")
    if request.endpoint in JSON_ONLY_ENDPOINTS and request.content_length and not request.is_json:
        raise UnsupportedMediaType("send the batch as application/json")


@blp.after_request
def cors_and_jsonp(response: Response) -> Response:
    for header, value in CORS_HEADERS.items():
        if header == "Access-Control-Allow-Origin" or request.method == "OPTIONS":
            response.headers[header] = value
    callback = request.args.get("callback")
    jsonp = callback and CALLBACK_NAME.fullmatch(callback) and request.method == "GET"
    # A browser runs no script that came with an error status: errors stay problem+json.
    jsonp = jsonp and response.status_code < 400
    if jsonp and (response.mimetype or "").endswith("json"):
        body = response.get_data(as_text=True)
        response.set_data(f"/**/{callback}({body});")
        response.mimetype = "application/javascript"
    return response


@blp.route("", endpoint="service")
class Service(MethodView):
    @requires("public")
    @blp.arguments(ReconcileArgs(), location="query")
    @blp.response(200, MANIFEST_DOC)
    @blp.alt_response(200, schema=JSONP, content_type="application/javascript")
    def get(self, args: dict[str, Any]) -> Response:
        """The service manifest; with queries= or extend=, a 0.2 batch (OpenRefine)"""
        answer = answer_02(args)
        if answer is not None:
            return answer
        return manifest_response(args.get("version", "0.2"))

    @requires("public")
    @blp.arguments(ReconcileArgs(), location="form")
    @blp.response(200, RESULTS_02_DOC)
    def post(self, args: dict[str, Any]) -> Response:
        """Reconcile a 0.2 batch sent as the form field queries=<JSON> (needs a read key)"""
        answer = answer_02(args)
        if answer is None:
            raise BadRequest("send queries=<JSON> or extend=<JSON> as a form field")
        return answer


@blp.route("/match", endpoint="match")
class Match(MethodView):
    @requires("read")
    @blp.arguments(MatchBatch())
    @blp.response(200, MatchResults)
    def post(self, batch: dict[str, Any]) -> dict[str, Any]:
        """Reconcile a 1.0-draft batch: {"queries": [...]} -> {"results": [...]} in order"""
        if len(batch["queries"]) > BATCH_SIZE:
            raise RequestEntityTooLarge(f"at most {BATCH_SIZE} queries per batch (batchSize)")
        refuse_costly_names(names_10(batch["queries"]), "json")
        results = []
        for query in batch["queries"]:
            candidates, error = run(query, "1.0")
            results.append({"candidates": candidates, **({"error": error} if error else {})})
        return {"results": results}


def suggest_get(view: Callable[..., Any]) -> Callable[..., Any]:
    """What every suggest service's GET shares: a read key, the prefix/type/cursor/limit
    arguments, and a SuggestResult as JSON, or as JSONP with callback=."""
    view = blp.alt_response(200, schema=JSONP, content_type="application/javascript")(view)
    view = blp.response(200, SuggestResult)(view)
    view = blp.arguments(SuggestArgs(), location="query")(view)
    return requires("read")(view)


@blp.route("/suggest/entity", endpoint="suggest_entity")
class SuggestEntity(MethodView):
    @suggest_get
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Autocomplete entities by a prefix of any alias word, then by fuzzy match"""
        entity_type = args.get("type") if args.get("type") in ENTITY_TYPES else None
        wanted = args["cursor"] + args["limit"]
        hits = current_state().resolver.autocomplete(args["prefix"], entity_type, wanted)
        return {"result": [suggest_item(e) for e in hits[args["cursor"] : wanted]]}


@blp.route("/suggest/type", endpoint="suggest_type")
class SuggestType(MethodView):
    @suggest_get
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Autocomplete entity types"""
        prefix = args["prefix"].strip().casefold()
        types = [type_ref(t) for t in ENTITY_TYPES if t.startswith(prefix)]
        return {"result": types[args["cursor"] : args["cursor"] + args["limit"]]}


@blp.route("/suggest/property", endpoint="suggest_property")
class SuggestProperty(MethodView):
    @suggest_get
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Autocomplete the properties a query can use (external IDs and country)"""
        found = extension.suggest_properties(args["prefix"], args["cursor"], args["limit"])
        return {"result": found}


@blp.route("/preview", endpoint="preview")
class Preview(MethodView):
    @requires("read")
    @blp.arguments(PreviewArgs(), location="query")
    @blp.response(200, {"type": "string"}, content_type="text/html")
    def get(self, args: dict[str, Any]) -> Response:
        """An HTML card of a live entity: name, type, aliases by script, external IDs"""
        entity = current_state().resolver.fresh().entity(args["id"])
        if entity is None:
            raise EntityNotFound(f"no live entity {args['id']!r}")
        return Response(preview_html(entity), mimetype="text/html")


@blp.route("/extend", endpoint="extend")
class Extend(MethodView):
    @requires("read")
    @blp.arguments(ExtendQuery(partial=True), location="json", required=False)
    @blp.response(200, ExtendResult)
    def post(self, query: dict[str, Any]) -> Any:
        """Fetch type, name, aliases and external IDs of entities (1.0 JSON or 0.2 extend=)"""
        if request.is_json:
            return run_extend(request.get_json(), "1.0")
        text = request.form.get("extend")
        if text is None:
            raise BadRequest("send the query as JSON, or as the form field extend=<JSON>")
        body = run_extend(json_field(text, "extend"), "0.2")
        return Response(json.dumps(body), mimetype="application/json")

    @requires("read")
    @blp.arguments(ReconcileArgs(), location="query")
    @blp.response(200, {"type": "object", "description": "0.2 data-extension response"})
    @blp.alt_response(200, schema=JSONP, content_type="application/javascript")
    def get(self, args: dict[str, Any]) -> Response:
        """Data extension for 0.2 clients: extend=<JSON> as a query parameter"""
        if "extend" not in args:
            raise BadRequest("send extend=<JSON>")
        body = run_extend(json_field(args["extend"], "extend"), "0.2")
        return Response(json.dumps(body), mimetype="application/json")


@blp.route("/propose_properties", endpoint="propose_properties")  # registered second
@blp.route("/extend/propose", endpoint="propose")
class Propose(MethodView):
    """One view on the 1.0-draft route and on the 0.2 one the manifest names."""

    @requires("read")
    @blp.arguments(ProposeArgs(), location="query")
    @blp.response(200, PropertyProposal)
    @blp.alt_response(200, schema=JSONP, content_type="application/javascript")
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Properties data extension can fetch (1.0-draft and 0.2 routes)"""
        return extension.propose(args.get("type"), args["limit"])
