"""Entity IDs: "E" and six or more digits, issued from a counter that only moves forward,
so an ID is never issued twice, not even a deleted or imported one's."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from service.store.tables import counters, entities

ENTITY_ID_PREFIX = "E"
ENTITY_ID_DIGITS = 6


def format_entity_id(number: int) -> str:
    return f"{ENTITY_ID_PREFIX}{number:0{ENTITY_ID_DIGITS}d}"


def parse_entity_number(entity_id: str) -> int | None:
    digits = entity_id[len(ENTITY_ID_PREFIX) :]
    if entity_id.startswith(ENTITY_ID_PREFIX) and digits.isdigit():
        return int(digits)
    return None


def _counter(conn: Connection) -> int | None:
    query = sa.select(counters.c.value).where(counters.c.name == "entity")
    value = conn.execute(query).scalar_one_or_none()
    return None if value is None else int(value)


def _set_counter(conn: Connection, value: int) -> None:
    if _counter(conn) is None:
        conn.execute(sa.insert(counters).values(name="entity", value=value))
    else:
        conn.execute(sa.update(counters).where(counters.c.name == "entity").values(value=value))


def next_entity_id(conn: Connection) -> str:
    """Issue an ID no entity ever had; the counter only moves forward."""
    current = _counter(conn) or 0
    while True:
        current += 1
        candidate = format_entity_id(current)
        if conn.execute(sa.select(entities.c.id).where(entities.c.id == candidate)).first() is None:
            break
    _set_counter(conn, current)
    return candidate


def bump_counter_past(conn: Connection, entity_id: str) -> None:
    """Imported IDs (the curated table's fixed ones) must never be issued again."""
    number = parse_entity_number(entity_id)
    if number is not None and (_counter(conn) or 0) < number:
        _set_counter(conn, number)
