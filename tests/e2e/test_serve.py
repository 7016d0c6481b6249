"""A real ``polyonym serve`` (gunicorn, 2 workers) over HTTP."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.e2e
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(base: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if requests.get(f"{base}/readyz", timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise TimeoutError("server did not become ready")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    env = {**os.environ, "POLYONYM_DATABASE_URL": f"sqlite:///{tmp_path / 'e2e.db'}"}
    port = free_port()
    command = shutil.which("polyonym", path=str(BIN)) or "polyonym"
    process = subprocess.Popen(
        [command, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, process)
        yield base, env
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def test_resolve_over_http(server: tuple[str, dict[str, str]]) -> None:
    base, _ = server
    response = requests.post(f"{base}/resolve", json={"name": "Ahmed Ash-Sharara"}, timeout=5)
    assert response.status_code == 200
    assert response.json()["match"]["name"] == "Ahmed al-Sharaa"
    bad = requests.post(f"{base}/resolve", json={"name": ""}, timeout=5)
    assert bad.status_code == 422
    assert bad.headers["Content-Type"] == "application/problem+json"


def test_write_is_visible_on_every_worker(server: tuple[str, dict[str, str]]) -> None:
    base, env = server
    command = shutil.which("polyonym", path=str(BIN)) or "polyonym"
    token = subprocess.run(
        [command, "keys", "create", "--role", "curator", "--name", "e2e"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    created = requests.post(
        f"{base}/entities",
        json={"name": "Geir Pedersen", "type": "person", "aliases": ["Гейр Педерсен"]},
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    )
    assert created.status_code == 201
    entity_id = created.json()["id"]
    # No keep-alive: each request may land on either worker; all must see the write.
    for _ in range(20):
        body = requests.post(f"{base}/resolve", json={"name": "Гейр Педерсен"}, timeout=5).json()
        assert body["status"] == "matched" and body["match"]["id"] == entity_id
