"""benchmarks.web_overhead runs, as its README line says: its --stub-engine replay once
broke unseen (the engine's resolve gained `countries`, the replay did not take it, and
every request was a 500)."""

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
