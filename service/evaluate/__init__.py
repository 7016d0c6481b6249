"""Labelled development files -> cross-validated accuracy of the engine and a baseline.

    polyonym eval FILE... [--folds 5] [--draws 1] [--fit fixed|grid] [--details] [--context]
    python -m service.evaluate FILE... [same options]

Entities are split by a stable hash of their key into K folds (`dataset.fold_of`). Each
fold in turn is held out: a fit (`calibration.FITS`) sees the other folds, the held-out
fold's figures are printed, then mean, min, max and spread of each figure and a
reliability table (top-score band -> observed precision on the held-out folds, pooled).
No figure here is of a half that guided changes: every name is reported once, from the
fold that was held out when it was reported. `--details` adds the tables by type and
origin, the worst misses and the reach bounds, for diagnosis (all queries, not a score).
`--context` sends each query with its entity's countries (dataset.py); the figures are the
same ones, so the two runs compare directly. `--draws N` repeats it all for N draws of
which entities are absent (dataset.absent_salt) and adds a table of the draws: every rule
so far was looked at under draw 0, so only the other draws are names nobody tuned on.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, TextIO

from service.evaluate.calibration import (
    FITS,
    Decision,
    Fit,
    apply_decision,
    calibrate,
    calibrate_by_type,
    fit_fixed,
    restatus,
)
from service.evaluate.dataset import (
    Query,
    build,
    fold_of,
    hash_fraction,
    load,
    namesakes_of,
    run_queries,
)
from service.evaluate.folds import (
    FoldResult,
    cross_validate,
    print_draws,
    print_folds,
    print_namesakes,
    print_pooled,
    print_reliability,
    reliability,
    spread,
)
from service.evaluate.measures import (
    DISTINCT_ENTITIES,
    MATCHERS,
    figures,
    namesake_figures,
    out_of_reach,
    print_table,
    print_worst,
    winnable_misses,
)

__all__ = [
    "FITS", "MATCHERS", "Decision", "Fit", "FoldResult", "Query", "apply_decision", "build",
    "calibrate", "calibrate_by_type", "cross_validate", "figures", "fit_fixed", "fold_of",
    "hash_fraction", "load", "main", "namesake_figures", "namesakes_of", "out_of_reach",
    "reliability", "restatus", "run_eval", "run_evals", "run_queries", "spread",
    "winnable_misses",
]  # fmt: skip


def run_eval(
    path: str,
    folds: int = 5,
    holdout: float = 0.2,
    alias_frac: float = 0.5,
    fit: str = "fixed",
    details: bool = False,
    worst: int = 15,
    out: TextIO | None = None,
    context: bool = False,
    draws: int = 1,
) -> list[FoldResult]:
    """Cross-validate on one development file; returns the held-out folds' results of
    every draw. ``context``: queries carry their entity's countries."""
    out = out or sys.stdout
    start = time.perf_counter()
    rows, results = load(path), []
    for draw in range(draws):
        engine, queries, aliases = build(rows, holdout, alias_frac, folds, context, draw)
        run_queries(engine, queries, aliases)
        drawn = cross_validate(queries, folds, FITS[fit], draw)
        print(f"{path}: draw {draw}, {len(engine)} aliases, {len(queries)} queries, "
              f"{folds} folds, fit={fit}, context={'countries' if context else 'none'}",
              file=out)  # fmt: skip
        print_folds(drawn, out)
        if details:
            print_details([q for r in drawn for q in r.queries], aliases, worst, out)
        results.extend(drawn)
    if draws > 1:
        print_draws(results, out)
    print_reliability([q for r in results for q in r.queries], out)
    print(f"\ntook {time.perf_counter() - start:.1f} s", file=out)
    return results


def run_evals(paths: Sequence[str], out: TextIO | None = None, **options: Any) -> None:
    """`run_eval` on each file, then (for two or more) their queries pooled per draw."""
    out = out or sys.stdout
    results = [r for path in paths for r in run_eval(path, out=out, **options)]
    if len(paths) > 1:
        print_pooled(results, out)
    print_namesakes(results, out)


def print_details(
    queries: list[Query], aliases: list[tuple[str, str]], worst: int, out: TextIO
) -> None:
    """Diagnostics over all (held-out) queries: by type and origin, reach, worst misses."""
    groups: dict[str, list[Query]] = defaultdict(list)
    for q in queries:
        groups[f"type={q.entity_type}"].append(q)
        groups[f"origin={q.origin}"].append(q)
    table = {"all": queries, **dict(sorted(groups.items()))}
    print_table("by group (held-out statuses)", table, out)
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service.evaluate", description=__doc__)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--holdout", type=float, default=0.2)
    parser.add_argument("--alias-frac", type=float, default=0.5)
    parser.add_argument("--fit", choices=sorted(FITS), default="fixed")
    parser.add_argument("--details", action="store_true")
    parser.add_argument("--worst", type=int, default=15)
    parser.add_argument("--context", action="store_true", help="queries carry countries")
    parser.add_argument("--draws", type=int, default=1, help="draws of the absent entities")
    args = parser.parse_args(argv)
    if args.folds < 2:
        parser.error("--folds must be at least 2")
    if args.draws < 1:
        parser.error("--draws must be at least 1")
    run_evals(
        args.paths, folds=args.folds, holdout=args.holdout, alias_frac=args.alias_frac,
        fit=args.fit, details=args.details, worst=args.worst, context=args.context,
        draws=args.draws,
    )  # fmt: skip
    return 0
