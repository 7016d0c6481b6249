"""A real ``polyonym serve`` (2 workers): /metrics reports the workers' applied change,
not the master's 0, and a killed worker's gauge leaves with it.

Every wait is for a condition, bounded; no timing is asserted.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from tests.e2e.conftest import Server

pytestmark = pytest.mark.e2e
APPLIED = "polyonym_applied_change_seq"


def gauge(server: Server, name: str) -> float | None:
    text = requests.get(f"{server.base}/metrics", timeout=5).text
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    return None


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"not within {timeout} s: {what}")


def write(server: Server, token: str, name: str) -> int:
    """Create an entity; returns the store's change sequence after it."""
    created = requests.post(
        f"{server.base}/entities",
        json={"name": name, "type": "person"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    )
    assert created.status_code == 201
    return int(requests.get(f"{server.base}/readyz", timeout=5).json()["store_seq"])


def test_applied_change_gauge_follows_the_live_workers(
    tmp_path: Path, start_server: Callable[..., Server]
) -> None:
    server = start_server({"POLYONYM_DATABASE_URL": f"sqlite:///{tmp_path / 'lag.db'}"})
    token = server.cli("keys", "create", "--role", "curator", "--name", "lag")
    seq = write(server, token, "Geir Pedersen")
    assert seq > 0
    wait_until(lambda: gauge(server, APPLIED) == seq, f"{APPLIED} reaching {seq}")

    victim = requests.get(f"{server.base}/readyz", timeout=5).json()["pid"]
    os.kill(victim, signal.SIGKILL)  # gunicorn starts another; its gauges must go
    later = write(server, token, "Staffan de Mistura")
    # a dead worker's file held at the old sequence would keep the minimum there
    wait_until(lambda: gauge(server, APPLIED) == later, f"{APPLIED} reaching {later}")
    assert gauge(server, "polyonym_change_lag") == 0
