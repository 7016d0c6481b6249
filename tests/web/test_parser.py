"""OrjsonParser must hand every body's views exactly what webargs' own parser would."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import HTTPException

from service.web.parser import OrjsonParser
from service.web.schemas import ResolveBatch, ResolveQuery

BODIES = [
    b'{"name": "Vladimir Putin"}',
    '{"name": "Владимир Путин", "limit": 3}'.encode(),
    b'{"name": "\\u0412\\u043b\\u0430\\u0434\\u0438\\u043c\\u0438\\u0440"}',
    b'{"name": "a", "name": "Putin"}',  # duplicate key: the last wins in both
    b'{"name": "Putin", "limit": 1e400}',  # json: inf; orjson refuses
    b'{"name": "Putin", "limit": NaN}',
    b'{"name": "Putin", "limit": 123456789012345678901234567890}',
    b'{"name": "Putin", "limit": -0}',
    b'{"name": "Putin", "limit": 2.0}',
    b'{"name": "\\ud800"}',  # lone surrogate: json keeps it, the schema refuses it
    b'{"name": "Putin\x01"}',
    b"\xef\xbb\xbf{}",
    b'{"name": "\xff"}',
    b"",
    b"   ",
    b"null",
    b"[]",
    b'"Putin"',
    b'{"name": "Putin"} x',
    b'{"name": "Putin",}',
    b"{'name': 'Putin'}",
    b'{"queries": [{"name": "Putin"}, {"name": "Assad", "type": "person"}]}',
    b'{"queries": [{"name": "Putin"}, null, {"limit": 99}]}',
]


def parse(app: Flask, parser: FlaskParser, schema: Any, body: bytes) -> tuple[str, Any]:
    headers = {"Content-Type": "application/json"}
    with app.test_request_context("/resolve", method="POST", data=body, headers=headers):
        try:
            return "parsed", parser.parse(schema, location="json")
        except HTTPException as error:
            return f"{error.code}", getattr(error, "data", None)


@pytest.mark.parametrize("body", BODIES, ids=[repr(b[:40]) for b in BODIES])
@pytest.mark.parametrize("schema", [ResolveQuery(), ResolveBatch()], ids=["query", "batch"])
def test_bodies_parse_as_with_webargs_json(body: bytes, schema: Any) -> None:
    app = Flask("parser-test")
    expected = parse(app, FlaskParser(), schema, body)
    assert parse(app, OrjsonParser(), schema, body) == expected
