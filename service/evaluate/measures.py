"""The figures of a set of recorded queries, and the diagnostics of what was missed.

Figures per matcher ("engine", "typed" or "baseline"): top-1 right and auto-matched right
among present names, precision of `matched` over present and absent names, and the share
of absent names matched (each one a wrong confident match).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TextIO

from rapidfuzz import fuzz

from service.evaluate.dataset import Query
from service.matching import Status
from service.matching.keys import build_keys

BASELINE_CUTOFF = 90  # WRatio >= 90 counts as the baseline's confident match
MATCHERS = ("engine", "typed", "baseline")
Words = dict[str, set[str]]  # entity -> skeletons, or skeleton -> entities


def figures(queries: Iterable[Query], which: str) -> dict[str, float]:
    """The four figures (and the query count) for one matcher."""
    queries = list(queries)
    present = [q for q in queries if q.present]
    absent = [q for q in queries if not q.present]
    right = [q for q in present if _top(q, which) == q.entity]
    auto_right = [q for q in right if _matched(q, which)]
    matched_all = [q for q in queries if _matched(q, which)]
    return {
        "queries": float(len(queries)),
        "top1": _ratio(len(right), len(present)),
        "auto_right": _ratio(len(auto_right), len(present)),
        "precision": _ratio(len(auto_right), len(matched_all)),
        "absent_matched": _ratio(sum(_matched(q, which) for q in absent), len(absent)),
    }


def namesake_figures(queries: Iterable[Query], which: str) -> dict[str, float]:
    """Wrong `matched` answers, how many went to a namesake of the query's entity (another
    entity the data gives one of its names, dataset.namesakes_of), and precision and absent
    names matched had those been held back: what the name alone cannot decide, and what a
    rule about the name could still win. `absent_namesake` is the share of absent names
    matched to a namesake: no rule on the name alone takes absent names matched below it."""
    queries = list(queries)
    wrong = [
        q for q in queries if _matched(q, which) and not (q.present and _top(q, which) == q.entity)
    ]
    to_namesake = [q for q in wrong if _top(q, which) in q.namesakes]
    right = sum(_matched(q, which) for q in queries) - len(wrong)
    absent = [q for q in queries if not q.present]
    kept_absent = sum(_matched(q, which) and _top(q, which) not in q.namesakes for q in absent)
    return {
        "wrong": float(len(wrong)),
        "to_namesake": float(len(to_namesake)),
        "precision_apart": _ratio(right, right + len(wrong) - len(to_namesake)),
        "absent_apart": _ratio(kept_absent, len(absent)),
        "absent_namesake": _ratio(
            sum(_matched(q, which) for q in absent) - kept_absent, len(absent)
        ),
    }


def _top(query: Query, which: str) -> str | None:
    return {"engine": query.top, "typed": query.typed_top, "baseline": query.base_top}[which]


def _matched(query: Query, which: str) -> bool:
    if which == "baseline":
        return query.base_score >= BASELINE_CUTOFF
    return (query.typed_status if which == "typed" else query.status) == Status.MATCHED


def _ratio(num: int, den: int) -> float:
    return num / den if den else float("nan")


def print_table(title: str, groups: dict[str, list[Query]], out: TextIO) -> None:
    """Aligned plain-text table: one row per group and matcher."""
    head = f"{'group':<22}{'matcher':<10}{'n':>6}{'top1':>8}{'auto':>8}{'prec':>8}{'absent':>8}"
    print(f"\n{title}\n{head}\n{'-' * len(head)}", file=out)
    for group, items in groups.items():
        for which in MATCHERS:
            f = figures(items, which)
            print(
                f"{group:<22}{which:<10}{int(f['queries']):>6}{f['top1']:>8.3f}"
                f"{f['auto_right']:>8.3f}{f['precision']:>8.3f}{f['absent_matched']:>8.3f}",
                file=out,
            )


def print_worst(queries: list[Query], worst: int, out: TextIO) -> None:
    """Wrong confident matches first, then present names the engine missed."""
    wrong = [q for q in queries if q.status == Status.MATCHED and q.top != q.entity]
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
