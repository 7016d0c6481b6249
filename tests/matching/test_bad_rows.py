"""A row the engine cannot key or index costs that row only, never the bulk load or the
index's consistency (the live index skips it: service/skipped.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from service.matching import Engine, acronyms, bulk_index, bulk_keys, keys, normalize
from service.matching.engine import AliasRow

POISON = "zzpoison"
ROWS: list[AliasRow] = [
    (1, "e1", "Vladimir Putin"),
    (2, "e2", f"{POISON} Airlines"),
    (3, "e3", "Bashar al-Assad"),
    (4, "e2", "El Al Israel Airlines"),
]


@pytest.fixture
def poisoned_keying(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keying raises for the poisoned name, as it did for a lone article (folding, which
    build_keys and a bulk load's word by word keying share)."""
    real = normalize._fold_words

    def fold_words(text: str, east_slavic: bool | None = None) -> str:
        if POISON in text.lower():
            raise IndexError("string index out of range")
        return real(text, east_slavic)

    monkeypatch.setattr(normalize, "_fold_words", fold_words)


def engine_with_types() -> Engine:
    engine = Engine(build_workers=0)
    for number in (1, 2, 3):
        engine.upsert_entity(f"e{number}", f"E{number}", ("organization", "person")[number % 2])
    return engine


def assert_consistent(engine: Engine) -> None:
    index = engine.index
    slots = len(index.alias_names)
    for column in (index.alias_keys, index.alias_entity, index.alias_tok_start):
        assert len(column) == slots
    assert len(index.alias_tok_len) == slots
    assert len(index.tokens) == len(index.token_kid) == len(index.token_bare_kid)
    assert len(index.token_gloss_kid) == len(index.tokens)
    assert len(index.kid_skel) == len(index.postings) == len(index.kid_df)
    live = [slot for slot, name in enumerate(index.alias_names) if name is not None]
    assert len(engine) == len(live) == len(index.alias_pos)  # nothing half in


def assert_left_out(engine: Engine, row: AliasRow) -> None:
    assert row[0] not in engine.index.alias_pos
    assert row[2] not in engine.index.alias_names


def load_reporting(engine: Engine) -> list[tuple[AliasRow, Exception]]:
    failed: list[tuple[AliasRow, Exception]] = []
    engine.add_aliases(ROWS, on_error=lambda row, exc: failed.append((row, exc)))
    return failed


@pytest.mark.usefixtures("poisoned_keying")
def test_a_row_whose_keying_raises_is_reported_and_the_rest_load() -> None:
    engine = engine_with_types()
    failed = load_reporting(engine)
    assert [(row, type(exc)) for row, exc in failed] == [(ROWS[1], IndexError)]
    assert len(engine) == 3
    assert_consistent(engine)
    assert_left_out(engine, ROWS[1])
    assert engine.resolve("Bashar al-Assad").match.entity_id == "e3"  # type: ignore[union-attr]
    assert engine.resolve("El Al Israel Airlines").match.entity_id == "e2"  # type: ignore[union-attr]


@pytest.mark.usefixtures("poisoned_keying")
def test_without_on_error_the_first_failure_raises() -> None:
    with pytest.raises(IndexError):
        engine_with_types().add_aliases(ROWS)


@pytest.mark.usefixtures("poisoned_keying")
def test_keying_on_worker_processes_reports_the_failure_in_its_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not bulk_keys._can_fork():
        pytest.skip("this process cannot fork key workers (another thread is running)")
    names = [name for _, _, name in ROWS] * 3
    out = list(bulk_keys.keys_of_many(names, workers=2, parallel_min=1))
    failures = [i for i, k in enumerate(out) if isinstance(k, Exception)]
    assert failures == [1, 5, 9]
    assert isinstance(out[1], bulk_keys.KeyingFailed) and "IndexError" in str(out[1])
    good = [(n, k) for n, k in zip(names, out, strict=True) if not isinstance(k, Exception)]
    assert all(k == keys.build_keys(n) for n, k in good)


@pytest.mark.parametrize("chunk_min", [1, 64])  # a chunk written at once, or row by row
def test_a_failure_inside_index_add_leaves_no_half_written_slot(
    monkeypatch: pytest.MonkeyPatch, chunk_min: int
) -> None:
    """Initials are worked out before the slot is written: if they raise, every per-slot
    array keeps one length and later aliases still belong to their own entities. (A
    chunk that meets the failure is written row by row.)"""
    real: Callable[..., set[str]] = acronyms.initials

    def initials(tokens):  # type: ignore[no-untyped-def]
        if any(t.text == POISON for t in tokens):
            raise ValueError("injected")
        return real(tokens)

    monkeypatch.setattr(acronyms, "initials", initials)
    monkeypatch.setattr(bulk_index, "CHUNK_MIN", chunk_min)
    engine = engine_with_types()
    failed = load_reporting(engine)
    assert [row for row, _ in failed] == [ROWS[1]]
    assert_consistent(engine)
    assert_left_out(engine, ROWS[1])
    found = engine.resolve("El Al Israel Airlines", explain=True).candidates[0]
    assert (found.entity_id, found.matched_alias) == ("e2", "El Al Israel Airlines")
