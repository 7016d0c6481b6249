"""/console: the shell page and its assets, served from the package with a strict CSP."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.store import Store
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


def modules() -> list[Path]:
    found = sorted(ASSETS.glob("*.js"))
    assert len(found) > 1 and ASSETS / "app.js" in found, f"no console modules in {ASSETS}"
    return found


def test_every_module_import_resolves_to_a_shipped_file() -> None:
    imported = 0
    for module in modules():
        for target in re.findall(r'from "\./([^"]+)"', module.read_text(encoding="utf-8")):
            assert (ASSETS / target).is_file(), f"{module.name} imports missing {target}"
            imported += 1
    assert imported, "no module imports another: the import pattern no longer matches"


def test_no_api_data_goes_through_inner_html() -> None:
    for module in modules():
        assert "innerHTML" not in module.read_text(encoding="utf-8"), module.name


@pytest.mark.parametrize("path", ["/console/assets/missing.js", "/console/assets/../console.py"])
def test_unknown_assets_are_404(client: FlaskClient, path: str) -> None:
    with client.get(path) as response:
        assert response.status_code == 404


def test_console_needs_no_key_even_when_reads_do(
    store: Store, make_app: Callable[..., Flask]
) -> None:
    client = make_app(store, require_read_key=True).test_client()
    for path in ("/console", "/console/assets/app.js"):
        with client.get(path) as response:
            assert response.status_code == 200
    assert client.get("/review").status_code == 401
