"""Bounded mixed load on a real `polyonym serve` (gunicorn): reads, batches and curator writes.

    .venv/bin/python -m benchmarks.load --duration 60 --clients 4 --workers 2 [--aliases 100000]

95% POST /resolve (known, misspelt and unknown names, from http_bench.request_mix), 4%
POST /resolve/batch (10-50 names), 1% curator writes (create an entity, add an alias),
from client processes on keep-alive connections. Then, on the same server with the same
clients, POST /resolve alone (the same bodies) and GET /healthz alone. Prints throughput,
latency percentiles and errors per kind, each worker's RSS every 10 s of the mixed load,
and the /resolve to /healthz throughput ratio: of /resolve alone (the endpoint's capacity
against the trivial one's) and of the mixed load's /resolve share (what is left for single
names while batches and writes take their part of the CPU). With --mix 20000 most names
are new to the workers, so the RSS rows show whether memory stops at the memos' caps.

Each phase also reports CPU per request, of the server (master and workers, from /proc)
and of the clients (their request loops): unlike req/s it hardly moves when another job
takes the machine's cores, and it says where the ratio goes. Both endpoints run the same
clients, connections and server, so what /resolve costs beyond /healthz is its own work:
the engine, and the web layer's parsing, validation and answer.
"""

import argparse
import http.client
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from multiprocessing import get_context
from pathlib import Path

from benchmarks.console_bench import build_store
from benchmarks.http_bench import free_port, load, request_mix, start_server, wait_healthy
from benchmarks.stats import percentile, table

KINDS = ("resolve", "batch", "write")
WEIGHTS = (95, 4, 1)
RSS_EVERY = 10.0  # seconds between worker RSS samples during the mixed load
Samples = dict[str, tuple[list[float], int]]  # kind -> (latencies in ms, errors)
Cpu = tuple[float, float]  # (server, client) CPU seconds over a phase


