"""Row <-> record conversion, and the entity states the change log records as before/after."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from service.model import Alias, Entity
from service.store.tables import aliases, entities


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def entity_from_row(row: Any, alias_rows: Sequence[Any]) -> Entity:
    return Entity(
        entity_id=row.id,
        entity_type=row.type,
        name=row.name,
        aliases=[Alias(a.id, a.entity_id, a.name, a.lang, bool(a.shared)) for a in alias_rows],
        external_ids=dict(row.external_ids or {}),
        version=row.version,
        countries=split_countries(row.countries),
        status=row.status,
        merged_into=row.merged_into,
        created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at),
        created_by=row.created_by,
        updated_by=row.updated_by,
    )


def join_countries(codes: Sequence[str]) -> str:
    """The countries column's form of a normalised list (service.countries.normalized)."""
    return " ".join(codes)


def split_countries(column: str | None) -> tuple[str, ...]:
    return tuple((column or "").split())


def load_entities(conn: Connection, entity_ids: Sequence[str]) -> dict[str, Entity]:
    """Entities with their aliases, in two queries however many IDs are asked for."""
    found: dict[str, Entity] = {}
    for start in range(0, len(entity_ids), 500):
        chunk = list(entity_ids[start : start + 500])
        rows = conn.execute(sa.select(entities).where(entities.c.id.in_(chunk))).all()
        alias_rows = conn.execute(
            sa.select(aliases).where(aliases.c.entity_id.in_(chunk)).order_by(aliases.c.id)
        ).all()
        by_entity: dict[str, list[Any]] = {}
        for alias_row in alias_rows:
            by_entity.setdefault(alias_row.entity_id, []).append(alias_row)
        for row in rows:
            found[row.id] = entity_from_row(row, by_entity.get(row.id, []))
    return found


def entity_state(entity: Entity) -> dict[str, Any]:
    """The JSON form of an entity kept in the change log as before/after."""
    return {
        "id": entity.entity_id,
        "type": entity.entity_type,
        "name": entity.name,
        "status": entity.status,
        "version": entity.version,
        "external_ids": dict(entity.external_ids),
        "countries": list(entity.countries),
        "aliases": [
            {"id": a.alias_id, "name": a.name, "lang": a.lang, "shared": a.shared}
            for a in entity.aliases
        ],
    }
