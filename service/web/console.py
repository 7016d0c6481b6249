"""/console: the curators' browser console, plain HTML, CSS and JS modules shipped in the
package, calling the same JSON API as everyone else (the page itself holds no data)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, send_from_directory

from service.web.auth import requires

blp = Blueprint("console", __name__)

ASSETS = Path(__file__).parent / "static" / "console"
# Scripts and styles only from polyonym itself: an injected name can never run as code,
# and the key in sessionStorage never leaves for another origin.
CONSOLE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def with_policy(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CONSOLE_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@blp.get("/console")
@requires("public")
def console_page() -> Response:
    response = send_from_directory(ASSETS, "index.html", max_age=0)
    return with_policy(response)


@blp.get("/console/assets/<path:filename>")
@requires("public")
def console_assets(filename: str) -> Response:
    response = send_from_directory(ASSETS, filename, max_age=300)
    if filename.endswith(".js"):
        response.mimetype = "text/javascript"
    return with_policy(response)
