"""In-process benchmark: Engine build, memory, latency and top-1 beside a trigram anchor.

    .venv/bin/python -m benchmarks.engine_bench --sizes 100000,1000000 --queries 1000 --unknown 300

The anchor (trigram_anchor.py, the simplest index issue #19 measured) is built on the
same aliases and asked the same queries in turns with the engine, so every change to
the engine reads as a ratio within one run. `--extract-one` adds rapidfuzz extractOne
over every alias (exhaustive, about 0.9 s a query at 1M).

Each size runs in a fresh (spawned) process so memory readings do not inherit freed heap.
"""

import argparse
import cProfile
import gc
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
from benchmarks.trigram_anchor import TrigramIndex

Result = dict[str, Any]


def _interleaved(
    engine: Any, anchor: TrigramIndex, queries: list[Query]
) -> tuple[list[float], list[bool], list[str], list[float], list[bool]]:
    """Each query through the engine and the trigram anchor, in turns (the one asked first
    alternates), so a busy moment on a shared machine slows both alike. Returns the
    engine's milliseconds, right tops and statuses, then the anchor's milliseconds and
    right tops."""
    eng_ms, eng_hit, statuses, anc_ms, anc_hit = [], [], [], [], []
    for number, query in enumerate(queries):
        for turn in (0, 1) if number % 2 == 0 else (1, 0):
            start = time.perf_counter()
            if turn == 0:
                resolution = engine.resolve(query.text)
                eng_ms.append((time.perf_counter() - start) * 1000)
                top = resolution.candidates[0].entity_id if resolution.candidates else None
                eng_hit.append(top == query.entity_id)
                statuses.append(resolution.status)
            else:
                owner = anchor.best(query.text)
                anc_ms.append((time.perf_counter() - start) * 1000)
                anc_hit.append(owner == query.entity_id)
    return eng_ms, eng_hit, statuses, anc_ms, anc_hit


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
    names = [name for _, _, name in corpus.aliases]
    owners = [entity_id for _, entity_id, _ in corpus.aliases]
    start = time.perf_counter()
    anchor = TrigramIndex(names, owners)
    res["anc_build_s"] = time.perf_counter() - start
    res["anc_delta_b"] = (rss_bytes() - rss_built) / size
    # as served: the server freezes what it loaded before forking (server.py), so that the
    # collector never walks the table (one full collection at 1M walked 530,000 objects
    # for 0.5 s, inside one query)
    gc.collect()
    gc.freeze()
    for query in known[:5] + unknown[:5]:  # warm caches, not timed
        engine.resolve(query.text)
        anchor.best(query.text)
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    eng_ms, res["eng_hit"], res["eng_status"], anc_ms, res["anc_hit"] = _interleaved(
        engine, anchor, known
    )
    if profiler:
        profiler.disable()
        res["profile"] += _profile(f"resolve {size}", profiler)
    unk_ms, _, res["unk_status"], anc_unk_ms, _ = _interleaved(engine, anchor, unknown)
    res["eng_ms"], res["anc_ms"] = eng_ms + unk_ms, anc_ms + anc_unk_ms
    res["known_eng_ms"] = eng_ms
    del engine, anchor
    gc.unfreeze()
    res["base_n"] = 0
    if args.extract_one:
        base_n = args.baseline_queries or (args.queries if size <= 100_000 else 30)
        choices = names if args.raw_baseline else [utils.default_process(n) for n in names]
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
    """The engine alone, the engine beside the trigram anchor (same queries, interleaved,
    with ratios), and the engine beside extractOne if that ran."""
    rows, anchor_rows, cmp_rows = [], [], []
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
        size = f"{r['size']:,}"
        eng_top = sum(r["eng_hit"]) / len(r["eng_hit"])
        anc_top = sum(r["anc_hit"]) / len(r["anc_hit"])
        figures = {
            "polyonym Engine": (r["build_s"], r["delta_b"], r["eng_ms"], eng_top),
            "trigram anchor": (r["anc_build_s"], r["anc_delta_b"], r["anc_ms"], anc_top),
        }
        for label, (build, per_alias, millis, top) in figures.items():
            anchor_rows.append([
                size, label, f"{build:.1f}", f"{per_alias:.0f}", _fmt_ms(millis, 50),
                _fmt_ms(millis, 99), f"{top:.3f}",
            ])  # fmt: skip
        anchor_rows.append([
            size, "engine / anchor", f"{r['build_s'] / r['anc_build_s']:.2f}x",
            f"{r['delta_b'] / max(r['anc_delta_b'], 1.0):.2f}x",
            f"{percentile(r['eng_ms'], 50) / percentile(r['anc_ms'], 50):.2f}x",
            f"{percentile(r['eng_ms'], 99) / percentile(r['anc_ms'], 99):.2f}x",
            f"{eng_top - anc_top:+.3f}",
        ])  # fmt: skip
        n = r["base_n"]
        if n:
            eng_sub = r["known_eng_ms"][:n]
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
    anchor_headers = ["aliases", "engine", "build s", "B/alias", "p50 ms", "p99 ms", "top-1"]
    out = f"{table(engine_headers, rows)}\n\n{table(anchor_headers, anchor_rows)}"
    if cmp_rows:
        cmp_headers = [
            "aliases", "queries", "engine p50 ms", "engine p99 ms", "engine top-1",
            "extractOne p50 ms", "extractOne p99 ms", "extractOne top-1", "p50 speed-up",
        ]  # fmt: skip
        out += f"\n\n{table(cmp_headers, cmp_rows)}"
    return out


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
    parser.add_argument(
        "--extract-one", action="store_true", help="also extractOne over every alias (slow)"
    )
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
