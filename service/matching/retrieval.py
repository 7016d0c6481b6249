"""Retrieval: the alias slots worth scoring for a query, ranked by the summed rarity of
the skeleton keys (or near keys) they share with it, and the aliases an acronym names.
The Engine (engine.py) is made of this and candidates.py."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from types import ModuleType

import numpy as np

from service.matching import acronyms
from service.matching.index import AliasIndex
from service.matching.keys import NameKeys, TokenKeys, skeleton
from service.matching.ranking import Hits, above_floor, sum_small, top_positions, top_sums

RETRIEVAL_KEEP = 0.4  # ...and only those with two fifths of the best retrieval evidence:
# an alias sharing just "muhammad" with "Muhammad al-Shaibani" is no runner-up
COMMON_SHARE = 0.02  # keys in more than 2 % of aliases ("al", "muhammad") do not retrieve;
# a word found by nothing else adds its weight to the aliases the other words retrieve
NEAR_SHARE = 0.001  # near keys in more than 0.1 % of aliases only add to the candidates
# the words' own keys bring: at a million aliases they were three quarters of the posting
# entries a name walked (33,000 of 44,000, the median of 600 names)
RETRIEVAL_WORDS = 24  # a longer name retrieves by its rarest distinct words only: a
# 512-character name of one-letter words would otherwise walk most posting lists
SMALL_POSTINGS = 1024  # fewer posting entries than this are summed in plain Python
COMPILED_FROM = 100_000  # aliases from which long lists are summed by compiled_sums.py:
# numba and its compiler cost a process about 130 MiB and a second at start; below this
# the numpy sums are within a tenth of a millisecond of them (engine_bench at 100k)
TIE_BREAK = 1e-9  # of equal evidence, aliases with as many words as the query rank first:
# "Mohammedia" shares its one key "mhmd" with 430 "Muhammad ..." names and came after them
# Ties at the cut: aliases whose evidence ties with the last one admitted are admitted too,
# up to `rerank` more. Where the rerank-th place fell in a tie, the order of the slots (the
# order aliases were added in) chose which of them were scored, not the query; now the
# pre-score chooses among them (at a million aliases the true entity of 65 of engine_bench's
# 1,000 names was tied with the 48th and left out).
Best = tuple[float, int]  # an entity's best score and the alias slot that earned it


class Retrieval:
    """The Engine's retrieval steps."""

    index: AliasIndex
    rerank: int
    compiled_from: int = COMPILED_FROM  # (tests set it lower, to take that path on a few)

    def retrieve(self, keys: NameKeys, entity_type: str | None) -> list[int]:
        """Top alias slots by summed rarity of shared (or near) skeleton keys."""
        index = self.index
        tokens = [t for t in keys.tokens if t.role == "name"] or list(keys.tokens)
        if len(tokens) > RETRIEVAL_WORDS:
            tokens = self._rarest(tokens)
        common = max(1000, int(COMMON_SHARE * len(index)))
        long_near = max(1000, int(NEAR_SHARE * len(index)))
        groups: list[Hits] = []
        near: list[Hits] = []  # each word's long lists of near keys: they score, not retrieve
        frequent: list[Hits] = []  # words found only by common keys: they score, not retrieve
        size = 0
        for token in tokens:
            found = index.neighbours(token.skel)
            if token.bare:
                found = found + index.neighbours(skeleton(token.bare))
            if token.gloss:
                found = found + index.neighbours(skeleton(token.gloss))
            hits: Hits = []
            too_common: Hits = []
            near_hits: Hits = []
            own = _own_rarity(token, index.idf)
            for kid, sim in found:
                df, posting = index.kid_df[kid], index.postings[kid]
                if not posting:
                    continue  # (a key only glosses reach has df 0 and still retrieves)
                # a near key is evidence of the word at most as strong as the word's own
                # key: a rarer near key ("krmsk", 3 towns) outranked every alias written
                # exactly as asked ("krvsk", 35), and "Kirovsk" never reached scoring
                weight = index.kid_idf(kid)
                weighted = (posting, sim * (weight if sim >= 1.0 else min(weight, own)))
                if df > common and len(tokens) > 1:
                    too_common.append(weighted)
                elif sim < 1.0 and df > long_near and len(tokens) > 1:
                    near_hits.append(weighted)
                else:
                    hits.append(weighted)
                    size += len(posting)
            if hits:
                groups.append(hits)
                near.append(near_hits)
            elif near_hits or too_common:
                frequent.append(near_hits + too_common)
        if not groups and frequent:  # every word is common or misspelt: the one with the
            # shortest lists brings the candidates, as it did before any word only scored
            first = min(frequent, key=lambda hits: sum(len(p) for p, _ in hits))
            frequent.remove(first)
            groups, near, size = [first], [[]], SMALL_POSTINGS
        if not groups:
            return []
        keep = 4 * self.rerank
        words = len(keys.tokens)
        if size < SMALL_POSTINGS and not frequent and not any(near):
            sums = sum_small(groups)
            if len(sums) <= keep:
                live = [v for s, v in sums.items() if index.is_live(s)]
                floor = RETRIEVAL_KEEP * max(live, default=0.0)
                lengths = index.alias_tok_len

                def evidence(slot: int) -> tuple[float, int]:  # (TIE_BREAK, ties at the cut)
                    return -sums[slot], abs(lengths[slot] - words)

                ranked = sorted(
                    (s for s, v in sums.items() if v >= floor), key=lambda s: (*evidence(s), s)
                )
                return self._admit(ranked, entity_type, evidence)
            uniq = np.array(sorted(sums), dtype=np.int64)
            totals = np.array([sums[s] for s in uniq.tolist()])
        else:  # on a large table the top k compiled; past them (too few live there), or
            # on a smaller table, the numpy sums
            if entity_type is not None and entity_type not in index.type_codes:
                return []  # (no alias is of that type)
            if self.runs_compiled():
                typed = () if entity_type is None else self._type_columns(entity_type)
                uniq, totals, cut = compiled().top_sums(groups, keep, frequent, near, *typed)
                totals = totals - self._tie_break(uniq, words)
                admitted = self._admit_top(uniq, totals, keep, None, cut)
                if admitted is not None:
                    return admitted
            uniq, totals = top_sums(groups, keep, frequent, self._of_type(entity_type), near)
        totals = totals - self._tie_break(uniq, words)
        admitted = self._admit_top(uniq, totals, keep, entity_type)
        if admitted is not None:
            return admitted
        return self._admit(
            above_floor(uniq, totals, keep, RETRIEVAL_KEEP, index.is_live),
            entity_type,
            evidence_of(uniq, totals),
        )

    def runs_compiled(self) -> bool:
        """Whether the table is large enough for the compiled sums and scores
        (compiled_sums.py, compiled_scores.py): COMPILED_FROM."""
        return len(self.index) >= self.compiled_from

    def _tie_break(self, slots: np.ndarray, words: int) -> np.ndarray:
        """Of equal evidence, aliases with as many words as the query first (TIE_BREAK)."""
        return TIE_BREAK * np.abs(self._lengths(slots) - words)

    def _type_columns(self, entity_type: str) -> tuple[np.ndarray, np.ndarray, int]:
        """Each slot's entity and each entity's type code, as numpy arrays, and the code of
        `entity_type` (-1 for a type no entity has: the compiled sums read a negative code
        as any type, so retrieval never asks them for such a type)."""
        index = self.index
        owners = np.frombuffer(index.alias_entity, dtype=np.int32)
        types = np.frombuffer(index.entity_type_code, dtype=np.int32)
        return owners, types, index.type_codes.get(entity_type, -1)

    def _of_type(self, entity_type: str | None) -> Callable[[np.ndarray], np.ndarray] | None:
        """Which of some slots are aliases of the wanted type (None: any type will do)."""
        if entity_type is None:
            return None
        owners, types, wanted = self._type_columns(entity_type)
        return lambda slots: types[owners[slots]] == wanted

    def _lengths(self, slots: np.ndarray) -> np.ndarray:
        """Each slot's word count (alias_tok_len), as a numpy array."""
        lengths = np.frombuffer(self.index.alias_tok_len, dtype=np.int8)
        return lengths[slots].astype(np.int64)

    def _by_acronym(self, name: str, keys: NameKeys, entity_type: str | None) -> dict[int, Best]:
        """Best acronym evidence per entity (see acronyms.py), of the wanted type."""
        index = self.index
        found: dict[int, Best] = {}
        scores = dict(acronyms.slots(index, name, keys))
        for slot in self._admit(scores, entity_type):
            entity = index.alias_entity[slot]
            kept = found.get(entity, (-1.0, 0))[0]
            if index.entity_types[entity] != acronyms.PERSON and scores[slot] > kept:
                found[entity] = (scores[slot], slot)
        return found

    def _rarest(self, tokens: list[TokenKeys]) -> list[TokenKeys]:
        """The RETRIEVAL_WORDS rarest distinct words of a long name, in name order."""
        first: dict[tuple[str, str], TokenKeys] = {}
        for token in tokens:
            first.setdefault((token.skel, token.bare), token)
        distinct = list(first.values())
        idf = self.index.idf
        rarest = sorted(range(len(distinct)), key=lambda i: -idf(distinct[i].skel))
        return [distinct[i] for i in sorted(rarest[:RETRIEVAL_WORDS])]

    def _admit_top(
        self,
        uniq: np.ndarray,
        totals: np.ndarray,
        k: int,
        entity_type: str | None,
        cut: bool = False,
    ) -> list[int] | None:
        """`_admit` of `above_floor`, in numpy over the top k (a Python step per slot was a
        tenth of retrieval): the same slots, or None where the top k cannot tell (no live
        slot among them, or too few admitted, or a tie at the cut running to their end,
        while slots beyond them remain; ``cut``: the sums left out slots below the k-th, so
        some may remain beyond the k)."""
        head = top_positions(totals, k)
        slots, tops = uniq[head], totals[head]
        index = self.index
        live = np.frombuffer(index.alias_live, dtype=np.uint8)[slots] == 1
        if not live.any():
            return None
        first = int(live.argmax())
        below = (tops[first:] < RETRIEVAL_KEEP * float(tops[first])).nonzero()[0]
        end = first + int(below[0]) if len(below) else len(head)
        chosen, ok = slots[:end], live[:end]
        of_type = self._of_type(entity_type)
        if of_type is not None:
            ok &= of_type(chosen)
        good, good_tops, wanted, tied = chosen[ok], tops[:end][ok], self.rerank, 0
        if len(good) > wanted:  # ties at the cut
            tied = int((good_tops[wanted:] == good_tops[wanted - 1]).sum())
            wanted += min(tied, self.rerank)
        beyond = end == len(head) and (cut or end < len(totals))  # slots past the top k
        if beyond and len(good) <= wanted and tied < self.rerank:
            return None  # too few admitted, or a tie that may go on past the top k
        return good[:wanted].tolist()  # type: ignore[no-any-return]

    def _admit(
        self,
        ranked: Iterable[int],
        entity_type: str | None,
        evidence: Callable[[int], object] | None = None,
    ) -> list[int]:
        """The first `rerank` live slots of the wanted entity type, in ranked order, and
        those after them whose ``evidence`` ties with the last one's, up to `rerank` more
        (ties at the cut, above)."""
        index = self.index
        wanted = None if entity_type is None else index.type_codes.get(entity_type, -1)
        out: list[int] = []
        bar: object = None
        for slot in ranked:
            if len(out) >= self.rerank and (
                evidence is None or len(out) >= 2 * self.rerank or evidence(slot) != bar
            ):
                break
            if not index.is_live(slot):
                continue
            if wanted is not None and index.entity_type_code[index.alias_entity[slot]] != wanted:
                continue
            out.append(slot)
            if len(out) == self.rerank and evidence is not None:
                bar = evidence(slot)
        return out


def evidence_of(uniq: np.ndarray, totals: np.ndarray) -> Callable[[int], float]:
    """A slot's total, from the sums' (slots ascending, totals): what ties at the cut."""
    return lambda slot: float(totals[np.searchsorted(uniq, slot)])


def compiled() -> ModuleType:
    """compiled_sums.py, imported (numba with it) the first time a table is large enough."""
    return importlib.import_module("service.matching.compiled_sums")


def _own_rarity(token: TokenKeys, idf: Callable[[str], float]) -> float:
    """The rarity of the word's own keys (as written, without its article, its gloss)."""
    own = [token.skel]
    if token.bare:
        own.append(skeleton(token.bare))
    if token.gloss:
        own.append(skeleton(token.gloss))
    return max(idf(key) for key in own)


def _memo(func: Callable[[str], float], seen: dict[str, float]) -> Callable[[str], float]:
    """Memo of a rarity lookup in `seen`, which the index empties when the table changes."""

    def lookup(key: str) -> float:
        value = seen.get(key)
        if value is None:
            value = seen[key] = func(key)
        return value

    return lookup
