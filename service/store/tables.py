"""The store's tables. Alembic migrations in ``service/migrations`` create exactly these."""

from __future__ import annotations

import unicodedata
from typing import Any

import sqlalchemy as sa

metadata = sa.MetaData()


def search_form(text: str) -> str:
    """What ``GET /entities?q=`` compares: NFKC, then Unicode case folding, in Python.

    Stored beside each name (the ``search`` columns) because neither database folds case
    the same way for every script: SQLite's lower() and LIKE know ASCII only ("путин"
    missed "Путин"), PostgreSQL's lower() follows the server's locale. Migration 0003
    holds a copy: a migration must not change when this code does.
    """
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def _search_default(context: Any) -> str | None:
    """Every insert that names a row fills its search form, whichever code path it takes
    (API writes, bulk import, split); an update of a name sets it itself."""
    name = context.get_current_parameters().get("name")
    return None if name is None else search_form(name)


entities = sa.Table(
    "entities",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("type", sa.String(32), nullable=False),
    sa.Column("name", sa.String(512), nullable=False),
    sa.Column("external_ids", sa.JSON, nullable=False, default=dict),
    # ISO 3166-1 alpha-2 codes, sorted, space-separated ("LB SY"; "" for none): plain text
    # so GET /entities?country= is the same LIKE on both databases (see country_filter)
    sa.Column("countries", sa.Text, nullable=False, default="", server_default=""),
    sa.Column("version", sa.Integer, nullable=False, default=1),
    # active | deleted (tombstone) | merged (redirect, later issue)
    sa.Column("status", sa.String(16), nullable=False, default="active"),
    sa.Column("merged_into", sa.String(32), nullable=True),
    sa.Column("norm", sa.String(1024), nullable=True),
    # search_form(name), for ?q= (NULL only on rows an older version wrote; see list_entities)
    sa.Column("search", sa.Text, nullable=True, default=_search_default),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(128), nullable=False),
    sa.Column("updated_by", sa.String(128), nullable=False),
    sa.Index("ix_entities_status_type", "status", "type"),
    sa.Index("ix_entities_norm", "norm"),
    sa.Index("ix_entities_merged_into", "merged_into"),
)

aliases = sa.Table(
    "aliases",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("entity_id", sa.String(32), sa.ForeignKey("entities.id"), nullable=False),
    sa.Column("name", sa.String(512), nullable=False),
    sa.Column("lang", sa.String(35), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(128), nullable=False),
    # The engine's normal form, for exact-duplicate checks across entities.
    sa.Column("norm", sa.String(1024), nullable=True),
    # A curator allowed this alias to be shared with another entity.
    sa.Column("shared", sa.Boolean, nullable=False, default=False),
    sa.Column("search", sa.Text, nullable=True, default=_search_default),  # search_form(name)
    sa.Index("ix_aliases_entity_id", "entity_id"),
    sa.Index("ix_aliases_norm", "norm"),
    sqlite_autoincrement=True,
)

# Monotonic counters that never go back, so IDs are never reused (even after delete).
counters = sa.Table(
    "counters",
    metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("value", sa.Integer, nullable=False),
)

api_keys = sa.Table(
    "api_keys",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(128), nullable=False, unique=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
)

# Every change, in commit order: the audit trail and the feed each process's index follows.
changes = sa.Table(
    "changes",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("entity_id", sa.String(32), nullable=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("actor", sa.String(128), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("before", sa.JSON, nullable=True),
    sa.Column("after", sa.JSON, nullable=True),
    sa.Index("ix_changes_entity_id", "entity_id"),
    sqlite_autoincrement=True,
)

# Curators' verdicts on a (normalised name, entity) pair; they outlive merges and imports.
judgements = sa.Table(
    "judgements",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(512), nullable=False),
    sa.Column("norm", sa.String(1024), nullable=False),
    sa.Column("entity_id", sa.String(32), nullable=False),
    sa.Column("verdict", sa.String(16), nullable=False),
    sa.Column("actor", sa.String(128), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_judgements_norm", "norm"),
    sa.Index("ix_judgements_entity_id", "entity_id"),
    sqlite_autoincrement=True,
)

# Names callers asked for that did not resolve: the curators' work list.
review_items = sa.Table(
    "review_items",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("norm", sa.String(1024), nullable=False, unique=True),
    sa.Column("name", sa.String(512), nullable=False),
    sa.Column("count", sa.Integer, nullable=False),
    sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_status", sa.String(16), nullable=False),
    sa.Column("best_entity_id", sa.String(32), nullable=True),
    sa.Column("best_score", sa.Float, nullable=True),
    # open | accepted | rejected | dismissed
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("decided_by", sa.String(128), nullable=True),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
    sa.Index("ix_review_items_state_count", "state", "count"),
    sqlite_autoincrement=True,
)
