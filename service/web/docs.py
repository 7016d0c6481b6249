"""/openapi.yaml and /docs: the spec generated from the schemas, and Swagger UI served
from the pip-installed ``swagger-ui-bundle`` so the page works with no network access."""

from __future__ import annotations

from importlib.metadata import version

from apispec.yaml_utils import dict_to_yaml
from flask import Blueprint, Response, current_app, send_from_directory
from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]

from service.web import contract
from service.web.auth import requires

blp = Blueprint("docs", __name__)

DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>polyonym API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body></html>
"""
DOCS_INIT = 'window.ui = SwaggerUIBundle({url: "/openapi.yaml", dom_id: "#swagger-ui"});\n'


RENDERED_KEY = "polyonym_openapi_yaml"


def spec_yaml() -> str:
    """The OpenAPI document as YAML, exactly what ``polyonym openapi`` writes to openapi.yaml:
    the schemas' document completed with what the views declare (service.web.contract).

    Rendered once per app: it cannot change while the app lives, and rendering costs about
    200 ms of CPU, which an anonymous client could otherwise spend again on every request."""
    rendered: str | None = current_app.extensions.get(RENDERED_KEY)
    if rendered is None:
        api = current_app.extensions["polyonym_api"]
        spec = contract.complete(api.spec.to_dict(), current_app, package_version())
        rendered = str(dict_to_yaml(spec, {"sort_keys": False, "allow_unicode": True}))
        current_app.extensions[RENDERED_KEY] = rendered
    return rendered


def package_version() -> str:
    return version("polyonym")


@blp.get("/openapi.yaml")
@requires("public")
def openapi_yaml() -> Response:
    return Response(spec_yaml(), mimetype="application/yaml")


@blp.get("/docs")
@requires("public")
def docs_page() -> Response:
    return Response(DOCS_PAGE, mimetype="text/html")


@blp.get("/docs/init.js")
@requires("public")
def docs_init() -> Response:
    return Response(DOCS_INIT, mimetype="text/javascript")


@blp.get("/docs/assets/<path:filename>")
@requires("public")
def docs_assets(filename: str) -> Response:
    return send_from_directory(swagger_ui_path, filename, max_age=3600)
