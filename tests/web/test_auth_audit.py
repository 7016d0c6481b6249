"""Every route's required role, against a table written out by hand.

A new route fails ``test_every_route_declares_the_expected_role`` until it is added here,
so a write endpoint cannot ship without ``@requires``; write methods need curator or admin
except the read-only POSTs (resolve, reconciliation), which only compute an answer.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.store import Store
from service.web.auth import ROLE_ATTRIBUTE
from service.web.contract import view_for
from tests.helpers import PROBLEM, head_seq

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# POSTs that read: they compute answers and never change the store.
READ_ONLY_POSTS = {
    "/resolve",
    "/resolve/batch",
    "/reconcile",
    "/reconcile/match",
    "/reconcile/extend",
}
# Flask's own static route serves files shipped in the package, nothing else.
UNDECORATED = {("/static/<path:filename>", "GET")}

EXPECTED: dict[tuple[str, str], str] = {
    ("/admin/keys", "GET"): "admin",
    ("/admin/keys", "POST"): "admin",
    ("/admin/keys/<path:name>", "DELETE"): "admin",
    ("/auth/me", "GET"): "key",  # any live key, even when reads are open
    ("/changes", "GET"): "read",
    ("/console", "GET"): "public",
    ("/console/assets/<path:filename>", "GET"): "public",
    ("/docs", "GET"): "public",
    ("/docs/assets/<path:filename>", "GET"): "public",
    ("/docs/init.js", "GET"): "public",
    ("/entities", "GET"): "read",
    ("/entities", "POST"): "curator",
    ("/entities/<string:entity_id>", "DELETE"): "curator",
    ("/entities/<string:entity_id>", "GET"): "read",
    ("/entities/<string:entity_id>", "PATCH"): "curator",
    ("/entities/<string:entity_id>/aliases", "POST"): "curator",
    ("/entities/<string:entity_id>/aliases/<int(max=2147483647):alias_id>", "DELETE"): "curator",
    ("/entities/<string:entity_id>/history", "GET"): "read",
    ("/entities/<string:entity_id>/merge", "POST"): "curator",
    ("/entities/<string:entity_id>/split", "POST"): "curator",
    ("/export", "GET"): "read",
    ("/healthz", "GET"): "public",
    ("/import", "POST"): "admin",
    ("/judgements", "GET"): "read",
    ("/judgements", "POST"): "curator",
    ("/judgements/<int(max=2147483647):judgement_id>", "DELETE"): "curator",
    ("/metrics", "GET"): "read",
    ("/openapi.yaml", "GET"): "public",
    ("/readyz", "GET"): "public",
    # The manifest is public; a request carrying queries checks "read" itself.
    ("/reconcile", "GET"): "public",
    ("/reconcile", "POST"): "public",
    ("/reconcile/extend", "GET"): "read",
    ("/reconcile/extend", "POST"): "read",
    ("/reconcile/extend/propose", "GET"): "read",
    ("/reconcile/match", "POST"): "read",
    ("/reconcile/preview", "GET"): "read",
    ("/reconcile/propose_properties", "GET"): "read",
    ("/reconcile/suggest/entity", "GET"): "read",
    ("/reconcile/suggest/property", "GET"): "read",
    ("/reconcile/suggest/type", "GET"): "read",
    ("/resolve", "GET"): "read",
    ("/resolve", "POST"): "read",
    ("/resolve/batch", "POST"): "read",
    ("/review", "GET"): "curator",  # what callers asked for is curation data
    ("/review/<int(max=2147483647):item_id>/accept", "POST"): "curator",
    ("/review/<int(max=2147483647):item_id>/dismiss", "POST"): "curator",
    ("/review/<int(max=2147483647):item_id>/reject", "POST"): "curator",
}


def declared_roles(app: Flask) -> Iterator[tuple[tuple[str, str], str | None]]:
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            view = view_for(app, rule.endpoint, method)
            yield (rule.rule, method), getattr(view, ROLE_ATTRIBUTE, None)


def test_every_route_declares_the_expected_role(app: Flask) -> None:
    found = dict(declared_roles(app))
    undecorated = {route for route, role in found.items() if role is None}
    assert undecorated == UNDECORATED, "routes without @requires"
    declared = {route: role for route, role in found.items() if role is not None}
    assert declared == EXPECTED


def test_write_methods_need_a_writer_role(app: Flask) -> None:
    for (rule, method), role in declared_roles(app):
        if method in WRITE_METHODS and rule not in READ_ONLY_POSTS:
            assert role in {"curator", "admin"}, f"{method} {rule} is writable with {role!r}"


WRITES = [
    ("post", "/entities", {"name": "Kaja Kallas", "type": "person"}),
    ("patch", "/entities/E000001", {"name": "Someone Else"}),
    ("delete", "/entities/E000001", None),
    ("post", "/entities/E000001/aliases", {"name": "Abu Mohammad al-Julani"}),
    ("post", "/entities/E000001/merge", {"from": ["E000002"]}),
    ("post", "/judgements", {"name": "Assad", "entity_id": "E000001", "verdict": "not_same"}),
    ("delete", "/judgements/1", None),
    ("post", "/review/1/dismiss", None),
    ("post", "/admin/keys", {"name": "mallory", "role": "admin"}),
    ("delete", "/admin/keys/ada", None),
]


@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=[f"{m} {p}" for m, p, _ in WRITES])
def test_writes_without_a_key_are_401(
    client: FlaskClient, store: Store, method: str, path: str, body: dict[str, Any] | None
) -> None:
    before = head_seq(client)
    response = getattr(client, method)(path, json=body, headers={"If-Match": '"1"'})
    assert response.status_code == 401
    assert response.mimetype == PROBLEM
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert head_seq(client) == before
    assert [k.name for k in store.list_keys()] == []


@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=[f"{m} {p}" for m, p, _ in WRITES])
def test_writes_with_a_revoked_key_are_401(
    db_client: FlaskClient,
    db_store: Store,
    admin_key: str,
    method: str,
    path: str,
    body: dict[str, Any] | None,
) -> None:
    assert db_store.revoke_key("ada")
    before = head_seq(db_client)
    headers = {"Authorization": f"Bearer {admin_key}", "If-Match": '"1"'}
    response = getattr(db_client, method)(path, json=body, headers=headers)
    assert response.status_code == 401
    assert response.mimetype == PROBLEM
    assert head_seq(db_client) == before


def test_curator_cannot_manage_keys(client: FlaskClient, curator_key: str) -> None:
    headers = {"Authorization": f"Bearer {curator_key}"}
    response = client.post("/admin/keys", json={"name": "x", "role": "admin"}, headers=headers)
    assert response.status_code == 403
    assert response.mimetype == PROBLEM


def test_keys_never_reach_the_logs(
    client: FlaskClient, admin_key: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    bearer = {"Authorization": f"Bearer {admin_key}"}
    client.post("/entities", json={"name": "Kaja Kallas", "type": "person"}, headers=bearer)
    client.post("/entities", json={"name": ""}, headers=bearer)
    client.get("/admin/keys", headers=bearer)
    created = client.post("/admin/keys", json={"name": "eve", "role": "curator"}, headers=bearer)
    new_key = created.json["key"]
    client.get("/nowhere", headers={"Authorization": f"Bearer {new_key}"})
    client.post("/entities", json={}, headers={"Authorization": "Bearer pk_not-a-key"})
    assert caplog.records, "requests should have been logged"
    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    for secret in (admin_key, new_key, "pk_not-a-key"):
        assert secret not in logged