def polyonym(workdir: Path, *args: str) -> str:
    exe = shutil.which("polyonym", path=str(Path(sys.executable).parent)) or "polyonym"
    env = dict(os.environ, POLYONYM_DATABASE_URL=f"sqlite:///{workdir}/bench.db")
    done = subprocess.run([exe, *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def worker_rss(master: int) -> dict[int, int]:
    """VmRSS in KiB of each gunicorn worker (the master's children)."""
    rss: dict[int, int] = {}
    for task in Path(f"/proc/{master}/task").iterdir():
        for child in (task / "children").read_text().split():
            status = Path(f"/proc/{child}/status").read_text()
            line = next(x for x in status.splitlines() if x.startswith("VmRSS:"))
            rss[int(child)] = int(line.split()[1])
    return rss


def server_cpu(master: int) -> float:
    """CPU seconds (user + system) of the gunicorn master and its live workers so far."""
    pids = [master]
    for task in Path(f"/proc/{master}/task").iterdir():
        pids += [int(child) for child in (task / "children").read_text().split()]
    ticks = 0
    for pid in pids:
        try:  # fields after the command name: utime and stime are the 12th and 13th
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:  # a worker that just exited
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


class Client:
    """One client process's requests, on one keep-alive connection."""

    def __init__(self, port: int, token: str, ident: int) -> None:
        self.port, self.ident, self.count = port, ident, 0
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.json = {"Content-Type": "application/json"}
        self.auth = {**self.json, "Authorization": f"Bearer {token}"}
        self.created: list[str] = []

    def send(self, path: str, body: str, headers: dict[str, str]) -> tuple[int, bytes]:
        try:
            self.conn.request("POST", path, body=body, headers=headers)
            response = self.conn.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            return 0, b""

    def write(self) -> int:
        """Alternately create an entity and add an alias to one this client created."""
        self.count += 1
        name = f"Loadtest Person {self.ident} {self.count}"
        if self.created and self.count % 2 == 0:
            entity_id = self.created[-1]
            body = json.dumps({"name": f"{name} alias"})
            status, _ = self.send(f"/entities/{entity_id}/aliases", body, self.auth)
            return status
        status, payload = self.send(
            "/entities", json.dumps({"name": name, "type": "person"}), self.auth
        )
        if status == 201:
            self.created.append(json.loads(payload)["id"])
        return status


def drive_mixed(
    port: int, token: str, bodies: list[str], batches: list[str], seconds: float, ident: int
) -> tuple[Samples, float]:
    rng = random.Random(ident)
    client = Client(port, token, ident)
    samples: Samples = {kind: ([], 0) for kind in KINDS}
    cpu = time.process_time()
    deadline = time.perf_counter() + seconds
    i = ident * 97
    while (start := time.perf_counter()) < deadline:
        kind = rng.choices(KINDS, weights=WEIGHTS)[0]
        if kind == "resolve":
            status, _ = client.send("/resolve", bodies[i % len(bodies)], client.json)
        elif kind == "batch":
            status, _ = client.send("/resolve/batch", batches[i % len(batches)], client.json)
        else:
            status = client.write()
        millis, errors = samples[kind]
        millis.append((time.perf_counter() - start) * 1000)
        samples[kind] = (millis, errors + (not 200 <= status < 300))
        i += 1
    client.conn.close()
    return samples, time.process_time() - cpu


def batch_bodies(bodies: list[str], count: int, seed: int = 9) -> list[str]:
    rng = random.Random(seed)
    names = [json.loads(b) for b in bodies]
    return [json.dumps({"queries": rng.sample(names, rng.randint(10, 50))}) for _ in range(count)]


def mixed_load(
    port: int,
    token: str,
    bodies: list[str],
    seconds: float,
    clients: int,
    sample: Callable[[], None],
) -> tuple[Samples, float]:
    """The mixed load from `clients` processes, and their CPU seconds; `sample()` runs every
    RSS_EVERY seconds meanwhile (and once at the end), so memory is seen over the run, not
    only at its ends."""
    batches = batch_bodies(bodies, 100)
    with get_context("spawn").Pool(clients) as pool:
        jobs = [(port, token, bodies, batches, seconds, k) for k in range(clients)]
        pending = pool.starmap_async(drive_mixed, jobs)
        while not pending.ready():
            pending.wait(RSS_EVERY)
            sample()
        outcomes = pending.get()
    results = [samples for samples, _ in outcomes]
    cpu = sum(seconds for _, seconds in outcomes)
    pooled: Samples = {}
    for kind in KINDS:
        pooled[kind] = (
            [ms for r in results for ms in r[kind][0]],
            sum(r[kind][1] for r in results),
        )
    return pooled, cpu


def rss_table(samples: list[tuple[float, dict[int, int]]]) -> str:
    """Each worker's RSS in MiB (rows) at each sample time (columns). Growth that stops
    after the first samples is caches filling; what goes on to the end is the table the
    writes grow (about 1.3 KiB per alias of new words, 1% writes) or a leak."""
    pids = sorted(samples[0][1])
    header = ["worker pid", *(f"{at:.1f} s" for at, _ in samples)]
    rows = [[str(pid), *(f"{rss.get(pid, 0) / 1024:.1f}" for _, rss in samples)] for pid in pids]
    return "RSS MiB during the mixed load\n" + table(header, rows)


def row(
    label: str, millis: list[float], errors: int, seconds: float, cpu: Cpu | None = None
) -> list[str]:
    """A table row; ``cpu``: the phase's (server, client) CPU seconds, shown per request."""
    cells = [f"{percentile(millis, p):.2f}" for p in (50, 95, 99)]
    per_request = ["", ""]
    if cpu is not None and millis:
        per_request = [f"{cpu[0] / len(millis) * 1000:.3f}", f"{cpu[1] / len(millis) * 1000:.3f}"]
    rate = f"{len(millis) / seconds:.1f}"
    return [label, str(len(millis)), rate, *cells, str(errors), *per_request]


def measured(
    port: int, path: str, bodies: list[str], seconds: float, clients: int, master: int
) -> tuple[list[float], int, Cpu]:
    """One endpoint alone: latencies, errors and the (server, client) CPU it took."""
    before = server_cpu(master)
    millis, errors, client = load(port, path, bodies, seconds, clients)
    return millis, errors, (server_cpu(master) - before, client)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of mixed load")
    parser.add_argument("--healthz-duration", type=float, help="seconds of /healthz alone")
    parser.add_argument("--resolve-duration", type=float, help="seconds of /resolve alone")
    parser.add_argument("--clients", type=int, default=4, help="client processes")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--mix", type=int, default=600, help="distinct /resolve bodies")
    parser.add_argument(
        "--aliases", type=int, default=0, help="import a synthetic table of this many first"
    )
    args = parser.parse_args(argv)
    healthz_seconds = args.healthz_duration or args.duration
    resolve_seconds = args.resolve_duration or healthz_seconds
    bodies = request_mix(args.mix)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="polyonym-load-") as tmp:
        workdir = Path(tmp)
        if args.aliases:  # the curated seed is loaded on top, as `polyonym serve` does
            env = dict(os.environ, POLYONYM_DATABASE_URL=f"sqlite:///{workdir}/bench.db")
            build_store(args.aliases, workdir, env)
        server = start_server(port, args.workers, workdir)
        try:
            wait_healthy(port, server)
            token = polyonym(workdir, "keys", "create", "--role", "curator", "--name", "load")
            load(port, "/resolve", bodies, 1.0, args.clients)  # warm-up, not reported
            started = time.monotonic()
            rss = [(0.0, worker_rss(server.pid))]

            def sample() -> None:
                rss.append((time.monotonic() - started, worker_rss(server.pid)))

            before = server_cpu(server.pid)
            mixed, mixed_client = mixed_load(
                port, token, bodies, args.duration, args.clients, sample
            )
            mixed_cpu = (server_cpu(server.pid) - before, mixed_client)
            alone, alone_errors, alone_cpu = measured(
                port, "/resolve", bodies, resolve_seconds, args.clients, server.pid
            )
            health, health_errors, health_cpu = measured(
                port, "/healthz", [], healthz_seconds, args.clients, server.pid
            )
        finally:
            server.terminate()
            server.wait(timeout=30)

    rows = [row(f"mixed: {kind}", *mixed[kind], args.duration) for kind in KINDS]
    everything = [ms for kind in KINDS for ms in mixed[kind][0]]
    mixed_errors = sum(e for _, e in mixed.values())
    rows.append(row("mixed: total", everything, mixed_errors, args.duration, mixed_cpu))
    rows.append(row("POST /resolve alone", alone, alone_errors, resolve_seconds, alone_cpu))
    rows.append(row("GET /healthz alone", health, health_errors, healthz_seconds, health_cpu))
    if args.aliases:
        print(f"a synthetic table of {args.aliases:,} aliases imported, plus the curated seed")
    print(f"{os.cpu_count()} cores shared by {args.workers} gunicorn workers and {args.clients} "
          f"client processes; {args.duration:.0f} s mixed (95% resolve, 4% batch of 10-50, "
          f"1% writes), {resolve_seconds:.0f} s /resolve, "
          f"{healthz_seconds:.0f} s /healthz\n")  # fmt: skip
    header = ["kind", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"]
    print(table([*header, "server CPU ms/req", "client CPU ms/req"], rows))
    print()
    print(rss_table(rss))
    resolve_rate = len(mixed["resolve"][0]) / args.duration
    total_rate = len(everything) / args.duration
    alone_rate = len(alone) / resolve_seconds
    health_rate = len(health) / healthz_seconds
    print(f"\n/resolve to /healthz throughput ratio: {alone_rate / health_rate:.2f} "
          f"(/resolve alone); under the mixed load {resolve_rate / health_rate:.2f} for its "
          f"/resolve share, {total_rate / health_rate:.2f} for all its requests")  # fmt: skip
    print(cpu_summary(alone_cpu, len(alone), health_cpu, len(health)))


def cpu_summary(resolve: Cpu, resolves: int, health: Cpu, healths: int) -> str:
    """The throughput ratio's CPU counterpart: if every core is busy, req/s is cores over
    CPU per request (server plus clients), so this is the ratio a quiet machine would show."""
    if not resolves or not healths:
        return "CPU per request: no requests answered"
    per_resolve = [seconds / resolves * 1000 for seconds in resolve]
    per_health = [seconds / healths * 1000 for seconds in health]
    extra = per_resolve[0] - per_health[0]
    ratio = sum(per_health) / sum(per_resolve)
    return (
        f"CPU per request, server + clients: /resolve {per_resolve[0]:.3f} + "
        f"{per_resolve[1]:.3f} ms, /healthz {per_health[0]:.3f} + {per_health[1]:.3f} ms; "
        f"/resolve costs the server {extra:.3f} ms more; /healthz to /resolve CPU ratio {ratio:.2f}"
    )


if __name__ == "__main__":
    main()
