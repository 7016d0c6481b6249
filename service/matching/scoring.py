"""Named features and weights that turn a (query, alias) pair into one score in [0, 1].

The main feature aligns query words to alias words (order-free, so "PUTIN, Vladimir"
meets "Vladimir Putin") and weighs each word by its rarity in the alias table, so a
shared "al-Assad" cannot carry "Hafez al-Assad" to "Bashar al-Assad". A QueryScorer
holds everything about the query, so each alias costs a few look-ups, and gives a cheap
upper bound that lets the engine skip aliases which cannot reach the top candidates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from rapidfuzz import fuzz

from service.matching.keys import TokenKeys
from service.matching.similarity import token_similarity

# Role multipliers on a token's rarity weight.
ROLE_WEIGHTS = {
    "name": 1.0,
    "particle": 0.25,  # "bin", "abu": "Osama bin Laden" vs "Osama Laden" barely differ
    "legal": 0.1,  # "LLC" / "OOO": "OOO Interservis" = "Interservis LLC"
    "initial": 0.5,  # "V." stands for a given name but only weakly: "V. Putin"
    "title": 0.1,  # "Sheikh", "Hajj", "Col.": "Hajj Sultan ASAAD" is "Sultan ASAAD"
    "generic": 0.5,  # "bank", "plant": "Rosneft Oil Company" vs "Rosneft" differ in kind words
}
WEAK_ROLES = frozenset({"legal", "title"})  # left out of the whole-name string features
CREDIT_FLOOR = 0.5  # similarity credited as (sim - floor) / (1 - floor): "ahmad"/"asaad" (0.6)
# earns 0.2, "sharaa"/"sharara" (0.86) 0.71, "wladimir"/"vladimir" (0.97) 0.94
FIRM_ALIGNMENT = 0.8  # alignments this good vouch for word order ("Sultan ASAAD" is not
# "Ahmed SULTAN" in surname-first order just because "ahmad" ~ "asaad" at 0.6)
SINGLE_NAME_FACTOR = 0.85  # one name word against a fuller person name: a lead, not proof
# ("Abu JA'FAR" vs "Abu Jaafar SHAKRA", "Ash-Sharara" vs "Ahmad al-Sharaa")
LONE_SURNAME_COST = 0.3  # a lone surname leaves the given name out by design: its absence
# costs a third ("Ash-Sharara" vs "Ahmad al-Sharaa"); the margin rule guards shared surnames
GIVEN_NAME_PENALTY = 0.7  # one side's given name is missing while its other names align:
# "Hafez al-Assad" vs "Bashar Hafez al-Assad" (father vs son), "Asma al-Assad" likewise
# Share of an unaligned word's weight that still counts against the pair, by the type of
# the candidate entity. Person lists drop and add middle names all the time ("Dmitry
# BALABA" = "Dmitriy Vladimirovich BALABA"), first and last names far less, and a query
# word the alias lacks is stronger evidence than the reverse. An extra word in an
# organisation or place name usually means another entity ("STARS COMMUNICATIONS" vs
# "STARS COMMUNICATIONS OFFSHORE", "Zvenigorod" vs "Zvenigorodka").
UNMATCHED_COST = {
    "person": {
        ("query", "edge"): 1.0,  # "Hafez al-Assad" vs "Bashar al-Assad": "hafez" counts fully
        ("query", "middle"): 0.5,  # "Mehrez ben Taha AMDOUNI" vs "Mehrez AMDOUNI"
        ("alias", "edge"): 0.6,  # "Ash-Sharara" is a fair short form of "Ahmad al-Sharaa"
        ("alias", "middle"): 0.25,  # patronymics: "Nikolay [Nikolayevich] TRUSHCHALOV"
    },
    "other": {
        ("query", "edge"): 1.0,
        ("query", "middle"): 0.8,
        ("alias", "edge"): 0.9,  # "ANSAR AL-SHARIA" vs "ANSAR AL-SHARIAH BRIGADE"
        ("alias", "middle"): 0.7,
    },
}
# Feature weights of the final score; they sum to one.
FEATURE_WEIGHTS = {
    "token_alignment": 0.85,  # rarity-weighted, order-free token match: the core evidence
    "folded_ratio": 0.05,  # whole-name edit similarity: "Shaibani"/"Shibani" letter by letter
    "joined_ratio": 0.1,  # spaces ignored: "Chong Chon Gang" vs "Chongchongang"
}
STRING_LIFT = 0.15  # string likeness alone cannot make a match: score <= alignment + 0.15
BOUND_SLACK = 1e-9  # float rounding between the bound and the score


@dataclass
class PairScore:
    """A scored (query, alias) pair with what the explanation needs."""

    score: float
    components: dict[str, float]
    alignment: list[dict[str, object]] = field(default_factory=list)


def credit(sim: float) -> float:
    """Evidence earned by an aligned pair: near-misses earn little."""
    return max(0.0, (sim - CREDIT_FLOOR) / (1.0 - CREDIT_FLOOR))


def significant(tokens: Sequence[TokenKeys]) -> list[TokenKeys]:
    """Tokens without legal forms or titles, unless the name is nothing but those."""
    kept = [t for t in tokens if t.role not in WEAK_ROLES]
    return kept or list(tokens)


def name_positions(tokens: Sequence[TokenKeys]) -> list[int]:
    return [i for i, t in enumerate(tokens) if t.role == "name"]


SimilarityMemo = dict[tuple[str, str, bool], dict[int, float]]
# query word (text, role, abjad) -> vocabulary token id -> similarity; kept on the index
# across calls (token ids are never reused) and cleared past MEMO_WORDS query words
MEMO_WORDS = 20_000
Word = tuple[tuple[float, ...], tuple[float, ...], float, float, bool]
# a vocabulary word against the query: (similarity to each query word, credit of each,
# best credit, rarity weight, is a name word)
ALIGNMENT_WEIGHT = FEATURE_WEIGHTS["token_alignment"]
STRING_WEIGHTS = FEATURE_WEIGHTS["joined_ratio"] + FEATURE_WEIGHTS["folded_ratio"]


class AliasShape(NamedTuple):
    """What scoring needs of an alias whatever the query: memoised per alias slot."""

    tids: tuple[int, ...]
    names: tuple[int, ...]  # positions of the name words
    edges: tuple[int, ...]  # first and last name word, if any
    spaced: str  # phonetic forms of the significant words: "vladimir putin"
    joined: str  # ...without spaces: "vladimirputin"


def alias_shape(tids: Sequence[int], vocab: Sequence[TokenKeys]) -> AliasShape:
    alias = [vocab[t] for t in tids]
    names = tuple(name_positions(alias))
    kept = significant(alias)
    spaced = " ".join(t.phon for t in kept)
    edges = (names[0], names[-1]) if names else ()
    return AliasShape(tuple(tids), names, edges, spaced, "".join(t.phon for t in kept))


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
        kept = significant(query)
        self.q_spaced = " ".join(t.phon for t in kept)
        self.q_joined = "".join(t.phon for t in kept)
        self.words: dict[int, Word] = {}
        self.q_lost: dict[str, list[float]] = {}
        self.a_costs: dict[str, tuple[float, float]] = {}
        self.costs: dict[str, tuple[float, float, list[float], bool]] = {}

    def word(self, tid: int) -> Word:
        """What vocabulary word `tid` can contribute to this query."""
        found = self.words.get(tid)
        if found is None:
            word = self.vocab[tid]
            sims = []
            for row, q in self.pairs:
                sim = row.get(tid)
                if sim is None:
                    sim = row[tid] = token_similarity(q, word)
                sims.append(sim)
            credits = tuple([credit(sim) if sim > CREDIT_FLOOR else 0.0 for sim in sims])
            weight = self.rarity(word.skel) * ROLE_WEIGHTS.get(word.role, 1.0)
            found = (tuple(sims), credits, max(credits, default=0.0), weight, word.role == "name")
            self.words[tid] = found
        return found

    def query_lost(self, entity_type: str) -> list[float]:
        """Cost of each query word if it finds no partner, for this entity type."""
        lost = self.q_lost.get(entity_type)
        if lost is None:
            weights = [0.0] * len(self.wq)
            lost = self.q_lost[entity_type] = unmatched_costs(
                self.q_names, self.wq, weights, "query", entity_type
            )
        return lost

    def alias_costs(self, entity_type: str) -> tuple[float, float]:
        """Cost shares of an unaligned alias word at the edge and in the middle."""
        found = self.a_costs.get(entity_type)
        if found is None:
            costs = UNMATCHED_COST.get(entity_type, UNMATCHED_COST["other"])
            found = self.a_costs[entity_type] = (
                costs[("alias", "edge")],
                costs[("alias", "middle")],
            )
        return found

    def bound(self, tids: Sequence[int], entity_type: str) -> float:
        """Upper bound of `score`: every word at its best credit, words without any
        partner at their cost. Cheap enough to skip "muhammad"-only neighbours."""
        return self.bounds(alias_shape(tids, self.vocab), entity_type)[0]

    def bounds(self, shape: AliasShape, entity_type: str) -> tuple[float, float]:
        """Upper bounds of the score (string features at 1.0) and of the alignment."""
        get, word = self.words.get, self.word
        words = [get(t) or word(t) for t in shape.tids]
        edge, middle, q_lost, lone = self.kind_costs(entity_type)
        covered = lost = 0.0
        edges = shape.edges
        for j, w in enumerate(words):
            if w[2] > 0.0:
                covered += w[3] * w[2]
            else:
                lost += w[3] * (edge if j in edges else middle)
        if covered == 0.0:  # no word of the alias has a partner
            return min(1.0, ALIGNMENT_WEIGHT * 0.0 + STRING_WEIGHTS + BOUND_SLACK), 0.0
        if lone:
            lost *= LONE_SURNAME_COST
        if len(words) == 1:
            best_q: Sequence[float] = words[0][1]
        else:
            best_q = [max(c) for c in zip(*(w[1] for w in words), strict=True)]
        for wq, best, cost in zip(self.wq, best_q, q_lost, strict=True):
            if best > 0.0:
                covered += wq * best
            else:
                lost += cost
        upper = covered / (covered + lost)
        return min(1.0, ALIGNMENT_WEIGHT * upper + STRING_WEIGHTS + BOUND_SLACK), upper

    def kind_costs(self, entity_type: str) -> tuple[float, float, list[float], bool]:
        """Unaligned alias word costs (edge, middle), query word costs, and whether a lone
        query name word discounts the alias's extra words, for one entity type."""
        found = self.costs.get(entity_type)
        if found is None:
            edge, middle = self.alias_costs(entity_type)
            lone = entity_type == "person" and len(self.q_names) == 1
            found = self.costs[entity_type] = (edge, middle, self.query_lost(entity_type), lone)
        return found

    def string_ratios(self, shape: AliasShape) -> tuple[float, float]:
        """Whole-name similarities: letter by letter (folded) and spaces ignored (joined)."""
        folded = fuzz.token_sort_ratio(self.q_spaced, shape.spaced) / 100.0
        return folded, fuzz.ratio(self.q_joined, shape.joined) / 100.0

    @staticmethod
    def string_bound(aligned_upper: float, ratios: tuple[float, float]) -> float:
        """Upper bound of the score once the string features are known (cost: two ratios)."""
        return _weighted(aligned_upper, *ratios) + BOUND_SLACK

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
        score = _weighted(aligned, *ratios)
        return max(0.0, min(1.0, score, aligned + STRING_LIFT))

    def explain(self, tids: Sequence[int], entity_type: str, detail: bool = True) -> PairScore:
        """The score with its components and, if asked, the word alignment."""
        shape = alias_shape(tids, self.vocab)
        aligned, pairs = self.align_shape(shape, entity_type)
        folded, joined = self.string_ratios(shape)
        score = self.combine(aligned, (folded, joined))
        if not detail:
            return PairScore(score, {})
        components = {"token_alignment": aligned, "folded_ratio": folded, "joined_ratio": joined}
        alias = [self.vocab[t] for t in tids]
        wq = self.wq
        shown: list[dict[str, object]] = [
            {
                "query": self.query[i].text,
                "alias": alias[j].text,
                "similarity": round(sim, 3),
                "weight": round((wq[i] + self.word(tids[j])[3]) / 2.0, 3),
            }
            for i, j, sim in pairs
        ]
        return PairScore(score, components, shown)

    def misses_given_name(self, tids: Sequence[int]) -> bool:
        """Whether this alias and the query disagree on the given name (see
        is_given_name_missing): "Hafez al-Assad" against "Bashar Hafez al-Assad"."""
        shape = alias_shape(tids, self.vocab)
        _, pairs = self.align_shape(shape, "person")
        return is_given_name_missing(self.q_names, shape.names, pairs)

    def token_alignment(self, tids: Sequence[int], entity_type: str) -> tuple[float, Pairs]:
        """Weighted Dice over aligned tokens; missing alias words count at a discount."""
        return self.align_shape(alias_shape(tids, self.vocab), entity_type)

    def align_shape(self, shape: AliasShape, entity_type: str) -> tuple[float, Pairs]:
        get, word = self.words.get, self.word
        words = [get(t) or word(t) for t in shape.tids]
        pairs = align([w[0] for w in words])
        wq = self.wq
        covered = total = 0.0
        for i, j, _ in pairs:
            weight = wq[i] + words[j][3]
            covered += weight * words[j][1][i]  # the pair's credit
            total += weight
        a_names = shape.names
        lone = entity_type == "person" and is_lone_surname(self.q_names, a_names, pairs)
        aligned_q = {i for i, _, _ in pairs}
        aligned_a = {j for _, j, _ in pairs}
        q_lost = self.query_lost(entity_type)
        total += sum(cost for i, cost in enumerate(q_lost) if i not in aligned_q)
        if len(aligned_a) < len(words):
            wa = [w[3] for w in words]
            a_lost = unmatched_costs(a_names, wa, [0.0] * len(wa), "alias", entity_type)
            alias_rest = sum(cost for j, cost in enumerate(a_lost) if j not in aligned_a)
            total += LONE_SURNAME_COST * alias_rest if lone else alias_rest
        score = covered / total if total > 0 else 0.0
        if entity_type == "person" and is_given_name_missing(self.q_names, a_names, pairs):
            score *= GIVEN_NAME_PENALTY
        if entity_type == "person" and self.q_single and len(a_names) > 1 and not lone:
            score *= SINGLE_NAME_FACTOR
        return score, pairs


