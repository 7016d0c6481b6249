"""Merges and splits: IDs stay stable because absorbed IDs become permanent redirects."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from service.errors import AliasNotFound, InvalidInput
from service.model import Entity
from service.store.context import Write
from service.store.entities import (
    bump_version,
    entity_values,
    fetch_any,
    fetch_live,
    insert_aliases,
    next_entity_id,
    record_change,
)
from service.store.records import join_countries, snapshot, utcnow
from service.store.tables import aliases, entities, judgements, review_items


def merge(w: Write, survivor_id: str, absorbed_ids: Sequence[str], expected: int | None) -> Entity:
    """Move the absorbed entities' aliases, names and external IDs into the survivor.

    Every redirect that pointed at an absorbed entity is re-pointed at the survivor, so a
    chain (A into B, then B into C) answers C in one hop.
    """
    survivor = fetch_live(w.conn, survivor_id)
    absorbed = []
    for entity_id in dict.fromkeys(absorbed_ids):
        if entity_id == survivor_id:
            raise InvalidInput("an entity cannot absorb itself", field="from")
        absorbed.append(fetch_live(w.conn, entity_id))
    bump_version(w, survivor_id, expected)
    known = {w.normalize(survivor.name)} | {w.normalize(a.name) for a in survivor.aliases}
    held = {a.name for a in survivor.aliases}
    external_ids = dict(survivor.external_ids)
    countries = set(survivor.countries)  # the survivor gets every absorbed one's too
    for entity in absorbed:
        fold_aliases(w, survivor_id, entity, held)
        known.update(w.normalize(a.name) for a in entity.aliases)
        if w.normalize(entity.name) not in known and entity.name not in held:
            insert_aliases(w, survivor_id, [(entity.name, None, False)])
            held.add(entity.name)
        for key, value in entity.external_ids.items():
            external_ids.setdefault(key, value)
        countries.update(entity.countries)
        w.conn.execute(
            sa.update(entities)
            .where(entities.c.id == entity.entity_id)
            .values(
                status="merged",
                merged_into=survivor_id,
                version=entities.c.version + 1,
                updated_at=utcnow(),
                updated_by=w.actor,
            )
        )
        w.conn.execute(
            sa.update(entities)
            .where(entities.c.merged_into == entity.entity_id)
            .values(merged_into=survivor_id)
        )
        w.conn.execute(
            sa.update(judgements)
            .where(judgements.c.entity_id == entity.entity_id)
            .values(entity_id=survivor_id)
        )
        w.conn.execute(
            sa.update(review_items)
            .where(review_items.c.best_entity_id == entity.entity_id)
            .values(best_entity_id=survivor_id)
        )
        record_change(
            w,
            entity_id=entity.entity_id,
            kind="merged",
            before=snapshot(entity),
            after={"merged_into": survivor_id},
        )
    w.conn.execute(
        sa.update(entities)
        .where(entities.c.id == survivor_id)
        .values(external_ids=external_ids, countries=join_countries(sorted(countries)))
    )
    after = fetch_live(w.conn, survivor_id)
    record_change(
        w,
        entity_id=survivor_id,
        kind="merge",
        before=snapshot(survivor),
        after={**snapshot(after), "absorbed": [e.entity_id for e in absorbed]},
    )
    return after


def fold_aliases(w: Write, survivor_id: str, entity: Entity, held: set[str]) -> None:
    """Move ``entity``'s aliases to the survivor, dropping those it already holds as
    written (``held``, updated): merging back a split-off entity, or two entities with a
    common alias, would otherwise leave the survivor with copies that export twice."""
    copies = [a.alias_id for a in entity.aliases if a.name in held]
    if copies:
        w.conn.execute(sa.delete(aliases).where(aliases.c.id.in_(copies)))
    w.conn.execute(
        sa.update(aliases)
        .where(aliases.c.entity_id == entity.entity_id)
        .values(entity_id=survivor_id)
    )
    held.update(a.name for a in entity.aliases)


def split(
    w: Write,
    source_id: str,
    alias_ids: Sequence[int],
    name: str,
    entity_type: str,
    expected: int | None,
    countries: Sequence[str] | None = None,
) -> tuple[Entity, Entity]:
    """Move the listed aliases to a new entity with a new ID (undoing a wrong merge).

    The new entity gets ``countries``, or the source's when None: a merge gave the source
    the union, and keeping it on both leaves neither in conflict with a query that either
    half matched before; a curator narrows each with PATCH (or sends countries here)."""

    source = fetch_live(w.conn, source_id)
    owned = {a.alias_id for a in source.aliases}
    missing = [a for a in alias_ids if a not in owned]
    if missing:
        raise AliasNotFound(f"entity {source_id} has no alias {missing[0]}", field="aliases")
    bump_version(w, source_id, expected)
    new_id = next_entity_id(w.conn)
    kept = source.countries if countries is None else countries
    row = entity_values(w, new_id, entity_type, name, countries=kept)
    w.conn.execute(sa.insert(entities).values(**row))
    w.conn.execute(
        sa.update(aliases).where(aliases.c.id.in_(list(alias_ids))).values(entity_id=new_id)
    )
    created = fetch_live(w.conn, new_id)
    after = fetch_live(w.conn, source_id)
    record_change(
        w,
        entity_id=source_id,
        kind="split",
        before=snapshot(source),
        after={**snapshot(after), "split_into": new_id},
    )
    record_change(
        w,
        entity_id=new_id,
        kind="create",
        before=None,
        after={**snapshot(created), "split_from": source_id},
    )
    return after, created


def resolve_redirect(w: Write, entity_id: str) -> str:
    """The live ID an ID stands for now (itself, or the survivor of its merge)."""
    entity = fetch_any(w.conn, entity_id)
    return entity.merged_into if entity.status == "merged" and entity.merged_into else entity_id
