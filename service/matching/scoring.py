"""Named features and weights that turn a (query, alias) pair into one score in [0, 1].

The main feature aligns query words to alias words (order-free, so "PUTIN, Vladimir"
meets "Vladimir Putin") and weighs each word by its rarity in the alias table, so a
shared "al-Assad" cannot carry "Hafez al-Assad" to "Bashar al-Assad". A QueryScorer
holds everything about the query, so each alias costs a few look-ups, and gives a cheap
upper bound that lets the engine skip aliases which cannot reach the top candidates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from rapidfuzz import fuzz

from service.matching.alignment import (
    UNMATCHED_COST,
    Pairs,
    align_ranked,
    initial_pair,
    is_given_name_missing,
    is_lone_surname,
    unmatched_costs,
)
from service.matching.keys import TokenKeys
from service.matching.shapes import (
    AliasShape,
    Word,
    alias_shape,
    name_positions,
    significant,
    sorted_words,
)
from service.matching.similarity import maybe_similar_array, token_similarity

# Role multipliers on a token's rarity weight.
ROLE_WEIGHTS = {
    "name": 1.0,
    "particle": 0.25,  # "bin", "abu": "Osama bin Laden" vs "Osama Laden" barely differ
    "legal": 0.1,  # "LLC" / "OOO": "OOO Interservis" = "Interservis LLC"
    "initial": 0.5,  # "V." stands for a given name but only weakly: "V. Putin"
    "title": 0.1,  # "Sheikh", "Hajj", "Col.": "Hajj Sultan ASAAD" is "Sultan ASAAD"
    "generic": 0.5,  # "bank", "plant": "Rosneft Oil Company" vs "Rosneft" differ in kind words
}
CREDIT_FLOOR = 0.5  # similarity credited as (sim - floor) / (1 - floor): "ahmad"/"asaad" (0.6)
# earns 0.2, "sharaa"/"sharara" (0.86) 0.71, "wladimir"/"vladimir" (0.97) 0.94
SINGLE_NAME_FACTOR = 0.85  # one name word against a fuller person name: a lead, not proof
# ("Abu JA'FAR" vs "Abu Jaafar SHAKRA", "Ash-Sharara" vs "Ahmad al-Sharaa")
LONE_SURNAME_COST = 0.3  # a lone surname leaves the given name out by design: its absence
# costs a third ("Ash-Sharara" vs "Ahmad al-Sharaa"); the margin rule guards shared surnames
GIVEN_NAME_PENALTY = 0.7  # one side's given name is missing while its other names align:
# "Hafez al-Assad" vs "Bashar Hafez al-Assad" (father vs son), "Asma al-Assad" likewise
# Feature weights of the final score; they sum to one.
FEATURE_WEIGHTS = {
    "token_alignment": 0.85,  # rarity-weighted, order-free token match: the core evidence
    "folded_ratio": 0.05,  # whole-name edit similarity: "Shaibani"/"Shibani" letter by letter
    "joined_ratio": 0.1,  # spaces ignored: "Chong Chon Gang" vs "Chongchongang"
}
STRING_LIFT = 0.15  # string likeness alone cannot make a match: score <= alignment + 0.15
BOUND_SLACK = 1e-9  # float rounding between the bound and the score
CREDIT_SPAN = 1.0 - CREDIT_FLOOR  # a pair's credit, (sim - floor) / span (QueryScorer._word)


SimilarityMemo = dict[tuple[str, str, bool], dict[int, float]]
# query word (text, role, abjad) -> vocabulary token id -> similarity; kept on the index
# across calls (token ids are never reused) and cleared past MEMO_WORDS query words
MEMO_WORDS = 20_000
LEARN_MIN = 8  # QueryScorer.learn: fewer new words are cheaper one by one
ALIGNMENT_WEIGHT = FEATURE_WEIGHTS["token_alignment"]
FOLDED_WEIGHT = FEATURE_WEIGHTS["folded_ratio"]
JOINED_WEIGHT = FEATURE_WEIGHTS["joined_ratio"]
STRING_WEIGHTS = FEATURE_WEIGHTS["joined_ratio"] + FEATURE_WEIGHTS["folded_ratio"]
NO_PARTNER_BOUND = min(1.0, ALIGNMENT_WEIGHT * 0.0 + STRING_WEIGHTS + BOUND_SLACK)


class QueryScorer:
    """One query scored against many aliases of the index vocabulary (by token id).

    Word similarities and weights are memoised per vocabulary token, so they are valid
    for one resolve call only (the table's rarities may change between calls).
    """

    def __init__(
        self,
        query: Sequence[TokenKeys],
        vocab: Sequence[TokenKeys],
        rarity: Callable[[str], float],
        memo: SimilarityMemo | None = None,
    ) -> None:
        memo = {} if memo is None else memo
        if len(memo) > MEMO_WORDS:
            memo.clear()
        self.rows = [memo.setdefault((t.text, t.role, t.abjad), {}) for t in query]
        self.query = tuple(query)
        self.pairs = list(zip(self.rows, self.query, strict=True))
        self.vocab = vocab
        self.rarity = rarity
        self.wq = [rarity(t.skel) * ROLE_WEIGHTS.get(t.role, 1.0) for t in query]
        self.q_names = name_positions(query)
        self.q_single = len(self.q_names) <= 1
        given = next((i for i, t in enumerate(query) if t.role in ("name", "initial")), -1)
        self.initials = tuple([t.role == "initial" and i != given for i, t in enumerate(query)])
        # middle initials (initial_pair); a given one is none (is_given_name_missing)
        self.given_initial = given if given >= 0 and query[given].role == "initial" else -1
        self.one_word = len(self.query) == 1
        phons = [t.phon for t in significant(query)]
        self.q_spaced = sorted_words(phons)
        self.q_joined = "".join(phons)
        self.words: dict[int, Word] = {}
        self.no_credits = (0.0,) * len(self.query)  # also the sims of a word like none
        self.costs: dict[str, tuple[float, float, list[float], bool]] = {}

    def word(self, tid: int) -> Word:
        """What vocabulary word `tid` can contribute to this query."""
        return self.words.get(tid) or self._word(tid)

    def _word(self, tid: int) -> Word:
        """`word` computed and kept. This runs for every distinct word of every alias
        scored, so it builds its tuples without helpers, and most words, like nothing in
        the query, take a short cut."""
        word = self.vocab[tid]
        sims = [  # the memo's, or computed and kept (the other query words' are read)
            row[tid] if tid in row else row.setdefault(tid, token_similarity(q, word))
            for row, q in self.pairs
        ]
        weight = self.rarity(word.skel) * ROLE_WEIGHTS.get(word.role, 1.0)
        if not any(sims):
            found = Word(self.no_credits, self.no_credits, 0.0, weight, 0.0, ())
        else:
            credits: list[float] = []
            ranked: list[tuple[float, int]] = []
            best, initials = 0.0, self.initials
            for i, sim in enumerate(sims):
                if sim > CREDIT_FLOOR:  # the pair's credit (an initial's: alignment.initial_pair)
                    gained = 1.0 if initials[i] else (sim - CREDIT_FLOOR) / CREDIT_SPAN
                    credits.append(gained)
                    if gained > best:
                        best = gained
                else:
                    credits.append(0.0)
                if sim > 0.0:
                    ranked.append((-sim, i))
            found = Word(tuple(sims), tuple(credits), best, weight, weight * best, tuple(ranked))
        self.words[tid] = found
        return found

    def learn(self, tids: Iterable[int]) -> None:
        """Ready the similarity memo for many words at once: pairs `maybe_similar` rules out
        are set to 0.0 (token_similarity's value), so `_word` computes only the others; a
        word ruled out for every query word gets its Word here. From LEARN_MIN new words."""
        new = [t for t in dict.fromkeys(tids) if t not in self.words]
        if len(new) < LEARN_MIN:
            return
        maybe = maybe_similar_array(self.query, [self.vocab[t] for t in new])
        for row, flags in zip(self.rows, maybe.tolist(), strict=True):
            for tid in [t for t, flag in zip(new, flags, strict=True) if not flag]:
                row.setdefault(tid, 0.0)
        for tid, flag in zip(new, maybe.any(axis=0).tolist(), strict=True):
            if not flag:  # (the weight as `_word` gives it)
                word = self.vocab[tid]
                weight = self.rarity(word.skel) * ROLE_WEIGHTS.get(word.role, 1.0)
                self.words[tid] = Word(self.no_credits, self.no_credits, 0.0, weight, 0.0, ())

    def words_of(self, tids: Sequence[int]) -> list[Word]:
        get, new = self.words.get, self._word
        return [get(t) or new(t) for t in tids]

    def kind_costs(self, entity_type: str) -> tuple[float, float, list[float], bool]:
        """Unaligned alias word costs (edge, middle), query word costs, and whether a lone
        query name word discounts the alias's extra words, for one entity type."""
        found = self.costs.get(entity_type)
        if found is None:
            costs = UNMATCHED_COST.get(entity_type, UNMATCHED_COST["other"])
            q_lost = unmatched_costs(
                self.q_names, self.wq, [0.0] * len(self.wq), "query", entity_type
            )
            lone = entity_type == "person" and len(self.q_names) == 1
            found = (costs[("alias", "edge")], costs[("alias", "middle")], q_lost, lone)
            self.costs[entity_type] = found
        return found

    def bound(self, tids: Sequence[int], entity_type: str) -> float:
        """Upper bound of `score`: every word at its best credit, words without any
        partner at their cost. Cheap enough to skip "muhammad"-only neighbours."""
        return self.bounds(alias_shape(tids, self.vocab), entity_type)[0]

    def bounds(self, shape: AliasShape, entity_type: str) -> tuple[float, float]:
        """Upper bounds of the score (string features at 1.0) and of the alignment."""
        return self.word_bounds(self.words_of(shape.tids), shape.edges, entity_type)

    def word_bounds(
        self, words: Sequence[Word], edges: tuple[int, ...], entity_type: str
    ) -> tuple[float, float]:
        """`bounds` of an alias whose words (`words_of`) are at hand."""
        edge, middle, q_lost, lone = self.costs.get(entity_type) or self.kind_costs(entity_type)
        covered = lost = 0.0
        partnered = []
        for j, w in enumerate(words):
            if w.best > 0.0:
                covered += w.covered
                partnered.append(w.credits)
            else:
                lost += w.weight * (edge if j in edges else middle)
        if covered == 0.0:  # no word of the alias has a partner
            return NO_PARTNER_BOUND, 0.0
        if lone:
            lost *= LONE_SURNAME_COST
        # words without a partner credit no query word, so they cannot raise a maximum
        best_q = partnered[0] if len(partnered) == 1 else map(max, *partnered)
        for wq, best, cost in zip(self.wq, best_q, q_lost, strict=True):
            if best > 0.0:
                covered += wq * best
            else:
                lost += cost
        upper = covered / (covered + lost)
        return min(1.0, ALIGNMENT_WEIGHT * upper + STRING_WEIGHTS + BOUND_SLACK), upper

    def string_ratios(self, shape: AliasShape) -> tuple[float, float]:
        """Whole-name similarities: letter by letter (folded) and spaces ignored (joined)."""
        folded = fuzz.ratio(self.q_spaced, shape.spaced) / 100.0
        return folded, fuzz.ratio(self.q_joined, shape.joined) / 100.0

    @staticmethod
    def string_bound(aligned_upper: float, ratios: tuple[float, float]) -> float:
        """Upper bound of the score once the string features are known (cost: two ratios)."""
        return weighted_sum(aligned_upper, *ratios) + BOUND_SLACK

    def score(self, tids: Sequence[int], entity_type: str) -> float:
        """Combine the features into one score in [0, 1]."""
        return self.score_shape(alias_shape(tids, self.vocab), entity_type)

    def score_shape(
        self, shape: AliasShape, entity_type: str, ratios: tuple[float, float] | None = None
    ) -> float:
        aligned, _ = self.align_shape(shape, entity_type)
        return self.combine(aligned, ratios or self.string_ratios(shape))

    @staticmethod
    def combine(aligned: float, ratios: tuple[float, float]) -> float:
        """One score from the alignment and the whole-name string features."""
        score = weighted_sum(aligned, *ratios)
        return max(0.0, min(1.0, score, aligned + STRING_LIFT))

    def misses_given_name(self, tids: Sequence[int]) -> bool:
        """Whether this alias and the query disagree on the given name (see
        is_given_name_missing): "Hafez al-Assad" against "Bashar Hafez al-Assad"."""
        shape = alias_shape(tids, self.vocab)
        _, pairs = self.align_shape(shape, "person")
        return is_given_name_missing(self.q_names, shape.names, pairs, self.given_initial)

    def align_shape(self, shape: AliasShape, entity_type: str) -> tuple[float, Pairs]:
        return self.align_words(self.words_of(shape.tids), shape, entity_type)

    def align_words(
        self, words: Sequence[Word], shape: AliasShape, entity_type: str
    ) -> tuple[float, Pairs]:
        """`align_shape` of an alias whose words (`words_of`) are at hand."""
        found = [(neg, i, j) for j, w in enumerate(words) for neg, i in w.ranked]
        if not found:
            pairs: Pairs = []
        elif self.one_word or len(words) == 1:  # one pair at most: the best
            neg, i, j = min(found)
            pairs = [(i, j, -neg)]
        else:
            pairs = align_ranked(found)
        wq, initials, person = self.wq, self.initials, entity_type == "person"
        a_names = shape.names
        surname = a_names[-1] if a_names else -1  # (a middle initial is not a surname's)
        covered = total = 0.0
        for i, j, sim in pairs:
            w = words[j]
            if initials[i]:
                weight, credit = initial_pair(wq[i], w.weight, sim, person and j != surname)
            else:
                weight, credit = wq[i] + w.weight, w.credits[i]
            covered += weight * credit
            total += weight
        lone = person and len(self.q_names) == 1 and is_lone_surname(self.q_names, a_names, pairs)
        edge, middle, q_lost, _ = self.costs.get(entity_type) or self.kind_costs(entity_type)
        if len(pairs) < len(q_lost):
            aligned_q = [i for i, _, _ in pairs]
            total += sum([cost for i, cost in enumerate(q_lost) if i not in aligned_q])
        if len(pairs) < len(words):
            aligned_a = [j for _, j, _ in pairs]
            rest = [w.weight * (edge if j in shape.edges else middle) for j, w in enumerate(words)]
            alias_rest = sum([cost for j, cost in enumerate(rest) if j not in aligned_a])
            total += LONE_SURNAME_COST * alias_rest if lone else alias_rest
        score = covered / total if total > 0 else 0.0
        names = person and len(a_names) > 1  # (both rules below want two alias names)
        q_names, given = self.q_names, self.given_initial
        if names and is_given_name_missing(q_names, a_names, pairs, given):
            score *= GIVEN_NAME_PENALTY
        if names and self.q_single and not lone:
            score *= SINGLE_NAME_FACTOR
        return score, pairs


def weighted_sum(aligned: float, folded: float, joined: float) -> float:
    """The final score before its clamps: the features times FEATURE_WEIGHTS."""
    return ALIGNMENT_WEIGHT * aligned + FOLDED_WEIGHT * folded + JOINED_WEIGHT * joined
