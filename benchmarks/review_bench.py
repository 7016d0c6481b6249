"""What the review-queue bookkeeping costs /resolve: the same names resolved with it on
and off, in alternating rounds of one process (medians of per-round throughput).

    .venv/bin/python -m benchmarks.review_bench
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.http_bench import request_mix
from benchmarks.stats import table
from service.config import Settings
from service.live.bootstrap import open_store, prepare_store
from service.live.resolver import Resolver


def round_rate(resolver: Resolver, names: list[str]) -> float:
    start = time.perf_counter()
    for name in names:
        resolver.resolve(name)
    return len(names) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--names", type=int, default=600)
    args = parser.parse_args()
    settings = Settings(database_url=f"sqlite:///{Path(tempfile.mkdtemp()) / 'review.db'}")
    store = open_store(settings)
    prepare_store(store, settings)
    names = [json.loads(body)["name"] for body in request_mix(args.names)]
    with_queue = Resolver(store, record_unresolved=True)
    without = Resolver(store, record_unresolved=False)
    for resolver in (with_queue, without):
        resolver.load()
        round_rate(resolver, names)  # warm caches
    rates: dict[str, list[float]] = {"on": [], "off": []}
    for _ in range(args.rounds):
        rates["on"].append(round_rate(with_queue, names))
        rates["off"].append(round_rate(without, names))
    assert with_queue.review is not None
    with_queue.review.flush()
    unresolved = sum(1 for n in names if with_queue.engine.resolve(n).status != "matched")
    on, off = statistics.median(rates["on"]), statistics.median(rates["off"])
    print(f"{len(names)} names per round ({unresolved} unresolved), {args.rounds} rounds each\n")
    print(
        table(
            ["review queue", "resolves/s (median)"], [["off", f"{off:,.0f}"], ["on", f"{on:,.0f}"]]
        )
    )
    print(f"\nwith / without: {on / off:.3f}")
    print(f"open review items after the run: {store.review_open_count()}")


if __name__ == "__main__":
    main()
