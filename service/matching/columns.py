"""Per-alias and per-entity columns kept out of the Python object heap.

A gunicorn worker shares the master's index pages copy-on-write until it writes to one,
and reading a Python object writes to it (its reference count). A list of a million
names is a million small objects scattered among everything else the build allocated:
each query read a few dozen of them (the candidates' names, keys and entity IDs) and so
copied the page around each, and within some thousand queries a worker held a private
copy of nearly every one (benchmarks/shared_memory.py). Here the strings sit in one
UTF-8 buffer with their offsets in arrays: a read decodes a new string and writes
nothing shared. They are also about half the size.

Both columns behave as the lists they replace (index, append, extend, assignment,
slices, iteration, len, equality); the index takes adds and removes at any time.
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable, Iterable, Iterator
from typing import Any, Generic, TypeVar, cast, overload

ENCODING, ERRORS = "utf-8", "surrogatepass"  # any str round-trips, lone surrogates too
REPACK_AT = 1 << 20  # bytes left behind by re-assigned strings before the buffer is rewritten

INT, TEXT, OTHER = 0, 1, 2  # how a key is held (KeyColumn)
INT_MIN, INT_MAX = -(1 << 63), (1 << 63) - 1
T = TypeVar("T", str, str | None)  # TextColumn[str]: a column that never holds None


class _AsList:
    """What both columns answer as a list does, from their own `__len__` and
    `__getitem__` (which each keeps: it is on the query path)."""

    __slots__ = ()

    def __len__(self) -> int:
        raise NotImplementedError

    def __getitem__(self, item: int) -> Any:
        raise NotImplementedError

    def __iter__(self) -> Iterator[Any]:
        for item in range(len(self)):
            yield self[item]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, type(self)):
            return NotImplemented
        return list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"


class TextColumn(_AsList, Generic[T]):
    """A list of `str | None` held as one UTF-8 buffer, a start and a size per item
    (size -1: None). Assigning a string appends it and leaves the old bytes behind; past
    REPACK_AT of those, and half the buffer, the buffer is rewritten."""

    __slots__ = ("_blob", "_garbage", "_size", "_start")

    def __init__(self, values: Iterable[T] = ()) -> None:
        self._blob = bytearray()
        self._start = array("q")
        self._size = array("i")
        self._garbage = 0
        self.extend(values)

    def __len__(self) -> int:
        return len(self._size)

    @overload
    def __getitem__(self, item: int) -> T: ...
    @overload
    def __getitem__(self, item: slice) -> list[T]: ...
    def __getitem__(self, item: int | slice) -> T | list[T]:
        if isinstance(item, slice):  # a list, as a list's slice is
            return [self[at] for at in range(*item.indices(len(self)))]
        size = self._size[item]
        if size < 0:
            return cast(T, None)
        start = self._start[item]
        return self._blob[start : start + size].decode(ENCODING, ERRORS)

    def __iter__(self) -> Iterator[T]:
        return super().__iter__()

    def __contains__(self, value: object) -> bool:
        return any(v == value for v in self)

    def append(self, value: T) -> None:
        data = None if value is None else value.encode(ENCODING, ERRORS)  # may raise: first
        self._start.append(len(self._blob))
        self._size.append(-1 if data is None else len(data))
        if data is not None:
            self._blob += data

    def extend(self, values: Iterable[T]) -> None:
        """All the values encoded before any is written: a failure leaves no item added."""
        encoded = [None if v is None else v.encode(ENCODING, ERRORS) for v in values]
        sizes = array("i", [-1 if data is None else len(data) for data in encoded])
        starts = array("q")
        at = len(self._blob)
        for data in encoded:
            starts.append(at)
            if data is not None:
                at += len(data)
        self._start += starts
        self._size += sizes
        self._blob += b"".join([data for data in encoded if data is not None])

    def __setitem__(self, item: int, value: T) -> None:
        old = self._size[item]  # IndexError before any write
        data = None if value is None else value.encode(ENCODING, ERRORS)
        self._garbage += max(old, 0)
        if data is None:
            self._size[item] = -1
            return
        self._start[item] = len(self._blob)
        self._size[item] = len(data)
        self._blob += data
        if self._garbage > REPACK_AT and 2 * self._garbage > len(self._blob):
            self._repack()

    def _repack(self) -> None:
        """The buffer rewritten with only the bytes items still point to."""
        values = list(self)
        self._blob, self._start, self._size, self._garbage = bytearray(), array("q"), array("i"), 0
        self.extend(values)

    def garbage(self) -> int:
        """Bytes of the buffer no item points to any more."""
        return self._garbage

    def __getstate__(self) -> tuple[bytearray, array[int], array[int], int]:
        return self._blob, self._start, self._size, self._garbage

    def __setstate__(self, state: tuple[bytearray, array[int], array[int], int]) -> None:
        self._blob, self._start, self._size, self._garbage = state


class KeyColumn(_AsList):
    """A list of hashable alias keys: an int (64-bit) as itself in an array, a str in a
    TextColumn (the array holds its position there), anything else (rare) as the object
    in a dict by position."""

    __slots__ = ("_kind", "_other", "_texts", "_value")

    def __init__(self, values: Iterable[Hashable] = ()) -> None:
        self._kind = bytearray()
        self._value = array("q")
        self._texts: TextColumn[str] = TextColumn()
        self._other: dict[int, Hashable] = {}
        self.extend(values)

    def __len__(self) -> int:
        return len(self._kind)

    @overload
    def __getitem__(self, item: int) -> Hashable: ...
    @overload
    def __getitem__(self, item: slice) -> list[Hashable]: ...
    def __getitem__(self, item: int | slice) -> Hashable | list[Hashable]:
        if isinstance(item, slice):  # a list, as a list's slice is
            return [self[at] for at in range(*item.indices(len(self)))]
        kind = self._kind[item]
        if kind == INT:
            return self._value[item]
        if kind == TEXT:
            return self._texts[self._value[item]]
        return self._other[item % len(self._kind)]

    def append(self, key: Hashable) -> None:
        kind, value = _held(key)
        if kind == TEXT:
            value = len(self._texts)
            self._texts.append(key)  # type: ignore[arg-type]
        elif kind == OTHER:
            self._other[len(self._kind)] = key
        self._kind.append(kind)
        self._value.append(value)

    def extend(self, keys: Iterable[Hashable]) -> None:
        """Every key's kind and value worked out before any is written; a bulk load's
        keys, all ints or all str, in one step."""
        keys = keys if isinstance(keys, list) else list(keys)
        kinds_of = set(map(type, keys))
        if kinds_of == {int}:
            try:
                values = array("q", keys)  # OverflowError past 64 bits: the loop below
            except OverflowError:
                pass
            else:
                self._kind += bytes(len(keys))  # INT is 0
                self._value += values
                return
        elif kinds_of == {str}:
            at = len(self._texts)
            self._texts.extend(keys)  # type: ignore[arg-type]
            self._kind += bytes([TEXT]) * len(keys)
            self._value += array("q", range(at, at + len(keys)))
            return
        kinds, values, texts, others = bytearray(), array("q"), [], {}
        at, text_at = len(self._kind), len(self._texts)
        for offset, key in enumerate(keys):
            kind, value = _held(key)
            if kind == TEXT:
                texts.append(key)
                value = text_at
                text_at += 1
            elif kind == OTHER:
                others[at + offset] = key
            kinds.append(kind)
            values.append(value)
        self._texts.extend(texts)  # type: ignore[arg-type]
        self._kind += kinds
        self._value += values
        self._other.update(others)

    def __setitem__(self, item: int, key: Hashable) -> None:
        item = range(len(self._kind))[item]  # IndexError before any write
        kind, value = _held(key)
        if kind == TEXT:
            self._texts.append(key)  # type: ignore[arg-type]
            value = len(self._texts) - 1
        self._other.pop(item, None)
        if kind == OTHER:
            self._other[item] = key
        self._kind[item] = kind
        self._value[item] = value

    def __getstate__(self) -> tuple[Any, ...]:
        return self._kind, self._value, self._texts, self._other

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self._kind, self._value, self._texts, self._other = state


def _held(key: Hashable) -> tuple[int, int]:
    """How a key is held and its array value (TEXT's is filled in by the caller)."""
    if type(key) is int and INT_MIN <= key <= INT_MAX:
        return INT, key
    if type(key) is str:
        return TEXT, 0
    return OTHER, 0
