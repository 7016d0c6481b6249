"""/console: the shell page and its assets, served from the package with a strict CSP."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from flask.testing import FlaskClient

from service.config import Settings
from service.store import Store
from service.web import create_app
from service.web.console import ASSETS


def test_console_page_is_the_html_shell(client: FlaskClient) -> None:
    with client.get("/console") as response:
        assert response.status_code == 200
        assert response.mimetype == "text/html"
        assert b'<main id="main"' in response.data
        assert b'role="status"' in response.data
        policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy


def test_every_asset_the_shell_names_is_served(client: FlaskClient) -> None:
    with client.get("/console") as response:
        shell = response.get_data(as_text=True)
    named = re.findall(r'(?:src|href)="(/console/assets/[^"]+)"', shell)
    assert "/console/assets/app.js" in named
    for path in named:
        with client.get(path) as response:
            assert response.status_code == 200, path
            expected = "text/javascript" if path.endswith(".js") else "text/css"
            assert response.mimetype == expected


def test_every_module_import_resolves_to_a_shipped_file() -> None:
    for module in ASSETS.glob("*.js"):
        for target in re.findall(r'from "\./([^"]+)"', module.read_text(encoding="utf-8")):
            assert (ASSETS / target).is_file(), f"{module.name} imports missing {target}"


def test_no_api_data_goes_through_inner_html() -> None:
    for module in ASSETS.glob("*.js"):
        assert "innerHTML" not in module.read_text(encoding="utf-8"), module.name


@pytest.mark.parametrize("path", ["/console/assets/missing.js", "/console/assets/../console.py"])
def test_unknown_assets_are_404(client: FlaskClient, path: str) -> None:
    with client.get(path) as response:
        assert response.status_code == 404


def test_console_needs_no_key_even_when_reads_do(settings: Settings, store: Store) -> None:
    client = create_app(replace(settings, require_read_key=True), store=store).test_client()
    for path in ("/console", "/console/assets/app.js"):
        with client.get(path) as response:
            assert response.status_code == 200
    assert client.get("/review").status_code == 401
