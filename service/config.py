"""Settings: read once from ``POLYONYM_*`` environment variables, then passed explicitly.

Nothing else in the package reads ``os.environ``; tests build ``Settings(...)`` directly.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

DEFAULT_DATABASE_URL = "sqlite:///polyonym.db"


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    # POLYONYM_DATABASE_URL: SQLAlchemy URL of the store (SQLite file or postgresql+psycopg://).
    database_url: str = DEFAULT_DATABASE_URL
    # POLYONYM_REQUIRE_READ_KEY: when true, reads (resolve, entities) need a key of any role too.
    require_read_key: bool = False
    # POLYONYM_LOAD_SEED: load the curated table shipped in the package into an empty store.
    load_seed: bool = True
    # POLYONYM_MAX_BODY_BYTES: request bodies above this size get 413.
    max_body_bytes: int = 2 * 1024 * 1024
    # POLYONYM_MAX_IMPORT_BYTES: the larger limit for POST /import (JSON Lines files).
    max_import_bytes: int = 512 * 1024 * 1024
    # POLYONYM_POOL_SIZE / POLYONYM_MAX_OVERFLOW: SQLAlchemy pool per process (PostgreSQL).
    pool_size: int = 5
    max_overflow: int = 5
    # POLYONYM_FOLLOW_CHANGES: a background thread per process applies committed changes
    # (LISTEN/NOTIFY on PostgreSQL, polling on SQLite) even when no request arrives.
    follow_changes: bool = True
    # POLYONYM_CATCHUP_SECONDS: longest a lost notification can leave an index stale.
    catchup_seconds: float = 5.0
    # POLYONYM_REFRESH_PER_REQUEST: each /resolve first checks the change sequence, so a
    # write is visible on every worker as soon as it returns (read-your-writes).
    refresh_per_request: bool = True
    # POLYONYM_RUN_DIR: where the change-signal file of a PostgreSQL store lives (default:
    # the system temp dir); a SQLite store keeps it next to the database file.
    run_dir: str | None = None
    # POLYONYM_SNAPSHOT_DIR: where `polyonym snapshot` writes the built index and where
    # processes look for one at start-up (unset: always build from the store).
    snapshot_dir: str | None = None
    # POLYONYM_LOG_LEVEL: root log level of the service.
    log_level: str = "INFO"
    extra: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            database_url=env.get("POLYONYM_DATABASE_URL") or DEFAULT_DATABASE_URL,
            require_read_key=_flag(env.get("POLYONYM_REQUIRE_READ_KEY"), False),
            load_seed=_flag(env.get("POLYONYM_LOAD_SEED"), True),
            max_body_bytes=int(env.get("POLYONYM_MAX_BODY_BYTES") or 2 * 1024 * 1024),
            max_import_bytes=int(env.get("POLYONYM_MAX_IMPORT_BYTES") or 512 * 1024 * 1024),
            pool_size=int(env.get("POLYONYM_POOL_SIZE") or 5),
            max_overflow=int(env.get("POLYONYM_MAX_OVERFLOW") or 5),
            follow_changes=_flag(env.get("POLYONYM_FOLLOW_CHANGES"), True),
            catchup_seconds=float(env.get("POLYONYM_CATCHUP_SECONDS") or 5.0),
            refresh_per_request=_flag(env.get("POLYONYM_REFRESH_PER_REQUEST"), True),
            run_dir=env.get("POLYONYM_RUN_DIR") or None,
            snapshot_dir=env.get("POLYONYM_SNAPSHOT_DIR") or None,
            log_level=env.get("POLYONYM_LOG_LEVEL") or "INFO",
        )
