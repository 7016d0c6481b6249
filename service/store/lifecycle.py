"""An entity's life as curators write it: created, changed, aliased, deleted, merged and
split. Merges and splits keep IDs stable: absorbed IDs become permanent redirects.

The rows each step writes are in service/store/entities.py; ``EntityQueries`` gives the
Store its methods, each one write transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from service.errors import AliasNotFound, InvalidInput
from service.model import Entity
from service.store.context import Core, Write
from service.store.entities import (
    AliasSpec,
    add_alias,
    bump_version,
    delete_entity,
    entity_values,
    fetch_any,
    fetch_live,
    insert_aliases,
    insert_entity,
    record_change,
    remove_alias,
    update_entity,
)
from service.store.ids import next_entity_id
from service.store.records import entity_state, join_countries, utcnow
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
            before=entity_state(entity),
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
        before=entity_state(survivor),
        after={**entity_state(after), "absorbed": [e.entity_id for e in absorbed]},
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
        before=entity_state(source),
        after={**entity_state(after), "split_into": new_id},
    )
    record_change(
        w,
        entity_id=new_id,
        kind="create",
        before=None,
        after={**entity_state(created), "split_from": source_id},
    )
    return after, created


def resolve_redirect(w: Write, entity_id: str) -> str:
    """The live ID an ID stands for now (itself, or the survivor of its merge)."""
    entity = fetch_any(w.conn, entity_id)
    return entity.merged_into if entity.status == "merged" and entity.merged_into else entity_id


class EntityQueries:
    """The Store's entity writes and its read of one live entity."""

    def create_entity(
        self: Core,
        *,
        name: str,
        entity_type: str,
        alias_specs: Sequence[AliasSpec],
        external_ids: Mapping[str, str],
        actor: str,
        countries: Sequence[str] = (),
    ) -> Entity:
        def create(w: Write) -> Entity:
            return insert_entity(
                w,
                entity_id=next_entity_id(w.conn),
                entity_type=entity_type,
                name=name,
                alias_specs=alias_specs,
                external_ids=external_ids,
                countries=countries,
            )

        return self._in_write(actor, create)

    def get_entity(self: Core, entity_id: str) -> Entity:
        """The live entity; raises EntityMerged (with the survivor) or EntityGone."""
        with self.engine.connect() as conn:
            return fetch_live(conn, entity_id)

    def update_entity(
        self: Core,
        entity_id: str,
        expected_version: int | None,
        fields: Mapping[str, Any],
        actor: str,
    ) -> Entity:
        return self._in_write(
            actor, lambda w: update_entity(w, entity_id, expected_version, fields)
        )

    def delete_entity(self: Core, entity_id: str, expected_version: int | None, actor: str) -> None:
        self._in_write(actor, lambda w: delete_entity(w, entity_id, expected_version))

    def add_alias(
        self: Core,
        entity_id: str,
        name: str,
        lang: str | None,
        expected_version: int | None,
        actor: str,
        shared: bool = False,
    ) -> tuple[int, Entity]:
        return self._in_write(
            actor,
            lambda w: add_alias(w, entity_id, (name, lang, shared), expected_version),
        )

    def remove_alias(
        self: Core, entity_id: str, alias_id: int, expected_version: int | None, actor: str
    ) -> Entity:
        return self._in_write(
            actor, lambda w: remove_alias(w, entity_id, alias_id, expected_version)
        )

    def merge(
        self: Core,
        survivor_id: str,
        absorbed_ids: Sequence[str],
        expected_version: int | None,
        actor: str,
    ) -> Entity:
        return self._in_write(
            actor, lambda w: merge(w, survivor_id, absorbed_ids, expected_version)
        )

    def split(
        self: Core,
        source_id: str,
        alias_ids: Sequence[int],
        name: str,
        entity_type: str,
        expected_version: int | None,
        actor: str,
        countries: Sequence[str] | None = None,
    ) -> tuple[Entity, Entity]:
        """``countries``: the new entity's; None: the source's (see lifecycle.split)."""
        return self._in_write(
            actor,
            lambda w: split(
                w, source_id, alias_ids, name, entity_type, expected_version, countries
            ),
        )
