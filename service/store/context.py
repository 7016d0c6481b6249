"""What every write carries (its connection, who is writing, the engine's normal form),
and what the store's topic modules use of the Store (``Core``)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol, TypeVar

from sqlalchemy.engine import Connection, Engine

Normalizer = Callable[[str], str]
T = TypeVar("T")


# The ``norm`` columns are VARCHAR(1024), and PostgreSQL refuses a longer value (SQLite does
# not check). A 512-character name can fold to far more: each CJK character becomes a
# syllable ("莊" -> "zhuang"), "ﷺ" a whole phrase (19 letters). So a normal form longer
# than that keeps its head and ends in a digest of the whole: still one value per name,
# still equal for equal names, and it fits.
NORM_MAX = 1024
_DIGEST_CHARS = 40  # hex of SHA-256, cut: collisions are out of reach


def bounded_norm(norm: str) -> str:
    """``norm`` itself when it fits the store's column, else its head plus a digest."""
    if len(norm) <= NORM_MAX:
        return norm
    digest = hashlib.sha256(norm.encode("utf-8")).hexdigest()[:_DIGEST_CHARS]
    return f"{norm[: NORM_MAX - _DIGEST_CHARS - 1]}#{digest}"


def bounded(normalize: Normalizer) -> Normalizer:
    """The normaliser as the store keeps its output (see bounded_norm)."""

    def normalize_bounded(name: str) -> str:
        return bounded_norm(normalize(name))

    return normalize_bounded


def plain_normalize(name: str) -> str:
    """Fallback normal form when no engine is wired in (tests of the store alone)."""
    return " ".join(name.casefold().split())


@dataclass(frozen=True)
class Write:
    conn: Connection
    actor: str
    normalize: Normalizer


class Core(Protocol):
    """The Store's connections, transactions and hooks (service/store/__init__.py), as the
    topic classes (EntityQueries, ChangeQueries, ...) that make up the Store use them."""

    engine: Engine
    normalize: Normalizer
    review_max_open: int

    def _write(self, actor: str) -> AbstractContextManager[Write]: ...

    def _in_write(self, actor: str, operation: Callable[[Write], T]) -> T: ...

    def _committed(self) -> None: ...
