"""The OpenAPI document is complete (#20): it validates, names every route the app serves
with its security, conditional headers and error answers, and a client generated from it
can make a conditional write and get the 412 of a stale one."""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from flask import Flask
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

from service.store import Store
from service.web import docs, examples
from service.web.auth import ROLE_ATTRIBUTE
from service.web.contract import operations
from service.web.etags import IF_MATCH_ATTRIBUTE

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = Path(sys.executable).parent / "openapi-python-client"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    return document


def test_the_document_validates(spec: dict[str, Any]) -> None:
    validate(spec)  # raises with the offending path
    assert spec["info"]["version"] == version("polyonym")


def responses_of(operation: dict[str, Any]) -> set[str]:
    return set(operation["responses"])


def test_every_route_is_documented_with_its_contract(app: Flask, spec: dict[str, Any]) -> None:
    """Walks app.url_map (browser pages and files excepted), not the document, so a new
    route without a documented operation, security, If-Match or errors fails here."""
    walked = operations(app)
    assert len(walked) >= 40 and any(path == "/metrics" for path, _, _ in walked)
    for path, method, view in walked:
        where = f"{method.upper()} {path}"
        operation = spec["paths"].get(path, {}).get(method)
        assert operation is not None, f"{where} is not in openapi.yaml"
        role = getattr(view, ROLE_ATTRIBUTE)
        assert operation["x-polyonym-role"] == role, where
        if role == "public":
            assert operation["security"] == [], where
        else:
            assert {"bearer": []} in operation["security"], where
            assert "401" in responses_of(operation), where
            assert (role == "read") == ({} in operation["security"]), where
        if role in {"curator", "admin"}:
            assert "403" in responses_of(operation), where
        if "{" in path:
            assert "404" in responses_of(operation), where
        if "{entity_id}" in path:
            assert "410" in responses_of(operation), where
        if "requestBody" in operation:
            assert {"400", "413", "415"} <= responses_of(operation), where
        headers = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "header"}
        needs = getattr(view, IF_MATCH_ATTRIBUTE, None)
        if needs is None:
            assert "If-Match" not in headers, where
            continue
        assert headers["If-Match"]["required"] is needs, where
        assert "412" in responses_of(operation), where
        assert ("428" in responses_of(operation)) is needs, where


def test_conditional_writes_declare_if_match_as_they_behave(
    app: Flask, store: Store, spec: dict[str, Any]
) -> None:
    """Behaviour, not declarations: each entity write without If-Match is 428 exactly when
    the document says If-Match is required."""
    client = app.test_client()
    key = store.create_key("carol", "curator")
    headers = {"Authorization": f"Bearer {key}"}
    sends = {
        ("/entities/{entity_id}", "patch"): ("/entities/E000001", {"name": "A. al-Sharaa"}),
        ("/entities/{entity_id}", "delete"): ("/entities/E000002", None),
        ("/entities/{entity_id}/merge", "post"): ("/entities/E000003/merge", {"from": ["E000004"]}),
        ("/entities/{entity_id}/split", "post"): (
            "/entities/E000005/split",
            {"aliases": [1], "name": "Somebody Else", "type": "person"},
        ),
        ("/entities/{entity_id}/aliases", "post"): ("/entities/E000006/aliases", {"name": "Zed"}),
    }
    for (path, method), (url, body) in sends.items():
        status = client.open(url, method=method.upper(), json=body, headers=headers).status_code
        declared = {p["name"]: p for p in spec["paths"][path][method].get("parameters", [])}
        assert (status == 428) == declared["If-Match"]["required"], (path, method, status)


@pytest.fixture
def generated_client(tmp_path: Path) -> Iterator[Any]:
    """The client openapi-python-client generates from the committed document, imported."""
    target = tmp_path / "polyonym_client"
    document = str(ROOT / "openapi.yaml")
    subprocess.run(
        [GENERATOR, "generate", "--meta", "none", "--output-path", target, "--path", document],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module("polyonym_client")
    finally:
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n.split(".")[0] == "polyonym_client"]:
            del sys.modules[name]


