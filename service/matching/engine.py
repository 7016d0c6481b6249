"""Engine.resolve(query) -> Resolution: retrieve candidates, score them, decide.

Plain Python, no I/O and no framework: the web layer keeps one Engine per worker.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np

from service.matching import acronyms, compounds, context, disagreement
from service.matching.bulk_keys import keys_of_many
from service.matching.decision import (
    AMBIGUOUS,
    DEFAULT_THRESHOLDS,
    MATCHED,
    NO_MATCH,
    Thresholds,
    decide,
    thresholds_for,
)
from service.matching.index import AliasIndex
from service.matching.keys import NameKeys, TokenKeys, build_keys, skeleton
from service.matching.normalize import fold
from service.matching.ranking import Hits, above_floor, sum_small, top_sums
from service.matching.scoring import (
    AliasShape,
    QueryScorer,
    Word,
    alias_shape,
)

RERANK = 48  # aliases scored in full per query; retrieval ranks the rest away
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
SHAPE_MEMO = 200_000  # alias shapes kept on the index before the memo starts over
TIE_BREAK = 1e-9  # of equal evidence, aliases with as many words as the query rank first:
# "Mohammedia" shares its one key "mhmd" with 430 "Muhammad ..." names and came after them


SPELLING, JOINED_OR_SPLIT, ACRONYM = "spelling", "words joined or split", "acronym"
AliasRow = tuple[int | str, str, str]  # alias key, entity ID, name
Best = tuple[float, int]  # an entity's best score and the alias slot that earned it
How = tuple[str, QueryScorer, NameKeys]  # matched by, its scorer and its keys


@dataclass(frozen=True)
class Candidate:
    """One entity proposed for a name, via its best-scoring alias."""

    entity_id: str
    name: str
    entity_type: str
    score: float
    matched_alias: str
    alias_key: int | str
    explanation: dict[str, object] | None = None
    country_conflict: bool = False  # set aside by the query's countries (context.py)


@dataclass(frozen=True)
class Resolution:
    """The answer for one name: status, its normalised form and ranked candidates."""

    status: str
    normalized: str
    candidates: list[Candidate] = field(default_factory=list)
    other_given_name: bool = False  # the top alias has another given name (decision.decide)
    disagreement: str = ""  # the rule that held the top back from `matched` (disagreement.py)

    @property
    def match(self) -> Candidate | None:
        return self.candidates[0] if self.status == MATCHED and self.candidates else None


class Engine:
    """Entity resolution over an in-memory alias table."""

    def __init__(
        self,
        thresholds: Thresholds | Mapping[str, Thresholds] | None = None,
        rerank: int = RERANK,
        build_workers: int | None = None,
    ) -> None:
        """`build_workers`: processes that key a large bulk load (None: one per core, up
        to four; 0: none, all in this process)."""
        if isinstance(thresholds, Thresholds):
            thresholds = {"": thresholds}
        self.thresholds: Mapping[str, Thresholds] = thresholds or DEFAULT_THRESHOLDS
        self.rerank = rerank
        self.build_workers = build_workers
        self.index = AliasIndex()
        self.countries = context.CountrySets()

    def __len__(self) -> int:
        return len(self.index)

    # -- table maintenance ---------------------------------------------------------------
    def upsert_entity(
        self, entity_id: str, name: str, entity_type: str, countries: Iterable[str] = ()
    ) -> None:
        """Entity metadata only: its name becomes searchable only as an alias.
        ``countries``: ISO 3166-1 alpha-2 codes, the context a query's may agree with."""
        self.index.set_entity(entity_id, name, entity_type)
        self.countries.set(entity_id, countries)

    def add_alias(self, alias_key: int | str, entity_id: str, name: str) -> None:
        self.index.add(alias_key, entity_id, name, build_keys(name))

    def add_aliases(
        self,
        rows: Iterable[AliasRow],
        on_error: Callable[[AliasRow, Exception], None] | None = None,
    ) -> None:
        """Bulk load at start-up: same as add_alias per row, without per-call overhead;
        the keys of a large load are built on other cores meanwhile (bulk_keys.py).

        ``on_error``: a row that cannot be keyed or indexed is handed to it and left out,
        and the load goes on (the live index must not lose a million aliases to one bad
        record); without it the first such error is raised, as add_alias would.
        """
        rows = rows if isinstance(rows, list) else list(rows)
        add = self.index.add
        keys = keys_of_many([name for _, _, name in rows], self.build_workers)
        for row, name_keys in zip(rows, keys, strict=True):
            try:
                if isinstance(name_keys, Exception):
                    raise name_keys
                add(row[0], row[1], row[2], name_keys)
            except Exception as exc:
                if on_error is None:
                    raise
                on_error(row, exc)

    def remove_alias(self, alias_key: int | str) -> None:
        self.index.remove(alias_key)

    def remove_entity(self, entity_id: str) -> None:
        self.index.drop_entity(entity_id)
        self.countries.drop(entity_id)

    def review_bar(self, entity_type: str) -> float:
        """The score below which a candidate of this type never reaches review: the web
        layer lists only candidates above it unless a caller asks for lower."""
        return thresholds_for(self.thresholds, entity_type).review

    def normalize(self, name: str) -> str:
        """Form shown in responses: "Ahmed Ash-Sharara" -> "ahmed ash sharara".

        Only the folding step of build_keys: callers (duplicate checks, judgements, bulk
        import) normalise far more names than they resolve.
        """
        return fold(name or "")

    # -- resolution --------------------------------------------------------------------------
    def resolve(
        self,
        name: str,
        entity_type: str | None = None,
        limit: int = 5,
        explain: bool = False,
        blocked: Collection[str] = (),
        countries: Collection[str] = (),
    ) -> Resolution:
        """Rank entities for `name`; see decision.py for what each status promises.
        ``countries``: the query's, if the caller knows them (see context.py)."""
        keys = build_keys(name or "")
        if not keys.tokens or len(self.index) == 0:
            return Resolution(NO_MATCH, keys.folded, [])
        slots = self.retrieve(keys, entity_type)
        index = self.index
        rarity = _memo(index.idf, index.idf_lookup())
        scorer = QueryScorer(keys.tokens, index.tokens, rarity, index.word_sims)
        asked = frozenset(countries)
        counted = self._counted(asked)
        best = self._score(scorer, slots, max(2, limit), script_of(name), counted)
        how: dict[int, How] = {}
        for variant in compounds.variants(keys, index):
            v_scorer = QueryScorer(variant.tokens, index.tokens, rarity, index.word_sims)
            v_slots = self.retrieve(variant, entity_type)
            v_best = self._score(v_scorer, v_slots, max(2, limit), counted=counted)
            for entity, (score, slot) in v_best.items():
                score *= compounds.VARIANT_FACTOR
                if entity not in best or score > best[entity][0]:
                    best[entity] = (score, slot)
                    how[entity] = (JOINED_OR_SPLIT, v_scorer, variant)
        for entity, (score, slot) in self._by_acronym(name, keys, entity_type).items():
            if entity not in best or score > best[entity][0]:
                best[entity] = (score, slot)
                how[entity] = (ACRONYM, scorer, keys)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[1][1]))
        ranked, aside = context.set_aside(ranked, asked, self._countries_of)
        scores = [score for _, (score, _) in ranked]
        top_blocked = bool(ranked) and self.index.entity_ids[ranked[0][0]] in blocked
        top_type = self.index.entity_types[ranked[0][0]] if ranked else ""
        single = is_single_word(keys)
        other_given_name = False
        if top_type == "person":
            top, (_, top_slot) = ranked[0]
            top_scorer = how[top][1] if top in how else scorer
            other_given_name = top_scorer.misses_given_name(index.alias_token_ids(top_slot))
        thresholds = thresholds_for(self.thresholds, top_type)
        flags = (top_blocked, single, other_given_name)
        if aside:
            aside_scores = [score for _, (score, _) in aside]
            aside_type = self.index.entity_types[aside[0][0]]
            review = thresholds_for(self.thresholds, aside_type).review
            status = context.decide_set_aside(scores, aside_scores, thresholds, review, *flags)
        else:
            status = decide(scores, thresholds, *flags)
        if status == AMBIGUOUS and not top_blocked and asked and ranked:
            top_evidence = context.evidence(asked, self._countries_of(ranked[0]))
            if context.confirmed_exact(scores, top_evidence):
                status = MATCHED
        verdict = ""
        if status == MATCHED and ranked:  # a word that tells the two apart outweighs any score
            verdict = self._verdict(name, *ranked[0], how, scorer)
            status = AMBIGUOUS if verdict else status
        conflicting = {entity for entity, _ in aside}
        candidates = [
            self._candidate(
                entity, score, slot, *how.get(entity, (SPELLING, scorer, keys)), explain,
                asked, entity in conflicting, name,
            )
            for entity, (score, slot) in [*ranked, *aside][: max(0, limit)]
        ]  # fmt: skip
        return Resolution(status, keys.folded, candidates, other_given_name, verdict)

    def _verdict(
        self, name: str, entity: int, best: Best, how: Mapping[int, How], scorer: QueryScorer
    ) -> str:
        """Why disagreeing words forbid matching this entity via its best alias, or ""."""
        matched_by, top_scorer = how[entity][:2] if entity in how else (SPELLING, scorer)
        tids, kind = self.index.alias_token_ids(best[1]), self.index.entity_types[entity]
        return disagreement.of_pair(top_scorer, tids, kind, name, matched_by == ACRONYM).verdict

    def _score(
        self,
        scorer: QueryScorer,
        slots: list[int],
        keep: int,
        script: str | None = None,
        counted: Callable[[int], bool] | None = None,
    ) -> dict[int, Best]:
        """Best (score, slot) per entity, exact for the `keep` best entities (of those
        ``counted``: entities a query's countries set aside never raise the bar, so the
        namesake in the query's country is scored exactly however many rank above it).

        Aliases are scored in order of their upper bound; one whose bound cannot beat its
        entity's best, or the keep-th best entity, is skipped, and so is everything after.
        A second, tighter bound with the real string features skips more without changing
        the order (so ties still go to the same alias) or any score that is returned.
        Aliases of one entity with the same words score the same: of those, one written in
        the query's ``script`` is the one shown ("Krim" matched "Krim", not "Крим").
        """
        index = self.index
        shapes = index.alias_shapes
        if len(shapes) > SHAPE_MEMO:
            shapes.clear()
        alias_entity, entity_types, tok_start, tok_len, tok_buf = (
            index.alias_entity, index.entity_types, index.alias_tok_start, index.alias_tok_len,
            index.tok_buf,
        )  # fmt: skip
        vocab, words_of, word_bounds = index.tokens, scorer.words_of, scorer.word_bounds
        bounded: list[tuple[float, int, AliasShape, int, str, float, list[Word]]] = []
        seen: dict[tuple[int, tuple[int, ...]], int] = {}  # -> its position in bounded
        for slot in slots:
            shape = shapes.get(slot)
            if shape is None:
                start = tok_start[slot]
                tids = tok_buf[start : start + tok_len[slot]]
                shape = shapes[slot] = alias_shape(tids, vocab)
            entity = alias_entity[slot]
            twin = seen.get((entity, shape.tids))
            if twin is not None:  # an earlier alias of its entity has the same words: same
                # score; the earlier one stands unless only this one is in the query's script
                held_slot = bounded[twin][1]
                if script and script_of(index.alias_names[slot]) == script != script_of(
                    index.alias_names[held_slot]
                ):
                    bounded[twin] = (bounded[twin][0], slot, *bounded[twin][2:])
                continue
            seen[(entity, shape.tids)] = len(bounded)
            kind = entity_types[entity]
            words = words_of(shape.tids)
            upper, aligned_upper = word_bounds(words, shape.edges, kind)
            bounded.append((upper, slot, shape, entity, kind, aligned_upper, words))
        bounded.sort(key=itemgetter(0), reverse=True)  # stable: ties stay in slot order
        best: dict[int, Best] = {}
        floor = -1.0
        string_ratios, string_bound, combine = (
            scorer.string_ratios, scorer.string_bound, scorer.combine,
        )  # fmt: skip
        align_words = scorer.align_words
        for upper, slot, shape, entity, kind, aligned_upper, words in bounded:
            if upper < floor:
                break
            held = best.get(entity)
            if held is not None and upper <= held[0]:
                continue
            ratios = string_ratios(shape)
            tight = string_bound(aligned_upper, ratios)
            if tight < floor or (held is not None and tight <= held[0]):
                continue  # would score below the floor or its entity's best: no change
            score = combine(align_words(words, shape, kind)[0], ratios)
            if held is None or score > held[0]:
                best[entity] = (score, slot)
                if counted is not None:
                    if counted(entity):
                        floor = _floor(best, keep, counted, floor)
                elif len(best) >= keep:
                    floor = sorted([v[0] for v in best.values()], reverse=True)[keep - 1]
        return best

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
                weight = index.idf(index.kid_skel[kid])
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
                ranked = sorted(
                    (s for s, v in sums.items() if v >= floor),
                    key=lambda s: (-sums[s], abs(lengths[s] - words), s),
                )
                return self._admit(ranked, entity_type)
            uniq = np.array(sorted(sums), dtype=np.int64)
            totals = np.array([sums[s] for s in uniq.tolist()])
        else:
            uniq, totals = top_sums(groups, keep, frequent, self._of_type(entity_type), near)
        totals = totals - TIE_BREAK * np.abs(self._lengths(uniq) - words)
        ranked = above_floor(uniq, totals, keep, RETRIEVAL_KEEP, index.is_live)
        return self._admit(ranked, entity_type)

    def _of_type(self, entity_type: str | None) -> Callable[[np.ndarray], np.ndarray] | None:
        """Which of some slots are aliases of the wanted type (None: any type will do)."""
        if entity_type is None:
            return None
        wanted = self.index.type_codes.get(entity_type, -1)
        owners = np.frombuffer(self.index.alias_entity, dtype=np.int32)
        types = np.frombuffer(self.index.entity_type_code, dtype=np.int32)
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

    def _admit(self, ranked: Iterable[int], entity_type: str | None) -> list[int]:
        """The first `rerank` live slots of the wanted entity type, in ranked order."""
        index = self.index
        wanted = None if entity_type is None else index.type_codes.get(entity_type, -1)
        out: list[int] = []
        for slot in ranked:
            if not index.is_live(slot):
                continue
            if wanted is not None and index.entity_type_code[index.alias_entity[slot]] != wanted:
                continue
            out.append(slot)
            if len(out) >= self.rerank:
                break
        return out

    def _candidate(
        self,
        entity: int,
        score: float,
        slot: int,
        matched_by: str,
        scorer: QueryScorer,
        keys: NameKeys,
        explain: bool,
        asked: context.Countries = context.NO_COUNTRIES,
        conflict: bool = False,
        raw: str = "",
    ) -> Candidate:
        index = self.index
        alias_key = index.alias_keys[slot]
        explanation = None
        if explain:
            kind = index.entity_types[entity]
            pair = scorer.explain(index.alias_token_ids(slot), kind)
            alias_name = index.alias_names[slot] or ""
            explanation = {
                "alias": alias_name,
                "matched_by": matched_by,
                "query_normalized": keys.folded,
                "query_compared": " ".join(t.text for t in keys.tokens),
                "alias_normalized": build_keys(alias_name).folded,
                "query_keys": _keys_json(keys.tokens),
                "alias_keys": _keys_json(index.alias_tokens(slot)),
                "alignment": pair.alignment,
                "components": {k: round(v, 4) for k, v in pair.components.items()},
                "disagreement": disagreement.of_pair(
                    scorer, index.alias_token_ids(slot), kind, raw, matched_by == ACRONYM
                ).as_json(),
                "score": round(score, 4),
                "country": context.explanation(asked, self.countries.get(index.entity_ids[entity])),
            }
        return Candidate(
            entity_id=index.entity_ids[entity] or "",
            name=index.entity_names[entity],
            entity_type=index.entity_types[entity],
            score=round(score, 4),
            matched_alias=index.alias_names[slot] or "",
            alias_key=alias_key,  # type: ignore[arg-type]
            explanation=explanation,
            country_conflict=conflict,
        )

    def _counted(self, asked: context.Countries) -> Callable[[int], bool] | None:
        """Which entities count towards scoring's bar: without countries, all (None)."""
        if not asked:
            return None
        entity_ids, countries = self.index.entity_ids, self.countries
        return lambda entity: (
            context.evidence(asked, countries.get(entity_ids[entity])) != (context.CONFLICT)
        )

    def _countries_of(self, ranked_item: tuple[int, Best]) -> context.Countries:
        return self.countries.get(self.index.entity_ids[ranked_item[0]])


def script_of(text: str | None) -> str | None:
    """The script of a name's first letter ("LATIN", "CYRILLIC", "ARABIC"...), from its
    Unicode character name: enough to tell which of two equal aliases reads like the query."""
    for char in text or "":
        if char.isalpha():
            return unicodedata.name(char, "").partition(" ")[0] or None
    return None


def is_single_word(keys: NameKeys) -> bool:
    """At most one name word: "Ahmad", "Ash-Sharara", "ZMDC" (see decision.decide)."""
    return sum(t.role == "name" for t in keys.tokens) <= 1


def _floor(best: dict[int, Best], keep: int, counted: Callable[[int], bool], floor: float) -> float:
    """The keep-th best score among the counted entities, or the bar as it was."""
    scores = sorted((v[0] for e, v in best.items() if counted(e)), reverse=True)
    return scores[keep - 1] if len(scores) >= keep else floor


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


def _keys_json(tokens: Iterable[TokenKeys]) -> list[dict[str, str]]:
    return [
        {"token": t.text, "phonetic": t.phon, "skeleton": t.skel, "role": t.role} for t in tokens
    ]
