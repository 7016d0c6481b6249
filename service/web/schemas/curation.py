"""Curation beyond one entity: merge and split, history and the change feed,
judgements, the review queue."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from service.model import VERDICTS
from service.web.schemas.entities import ALLOW_SHARED_DOC, EntityOut, countries_field
from service.web.schemas.fields import MAX_ROW_ID, CheckedList, name_field, type_field


# -- lifecycle --------------------------------------------------------------------------
class MergeRequest(ma.Schema):
    from_ = CheckedList(
        ma.fields.String(validate=validate.Length(1, 32)),
        data_key="from",
        required=True,
        validate=validate.Length(1, 100),
        metadata={"description": "IDs absorbed into this entity; each becomes a redirect"},
    )


class SplitRequest(ma.Schema):
    aliases = CheckedList(
        ma.fields.Integer(validate=validate.Range(1, MAX_ROW_ID)),
        required=True,
        validate=validate.Length(1, 1000),  # an entity has at most 1,000 aliases to split off
    )
    name = name_field(stored=True)
    type = type_field(required=True)
    countries = countries_field(
        load_default=None,
        allow_none=True,
    )


class SplitResult(ma.Schema):
    source = ma.fields.Nested(EntityOut, required=True)
    created = ma.fields.Nested(EntityOut, required=True)


class ChangeOut(ma.Schema):
    seq = ma.fields.Integer(required=True)
    entity_id = ma.fields.String(allow_none=True)
    kind = ma.fields.String(required=True)
    actor = ma.fields.String(required=True)
    at = ma.fields.DateTime(required=True)
    before = ma.fields.Dict(allow_none=True)
    after = ma.fields.Dict(allow_none=True)


class History(ma.Schema):
    entity_id = ma.fields.String(required=True)
    changes = ma.fields.List(ma.fields.Nested(ChangeOut), required=True)


class ChangesArgs(ma.Schema):
    since = ma.fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**62))
    limit = ma.fields.Integer(load_default=100, validate=validate.Range(1, 1000))


class ChangesPage(ma.Schema):
    changes = ma.fields.List(ma.fields.Nested(ChangeOut), required=True)
    next = ma.fields.Integer(required=True, metadata={"description": "Pass as since= next time"})
    has_more = ma.fields.Boolean(required=True)


# -- judgements -----------------------------------------------------------------------------


FORCE_DOC = {
    "description": "not_same on a name that is an exact alias of the entity is refused "
    "(409) unless force is true: that alias would then never match"
}


class JudgementIn(ma.Schema):
    name = name_field()
    entity_id = ma.fields.String(required=True, validate=validate.Length(1, 32))
    verdict = ma.fields.String(required=True, validate=validate.OneOf(VERDICTS))
    allow_shared = ma.fields.Boolean(load_default=False, metadata=ALLOW_SHARED_DOC)
    force = ma.fields.Boolean(load_default=False, metadata=FORCE_DOC)


class JudgementOut(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    normalized = ma.fields.String(required=True)
    entity_id = ma.fields.String(required=True)
    verdict = ma.fields.String(required=True)
    created_by = ma.fields.String(required=True)
    created_at = ma.fields.DateTime(required=True)


class JudgementArgs(ma.Schema):
    entity_id = ma.fields.String(validate=validate.Length(1, 32))
    verdict = ma.fields.String(validate=validate.OneOf(VERDICTS))


# -- review queue ---------------------------------------------------------------------------
REVIEW_STATES = ("open", "accepted", "rejected", "dismissed")


class ReviewArgs(ma.Schema):
    order = ma.fields.String(
        load_default="count", validate=validate.OneOf(["count", "last_seen", "first_seen"])
    )
    state = ma.fields.String(load_default="open", validate=validate.OneOf(REVIEW_STATES))
    page = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = ma.fields.Integer(load_default=20, validate=validate.Range(1, 100))


class ReviewItemOut(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    normalized = ma.fields.String(required=True)
    count = ma.fields.Integer(required=True)
    first_seen = ma.fields.DateTime(required=True)
    last_seen = ma.fields.DateTime(required=True)
    last_status = ma.fields.String(required=True)
    best_candidate = ma.fields.String(allow_none=True)
    best_score = ma.fields.Float(allow_none=True)
    state = ma.fields.String(required=True)


class ReviewPage(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ReviewItemOut), required=True)
    page = ma.fields.Integer(required=True)
    per_page = ma.fields.Integer(required=True)
    total = ma.fields.Integer(required=True)


class ReviewAccept(ma.Schema):
    entity_id = ma.fields.String(required=True, validate=validate.Length(1, 32))
    allow_shared = ma.fields.Boolean(load_default=False, metadata=ALLOW_SHARED_DOC)


class ReviewReject(ma.Schema):
    entity_id = ma.fields.String(
        validate=validate.Length(1, 32),
        metadata={"description": "Defaults to the best candidate"},
    )
    force = ma.fields.Boolean(load_default=False, metadata=FORCE_DOC)
