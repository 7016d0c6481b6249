"""Issue #16, curation side: each hole found, replayed against the API.

Review flood, review listing without a key, search case and wildcards, key names that
could not be revoked or faked an actor, invisible and direction-changing characters in
stored names, a manifest that copied the Host header, a JSONP callback with a newline.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from service.cli import main
from service.config import Settings
from service.store import Store

MakeApp = Callable[..., Flask]


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def problem_fields(response: object) -> list[str]:
    """The fields a problem+json answer names (asserting it is one)."""
    assert response.mimetype == "application/problem+json"  # type: ignore[attr-defined]
    return [e["field"] for e in response.get_json().get("errors", [])]  # type: ignore[attr-defined]


# -- key names ------------------------------------------------------------------------------
BAD_KEY_NAMES = ["team/bob", "bob\x00", "bob\n", "\u202eboba", "-bob", "", "a" * 65, "böb", " bob"]


@pytest.mark.parametrize("name", BAD_KEY_NAMES)
def test_a_key_name_outside_the_pattern_is_refused(
    db_client: FlaskClient, admin_key: str, name: str
) -> None:
    before = db_client.get("/admin/keys", headers=auth(admin_key)).get_json()
    response = db_client.post(
        "/admin/keys", json={"name": name, "role": "curator"}, headers=auth(admin_key)
    )
    assert response.status_code == 422
    assert problem_fields(response) == ["name"]
    assert db_client.get("/admin/keys", headers=auth(admin_key)).get_json() == before


@pytest.mark.parametrize("name", ["bob", "team.bob", "bob@example.org", "b_o-b", "x" * 64])
def test_every_creatable_key_name_is_revocable(
    db_client: FlaskClient, admin_key: str, name: str
) -> None:
    created = db_client.post(
        "/admin/keys", json={"name": name, "role": "curator"}, headers=auth(admin_key)
    )
    assert created.status_code == 201
    token = created.get_json()["key"]
    assert db_client.delete(f"/admin/keys/{name}", headers=auth(admin_key)).status_code == 204
    dismissed = db_client.post("/review/1/dismiss", headers=auth(token))
    assert dismissed.status_code == 401


def test_a_key_named_before_the_rule_is_still_revocable(
    db_client: FlaskClient, admin_key: str, db_store: Store
) -> None:
    from service.store import apikeys

    with db_store.engine.begin() as conn:  # as an older version let it in
        conn.execute(
            apikeys.api_keys.insert().values(
                name="team/bob", role="curator", key_hash="0" * 64, created_at=apikeys.utcnow()
            )
        )
    assert db_client.delete("/admin/keys/team/bob", headers=auth(admin_key)).status_code == 204


def test_the_cli_refuses_a_bad_key_name(runner: CliRunner, store: Store) -> None:
    result = runner.invoke(main, ["keys", "create", "--role", "curator", "--name", "team/bob"])
    assert result.exit_code != 0 and "name must be" in result.output
    result = runner.invoke(main, ["keys", "create", "--role", "curator", "--name", "bob\u202e"])
    assert result.exit_code != 0
    assert [k.name for k in store.list_keys()] == []


# -- reconciliation manifest ----------------------------------------------------------------
def manifest_urls(manifest: dict) -> list[str]:
    return [
        manifest["documentation"],
        manifest["identifierSpace"],
        manifest["schemaSpace"],
        manifest["view"]["url"],
        manifest["preview"]["url"],
        manifest["suggest"]["entity"]["service_url"],
    ]


def test_the_manifest_never_copies_a_foreign_host(client: FlaskClient) -> None:
    for host in ("evil.example", "localhost:80@evil.example", "127.0.0.1.evil.example"):
        response = client.get("/reconcile", headers={"Host": host})
        assert response.status_code == 200
        urls = manifest_urls(response.get_json())
        assert all(url.startswith("/") for url in urls), urls
        assert "Host" in response.headers["Vary"]
        assert response.headers["Cache-Control"] == "public, max-age=300"


def test_the_manifest_uses_the_public_url(make_app: MakeApp, store: Store) -> None:
    client = make_app(store, public_url="https://polyonym.example/api").test_client()
    for host in ("evil.example", "127.0.0.1:8000"):
        response = client.get("/reconcile", headers={"Host": host})
        urls = manifest_urls(response.get_json())
        assert all(url.startswith("https://polyonym.example/api/") for url in urls), urls
        assert "Host" not in response.headers.get("Vary", "")
        assert "max-age" in response.headers["Cache-Control"]


def test_a_bad_public_url_fails_at_start_up() -> None:
    for url in ("http://evil@x", "https://x/", "javascript:alert(1)", "https://x/a?b", "x\n"):
        with pytest.raises(ValueError, match="POLYONYM_PUBLIC_URL"):
            Settings(public_url=url)


@pytest.mark.parametrize("callback", ["cb\n", "cb\r\n", "cb\n;alert(1)"])
def test_a_jsonp_callback_with_a_newline_is_refused(client: FlaskClient, callback: str) -> None:
    response = client.get("/reconcile", query_string={"callback": callback})
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert "callback" in response.get_json()["detail"]
