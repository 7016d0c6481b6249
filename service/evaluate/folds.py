"""K-fold cross-validation over entities, and a reliability table of the top score.

Each fold in turn is held out: the fit sees the other folds' queries, the figures are
those of the held-out fold under what was fitted. The spread over folds says how much a
figure moves with the names drawn, which one number on one half cannot say.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from service.evaluate.calibration import Decision, Fit, apply_decision, fit_fixed
from service.evaluate.dataset import Query
from service.evaluate.measures import figures, namesake_figures
from service.matching import Status

FIGURES = ("top1", "auto_right", "precision", "absent_matched", "base_top1")
BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)  # top-score bands of the reliability table


@dataclass
class FoldResult:
    """One held-out fold: its size, what was fitted without it, and its figures."""

    fold: int
    entities: int
    queries: list[Query]
    decision: Decision
    figures: dict[str, float]
    draw: int = 0  # which entities were absent (dataset.absent_salt)


def cross_validate(
    queries: Sequence[Query], folds: int, fit: Fit = fit_fixed, draw: int = 0
) -> list[FoldResult]:
    """Fit on all folds but one, report on that one, for each fold."""
    results = []
    for fold in range(folds):
        train = [q for q in queries if q.fold != fold]
        decision = fit(train)
        held = apply_decision([q for q in queries if q.fold == fold], decision)
        shown = figures(held, "engine")
        shown["base_top1"] = figures(held, "baseline")["top1"]
        entities = len({q.entity for q in held})
        results.append(FoldResult(fold, entities, held, decision, shown, draw))
    return results


def spread(results: Sequence[FoldResult]) -> dict[str, tuple[float, float, float]]:
    """Per figure: mean, min and max over the folds (folds where it is undefined skipped)."""
    out = {}
    for name in FIGURES:
        values = [r.figures[name] for r in results if not math.isnan(r.figures[name])]
        out[name] = (
            (statistics.fmean(values), min(values), max(values)) if values else (math.nan,) * 3
        )
    return out


def print_folds(results: Sequence[FoldResult], out: TextIO) -> None:
    """One row per held-out fold, then mean, min, max and max - min of each figure."""
    head = f"{'fold':<8}{'ents':>6}{'n':>6}" + "".join(f"{n:>16}" for n in FIGURES)
    print(f"\nheld-out folds (engine; base_top1 = rapidfuzz baseline)\n{head}", file=out)
    print("-" * len(head), file=out)
    for r in results:
        cells = "".join(f"{r.figures[n]:>16.3f}" for n in FIGURES)
        print(f"{r.fold:<8}{r.entities:>6}{len(r.queries):>6}{cells}", file=out)
    print("-" * len(head), file=out)
    stats = print_spread(results, 20, out)
    widths = "".join(f"{stats[n][2] - stats[n][1]:>16.3f}" for n in FIGURES)
    print(f"{'spread':<20}{widths}", file=out)


def print_spread(
    results: Sequence[FoldResult], width: int, out: TextIO
) -> dict[str, tuple[float, float, float]]:
    """Rows of each figure's mean, min and max over `results`, labels `width` wide."""
    stats = spread(results)
    for label, pick in (("mean", 0), ("min", 1), ("max", 2)):
        print(f"{label:<{width}}" + "".join(f"{stats[n][pick]:>16.3f}" for n in FIGURES), file=out)
    return stats


def reliability(queries: Sequence[Query]) -> list[tuple[float, float, int, int, int, int]]:
    """Per top-score band: (low, high, answered, top-1 right, matched, matched right).

    A query counts in the band of its top candidate's score; an absent name's top-1 is
    never right. Held-out queries of all folds are pooled: each appears once."""
    rows = []
    for low, high in itertools.pairwise(BANDS):
        last = high == BANDS[-1]
        band = [q for q in queries if q.top and low <= q.score and (q.score < high or last)]
        right = [q for q in band if q.present and q.top == q.entity]
        matched = [q for q in band if q.status == Status.MATCHED]
        matched_right = [q for q in matched if q.present and q.top == q.entity]
        rows.append((low, high, len(band), len(right), len(matched), len(matched_right)))
    return rows