Pairs = list[tuple[int, int, float]]


def _weighted(aligned: float, folded: float, joined: float) -> float:
    return (
        FEATURE_WEIGHTS["token_alignment"] * aligned
        + FEATURE_WEIGHTS["folded_ratio"] * folded
        + FEATURE_WEIGHTS["joined_ratio"] * joined
    )


def align(cols: Sequence[tuple[float, ...]]) -> Pairs:
    """Greedy one-to-one alignment, best pairs first: [(query_i, alias_j, sim)]."""
    found = [(-sim, i, j) for j, col in enumerate(cols) for i, sim in enumerate(col) if sim > 0.0]
    found.sort()
    used_q: set[int] = set()
    used_a: set[int] = set()
    out = []
    for neg, i, j in found:
        if i not in used_q and j not in used_a:
            used_q.add(i)
            used_a.add(j)
            out.append((i, j, -neg))
    return out


def unmatched_costs(
    names: Sequence[int], weights: list[float], out: list[float], side: str, entity_type: str
) -> list[float]:
    """What each word of one side costs if left unaligned, middle names at a discount."""
    costs = UNMATCHED_COST.get(entity_type, UNMATCHED_COST["other"])
    edge, middle = costs[(side, "edge")], costs[(side, "middle")]
    edges = (names[0], names[-1]) if names else ()
    for i, weight in enumerate(weights):
        out[i] = weight * (edge if i in edges else middle)
    return out


