"""Helpers the HTTP tests share: headers, a resolve call, the change-log head."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from flask.testing import FlaskClient

from service.live.follower import Follower
from service.live.resolver import Resolver
from service.store import Store

PROBLEM = "application/problem+json"


def auth(key: str, version: int | str | None = None, **headers: str) -> dict[str, str]:
    """A bearer header for ``key``; ``version`` adds ``If-Match: "<version>"``."""
    sent = {"Authorization": f"Bearer {key}", **headers}
    if version is not None:
        sent["If-Match"] = f'"{version}"'
    return sent


def resolve(client: FlaskClient, name: str, **fields: Any) -> dict[str, Any]:
    """POST /resolve and its JSON body (the status is checked: any answer but 200 fails)."""
    response = client.post("/resolve", json={"name": name, **fields})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    body: dict[str, Any] = response.get_json()
    return body


def head_seq(client: FlaskClient) -> int:
    """The change log's next sequence number: unchanged means nothing was written."""
    return int(client.get("/changes", query_string={"since": 0, "limit": 1000}).json["next"])


def metric_value(text: str, name: str, **labels: str) -> float:
    """The sum of ``name``'s samples whose labels include ``labels`` (0 when absent)."""
    total = 0.0
    for line in text.splitlines():
        is_sample = line.startswith(name + "{") or line.startswith(name + " ")
        if is_sample and all(f'{k}="{v}"' in line for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


def name_writes(name: str, verdict: str = "not_same") -> list[tuple[str, str, dict[str, Any], str]]:
    """(method, path, body, field) for every API write that takes a name, with the field a
    refusal must name (or a prefix of it); each needs a curator key and ``If-Match: "1"``."""
    return [
        ("post", "/entities", {"name": name, "type": "person"}, "name"),
        (
            "post",
            "/entities",
            {"name": "Kaja Kallas", "type": "person", "aliases": [name]},
            "aliases.0",
        ),
        ("post", "/entities/E000001/aliases", {"name": name}, "name"),
        ("patch", "/entities/E000001", {"name": name}, "name"),
        (
            "post",
            "/entities/E000001/split",
            {"name": name, "type": "person", "aliases": [1]},
            "name",
        ),
        ("post", "/judgements", {"name": name, "entity_id": "E000001", "verdict": verdict}, "name"),
    ]


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> float:
    """Poll ``condition`` until it holds (the seconds it took), or fail after ``timeout``."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if condition():
            return time.monotonic() - start
        time.sleep(0.02)
    raise AssertionError("condition not met in time")


@contextmanager
def following(
    store: Store, modes: tuple[str, ...] = ("listen", "poll")
) -> Iterator[tuple[Resolver, Follower]]:
    """A resolver loaded from ``store`` and its follower thread, running in one of
    ``modes`` before the block starts and stopped when it ends."""
    resolver = Resolver(store, record_unresolved=False, refresh_per_request=False)
    resolver.load()
    follower = Follower(resolver, store.url, catchup_seconds=1.0)
    follower.ensure_started()
    try:
        wait_for(lambda: follower.status.mode in modes)
        yield resolver, follower
    finally:
        follower.stop()
