"""Inputs the API fuzzer (tests/test_fuzz_api.py) found answering 5xx or off the spec."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from flask.testing import FlaskClient

from tests.helpers import PROBLEM

ROOT = Path(__file__).resolve().parents[2]
HUGE_ID = "25520532057308725772288"  # past SQLite's 64-bit and PostgreSQL's 32-bit INTEGER


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", f"/review/{HUGE_ID}/accept"),
        ("post", f"/review/{HUGE_ID}/reject"),
        ("post", f"/review/{HUGE_ID}/dismiss"),
        ("delete", f"/judgements/{HUGE_ID}"),
        ("delete", f"/entities/E000001/aliases/{HUGE_ID}"),
        ("delete", "/judgements/2147483648"),
    ],
)
def test_row_ids_past_the_column_are_404(
    db_client: FlaskClient, curator_key: str, method: str, path: str
) -> None:
    """Was a 500: OverflowError: Python int too large to convert to SQLite INTEGER."""
    response = getattr(db_client, method)(
        path, json={"entity_id": "E000001"}, headers={"Authorization": f"Bearer {curator_key}"}
    )
    assert response.status_code == 404
    assert response.mimetype == PROBLEM


def test_split_with_a_huge_alias_id_is_422(db_client: FlaskClient, curator_key: str) -> None:
    body = {"name": "Somebody Else", "type": "person", "aliases": [int(HUGE_ID)]}
    headers = {"Authorization": f"Bearer {curator_key}", "If-Match": '"1"'}
    response = db_client.post("/entities/E000001/split", json=body, headers=headers)
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"].startswith("aliases")


@pytest.mark.parametrize(
    "path",
    [
        "/reconcile?callback=G4&extend=&version=&queries=.%F1%A5%B2%B98%C3%8D%05%C2%80",
        "/reconcile/extend?callback=G4&extend=&version=&queries=.%F1%A5%B2%B98",
        "/reconcile/suggest/entity?prefix=palm&callback=kh&limit=0",
        "/reconcile/extend/propose?type=Vk&limit=0&callback=Vk",
    ],
)
def test_jsonp_errors_stay_problem_json(client: FlaskClient, path: str) -> None:
    """Was application/javascript: the error document wrapped in the callback."""
    response = client.get(path)
    assert 400 <= response.status_code < 500
    assert response.mimetype == PROBLEM
    assert not response.get_data(as_text=True).startswith("/**/")


JSONP_ROUTES = [
    "/reconcile",
    "/reconcile/suggest/entity",
    "/reconcile/suggest/type",
    "/reconcile/suggest/property",
    "/reconcile/extend",
    "/reconcile/extend/propose",
    "/reconcile/propose_properties",
]


@pytest.mark.parametrize("path", JSONP_ROUTES)
def test_jsonp_answers_are_documented(path: str) -> None:
    """Was undocumented: a callback= answer is application/javascript."""
    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    content = spec["paths"][path]["get"]["responses"]["200"]["content"]
    assert {"application/json", "application/javascript"} <= set(content)


def test_jsonp_success_is_wrapped(client: FlaskClient) -> None:
    response = client.get("/reconcile/extend/propose?type=person&callback=Vk")
    assert response.status_code == 200
    assert response.mimetype == "application/javascript"
    assert response.get_data(as_text=True).startswith("/**/Vk(")
