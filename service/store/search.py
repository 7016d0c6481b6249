"""Listing entities: contains-search over names and aliases in every script, by type and
country, a page at a time."""

from __future__ import annotations

import sqlalchemy as sa

from service.model import Entity
from service.store.context import Core
from service.store.db import read_transaction
from service.store.records import load_entities
from service.store.tables import aliases, entities, search_form

LIKE_ESCAPE = "\\"


def contains_pattern(query: str) -> str:
    """A LIKE pattern for "contains ``query``": its search form with the wildcards and the
    escape character escaped (``q=_`` listed every entity)."""
    form = search_form(query)
    for char in (LIKE_ESCAPE, "%", "_"):
        form = form.replace(char, LIKE_ESCAPE + char)
    return f"%{form}%"


def name_contains(table: sa.Table, pattern: str) -> sa.ColumnElement[bool]:
    """The row's search form matches; a row an older version wrote during a rolling
    deploy has none yet, and is compared by lower(name) until it gets one."""
    by_form = table.c.search.like(pattern, escape=LIKE_ESCAPE)
    legacy = table.c.search.is_(None) & sa.func.lower(table.c.name).like(
        pattern, escape=LIKE_ESCAPE
    )
    return by_form | legacy


def has_country(code: str) -> sa.ColumnElement[bool]:
    """The entity's countries include ``code`` (two validated letters, so no wildcard):
    the column is space-separated codes, padded here so a code matches only whole."""
    padded = sa.literal(" ") + entities.c.countries + sa.literal(" ")
    return padded.like(f"% {code} %")


class SearchQueries:
    """The Store's entity listing (see service/store/__init__.py for the Store)."""

    def list_entities(
        self: Core,
        *,
        query: str | None,
        entity_type: str | None,
        page: int,
        per_page: int,
        country: str | None = None,
    ) -> tuple[list[Entity], int]:
        """Active entities whose name or an alias contains ``query``, as written: case is
        ignored in every script and ``%``, ``_`` and ``\\`` are plain characters.
        ``country``: only entities with this (normalised) country code among theirs."""
        condition = entities.c.status == "active"
        if entity_type:
            condition = condition & (entities.c.type == entity_type)
        if country:
            condition = condition & has_country(country)
        if query:
            pattern = contains_pattern(query)
            in_alias = sa.select(aliases.c.entity_id).where(name_contains(aliases, pattern))
            condition = condition & (name_contains(entities, pattern) | entities.c.id.in_(in_alias))
        with read_transaction(self.engine) as conn:
            total = conn.execute(sa.select(sa.func.count()).where(condition)).scalar_one()
            ids = (
                conn.execute(
                    sa.select(entities.c.id)
                    .where(condition)
                    .order_by(entities.c.id)
                    .limit(per_page)
                    .offset((page - 1) * per_page)
                )
                .scalars()
                .all()
            )
            found = load_entities(conn, list(ids))
        return [found[i] for i in ids], int(total)
