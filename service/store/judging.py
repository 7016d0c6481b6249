"""Judgements: "this name is (not) that entity", kept by normal form, outliving merges."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from service.errors import ContradictsAlias, JudgementNotFound
from service.model import Judgement
from service.store.context import Core, Write
from service.store.entities import add_alias, check_stored_name, fetch_live, record_change
from service.store.lifecycle import resolve_redirect
from service.store.records import as_utc, utcnow
from service.store.tables import judgements


def judgement_from_row(row: Any) -> Judgement:
    return Judgement(
        judgement_id=row.id,
        name=row.name,
        norm=row.norm,
        entity_id=row.entity_id,
        verdict=row.verdict,
        actor=row.actor,
        created_at=as_utc(row.created_at),  # type: ignore[arg-type]
    )


def add_judgement(
    w: Write,
    name: str,
    entity_id: str,
    verdict: str,
    allow_shared: bool = False,
    force: bool = False,
) -> Judgement:
    """Record a verdict; ``same`` also makes the name an alias of the entity. ``not_same``
    on one of the entity's own exact aliases (by normal form) is refused unless ``force``:
    that alias would never match again, which is rarely what a curator meant."""
    entity_id = resolve_redirect(w, entity_id)
    live = fetch_live(w.conn, entity_id)
    norm = w.normalize(name)
    if verdict == "same":  # stored as a judgement even when an alias has its normal form
        check_stored_name(name, "name")
    if verdict == "not_same" and not force:
        if w.normalize(live.name) == norm:  # the name is indexed as an alias too
            raise ContradictsAlias(
                f'{name!r} is the name of {entity_id}: send "force": true to keep it and '
                "never match it",
                field="name",
            )
        for alias in live.aliases:
            if w.normalize(alias.name) == norm:
                raise ContradictsAlias(
                    f"{name!r} is an exact alias of {entity_id} (alias {alias.alias_id} "
                    f'{alias.name!r}): remove the alias, or send "force": true to keep it '
                    "and never match it",
                    field="name",
                )
    if verdict == "same":
        entity = fetch_live(w.conn, entity_id)
        names = {w.normalize(entity.name)} | {w.normalize(a.name) for a in entity.aliases}
        if norm not in names:
            add_alias(w, entity_id, (name, None, allow_shared), None)
    result = w.conn.execute(
        sa.insert(judgements).values(
            name=name,
            norm=norm,
            entity_id=entity_id,
            verdict=verdict,
            actor=w.actor,
            created_at=utcnow(),
        )
    )
    judgement_id = int(result.inserted_primary_key[0])
    created = get_judgement(w.conn, judgement_id)
    record_change(w, entity_id=entity_id, kind="judgement", before=None, after=created.as_dict())
    return created


def get_judgement(conn: Connection, judgement_id: int) -> Judgement:
    row = conn.execute(sa.select(judgements).where(judgements.c.id == judgement_id)).first()
    if row is None:
        raise JudgementNotFound(f"no judgement {judgement_id}")
    return judgement_from_row(row)


def withdraw_judgement(w: Write, judgement_id: int) -> None:
    existing = get_judgement(w.conn, judgement_id)
    w.conn.execute(sa.delete(judgements).where(judgements.c.id == judgement_id))
    record_change(
        w,
        entity_id=existing.entity_id,
        kind="judgement_withdrawn",
        before=existing.as_dict(),
        after=None,
    )


def list_judgements(
    conn: Connection, entity_id: str | None = None, verdict: str | None = None
) -> list[Judgement]:
    query = sa.select(judgements).order_by(judgements.c.id)
    if entity_id:
        query = query.where(judgements.c.entity_id == entity_id)
    if verdict:
        query = query.where(judgements.c.verdict == verdict)
    return [judgement_from_row(row) for row in conn.execute(query)]


def not_same_map(conn: Connection) -> dict[str, set[str]]:
    """Normal form -> the entities curators said a name of that form is not."""
    blocked: dict[str, set[str]] = {}
    for judgement in list_judgements(conn, verdict="not_same"):
        blocked.setdefault(judgement.norm, set()).add(judgement.entity_id)
    return blocked


class JudgementQueries:
    """The Store's judgements."""

    def add_judgement(
        self: Core,
        name: str,
        entity_id: str,
        verdict: str,
        actor: str,
        allow_shared: bool = False,
        force: bool = False,
    ) -> Judgement:
        return self._in_write(
            actor,
            lambda w: add_judgement(w, name, entity_id, verdict, allow_shared, force),
        )

    def list_judgements(
        self: Core, entity_id: str | None = None, verdict: str | None = None
    ) -> list[Judgement]:
        with self.engine.connect() as conn:
            return list_judgements(conn, entity_id, verdict)

    def withdraw_judgement(self: Core, judgement_id: int, actor: str) -> None:
        self._in_write(actor, lambda w: withdraw_judgement(w, judgement_id))

    def not_same(self: Core) -> dict[str, set[str]]:
        with self.engine.connect() as conn:
            return not_same_map(conn)
