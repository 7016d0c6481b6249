"""Bring a store to a servable state (schema migrated, curated table loaded once) and
build a process's resolver on it."""

from __future__ import annotations

from collections.abc import Callable

from service.bulk import read_seed
from service.config import Settings
from service.live.resolver import Resolver
from service.live.signal import ChangeSignal, signal_path
from service.matching import Engine
from service.skipped import SkippedChange
from service.store import Store

SEED_ACTOR = "seed"


def change_signal(settings: Settings) -> ChangeSignal | None:
    """The machine-wide change signal of this database (None for an in-memory store)."""
    path = signal_path(settings.database_url, settings.run_dir)
    return ChangeSignal(path) if path is not None else None


def open_store(settings: Settings) -> Store:
    """A store whose duplicate checks and judgements use the engine's normal form, and
    whose commits bump the change signal so local workers see them at once."""
    store = Store(
        settings.database_url,
        normalize=Engine().normalize,
        pool_size=settings.pool_size,
        max_overflow=settings.max_overflow,
    )
    signal = change_signal(settings)
    if signal is not None:
        store.after_commit.append(signal.bump)
    return store


def prepare_store(store: Store, settings: Settings) -> int:
    """Migrate, then load the shipped curated table into a store that never held data.

    Returns how many entities were loaded (0 when the store already had its history).
    """
    store.migrate()
    if not settings.load_seed:
        return 0
    return store.seed_if_empty(read_seed(), SEED_ACTOR)


def start_resolver(
    settings: Settings,
    store: Store,
    on_skip: Callable[[SkippedChange], None] | None = None,
    after_wake: Callable[[Resolver], None] | None = None,
) -> Resolver:
    """A loaded resolver (from the snapshot when one fits) that follows the change log when
    the settings ask: ``on_skip`` sees each change it cannot apply, from the load on, and
    ``after_wake`` runs after each of its follower's wake-ups."""
    resolver = Resolver(
        store,
        refresh_per_request=settings.refresh_per_request,
        unready_seconds=settings.skip_unready_seconds,
        signal=change_signal(settings),
    )
    if on_skip is not None:
        resolver.on_skip.append(on_skip)  # before load: its skips count too
    resolver.load(settings.snapshot_dir)
    resolver.engine.compile_if_large()  # before the workers fork: none compiles on its own
    if settings.follow_changes:

        def wake() -> None:
            resolver.engine.compile_if_large()  # writes grew the table: here, not in a request
            if after_wake is not None:
                after_wake(resolver)

        resolver.follow(settings.catchup_seconds, after_wake=wake)
    return resolver
