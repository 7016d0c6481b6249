"""Labelled development set -> accuracy tables for the engine and a rapidfuzz baseline.

    python -m service.evaluate FILE.jsonl [--holdout 0.2] [--alias-frac 0.5]
                                          [--split all|tune|check] [--calibrate]

Entities whose salted hash falls under `holdout` are absent: all their names must not
match. For the others names[0] plus a share of the other names become aliases and the
rest are queries. `--split` halves the entities by another salted hash so that rules
and thresholds are tuned on one half and checked on the other.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, TextIO

from rapidfuzz import fuzz, process, utils

from service.matching import Engine
from service.matching.decision import DEFAULT_THRESHOLDS, Thresholds, decide, thresholds_for
from service.matching.engine import is_single_word
from service.matching.keys import build_keys

BASELINE_CUTOFF = 90  # WRatio >= 90 counts as the baseline's confident match
SPLITS = ("all", "tune", "check")
Row = dict[str, Any]
Words = dict[str, set[str]]  # entity -> skeletons, or skeleton -> entities


@dataclass
class Query:
    """One held-out name with its truth and what each matcher said."""

    text: str
    entity: str
    entity_type: str
    origin: str
    present: bool
    split: str
    top: str | None = None
    top_type: str = ""
    status: str = "no_match"
    score: float = 0.0
    runner_up: float = 0.0
    other_given_name: bool = False
    base_top: str | None = None
    base_score: float = 0.0
    typed_top: str | None = None
    typed_status: str = "no_match"
    seconds: float = 0.0
    base_seconds: float = 0.0


def hash_fraction(key: str, salt: str = "") -> float:
    """Deterministic fraction in [0, 1) of a key: sha256(salt + key)."""
    digest = hashlib.sha256((salt + key).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2.0**64


def split_of(entity: str) -> str:
    """Tune or check half, by a hash salted apart from the absent/present split."""
    return "tune" if hash_fraction(entity, "polyonym-split:") < 0.5 else "check"


def load(path: str) -> list[Row]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def build(
    rows: Sequence[Row], holdout: float, alias_frac: float
) -> tuple[Engine, list[Query], list[tuple[str, str]]]:
    """Engine with the present entities' aliases, the queries, and (name, entity) aliases."""
    engine = Engine()
    queries: list[Query] = []
    aliases: list[tuple[str, str]] = []
    bulk: list[tuple[int, str, str]] = []
    for row in rows:
        entity, names = str(row["entity"]), [str(n) for n in row["names"]]
        meta = (str(row.get("type", "")), str(row.get("origin", "")))
        present = hash_fraction(entity) >= holdout
        half = split_of(entity)
        if not present:
            queries.extend(Query(n, entity, *meta, present=False, split=half) for n in names)
            continue
        others = names[1:]
        kept = [names[0], *others[: int(len(others) * alias_frac)]]
        engine.upsert_entity(entity, names[0], meta[0])
        for name in kept:
            bulk.append((len(bulk), entity, name))
            aliases.append((name, entity))
        rest = others[int(len(others) * alias_frac) :]
        queries.extend(Query(n, entity, *meta, present=True, split=half) for n in rest)
    engine.add_aliases(bulk)
    return engine, queries, aliases


def run_queries(engine: Engine, queries: list[Query], aliases: list[tuple[str, str]]) -> None:
    """Fill in each query's engine, typed-engine and baseline answers and timings."""
    choices = [utils.default_process(name) for name, _ in aliases]
    for query in queries:
        start = time.perf_counter()
        result = engine.resolve(query.text, limit=2)
        query.seconds = time.perf_counter() - start
        if result.candidates:
            query.top, query.score = result.candidates[0].entity_id, result.candidates[0].score
            query.top_type = result.candidates[0].entity_type
            query.runner_up = result.candidates[1].score if len(result.candidates) > 1 else 0.0
        query.status = result.status
        query.other_given_name = result.other_given_name
        typed = engine.resolve(query.text, entity_type=query.entity_type, limit=1)
        query.typed_top = typed.candidates[0].entity_id if typed.candidates else None
        query.typed_status = typed.status
        start = time.perf_counter()
        best = process.extractOne(utils.default_process(query.text), choices, scorer=fuzz.WRatio)
        query.base_seconds = time.perf_counter() - start
        if best is not None:
            query.base_top, query.base_score = aliases[best[2]][1], float(best[1])