def test_a_generated_client_makes_a_conditional_write(
    generated_client: Any, app: Flask, store: Store
) -> None:
    key = store.create_key("carol", "curator")
    client = generated_client.AuthenticatedClient(
        base_url="http://polyonym.test",
        token=key,
        httpx_args={"transport": httpx.WSGITransport(app=app)},
    )
    entities = importlib.import_module("polyonym_client.api.entities")
    models = importlib.import_module("polyonym_client.models")
    create = importlib.import_module(f"{entities.__name__}.post_entities")
    patch = importlib.import_module(f"{entities.__name__}.patch_entities_entity_id")

    body = models.EntityCreate.from_dict({"name": "Kaja Kallas", "type": "person"})
    created = create.sync_detailed(client=client, body=body)
    assert created.status_code == 201
    assert created.headers["Location"].endswith(f"/entities/{created.parsed.id}")
    etag = created.headers["ETag"]
    assert etag == f'"{created.parsed.version}"'

    change = models.EntityPatch.from_dict({"name": "Kaja Kallas-Tammik"})
    patched = patch.sync_detailed(created.parsed.id, client=client, body=change, if_match=etag)
    assert patched.status_code == 200
    assert patched.parsed.name == "Kaja Kallas-Tammik"
    assert patched.headers["ETag"] != etag

    stale = patch.sync_detailed(created.parsed.id, client=client, body=change, if_match=etag)
    assert stale.status_code == 412
    assert isinstance(stale.parsed, models.Problem)
    assert stale.parsed.status == 412


def inline(schema: Any, spec: dict[str, Any]) -> Any:
    """A schema with its #/components/schemas references replaced by what they name."""
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            return inline(spec["components"]["schemas"][ref.rsplit("/", 1)[1]], spec)
        return {key: inline(value, spec) for key, value in schema.items()}
    if isinstance(schema, list):
        return [inline(item, spec) for item in schema]
    return schema


def test_every_operation_has_valid_examples(spec: dict[str, Any]) -> None:
    """A request example (its parameters or body) and an answer example for every
    operation that takes or answers anything, each valid against its own schema."""
    checked = 0
    for path, item in spec["paths"].items():
        shared = item.get("parameters", [])
        for method, operation in item.items():
            if method == "parameters":
                continue
            where = f"{method.upper()} {path}"
            parameters = shared + operation.get("parameters", [])
            inputs = [p for p in parameters if p["in"] in {"path", "query"}]
            body = operation.get("requestBody", {}).get("content", {})
            if inputs or body:
                examples = [p for p in inputs if "example" in p] + [
                    c for c in body.values() if "example" in c
                ]
                assert examples, f"{where} has no request example"
            for parameter in inputs:
                if "example" in parameter:
                    value = parameter["example"]
                    if not isinstance(value, str) or parameter["schema"].get("type") == "string":
                        OAS30Validator(inline(parameter["schema"], spec)).validate(value)
            for content in body.values():
                OAS30Validator(inline(content["schema"], spec)).validate(content["example"])
                checked += 1
            for status, response in operation["responses"].items():
                if not status.startswith("2") or "content" not in response:
                    continue
                for media_type, content in response["content"].items():
                    assert "example" in content, f"{where} {status} {media_type}: no example"
                    if media_type == "application/json":
                        schema = inline(content["schema"], spec)
                        OAS30Validator(schema).validate(content["example"])
                        checked += 1
    assert checked >= 45


def test_the_examples_are_the_answers_the_service_gives() -> None:
    """Recorded again now, every example request still gets the same status and an answer
    of the same shape (timestamps, keys and process IDs aside)."""
    fresh, committed = examples.record(), examples.load()
    assert fresh.keys() == committed.keys()
    for operation, example in committed.items():
        again = fresh[operation]
        assert again["status"] == example["status"], operation
        assert again.get("request") == example.get("request"), operation
        response = example.get("response")
        if isinstance(response, dict):
            assert set(again["response"]) == set(response), operation


def test_rendering_twice_gives_the_same_document(app: Flask) -> None:
    """The served /openapi.yaml and `polyonym openapi` render in one process: the second
    rendering must not add the contract's descriptions again."""
    client = app.test_client()
    first = client.get("/openapi.yaml").get_data(as_text=True)
    app.extensions.pop(docs.RENDERED_KEY)  # rendered once per app: render it again
    assert client.get("/openapi.yaml").get_data(as_text=True) == first
    assert first.count("operationId: metrics") == 1
    assert yaml.safe_load(first)["paths"]["/metrics"]["get"]["description"].count("Key:") == 1
