"""Fill the alias index from a bulk load: AliasIndex.add for each row, chunk by chunk.

At a million aliases the per-row work of `AliasIndex.add` (an entity look-up, a
vocabulary look-up per token with a fresh tuple each, the key sets, a dozen appends)
cost as much as keying did. Here a token is looked up once per number of a token table
(bulk_keys.py), when a row first holds it, and a chunk of rows is written at once: its
token ids, key sets and posting lists with numpy, its per-slot arrays by extending them.
A chunk that needs `add`'s per-row care (a failed keying, a repeated or already present
alias key, a name past MAX_TOKENS tokens, a row that raises) takes the row loop, which
does what `add` does row by row.

Either way the outcome is what `add` gives row by row: the same slots, token and key
ids in the same order, posting lists, counts and initials (tested), and a row that
fails leaves no half-written slot.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Sequence
from itertools import chain

import numpy as np

from service.matching import acronyms
from service.matching.bulk_keys import Chunk, Entry
from service.matching.index import MAX_TOKENS, AliasIndex
from service.matching.keys import TokenKeys

Row = tuple[object, str, str]  # alias key, entity ID, name
TokenMemo = tuple[int, tuple[int, ...], int]  # a token's id, its keys, its gloss's key
CHUNK_MIN = 64  # fewer rows (a change's entity) take the row loop: numpy's set-up would
# cost more than it saves (3 aliases: 122 us a load against 64 us)


class TableMemo:
    """What the index holds of a token table's tokens, by token number."""

    def __init__(self) -> None:
        self.tokens: list[TokenMemo | None] = []
        self.tids = np.empty(0, dtype=np.int64)  # -1: not looked up yet

    def grow(self, size: int) -> None:
        more = size - len(self.tokens)
        if more > 0:
            self.tokens += [None] * more
            self.tids = np.concatenate([self.tids, np.full(more, -1, dtype=np.int64)])

    def remember(self, index: AliasIndex, table: Sequence[TokenKeys], number: int) -> TokenMemo:
        """Registers the token as `add` does (AliasIndex.token_id) and remembers what
        `alias_kids` and `gloss_kids` read of it."""
        tid = index.token_id(table[number])
        bare = index.token_bare_kid[tid]
        kids = (index.token_kid[tid],) if bare < 0 else (index.token_kid[tid], bare)
        entry = self.tokens[number] = (tid, kids, index.token_gloss_kid[tid])
        self.tids[number] = tid
        return entry


def add_rows(
    index: AliasIndex,
    rows: Sequence[Row],
    chunks: Iterable[Chunk],
    on_error: Callable[[Row, Exception], None] | None = None,
) -> None:
    """`index.add(*row, keys)` for each row, its keys read from the chunks in order (see
    bulk_keys.Chunk); a row whose keying failed or whose indexing raises goes to
    `on_error` (raised without it)."""
    memos: dict[int, TableMemo] = {}  # by id(table): a table lives as long as the chunks
    done = 0
    for table, entries in chunks:
        memo = memos.setdefault(id(table), TableMemo())
        memo.grow(len(table))
        part = rows[done : done + len(entries)]
        if len(part) != len(entries):
            raise ValueError(f"keys for more than the {len(rows)} rows")
        at_once = len(entries) >= CHUNK_MIN
        if not (at_once and _add_chunk(index, memo, table, part, entries)):  # type: ignore[arg-type]
            _add_one_by_one(index, memo, table, part, entries, on_error)
        done += len(entries)
    if done != len(rows):
        raise ValueError(f"keys for {done} of {len(rows)} rows")


