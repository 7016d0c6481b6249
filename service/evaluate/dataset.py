"""Development rows -> an engine, its queries and each query's recorded answers.

Entities whose hash falls under `holdout` are absent: all their names are queries that
must not match. Which entities are absent is one draw; `draw` > 0 salts the hash for
another, so a figure can be read over several draws instead of the one every change was
looked at under (draw 0, the unsalted hash). For the others names[0] plus a share of the
other names become aliases and the rest are queries. A second, differently salted hash puts
every entity in one of K folds, so that whatever is fitted is fitted on some folds and
reported on another.

Every present entity is loaded with its `countries`. With `context`, each query also carries
its own entity's countries (what a caller who knows the story's country would send; an
absent entity's query carries the absent entity's), so the country rule
(service/matching/context.py) is measured; without, queries carry none and the countries
loaded are neutral.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process, utils

from service.matching import Engine, Status
from service.matching.engine import is_single_word
from service.matching.keys import build_keys

Row = dict[str, Any]
FOLD_SALT = "polyonym-fold:"  # apart from the absent/present hash (unsalted in draw 0)


def absent_salt(draw: int) -> str:
    """The salt of the absent/present hash in draw `draw` (none in draw 0)."""
    return f"polyonym-absent-{draw}:" if draw else ""


@dataclass
class Query:
    """One held-out name with its truth and what each matcher said."""

    text: str
    entity: str
    entity_type: str
    origin: str
    present: bool
    fold: int = 0
    countries: tuple[str, ...] = ()  # sent with the query only under --context
    top: str | None = None
    top_type: str = ""
    status: str = Status.NO_MATCH
    score: float = 0.0
    runner_up: float = 0.0
    other_given_name: bool = False
    single_word: bool = False
    top_conflict: bool = False  # the top candidate's countries conflict with the query's
    disagreement: str = ""  # the rule that kept the top from `matched` (matching.disagreement)
    base_top: str | None = None
    base_score: float = 0.0
    typed_top: str | None = None
    typed_status: str = Status.NO_MATCH
    namesakes: frozenset[str] = frozenset()  # other entities that hold one of its names
    seconds: float = 0.0
    base_seconds: float = 0.0


def hash_fraction(key: str, salt: str = "") -> float:
    """Deterministic fraction in [0, 1) of a key: sha256(salt + key)."""
    digest = hashlib.sha256((salt + key).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2.0**64


def fold_of(entity: str, folds: int) -> int:
    """The entity's fold in 0..folds-1: stable across runs, files and Python versions,
    because it depends only on the entity key (not on row order or the hash seed)."""
    return min(int(hash_fraction(entity, FOLD_SALT) * folds), folds - 1)


def name_form(name: str) -> str:
    """A name as the engine compares it (folded words, in order): two names of one form are
    one spelling to it."""
    return " ".join(token.text for token in build_keys(name).tokens)


def namesakes_of(rows: Sequence[Row]) -> dict[str, frozenset[str]]:
    """Entity -> the other entities of `rows` that hold one of its names in the same form:
    two towns called Tripoli. Asked by name alone, which one a variant means is not in the
    name (only its countries tell them apart, see context.py), so the figures count a
    wrong `matched` that goes to a namesake apart (measures.namesake_wrong)."""
    holders: dict[str, set[str]] = {}
    for row in rows:
        for name in row["names"]:
            holders.setdefault(name_form(str(name)), set()).add(str(row["entity"]))
    shared: dict[str, set[str]] = {}
    for entities in holders.values():
        if len(entities) > 1:
            for entity in entities:
                shared.setdefault(entity, set()).update(entities - {entity})
    return {entity: frozenset(others) for entity, others in shared.items()}


def load(path: str) -> list[Row]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def build(
    rows: Sequence[Row],
    holdout: float,
    alias_frac: float,
    folds: int = 1,
    context: bool = False,
    draw: int = 0,
) -> tuple[Engine, list[Query], list[tuple[str, str]]]:
    """Engine with the present entities' aliases, the queries, and (name, entity) aliases.

    Every fold's entities are in the one table: a held-out fold is held out of fitting,
    not of the table, just as a caller's names meet the whole table in service."""
    engine = Engine()
    queries: list[Query] = []
    aliases: list[tuple[str, str]] = []
    bulk: list[tuple[int, str, str]] = []
    namesakes = namesakes_of(rows)
    for row in rows:
        entity, names = str(row["entity"]), [str(n) for n in row["names"]]
        meta = (str(row.get("type", "")), str(row.get("origin", "")))
        fold = fold_of(entity, folds)
        countries = tuple(str(c) for c in row.get("countries", ()))
        asked = countries if context else ()
        same = namesakes.get(entity, frozenset())
        if hash_fraction(entity, absent_salt(draw)) < holdout:
            queries.extend(
                Query(n, entity, *meta, present=False, fold=fold, countries=asked, namesakes=same)
                for n in names
            )
            continue
        others = names[1:]
        cut = int(len(others) * alias_frac)
        engine.upsert_entity(entity, names[0], meta[0], countries)
        for name in [names[0], *others[:cut]]:
            bulk.append((len(bulk), entity, name))
            aliases.append((name, entity))
        queries.extend(
            Query(n, entity, *meta, present=True, fold=fold, countries=asked, namesakes=same)
            for n in others[cut:]
        )
    engine.add_aliases(bulk)
    return engine, queries, aliases


def run_queries(engine: Engine, queries: list[Query], aliases: list[tuple[str, str]]) -> None:
    """Fill in each query's engine, typed-engine and baseline answers and timings."""
    choices = [utils.default_process(name) for name, _ in aliases]
    for query in queries:
        start = time.perf_counter()
        result = engine.resolve(query.text, limit=2, countries=query.countries)
        query.seconds = time.perf_counter() - start
        if result.candidates:
            top, second = result.candidates[0], result.candidates[1:2]
            query.top, query.score = top.entity_id, top.score
            query.top_type, query.top_conflict = top.entity_type, top.country_conflict
            # the runner-up the decision compared: a conflicting one was set aside (and
            # then every later one conflicts too: they are listed after the others)
            query.runner_up = second[0].score if second and not second[0].country_conflict else 0.0
        query.status = result.status
        query.other_given_name = result.other_given_name
        query.disagreement = result.disagreement
        query.single_word = is_single_word(build_keys(query.text))
        typed = engine.resolve(
            query.text, entity_type=query.entity_type, limit=1, countries=query.countries
        )
        query.typed_top = typed.candidates[0].entity_id if typed.candidates else None
        query.typed_status = typed.status
        start = time.perf_counter()
        best = process.extractOne(utils.default_process(query.text), choices, scorer=fuzz.WRatio)
        query.base_seconds = time.perf_counter() - start
        if best is not None:
            query.base_top, query.base_score = aliases[best[2]][1], float(best[1])
