"""What every write carries: its connection, who is writing, and the engine's normal form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.engine import Connection

Normalizer = Callable[[str], str]


def plain_normalize(name: str) -> str:
    """Fallback normal form when no engine is wired in (tests of the store alone)."""
    return " ".join(name.casefold().split())


@dataclass(frozen=True)
class Write:
    conn: Connection
    actor: str
    normalize: Normalizer
