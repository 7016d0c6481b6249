"""Settings: read once from ``POLYONYM_*`` environment variables, then passed explicitly.

Nothing else in the package reads ``os.environ``; tests build ``Settings(...)`` directly.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

DEFAULT_DATABASE_URL = "sqlite:///polyonym.db"
# An absolute http(s) URL without userinfo, query, fragment or trailing slash.
PUBLIC_URL = re.compile(
    r"https?://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?"
    r"(/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*[A-Za-z0-9._~%!$&'()*+,;=:@-])?",
    re.ASCII,
)


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
    max_import_bytes: int = 4 * 1024 * 1024
    # POLYONYM_POOL_SIZE / POLYONYM_MAX_OVERFLOW: SQLAlchemy pool per process (PostgreSQL).
    pool_size: int = 5
    max_overflow: int = 5
    # POLYONYM_FOLLOW_CHANGES: a background thread per process applies committed changes
    # (LISTEN/NOTIFY on PostgreSQL, polling on SQLite) even when no request arrives.
    follow_changes: bool = True
    # POLYONYM_CATCHUP_SECONDS: longest a lost notification can leave an index stale.
    catchup_seconds: float = 5.0
    # POLYONYM_SKIP_UNREADY_SECONDS: a change the index cannot apply is skipped (logged,
    # counted, listed in /readyz); for this long after it first fails, /readyz says not
    # ready (0: never). Bounded on purpose: every process fails the same record alike.
    skip_unready_seconds: float = 60.0
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
    # POLYONYM_PUBLIC_URL: the URL clients reach the service at (https://polyonym.example,
    # no trailing slash), used for the absolute URLs of the reconciliation manifest. Unset,
    # the manifest's URLs are relative unless the request came to a loopback host
    # (OpenRefine on the same machine); the Host header is never trusted otherwise.
    public_url: str | None = None
    # POLYONYM_REVIEW_MAX_OPEN: most open items the review queue holds; past it a new name
    # only enters by displacing a less-asked one (service/store/review.py explains the rule).
    review_max_open: int = 10_000  # = service.store.review.DEFAULT_MAX_OPEN
    extra: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Settings that would misbehave quietly fail at start-up instead."""
        if self.public_url is not None and not PUBLIC_URL.fullmatch(self.public_url):
            raise ValueError(
                "POLYONYM_PUBLIC_URL must be http(s)://host[:port][/path], without a query, "
                f"a fragment or a trailing slash; got {self.public_url!r}"
            )
        if self.review_max_open < 1:
            raise ValueError("POLYONYM_REVIEW_MAX_OPEN must be at least 1")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            database_url=env.get("POLYONYM_DATABASE_URL") or DEFAULT_DATABASE_URL,
            require_read_key=_flag(env.get("POLYONYM_REQUIRE_READ_KEY"), False),
            load_seed=_flag(env.get("POLYONYM_LOAD_SEED"), True),
            max_body_bytes=int(env.get("POLYONYM_MAX_BODY_BYTES") or 2 * 1024 * 1024),
            max_import_bytes=int(env.get("POLYONYM_MAX_IMPORT_BYTES") or 4 * 1024 * 1024),
            pool_size=int(env.get("POLYONYM_POOL_SIZE") or 5),
            max_overflow=int(env.get("POLYONYM_MAX_OVERFLOW") or 5),
            follow_changes=_flag(env.get("POLYONYM_FOLLOW_CHANGES"), True),
            catchup_seconds=float(env.get("POLYONYM_CATCHUP_SECONDS") or 5.0),
            skip_unready_seconds=float(env.get("POLYONYM_SKIP_UNREADY_SECONDS") or 60.0),
            refresh_per_request=_flag(env.get("POLYONYM_REFRESH_PER_REQUEST"), True),
            run_dir=env.get("POLYONYM_RUN_DIR") or None,
            snapshot_dir=env.get("POLYONYM_SNAPSHOT_DIR") or None,
            log_level=env.get("POLYONYM_LOG_LEVEL") or "INFO",
            public_url=(env.get("POLYONYM_PUBLIC_URL") or "").rstrip("/") or None,
            review_max_open=int(env.get("POLYONYM_REVIEW_MAX_OPEN") or 10_000),
        )
