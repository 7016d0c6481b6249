"""Every error becomes an RFC 9457 problem document; no stack trace ever leaves the process.

Domain errors (``service.errors``), werkzeug's HTTP errors and webargs' validation
errors all end here, so clients parse one format and always learn which field was wrong.
"""

from __future__ import annotations

import http
import logging
from collections.abc import Iterator, Mapping
from typing import Any

import marshmallow as ma
from flask import Flask, Response, g, json, request, url_for
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from werkzeug.exceptions import HTTPException, InternalServerError

from service import errors

PROBLEM_MIMETYPE = "application/problem+json"
PROBLEM_BASE = "https://polyonym.dev/problems/"
logger = logging.getLogger("polyonym.web")

DOMAIN_STATUS: dict[type[errors.PolyonymError], tuple[int, str]] = {
    errors.EntityNotFound: (404, "not-found"),
    errors.AliasNotFound: (404, "not-found"),
    errors.EntityGone: (410, "gone"),
    errors.VersionConflict: (412, "version-conflict"),
    errors.AliasConflict: (409, "alias-conflict"),
    errors.DuplicateAlias: (409, "duplicate-alias"),
    errors.ContradictsAlias: (409, "contradicts-alias"),
    errors.EntityMerged: (409, "entity-merged"),
    errors.JudgementNotFound: (404, "not-found"),
    errors.ReviewItemNotFound: (404, "not-found"),
    errors.ImportRejected: (422, "import-rejected"),
    errors.InvalidInput: (422, "invalid-input"),
    errors.Unauthorized: (401, "unauthorized"),
    errors.Forbidden: (403, "forbidden"),
}


class FieldError(ma.Schema):
    field = ma.fields.String(metadata={"description": "Dotted path of the offending field"})
    location = ma.fields.String(metadata={"description": "json, query, headers, path or form"})
    message = ma.fields.String()


class LineError(ma.Schema):
    line = ma.fields.Integer()
    field = ma.fields.String(allow_none=True)
    message = ma.fields.String()


class Problem(ma.Schema):
    """RFC 9457 problem details, plus the fields that were wrong."""

    type = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    status = ma.fields.Integer(required=True)
    detail = ma.fields.String()
    instance = ma.fields.String()
    request_id = ma.fields.String()
    errors = ma.fields.List(ma.fields.Nested(FieldError))
    entity_ids = ma.fields.List(ma.fields.String(), metadata={"description": "409: who holds it"})
    merged_into = ma.fields.String(metadata={"description": "409 on a merged entity"})
    alias_id = ma.fields.Integer(metadata={"description": "409: the alias the entity already has"})
    line_errors = ma.fields.List(
        ma.fields.Nested(LineError), metadata={"description": "bulk import"}
    )


def problem_response(
    status: int,
    detail: str | None = None,
    *,
    slug: str | None = None,
    field_errors: list[dict[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Response:
    phrase = http.HTTPStatus(status).phrase
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + (slug or phrase.lower().replace(" ", "-").replace("'", "")),
        "title": phrase,
        "status": status,
        "detail": detail or phrase,
    }
    request_id = g.get("request_id")
    if request_id:
        body["request_id"] = request_id
    if field_errors:
        body["errors"] = field_errors
    body.update(extra or {})
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_MIMETYPE)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def flatten_messages(messages: Any, location: str, prefix: str = "") -> Iterator[dict[str, str]]:
    """webargs' nested {"json": {"queries": {"0": {"name": [...]}}}} -> one row per field."""
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if key == "_schema":
                path = prefix
            yield from flatten_messages(value, location, path)
    elif isinstance(messages, list | tuple):
        for item in messages:
            if isinstance(item, Mapping | list | tuple):
                yield from flatten_messages(item, location, prefix)
            else:
                yield {"field": prefix or "(body)", "location": location, "message": str(item)}
    else:
        yield {"field": prefix or "(body)", "location": location, "message": str(messages)}


def webargs_field_errors(data: Mapping[str, Any]) -> list[dict[str, str]]:
    messages = data.get("messages") or data.get("errors") or {}
    rows: list[dict[str, str]] = []
    if isinstance(messages, Mapping):
        for location, per_location in messages.items():
            rows.extend(flatten_messages(per_location, str(location)))
    return rows


class ProblemApi(Api):
    """flask-smorest's Api, speaking problem+json for errors in responses and in the spec."""

    ERROR_SCHEMA = Problem

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_MIMETYPE)
            self.spec.components.response(status.name, response, lazy=True)
        default: dict[str, Any] = {"description": "Default error response", "schema": Problem}
        prepare_response(default, self.spec, PROBLEM_MIMETYPE)
        self.spec.components.response("DEFAULT_ERROR", default, lazy=True)

    def handle_http_exception(self, error: HTTPException) -> Response:  # type: ignore[override]
        status = error.code or 500
        data = getattr(error, "data", None) or {}
        field_errors = webargs_field_errors(data) if data else []
        headers = dict(data.get("headers") or {})
        if status >= 500:
            logger.error("request %s failed with %s", g.get("request_id"), status)
            return problem_response(status, "The server could not complete the request.")
        detail = data.get("message") or error.description
        if field_errors:
            detail = "; ".join(f"{e['field']}: {e['message']}" for e in field_errors[:5])
        if status == 405 and error.get_response().headers.get("Allow"):
            headers["Allow"] = error.get_response().headers["Allow"]
        return problem_response(status, detail, field_errors=field_errors, headers=headers)


def redirect_to_survivor(error: errors.EntityMerged) -> Response:
    """A read of a merged ID is a permanent redirect; the body says where it went."""
    location = url_for("entities.entity", entity_id=error.merged_into)
    body = {
        "id": request.view_args.get("entity_id") if request.view_args else None,
        "status": "merged",
        "merged_into": error.merged_into,
    }
    return Response(
        json.dumps(body), status=308, mimetype="application/json", headers={"Location": location}
    )


def domain_extra(error: errors.PolyonymError) -> dict[str, Any]:
    if isinstance(error, errors.AliasConflict):
        return {"entity_ids": error.entity_ids}
    if isinstance(error, errors.EntityMerged):
        return {"merged_into": error.merged_into}
    if isinstance(error, errors.DuplicateAlias):
        return {"alias_id": error.alias_id}
    if isinstance(error, errors.ImportRejected):
        return {"line_errors": error.line_errors}
    return {}


def handle_domain_error(error: errors.PolyonymError) -> Response:
    if isinstance(error, errors.EntityMerged) and request.method in ("GET", "HEAD"):
        return redirect_to_survivor(error)
    status, slug = DOMAIN_STATUS.get(type(error), (400, "bad-request"))
    field_errors = None
    if error.field:
        field_errors = [{"field": error.field, "location": "json", "message": error.detail}]
    headers = {"WWW-Authenticate": 'Bearer realm="polyonym"'} if status == 401 else None
    return problem_response(
        status,
        error.detail,
        slug=slug,
        field_errors=field_errors,
        headers=headers,
        extra=domain_extra(error),
    )


def handle_unexpected(error: Exception) -> Response:
    """Log the trace with the request ID; the client gets only the ID."""
    if isinstance(error, HTTPException):
        return problem_response(error.code or 500, error.description)
    logger.exception("unhandled error in request %s", g.get("request_id"))
    return problem_response(500, InternalServerError.description)


def register(app: Flask) -> None:
    app.register_error_handler(errors.PolyonymError, handle_domain_error)
    app.register_error_handler(Exception, handle_unexpected)
