"""A worker's memory while it resolves names it has never seen: does it stop growing?

    .venv/bin/python -m benchmarks.memory_soak --names 400000 --every 50000

The load benchmark repeats a few thousand bodies, so its RSS rows cannot tell a leak from
memos filling. Here every name is made of invented words, so each one adds to every memo
keyed by words (keys, roles, rarities, near keys, similarities). The app is built as
`polyonym serve` builds a worker (SQLite, curated table), and names go through its
Resolver (without queueing them for review, which would write them all to the store).
Prints RSS and memo sizes every `--every` names: RSS should level off once the memos
reach their caps, and stay there.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchmarks.names import invented_names
from benchmarks.stats import rss_bytes, table
from benchmarks.web_overhead import build_app
from service.matching.memos import memo_sizes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=400_000, help="names to resolve")
    parser.add_argument("--every", type=int, default=50_000, help="names between samples")
    args = parser.parse_args(argv)
    names = invented_names(args.names)
    with tempfile.TemporaryDirectory(prefix="polyonym-soak-") as tmp:
        resolver = build_app(Path(tmp)).extensions["polyonym"].resolver
        started = time.perf_counter()

        def sample(done: int) -> list[str]:
            elapsed, rss = time.perf_counter() - started, rss_bytes() / 2**20
            print(f"{done:,} names, RSS {rss:.1f} MiB", flush=True)
            sizes = memo_sizes(resolver.engine.index).values()
            return [f"{done:,}", f"{elapsed:.0f}", f"{rss:.1f}", *map(str, sizes)]

        rows = [sample(0)]
        for done, name in enumerate(names, 1):
            resolver.resolve(name, record=False)
            if done % args.every == 0 or done == len(names):
                rows.append(sample(done))
    headers = ["names", "seconds", "RSS MiB", *memo_sizes(resolver.engine.index)]
    print(table(headers, rows))


if __name__ == "__main__":
    main()
