"""Plain records passed between the store, the resolver and the web layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

ENTITY_TYPES = ("person", "organization", "place", "event", "other")
ROLES = ("reader", "curator", "admin")  # reader: reads only (POLYONYM_REQUIRE_READ_KEY)
VERDICTS = ("not_same", "same")  # curators' judgements of a (name, entity) pair


@dataclass(frozen=True)
class Alias:
    alias_id: int
    entity_id: str
    name: str
    lang: str | None = None
    shared: bool = False


@dataclass(frozen=True)
class Entity:
    entity_id: str
    entity_type: str
    name: str
    aliases: list[Alias] = field(default_factory=list)
    external_ids: dict[str, str] = field(default_factory=dict)
    version: int = 1
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2, sorted (service/countries.py)
    status: str = "active"
    merged_into: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    created_by: str | None = None
    updated_by: str | None = None


@dataclass(frozen=True)
class ApiKey:
    name: str
    role: str
    created_at: datetime
    revoked_at: datetime | None = None


@dataclass(frozen=True)
class Change:
    seq: int
    entity_id: str | None
    kind: str
    actor: str
    at: datetime
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class Judgement:
    judgement_id: int
    name: str
    norm: str
    entity_id: str
    verdict: str
    actor: str
    created_at: datetime

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.judgement_id,
            "name": self.name,
            "norm": self.norm,
            "entity_id": self.entity_id,
            "verdict": self.verdict,
            "actor": self.actor,
            "created_at": self.created_at.isoformat(),
        }


@dataclass(frozen=True)
class ReviewItem:
    item_id: int
    name: str
    norm: str
    count: int
    first_seen: datetime
    last_seen: datetime
    last_status: str
    best_entity_id: str | None
    best_score: float | None
    state: str


@dataclass(frozen=True)
class Unresolved:
    """One unresolved ask, as /resolve hands it to the review queue's buffer."""

    norm: str
    name: str
    status: str
    best_entity_id: str | None
    best_score: float | None
    seen_at: datetime
    count: int = 1
