"""Scale-out figures on PostgreSQL: bulk import/export, start-up and memory per worker at
N aliases, and the lag for a write on one instance to reach another.

    .venv/bin/python -m benchmarks.scale_bench --aliases 1000000

Uses its own database (``--database``, created if missing) on the local server, never the
test database. Instances run as real ``polyonym serve`` processes on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import requests

from benchmarks.names import build_corpus
from benchmarks.stats import table
from benchmarks.table_file import write_table

POLYONYM = shutil.which("polyonym", path=str(Path(sys.executable).parent)) or "polyonym"


SNAPSHOT_HEADERS = ["step", "workers", "s", "worker RSS MiB", "worker PSS MiB",
                    "total PSS MiB", "PSS B/alias"]  # fmt: skip


def recreate_database(server: str, name: str) -> str:
    with psycopg.connect(f"postgresql://{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://{server}/{name}"


def run_cli(env: dict[str, str], *args: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [POLYONYM, *args], env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in KiB: PSS splits pages shared copy-on-write among the workers."""
    fields = {}
    with open(f"/proc/{pid}/smaps_rollup") as rollup:
        for line in rollup:
            parts = line.split()
            if len(parts) >= 2 and parts[0] in ("Rss:", "Pss:"):
                fields[parts[0]] = int(parts[1])
    return fields["Rss:"], fields["Pss:"]


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


