"""Index snapshots: a process starts from a saved index, then catches up on the changes
committed since; a snapshot of another database or history is never used."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from service.cli import main
from service.config import Settings
from service.live.resolver import Resolver
from service.store import Store


def add_person(store: Store, name: str, *aliases: str) -> str:
    entity = store.create_entity(
        name=name, entity_type="person", alias_specs=[(a, None, False) for a in aliases],
        external_ids={}, actor="t",
    )  # fmt: skip
    return entity.entity_id


def test_start_from_snapshot_then_catch_up(db_store: Store, tmp_path: Path) -> None:
    first = add_person(db_store, "Geir Pedersen", "Гейр Педерсен")
    built = Resolver(db_store, record_unresolved=False)
    built.load()
    built.save_snapshot(str(tmp_path))
    later = add_person(db_store, "Staffan de Mistura", "ستافان دي ميستورا")

    started = Resolver(db_store, record_unresolved=False)
    started.load(str(tmp_path))
    assert started.applied_seq == db_store.last_seq()
    assert started.resolve("Гейр Педерсен").resolution.match.entity_id == first  # type: ignore[union-attr]
    assert started.resolve("Staffan de Mistura").resolution.match.entity_id == later  # type: ignore[union-attr]
    assert [h.entity.entity_id for h in started.suggest.prefix("stafф"[:4])] == [later]
    assert started.suggest.entity(first) is not None  # the store loader is attached again


def test_snapshot_of_another_history_is_ignored(db_store: Store, tmp_path: Path) -> None:
    resolver = Resolver(db_store, record_unresolved=False)
    resolver.load()
    path = resolver.save_snapshot(str(tmp_path))
    state_seq = resolver.applied_seq
    # Same sequence number, different history: a fresh store that saw other writes.
    other = Store(f"sqlite:///{tmp_path / 'other.db'}")
    other.migrate()
    while other.last_seq() < state_seq:
        add_person(other, f"Filler {other.last_seq()}")
    fresh = Resolver(other, record_unresolved=False)
    fresh.load(str(tmp_path))
    assert path.exists()
    assert fresh.resolve("Vladimir Putin").resolution.status == "no_match"
    other.dispose()


def test_cli_writes_a_snapshot(db_runner: CliRunner, db_settings: Settings, tmp_path: Path) -> None:
    db_runner.env["POLYONYM_SNAPSHOT_DIR"] = str(tmp_path / "snaps")  # type: ignore[index]
    result = db_runner.invoke(main, ["snapshot"])
    assert result.exit_code == 0, result.output
    assert list((tmp_path / "snaps").glob("index-*.pickle"))
