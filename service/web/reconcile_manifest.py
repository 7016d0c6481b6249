"""The service manifests: 0.2 for OpenRefine, 1.0-draft on request.

The two versions disagree on ``suggest`` (0.2: service URLs, 1.0: booleans), so one
document cannot satisfy both schemas: ``GET /reconcile`` is the 0.2 manifest and
``GET /reconcile?version=1.0-draft`` the 1.0 one. URLs are built from the request's
host, so the manifest is right behind any proxy that sets Host.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request

from service.model import ENTITY_TYPES
from service.web.reconcile_card import PREVIEW_HEIGHT, PREVIEW_WIDTH, type_ref
from service.web.reconcile_match import IGNORED_PROPERTIES
from service.web.reconcile_schemas import BATCH_SIZE
from service.web.state import current_state

SERVICE_NAME = "polyonym"
# Swagger 2.0 security scheme, the form both manifest schemas accept.
API_KEY_SCHEME = {
    "type": "apiKey",
    "name": "Authorization",
    "in": "header",
    "description": "Bearer <key>: a polyonym API key of any role",
}


def root_url() -> str:
    return request.url_root.rstrip("/")


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
        "extend": {"propose_properties": sub("/propose_properties"), "property_settings": []},
    }


def manifest_10() -> dict[str, Any]:
    root = root_url()
    return {
        "versions": ["1.0-draft"],
        **common_fields(),
        "view": {"url": f"{root}/entities/{{id}}"},
        "preview": {"width": PREVIEW_WIDTH, "height": PREVIEW_HEIGHT},
        "suggest": {"entity": True, "type": True, "property": True},
        "extend": {"proposeProperties": True, "propertySettings": []},
    }


MANIFESTS = {"0.2": manifest_02, "1.0-draft": manifest_10}
