"""Import: an all-or-nothing upsert of JSON-lines records (entities with their aliases,
redirects and judgements) in one transaction, every bad line reported. Also loads the
curated table into a store that never held anything."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from service.errors import ImportRejected
from service.store.context import Core, Write
from service.store.db import take_write_lock
from service.store.ids import bump_counter_past, next_entity_id
from service.store.import_rows import RowWriter
from service.store.tables import aliases, changes, entities

CHUNK = 500  # lines applied, and rows inserted, per round


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def fail(self, line: int, message: str, field_name: str | None = None) -> None:
        self.errors.append({"line": line, "field": field_name, "message": message})


class Importer(RowWriter):
    """Applies numbered records inside one transaction, collecting every bad line."""

    def __init__(self, w: Write) -> None:
        self.w = w
        self.report = ImportReport()
        self.by_external = self._external_id_map()
        self.claimed: dict[str, str] = {}  # norm -> entity of this file, for in-file clashes
        self.seen_ids: dict[str, int] = {}  # id -> first line naming it
        self.statuses = self._statuses()
        self.taken = self._names_in_store()
        self.new_entities: list[dict[str, Any]] = []
        self.new_aliases: list[dict[str, Any]] = []
        self.new_changes: list[dict[str, Any]] = []
        self.highest_id: str | None = None
        self.highest_number = -1

    def _external_id_map(self) -> dict[tuple[str, str], str]:
        rows = self.w.conn.execute(
            sa.select(entities.c.id, entities.c.external_ids).where(entities.c.status == "active")
        )
        return {(k, str(v)): entity_id for entity_id, ext in rows for k, v in (ext or {}).items()}

    def run(
        self,
        numbered: Sequence[tuple[int, Mapping[str, Any]]],
        progress: Callable[[int], None] | None = None,
    ) -> ImportReport:
        for start in range(0, len(numbered), CHUNK):
            chunk = numbered[start : start + CHUNK]
            for line, record in chunk:
                self._apply(line, record)
            self._flush()
            if progress is not None:
                progress(len(chunk))
        return self.report

    def _statuses(self) -> dict[str, tuple[str, str | None]]:
        """Status and redirect of every entity, read once (see ``_names_in_store``)."""
        query = sa.select(entities.c.id, entities.c.status, entities.c.merged_into)
        return {row.id: (row.status, row.merged_into) for row in self.w.conn.execute(query)}

    def _flush(self) -> None:
        """Insert the chunk's new entities, aliases and change rows as three executemany."""
        for table, rows in (
            (entities, self.new_entities),
            (aliases, self.new_aliases),
            (changes, self.new_changes),
        ):
            if rows:
                self.w.conn.execute(sa.insert(table), rows)
        if self.highest_id is not None:
            bump_counter_past(self.w.conn, self.highest_id)
        self.new_entities, self.new_aliases, self.new_changes = [], [], []
        self.highest_id, self.highest_number = None, -1

    def _names_in_store(self) -> dict[str, str | frozenset[str]]:
        """Which live entities hold each normal form, read once before the import.

        One scan instead of a query per chunk: inside one long transaction PostgreSQL
        plans with statistics from before the import and would scan the growing tables
        for every chunk. A bare ID per name (a set only for shared names) keeps it small.
        """
        taken: dict[str, str | frozenset[str]] = {}
        for query in (
            sa.select(aliases.c.norm, aliases.c.entity_id)
            .join(entities, entities.c.id == aliases.c.entity_id)
            .where(entities.c.status == "active"),
            sa.select(entities.c.norm, entities.c.id).where(entities.c.status == "active"),
        ):
            for norm, entity_id in self.w.conn.execute(query):
                held = taken.get(norm)
                if held is None:
                    taken[norm] = entity_id
                elif held != entity_id:
                    holders = {held} if isinstance(held, str) else set(held)
                    taken[norm] = frozenset(holders | {entity_id})
        return taken

    def _target(self, line: int, record: Mapping[str, Any]) -> tuple[str | None, str | None]:
        """(entity ID to write, its current status or None when new)."""
        if record.get("id"):
            first = self.seen_ids.setdefault(record["id"], line)
            if first != line:
                self.report.fail(line, f"{record['id']} is already on line {first}", "id")
                return None, None
            known = self.statuses.get(record["id"])
            if known is None:
                return record["id"], None
            status, merged_into = known
            if status == "merged":
                self.report.fail(line, f"{record['id']} was merged into {merged_into}", "id")
                return None, None
            return record["id"], status
        for key, value in (record.get("external_ids") or {}).items():
            if (key, str(value)) in self.by_external:
                return self.by_external[(key, str(value))], "active"
        self._flush()  # the counter must see this file's explicit IDs first
        return next_entity_id(self.w.conn), None

    def _apply(self, line: int, record: Mapping[str, Any]) -> None:
        entity_id, status = self._target(line, record)
        if entity_id is None:
            return
        if record.get("status") == "deleted" or status == "deleted":
            self._tombstone(line, entity_id, record, status)
            return
        if not self._names_free(line, entity_id, record):
            return
        if status is None:
            self._create(entity_id, record)
        else:
            self._update(entity_id, record)
        self._redirects(line, entity_id, record)
        self._judgements(entity_id, record)

    def _holders(self, norm: str, entity_id: str) -> set[str]:
        """Other live entities holding ``norm``: in the store, or earlier in this file."""
        held = self.taken.get(norm)
        holders = set() if held is None else {held} if isinstance(held, str) else set(held)
        holders.add(self.claimed.get(norm, entity_id))
        holders.discard(entity_id)
        return holders

    def _names_free(self, line: int, entity_id: str, record: Mapping[str, Any]) -> bool:
        free = True
        shared = {a["name"] for a in record.get("aliases", []) if a.get("shared")}
        for position, name in enumerate(names_of(record)):
            if position == 0 or name in shared:
                continue  # namesakes may share a canonical name; aliases must be marked
            norm = self.w.normalize(name)
            holders = self._holders(norm, entity_id)
            if holders:
                where = "name" if position == 0 else f"aliases.{position - 1}"
                self.report.fail(
                    line,
                    f"{name!r} is already an exact name of {', '.join(sorted(holders))}",
                    where,
                )
                free = False
        if free:
            for name in names_of(record):
                self.claimed.setdefault(self.w.normalize(name), entity_id)
        return free