def is_lone_surname(q_names: Sequence[int], a_names: Sequence[int], pairs: Pairs) -> bool:
    """One query name word, firmly aligned to the alias's last name word (its surname).

    People are named by surname alone ("Ash-Sharara", "Putin"), hardly ever by a given
    name or kunya alone ("Abu JA'FAR" vs "Abu Jaafar SHAKRA").
    """
    if len(q_names) != 1 or len(a_names) < 2:
        return False
    return any(
        i == q_names[0] and j == a_names[-1] and sim >= FIRM_ALIGNMENT for i, j, sim in pairs
    )


def is_given_name_missing(q_names: Sequence[int], a_names: Sequence[int], pairs: Pairs) -> bool:
    """True unless the first name words align with each other or in surname-first order.

    Catches a missing given name ("Hafez al-Assad" vs "Bashar Hafez al-Assad") and two
    different ones ("Ali Muhammad HAMSHO" vs "Amr Mohamed HAMSHO"). Both names need two or
    more name words, so a bare surname ("Ash-Sharara") is judged by coverage alone.
    """
    if len(q_names) < 2 or len(a_names) < 2:
        return False
    q_to_a = {i: j for i, j, sim in pairs if sim >= FIRM_ALIGNMENT}
    a_to_q = {j: i for i, j, sim in pairs if sim >= FIRM_ALIGNMENT}
    q_first, q_last, a_first, a_last = q_names[0], q_names[-1], a_names[0], a_names[-1]
    in_order = q_to_a.get(q_first) == a_first
    surname_first = q_to_a.get(q_first) == a_last or a_to_q.get(a_first) == q_last
    return not (in_order or surname_first)
