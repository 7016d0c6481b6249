"""Benchmarks that reach into the engine or the app run, as their README lines say, on tiny
sizes: web_overhead's --stub-engine replay once broke unseen (the engine's resolve gained
`countries`, the replay did not take it, and every request was a 500)."""

from __future__ import annotations

import subprocess
import sys
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
    assert {"healthz", "resolve", "batch"} <= rows
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
