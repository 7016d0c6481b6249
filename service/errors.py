"""Domain errors: what went wrong in the store or the request's meaning, never HTTP.

Only ``service.web.problems`` turns them into responses.

    PolyonymError
    ├── EntityNotFound        no such ID was ever issued
    ├── EntityGone            the entity was deleted (tombstone)
    ├── AliasNotFound
    ├── EntityMerged          the entity was merged; ``merged_into`` is where it lives now
    ├── VersionConflict       If-Match names a stale version (lost update prevented)
    ├── AliasConflict         the name is already an exact alias of another live entity
    ├── DuplicateAlias        the entity already has this alias, as written
    ├── ContradictsAlias      "not this entity" for a name that is an exact alias of it
    ├── JudgementNotFound / ReviewItemNotFound
    ├── ImportRejected        a bulk file had bad lines; nothing was written
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


class EntityMerged(PolyonymError):
    def __init__(self, detail: str, *, merged_into: str) -> None:
        super().__init__(detail)
        self.merged_into = merged_into


class AliasConflict(PolyonymError):
    def __init__(self, detail: str, *, entity_ids: list[str], field: str | None = None) -> None:
        super().__init__(detail, field=field)
        self.entity_ids = entity_ids


class JudgementNotFound(PolyonymError):
    pass


class ReviewItemNotFound(PolyonymError):
    pass


class ImportRejected(PolyonymError):
    def __init__(self, detail: str, *, line_errors: list[dict[str, object]]) -> None:
        super().__init__(detail)
        self.line_errors = line_errors


class DuplicateAlias(PolyonymError):
    """A second copy of an alias adds nothing to matching and is exported twice."""

    def __init__(self, detail: str, *, alias_id: int, field: str | None = None) -> None:
        super().__init__(detail, field=field)
        self.alias_id = alias_id


class ContradictsAlias(PolyonymError):
    """A not_same verdict on one of the entity's own exact aliases would stop that alias
    from ever matching; the caller must say ``force`` to mean it."""
