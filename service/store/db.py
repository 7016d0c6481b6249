"""Connections: one SQLAlchemy engine per process, durable settings per backend.

SQLite runs in WAL mode with ``synchronous=FULL`` so an acknowledged write survives a
killed process; writers take ``BEGIN IMMEDIATE`` so two workers never deadlock while
upgrading a read lock. PostgreSQL writers serialise on one advisory lock so change
sequence numbers commit in order and no reader ever sees a gap that later fills in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

# Arbitrary constant naming polyonym's write lock among the database's advisory locks.
WRITE_LOCK_KEY = 0x706F6C79
# The LISTEN/NOTIFY channel on which committed writes wake every process's follower.
CHANGES_CHANNEL = "polyonym_changes"


def create_db_engine(url: str, *, pool_size: int = 5, max_overflow: int = 5) -> Engine:
    """An engine with the pragmas or pool settings this service relies on."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        _configure_sqlite(engine)
        return engine
    return sa.create_engine(url, pool_size=pool_size, max_overflow=max_overflow, pool_pre_ping=True)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take over transaction control from pysqlite so BEGIN IMMEDIATE is possible.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        is_write = conn.get_execution_options().get("polyonym_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if is_write else "BEGIN")


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def write_transaction(engine: Engine, *, ordered: bool = True) -> Iterator[Connection]:
    """A write transaction; ``ordered`` ones hold the store-wide write lock until commit,
    which is what keeps change sequence numbers committing in order."""
    with engine.connect().execution_options(polyonym_write=True) as conn, conn.begin():
        if ordered and engine.dialect.name == "postgresql":
            take_write_lock(conn)
        yield conn


def take_write_lock(conn: Connection) -> None:
    """Serialise writers, and wake every follower when this transaction commits.

    PostgreSQL delivers NOTIFY only on commit (and drops it on rollback), and folds
    identical notifications of one transaction into one.
    """
    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK_KEY})
    conn.execute(sa.text("SELECT pg_notify(:channel, '')"), {"channel": CHANGES_CHANNEL})


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    """A consistent snapshot for multi-statement reads."""
    with engine.connect() as conn, conn.begin():
        if engine.dialect.name == "postgresql":
            conn.execute(sa.text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
        yield conn


@contextmanager
def listen_changes(url: str, application_name: str) -> Iterator[Callable[[float], None]]:
    """A dedicated PostgreSQL connection LISTENing on the changes channel, outside the
    pool (a LISTEN must stay on one connection). Yields ``wait(seconds)``, which returns
    at the first notification or after ``seconds``; closing the block closes the
    connection. A lost connection raises from ``wait``."""
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(dsn, autocommit=True, application_name=application_name) as conn:
        conn.execute(f"LISTEN {CHANGES_CHANNEL}")

        def wait(seconds: float) -> None:
            notifications = conn.notifies(timeout=seconds, stop_after=1)
            for _ in notifications:
                pass
            notifications.close()

        yield wait