def figures(queries: Iterable[Query], which: str) -> dict[str, float]:
    """The four figures for one matcher: "engine", "typed" or "baseline"."""
    present = [q for q in queries if q.present]
    absent = [q for q in queries if not q.present]
    right = [q for q in present if _top(q, which) == q.entity]
    auto_right = [q for q in right if _matched(q, which)]
    matched_all = [q for q in [*present, *absent] if _matched(q, which)]
    return {
        "queries": float(len(present) + len(absent)),
        "top1": _ratio(len(right), len(present)),
        "auto_right": _ratio(len(auto_right), len(present)),
        "precision": _ratio(len(auto_right), len(matched_all)),
        "absent_matched": _ratio(sum(_matched(q, which) for q in absent), len(absent)),
    }


def _top(query: Query, which: str) -> str | None:
    return {"engine": query.top, "typed": query.typed_top, "baseline": query.base_top}[which]


def _matched(query: Query, which: str) -> bool:
    if which == "baseline":
        return query.base_score >= BASELINE_CUTOFF
    return (query.typed_status if which == "typed" else query.status) == "matched"


def _ratio(num: int, den: int) -> float:
    return num / den if den else float("nan")


def print_table(title: str, groups: dict[str, list[Query]], out: TextIO) -> None:
    """Aligned plain-text table: one row per group and matcher."""
    head = f"{'group':<22}{'matcher':<10}{'n':>6}{'top1':>8}{'auto':>8}{'prec':>8}{'absent':>8}"
    print(f"\n{title}\n{head}\n{'-' * len(head)}", file=out)
    for group, items in groups.items():
        for which in ("engine", "typed", "baseline"):
            f = figures(items, which)
            print(
                f"{group:<22}{which:<10}{int(f['queries']):>6}{f['top1']:>8.3f}"
                f"{f['auto_right']:>8.3f}{f['precision']:>8.3f}{f['absent_matched']:>8.3f}",
                file=out,
            )


def print_worst(queries: list[Query], worst: int, out: TextIO) -> None:
    """Wrong confident matches first, then present names the engine missed."""
    wrong = [q for q in queries if q.status == "matched" and q.top != q.entity]
    missed = [q for q in queries if q.present and q.top != q.entity]
    missed.sort(key=lambda q: -q.score)
    print(f"\nworst: {len(wrong)} wrong confident matches, {len(missed)} top-1 misses", file=out)
    for q in [*wrong, *missed][:worst]:
        kind = "WRONG" if q in wrong else "miss "
        print(f"  {kind} {q.score:.3f} {q.text!r} want {q.entity} got {q.top}", file=out)


REACH_RATIO = 70  # a query word this close (rapidfuzz ratio of skeletons) to an alias word
DISTINCT_RATIO = 80  # a query word this close to an alias word that at most...
DISTINCT_ENTITIES = 2  # ...this many entities' aliases hold: evidence for one entity


def _alias_words(aliases: Sequence[tuple[str, str]]) -> tuple[Words, Words]:
    """Name-word skeletons per entity, and the entities holding each skeleton."""
    words: Words = defaultdict(set)
    holders: Words = defaultdict(set)
    for name, entity in aliases:
        for token in build_keys(name).tokens:
            if token.role == "name":
                words[entity].add(token.skel)
                holders[token.skel].add(entity)
    return words, holders


