"""Keeps a process's index following the change log while no request asks.

On PostgreSQL a dedicated connection LISTENs for the NOTIFY every committed write sends,
and each wake-up applies the changes since the last applied sequence. A catch-up runs
every ``catchup_seconds`` anyway, so a lost notification or a dropped connection leaves
the index stale for at most that long. On SQLite (one machine) the follower just polls.
Requests still check the sequence themselves (see Resolver.refresh); the follower is what
keeps idle workers and /readyz lag fresh and bounds staleness when requests are rare.
The connection is the store's (Store.listen_changes): psycopg stays inside service/store/.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the resolver owns its follower
    from service.live.resolver import Resolver

logger = logging.getLogger("polyonym.follower")


@dataclass
class FollowerStatus:
    mode: str = "stopped"  # listen | poll | reconnecting | stopped
    last_wake: float | None = None
    wakeups: int = 0


class Follower:
    """One background thread per process; started lazily so forked workers get their own."""

    def __init__(
        self,
        resolver: Resolver,
        url: str,
        catchup_seconds: float = 5.0,
        after_wake: Callable[[], None] | None = None,
    ) -> None:
        self.resolver = resolver
        self.after_wake = after_wake
        self.url = url
        self.catchup_seconds = catchup_seconds
        self.status = FollowerStatus()
        self._pid: int | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def ensure_started(self) -> None:
        if self._pid == os.getpid():
            return
        self._pid = os.getpid()
        self._stop.clear()
        target = self._listen_forever if self.url.startswith("postgresql") else self._poll_forever
        self._thread = threading.Thread(target=target, name="polyonym-follower", daemon=True)
        self._thread.start()

    def stop(self, wait: bool = True) -> None:
        """Ask the thread to finish and, with ``wait``, wait for it (it closes its
        connection); a process on its way out need not wait."""
        self._stop.set()
        if wait and self._thread is not None:
            self._thread.join(timeout=self.catchup_seconds + 2)
        self.status.mode = "stopped"

    def _wake(self) -> None:
        self.status.last_wake = time.time()
        self.status.wakeups += 1
        try:
            self.resolver.refresh()  # a change that cannot be applied is skipped inside
            self.resolver.retry_skipped()
            if self.after_wake is not None:
                self.after_wake()
        except Exception:  # the store failed: the catch-up is retried at the next wake-up
            logger.exception("could not apply changes")

    def _poll_forever(self) -> None:
        self.status.mode = "poll"
        while not self._stop.wait(min(self.catchup_seconds, 0.5)):
            self._wake()

    def _listen_forever(self) -> None:
        backoff = 0.5
        while not self._stop.is_set():
            try:
                with self.resolver.store.listen_changes("polyonym-follower") as wait:
                    self.status.mode = "listen"
                    backoff = 0.5
                    self._wake()  # catch up on whatever committed while not listening
                    while not self._stop.is_set():
                        wait(self.catchup_seconds)
                        self._wake()
            except Exception as exc:  # connection lost: reconnect, then catch up
                self.status.mode = "reconnecting"
                logger.warning("change listener lost its connection (%s); reconnecting", exc)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, self.catchup_seconds)
