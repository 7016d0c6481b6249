"""A shortcut through ``Schema.load`` for plain input, planned once per schema.

marshmallow spends ~4 us per field per object on bookkeeping (error stores, getters,
partial handling) whatever the input; a /resolve query has five fields, and a batch holds
up to a thousand queries. The shortcut takes an object only when nothing can go wrong: a
dict of declared field names whose values already have the exact Python type the field
would return unchanged (str for String, int for Integer, bool for Boolean). Every field
validator still runs; anything else (a missing required field, a null, "5" for an
integer, an unknown key, a failing validator) goes through ``Schema.load``, which builds
the real result or error. The schema stays the one description of the contract.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import marshmallow as ma
from marshmallow.types import StrSequenceOrSet, UnknownOption

# Field classes (exactly these, not subclasses) and the type they load unchanged.
UNCHANGED_TYPES: dict[type[ma.fields.Field[Any]], type] = {
    ma.fields.String: str,
    ma.fields.Integer: int,
    ma.fields.Boolean: bool,
    ma.fields.Float: float,  # a finite float only (load_plain): Float refuses NaN and inf
}
# name, the value's type, the field, its load_default.
Step = tuple[str, type, ma.fields.Field[Any], Any]


class Present:
    """The "type" of a field that is plain only when absent (``plain_when_absent``): no
    value has it, so a query that sends the field takes Schema.load, one that leaves it out
    gets its default here (a /resolve query's country)."""


class NotPlain(Exception):
    """This input needs marshmallow's own load."""


def plan_for(schema: ma.Schema) -> tuple[Step, ...] | None:
    """The steps of a shortcut load, or None when the schema has anything it cannot do."""
    if any(schema._hooks.values()) or schema.partial:
        return None
    steps: list[Step] = []
    for name, field in schema.load_fields.items():
        kind = UNCHANGED_TYPES.get(type(field))
        if kind is None and getattr(field, "plain_when_absent", False):
            kind = Present
        if kind is None or field.data_key is not None or field.attribute is not None:
            return None
        if field.pre_load or field.post_load:
            return None
        if isinstance(field, ma.fields.Boolean) and field.truthy and True not in field.truthy:
            return None
        if isinstance(field, ma.fields.Boolean) and field.falsy and False not in field.falsy:
            return None
        steps.append((name, kind, field, field.load_default))
    return tuple(steps)


def load_plain(steps: tuple[Step, ...], names: frozenset[str], data: Any) -> dict[str, Any]:
    """What Schema.load returns for ``data``, or NotPlain: {"name": "Putin"} -> defaults added."""
    if type(data) is not dict or not data.keys() <= names:
        raise NotPlain
    loaded: dict[str, Any] = {}
    for name, kind, field, default in steps:
        if name in data:
            value = data[name]
            if type(value) is not kind or (kind is float and not math.isfinite(value)):
                raise NotPlain
            for validator in field.validators:
                try:
                    if validator(value) is False:
                        raise NotPlain
                except ma.ValidationError:
                    raise NotPlain from None
            loaded[name] = value
        elif field.required:
            raise NotPlain
        elif default is not ma.missing:
            loaded[name] = default() if callable(default) else default
    return loaded


class PlainSchema(ma.Schema):
    """A Schema whose ``load`` takes the shortcut for plain input (see the module doc)."""

    _steps: tuple[Step, ...] | None = None
    _names: frozenset[str] = frozenset()

    def _init_fields(self) -> None:
        super()._init_fields()
        self._steps = plan_for(self)
        self._names = frozenset(self.load_fields)

    def load(
        self,
        data: Mapping[str, Any] | Sequence[Mapping[str, Any]],
        *,
        many: bool | None = None,
        partial: bool | StrSequenceOrSet | None = None,
        unknown: UnknownOption | None = None,
    ) -> Any:
        steps = self._steps
        many = self.many if many is None else bool(many)
        if steps is not None and partial is None:
            try:
                if not many:
                    return load_plain(steps, self._names, data)
                if type(data) is list:
                    return [load_plain(steps, self._names, each) for each in data]
            except NotPlain:
                pass
        return super().load(data, many=many, partial=partial, unknown=unknown)