def _query_words(text: str) -> list[str]:
    """Skeletons of a query's name words (of all its words if it has none)."""
    tokens = build_keys(text).tokens
    return [t.skel for t in tokens if t.role == "name"] or [t.skel for t in tokens]


def _shares(mine: list[str], theirs: Iterable[str], at_least: int) -> bool:
    return any(fuzz.ratio(a, b) >= at_least for a in mine for b in theirs)


def out_of_reach(queries: Sequence[Query], aliases: Sequence[tuple[str, str]]) -> int:
    """Present queries sharing no name word, even roughly, with any alias of their entity:
    found only by luck, they bound the top-1 any spelling matcher can reach."""
    words, _ = _alias_words(aliases)
    return sum(
        not _shares(_query_words(q.text), words[q.entity], REACH_RATIO)
        for q in queries
        if q.present
    )


def winnable_misses(queries: Sequence[Query], aliases: Sequence[tuple[str, str]]) -> int:
    """Present queries whose top-1 is wrong yet which share a distinctive word with their
    entity. The other misses share at most words many entities use ("abu", "muhammad",
    "company"), so the engine's top-1 plus this count bounds what tuning can reach."""
    words, holders = _alias_words(aliases)
    return sum(
        _shares(
            _query_words(q.text),
            [w for w in words[q.entity] if len(holders[w]) <= DISTINCT_ENTITIES],
            DISTINCT_RATIO,
        )
        for q in queries
        if q.present and q.top != q.entity
    )


WRONG_COST = 100  # one wrong confident match costs as much as 100 right ones (precision 0.99)


def calibrate(queries: list[Query], lone_word: bool = False) -> Thresholds:
    """Grid search of match/margin on recorded scores (procedure in decision.py).

    Maximises right auto-matches minus WRONG_COST per wrong one (a matched absent name is
    a wrong one); margins below 0.06 are not considered. A second bar for clear leads is
    searched once the first is fixed; it keeps the type's `clear_lone_word` from the defaults.
    """
    best, best_value = Thresholds(clear_lone_word=lone_word), float("-inf")
    for match in [x / 100 for x in range(60, 100)]:
        for margin in [x / 100 for x in range(6, 25, 2)]:
            value = _value(queries, replace(best, match=match, margin=margin))
            if value > best_value:
                best, best_value = replace(best, match=match, margin=margin), value
    for clear_match in [x / 100 for x in range(50, int(best.match * 100))]:
        for clear_margin in [x / 100 for x in range(20, 61, 4)]:
            trial = replace(best, clear_match=clear_match, clear_margin=clear_margin)
            value = _value(queries, trial)
            if value > best_value:
                best, best_value = trial, value
    return best


def _value(queries: list[Query], thresholds: Thresholds) -> int:
    """Right auto-matches minus WRONG_COST per wrong one, under these thresholds."""
    hits = [q for q in queries if restatus(q, {"": thresholds}) == "matched"]
    right = sum(q.present and q.top == q.entity for q in hits)
    return right - WRONG_COST * (len(hits) - right)


def calibrate_by_type(queries: list[Query]) -> dict[str, Thresholds]:
    """Thresholds per entity type, each fitted on queries whose top candidate has that type."""
    kinds = sorted({q.top_type for q in queries if q.top_type})
    lone = {k: thresholds_for(DEFAULT_THRESHOLDS, k).clear_lone_word for k in kinds}
    return {k: calibrate([q for q in queries if q.top_type == k], lone[k]) for k in kinds}


def restatus(query: Query, table: Mapping[str, Thresholds]) -> str:
    """Status the engine would give this query under other thresholds."""
    scores = [query.score, query.runner_up] if query.top else []
    single = is_single_word(build_keys(query.text))
    thresholds = thresholds_for(table, query.top_type)
    return decide(scores, thresholds, single_word=single, other_given_name=query.other_given_name)


