"""Alias table in compact arrays: skeleton key -> alias slots, plus a bigram index of keys.

Built for a million aliases: per alias it keeps the text, its key, an entity number and
its token ids (array('i')), and each token's skeleton key has a posting list of slots.
Fuzzy look-ups go through a bigram index over the (much smaller) key vocabulary.
Removal tombstones a slot; posting lists are filtered on read, so nothing is rebuilt.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Hashable, Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from service.matching import acronyms
from service.matching.bounded_memo import BoundedMemo
from service.matching.columns import KeyColumn, TextColumn
from service.matching.keys import NameKeys, TokenKeys, skeleton
from service.matching.near_keys import fuzzy_keys, key_bigrams, with_new_keys

if TYPE_CHECKING:
    from service.matching.shapes import AliasShape

AliasKey = Hashable
IDF_MEMO = 200_000  # skeletons whose rarity is remembered between table changes
NEIGHBOUR_MEMO = 100_000  # skeletons whose near keys are remembered
# each worker's own memory, in two generations (bounded_memo.py): similarity rows of
# query words (about 3 KB each), alias shapes (about 500 B each)
WORD_SIMS_MEMO, SHAPE_MEMO = 2_048, 10_000
MAX_TOKENS = 127  # tokens an alias keeps (alias_tok_len is a signed byte)
NEW_KEYS_CHECKED = 64  # keys added since a cached look-up that are checked one by one;
# more than this (a bulk import) and the look-up is redone with the bigram index


class AliasIndex:
    """Entities, aliases, token vocabulary and posting lists; no scoring here."""

    def __init__(self) -> None:
        self.entity_pos: dict[str, int] = {}
        # names, IDs and keys in buffers, not objects: see columns.py
        self.entity_ids: TextColumn[str | None] = TextColumn()  # None once dropped
        self.entity_names: TextColumn[str] = TextColumn()
        self.entity_types: list[str] = []
        self.type_codes: dict[str, int] = {}
        self.entity_type_code = array("i")
        self.alias_pos: dict[AliasKey, int] = {}
        self.alias_names: TextColumn[str | None] = TextColumn()  # None once removed
        self.alias_live = bytearray()  # 1 while a slot's alias is in the table
        self.alias_keys = KeyColumn()
        self.alias_entity = array("i")
        self.alias_tok_start = array("q")
        self.alias_tok_len = array("b")
        self.tok_buf = array("i")
        self.token_pos: dict[tuple[str, str, bool], int] = {}
        self.tokens: list[TokenKeys] = []
        self.token_kid = array("i")
        self.token_bare_kid = array("i")  # key of the word without its glued article, or -1
        self.token_gloss_kid = array("i")  # key of the word's English gloss, or -1
        self.kid_pos: dict[str, int] = {}
        self.kid_skel: list[str] = []
        self.kid_len = array("i")  # each key's length: near keys are filtered by it first
        self.postings: list[array[int]] = []
        self.kid_df = array("i")
        self.bigrams: dict[str, array[int]] = {}
        self.acronyms: dict[str, array[int]] = {}  # initials -> slots (see acronyms.py)
        # skeleton -> (its near keys, how many keys existed when they were found): a key
        # added later is checked on the next look-up (not the whole fuzzy search again)
        self.neighbour_cache: dict[str, tuple[list[tuple[int, float]], int]] = {}
        # the scorer's memos; slots are never reused
        self.word_sims: BoundedMemo[tuple[str, str, bool], dict[int, float]]
        self.word_sims = BoundedMemo(WORD_SIMS_MEMO)
        self.alias_shapes: BoundedMemo[int, AliasShape] = BoundedMemo(SHAPE_MEMO)
        self.version = 0  # bumped by add and remove: every rarity may have moved
        self.idf_memo: dict[str, float] = {}
        self.idf_version = -1
        self.live = 0

    def __len__(self) -> int:
        return self.live

    # -- entities ---------------------------------------------------------------------
    def entity_number(self, entity_id: str) -> int:
        """Entity row, created blank if an alias arrives before its metadata."""
        pos = self.entity_pos.get(entity_id)
        return self._new_entity(entity_id, entity_id, "") if pos is None else pos

    def _new_entity(self, entity_id: str, name: str, entity_type: str) -> int:
        """A new entity row; an ID or name that is no str (the columns hold str) raises
        before anything is written."""
        if not (isinstance(entity_id, str) and isinstance(name, str)):
            raise TypeError(f"entity ID and name must be str: {entity_id!r}, {name!r}")
        pos = len(self.entity_ids)
        code = self.type_code(entity_type)
        self.entity_ids.append(entity_id)
        self.entity_names.append(name)
        self.entity_pos[entity_id] = pos
        self.entity_types.append(entity_type)
        self.entity_type_code.append(code)
        return pos

    def type_code(self, entity_type: str) -> int:
        return self.type_codes.setdefault(entity_type, len(self.type_codes))

    def set_entity(self, entity_id: str, name: str, entity_type: str) -> None:
        """Created with its metadata, or updated: a name is re-written only if it changed
        (each re-write leaves its old bytes in the column's buffer)."""
        pos = self.entity_pos.get(entity_id)
        if pos is None:
            self._new_entity(entity_id, name, entity_type)
            return
        if self.entity_names[pos] != name:
            self.entity_names[pos] = name
        self.entity_types[pos] = entity_type
        self.entity_type_code[pos] = self.type_code(entity_type)

    def drop_entity(self, entity_id: str) -> None:
        """Remove the entity's aliases (found by an array scan: rare operation)."""
        pos = self.entity_pos.pop(entity_id, None)
        if pos is None:
            return
        owners = np.frombuffer(self.alias_entity, dtype=np.int32)
        slots = np.flatnonzero(owners == pos).tolist()
        del owners
        for slot in slots:
            key = self.alias_keys[slot]
            if self.alias_live[slot] and self.alias_pos.get(key) == slot:
                self.remove(key)
        self.entity_ids[pos] = None

    # -- aliases ----------------------------------------------------------------------
    def add(self, alias_key: AliasKey, entity_id: str, name: str, keys: NameKeys) -> None:
        """Index one alias; an existing key is replaced.

        What could raise on an odd name (token and key ids, initials) is worked out before
        the slot is written: a failure must leave no half-written slot, whose per-slot
        arrays would then disagree on their length and shift every later alias.
        """
        entity = self.entity_number(entity_id)
        tids = [self.token_id(tok) for tok in keys.tokens[:MAX_TOKENS]]
        kids = self.alias_kids(tids)
        gloss_kids = self.gloss_kids(tids, kids)
        person = self.entity_types[entity] == acronyms.PERSON
        initials = () if person else acronyms.initials(keys.tokens)
        self.write_slot(alias_key, entity, name, tids, kids, gloss_kids, initials)

    def write_slot(
        self,
        alias_key: AliasKey,
        entity: int,
        name: str,
        tids: Sequence[int],
        kids: Iterable[int],
        gloss_kids: Iterable[int],
        initials: Iterable[str],
    ) -> None:
        """The slot of an alias whose ids are worked out (by `add`, or a bulk load's row
        loop): an existing key is replaced, and the name column is written first, as it
        is the one write that can raise (on a name that is no str)."""
        if alias_key in self.alias_pos:
            self.remove(alias_key)
        slot = len(self.alias_names)
        self.alias_names.append(name)
        self.alias_pos[alias_key] = slot
        self.alias_live.append(1)
        self.alias_keys.append(alias_key)
        self.alias_entity.append(entity)
        self.alias_tok_start.append(len(self.tok_buf))
        self.alias_tok_len.append(len(tids))
        self.tok_buf.extend(tids)
        for kid in kids:
            self.postings[kid].append(slot)
            self.kid_df[kid] += 1
        for kid in gloss_kids:
            self.postings[kid].append(slot)
        for acronym in initials:
            self.acronyms.setdefault(acronym, array("i")).append(slot)
        self.live += 1
        self.version += 1

    def remove(self, alias_key: AliasKey) -> None:
        slot = self.alias_pos.pop(alias_key, None)
        if slot is None:
            return
        for kid in self.alias_kids(self.alias_token_ids(slot)):
            self.kid_df[kid] -= 1
        self.alias_names[slot] = None
        self.alias_live[slot] = 0
        self.live -= 1
        self.version += 1

    def alias_token_ids(self, slot: int) -> array[int]:
        start = self.alias_tok_start[slot]
        return self.tok_buf[start : start + self.alias_tok_len[slot]]

    def alias_kids(self, tids: Sequence[int]) -> set[int]:
        """Keys an alias is found by and counted under: its words' skeletons and those of
        its words without a glued article ("Saleh AL-SHAER" finds "Saleh ALSHAER")."""
        token_kid, bare_kid = self.token_kid, self.token_bare_kid
        kids = {token_kid[t] for t in tids}
        for t in tids:
            if bare_kid[t] >= 0:
                kids.add(bare_kid[t])
        return kids

    def gloss_kids(self, tids: Sequence[int], kids: set[int]) -> list[int]:
        """Keys of the English glosses of an alias's words, beyond its own `kids`
        ("Central Bank" finds "Masrif ... al-Markazi"). They retrieve but leave the gloss's
        rarity alone, which stays that of the word as the table writes it: filing every
        "katibat" under "brigade" must not make "brigade" cheap to leave out."""
        gloss_kid = self.token_gloss_kid
        found = {gloss_kid[t] for t in tids if gloss_kid[t] >= 0}
        return list(found - kids) if found else []

    def alias_tokens(self, slot: int) -> list[TokenKeys]:
        return [self.tokens[t] for t in self.alias_token_ids(slot)]

    # -- vocabulary -------------------------------------------------------------------
    def token_id(self, tok: TokenKeys) -> int:
        ident = (tok.text, tok.role, tok.abjad)
        tid = self.token_pos.get(ident)
        if tid is None:
            # key ids first: if one raises, no token row is left half-written
            kid = self.key_id(tok.skel)
            bare_kid = self.key_id(skeleton(tok.bare)) if tok.bare else -1
            gloss_kid = self.key_id(skeleton(tok.gloss)) if tok.gloss else -1
            tid = len(self.tokens)
            self.token_pos[ident] = tid
            self.tokens.append(tok)
            self.token_kid.append(kid)
            self.token_bare_kid.append(bare_kid)
            self.token_gloss_kid.append(gloss_kid)
        return tid

    def key_id(self, skel: str) -> int:
        kid = self.kid_pos.get(skel)
        if kid is None:
            grams = key_bigrams(skel)  # before any write (see add)
            kid = len(self.kid_skel)
            self.kid_pos[skel] = kid
            self.kid_skel.append(skel)
            self.kid_len.append(len(skel))
            self.postings.append(array("i"))
            self.kid_df.append(0)
            for gram in grams:
                self.bigrams.setdefault(gram, array("i")).append(kid)
        return kid

    def idf(self, skel: str) -> float:
        """Rarity of a skeleton key in the table: log((N + 1) / (df + 0.5))."""
        kid = self.kid_pos.get(skel)
        df = self.kid_df[kid] if kid is not None else 0
        return math.log((self.live + 1.0) / (df + 0.5)) + 1.0

    def kid_idf(self, kid: int) -> float:
        """`idf` of the key with id `kid`, without reading its skeleton string (see
        alias_live: a read of a shared string copies its page into the worker)."""
        return math.log((self.live + 1.0) / (self.kid_df[kid] + 0.5)) + 1.0

    def idf_lookup(self) -> dict[str, float]:
        """Memo of `idf` by skeleton, valid until the next add or remove. Query words
        fill it too, so a read-only worker facing ever new names starts it over past
        IDF_MEMO skeletons rather than grow without end."""
        if self.idf_version != self.version or len(self.idf_memo) > IDF_MEMO:
            self.idf_memo = {}
            self.idf_version = self.version
        return self.idf_memo

    def max_idf(self) -> float:
        return math.log((self.live + 1.0) / 0.5) + 1.0

    def neighbours(self, skel: str) -> list[tuple[int, float]]:
        """Key ids within a small edit distance of `skel`, with a similarity in (0, 1]:
        the exact key first, then the others in key order."""
        total = len(self.kid_skel)
        cached = self.neighbour_cache.get(skel)
        if cached is not None:
            found, seen = cached
            if seen == total:
                return found
            if total - seen <= NEW_KEYS_CHECKED:
                found = with_new_keys(skel, found, seen, self.kid_skel)
                self.neighbour_cache[skel] = (found, total)
                return found
        found = []
        exact = self.kid_pos.get(skel)
        if exact is not None:
            found.append((exact, 1.0))
        if len(skel) >= 3:
            found.extend(fuzzy_keys(skel, exact, self.bigrams, self.kid_skel, self.kid_len))
        if len(self.neighbour_cache) > NEIGHBOUR_MEMO:
            self.neighbour_cache.clear()
        self.neighbour_cache[skel] = (found, total)
        return found

    def is_live(self, slot: int) -> bool:
        return self.alias_live[slot] == 1
