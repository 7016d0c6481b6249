"""What gunicorn answers itself, before the app runs (README, "Errors that come from
gunicorn, not polyonym"): raw requests to a real ``polyonym serve``. A change of worker
class or HTTP parser (issue #19 looked at both) must keep these statuses or say so."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import POLYONYM, Server, free_port, wait_ready

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One worker for the whole module: every test only reads."""
    path = tmp_path_factory.mktemp("gunicorn") / "e2e.db"
    env = {**os.environ, "POLYONYM_DATABASE_URL": f"sqlite:///{path}"}
    port = free_port()
    process = subprocess.Popen(
        [POLYONYM, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    started = Server(f"http://127.0.0.1:{port}", process, env)
    try:
        wait_ready(started)
        yield started
    finally:
        started.stop()


def status_of(server: Server, raw: bytes) -> int:
    """The status line's code gunicorn sends for ``raw`` (one request, then close)."""
    address = urlsplit(server.base)
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall(raw)
        answer = b""
        while b"\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    return int(answer.split(b" ", 2)[1])


def request(target: bytes, headers: bytes = b"") -> bytes:
    return b"GET " + target + b" HTTP/1.1\r\nHost: localhost\r\n" + headers + b"\r\n"


def test_a_well_formed_raw_request_is_answered_by_the_app(server: Server) -> None:
    assert status_of(server, request(b"/healthz")) == 200


@pytest.mark.parametrize(
    "raw",
    [
        b"NOT AN HTTP REQUEST LINE\r\n\r\n",
        request("/resolve?name=\u00e9".encode()),  # raw non-ASCII in the URL
        request(b"/resolve?name=a b"),  # a raw space
        b"POST /resolve HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n",
    ],
    ids=["not-http", "non-ascii-url", "space-in-url", "bad-content-length"],
)
def test_malformed_requests_are_400(server: Server, raw: bytes) -> None:
    assert status_of(server, raw) == 400


def test_a_request_line_over_4094_bytes_is_414(server: Server) -> None:
    assert status_of(server, request(b"/resolve?name=" + b"a" * 4100)) == 414
    assert status_of(server, request(b"/resolve?name=" + b"a" * 4000)) != 414


def test_too_many_or_too_long_headers_are_431(server: Server) -> None:
    many = b"".join(b"X-Extra-%d: 1\r\n" % n for n in range(101))
    assert status_of(server, request(b"/healthz", many)) == 431
    assert status_of(server, request(b"/healthz", b"X-Long: " + b"a" * 8200 + b"\r\n")) == 431
    assert status_of(server, request(b"/healthz", b"X-Long: " + b"a" * 8000 + b"\r\n")) == 200
