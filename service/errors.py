"""Domain errors: what went wrong in the store or the request's meaning, never HTTP.

Only ``service.web.problems`` turns them into responses.

    PolyonymError
    ├── EntityNotFound        no such ID was ever issued
    ├── EntityGone            the entity was deleted (tombstone)
    ├── AliasNotFound
    ├── VersionConflict       If-Match names a stale version (lost update prevented)
    ├── InvalidInput          the request is well-formed but means nothing (e.g. empty name)
    └── Unauthorized / Forbidden
"""

from __future__ import annotations


class PolyonymError(Exception):
    """Base of every error the service raises on purpose."""

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field


class EntityNotFound(PolyonymError):
    pass


class EntityGone(PolyonymError):
    pass


class AliasNotFound(PolyonymError):
    pass


class VersionConflict(PolyonymError):
    def __init__(self, detail: str, *, current_version: int | None = None) -> None:
        super().__init__(detail)
        self.current_version = current_version


class InvalidInput(PolyonymError):
    pass


class Unauthorized(PolyonymError):
    pass


class Forbidden(PolyonymError):
    pass
