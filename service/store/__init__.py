"""The store: the only place that talks SQL, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa

from service.errors import ImportRejected, InvalidInput
from service.model import ApiKey, Change, Entity, Judgement, ReviewItem, Unresolved
from service.store import apikeys, judging, lifecycle, review, transfer
from service.store import entities as entity_ops
from service.store.context import Normalizer, Write, bounded, plain_normalize
from service.store.db import (
    create_db_engine,
    is_sqlite,
    listen_changes,
    read_transaction,
    take_write_lock,
    write_transaction,
)
from service.store.records import as_utc, entity_from_row, load_entities
from service.store.tables import aliases, changes, entities, search_form
from service.store.transfer import ImportReport

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
T = TypeVar("T")

__all__ = ["ImportReport", "Store"]


def merge_aliases(entity_rows: Iterable[Any], alias_rows: Iterable[Any]) -> Iterator[Entity]:
    """Zip two streams ordered by entity ID into entities with their aliases."""
    pending = iter(alias_rows)
    alias_row = next(pending, None)
    for row in entity_rows:
        own: list[Any] = []
        while alias_row is not None and alias_row.entity_id <= row.id:
            if alias_row.entity_id == row.id:
                own.append(alias_row)
            alias_row = next(pending, None)
        yield entity_from_row(row, own)


LIKE_ESCAPE = "\\"


def contains_pattern(query: str) -> str:
    """A LIKE pattern for "contains ``query``": its search form with the wildcards and the
    escape character escaped (``q=_`` listed every entity)."""
    form = search_form(query)
    for char in (LIKE_ESCAPE, "%", "_"):
        form = form.replace(char, LIKE_ESCAPE + char)
    return f"%{form}%"


def name_contains(table: sa.Table, pattern: str) -> sa.ColumnElement[bool]:
    """The row's search form matches; a row an older version wrote during a rolling
    deploy has none yet, and is compared by lower(name) until it gets one."""
    by_form = table.c.search.like(pattern, escape=LIKE_ESCAPE)
    legacy = table.c.search.is_(None) & sa.func.lower(table.c.name).like(
        pattern, escape=LIKE_ESCAPE
    )
    return by_form | legacy


def has_country(code: str) -> sa.ColumnElement[bool]:
    """The entity's countries include ``code`` (two validated letters, so no wildcard):
    the column is space-separated codes, padded here so a code matches only whole."""
    padded = sa.literal(" ") + entities.c.countries + sa.literal(" ")
    return padded.like(f"% {code} %")


def change_from_row(row: Any) -> Change:
    return Change(
        row.seq, row.entity_id, row.kind, row.actor, as_utc(row.at), row.before, row.after
    )  # type: ignore[arg-type]


class Store:
    """Transactions around the entity, key, judgement, review and change-log operations."""

    def __init__(
        self,
        url: str,
        *,
        normalize: Normalizer = plain_normalize,
        pool_size: int = 5,
        max_overflow: int = 5,
    ) -> None:
        self.url = url
        self.normalize = bounded(normalize)  # what the norm columns can hold
        self.engine = create_db_engine(url, pool_size=pool_size, max_overflow=max_overflow)
        # Called after every committed change (e.g. to bump the machine's change signal).
        self.after_commit: list[Callable[[], None]] = []
        # The review queue's bound (Settings.review_max_open; the app sets it).
        self.review_max_open = review.DEFAULT_MAX_OPEN

    @contextmanager
    def _write(self, actor: str) -> Iterator[Write]:
        with write_transaction(self.engine) as conn:
            yield Write(conn, actor, self.normalize)
        self._committed()

    def _committed(self) -> None:
        for hook in self.after_commit:
            hook()

    def _in_write(self, actor: str, operation: Callable[[Write], T]) -> T:
        with self._write(actor) as w:
            return operation(w)

    def listen_changes(
        self, application_name: str = "polyonym"
    ) -> AbstractContextManager[Callable[[float], None]]:
        """PostgreSQL only: ``with store.listen_changes() as wait: wait(5.0)`` returns at
        the next committed write (any process's) or after 5 s (service/store/db.py)."""
        return listen_changes(self.url, application_name)

    # -- schema -----------------------------------------------------------------
    def migrate(self, revision: str = "head") -> None:
        """Bring the schema to ``revision``, the newest by default (idempotent); tests
        stop at an older one to write a store as an earlier version left it."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        with self.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, revision)

    def integrity_check(self) -> str:
        """SQLite's own page-level check; PostgreSQL answers for itself."""
        if not is_sqlite(self.engine):
            return "ok"
        with self.engine.connect() as conn:
            return str(conn.exec_driver_sql("PRAGMA integrity_check").scalar())

    def dispose(self) -> None:
        self.engine.dispose()

    # -- entities -----------------------------------------------------------------
    def create_entity(
        self,
        *,
        name: str,
        entity_type: str,
        alias_specs: Sequence[entity_ops.AliasSpec],
        external_ids: Mapping[str, str],
        actor: str,
        countries: Sequence[str] = (),
    ) -> Entity:
        def create(w: Write) -> Entity:
            return entity_ops.insert_entity(
                w,
                entity_id=entity_ops.next_entity_id(w.conn),
                entity_type=entity_type,
                name=name,
                alias_specs=alias_specs,
                external_ids=external_ids,
                countries=countries,
            )

        return self._in_write(actor, create)

    def get_entity(self, entity_id: str) -> Entity:
        """The live entity; raises EntityMerged (with the survivor) or EntityGone."""
        with self.engine.connect() as conn:
            return entity_ops.fetch_live(conn, entity_id)

    def list_entities(
        self,
        *,
        query: str | None,
        entity_type: str | None,
        page: int,
        per_page: int,
        country: str | None = None,
    ) -> tuple[list[Entity], int]:
        """Active entities whose name or an alias contains ``query``, as written: case is
        ignored in every script and ``%``, ``_`` and ``\\`` are plain characters.
        ``country``: only entities with this (normalised) country code among theirs."""
        condition = entities.c.status == "active"
        if entity_type:
            condition = condition & (entities.c.type == entity_type)
        if country:
            condition = condition & has_country(country)
        if query:
            pattern = contains_pattern(query)
            in_alias = sa.select(aliases.c.entity_id).where(name_contains(aliases, pattern))
            condition = condition & (name_contains(entities, pattern) | entities.c.id.in_(in_alias))
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
        return self._in_write(
            actor, lambda w: entity_ops.update_entity(w, entity_id, expected_version, fields)
        )

    def delete_entity(self, entity_id: str, expected_version: int | None, actor: str) -> None:
        self._in_write(actor, lambda w: entity_ops.delete_entity(w, entity_id, expected_version))

    def add_alias(
        self,
        entity_id: str,
        name: str,
        lang: str | None,
        expected_version: int | None,
        actor: str,
        shared: bool = False,
    ) -> tuple[int, Entity]:
        return self._in_write(
            actor,
            lambda w: entity_ops.add_alias(w, entity_id, (name, lang, shared), expected_version),
        )

    def remove_alias(
        self, entity_id: str, alias_id: int, expected_version: int | None, actor: str
    ) -> Entity:
        return self._in_write(
            actor, lambda w: entity_ops.remove_alias(w, entity_id, alias_id, expected_version)
        )

    def merge(
        self,
        survivor_id: str,
        absorbed_ids: Sequence[str],
        expected_version: int | None,
        actor: str,
    ) -> Entity:
        return self._in_write(
            actor, lambda w: lifecycle.merge(w, survivor_id, absorbed_ids, expected_version)
        )

    def split(
        self,
        source_id: str,
        alias_ids: Sequence[int],
        name: str,
        entity_type: str,
        expected_version: int | None,
        actor: str,
        countries: Sequence[str] | None = None,
    ) -> tuple[Entity, Entity]:
        """``countries``: the new entity's; None: the source's (see lifecycle.split)."""
        return self._in_write(
            actor,
            lambda w: lifecycle.split(
                w, source_id, alias_ids, name, entity_type, expected_version, countries
            ),
        )

    # -- history and change feed --------------------------------------------------------
    def history(self, entity_id: str) -> list[Change]:
        """An entity's events, with those of the entities it absorbed."""
        with read_transaction(self.engine) as conn:
            entity_ops.fetch_any(conn, entity_id)
            absorbed = sa.select(entities.c.id).where(entities.c.merged_into == entity_id)
            rows = conn.execute(
                sa.select(changes)
                .where((changes.c.entity_id == entity_id) | changes.c.entity_id.in_(absorbed))
                .order_by(changes.c.seq)
            ).all()
        return [change_from_row(r) for r in rows]

    def change_at(self, seq: int) -> datetime | None:
        """When change ``seq`` was committed (None for 0 or unknown): a history fingerprint."""
        with self.engine.connect() as conn:
            at = conn.execute(sa.select(changes.c.at).where(changes.c.seq == seq)).scalar()
        return as_utc(at)

    def last_seq(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.max(changes.c.seq))).scalar() or 0)

    def changes_since(self, seq: int, limit: int = 1000) -> list[Change]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(changes).where(changes.c.seq > seq).order_by(changes.c.seq).limit(limit)
            ).all()
        return [change_from_row(r) for r in rows]

    def load_entities(self, entity_ids: Sequence[str]) -> dict[str, Entity]:
        with read_transaction(self.engine) as conn:
            return load_entities(conn, entity_ids)

    @contextmanager
    def snapshot_active(
        self, batch: int = 10_000
    ) -> Iterator[tuple[int, Iterator[Entity], dict[str, set[str]]]]:
        """Every active entity, the not-same judgements, and the sequence they reflect.

        Entities stream from server-side cursors inside one snapshot transaction, so a
        million aliases never sit in memory as rows and records at once (the freed heap
        would stay in every preloaded worker).
        """
        with read_transaction(self.engine) as conn:
            seq = int(conn.execute(sa.select(sa.func.max(changes.c.seq))).scalar() or 0)
            blocked = self._not_same(conn)
            streaming = conn.execution_options(yield_per=batch)
            live = entities.c.status == "active"
            # Both streams in code-point order, the order Python compares IDs in.
            by_code_point = "C" if conn.dialect.name == "postgresql" else "BINARY"
            entity_rows = streaming.execute(
                sa.select(entities).where(live).order_by(entities.c.id.collate(by_code_point))
            )
            alias_rows = streaming.execute(
                sa.select(aliases)
                .join(entities, entities.c.id == aliases.c.entity_id)
                .where(live)
                .order_by(aliases.c.entity_id.collate(by_code_point), aliases.c.id)
            )
            yield seq, merge_aliases(entity_rows, alias_rows), blocked

    # -- judgements ---------------------------------------------------------------------
    def add_judgement(
        self,
        name: str,
        entity_id: str,
        verdict: str,
        actor: str,
        allow_shared: bool = False,
        force: bool = False,
    ) -> Judgement:
        return self._in_write(
            actor,
            lambda w: judging.add_judgement(w, name, entity_id, verdict, allow_shared, force),
        )

    def list_judgements(
        self, entity_id: str | None = None, verdict: str | None = None
    ) -> list[Judgement]:
        with self.engine.connect() as conn:
            return judging.list_judgements(conn, entity_id, verdict)

    def withdraw_judgement(self, judgement_id: int, actor: str) -> None:
        self._in_write(actor, lambda w: judging.withdraw_judgement(w, judgement_id))

    def not_same(self) -> dict[str, set[str]]:
        with self.engine.connect() as conn:
            return self._not_same(conn)

    @staticmethod
    def _not_same(conn: sa.Connection) -> dict[str, set[str]]:
        blocked: dict[str, set[str]] = {}
        for judgement in judging.list_judgements(conn, verdict="not_same"):
            blocked.setdefault(judgement.norm, set()).add(judgement.entity_id)
        return blocked

    # -- review queue ---------------------------------------------------------------------
    def record_unresolved(self, batch: Sequence[Unresolved]) -> None:
        """Bookkeeping, not a change: no write lock ordering, no change-log row."""
        if batch:
            with write_transaction(self.engine, ordered=False) as conn:
                review.upsert_unresolved(conn, batch, self.review_max_open)

    def list_review(
        self, state: str, order: str, page: int, per_page: int
    ) -> tuple[list[ReviewItem], int]:
        with read_transaction(self.engine) as conn:
            return review.list_items(conn, state, order, page, per_page)

    def review_open_count(self) -> int:
        with self.engine.connect() as conn:
            return review.open_count(conn)

    def accept_review(
        self, item_id: int, entity_id: str, actor: str, allow_shared: bool = False
    ) -> ReviewItem:
        """Add the asked-for name as an alias (recorded as a "same" judgement)."""

        def accept(w: Write) -> ReviewItem:
            item = self._open_item(w, item_id)
            judging.add_judgement(w, item.name, entity_id, "same", allow_shared)
            return review.close_item(w.conn, item.item_id, "accepted", w.actor)

        return self._in_write(actor, accept)

    def reject_review(
        self, item_id: int, entity_id: str | None, actor: str, force: bool = False
    ) -> ReviewItem:
        """Record "not this" against the suggested (or given) candidate."""

        def reject(w: Write) -> ReviewItem:
            item = self._open_item(w, item_id)
            target = entity_id or item.best_entity_id
            if target is None:
                raise InvalidInput("this name had no candidate; give entity_id", field="entity_id")
            judging.add_judgement(w, item.name, target, "not_same", force=force)
            return review.close_item(w.conn, item.item_id, "rejected", w.actor)

        return self._in_write(actor, reject)

    def dismiss_review(self, item_id: int, actor: str) -> ReviewItem:
        def dismiss(w: Write) -> ReviewItem:
            item = self._open_item(w, item_id)
            return review.close_item(w.conn, item.item_id, "dismissed", w.actor)

        return self._in_write(actor, dismiss)

    @staticmethod
    def _open_item(w: Write, item_id: int) -> ReviewItem:
        item = review.get_item(w.conn, item_id)
        if item.state != "open":
            raise InvalidInput(f"review item {item_id} is already {item.state}", field="id")
        return item

    # -- bulk -------------------------------------------------------------------------------
    def import_records(
        self,
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
                importer = transfer.Importer(Write(conn, actor, self.normalize))
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
                    self._analyze()
                return report
            finally:
                if transaction.is_active:
                    transaction.rollback()

    def _analyze(self) -> None:
        """Fresh planner statistics after a bulk load, so lookups use the indexes."""
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(sa.text("ANALYZE entities, aliases, changes"))

    def seed_if_empty(self, records: Sequence[Mapping[str, Any]], actor: str) -> int:
        """Load the curated table once: only into a store that never held anything.

        The emptiness check runs under the write lock, so instances starting together
        against one database load it exactly once.
        """
        with self._write(actor) as w:
            if w.conn.execute(sa.select(changes.c.seq).limit(1)).first() is not None:
                return 0
            report = transfer.Importer(w).run(list(enumerate(records, start=1)))
            if report.errors:
                raise ImportRejected("the curated table does not load", line_errors=report.errors)
            return report.created

    def export_records(self) -> Iterator[dict[str, Any]]:
        with read_transaction(self.engine) as conn:
            yield from transfer.export_records(conn)

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
