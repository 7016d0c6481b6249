"""What the web layer costs per request, in process: Flask's test client, no sockets.

    .venv/bin/python -m benchmarks.web_overhead --loops 2000
    .venv/bin/python -m benchmarks.web_overhead --stub-engine --route resolve --loops 500
    .venv/bin/python -m benchmarks.web_overhead --aliases 100000 --loops 600

``--aliases N`` imports a synthetic table of N aliases first (as ``benchmarks.load`` does), so
the Engine.resolve row is the engine's CPU at that size, beside what a request costs.

With ``--stub-engine`` the engine's answers are computed once and replayed from a dict, so
what remains is everything around ``Engine.resolve`` (parsing, hooks, serialisation): the
number to compare between commits. Its "resolve - healthz" row is what a /resolve costs the
web layer beyond the trivial route (both pay the same request context, hooks and access
log): the web layer's part of the /resolve to /healthz throughput gap, the rest being the
engine's. It is also a deterministic loop for ``valgrind --tool=callgrind``
(``--route`` picks one route; ``--callgrind`` runs the measured loop, after the warm-up,
inside ``functools.reduce``, so only the loop is counted):

    valgrind --tool=callgrind --collect-atstart=no --toggle-collect=functools_reduce \
        .venv/bin/python -m benchmarks.web_overhead --stub-engine --route resolve --callgrind
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from benchmarks.console_bench import build_store
from benchmarks.http_bench import request_mix
from benchmarks.load import batch_bodies
from benchmarks.stats import table
from service.config import Settings
from service.logs import configure_logging
from service.web import create_app

JSON = {"Content-Type": "application/json"}
Request = Callable[[FlaskClient, int], Any]


def build_app(workdir: Path) -> Flask:
    """The app as ``polyonym serve`` builds it: SQLite file, change signal, JSON logs."""
    settings = Settings(database_url=f"sqlite:///{workdir}/bench.db", follow_changes=False)
    app = create_app(settings)
    sink = open(os.devnull, "w")  # noqa: SIM115 - the log handler writes to it until exit
    with contextlib.redirect_stderr(sink):
        configure_logging(settings.log_level)
    return app


def stub_engine(app: Flask, names: list[str]) -> None:
    """Replay the engine's answers: every name is resolved once, then served from a dict."""
    engine = app.extensions["polyonym"].resolver.engine
    real = engine.resolve
    answers: dict[tuple[Any, ...], Any] = {}

    def replay(
        name: str,
        entity_type: str | None = None,
        limit: int = 5,
        explain: bool = False,
        blocked: Any = frozenset(),
        countries: Any = (),
    ) -> Any:
        key = (name, entity_type, limit, explain, frozenset(blocked), frozenset(countries))
        found = answers.get(key)
        if found is None:
            found = answers[key] = real(name, entity_type, limit, explain, blocked, countries)
        return found

    engine.resolve = replay
    for name in names:
        replay(name, entity_type=None, limit=5, explain=False, blocked=frozenset())


def routes(bodies: list[str], batches: list[str]) -> dict[str, Request]:
    def healthz(client: FlaskClient, i: int) -> Any:
        return client.get("/healthz")

    def resolve(client: FlaskClient, i: int) -> Any:
        return client.post("/resolve", data=bodies[i % len(bodies)], headers=JSON)

    def batch(client: FlaskClient, i: int) -> Any:
        return client.post("/resolve/batch", data=batches[i % len(batches)], headers=JSON)

    return {"healthz": healthz, "resolve": resolve, "batch": batch}


def time_loop(client: FlaskClient, send: Request, loops: int) -> float:
    """Microseconds per request, best of three rounds (the machine is shared and noisy)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for i in range(loops):
            response = send(client, i)
            if response.status_code != 200:
                raise RuntimeError(f"{response.status_code}: {response.get_data(as_text=True)}")
        best = min(best, (time.perf_counter() - start) / loops * 1e6)
    return best


def engine_share(app: Flask, bodies: list[str], loops: int) -> float:
    """Microseconds per Engine.resolve call over the same names (best of three)."""
    engine = app.extensions["polyonym"].resolver.engine
    names = [json.loads(b)["name"] for b in bodies]
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for i in range(loops):
            engine.resolve(
                names[i % len(names)], entity_type=None, limit=5, explain=False, blocked=frozenset()
            )
        best = min(best, (time.perf_counter() - start) / loops * 1e6)
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loops", type=int, default=2000, help="requests per round")
    parser.add_argument("--route", choices=["healthz", "resolve", "batch"], action="append")
    parser.add_argument("--stub-engine", action="store_true", help="replay engine answers")
    parser.add_argument("--callgrind", action="store_true", help="one pass inside reduce()")
    parser.add_argument(
        "--aliases", type=int, default=0, help="import a synthetic table of this many first"
    )
    args = parser.parse_args(argv)
    bodies = request_mix(600)
    batches = batch_bodies(bodies, 100)
    names = [json.loads(b)["name"] for b in bodies]
    with tempfile.TemporaryDirectory(prefix="polyonym-web-") as tmp:
        if args.aliases:  # the curated seed is loaded on top, as `polyonym serve` does
            env = dict(os.environ, POLYONYM_DATABASE_URL=f"sqlite:///{tmp}/bench.db")
            build_store(args.aliases, Path(tmp), env)
        app = build_app(Path(tmp))
        if args.stub_engine:
            stub_engine(app, names)
        client = app.test_client()
        chosen = routes(bodies, batches)
        wanted = args.route or list(chosen)
        for route in wanted:  # warm every path (and the engine's caches) first
            for i in range(len(bodies) // 10 if route == "batch" else len(bodies)):
                chosen[route](client, i)
        if args.callgrind:
            for route in wanted:
                send = chosen[route]
                functools.reduce(lambda _, i: send(client, i), range(args.loops), None)
            return
        rows, timed = [], {}
        for route in wanted:  # a batch holds 10-50 names: a tenth of the rounds
            loops = max(1, args.loops // 10) if route == "batch" else args.loops
            timed[route] = time_loop(client, chosen[route], loops)
            rows.append([route, f"{timed[route]:.0f}"])
        if "resolve" in timed and "healthz" in timed:
            rows.append(["resolve - healthz", f"{timed['resolve'] - timed['healthz']:.0f}"])
        if not args.stub_engine:
            rows.append(["Engine.resolve", f"{engine_share(app, bodies, args.loops):.0f}"])
    table_size = f"; {args.aliases:,} synthetic aliases" if args.aliases else ""
    print(f"{args.loops} requests per round, best of 3; engine stubbed: {args.stub_engine}"
          f"{table_size}")  # fmt: skip
    print(table(["route", "us/request"], rows))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
