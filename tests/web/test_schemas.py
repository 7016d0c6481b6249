"""The schemas' own behaviour where it is more than marshmallow's (no app needed)."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
import pytest
from marshmallow import validate

from service.web.schemas import MAX_BATCH, ResolveBatch, ResolveQuery


class PlainBatch(ma.Schema):
    """ResolveBatch as a plain List of Nested: what NestedList must answer exactly like."""

    queries = ma.fields.List(
        ma.fields.Nested(ResolveQuery), required=True, validate=validate.Length(1, MAX_BATCH)
    )


def outcome(schema: ma.Schema, payload: Any) -> tuple[str, Any]:
    try:
        return "loaded", schema.load(payload)
    except ma.ValidationError as error:
        return "refused", error.messages


@pytest.mark.parametrize(
    "queries",
    [
        pytest.param([{"name": "Vladimir Putin"}], id="one"),
        pytest.param([{"name": "Putin", "type": "person", "limit": 3, "explain": True}], id="full"),
        pytest.param([{"name": f"Name {i}"} for i in range(50)], id="fifty"),
        pytest.param([], id="empty"),
        pytest.param([{"name": "ok"}] * (MAX_BATCH + 1), id="too-many"),
        pytest.param(None, id="null"),
        pytest.param("Putin", id="string"),
        pytest.param({"name": "Putin"}, id="object"),
        pytest.param([None], id="null-item"),
        pytest.param(["Putin"], id="string-item"),
        pytest.param([[{"name": "Putin"}]], id="list-item"),
        pytest.param([{}], id="no-name"),
        pytest.param([{"name": "ok"}, {"name": "..."}], id="second-has-no-letters"),
        pytest.param([{"name": "ok"}, None, {"limit": 99}], id="mixed-bad"),
        pytest.param([{"name": "a", "limit": "x", "type": "bogus"}], id="several-bad-fields"),
        pytest.param([{"name": "ok", "colour": "red"}], id="unknown-field"),
        pytest.param([{"name": 5}, {"name": "\x00"}], id="wrong-type-and-control"),
    ],
)
def test_batch_loads_and_refuses_like_a_plain_list(queries: Any) -> None:
    payload = {"queries": queries}
    assert outcome(ResolveBatch(), payload) == outcome(PlainBatch(), payload)