def print_reliability(queries: Sequence[Query], out: TextIO) -> None:
    """Observed precision of the top-1 per score band, and of `matched` within it."""
    head = f"{'score band':<14}{'n':>6}{'top1 right':>12}{'matched':>9}{'matched right':>15}"
    print(f"\nreliability (held-out folds pooled)\n{head}\n{'-' * len(head)}", file=out)
    for low, high, n, right, matched, matched_right in reliability(queries):
        share = f"{right / n:.3f}" if n else "-"
        hit = f"{matched_right / matched:.3f}" if matched else "-"
        print(f"{low:.1f}-{high:.1f}{'':<6}{n:>6}{share:>12}{matched:>9}{hit:>15}", file=out)


def print_draws(results: Sequence[FoldResult], out: TextIO) -> None:
    """One row per absent draw (its folds' mean), then mean, min and max over every
    (draw, fold): a figure that holds on one draw of absent entities and not on the next
    was fitted to the draw."""
    head = f"{'draw':<8}{'folds':>6}" + "".join(f"{n:>16}" for n in FIGURES)
    print(f"\nabsent draws (mean over each draw's held-out folds)\n{head}", file=out)
    print("-" * len(head), file=out)
    for draw in sorted({r.draw for r in results}):
        mine = [r for r in results if r.draw == draw]
        means = spread(mine)
        cells = "".join(f"{means[n][0]:>16.3f}" for n in FIGURES)
        print(f"{draw:<8}{len(mine):>6}{cells}", file=out)
    print("-" * len(head), file=out)
    print_spread(results, 14, out)


POOLED = ("top1", "auto_right", "precision", "absent_matched")


def print_pooled(results: Sequence[FoldResult], out: TextIO) -> None:
    """Every file's held-out queries together, per draw, each asked of its own file's table
    (one table of all files is `cat`-ing them into one file): the files weighed by their
    queries, not one each. "typed" is the same queries sent with their entity type, as a
    caller that knows it (and the unseen set) sends them."""
    head = f"{'draw':<8}{'matcher':<10}{'n':>7}" + "".join(f"{n:>16}" for n in POOLED)
    print(f"\nall files pooled (held-out folds)\n{head}\n{'-' * len(head)}", file=out)
    for draw in sorted({r.draw for r in results}):
        queries = [q for r in results if r.draw == draw for q in r.queries]
        for which in ("engine", "typed"):
            shown = figures(queries, which)
            cells = "".join(f"{shown[n]:>16.3f}" for n in POOLED)
            print(f"{draw:<8}{which:<10}{len(queries):>7}{cells}", file=out)


APART = ("wrong", "to_namesake", "precision_apart", "absent_apart", "absent_namesake")


def print_namesakes(results: Sequence[FoldResult], out: TextIO) -> None:
    """Per draw, typed: the wrong `matched` answers and how many went to a namesake of the
    query's entity (same name in the engine's form, another entity), with precision and
    absent names matched as they would be without those. A namesake asked by name alone
    is a coin flip; its countries decide (--context)."""
    head = f"{'draw':<8}" + "".join(f"{n:>16}" for n in APART)
    print(f"\nwrong matches to a namesake (typed, held-out folds)\n{head}", file=out)
    print("-" * len(head), file=out)
    for draw in sorted({r.draw for r in results}):
        shown = namesake_figures([q for r in results if r.draw == draw for q in r.queries], "typed")
        cells = "".join(
            f"{shown[n]:>16.0f}" if n in APART[:2] else f"{shown[n]:>16.3f}" for n in APART
        )
        print(f"{draw:<8}{cells}", file=out)
