"""Collects the names /resolve could not match and writes them to the review queue in
batches from a background thread, so the hot path only touches a dict under a lock.

The buffer holds at most ``max_pending`` distinct names between flushes: a client sending
ever new names fills it within a second, and past that a new name's ask is dropped (and
counted in the next flush's log line) while names already pending keep counting. The
store then bounds the queue itself (service.store.review)."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from service.model import Unresolved

logger = logging.getLogger("polyonym.review")
FLUSH_SECONDS = 1.0  # how stale the queue may be; a curator never notices a second
# Distinct names per flush and process: 10x the busiest real second seen, and a bound on
# what a flood costs in memory (about 1 KiB a name) and in one write transaction.
MAX_PENDING = 10_000


class ReviewBuffer:
    """Per-process buffer; the flusher thread starts lazily so forked workers get their own."""

    def __init__(
        self,
        write: Callable[[Sequence[Unresolved]], None],
        interval: float = FLUSH_SECONDS,
        max_pending: int = MAX_PENDING,
    ) -> None:
        self._write = write
        self._interval = interval
        self._max_pending = max_pending
        self._pending: dict[str, Unresolved] = {}
        self._dropped = 0
        self._lock = threading.Lock()
        self._thread_pid: int | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def record(
        self,
        norm: str,
        name: str,
        status: str,
        best_entity_id: str | None,
        best_score: float | None,
    ) -> None:
        now = datetime.now(UTC)
        with self._lock:
            known = self._pending.get(norm)
            if known is None and len(self._pending) >= self._max_pending:
                self._dropped += 1
                return
            # A repeat keeps the first spelling and counts; built directly, as
            # dataclasses.replace costs several times the constructor on this hot path.
            first, count = (name, 1) if known is None else (known.name, known.count + 1)
            self._pending[norm] = Unresolved(
                norm, first, status, best_entity_id, best_score, now, count
            )
        self._ensure_flusher()

    def flush(self) -> int:
        """Write what is pending now; returns how many names were written."""
        with self._lock:
            batch, self._pending = list(self._pending.values()), {}
            dropped, self._dropped = self._dropped, 0
        if dropped:
            logger.warning("review buffer full: %d asks for new names were not queued", dropped)
        if batch:
            try:
                self._write(batch)
            except Exception:  # the queue is best effort; never take a worker down for it
                logger.exception("could not write %d review items", len(batch))
        return len(batch)

    def close(self) -> None:
        """Stop the flusher and write what is pending: at a worker's graceful exit, so its
        last second of asks is not lost, and before a store is dropped under the thread."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread.is_alive() and self._thread_pid == os.getpid():
            thread.join(timeout=self._interval + 5.0)
        self.flush()

    def _ensure_flusher(self) -> None:
        if self._thread_pid == os.getpid() or self._stop.is_set():
            return
        self._thread_pid = os.getpid()
        self._thread = threading.Thread(target=self._run, name="review-flush", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self.flush()
