"""The store: the only place that talks SQL, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from service.model import ApiKey, Change, Entity
from service.store import apikeys
from service.store import entities as entity_ops
from service.store.db import create_db_engine, is_sqlite, read_transaction, write_transaction
from service.store.records import as_utc, entity_from_row, load_entities
from service.store.tables import aliases, changes, entities

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"

__all__ = ["Store"]


class Store:
    """Transactions around the entity, key and change-log operations."""

    def __init__(self, url: str, *, pool_size: int = 5, max_overflow: int = 5) -> None:
        self.url = url
        self.engine = create_db_engine(url, pool_size=pool_size, max_overflow=max_overflow)

    # -- schema -----------------------------------------------------------------
    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision (idempotent)."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        with self.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))

    def integrity_check(self) -> str:
        """SQLite's own page-level check; PostgreSQL answers for itself."""
        if not is_sqlite(self.engine):
            return "ok"
        with self.engine.connect() as conn:
            return str(conn.exec_driver_sql("PRAGMA integrity_check").scalar())

    def dispose(self) -> None:
        self.engine.dispose()

    # -- entities -----------------------------------------------------------------
    def is_empty(self) -> bool:
        with self.engine.connect() as conn:
            has_entity = conn.execute(sa.select(entities.c.id).limit(1)).first()
            has_change = conn.execute(sa.select(changes.c.seq).limit(1)).first()
        return has_entity is None and has_change is None

    def create_entity(
        self,
        *,
        name: str,
        entity_type: str,
        alias_names: Sequence[tuple[str, str | None]],
        external_ids: Mapping[str, str],
        actor: str,
    ) -> Entity:
        with write_transaction(self.engine) as conn:
            entity_id = entity_ops.next_entity_id(conn)
            return entity_ops.insert_entity(
                conn,
                entity_id=entity_id,
                entity_type=entity_type,
                name=name,
                alias_names=alias_names,
                external_ids=external_ids,
                actor=actor,
            )

    def get_entity(self, entity_id: str) -> Entity:
        with self.engine.connect() as conn:
            return entity_ops.fetch_live(conn, entity_id)

    def list_entities(
        self, *, query: str | None, entity_type: str | None, page: int, per_page: int
    ) -> tuple[list[Entity], int]:
        """Active entities whose name or an alias contains ``query`` (case-insensitive)."""
        condition = entities.c.status == "active"
        if entity_type:
            condition = condition & (entities.c.type == entity_type)
        if query:
            pattern = f"%{query.lower()}%"
            in_alias = sa.select(aliases.c.entity_id).where(
                sa.func.lower(aliases.c.name).like(pattern)
            )
            condition = condition & (
                sa.func.lower(entities.c.name).like(pattern) | entities.c.id.in_(in_alias)
            )
        with read_transaction(self.engine) as conn:
            total = conn.execute(sa.select(sa.func.count()).where(condition)).scalar_one()
            ids = (
                conn.execute(
                    sa.select(entities.c.id)
                    .where(condition)
                    .order_by(entities.c.id)
                    .limit(per_page)
                    .offset((page - 1) * per_page)
                )
                .scalars()
                .all()
            )
            found = load_entities(conn, list(ids))
        return [found[i] for i in ids], int(total)

    def update_entity(
        self, entity_id: str, expected_version: int | None, fields: Mapping[str, Any], actor: str
    ) -> Entity:
        with write_transaction(self.engine) as conn:
            return entity_ops.update_entity(conn, entity_id, expected_version, fields, actor)

    def delete_entity(self, entity_id: str, expected_version: int | None, actor: str) -> None:
        with write_transaction(self.engine) as conn:
            entity_ops.delete_entity(conn, entity_id, expected_version, actor)

    def add_alias(
        self, entity_id: str, name: str, lang: str | None, expected_version: int | None, actor: str
    ) -> tuple[int, Entity]:
        with write_transaction(self.engine) as conn:
            return entity_ops.add_alias(conn, entity_id, name, lang, expected_version, actor)

    def remove_alias(
        self, entity_id: str, alias_id: int, expected_version: int | None, actor: str
    ) -> Entity:
        with write_transaction(self.engine) as conn:
            return entity_ops.remove_alias(conn, entity_id, alias_id, expected_version, actor)

    def seed_if_empty(self, records: Iterable[Mapping[str, Any]], actor: str) -> int:
        """Load the curated table once: only into a store that never held anything.

        The emptiness check runs under the write lock, so instances starting together
        against one database load it exactly once.
        """
        with write_transaction(self.engine) as conn:
            if conn.execute(sa.select(changes.c.seq).limit(1)).first() is not None:
                return 0
            return self._insert_records(conn, records, actor)

    def import_entities(self, records: Iterable[Mapping[str, Any]], actor: str) -> int:
        """Insert entities with their own fixed IDs in one transaction."""
        with write_transaction(self.engine) as conn:
            return self._insert_records(conn, records, actor)

    @staticmethod
    def _insert_records(conn: Connection, records: Iterable[Mapping[str, Any]], actor: str) -> int:
        count = 0
        for record in records:
            entity_ops.insert_entity(
                conn,
                entity_id=record["id"],
                entity_type=record["type"],
                name=record["name"],
                alias_names=[(a["name"], a.get("lang")) for a in record.get("aliases", [])],
                external_ids=record.get("external_ids", {}),
                actor=actor,
                kind="import",
            )
            entity_ops.bump_counter_past(conn, record["id"])
            count += 1
        return count

    # -- change feed ----------------------------------------------------------------
    def last_seq(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.max(changes.c.seq))).scalar() or 0)

    def changes_since(self, seq: int, limit: int = 1000) -> list[Change]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(changes).where(changes.c.seq > seq).order_by(changes.c.seq).limit(limit)
            ).all()
        return [
            Change(r.seq, r.entity_id, r.kind, r.actor, as_utc(r.at), r.before, r.after)  # type: ignore[arg-type]
            for r in rows
        ]

    def load_entities(self, entity_ids: Sequence[str]) -> dict[str, Entity]:
        with read_transaction(self.engine) as conn:
            return load_entities(conn, entity_ids)

    def snapshot_active(self) -> tuple[int, Iterator[Entity]]:
        """Every active entity plus the sequence the snapshot reflects, read consistently."""
        with read_transaction(self.engine) as conn:
            seq = int(conn.execute(sa.select(sa.func.max(changes.c.seq))).scalar() or 0)
            rows = conn.execute(sa.select(entities).where(entities.c.status == "active")).all()
            alias_rows = conn.execute(
                sa.select(aliases)
                .join(entities, entities.c.id == aliases.c.entity_id)
                .where(entities.c.status == "active")
                .order_by(aliases.c.id)
            ).all()
        by_entity: dict[str, list[Any]] = {}
        for alias_row in alias_rows:
            by_entity.setdefault(alias_row.entity_id, []).append(alias_row)

        return seq, (entity_from_row(row, by_entity.get(row.id, [])) for row in rows)

    # -- keys -----------------------------------------------------------------------
    def create_key(self, name: str, role: str) -> str:
        with write_transaction(self.engine) as conn:
            return apikeys.create_key(conn, name, role)

    def list_keys(self) -> list[ApiKey]:
        with self.engine.connect() as conn:
            return apikeys.list_keys(conn)

    def revoke_key(self, name: str) -> bool:
        with write_transaction(self.engine) as conn:
            return apikeys.revoke_key(conn, name)

    def authenticate(self, token: str) -> ApiKey | None:
        with self.engine.connect() as conn:
            return apikeys.authenticate(conn, token)
