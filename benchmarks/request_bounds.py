"""What one costly request costs a worker: CPU, response size, RSS before and after.

    .venv/bin/python -m benchmarks.request_bounds --aliases 100000
    .venv/bin/python -m benchmarks.request_bounds --import-entities 10000 [--database-url URL]

Imports a synthetic table of --aliases rows into a temporary SQLite store, builds the app
as a worker does, and sends each case once through the Flask test client (in process, so
the CPU is the worker's own). Cases are the largest requests the documented limits admit
(a batch of long names with explain at the highest limit, a batch of ordinary names, a
reconciliation batch) and, for comparison, the same shapes past the limits, which must be
refused (status 413/422) at almost no cost. RSS is read as the kernel reports it, without
trimming the heap first, so "RSS after" is what the worker keeps. With --import-entities,
it times POST /import of a generated table instead (the database must be empty).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.names import build_corpus, known_queries
from benchmarks.stats import table
from benchmarks.table_file import write_table

MiB = 2**20


def rss_now() -> int:
    """Resident set size as it is (no collection, no trim): what a worker holds."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def build_client(workdir: Path, aliases: int) -> Any:
    from service.bulk import parse_lines
    from service.config import Settings
    from service.live.bootstrap import open_store, prepare_store
    from service.web import create_app

    table_path = workdir / "table.jsonl"
    write_table(build_corpus(aliases), table_path)
    settings = Settings(
        database_url=f"sqlite:///{workdir}/bounds.db", follow_changes=False, load_seed=False
    )
    store = open_store(settings)
    prepare_store(store, settings)
    with table_path.open(encoding="utf-8") as stream:
        records, errors = parse_lines(stream)
    assert not errors, errors[:3]
    store.import_records(records, "bench")
    return create_app(settings, store=store).test_client()


def long_name(rng: random.Random, words: list[str], length: int) -> str:
    picked: list[str] = []
    while sum(len(w) + 1 for w in picked) < length:
        picked.append(rng.choice(words))
    return " ".join(picked)[:length].strip()


def name_condition(name: str) -> dict[str, Any]:
    return {"conditions": [{"matchType": "name", "propertyValue": name}]}


def cases(aliases: int) -> dict[str, tuple[str, dict[str, Any]]]:
    """Name -> (path, JSON body)."""
    from service.web.schemas import MAX_BATCH_EXPLAINED, MAX_BATCH_NAME_CHARS

    corpus = build_corpus(min(aliases, 30_000), seed=3)
    words = sorted({w for _, _, name in corpus.aliases for w in name.split()})
    rng = random.Random(5)
    ordinary = [q.text for q in known_queries(build_corpus(aliases), 1000)]
    per_name = MAX_BATCH_NAME_CHARS // 1000
    long_names = [long_name(rng, words, per_name) for _ in range(1000)]
    explain_n = MAX_BATCH_EXPLAINED // 25
    reconcile_names = [long_name(rng, words, 512) for _ in range(100)]
    reconcile_n = MAX_BATCH_NAME_CHARS // 512
    return {
        "1000 ordinary names, limit 5": (
            "/resolve/batch",
            {"queries": [{"name": n} for n in ordinary]},
        ),
        f"1000 names of {per_name} chars (at the char budget)": (
            "/resolve/batch",
            {"queries": [{"name": n} for n in long_names]},
        ),
        f"{explain_n} names of {per_name} chars, explain, limit 25 (at the explain budget)": (
            "/resolve/batch",
            {
                "queries": [
                    {"name": n, "explain": True, "limit": 25} for n in long_names[:explain_n]
                ]
            },
        ),
        f"{reconcile_n} reconciliation queries of 512 chars (at the name budget)": (
            "/reconcile/match",
            {"queries": [name_condition(n) for n in reconcile_names[:reconcile_n]]},
        ),
        "100 reconciliation queries of 512 chars (batchSize; past the name budget)": (
            "/reconcile/match",
            {"queries": [name_condition(n) for n in reconcile_names]},
        ),
        "1000 ordinary names, explain, limit 25 (past the explain budget)": (
            "/resolve/batch",
            {"queries": [{"name": n, "explain": True, "limit": 25} for n in ordinary]},
        ),
        "1000 names of 500 chars, explain, limit 25 (issue #16; past both budgets)": (
            "/resolve/batch",
            {
                "queries": [
                    {"name": long_name(rng, words, 500), "explain": True, "limit": 25}
                    for _ in range(1000)
                ]
            },
        ),
    }


