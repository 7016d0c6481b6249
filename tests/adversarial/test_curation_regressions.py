"""Issue #16, curation side: each hole found, replayed against the API.

Review flood, review listing without a key, search case and wildcards, key names that
could not be revoked or faked an actor, invisible and direction-changing characters in
stored names, a manifest that copied the Host header, a JSONP callback with a newline.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from service.cli import main
from service.config import Settings
from service.live.review_buffer import ReviewBuffer
from service.model import Unresolved
from service.store import Store
from tests.helpers import auth, head_seq, name_writes

MakeApp = Callable[..., Flask]


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


def test_a_doubled_slash_never_redirects_a_revocation_to_another_key(
    db_client: FlaskClient, admin_key: str, db_store: Store
) -> None:
    """Found by the key-name property test: /admin/keys//x was a 308 (text/html) to
    /admin/keys/x, which a client following it would have revoked."""
    db_store.create_key("x", "curator")
    response = db_client.delete("/admin/keys//x", headers=auth(admin_key))
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert [k.revoked_at for k in db_store.list_keys() if k.name == "x"] == [None]


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


# -- review queue -----------------------------------------------------------------------------
def asks(*names_and_counts: tuple[str, int]) -> list[Unresolved]:
    now = datetime.now(UTC)
    return [
        Unresolved(name, name, "no_match", None, None, now, count)
        for name, count in names_and_counts
    ]


def open_queue(store: Store) -> dict[str, int]:
    items, _ = store.list_review("open", "count", 1, 100)
    return {item.norm: item.count for item in items}


def test_review_is_curation_data_even_when_reads_are_open(
    db_client: FlaskClient, curator_key: str, admin_key: str
) -> None:
    db_client.post("/resolve", json={"name": "Zorglub Quixote"})
    anonymous = db_client.get("/review")
    assert anonymous.status_code == 401
    assert anonymous.mimetype == "application/problem+json"
    assert db_client.get("/resolve", query_string={"name": "Putin"}).status_code == 200
    for key in (curator_key, admin_key):
        listed = db_client.get("/review", headers=auth(key))
        assert listed.status_code == 200
        assert "Zorglub Quixote" in [item["name"] for item in listed.get_json()["items"]]


def test_a_flood_of_new_names_never_outgrows_the_queue(
    make_app: MakeApp, db_store: Store, curator_key: str
) -> None:
    client = make_app(db_store, review_max_open=5).test_client()
    for _ in range(3):
        client.post("/resolve", json={"name": "Zorglub Quixote"})
    client.get("/review", headers=auth(curator_key))  # flushes
    batch = {"queries": [{"name": f"Qwxz Flood{n:03d}"} for n in range(200)]}
    assert client.post("/resolve/batch", json=batch).status_code == 200
    for n in range(40):
        client.post("/resolve", json={"name": f"Zzyzx Single{n:02d}"})
    listed = client.get("/review", headers=auth(curator_key)).get_json()
    assert listed["total"] == db_store.review_open_count() == 5
    assert listed["items"][0]["name"] == "Zorglub Quixote"
    assert listed["items"][0]["count"] == 3


def test_a_new_name_displaces_only_a_less_asked_item(db_store: Store) -> None:
    db_store.review_max_open = 3
    db_store.record_unresolved(asks(("often", 3), ("twice", 2), ("once", 1)))
    db_store.record_unresolved(asks(("new-once", 1)))  # ties with "once": the older goes
    assert open_queue(db_store) == {"often": 3, "twice": 2, "new-once": 1}
    for n in range(10):  # one-off names churn among themselves
        db_store.record_unresolved(asks((f"flood{n}", 1)))
    assert open_queue(db_store) == {"often": 3, "twice": 2, "flood9": 1}
    db_store.record_unresolved(asks(("twice", 1), ("burst", 4), ("weak", 1)))
    assert open_queue(db_store) == {"often": 3, "twice": 3, "burst": 4}  # honest counts
    assert db_store.review_open_count() == 3


def test_decided_items_are_never_displaced(db_store: Store, curator_key: str) -> None:
    db_store.review_max_open = 1
    db_store.record_unresolved(asks(("kept", 1)))
    (item,), _ = db_store.list_review("open", "count", 1, 10)
    db_store.dismiss_review(item.item_id, "carol")
    db_store.record_unresolved(asks(("a", 1)))
    db_store.record_unresolved(asks(("b", 1), ("kept", 2)))
    assert open_queue(db_store) == {"b": 1}
    (dismissed,), _ = db_store.list_review("dismissed", "count", 1, 10)
    assert (dismissed.norm, dismissed.count) == ("kept", 3)


def test_the_buffer_holds_a_bounded_number_of_names() -> None:
    written: list[Unresolved] = []
    buffer = ReviewBuffer(written.extend, max_pending=2)
    for name in ("first", "second", "third", "fourth", "first"):
        buffer.record(name, name, "no_match", None, None)
    buffer.close()
    assert sorted((u.norm, u.count) for u in written) == [("first", 2), ("second", 1)]


# -- search ------------------------------------------------------------------------------------
def found(client: FlaskClient, q: str) -> list[str]:
    response = client.get("/entities", query_string={"q": q, "per_page": 100})
    assert response.status_code == 200
    return [item["name"] for item in response.get_json()["items"]]


@pytest.mark.parametrize("q", ["путин", "ПУТИН", "Путин", "pUTIN", "PUTIN"])
def test_search_ignores_case_in_every_script(db_client: FlaskClient, q: str) -> None:
    assert found(db_client, q) == ["Vladimir Putin"]


def test_search_folds_greek_and_german_as_unicode_does(
    db_client: FlaskClient, curator_key: str
) -> None:
    for name in ("ΣΩΚΡΆΤΗΣ Παπαδόπουλος", "Hans Straße"):
        body = {"name": name, "type": "person"}
        assert db_client.post("/entities", json=body, headers=auth(curator_key)).status_code == 201
    assert found(db_client, "σωκράτης") == ["ΣΩΚΡΆΤΗΣ Παπαδόπουλος"]
    assert found(db_client, "STRASSE") == ["Hans Straße"]


@pytest.mark.parametrize("q", ["_", "%", "\\", "%%", "_%_", "a_s", "\\%"])
def test_search_wildcards_are_plain_characters(db_client: FlaskClient, q: str) -> None:
    assert found(db_client, q) == []


def test_search_finds_wildcard_characters_themselves(
    db_client: FlaskClient, curator_key: str
) -> None:
    body = {"name": "Fund 100% Halal_Trade \\ Co", "type": "organization"}
    assert db_client.post("/entities", json=body, headers=auth(curator_key)).status_code == 201
    for q in ("100%", "l_t", "\\ co", "% h"):
        assert found(db_client, q) == ["Fund 100% Halal_Trade \\ Co"], q


def test_search_follows_renames_and_imports(
    db_client: FlaskClient, curator_key: str, admin_key: str
) -> None:
    patch = db_client.patch(
        "/entities/E000005",
        json={"name": "ВЛАДИМИР Путин"},
        headers={**auth(curator_key), "If-Match": '"1"'},
    )
    assert patch.status_code == 200
    assert found(db_client, "владимир путин") == ["ВЛАДИМИР Путин"]
    line = '{"id": "E000005", "type": "person", "name": "Ωmega Pútin", "aliases": ["ЯКОВ"]}\n'
    imported = db_client.post(
        "/import",
        data=line.encode(),
        headers={**auth(admin_key), "Content-Type": "application/x-ndjson"},
    )
    assert imported.status_code == 200, imported.get_data(as_text=True)
    assert found(db_client, "ωMEGA pú") == ["Ωmega Pútin"]
    assert found(db_client, "яков") == ["Ωmega Pútin"]


def test_migration_fills_the_search_forms_of_existing_rows(db_settings: Settings) -> None:
    """A store written before revision 0003 (names only) is searchable after it."""
    store = Store(db_settings.database_url)
    try:
        store.migrate("0002")
        with store.engine.begin() as conn:
            now = datetime.now(UTC)
            conn.execute(
                sa.text(
                    "INSERT INTO entities (id, type, name, external_ids, version, status, "
                    "created_at, updated_at, created_by, updated_by) VALUES ('E000001', "
                    "'person', 'Пётр ЧАЙКОВСКИЙ', '{}', 1, 'active', :t, :t, 'x', 'x')"
                ),
                {"t": now},
            )
            conn.execute(
                sa.text(
                    "INSERT INTO aliases (entity_id, name, created_at, created_by, shared) "
                    "VALUES ('E000001', 'ΤΣΑΪΚΌΦΣΚΙ', :t, 'x', false)"
                ),
                {"t": now},
            )
        store.migrate()
        for q in ("чайковский", "ПЁТР", "τσαϊκόφσκι"):
            entities, total = store.list_entities(query=q, entity_type=None, page=1, per_page=10)
            assert total == 1 and entities[0].entity_id == "E000001", q
    finally:
        store.dispose()


# -- stored names --------------------------------------------------------------------------
FAKING = {
    "rlo": "Vladimir \u202eniTuP",
    "lri": "\u2066Putin\u2069",
    "rlm": "Putin\u200f",
    "zwsp": "Vla\u200bdimir",
    "word-joiner": "Put\u2060in",
    "bom": "\ufeffPutin",
    "soft-hyphen": "Pu\u00adtin",
    "zwnj-latin": "Ivan\u200cov",
    "zwj-at-end": "محمد\u200d",
    "line-separator": "Put\u2028in",
    "tag": "Putin\U000e0041",
    "hangul-filler": "Putin\u3164",
    "cgj": "Pu\u034ftin",
}
LEGITIMATE = {
    "persian-zwnj": "می\u200cخواهم نامه\u200cها",
    "devanagari-zwj": "क्\u200dष",
    "ivs": "葛\U000e0100飾",
    "nbsp": "Jean\u00a0Dupont",
}


@pytest.mark.parametrize("name", FAKING.values(), ids=FAKING.keys())
def test_a_stored_name_cannot_hide_or_reorder_characters(
    db_client: FlaskClient, curator_key: str, name: str
) -> None:
    before = head_seq(db_client)
    headers = auth(curator_key, version=1)
    for method, path, body, field in name_writes(name, verdict="same"):
        response = getattr(db_client, method)(path, json=body, headers=headers)
        assert response.status_code == 422, (path, response.get_data(as_text=True)[:200])
        fields = problem_fields(response)
        assert any(f == field or f.startswith(f"{field}.") for f in fields), (path, fields)
    assert head_seq(db_client) == before
    assert db_client.post("/resolve", json={"name": name}).status_code == 200  # queries may


@pytest.mark.parametrize("name", LEGITIMATE.values(), ids=LEGITIMATE.keys())
def test_joiners_inside_words_of_scripts_that_use_them_are_kept(
    db_client: FlaskClient, curator_key: str, name: str
) -> None:
    created = db_client.post(
        "/entities", json={"name": name, "type": "person"}, headers=auth(curator_key)
    )
    assert created.status_code == 201, created.get_data(as_text=True)
    assert created.get_json()["name"] == name


@pytest.mark.parametrize("name", FAKING.values(), ids=FAKING.keys())
def test_import_refuses_what_the_api_refuses(
    db_client: FlaskClient, admin_key: str, name: str
) -> None:
    before = head_seq(db_client)
    body = "\n".join(
        json.dumps(record)
        for record in (
            {"name": name, "type": "person"},
            {"name": "Fine Name", "type": "person", "aliases": [name]},
        )
    )
    response = db_client.post(
        "/import", data=body.encode(), content_type="application/x-ndjson", headers=auth(admin_key)
    )
    assert response.status_code == 422
    errors = [(e["line"], e["field"]) for e in response.get_json()["line_errors"]]
    assert errors == [(1, "name"), (2, "aliases.0")]
    assert head_seq(db_client) == before


def test_accepting_a_review_item_cannot_store_a_hidden_character(
    db_client: FlaskClient, curator_key: str
) -> None:
    db_client.post("/resolve", json={"name": "Zorg\u200bQuixote Blimp"})
    listed = db_client.get("/review", headers=auth(curator_key)).get_json()["items"]
    (item,) = [i for i in listed if i["name"] == "Zorg\u200bQuixote Blimp"]
    before = head_seq(db_client)
    response = db_client.post(
        f"/review/{item['id']}/accept", json={"entity_id": "E000001"}, headers=auth(curator_key)
    )
    assert response.status_code == 422
    assert problem_fields(response) == ["name"]
    assert head_seq(db_client) == before
    again = db_client.get("/review", headers=auth(curator_key)).get_json()["items"]
    assert item["id"] in [i["id"] for i in again]  # still open: nothing half-written
