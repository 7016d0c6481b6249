"""Entity writes inside one write transaction: version checks, tombstones, change rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from service.errors import AliasNotFound, EntityGone, EntityNotFound, VersionConflict
from service.model import Entity
from service.store.records import load_entities, snapshot, utcnow
from service.store.tables import aliases, changes, counters, entities

ENTITY_ID_PREFIX = "E"
ENTITY_ID_DIGITS = 6


def format_entity_id(number: int) -> str:
    return f"{ENTITY_ID_PREFIX}{number:0{ENTITY_ID_DIGITS}d}"


def parse_entity_number(entity_id: str) -> int | None:
    digits = entity_id[len(ENTITY_ID_PREFIX) :]
    if entity_id.startswith(ENTITY_ID_PREFIX) and digits.isdigit():
        return int(digits)
    return None


def next_entity_id(conn: Connection) -> str:
    """Issue an ID no entity ever had; the counter only moves forward."""
    current = conn.execute(
        sa.select(counters.c.value).where(counters.c.name == "entity")
    ).scalar_one_or_none()
    if current is None:
        current = 0
        conn.execute(sa.insert(counters).values(name="entity", value=0))
    while True:
        current += 1
        candidate = format_entity_id(current)
        taken = conn.execute(sa.select(entities.c.id).where(entities.c.id == candidate)).first()
        if taken is None:
            break
    conn.execute(sa.update(counters).where(counters.c.name == "entity").values(value=current))
    return candidate


def bump_counter_past(conn: Connection, entity_id: str) -> None:
    """Imported IDs (the curated table's fixed ones) must never be issued again."""
    number = parse_entity_number(entity_id)
    if number is None:
        return
    current = conn.execute(
        sa.select(counters.c.value).where(counters.c.name == "entity")
    ).scalar_one_or_none()
    if current is None:
        conn.execute(sa.insert(counters).values(name="entity", value=number))
    elif current < number:
        conn.execute(sa.update(counters).where(counters.c.name == "entity").values(value=number))


def record_change(
    conn: Connection,
    *,
    entity_id: str | None,
    kind: str,
    actor: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> int:
    result = conn.execute(
        sa.insert(changes).values(
            entity_id=entity_id,
            kind=kind,
            actor=actor,
            at=utcnow(),
            before=dict(before) if before is not None else None,
            after=dict(after) if after is not None else None,
        )
    )
    return int(result.inserted_primary_key[0])


def fetch_live(conn: Connection, entity_id: str) -> Entity:
    """The entity if it is active; NotFound or Gone otherwise."""
    found = load_entities(conn, [entity_id]).get(entity_id)
    if found is None:
        raise EntityNotFound(f"no entity {entity_id}")
    if found.status != "active":
        raise EntityGone(f"entity {entity_id} was {found.status}")
    return found


def bump_version(conn: Connection, entity_id: str, expected: int | None, actor: str) -> None:
    """Compare-and-set on the version column: no row changed means someone wrote first."""
    query = sa.update(entities).where(entities.c.id == entity_id, entities.c.status == "active")
    if expected is not None:
        query = query.where(entities.c.version == expected)
    result = conn.execute(
        query.values(version=entities.c.version + 1, updated_at=utcnow(), updated_by=actor)
    )
    if result.rowcount == 0:
        current = fetch_live(conn, entity_id)
        raise VersionConflict(
            f"entity {entity_id} is at version {current.version}, not {expected}",
            current_version=current.version,
        )


def insert_aliases(
    conn: Connection, entity_id: str, names: Sequence[tuple[str, str | None]], actor: str
) -> list[int]:
    now = utcnow()
    alias_ids = []
    for name, lang in names:
        result = conn.execute(
            sa.insert(aliases).values(
                entity_id=entity_id, name=name, lang=lang, created_at=now, created_by=actor
            )
        )
        alias_ids.append(int(result.inserted_primary_key[0]))
    return alias_ids


def insert_entity(
    conn: Connection,
    *,
    entity_id: str,
    entity_type: str,
    name: str,
    alias_names: Sequence[tuple[str, str | None]],
    external_ids: Mapping[str, str],
    actor: str,
    kind: str = "create",
) -> Entity:
    now = utcnow()
    conn.execute(
        sa.insert(entities).values(
            id=entity_id,
            type=entity_type,
            name=name,
            external_ids=dict(external_ids),
            version=1,
            status="active",
            created_at=now,
            updated_at=now,
            created_by=actor,
            updated_by=actor,
        )
    )
    insert_aliases(conn, entity_id, alias_names, actor)
    created = fetch_live(conn, entity_id)
    record_change(
        conn, entity_id=entity_id, kind=kind, actor=actor, before=None, after=snapshot(created)
    )
    return created


def update_entity(
    conn: Connection, entity_id: str, expected: int | None, fields: Mapping[str, Any], actor: str
) -> Entity:
    before = fetch_live(conn, entity_id)
    bump_version(conn, entity_id, expected, actor)
    values = {key: fields[key] for key in ("name", "type", "external_ids") if key in fields}
    if values:
        conn.execute(sa.update(entities).where(entities.c.id == entity_id).values(**values))
    after = fetch_live(conn, entity_id)
    record_change(
        conn,
        entity_id=entity_id,
        kind="update",
        actor=actor,
        before=snapshot(before),
        after=snapshot(after),
    )
    return after


def delete_entity(conn: Connection, entity_id: str, expected: int | None, actor: str) -> None:
    """Tombstone: the row and its aliases stay for history; the ID is never reissued."""
    before = fetch_live(conn, entity_id)
    bump_version(conn, entity_id, expected, actor)
    conn.execute(sa.update(entities).where(entities.c.id == entity_id).values(status="deleted"))
    record_change(
        conn, entity_id=entity_id, kind="delete", actor=actor, before=snapshot(before), after=None
    )


def add_alias(
    conn: Connection, entity_id: str, name: str, lang: str | None, expected: int | None, actor: str
) -> tuple[int, Entity]:
    before = fetch_live(conn, entity_id)
    bump_version(conn, entity_id, expected, actor)
    (alias_id,) = insert_aliases(conn, entity_id, [(name, lang)], actor)
    after = fetch_live(conn, entity_id)
    record_change(
        conn,
        entity_id=entity_id,
        kind="alias_add",
        actor=actor,
        before=snapshot(before),
        after=snapshot(after),
    )
    return alias_id, after


def remove_alias(
    conn: Connection, entity_id: str, alias_id: int, expected: int | None, actor: str
) -> Entity:
    before = fetch_live(conn, entity_id)
    if not any(a.alias_id == alias_id for a in before.aliases):
        raise AliasNotFound(f"entity {entity_id} has no alias {alias_id}")
    bump_version(conn, entity_id, expected, actor)
    conn.execute(sa.delete(aliases).where(aliases.c.id == alias_id))
    after = fetch_live(conn, entity_id)
    record_change(
        conn,
        entity_id=entity_id,
        kind="alias_remove",
        actor=actor,
        before=snapshot(before),
        after=snapshot(after),
    )
    return after
