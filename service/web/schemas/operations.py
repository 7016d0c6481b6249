"""Health, readiness and bulk import."""

from __future__ import annotations

import marshmallow as ma


class Health(ma.Schema):
    status = ma.fields.String(required=True)


class SkippedChange(ma.Schema):
    seq = ma.fields.Integer(required=True, metadata={"description": "The change that failed"})
    entity_id = ma.fields.String(required=True)
    error = ma.fields.String(required=True)
    since = ma.fields.Float(required=True, metadata={"description": "First failed (epoch s)"})


class Readiness(ma.Schema):
    status = ma.fields.String(required=True)
    reason = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "Why not ready; null if ready"}
    )
    store = ma.fields.String(required=True)
    index_loaded = ma.fields.Boolean(required=True)
    aliases_indexed = ma.fields.Integer(required=True)
    applied_seq = ma.fields.Integer(
        required=True, metadata={"description": "Last change applied to this process's index"}
    )
    store_seq = ma.fields.Integer(required=True)
    lag = ma.fields.Integer(required=True, metadata={"description": "store_seq - applied_seq"})
    follower = ma.fields.String(
        required=True, metadata={"description": "listen, poll, reconnecting, stopped or off"}
    )
    skipped_changes = ma.fields.Integer(
        required=True,
        metadata={"description": "Entities this index left out: applying their change raised"},
    )
    skipped = ma.fields.List(
        ma.fields.Nested(SkippedChange),
        required=True,
        metadata={"description": "The first 20 of them, by change sequence"},
    )
    pid = ma.fields.Integer(required=True, metadata={"description": "The answering process"})


# -- bulk -------------------------------------------------------------------------------------
class ImportArgs(ma.Schema):
    dry_run = ma.fields.Boolean(load_default=False)


class ImportResult(ma.Schema):
    created = ma.fields.Integer(required=True)
    updated = ma.fields.Integer(required=True)
    unchanged = ma.fields.Integer(required=True)
    dry_run = ma.fields.Boolean(required=True)
