"""PlainSchema's shortcut must load exactly what marshmallow's own Schema.load loads."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.web.plain_load import PlainSchema, plan_for
from service.web.schemas import ResolveQuery

# The same declared fields in a plain marshmallow Schema: the reference answer.
Reference = ma.Schema.from_dict(dict(ResolveQuery._declared_fields), name="Reference")

VALUES = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["Vladimir Putin", "person", "place", "...", "\x00", "", " ", "5", "true"]),
    st.integers(min_value=-3, max_value=30),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False, max_value=30, min_value=-3),
    st.lists(st.integers(), max_size=2),
)
KEYS = st.sampled_from(["name", "type", "limit", "explain", "record", "colour"])
QUERIES = st.dictionaries(KEYS, VALUES, max_size=6)


def outcome(schema: ma.Schema, data: Any, **kwargs: Any) -> tuple[str, Any]:
    try:
        return "loaded", schema.load(data, **kwargs)
    except ma.ValidationError as error:
        return "refused", error.messages


@settings(max_examples=400, deadline=None)
@given(QUERIES)
def test_one_query_loads_as_marshmallow_does(query: dict[str, Any]) -> None:
    expected = outcome(Reference(), query, unknown=ma.RAISE)
    assert outcome(ResolveQuery(), query, unknown=ma.RAISE) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(QUERIES, VALUES), max_size=4))
def test_many_queries_load_as_marshmallow_does(queries: list[Any]) -> None:
    assert outcome(ResolveQuery(many=True), queries) == outcome(Reference(many=True), queries)


@pytest.mark.parametrize(
    "query",
    [{"name": "Putin"}, {"name": "Putin", "type": "person", "limit": 25, "record": False}],
    ids=["defaults", "every-field"],
)
def test_plain_queries_take_the_shortcut(query: dict[str, Any]) -> None:
    schema = ResolveQuery()
    assert schema._steps is not None
    assert schema.load(query) == Reference().load(query)


def test_schemas_with_hooks_or_other_fields_keep_marshmallow_s_load() -> None:
    class Hooked(PlainSchema):
        name = ma.fields.String()

        @ma.post_load
        def upper(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
            return {"name": data["name"].upper()}

    class Dated(PlainSchema):
        at = ma.fields.DateTime()

    class Renamed(PlainSchema):
        from_ = ma.fields.String(data_key="from")

    assert [plan_for(s()) for s in (Hooked, Dated, Renamed)] == [None, None, None]
    assert Hooked().load({"name": "putin"}) == {"name": "PUTIN"}
