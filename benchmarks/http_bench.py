"""HTTP load on a real `polyonym serve` (gunicorn): /healthz versus POST /resolve.

    .venv/bin/python -m benchmarks.http_bench --duration 15 --clients 4

The client (processes with keep-alive http.client connections) runs on the same machine
and competes with the server for its cores; the report says how many there are.
"""

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from importlib import resources
from multiprocessing import get_context
from pathlib import Path

from benchmarks.names import build_corpus, unknown_queries
from benchmarks.noise import respell, typo
from benchmarks.stats import percentile, table

Sample = tuple[list[float], int, float]  # latencies in ms, error count, client CPU seconds


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def request_mix(count: int, seed: int = 5) -> list[str]:
    """Known spellings of the curated table, their misspellings and unknown names, shuffled."""
    rng = random.Random(seed)
    seed_file = resources.files("service") / "data" / "seed.jsonl"
    known: list[str] = []
    for line in seed_file.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            known += [record["name"], *(a["name"] for a in record.get("aliases", []))]
    unknown = [q.text for q in unknown_queries(build_corpus(3000, seed), count // 3, seed)]
    mix = [rng.choice(known) for _ in range(count // 3)]
    mix += [typo(respell(rng.choice(known), rng), rng) for _ in range(count // 3)]
    mix += unknown
    rng.shuffle(mix)
    return [json.dumps({"name": name}) for name in mix]


def start_server(port: int, workers: int, workdir: Path) -> subprocess.Popen[bytes]:
    exe = shutil.which("polyonym", path=str(Path(sys.executable).parent)) or "polyonym"
    env = dict(os.environ, POLYONYM_DATABASE_URL=f"sqlite:///{workdir}/bench.db")
    log = open(workdir / "server.log", "wb")  # noqa: SIM115 - lives as long as the server
    cmd = [exe, "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    return subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_healthy(port: int, server: subprocess.Popen[bytes], timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited with {server.returncode}; see server.log")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError("GET /healthz did not answer 200 in time")


def drive(port: int, path: str, bodies: list[str], seconds: float, offset: int) -> Sample:
    """One client: requests back to back on a keep-alive connection until the deadline.

    Also returns the CPU this client spent in that loop (not its start-up): on a machine
    the server shares, what the client costs per request is part of every figure."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"}
    millis: list[float] = []
    errors, i = 0, offset
    cpu = time.process_time()
    deadline = time.perf_counter() + seconds
    while (start := time.perf_counter()) < deadline:
        try:
            if bodies:
                conn.request("POST", path, body=bodies[i % len(bodies)], headers=headers)
            else:
                conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            errors += response.status != 200
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        millis.append((time.perf_counter() - start) * 1000)
        i += 1
    conn.close()
    return millis, errors, time.process_time() - cpu


def load(port: int, path: str, bodies: list[str], seconds: float, clients: int) -> Sample:
    """Run `clients` processes at once and pool their samples."""
    with get_context("spawn").Pool(clients) as pool:
        jobs = [(port, path, bodies, seconds, k * 97) for k in range(clients)]
        samples = pool.starmap(drive, jobs)
    millis = [ms for s in samples for ms in s[0]]
    return millis, sum(s[1] for s in samples), sum(s[2] for s in samples)


def wrk_load(port: int, path: str, bodies: list[str], seconds: float, tmp: Path) -> list[str]:
    """The same load from wrk (C, 8 connections), whose client hardly takes the server's CPU.

    Returns table cells: requests, req/s, p50, p90, p99 (ms) and errors, as wrk reports them.
    """
    script = tmp / "bodies.lua"
    quoted = ",".join(json.dumps(b) for b in bodies)
    script.write_text(
        f"local bodies = {{{quoted}}}\nlocal i = 0\nrequest = function()\n"
        "  i = i % #bodies + 1\n"
        f'  return wrk.format("POST", "{path}", {{["Content-Type"] = "application/json"}}, '
        "bodies[i])\nend\n"
    )
    command = ["wrk", "-t1", "-c8", f"-d{seconds:.0f}s", "--latency"]
    if bodies:
        command += ["-s", str(script)]
    url = f"http://127.0.0.1:{port}{path}"
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    requests = int(out.split(" requests in ")[0].split()[-1])
    errors = int(out.split("Non-2xx or 3xx responses:")[1].split()[0]) if "Non-2xx" in out else 0
    marks = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("50%", "90%", "99%"):
            marks[parts[0]] = wrk_millis(parts[1])
    rate = float(out.split("Requests/sec:")[1].split()[0])
    cells = [f"{marks[p]:.2f}" for p in ("50%", "90%", "99%")]
    return [str(requests), f"{rate:.0f}", *cells, str(errors)]


def wrk_millis(value: str) -> float:
    """wrk's "812.00us", "4.22ms", "1.02s" -> milliseconds."""
    for suffix, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if value.endswith(suffix):
            return float(value[: -len(suffix)]) * factor
    return float(value)


def check_resolve(port: int, body: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("POST", "/resolve", body=body, headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    payload = json.loads(response.read())
    return f"POST /resolve {body} -> {response.status} status={payload.get('status')!r}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per endpoint")
    parser.add_argument("--clients", type=int, default=4, help="client processes")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--mix", type=int, default=600, help="distinct /resolve bodies")
    parser.add_argument("--wrk", action="store_true", help="drive the load with wrk instead")
    args = parser.parse_args(argv)
    bodies = request_mix(args.mix)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="polyonym-bench-") as tmp:
        server = start_server(port, args.workers, Path(tmp))
        try:
            wait_healthy(port, server)
            print(check_resolve(port, bodies[0]), flush=True)
            rows, rates = [], {}
            for label, path, payload in (
                ("GET /healthz", "/healthz", []),
                ("POST /resolve", "/resolve", bodies),
            ):
                load(port, path, payload, 1.0, args.clients)  # warm-up, not reported
                if args.wrk:
                    cells = wrk_load(port, path, payload, args.duration, Path(tmp))
                    rates[label] = float(cells[1])
                    rows.append([label, *cells])
                    continue
                millis, errors, _ = load(port, path, payload, args.duration, args.clients)
                rates[label] = len(millis) / args.duration
                cells = [f"{percentile(millis, p):.2f}" for p in (50, 95, 99)]
                rows.append([label, str(len(millis)), f"{rates[label]:.0f}", *cells, str(errors)])
        finally:
            server.terminate()
            server.wait(timeout=30)
    client = "wrk (1 thread, 8 connections)" if args.wrk else f"{args.clients} client processes"
    print(f"{os.cpu_count()} cores shared by {args.workers} gunicorn workers and "
          f"{client}; {args.duration:.0f} s per endpoint, "
          f"{len(bodies)} distinct /resolve bodies\n")  # fmt: skip
    high = "p90 ms" if args.wrk else "p95 ms"  # wrk reports p90, not p95
    print(table(["endpoint", "requests", "req/s", "p50 ms", high, "p99 ms", "errors"], rows))
    ratio = rates["POST /resolve"] / rates["GET /healthz"]
    print(f"\nresolve/healthz throughput ratio: {ratio:.2f} (target >= 0.5)")


if __name__ == "__main__":
    main()
