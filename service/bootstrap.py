"""Bring a store to a servable state: schema migrated, curated table loaded once."""

from __future__ import annotations

from service.bulk import read_seed
from service.config import Settings
from service.store import Store

SEED_ACTOR = "seed"


def open_store(settings: Settings) -> Store:
    return Store(
        settings.database_url, pool_size=settings.pool_size, max_overflow=settings.max_overflow
    )


def prepare_store(store: Store, settings: Settings) -> int:
    """Migrate, then load the shipped curated table into a store that never held data.

    Returns how many entities were loaded (0 when the store already had its history).
    """
    store.migrate()
    if not settings.load_seed:
        return 0
    return store.seed_if_empty(read_seed(), SEED_ACTOR)
