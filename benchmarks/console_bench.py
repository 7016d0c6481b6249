"""Load-to-interactive time of the curator console's pages against a 100k-alias table.

    .venv/bin/python -m benchmarks.console_bench --aliases 100000 --runs 5

Writes the synthetic table (``python -m benchmarks.table_file``), imports it with
``polyonym import`` into a fresh SQLite store (no curated seed), starts ``polyonym serve``,
queues unresolved names for review, then drives Debian's chromium through Playwright. Each
page loads in a fresh browser context (empty cache and sessionStorage: a cold load of the
HTML, CSS, JS modules and API calls), timed from the navigation or keystroke to the page's
finished state:

- review: the queue of 20 names with their three candidates each (GET /review, one
  POST /resolve/batch);
- search: the page, then a typed 3-letter prefix until its suggestions show (this includes
  the console's 120 ms typing debounce);
- entity: an entity with its names by script and its history;
- try it: the page, then a resolve with the explanation drawn.

Times are wall-clock in the test process, so they include Playwright's round trips (a few ms).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.http_bench import free_port, wait_healthy
from benchmarks.stats import table

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
READY = 'main[aria-busy="false"][data-view="{}"]'
BIN = Path(sys.executable).parent


def polyonym(*args: str, env: dict[str, str], **kw: Any) -> subprocess.Popen[bytes] | None:
    exe = shutil.which("polyonym", path=str(BIN)) or "polyonym"
    if kw.pop("background", False):
        return subprocess.Popen([exe, *args], env=env, **kw)
    subprocess.run([exe, *args], env=env, check=True, **kw)
    return None


def build_store(aliases: int, workdir: Path, env: dict[str, str]) -> Path:
    table_path = workdir / "table.jsonl"
    subprocess.run(
        [sys.executable, "-m", "benchmarks.table_file", str(aliases), str(table_path)], check=True
    )
    start = time.perf_counter()
    polyonym("import", str(table_path), env=env, stdout=subprocess.DEVNULL)
    print(f"imported {aliases} aliases in {time.perf_counter() - start:.1f} s")
    return table_path


def post(base: str, path: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        f"{base}{path}", json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def pick_targets(table_path: Path, seed: int = 5) -> tuple[str, str, list[str]]:
    """An entity ID, a 3-letter prefix of one of its words, and names to resolve."""
    rng = random.Random(seed)
    records = [json.loads(line) for line in table_path.read_text(encoding="utf-8").splitlines()]
    entity = rng.choice(records)
    word = max(entity["name"].split(), key=len)
    names = [rng.choice(records)["name"] for _ in range(5)]
    return entity["id"], word[:3], names


def curator_key(env: dict[str, str]) -> str:
    """The review queue is curation data: its page needs a signed-in curator."""
    exe = shutil.which("polyonym", path=str(BIN)) or "polyonym"
    created = subprocess.run(
        [exe, "keys", "create", "--role", "curator", "--name", "console-bench"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return created.stdout.strip()


def queue_unresolved(base: str, key: str, count: int = 25) -> None:
    """Names of no entity, each asked once: the review page then shows a full page of 20."""
    for i in range(count):
        post(base, "/resolve", {"name": f"Qyxzor Vempt {chr(97 + i % 26)}{i}"})
    listing = urllib.request.Request(f"{base}/review", headers={"Authorization": f"Bearer {key}"})
    with urllib.request.urlopen(listing, timeout=30):  # flushes this worker
        pass
    time.sleep(1.5)  # and the other worker's flusher


def timed(action: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def run_once(
    browser: Any, base: str, key: str, entity_id: str, prefix: str, name: str
) -> dict[str, float]:
    """Each page in a fresh context: a full cold load (HTML, CSS, JS modules, API calls),
    signed in as a curator (the key in sessionStorage, as the console's sign-in leaves it)."""
    times: dict[str, float] = {}

    def load(route: str, view: str, extra: str | None = None) -> Any:
        context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 860})
        context.add_init_script(f"sessionStorage.setItem('polyonym.key', {json.dumps(key)})")
        page = context.new_page()

        def action() -> None:
            page.goto(f"/console#/{route}")
            page.wait_for_selector(READY.format(view))
            if extra:
                page.wait_for_selector(extra)

        return context, page, timed(action)

    context, _, times["review (20 names + 3 candidates each)"] = load("review", "review", "li")
    context.close()
    context, page, times["search page"] = load("search", "search")

    def type_prefix() -> None:
        page.get_by_label("Name, in any script").fill(prefix)
        page.wait_for_selector(f'#search-results[data-prefix="{prefix}"]')

    times[f"search: prefix {prefix!r} typed to results (incl. 120 ms debounce)"] = timed(
        type_prefix
    )
    context.close()
    context, _, times[f"entity page ({entity_id}, names + history)"] = load(
        f"entity/{entity_id}", "entity", "#hist-h"
    )
    context.close()
    context, page, times["try it page"] = load("try", "try")

    def resolve() -> None:
        page.get_by_label("Name").fill(name)
        page.get_by_role("button", name="Resolve").click()
        page.wait_for_selector("#try-result details")

    times["try it: resolve with explanation"] = timed(resolve)
    context.close()
    return times


def measure(base: str, key: str, runs: int, entity_id: str, prefix: str, names: list[str]) -> str:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("no chromium: apt-get install -y chromium")
    samples: dict[str, list[float]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        run_once(browser, base, key, entity_id, prefix, names[0])  # warm: first requests
        for i in range(runs):
            timings = run_once(browser, base, key, entity_id, prefix, names[i % 5])
            for label, ms in timings.items():
                samples.setdefault(label, []).append(ms)
        browser.close()
    rows = [
        [label, f"{statistics.median(ms):.0f}", f"{min(ms):.0f}", f"{max(ms):.0f}"]
        for label, ms in samples.items()
    ]
    return table(["page", "median ms", "min ms", "max ms"], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aliases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="console-bench-") as tmp:
        workdir = Path(tmp)
        env = dict(
            os.environ,
            POLYONYM_DATABASE_URL=f"sqlite:///{workdir / 'bench.db'}",
            POLYONYM_LOAD_SEED="0",
        )
        table_path = build_store(args.aliases, workdir, env)
        entity_id, prefix, names = pick_targets(table_path)
        key = curator_key(env)
        port = free_port()
        with (workdir / "server.log").open("wb") as log:
            server = polyonym(
                "serve",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                env=env,
                background=True,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            assert server is not None
            try:
                wait_healthy(port, server, timeout=300)
                base = f"http://127.0.0.1:{port}"
                queue_unresolved(base, key)
                report = measure(base, key, args.runs, entity_id, prefix, names)
            finally:
                server.terminate()
                server.wait(timeout=30)
    print(
        f"\n{args.aliases} aliases, {args.workers} workers, median of {args.runs} runs, "
        f"{os.cpu_count()} CPUs\n"
    )
    print(report)


if __name__ == "__main__":
    main()