def _add_chunk(
    index: AliasIndex,
    memo: TableMemo,
    table: Sequence[TokenKeys],
    rows: Sequence[Row],
    entries: list[tuple[int, ...]],
) -> bool:
    """The rows added at once; False, before any slot is written, for a chunk that needs
    the row loop. What is written before that (entities, then tokens, in row order) is
    what the row loop writes first for these rows."""
    n = len(entries)
    try:
        if any(isinstance(e, Exception) or len(e) > MAX_TOKENS for e in entries):
            return False
        if any(len(row) != 3 for row in rows):
            return False
        keys = [row[0] for row in rows]
        if len(set(keys)) != n or any(key in index.alias_pos for key in keys):
            return False
        entity_pos, entity_number = index.entity_pos, index.entity_number
        owners = [entity_pos.get(row[1]) for row in rows]
        if None in owners:
            owners = [entity_number(row[1]) for row in rows]
        lens = np.fromiter(map(len, entries), dtype=np.int64, count=n)
        flat = np.fromiter(chain.from_iterable(entries), dtype=np.int64, count=int(lens.sum()))
        if flat.size and (memo.tids[flat] < 0).any():
            new = flat[memo.tids[flat] < 0].tolist()
            for number in dict.fromkeys(new):  # in the order rows meet them
                memo.remember(index, table, number)
        types, person, initials_of = index.entity_types, acronyms.PERSON, acronyms.initials
        initials = [
            (at, initials_of([table[i] for i in entries[at]]))
            for at, owner in enumerate(owners)
            if types[owner] != person
        ]
    except Exception:
        return False
    tids = memo.tids[flat]
    slot = len(index.alias_names)
    index.alias_names.extend([row[2] for row in rows])  # first: raises on a name no str
    index.alias_pos.update(zip(keys, range(slot, slot + n), strict=True))
    index.alias_live.extend(b"\x01" * n)
    index.alias_keys.extend(keys)
    index.alias_entity.extend(owners)
    offsets = np.cumsum(lens) - lens + len(index.tok_buf)
    index.alias_tok_start.frombytes(offsets.astype(np.int64).tobytes())
    index.alias_tok_len.frombytes(lens.astype(np.int8).tobytes())
    index.tok_buf.frombytes(tids.astype(np.int32).tobytes())
    if tids.size:
        _post(index, np.repeat(np.arange(n, dtype=np.int64), lens), tids, slot)
    for at, found in initials:
        for acronym in found:
            index.acronyms.setdefault(acronym, array("i")).append(slot + at)
    index.live += n
    index.version += n
    return True


def _post(index: AliasIndex, row_of: np.ndarray, tids: np.ndarray, slot: int) -> None:
    """Posting lists and counts of a chunk's slots (`slot` onwards), `row_of` giving each
    of its tokens `tids` its row: each row under the keys of its words and of its words
    without a glued article (counted), and under its glosses' keys beyond those."""
    width = len(index.kid_skel)
    kid = np.frombuffer(index.token_kid, dtype=np.int32)[tids]
    bare = np.frombuffer(index.token_bare_kid, dtype=np.int32)[tids]
    gloss = np.frombuffer(index.token_gloss_kid, dtype=np.int32)[tids]
    base = row_of * width
    counted = _distinct(np.concatenate([base + kid, (base + bare)[bare >= 0]]))
    glossed = _distinct((base + gloss)[gloss >= 0])
    if glossed.size:  # beyond the row's counted keys
        at = np.minimum(np.searchsorted(counted, glossed), len(counted) - 1)
        glossed = glossed[counted[at] != glossed]
    df = np.frombuffer(index.kid_df, dtype=np.int32)
    df += np.bincount(counted % width, minlength=width).astype(np.int32)
    del df  # a view would keep kid_df from growing
    pairs = np.concatenate([counted, glossed])
    kids, slots = pairs % width, pairs // width + slot
    order = np.lexsort((slots, kids))  # each key's slots in slot order
    kids, slots = kids[order], slots[order].astype(np.int32)
    starts = np.flatnonzero(np.diff(kids, prepend=-1))
    ends = [*starts[1:].tolist(), len(kids)]
    written = memoryview(slots.tobytes())
    postings = index.postings
    for key, start, end in zip(kids[starts].tolist(), starts.tolist(), ends, strict=True):
        postings[key].frombytes(written[start * 4 : end * 4])


def _distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values of non-negative `values` (np.unique would import numpy.ma,
    about 1 MB, into a process that otherwise never needs it)."""
    values = np.sort(values)
    return values[np.diff(values, prepend=-1) != 0]


def _add_one_by_one(
    index: AliasIndex,
    memo: TableMemo,
    table: Sequence[TokenKeys],
    rows: Sequence[Row],
    entries: list[Entry | Exception],
    on_error: Callable[[Row, Exception], None] | None,
) -> None:
    """`index.add` for each row, in one loop: each token looked up once per table."""
    entity_pos, entity_number = index.entity_pos, index.entity_number
    entity_types, person = index.entity_types, acronyms.PERSON
    initials_of, known, remember = acronyms.initials, memo.tokens, memo.remember
    for row, entry in zip(rows, entries, strict=True):
        try:
            if isinstance(entry, Exception):
                raise entry
            alias_key, entity_id, name = row
            entity = entity_pos.get(entity_id)
            if entity is None:
                entity = entity_number(entity_id)
            found = [known[i] or remember(index, table, i) for i in entry[:MAX_TOKENS]]  # type: ignore[misc]
            kids = {kid for token in found for kid in token[1]}
            glosses = {token[2] for token in found if token[2] >= 0}
            initials = (
                () if entity_types[entity] == person else initials_of([table[i] for i in entry])  # type: ignore[misc]
            )
        except Exception as exc:
            if on_error is None:
                raise
            on_error(row, exc)
            continue
        tids = [token[0] for token in found]
        index.write_slot(alias_key, entity, name, tids, kids, glosses - kids, initials)  # type: ignore[arg-type]
