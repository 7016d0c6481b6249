"""Fill the alias index from a bulk load: AliasIndex.add per row, in one loop.

At a million aliases the per-row method calls of `AliasIndex.add` (an entity look-up, a
vocabulary look-up per token with a fresh tuple each, the key sets) cost as much as
keying did. Here a token's id and its keys are looked up once per distinct token of a
token table (bulk_keys.py), when a row first holds it, and the per-slot arrays are
appended to in one loop. The outcome is what `add` gives row by row: the same slots,
token ids, key ids, posting lists and counts (tested), and a row that fails leaves no
half-written slot.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Sequence

from service.matching import acronyms
from service.matching.bulk_keys import Chunk
from service.matching.index import AliasIndex
from service.matching.keys import TokenKeys

Row = tuple[object, str, str]  # alias key, entity ID, name
TokenMemo = tuple[int, tuple[int, ...], int]  # a token's id, its keys, its gloss's key
MAX_TOKENS = 127  # tokens an alias keeps (alias_tok_len is a signed byte), as in `add`


def add_rows(
    index: AliasIndex,
    rows: Sequence[Row],
    chunks: Iterable[Chunk],
    on_error: Callable[[Row, Exception], None] | None = None,
) -> None:
    """`index.add(*row, keys)` for each row, its keys read from the chunks in order (see
    bulk_keys.Chunk); a row whose keying failed or whose indexing raises goes to
    `on_error` (raised without it)."""
    memos: dict[int, list[TokenMemo | None]] = {}  # id(table) -> by token number
    entity_pos, entity_number = index.entity_pos, index.entity_number
    entity_types, person = index.entity_types, acronyms.PERSON
    alias_pos, names, live = index.alias_pos, index.alias_names, index.alias_live
    keys_col, owners = index.alias_keys, index.alias_entity
    starts, lengths, tok_buf = index.alias_tok_start, index.alias_tok_len, index.tok_buf
    postings, kid_df, filed = index.postings, index.kid_df, index.acronyms
    initials_of = acronyms.initials
    next_row = 0
    for table, entries in chunks:
        memo = memos.setdefault(id(table), [])  # a table lives as long as the chunks
        memo += [None] * (len(table) - len(memo))
        for entry in entries:
            row = rows[next_row]
            next_row += 1
            try:
                if isinstance(entry, Exception):
                    raise entry
                alias_key, entity_id, name = row
                entity = entity_pos.get(entity_id)
                if entity is None:
                    entity = entity_number(entity_id)
                found = [memo[i] or _remember(index, memo, table, i) for i in entry[:MAX_TOKENS]]
                kids = {kid for token in found for kid in token[1]}
                glosses = {token[2] for token in found if token[2] >= 0}
                initials = (
                    () if entity_types[entity] == person else initials_of([table[i] for i in entry])
                )
            except Exception as exc:
                if on_error is None:
                    raise
                on_error(row, exc)
                continue
            if alias_key in alias_pos:
                index.remove(alias_key)
            slot = len(names)
            alias_pos[alias_key] = slot
            names.append(name)
            live.append(1)
            keys_col.append(alias_key)
            owners.append(entity)
            starts.append(len(tok_buf))
            lengths.append(len(found))
            tok_buf.extend([token[0] for token in found])
            for kid in kids:
                postings[kid].append(slot)
                kid_df[kid] += 1
            if glosses:
                for kid in glosses - kids:
                    postings[kid].append(slot)
            for acronym in initials:
                filed.setdefault(acronym, array("i")).append(slot)
            index.live += 1
            index.version += 1
    if next_row != len(rows):
        raise ValueError(f"keys for {next_row} of {len(rows)} rows")


def _remember(
    index: AliasIndex, memo: list[TokenMemo | None], table: Sequence[TokenKeys], number: int
) -> TokenMemo:
    """Registers the token as `add` does (AliasIndex.token_id), when a row first holds
    it, and remembers what `alias_kids` and `gloss_kids` read of it."""
    tid = index.token_id(table[number])
    bare = index.token_bare_kid[tid]
    kids = (index.token_kid[tid],) if bare < 0 else (index.token_kid[tid], bare)
    entry = memo[number] = (tid, kids, index.token_gloss_kid[tid])
    return entry
