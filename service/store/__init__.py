"""The store: the only place that talks SQL, on SQLite and PostgreSQL alike.

``Store`` here holds what every operation shares: the connection pool, the write
transaction (and its ordering lock), the after-commit hooks, the schema's migrations and
the change listener. Its operations live with their topic, each a class the Store is
made of, next to the queries it runs:

    lifecycle.EntityQueries    create, get, update, delete an entity; aliases; merge, split
    search.SearchQueries       list entities by contained name, type and country
    changes.ChangeQueries      history, change feed and head, the active entities at a change
    judging.JudgementQueries   "this name is (not) that entity"
    review.ReviewQueries       the queue of unresolved names, and curators' decisions on it
    apikeys.KeyQueries         API keys
    importing.ImportQueries    all-or-nothing import, the curated table's first load
    exporting.ExportQueries    export

The rows behind them: tables.py (schema), records.py (row -> record), entities.py (an
entity's rows and change records), db.py (engines, transactions, LISTEN).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TypeVar

from service.store import review
from service.store.apikeys import KeyQueries
from service.store.changes import ChangeQueries
from service.store.context import Normalizer, Write, bounded, plain_normalize
from service.store.db import create_db_engine, is_sqlite, listen_changes, write_transaction
from service.store.exporting import ExportQueries
from service.store.importing import ImportQueries, ImportReport
from service.store.judging import JudgementQueries
from service.store.lifecycle import EntityQueries
from service.store.review import ReviewQueries
from service.store.search import SearchQueries

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
T = TypeVar("T")

__all__ = ["ImportReport", "Store"]


class Store(
    EntityQueries,
    SearchQueries,
    ChangeQueries,
    JudgementQueries,
    ReviewQueries,
    KeyQueries,
    ImportQueries,
    ExportQueries,
):
    """Connections, transactions and hooks; each topic's operations come from its module."""

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