def measure(client: Any, path: str, body: dict[str, Any]) -> list[str]:
    data = json.dumps(body, ensure_ascii=False).encode()
    before = rss_now()
    cpu, wall = time.process_time(), time.perf_counter()
    response = client.post(path, data=data, content_type="application/json")
    size = len(response.get_data())
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    status = response.status_code
    del response
    after = rss_now()
    return [
        str(status),
        str(len(data) // 1024),
        str(size // 1024),
        f"{cpu:.2f}",
        f"{wall:.2f}",
        f"{before / MiB:.0f}",
        f"{after / MiB:.0f}",
        f"{(after - before) / before * 100:+.1f}",
    ]


def measure_import(workdir: Path, entities: int, database_url: str | None) -> None:
    """POST /import of a generated table of ``entities`` entities (about 3 aliases each) into
    an empty store, then the first /resolve, which applies the import to the index."""
    from service.config import Settings
    from service.live.bootstrap import open_store, prepare_store
    from service.web import create_app

    table_path = workdir / "import.jsonl"
    write_table(build_corpus(entities * 3, seed=21), table_path)
    data = b"".join(table_path.read_bytes().splitlines(keepends=True)[:entities])
    url = database_url or f"sqlite:///{workdir}/import.db"
    settings = Settings(database_url=url, follow_changes=False, max_import_bytes=len(data) + 1)
    store = open_store(settings)
    prepare_store(store, settings)
    headers = {"Authorization": f"Bearer {store.create_key('bench', 'admin')}"}
    client = create_app(settings, store=store).test_client()
    cpu, wall = time.process_time(), time.perf_counter()
    response = client.post(
        "/import", data=data, content_type="application/x-ndjson", headers=headers
    )
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    applied = time.perf_counter()
    client.post("/resolve", json={"name": "warm up"})
    applied = time.perf_counter() - applied
    lines = data.count(b"\n")
    print(
        f"import of {lines:,} entities ({len(data) / 1e6:.1f} MB) on "
        f"{url.split(':')[0]}: {response.status_code}, {wall:.2f} s ({cpu:.2f} s CPU); "
        f"the next /resolve applied it in {applied:.2f} s"
    )
    store.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aliases", type=int, default=100_000)
    parser.add_argument(
        "--import-entities", type=int, help="measure POST /import of this many entities instead"
    )
    parser.add_argument("--database-url", help="for --import-entities (default: SQLite)")
    args = parser.parse_args(argv)
    if args.import_entities:
        with tempfile.TemporaryDirectory(prefix="polyonym-import-") as tmp:
            measure_import(Path(tmp), args.import_entities, args.database_url)
        return
    with tempfile.TemporaryDirectory(prefix="polyonym-bounds-") as tmp:
        client = build_client(Path(tmp), args.aliases)
        client.post("/resolve", json={"name": "warm up"})
        rows = []
        for label, (path, body) in cases(args.aliases).items():
            rows.append([label, *measure(client, path, body)])
            print(" | ".join(rows[-1]), flush=True)
    headers = ["case", "status", "body KiB", "answer KiB", "CPU s", "wall s", "RSS before MiB",
               "RSS after MiB", "RSS change %"]  # fmt: skip
    print(table(headers, rows))


if __name__ == "__main__":
    main()
