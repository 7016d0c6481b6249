"""The service manifests: 0.2 for OpenRefine, 1.0-draft on request.

The two versions disagree on ``suggest`` (0.2: service URLs, 1.0: booleans), so one
document cannot satisfy both schemas: ``GET /reconcile`` is the 0.2 manifest and
``GET /reconcile?version=1.0-draft`` the 1.0 one.

Its URLs start at ``POLYONYM_PUBLIC_URL``. Without it they are relative, except on a
request to a loopback host (OpenRefine on the same machine, the README's set-up), which
gets absolute URLs on that host. The Host header is never copied otherwise: a client
sending ``Host: evil.example`` would get, and a shared cache would keep and hand others,
a manifest whose previews and suggestions load from evil.example.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Response, current_app, request

from service.model import ENTITY_TYPES
from service.web.reconcile.card import PREVIEW_HEIGHT, PREVIEW_WIDTH, type_ref
from service.web.reconcile.extend import COUNTRY_SETTING
from service.web.reconcile.match import COUNTRY, COUNTRY_PROPERTY, IGNORED_PROPERTIES
from service.web.reconcile.schemas import BATCH_SIZE
from service.web.state import current_state

SERVICE_NAME = "polyonym"
# Swagger 2.0 security scheme, the form both manifest schemas accept.
API_KEY_SCHEME = {
    "type": "apiKey",
    "name": "Authorization",
    "in": "header",
    "description": "Bearer <key>: a polyonym API key of any role",
}


# A loopback host with an optional port, and nothing else ("localhost:80@evil.example").
LOOPBACK_HOST = re.compile(r"(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d{1,5})?", re.ASCII)
# The manifest changes only with a deploy; clients may keep it a few minutes.
MANIFEST_CACHE_CONTROL = "public, max-age=300"


def root_url() -> str:
    """Where the URLs start: the configured public URL, a loopback host, or "" (relative)."""
    configured = current_state().settings.public_url
    if configured is not None:
        return configured
    if LOOPBACK_HOST.fullmatch(request.host):
        return f"{request.scheme}://{request.host}"
    return ""


def manifest_response(version: str) -> Response:
    """The manifest, with what a cache must know: how long to keep it and, when its URLs
    come from the request's host, that it varies on Host."""
    response = Response(json.dumps(MANIFESTS[version]()), mimetype="application/json")
    response.headers["Cache-Control"] = MANIFEST_CACHE_CONTROL
    if current_state().settings.public_url is None:
        response.vary.add("Host")
    return response


def common_fields() -> dict[str, Any]:
    """Fields of both versions; extra keys are allowed by both schemas."""
    root = root_url()
    fields: dict[str, Any] = {
        "name": SERVICE_NAME,
        "documentation": f"{root}/docs",
        "serviceVersion": str(current_app.config.get("API_VERSION", "")),
        "defaultTypes": [type_ref(t) for t in ENTITY_TYPES],
        "batchSize": BATCH_SIZE,
        "standardizedScore": True,  # scores are 0..100
        "x-score": "0..100; match is true only for /resolve's matched top candidate",
        "x-ignored-properties": dict(IGNORED_PROPERTIES),
        "x-query-properties": {COUNTRY: COUNTRY_PROPERTY[1]},
    }
    if current_state().settings.require_read_key:
        fields["authentication"] = dict(API_KEY_SCHEME)
    return fields


def manifest_02() -> dict[str, Any]:
    root = root_url()
    service = f"{root}/reconcile"

    def sub(path: str) -> dict[str, str]:
        return {"service_url": service, "service_path": path}

    return {
        "versions": ["0.2"],
        **common_fields(),
        "identifierSpace": f"{root}/entities/",
        "schemaSpace": f"{root}/reconcile/properties/",
        "view": {"url": f"{root}/entities/{{{{id}}}}"},
        "preview": {
            "url": f"{service}/preview?id={{{{id}}}}",
            "width": PREVIEW_WIDTH,
            "height": PREVIEW_HEIGHT,
        },
        "suggest": {
            "entity": sub("/suggest/entity"),
            "type": sub("/suggest/type"),
            "property": sub("/suggest/property"),
        },
        "extend": {
            "propose_properties": sub("/propose_properties"),
            "property_settings": [dict(COUNTRY_SETTING)],
        },
    }


def manifest_10() -> dict[str, Any]:
    root = root_url()
    return {
        "versions": ["1.0-draft"],
        **common_fields(),
        "view": {"url": f"{root}/entities/{{id}}"},
        "preview": {"width": PREVIEW_WIDTH, "height": PREVIEW_HEIGHT},
        "suggest": {"entity": True, "type": True, "property": True},
        "extend": {"proposeProperties": True, "propertySettings": [setting_10(COUNTRY_SETTING)]},
    }


def setting_10(setting: dict[str, Any]) -> dict[str, Any]:
    """A 0.2 property setting in 1.0-draft's words (id for name, helpText for help_text)."""
    renamed = {"name": "id", "label": "name", "help_text": "helpText"}
    return {renamed.get(key, key): value for key, value in setting.items()}


MANIFESTS = {"0.2": manifest_02, "1.0-draft": manifest_10}
