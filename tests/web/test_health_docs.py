"""Health, readiness, the generated OpenAPI document and the offline docs page."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient

from service.cli import render_openapi

ROOT = Path(__file__).resolve().parents[2]


def test_healthz(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_reports_index_and_lag(db_client: FlaskClient) -> None:
    body = db_client.get("/readyz").get_json()
    assert body["status"] == "ready"
    assert body["index_loaded"] is True
    assert body["aliases_indexed"] > 100
    assert body["lag"] == 0 and body["applied_seq"] == body["store_seq"] > 0


def test_committed_openapi_matches_the_code() -> None:
    committed = (ROOT / "openapi.yaml").read_text(encoding="utf-8")
    assert committed == render_openapi(), "openapi.yaml is stale: run `make openapi`"


def test_openapi_served_and_complete(client: FlaskClient) -> None:
    response = client.get("/openapi.yaml")
    assert response.status_code == 200
    spec = yaml.safe_load(response.data)
    for path in (
        "/resolve",
        "/resolve/batch",
        "/entities",
        "/entities/{entity_id}",
        "/healthz",
        "/readyz",
    ):
        assert path in spec["paths"], path
    errors = spec["components"]["responses"]["DEFAULT_ERROR"]["content"]
    assert "application/problem+json" in errors


def test_docs_page_needs_no_network(client: FlaskClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "http://" not in html and "https://" not in html
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        with client.get(f"/docs/assets/{asset}") as response:
            assert response.status_code == 200


def test_the_openapi_document_is_rendered_once_per_app(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rendering costs about 200 ms of CPU: an anonymous client must not buy it per request."""
    from service.web import contract

    calls: list[int] = []
    real = contract.complete
    monkeypatch.setattr(contract, "complete", lambda *a: calls.append(1) or real(*a))
    client = app.test_client()
    bodies = {client.get("/openapi.yaml").get_data(as_text=True) for _ in range(3)}
    assert len(bodies) == 1 and len(calls) == 1
