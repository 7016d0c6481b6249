"""Synthetic scale check (not a test): build time, memory and latency at N aliases.

.venv/bin/python tests/matching/synthetic_scale.py 1000000
"""

from __future__ import annotations

import random
import resource
import statistics
import sys
import time

from service.matching import Engine

SYLLABLES = ["ba", "sha", "al", "mo", "ha", "ra", "ki", "de", "vo", "ne", "li", "tan", "ser",
             "gei", "ov", "in", "ko", "zu", "fa", "di", "ma", "nu", "ry", "sta", "pol", "gra",
             "ek", "um", "bri", "cha", "ya", "jo", "tu", "wa", "hi", "lo"]  # fmt: skip


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def main(n: int) -> None:
    rng = random.Random(7)
    given = [word(rng) for _ in range(3000)]
    surnames = [word(rng) for _ in range(max(1000, n // 3))]
    rows = []
    for i in range(n):
        parts = [rng.choice(given)] + [rng.choice(surnames) for _ in range(rng.randint(1, 2))]
        if rng.random() < 0.2:
            parts.insert(1, "al")
        rows.append((i, f"e{i // 3}", " ".join(parts)))
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    engine = Engine()
    start = time.perf_counter()
    for e in range(0, n, 3):
        engine.upsert_entity(f"e{e // 3}", rows[e][2], "person")
    engine.add_aliases(rows)
    build = time.perf_counter() - start
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queries = [rows[rng.randrange(n)][2] for _ in range(300)]
    queries = [q.replace("a", "e", 1) if k % 2 else q for k, q in enumerate(queries)]
    times = []
    for q in queries:
        t0 = time.perf_counter()
        engine.resolve(q)
        times.append(time.perf_counter() - t0)
    print(
        f"aliases={len(engine)} build={build:.1f}s rss_delta={(rss1 - rss0) * 1024 / n:.0f} B/alias"
    )
    print(
        f"resolve median={statistics.median(times) * 1000:.2f} ms "
        f"p95={sorted(times)[int(len(times) * 0.95)] * 1000:.2f} ms"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