def names_of(record: Mapping[str, Any]) -> list[str]:
    """The canonical name first, then every alias."""
    return [record["name"], *(a["name"] for a in record.get("aliases", []))]


def analyze(engine: Engine) -> None:
    """Fresh planner statistics after a bulk load, so lookups use the indexes."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("ANALYZE entities, aliases, changes"))


class ImportQueries:
    """The Store's import and first load."""

    def import_records(
        self: Core,
        numbered: Sequence[tuple[int, Mapping[str, Any]]],
        actor: str,
        dry_run: bool = False,
        progress: Callable[[int], None] | None = None,
    ) -> ImportReport:
        """All-or-nothing upsert: any bad line rolls everything back and is reported."""
        with self.engine.connect().execution_options(polyonym_write=True) as conn:
            transaction = conn.begin()
            try:
                if conn.dialect.name == "postgresql":
                    take_write_lock(conn)
                importer = Importer(Write(conn, actor, self.normalize))
                report = importer.run(numbered, progress)
                if report.errors:
                    transaction.rollback()
                    raise ImportRejected(
                        f"{len(report.errors)} bad line(s); nothing was imported",
                        line_errors=report.errors,
                    )
                if dry_run:
                    transaction.rollback()
                else:
                    transaction.commit()
                    self._committed()
                    analyze(self.engine)
                return report
            finally:
                if transaction.is_active:
                    transaction.rollback()

    def seed_if_empty(self: Core, records: Sequence[Mapping[str, Any]], actor: str) -> int:
        """Load the curated table once: only into a store that never held anything.

        The emptiness check runs under the write lock, so instances starting together
        against one database load it exactly once.
        """
        with self._write(actor) as w:
            if w.conn.execute(sa.select(changes.c.seq).limit(1)).first() is not None:
                return 0
            report = Importer(w).run(list(enumerate(records, start=1)))
            if report.errors:
                raise ImportRejected("the curated table does not load", line_errors=report.errors)
            return report.created