def run_eval(
    path: str,
    holdout: float = 0.2,
    alias_frac: float = 0.5,
    worst: int = 15,
    out: TextIO | None = None,
    split: str = "all",
) -> dict[str, dict[str, float]]:
    """Evaluate on one development file; returns {"engine"|"typed"|"baseline": figures}."""
    out = out or sys.stdout
    rows = load(path)
    engine, queries, aliases = build(rows, holdout, alias_frac)
    run_queries(engine, queries, aliases)
    if split != "all":
        queries = [q for q in queries if q.split == split]
    print(f"{path}: {len(engine)} aliases, {len(queries)} queries, split={split}", file=out)
    groups: dict[str, list[Query]] = {"all": queries}
    by_type, by_origin = defaultdict(list), defaultdict(list)
    for q in queries:
        by_type[f"type={q.entity_type}"].append(q)
        by_origin[f"origin={q.origin}"].append(q)
    print_table(
        "four figures",
        {**groups, **dict(sorted(by_type.items())), **dict(sorted(by_origin.items()))},
        out,
    )
    engine_ms = statistics.median(q.seconds for q in queries) * 1000 if queries else 0.0
    base_ms = statistics.median(q.base_seconds for q in queries) * 1000 if queries else 0.0
    print(f"\nmedian latency: engine {engine_ms:.2f} ms, baseline {base_ms:.2f} ms", file=out)
    present = sum(q.present for q in queries)
    far = out_of_reach(queries, aliases)
    ceiling = 1 - far / max(present, 1)
    print(f"out of reach: {far} of {present} present queries share no name word with "
          f"their entity's aliases (top-1 ceiling {ceiling:.3f})", file=out)  # fmt: skip
    right = sum(q.present and q.top == q.entity for q in queries)
    winnable = winnable_misses(queries, aliases)
    print(f"winnable: {winnable} of {present - right} top-1 misses share a word at most "
          f"{DISTINCT_ENTITIES} entities use with their entity (top-1 if all were won "
          f"{(right + winnable) / max(present, 1):.3f})", file=out)  # fmt: skip
    print_worst(queries, worst, out)
    result = {which: figures(queries, which) for which in ("engine", "typed", "baseline")}
    result["latency_ms"] = {"engine": engine_ms, "baseline": base_ms}
    return result


def run_calibration(
    path: str, holdout: float = 0.2, alias_frac: float = 0.5, out: TextIO | None = None
) -> dict[str, Thresholds]:
    """Fit per-type thresholds on the tune half; print the four figures on both halves."""
    out = out or sys.stdout
    engine, queries, aliases = build(load(path), holdout, alias_frac)
    run_queries(engine, queries, aliases)
    chosen = calibrate_by_type([q for q in queries if q.split == "tune"])
    for kind, thresholds in chosen.items():
        print(f"{kind}: {thresholds}", file=out)
    for half in ("tune", "check"):
        subset = [replace(q, status=restatus(q, chosen)) for q in queries if q.split == half]
        for kind in ["", *sorted({q.entity_type for q in subset})]:
            part = [q for q in subset if kind in ("", q.entity_type)]
            shown = {k: round(v, 3) for k, v in figures(part, "engine").items()}
            print(f"{half:<6} {kind or 'all':<13} {shown}", file=out)
    return chosen


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service.evaluate", description=__doc__)
    parser.add_argument("path")
    parser.add_argument("--holdout", type=float, default=0.2)
    parser.add_argument("--alias-frac", type=float, default=0.5)
    parser.add_argument("--worst", type=int, default=15)
    parser.add_argument("--split", choices=SPLITS, default="all")
    parser.add_argument("--calibrate", action="store_true", help="grid-search thresholds on tune")
    args = parser.parse_args(argv)
    if args.calibrate:
        run_calibration(args.path, args.holdout, args.alias_frac)
        return 0
    run_eval(args.path, args.holdout, args.alias_frac, args.worst, split=args.split)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
