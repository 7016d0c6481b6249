"""Export: the whole table as JSON lines, redirects and judgements riding on their entity's
line, in the shape import reads back (service/store/importing.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from service.store.context import Core
from service.store.db import read_transaction
from service.store.records import load_entities
from service.store.tables import entities, judgements

CHUNK = 500  # entities loaded per query


def exported(conn: Connection) -> Iterator[dict[str, Any]]:
    """Live and deleted entities in ID order; merged ones ride on their survivor's line."""
    redirects: dict[str, list[str]] = {}
    for absorbed, survivor in conn.execute(
        sa.select(entities.c.id, entities.c.merged_into).where(entities.c.status == "merged")
    ):
        redirects.setdefault(survivor, []).append(absorbed)
    verdicts: dict[str, list[dict[str, str]]] = {}
    for row in conn.execute(sa.select(judgements).order_by(judgements.c.id)):
        verdicts.setdefault(row.entity_id, []).append({"name": row.name, "verdict": row.verdict})
    ids = (
        conn.execute(
            sa.select(entities.c.id).where(entities.c.status != "merged").order_by(entities.c.id)
        )
        .scalars()
        .all()
    )
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        loaded = load_entities(conn, chunk)
        for entity_id in chunk:
            entity = loaded[entity_id]
            record: dict[str, Any] = {
                "id": entity.entity_id,
                "type": entity.entity_type,
                "name": entity.name,
            }
            record["aliases"] = [
                {"name": a.name, "lang": a.lang, **({"shared": True} if a.shared else {})}
                for a in entity.aliases
            ]
            record["external_ids"] = dict(sorted(entity.external_ids.items()))
            if entity.countries:
                record["countries"] = list(entity.countries)
            if entity.status == "deleted":
                record["status"] = "deleted"
            if entity_id in redirects:
                record["redirects"] = sorted(redirects[entity_id])
            if entity_id in verdicts:
                record["judgements"] = verdicts[entity_id]
            yield record


class ExportQueries:
    """The Store's export."""

    def export_records(self: Core) -> Iterator[dict[str, Any]]:
        with read_transaction(self.engine) as conn:
            yield from exported(conn)
