"""Real server processes: ``start_server(env, workers)`` starts ``polyonym serve`` on a free
port and waits for /readyz; every server started in a test is stopped after it."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

BIN = Path(sys.executable).parent
POLYONYM = shutil.which("polyonym", path=str(BIN)) or "polyonym"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]
    env: dict[str, str]

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop the server. gunicorn gives its workers graceful_timeout (30 s) before it kills
        them, so waiting exactly that long failed on a loaded machine while the server was
        still stopping correctly; twice that only stops a hang."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=60)

    def cli(self, *args: str) -> str:
        result = subprocess.run(
            [POLYONYM, *args], env=self.env, capture_output=True, text=True, check=True
        )
        return result.stdout.strip()


def readyz(server: Server) -> dict[str, Any]:
    """/readyz of whichever worker takes the connection: its pid, applied_seq, lag."""
    body: dict[str, Any] = requests.get(f"{server.base}/readyz", timeout=10).json()
    return body


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 90) -> None:
    """Poll ``condition`` until it holds. The deadline only stops a hang: it is generous
    on purpose, and a test asserts what happened, never how long it took."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)


def wait_ready(server: Server, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited with {server.process.returncode}")
        try:
            if requests.get(f"{server.base}/readyz", timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise TimeoutError("server did not become ready")


@pytest.fixture
def start_server() -> Iterator[Callable[..., Server]]:
    started: list[Server] = []

    def start(env: dict[str, str], workers: int = 2, port: int | None = None) -> Server:
        port = port or free_port()
        process = subprocess.Popen(
            [POLYONYM, "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        server = Server(f"http://127.0.0.1:{port}", process, {**os.environ, **env})
        started.append(server)
        wait_ready(server)
        return server

    yield start
    for server in started:
        server.stop()
