"""The Flask app factory: wires settings, store, resolver and the API blueprints."""

from __future__ import annotations

import itertools
import logging
import os
import re
import secrets
import time
from importlib.metadata import version

from flask import Flask, Response, g, request
from werkzeug.exceptions import UnsupportedMediaType

from service.config import Settings
from service.live.bootstrap import open_store, prepare_store, start_resolver
from service.store import Store
from service.web import (
    apikeys,
    console,
    curation,
    docs,
    entities,
    health,
    limits,
    metrics,
    problems,
    reconcile,
    resolve,
    transfer,
    whoami,
)
from service.web.state import AppState, current_state

API_VERSION = version("polyonym")  # info.version of the OpenAPI document: the package's
access_log = logging.getLogger("polyonym.access")
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
BODY_METHODS = {"POST", "PUT", "PATCH"}


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> Flask:
    """Build an app; with ``store`` given, the caller owns its schema and seed."""
    settings = settings or Settings.from_env()
    app = Flask("polyonym")
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # names in any script, as UTF-8
    app.config.update(
        API_TITLE="polyonym",
        API_VERSION=API_VERSION,
        OPENAPI_VERSION="3.0.3",
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        API_SPEC_OPTIONS={
            "info": {
                "description": "Entity resolution for transliterated names: stable IDs for "
                "people, places and organisations, and a curated alias table.",
            },
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        },
    )
    logging.getLogger("polyonym").setLevel(settings.log_level)
    if store is None:
        store = open_store(settings)
        prepare_store(store, settings)
    store.review_max_open = settings.review_max_open
    resolver = start_resolver(
        settings, store, on_skip=metrics.count_skipped, after_wake=metrics.update_worker_gauges
    )
    app.extensions["polyonym"] = AppState(settings, store, resolver)

    api = problems.ProblemApi(app)
    app.extensions["polyonym_api"] = api
    blueprints = (
        resolve.blp,
        entities.blp,
        curation.blp,
        transfer.blp,
        apikeys.blp,
        whoami.blp,
        health.blp,
    )
    for blueprint in (*blueprints, reconcile.blp):
        api.register_blueprint(blueprint)
    app.register_blueprint(docs.blp)
    app.register_blueprint(console.blp)
    app.register_blueprint(metrics.blp)
    problems.register(app)
    app.before_request(metrics.start_timer)
    app.before_request(assign_request_id)
    app.before_request(start_live)
    app.before_request(require_json_body)
    app.before_request(limits.check_json_body)
    app.before_request(limits.refuse_nul)
    app.after_request(echo_request_id)
    app.after_request(metrics.observe)
    app.after_request(log_request)
    return app


def start_live() -> None:
    """Each process (gunicorn worker) follows the change log with its own thread."""
    current_state().resolver.start()


class RequestIds:
    """Unique IDs without a system call per request: a random per-process prefix (drawn
    again after a fork) and a counter. os.urandom costs more than a whole /healthz here."""

    def __init__(self) -> None:
        self._pid = -1
        self._prefix = ""
        self._counter = itertools.count()

    def __call__(self) -> str:
        if self._pid != os.getpid():
            self._pid, self._prefix = os.getpid(), secrets.token_hex(6)
        return f"{self._prefix}{next(self._counter):010x}"


next_request_id = RequestIds()


def assign_request_id() -> None:
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if REQUEST_ID_PATTERN.match(incoming) else next_request_id()


def log_request(response: Response) -> Response:
    """One JSON line per request; headers (and so API keys) are never logged.

    The record is made and handled directly: ``Logger.info`` would first walk the stack
    for the caller's file and line (findCaller), which the JSON lines never show; levels,
    filters and handlers apply as usual.
    """
    if not access_log.isEnabledFor(logging.INFO):
        return response
    req = request._get_current_object()  # type: ignore[attr-defined]  # one proxy lookup
    method, path, status = req.method, req.path, response.status_code
    extra = {
        "request_id": g.get("request_id"),
        "method": method,
        "path": path,
        "status": status,
        "duration_ms": round((time.perf_counter() - g.get("started", 0.0)) * 1000, 2),
        "actor": g.get("actor"),
    }
    args = (method, path, status)
    record = access_log.makeRecord(
        access_log.name, logging.INFO, __file__, LOG_LINE, "%s %s %s", args, None, FUNC, extra
    )
    access_log.handle(record)
    return response


LOG_LINE, FUNC = log_request.__code__.co_firstlineno, log_request.__name__


def echo_request_id(response: Response) -> Response:
    response.headers["X-Request-ID"] = g.get("request_id", "")
    return response


def require_json_body() -> None:
    """A body in anything but the route's format is refused before any parsing (415)."""
    req = request._get_current_object()  # type: ignore[attr-defined]  # one proxy lookup
    if req.method not in BODY_METHODS:
        return
    endpoint = req.endpoint or ""
    if endpoint.startswith("reconcile."):  # forms; checks its own
        return
    if endpoint == "transfer.import":
        req.max_content_length = current_state().settings.max_import_bytes
        if req.mimetype not in transfer.JSON_LINES_TYPES:
            raise UnsupportedMediaType(f"send the file as {transfer.JSON_LINES}")
        return
    if req.is_json:
        return
    chunked = "chunked" in req.headers.get("Transfer-Encoding", "")
    if req.content_length or chunked:
        raise UnsupportedMediaType(
            f"send the body as application/json, not {req.mimetype or 'no content type'}"
        )
