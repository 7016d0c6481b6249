"""How much of one index forked workers share: PSS of a preloading master and its workers.

    .venv/bin/python -m benchmarks.shared_memory --aliases 1000000 --workers 2 --queries 3000

Does what `polyonym serve` does with the engine (service/server.py): build it in the
master, collect and gc.freeze(), fork the workers; each worker then resolves its own
noisy queries (as requests would: every lookup bumps the reference counts of the Python
objects it reads, which copies their pages). Prints, per process, RSS, PSS (each shared
page counted once across the processes that map it) and private dirty memory from
/proc/<pid>/smaps_rollup, and the group's total PSS against the RSS of one process
holding the index: the issue #19 target is at most 1.3x with two workers.
"""

from __future__ import annotations

import argparse
import gc
import os
import time
from pathlib import Path

from benchmarks.names import build_corpus, known_queries, unknown_queries
from benchmarks.stats import rss_bytes, table

FIELDS = ("Rss", "Pss", "Private_Dirty")


def rollup(pid: int) -> dict[str, int]:
    """RSS, PSS and private dirty KiB of a process (Linux 4.14+)."""
    found: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in FIELDS:
            found[key] = int(rest.split()[0])
    return found


def main(argv: list[str] | None = None) -> None:
    from service.matching import Engine

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aliases", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--queries", type=int, default=3000, help="per worker")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    corpus = build_corpus(args.aliases, args.seed)
    queries = [known_queries(corpus, args.queries, args.seed + 10 + n) for n in range(args.workers)]
    unknown = unknown_queries(corpus, args.queries // 4, args.seed + 2)
    corpus.release()
    engine = Engine()
    for entity in corpus.entities:
        engine.upsert_entity(entity.entity_id, entity.name, entity.entity_type)
    engine.add_aliases(corpus.aliases)
    del corpus
    single = rss_bytes() // 1024  # one process holding the index (and the queries)
    gc.collect()
    gc.freeze()
    children, reads, writes = [], [], []
    for number in range(args.workers):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            start = time.perf_counter()
            for query in queries[number] + unknown:
                engine.resolve(query.text)
            os.write(write, f"{time.perf_counter() - start:.1f}".encode())
            os.close(write)
            time.sleep(3600)  # measured by the master, then killed
            os._exit(0)
        os.close(write)
        children.append(pid)
        reads.append(read)
        writes.append(write)
    seconds = [os.read(read, 64).decode() for read in reads]
    rows, total = [], 0
    processes = [("master", os.getpid())] + [(f"worker {n}", p) for n, p in enumerate(children)]
    for label, pid in processes:
        figures = rollup(pid)
        total += figures["Pss"]
        rows.append([label, *(f"{figures[f] / 1024:.0f}" for f in FIELDS)])
    for pid in children:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    print(f"{args.aliases:,} aliases, {args.workers} workers forked after gc.freeze(), "
          f"{len(queries[0]) + len(unknown)} queries each ({', '.join(seconds)} s)\n")  # fmt: skip
    print(table(["process", "RSS MiB", "PSS MiB", "private dirty MiB"], rows))
    print(f"\none process holding the index: RSS {single / 1024:.0f} MiB; master + workers: "
          f"PSS {total / 1024:.0f} MiB = {total / single:.2f}x (target <= 1.3x)")  # fmt: skip


if __name__ == "__main__":
    main()
