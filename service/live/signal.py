"""A change signal shared by the processes of one machine: a tiny memory-mapped file.

After every committed write the writer stores a fresh random token in the file; before
each request a worker compares the token with the one it last saw, which costs a memory
read instead of a database round trip. Only when the token moved does the worker ask the
store for the changes. Processes on other machines learn of changes from the follower.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import secrets
import tempfile
from pathlib import Path

TOKEN_BYTES = 8


def signal_path(database_url: str, run_dir: str | None = None) -> Path | None:
    """Where processes using ``database_url`` on this machine meet (None: in-memory store)."""
    if database_url.startswith("sqlite"):
        database = database_url.split("///", 1)[-1] if "///" in database_url else ""
        if not database or database == ":memory:":
            return None
        return Path(database + ".signal")
    digest = hashlib.sha256(database_url.encode()).hexdigest()[:16]
    return Path(run_dir or tempfile.gettempdir()) / f"polyonym-{digest}.signal"


class ChangeSignal:
    """Read and bump the shared token; every method is safe across processes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.fstat(fd).st_size < TOKEN_BYTES:
                os.pwrite(fd, secrets.token_bytes(TOKEN_BYTES), 0)
            self._map = mmap.mmap(fd, TOKEN_BYTES)
        finally:
            os.close(fd)

    def token(self) -> bytes:
        return self._map[:TOKEN_BYTES]

    def bump(self) -> None:
        self._map[:TOKEN_BYTES] = secrets.token_bytes(TOKEN_BYTES)
