"""Deterministic synthetic alias tables: entities with 2-5 spellings each, plus noisy queries.

corpus = build_corpus(100_000, seed=7)   # ~33k entities, exactly 100k alias rows
known = known_queries(corpus, 300)       # misspelt, re-ordered, re-transliterated
unknown = unknown_queries(corpus, 100)   # plausible names of no entity in the table
"""

import random
from dataclasses import dataclass, field

from benchmarks.noise import render_query
from benchmarks.specs import Spec, random_spec

AliasRow = tuple[int, str, str]
_ALIAS_COUNTS = (2, 3, 4, 5)
_ALIAS_WEIGHTS = (0.35, 0.35, 0.2, 0.1)  # mean ~3 aliases per entity


@dataclass(frozen=True, slots=True)
class Entity:
    entity_id: str
    name: str
    entity_type: str
    culture: str


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    entity_id: str | None  # None: the name belongs to no entity in the table
    culture: str
    noise: str  # the perturbations applied, e.g. "translit+typo"


@dataclass
class Corpus:
    entities: list[Entity]
    aliases: list[AliasRow]
    specs: list[Spec]
    seed: int
    folded: set[str] = field(default_factory=set)  # casefolded aliases; release() frees it

    def release(self) -> None:
        """Drop generator-only state so it does not blur memory measurements."""
        self.folded = set()
        self.specs = []


def render(spec: Spec, rng: random.Random, pick: int | None = None, short: bool = False) -> str:
    """Tokens in one spelling each: pick=0 is the canonical, None a random system per name."""
    system = rng.randrange(8) if pick is None else pick
    words: list[str] = []
    for variants, role in zip(spec.tokens, spec.roles, strict=True):
        if short and role in "pfm":
            continue
        if spec.coherent or pick is not None:
            words.append(variants[system % len(variants)])
        else:
            words.append(rng.choice(variants))
    frame = spec.frames[0] if pick == 0 else rng.choice(spec.frames)
    return frame.format(" ".join(words))


def alias_names(spec: Spec, rng: random.Random, count: int) -> list[str]:
    """Canonical first, then script form, short form and other transliterations."""
    names = [render(spec, rng, pick=0)]
    if spec.script and rng.random() < 0.6:
        names.append(spec.script)
    if spec.entity_type == "person" and any(r in "pfm" for r in spec.roles) and rng.random() < 0.4:
        names.append(render(spec, rng, short=True))
    for _ in range(count * 3):
        if len(dict.fromkeys(n.casefold() for n in names)) >= count:
            break
        names.append(render(spec, rng))
    unique: dict[str, str] = {}
    for name in names:
        unique.setdefault(name.casefold(), name)
    return list(unique.values())[:count]


def build_corpus(n_aliases: int, seed: int = 7) -> Corpus:
    """Exactly n_aliases rows; entities whose spellings collide with others are redrawn."""
    rng = random.Random(seed)
    corpus = Corpus([], [], [], seed)
    canon: set[str] = set()
    while len(corpus.aliases) < n_aliases:
        spec = random_spec(rng)
        count = rng.choices(_ALIAS_COUNTS, weights=_ALIAS_WEIGHTS)[0]
        names = alias_names(spec, rng, min(count, n_aliases - len(corpus.aliases)))
        core = " ".join(v[0] for v in spec.tokens).casefold()  # "Snab-Avto" OOO and AO clash
        if core in canon:
            continue
        names = [n for n in names if n.casefold() not in corpus.folded]
        if len(names) < min(2, n_aliases - len(corpus.aliases)):
            continue
        entity_id = f"E{len(corpus.entities) + 1:07d}"
        canon.add(core)
        corpus.entities.append(Entity(entity_id, names[0], spec.entity_type, spec.culture))
        corpus.specs.append(spec)
        for name in names:
            corpus.folded.add(name.casefold())
            corpus.aliases.append((len(corpus.aliases) + 1, entity_id, name))
    return corpus


def known_queries(corpus: Corpus, count: int, seed: int = 11) -> list[Query]:
    """Noisy spellings of random table entities, none identical to any alias."""
    rng = random.Random(seed)
    queries: list[Query] = []
    while len(queries) < count:
        index = rng.randrange(len(corpus.entities))
        found = render_query(corpus.specs[index], rng, corpus.folded)
        if found:
            entity = corpus.entities[index]
            queries.append(Query(found[0], entity.entity_id, entity.culture, found[1]))
    return queries


def unknown_queries(corpus: Corpus, count: int, seed: int = 13) -> list[Query]:
    """Plausible names from the same vocabulary that belong to no entity in the table."""
    rng = random.Random(seed)
    canon = {" ".join(v[0] for v in spec.tokens).casefold() for spec in corpus.specs}
    queries: list[Query] = []
    while len(queries) < count:
        spec = random_spec(rng)
        if " ".join(v[0] for v in spec.tokens).casefold() in canon:
            continue
        found = render_query(spec, rng, corpus.folded)
        if found:
            queries.append(Query(found[0], None, spec.culture, found[1]))
    return queries


INVENTED_SYLLABLES = [
    "ka", "ra", "shi", "mo", "dan", "el", "tur", "ba", "zi", "qu", "vo", "len", "ash", "ni",
    "gor", "fa", "yu", "tam", "ov", "ski", "hus", "din", "ul", "pet",
]  # fmt: skip


def invented_names(count: int, seed: int = 1) -> list[str]:
    """`count` names of two or three invented words, nearly all new (24^2..24^4 spellings
    a word): names no table holds and no memo has seen, for memory soaks."""
    rng = random.Random(seed)

    def word() -> str:
        return "".join(rng.choices(INVENTED_SYLLABLES, k=rng.randint(2, 4))).capitalize()

    return [" ".join(word() for _ in range(rng.randint(2, 3))) for _ in range(count)]