class Instance:
    def __init__(self, env: dict[str, str], port: int, workers: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [POLYONYM, "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.ready_after = self._wait_ready()

    def _wait_ready(self) -> float:
        while True:
            if self.process.poll() is not None:
                raise RuntimeError("server exited")
            try:
                if requests.get(f"{self.base}/readyz", timeout=1).status_code == 200:
                    return time.perf_counter() - self.started
            except requests.RequestException:
                pass
            time.sleep(0.1)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)


def startup_rows(env: dict[str, str], aliases: int) -> list[list[str]]:
    rows = []
    for workers in (1, 2, 4):
        instance = Instance(env, 8700 + workers, workers)
        time.sleep(2)  # let workers settle after the fork
        for _ in range(workers * 20):  # touch every worker once
            requests.post(f"{instance.base}/resolve", json={"name": "Vladimir Putin"}, timeout=5)
        master_rss, _ = memory_kib(instance.process.pid)
        worker_mem = [memory_kib(pid) for pid in children(instance.process.pid)]
        rss = statistics.median(r for r, _ in worker_mem)
        pss = statistics.median(p for _, p in worker_mem)
        total_pss = sum(p for _, p in worker_mem) + memory_kib(instance.process.pid)[1]
        rows.append(
            [
                str(workers),
                f"{instance.ready_after:.1f}",
                f"{master_rss / 1024:.0f}",
                f"{rss / 1024:.0f}",
                f"{pss / 1024:.0f}",
                f"{total_pss / 1024:.0f}",
                f"{total_pss * 1024 / aliases:.0f}",
            ]
        )
        instance.stop()
    return rows


def snapshot_rows(env: dict[str, str], aliases: int) -> list[list[str]]:
    """`polyonym snapshot` once, then instances that start from it instead of the store."""
    snapshots = tempfile.mkdtemp(prefix="polyonym-snapshots-")
    with_snapshots = {**env, "POLYONYM_SNAPSHOT_DIR": snapshots}
    written = run_cli(with_snapshots, "snapshot")
    rows = [["write snapshot (CLI)", "-", f"{written:.1f}", "-", "-", "-", "-"]]
    for workers in (1, 2, 4):
        instance = Instance(with_snapshots, 8720 + workers, workers)
        time.sleep(2)
        for _ in range(workers * 20):
            requests.post(f"{instance.base}/resolve", json={"name": "Vladimir Putin"}, timeout=5)
        worker_mem = [memory_kib(pid) for pid in children(instance.process.pid)]
        total_pss = sum(p for _, p in worker_mem) + memory_kib(instance.process.pid)[1]
        rows.append([f"start from snapshot, {workers} workers", str(workers),
                     f"{instance.ready_after:.1f}",
                     f"{statistics.median(r for r, _ in worker_mem) / 1024:.0f}",
                     f"{statistics.median(p for _, p in worker_mem) / 1024:.0f}",
                     f"{total_pss / 1024:.0f}", f"{total_pss * 1024 / aliases:.0f}"])  # fmt: skip
        instance.stop()
    shutil.rmtree(snapshots, ignore_errors=True)
    return rows


def lag_rows(env: dict[str, str], writes: int) -> list[list[str]]:
    """Write through A; poll B (its own signal dir, no per-request check: follower only)."""
    first = Instance(env, 8711, 2)
    other_env = {**env, "POLYONYM_REFRESH_PER_REQUEST": "0", "POLYONYM_RUN_DIR": tempfile.mkdtemp()}
    second = Instance(other_env, 8712, 2)
    token = subprocess.run(
        [POLYONYM, "keys", "create", "--role", "curator", "--name", f"lag-{time.time()}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    headers = {"Authorization": f"Bearer {token}"}
    lags = []
    rng, letters = random.Random(3), "bcdfghjklmnprstvz"  # names unlike each other and the table
    for _ in range(writes):
        name = " ".join("".join(rng.choice(letters) for _ in range(7)).title() for _ in range(3))
        created = requests.post(
            f"{first.base}/entities",
            json={"name": name, "type": "person"},
            headers=headers,
            timeout=10,
        )
        written = time.perf_counter()
        entity_id = created.json()["id"]
        while True:
            body = requests.post(f"{second.base}/resolve", json={"name": name}, timeout=10).json()
            if body["match"] and body["match"]["id"] == entity_id:
                break
            time.sleep(0.002)
        lags.append((time.perf_counter() - written) * 1000)
    first.stop()
    second.stop()
    return [[str(writes), f"{statistics.median(lags):.1f}", f"{max(lags):.1f}"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--aliases", type=int, default=1_000_000)
    parser.add_argument("--server", default="postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="polyonym_bench")
    parser.add_argument("--writes", type=int, default=100)
    parser.add_argument(
        "--snapshot-only", action="store_true",
        help="only the snapshot rows, on the table already in --database",
    )  # fmt: skip
    args = parser.parse_args()
    if args.snapshot_only:
        url = f"postgresql+psycopg://{args.server}/{args.database}"
        env = {**os.environ, "POLYONYM_DATABASE_URL": url, "POLYONYM_LOAD_SEED": "0"}
        print(table(SNAPSHOT_HEADERS, snapshot_rows(env, args.aliases)))
        return

    workdir = Path(tempfile.mkdtemp(prefix="polyonym-scale-"))
    table_path = workdir / "table.jsonl"
    start = time.perf_counter()
    rows = write_table(build_corpus(args.aliases), table_path)
    print(f"generated {rows} aliases in {time.perf_counter() - start:.1f} s", flush=True)
    url = recreate_database(args.server, args.database)
    env = {**os.environ, "POLYONYM_DATABASE_URL": url, "POLYONYM_LOAD_SEED": "0"}
    run_cli(env, "init-db")
    imported = run_cli(env, "import", str(table_path))
    exported = run_cli(env, "export", str(workdir / "export.jsonl"))
    sqlite_env = {
        **os.environ,
        "POLYONYM_DATABASE_URL": f"sqlite:///{workdir / 's.db'}",
        "POLYONYM_LOAD_SEED": "0",
    }
    sqlite_imported = run_cli(sqlite_env, "import", str(table_path))
    sqlite_exported = run_cli(sqlite_env, "export", str(workdir / "export-sqlite.jsonl"))
    print(f"\n### Bulk transfer, {rows:,} aliases\n")
    print(
        table(
            ["store", "import s", "export s"],
            [
                ["PostgreSQL", f"{imported:.1f}", f"{exported:.1f}"],
                ["SQLite", f"{sqlite_imported:.1f}", f"{sqlite_exported:.1f}"],
            ],
        )
    )
    print(f"\n### Start-up and memory per worker, {rows:,} aliases (PostgreSQL, preload)\n")
    print(
        table(
            [
                "workers",
                "ready s",
                "master RSS MiB",
                "worker RSS MiB",
                "worker PSS MiB",
                "total PSS MiB",
                "PSS B/alias",
            ],
            startup_rows(env, rows),
        )
    )
    print(f"\n### Start-up from an index snapshot, {rows:,} aliases\n")
    print(table(SNAPSHOT_HEADERS, snapshot_rows(env, rows)))
    print(f"\n### Write on instance A -> matched on instance B ({args.writes} writes, follower)\n")
    print(table(["writes", "median ms", "max ms"], lag_rows(env, args.writes)))
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
