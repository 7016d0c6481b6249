"""The buffer-backed columns (service/matching/columns.py) behave as the lists they
replace under any interleaving of appends, extends and assignments, survive pickling
(snapshots) and re-pack their buffer without changing a value."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.matching import columns
from service.matching.columns import KeyColumn, TextColumn

# any str: lone surrogates too (a JSON body can carry "\ud800"), NUL, every plane
TEXTS = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=12)
OPTIONAL_TEXTS = st.none() | TEXTS
KEYS = (
    st.integers(min_value=-(2**70), max_value=2**70)
    | TEXTS
    | st.booleans()
    | st.tuples(st.integers(), st.text(max_size=3))
    | st.just(None)
)


def operations(values: st.SearchStrategy[Any]) -> st.SearchStrategy[list[tuple[str, Any]]]:
    return st.lists(
        st.tuples(st.just("append"), values)
        | st.tuples(st.just("extend"), st.lists(values, max_size=5))
        | st.tuples(st.just("set"), st.tuples(st.integers(), values))
        | st.tuples(st.just("pickle"), st.none()),
        max_size=40,
    )


def replay(column: Any, ops: list[tuple[str, Any]]) -> tuple[Any, list[Any]]:
    """The ops on the column and on a list; returns the column (maybe re-created by a
    pickle round-trip) and the list."""
    model: list[Any] = []
    for op, arg in ops:
        if op == "append":
            column.append(arg)
            model.append(arg)
        elif op == "extend":
            column.extend(iter(arg))  # a one-pass iterable, as bulk loads give
            model.extend(arg)
        elif op == "set":
            at, value = arg
            if model:
                at %= 2 * len(model)
                at -= len(model)  # negative positions too
                column[at] = value
                model[at] = value
            else:
                with pytest.raises(IndexError):
                    column[at] = value
        else:
            column = pickle.loads(pickle.dumps(column, protocol=pickle.HIGHEST_PROTOCOL))
        assert len(column) == len(model)
    return column, model


def same(column: Any, model: list[Any]) -> None:
    assert list(column) == model
    size = len(model) + 2
    for cut in (
        slice(None),
        slice(1, None),
        slice(-3, None),
        slice(None, -1),
        slice(None, None, -2),
        slice(-size, size, 3),
    ):
        assert column[cut] == model[cut]
    assert [column[i] for i in range(len(model))] == model
    back = range(1, len(model) + 1)
    assert [column[-i] for i in back] == [model[-i] for i in back]
    for at, value in enumerate(model):
        assert type(column[at]) is type(value)
    with pytest.raises(IndexError):
        column[len(model)]


@given(operations(OPTIONAL_TEXTS))
@settings(max_examples=300)
def test_text_column_is_a_list(ops: list[tuple[str, Any]]) -> None:
    column, model = replay(TextColumn(), ops)
    same(column, model)
    assert column == TextColumn(model)
    for value in model:
        assert value in column


@given(operations(KEYS))
@settings(max_examples=300)
def test_key_column_is_a_list(ops: list[tuple[str, Any]]) -> None:
    column, model = replay(KeyColumn(), ops)
    same(column, model)
    assert column == KeyColumn(model)


@given(st.lists(OPTIONAL_TEXTS, min_size=1, max_size=30), st.data())
def test_repacking_keeps_every_value(values: list[str | None], data: st.DataObject) -> None:
    """Past REPACK_AT bytes left behind, re-assignment rewrites the buffer: same values,
    no bytes left behind."""
    column = TextColumn(values)
    model = list(values)
    old = columns.REPACK_AT
    columns.REPACK_AT = 8
    try:
        for _ in range(20):
            at = data.draw(st.integers(0, len(model) - 1))
            value = data.draw(OPTIONAL_TEXTS)
            column[at] = value
            model[at] = value
            same(column, model)
            assert column.garbage() <= max(8, len(column._blob))
    finally:
        columns.REPACK_AT = old
    column._repack()
    assert column.garbage() == 0 and list(column) == model
    live = sum(len(v.encode("utf-8", "surrogatepass")) for v in model if v is not None)
    assert len(column._blob) == live


def test_a_failed_extend_adds_nothing() -> None:
    """A value that is no str raises before anything is written (a bulk load's chunk
    then takes the row loop, which leaves out only the bad row)."""
    column = TextColumn(["a"])
    with pytest.raises(AttributeError):
        column.extend(["b", 3])  # type: ignore[list-item]
    with pytest.raises(AttributeError):
        column.append(3)  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        column[0] = 3  # type: ignore[assignment]
    assert list(column) == ["a"]


def test_keys_keep_their_type() -> None:
    """True == 1 and hash alike, but a key comes back as what was stored; a key past 64
    bits is kept as the object."""
    keys = [True, 1, 2**63, -(2**63), "1", ("a", 1), None, 1.0]
    column = KeyColumn(keys)
    assert [type(k) for k in column] == [type(k) for k in keys]
    assert list(column) == keys
