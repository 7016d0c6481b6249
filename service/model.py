"""Plain records passed between the store, the resolver and the web layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

ENTITY_TYPES = ("person", "organization", "place", "event", "other")
ROLES = ("curator", "admin")


@dataclass(frozen=True)
class Alias:
    alias_id: int
    entity_id: str
    name: str
    lang: str | None = None


@dataclass(frozen=True)
class Entity:
    entity_id: str
    entity_type: str
    name: str
    aliases: list[Alias] = field(default_factory=list)
    external_ids: dict[str, str] = field(default_factory=dict)
    version: int = 1
    status: str = "active"
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
