"""Crash safety: SIGKILL a real server mid-stream of writes; every acknowledged write survives.

A thread sends curator writes (new entities, new aliases) one after another; once enough
are acknowledged, the gunicorn master and its workers are killed with SIGKILL at once. The
store must then pass its integrity check, and a restarted server must show every write
that got a 2xx, on SQLite (WAL, synchronous=FULL) and on PostgreSQL when configured.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from service.store import Store
from tests.conftest import PG_URL, reset_postgres
from tests.e2e.conftest import Server

pytestmark = pytest.mark.e2e

ACKED_BEFORE_KILL = 40


@dataclass
class Writer:
    """Curator writes back to back; remembers only what the server acknowledged."""

    server: Server
    token: str
    entities: dict[str, str] = field(default_factory=dict)  # id -> name
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (entity id, alias)
    killed: threading.Event = field(default_factory=threading.Event)

    @property
    def acked(self) -> int:
        return len(self.entities) + len(self.aliases)

    def run(self) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        step = 0
        while True:
            step += 1
            try:
                if step % 2 and self.entities:
                    entity_id = list(self.entities)[-1]
                    alias = f"Crashtest Alias {step}"
                    response = requests.post(
                        f"{self.server.base}/entities/{entity_id}/aliases",
                        json={"name": alias},
                        headers=headers,
                        timeout=30,
                    )
                    if response.status_code == 201:
                        self.aliases.append((entity_id, alias))
                else:
                    name = f"Crashtest Person {step}"
                    response = requests.post(
                        f"{self.server.base}/entities",
                        json={"name": name, "type": "person", "aliases": [f"{name} Jr"]},
                        headers=headers,
                        timeout=30,
                    )
                    if response.status_code == 201:
                        self.entities[response.json()["id"]] = name
            except requests.RequestException:
                if self.killed.is_set():
                    return  # the server is gone: nothing after this was acknowledged
                # a slow machine: that write's fate is unknown, so it is simply not counted


def child_pids(pid: int) -> list[int]:
    """The gunicorn workers: children of the master, read from /proc."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        found.extend(int(c) for c in children)
    return found


def kill_everything(server: Server) -> None:
    workers = child_pids(server.process.pid)
    assert workers, "gunicorn should have forked its workers"
    for worker in workers:
        os.kill(worker, signal.SIGKILL)
    server.stop(signal.SIGKILL)
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{w}").exists() for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)


def crash_and_restart(env: dict[str, str], start_server: Callable[..., Server]) -> None:
    server = start_server(env)
    writer = Writer(server, server.cli("keys", "create", "--role", "curator", "--name", "crash"))
    thread = threading.Thread(target=writer.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while writer.acked < ACKED_BEFORE_KILL and time.monotonic() < deadline:
        time.sleep(0.01)
    assert thread.is_alive(), "the writer stopped before the kill"
    writer.killed.set()
    kill_everything(server)
    thread.join(timeout=30)
    assert writer.acked >= ACKED_BEFORE_KILL

    store = Store(env["POLYONYM_DATABASE_URL"])
    try:
        assert store.integrity_check() == "ok"
        for entity_id, name in writer.entities.items():
            assert store.get_entity(entity_id).name == name
    finally:
        store.dispose()

    restarted = start_server(env)
    for entity_id, name in writer.entities.items():
        body = requests.get(f"{restarted.base}/entities/{entity_id}", timeout=5).json()
        assert body["name"] == name
        assert f"{name} Jr" in {a["name"] for a in body["aliases"]}
    for entity_id, alias in writer.aliases:
        body = requests.get(f"{restarted.base}/entities/{entity_id}", timeout=5).json()
        assert alias in {a["name"] for a in body["aliases"]}, (entity_id, alias)
    resolved = requests.post(
        f"{restarted.base}/resolve", json={"name": writer.aliases[-1][1]}, timeout=5
    ).json()
    assert resolved["match"]["id"] == writer.aliases[-1][0]


def test_acknowledged_writes_survive_sigkill_on_sqlite(
    tmp_path: Path, start_server: Callable[..., Server]
) -> None:
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    crash_and_restart({"POLYONYM_DATABASE_URL": url}, start_server)
    store = Store(url)
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        store.dispose()


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="POLYONYM_TEST_DATABASE_URL is not set")
def test_acknowledged_writes_survive_sigkill_on_postgresql(
    tmp_path: Path, start_server: Callable[..., Server]
) -> None:
    assert PG_URL is not None
    reset_postgres(PG_URL)
    env = {"POLYONYM_DATABASE_URL": PG_URL, "POLYONYM_RUN_DIR": str(tmp_path)}
    crash_and_restart(env, start_server)
