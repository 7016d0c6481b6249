"""In-process benchmark: Engine build, memory, latency and top-1 against rapidfuzz extractOne.

    .venv/bin/python -m benchmarks.engine_bench --sizes 10000,100000,1000000 --queries 300

Each size runs in a fresh (spawned) process so memory readings do not inherit freed heap.
"""

import argparse
import cProfile
import hashlib
import io
import pstats
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process, utils

from benchmarks.names import Query, build_corpus, known_queries, unknown_queries
from benchmarks.stats import percentile, rss_bytes, table

Result = dict[str, Any]


def _time_engine(engine: Any, queries: list[Query]) -> tuple[list[float], list[bool], list[str]]:
    """Milliseconds per resolve, whether the top candidate is right, and the status."""
    millis, hits, statuses = [], [], []
    for query in queries:
        start = time.perf_counter()
        resolution = engine.resolve(query.text)
        millis.append((time.perf_counter() - start) * 1000)
        top = resolution.candidates[0].entity_id if resolution.candidates else None
        hits.append(top == query.entity_id)
        statuses.append(resolution.status)
    return millis, hits, statuses


def _time_extract(
    queries: list[Query], choices: list[str], owners: list[str], raw: bool
) -> tuple[list[float], list[bool]]:
    """extractOne over every alias; choices are pre-processed once unless raw."""
    millis, hits = [], []
    for query in queries:
        start = time.perf_counter()
        text = query.text if raw else utils.default_process(query.text)
        best = process.extractOne(text, choices, scorer=fuzz.WRatio)
        millis.append((time.perf_counter() - start) * 1000)
        hits.append(best is not None and owners[best[2]] == query.entity_id)
    return millis, hits


def _profile(label: str, profiler: cProfile.Profile) -> str:
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(18)
    return f"--- cProfile {label} (by tottime) ---\n{out.getvalue()}"


def run_size(size: int, args: argparse.Namespace) -> Result:
    """Everything for one table size, in the calling (fresh) process."""
    from service.matching import Engine

    res: Result = {"size": size, "profile": ""}
    start = time.perf_counter()
    corpus = build_corpus(size, args.seed)
    known = known_queries(corpus, args.queries, args.seed + 1)
    unknown = unknown_queries(corpus, args.unknown, args.seed + 2)
    res["gen_s"], res["entities"] = time.perf_counter() - start, len(corpus.entities)
    res["str_b"] = sum(sys.getsizeof(name) for _, _, name in corpus.aliases) / size
    corpus.release()
    rss_start = rss_bytes()
    profiler = cProfile.Profile() if args.profile else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    engine = Engine(build_workers=args.build_workers)
    for entity in corpus.entities:
        engine.upsert_entity(entity.entity_id, entity.name, entity.entity_type)
    engine.add_aliases(corpus.aliases)
    if profiler:
        profiler.disable()
        res["profile"] += _profile(f"build {size}", profiler)
    res["build_s"] = time.perf_counter() - start
    rss_built = rss_bytes()
    res["delta_b"] = (rss_built - rss_start) / size
    for query in known[:5] + unknown[:5]:  # warm caches, not timed
        engine.resolve(query.text)
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    res["eng_ms"], res["eng_hit"], res["eng_status"] = _time_engine(engine, known)
    if profiler:
        profiler.disable()
        res["profile"] += _profile(f"resolve {size}", profiler)
    _, _, res["unk_status"] = _time_engine(engine, unknown)
    res["rss_engine"] = rss_built
    del engine
    base_n = args.baseline_queries or (args.queries if size <= 100_000 else 30)
    choices = [name for _, _, name in corpus.aliases]
    if not args.raw_baseline:
        choices = [utils.default_process(name) for name in choices]
    owners = [entity_id for _, entity_id, _ in corpus.aliases]
    res["base_n"] = base_n
    res["base_ms"], res["base_hit"] = _time_extract(
        known[:base_n], choices, owners, args.raw_baseline
    )
    return res


def _fmt_ms(values: list[float], pct: float) -> str:
    return f"{percentile(values, pct):.2f}"


def _share(flags: list[bool]) -> str:
    return f"{100 * sum(flags) / len(flags):.1f}%" if flags else "-"


def report(results: list[Result]) -> str:
    """Two tables: the engine alone, then engine and extractOne on the same queries."""
    rows, cmp_rows = [], []
    for r in results:
        matched = [s == "matched" for s in r["eng_status"]]
        wrong = [
            s == "matched" and not h for s, h in zip(r["eng_status"], r["eng_hit"], strict=True)
        ]
        unk_nomatch = [s == "no_match" for s in r["unk_status"]]
        unk_matched = [s == "matched" for s in r["unk_status"]]
        rows.append([
            f"{r['size']:,}", f"{r['entities']:,}", f"{r['gen_s']:.1f}", f"{r['build_s']:.1f}",
            f"{r['delta_b']:.0f}", f"{r['str_b']:.0f}",
            _fmt_ms(r["eng_ms"], 50), _fmt_ms(r["eng_ms"], 99),
            _share(r["eng_hit"]), _share(matched), _share(wrong), _share(unk_nomatch),
            _share(unk_matched),
        ])  # fmt: skip
        n = r["base_n"]
        eng_sub = r["eng_ms"][:n]
        ratio = percentile(r["base_ms"], 50) / percentile(eng_sub, 50)
        cmp_rows.append([
            f"{r['size']:,}", str(n), _fmt_ms(eng_sub, 50), _fmt_ms(eng_sub, 99),
            _share(r["eng_hit"][:n]), _fmt_ms(r["base_ms"], 50), _fmt_ms(r["base_ms"], 99),
            _share(r["base_hit"]), f"{ratio:.0f}x",
        ])  # fmt: skip
    engine_headers = [
        "aliases", "entities", "gen s", "build s", "B/alias", "str B/alias", "p50 ms", "p99 ms",
        "top-1",        "matched", "wrong match", "unknown no_match", "unknown matched",
    ]  # fmt: skip
    cmp_headers = [
        "aliases", "queries", "engine p50 ms", "engine p99 ms", "engine top-1",
        "extractOne p50 ms", "extractOne p99 ms", "extractOne top-1", "p50 speed-up",
    ]  # fmt: skip
    return f"{table(engine_headers, rows)}\n\n{table(cmp_headers, cmp_rows)}"


def engine_digest() -> str:
    """Short hash of service/matching sources, to tell which engine a table measured."""
    root = Path(__file__).resolve().parent.parent / "service" / "matching"
    digest = hashlib.sha1()
    for path in sorted(root.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=300, help="known-entity queries")
    parser.add_argument("--unknown", type=int, default=100, help="queries for absent names")
    parser.add_argument("--baseline-queries", type=int, default=0, help="0: all, 30 above 100k")
    parser.add_argument("--raw-baseline", action="store_true", help="no default_process")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="cProfile build and resolve")
    parser.add_argument(
        "--build-workers", type=int, help="processes keying the bulk load (default: per core)"
    )
    args = parser.parse_args(argv)
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
            result = pool.submit(run_size, size, args).result()
        print(f"size {size:,} done: build {result['build_s']:.1f} s", flush=True)
        if result["profile"]:
            print(result["profile"], flush=True)
        results.append(result)
    from service.matching.bulk_keys import PARALLEL_MIN, default_workers

    workers = default_workers() if args.build_workers is None else args.build_workers
    print(f"\nengine sources sha1 {engine_digest()}, seed {args.seed}; bulk loads of "
          f"{PARALLEL_MIN:,}+ aliases keyed by {workers} worker processes\n")  # fmt: skip
    print(report(results))


if __name__ == "__main__":
    main()
