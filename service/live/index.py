"""The two indexes of one process's live entities, fed together.

The matching engine answers /resolve and the suggest index answers autocomplete and
external-ID look-ups; both must hold the same entities or a name that resolves would not
autocomplete (or the reverse). So nothing adds to or removes from one without the other:
every write goes through ``add``, ``remove``, ``build`` or ``forget`` here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from service.live.suggest import Loader, SuggestIndex
from service.matching import Engine
from service.matching.engine import AliasRow
from service.model import Entity

logger = logging.getLogger("polyonym.resolver")
CANONICAL_KEY_PREFIX = "name:"


def alias_rows(entity: Entity) -> list[AliasRow]:
    """The canonical name under its own key, and every alias under its ID."""
    rows: list[AliasRow] = [
        (CANONICAL_KEY_PREFIX + entity.entity_id, entity.entity_id, entity.name)
    ]
    rows.extend((alias.alias_id, entity.entity_id, alias.name) for alias in entity.aliases)
    return rows


class LiveIndex:
    """The engine and the suggest index over the same live entities."""

    def __init__(
        self, load: Loader, engine: Engine | None = None, suggest: SuggestIndex | None = None
    ) -> None:
        """``load``: where the suggest index reads whole entities for the hits it shows."""
        self.engine = engine or Engine()
        self.suggest = suggest or SuggestIndex(load)
        self.suggest.attach(load)

    def __len__(self) -> int:
        """Aliases indexed for matching (what /readyz and /metrics report)."""
        return len(self.engine)

    def add(self, entity: Entity) -> None:
        """Index a live entity in both (the caller removed what was indexed under its ID)."""
        self.engine.upsert_entity(
            entity.entity_id, entity.name, entity.entity_type, entity.countries
        )
        self.engine.add_aliases(alias_rows(entity))
        self.suggest.add(entity)

    def remove(self, entity_id: str) -> None:
        """Take an entity out of both (deleted, merged away, or about to be re-added)."""
        self.engine.remove_entity(entity_id)
        self.suggest.remove(entity_id)

    def build(self, entities: Iterable[Entity], on_error: Callable[[str, Exception], None]) -> None:
        """Index a whole table at start-up: the engine's aliases in one bulk add (its fast
        path). An entity whose indexing raises is reported to ``on_error`` (once, with its
        first error) and left out whole, never half-indexed."""
        rows: list[AliasRow] = []
        failed: dict[str, Exception] = {}
        for entity in entities:
            try:
                self.engine.upsert_entity(
                    entity.entity_id, entity.name, entity.entity_type, entity.countries
                )
                self.suggest.add(entity)
            except Exception as exc:
                failed[entity.entity_id] = exc
                continue
            rows.extend(alias_rows(entity))

        def note(row: AliasRow, error: Exception) -> None:
            failed.setdefault(row[1], error)

        self.engine.add_aliases(rows, on_error=note)
        del rows
        self.forget(*failed)
        for entity_id, error in failed.items():
            on_error(entity_id, error)
        self.suggest.compact()

    def forget(self, *entity_ids: str) -> None:
        """Drop whatever of these entities got into either index before indexing raised."""
        for entity_id in entity_ids:
            try:
                self.engine.remove_entity(entity_id)
            except Exception:
                logger.exception("could not drop entity %s from the index", entity_id)
        try:
            self.suggest.remove_many(entity_ids)
        except Exception:
            logger.exception("could not drop %d entities from autocomplete", len(entity_ids))
