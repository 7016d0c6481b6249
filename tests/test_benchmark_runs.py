"""Benchmarks that reach into the engine or the app run, as their README lines say, on tiny
sizes: web_overhead's --stub-engine replay once broke unseen (the engine's resolve gained
`countries`, the replay did not take it, and every request was a 500)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("stub", [True, False], ids=["stubbed", "engine"])
def test_web_overhead_runs_every_route(stub: bool) -> None:
    command = [sys.executable, "-m", "benchmarks.web_overhead", "--loops", "10"]
    done = subprocess.run(
        command + (["--stub-engine"] if stub else []),
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    rows = {line.split("|")[1].strip() for line in done.stdout.splitlines() if "|" in line}
    assert {"healthz", "resolve", "batch", "resolve - healthz"} <= rows
    assert f"engine stubbed: {stub}" in done.stdout


def test_retrieval_loss_splits_every_wrong_answer() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.retrieval_loss", "--sizes", "3000", "--queries", "60"],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    row = [cell.strip() for cell in done.stdout.splitlines()[-1].split("|")[1:-1]]
    size, top1, lost, beaten, ceiling = row[0], *map(float, row[1:])
    assert size == "3,000"
    assert abs(top1 + lost + beaten - 1) < 0.02 and abs(ceiling - top1 - lost) < 0.002


def test_server_cpu_counts_the_master_and_its_children() -> None:
    """benchmarks.load reads CPU per request from /proc: a child that burns 0.4 s of CPU
    adds about that much (a wrong stat field would read a clock or a page count)."""
    from benchmarks.load import server_cpu

    burn = "import time\nend = time.process_time() + 0.4\nwhile time.process_time() < end: pass\n"
    burn += "print(flush=True)\ntime.sleep(30)"
    own = time.process_time()
    before = server_cpu(os.getpid())
    with subprocess.Popen([sys.executable, "-c", burn], stdout=subprocess.PIPE) as child:
        try:
            assert child.stdout is not None and child.stdout.readline()  # done burning
            spent = server_cpu(os.getpid()) - before
        finally:
            child.kill()
    own = time.process_time() - own
    assert 0.35 <= spent <= 0.4 + own + 0.3  # the child's burn, its start-up and ours


def test_cpu_summary_is_the_ratio_of_cpu_per_request() -> None:
    from benchmarks.load import cpu_summary

    line = cpu_summary((2.0, 0.5), 1000, (1.0, 0.5), 2000)  # 2.5 against 0.75 ms a request
    assert "/resolve 2.000 + 0.500 ms, /healthz 0.500 + 0.250 ms" in line
    assert "costs the server 1.500 ms more" in line and line.endswith("CPU ratio 0.30")
    assert cpu_summary((1.0, 1.0), 0, (1.0, 1.0), 10).endswith("no requests answered")


def test_web_overhead_imports_a_table_first() -> None:
    """--aliases N: the engine row is then the engine at that size (issue #19)."""
    command = [sys.executable, "-m", "benchmarks.web_overhead", "--loops", "10"]
    done = subprocess.run(
        [*command, "--aliases", "300", "--route", "resolve"],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "imported 300 aliases" in done.stdout and "; 300 synthetic aliases" in done.stdout
    rows = {line.split("|")[1].strip() for line in done.stdout.splitlines() if "|" in line}
    assert {"resolve", "Engine.resolve"} <= rows
