"""Keys of many names on several cores, for start-up builds of a large table.

Folding and tokenising a name (scripts, rules, regexes) was about two thirds of building
the index. A bulk load keys its names with a `WordKeyer` (word_keys.py: each distinct
word folded and keyed once), and a large one hands that to worker processes, each with
its own keyer for all its tasks, while this process fills the index. Keys travel as
token numbers into a table of the distinct tokens met so far, one table per worker (or
one for this process), and a worker sends each token's fields once, with the first
task that holds it: the index looks each distinct token up once per table, not once
per name (bulk_index.py). They are the very keys `build_keys` gives (tested), in the
same order.

A name whose keying raises (a keying bug, as the lone article "El Al" once was) costs
only that name: its place in the output holds the exception instead of keys, in this
process and on the workers alike, so one stored record cannot stop a whole bulk load.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from itertools import islice
from multiprocessing import current_process, get_all_start_methods, get_context
from multiprocessing.pool import AsyncResult

from service.matching.keys import NameKeys, TokenKeys
from service.matching.word_keys import WordKeyer

PARALLEL_MIN = 100_000  # fewer names are keyed here: starting workers costs ~0.5 s
CHUNK = 4096  # names per task: large enough that pickling is a small part of the work
MAX_WORKERS = 4  # the index is filled by one process, which more workers would outrun
AHEAD = 2  # tasks in flight per worker: enough to keep them busy, few enough that
# finished keys do not pile up (and stay as heap) while this process fills the index

TokenFields = tuple[str, str, str, str, bool, str, str, str]  # TokenKeys, field by field
Entry = tuple[str, tuple[int, ...]] | tuple[int, ...]  # (folded form,) token numbers
# A task's keys: the worker's process ID and the tokens it had not sent before, then each
# name's entry (or, for a name whose keying raised, the error's text)
Compact = tuple[int, list[TokenFields], list[Entry | str]]
# What the index is fed: a table of tokens (only ever growing, one per source) and the
# next names' entries into it, or the exception their keying raised
Chunk = tuple[Sequence[TokenKeys], list[Entry | Exception]]


class KeyingFailed(Exception):
    """Keying raised on a worker process; the message is the original error's."""


class NumberedKeyer:
    """A WordKeyer whose tokens are numbered in the order they are first met."""

    def __init__(self) -> None:
        self.keyer = WordKeyer()
        self.numbers: dict[int, int] = {}  # id(token) -> number; `table` keeps the ids
        self.table: list[TokenKeys] = []

    def entries(self, names: Sequence[str], folded: bool) -> list[Entry | Exception]:
        out: list[Entry | Exception] = []
        numbers, table = self.numbers, self.table
        for name in names:
            try:
                keys = self.keyer.keys(name)
            except Exception as exc:
                out.append(exc)
                continue
            ids = []
            for token in keys.tokens:
                number = numbers.get(id(token))
                if number is None:
                    number = numbers[id(token)] = len(table)
                    table.append(token)
                ids.append(number)
            out.append((keys.folded, tuple(ids)) if folded else tuple(ids))
        return out


def default_workers() -> int:
    """Worker processes for a bulk load: one per core this process may run on, up to
    MAX_WORKERS; none on a single core, where they would only add pickling."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(cores, MAX_WORKERS) if cores > 1 else 0


def _can_fork() -> bool:
    """Fork only a single-threaded process: a forked copy of another thread's lock could
    hang a worker. (Spawned workers would re-run the caller's main script, which a
    script without a `__main__` guard does not survive.) Workers leave via os._exit, so
    they never close the caller's database connections."""
    if current_process().daemon:  # a daemonic process may not have children
        return False
    return "fork" in get_all_start_methods() and threading.active_count() == 1


_WORKER: NumberedKeyer | None = None  # a worker's, for all the tasks it runs


def _start_worker() -> None:
    global _WORKER
    _WORKER = NumberedKeyer()


def compact_keys(names: Sequence[str], folded: bool = True) -> Compact:
    """What a worker computes for a task: its names' entries, and the fields of the tokens
    it numbered for them (a table of names repeats its given names and legal forms)."""
    global _WORKER
    keyer = _WORKER = _WORKER or NumberedKeyer()
    sent = len(keyer.table)
    entries = keyer.entries(names, folded)
    new = [
        (t.text, t.phon, t.skel, t.role, t.abjad, t.loose, t.bare, t.gloss)
        for t in keyer.table[sent:]
    ]
    # sent as text: an exception may not pickle
    texts = [f"{type(e).__name__}: {e}" if isinstance(e, Exception) else e for e in entries]
    return os.getpid(), new, texts


def keys_of_many(
    names: Sequence[str], workers: int | None = None, parallel_min: int | None = None
) -> Iterator[NameKeys | Exception]:
    """build_keys of each name, in order; on worker processes when there are many. A name
    whose keying raised yields the exception (KeyingFailed from a worker) in its place."""
    for table, entries in chunks_of_many(names, workers, parallel_min, folded=True):
        for entry in entries:
            if isinstance(entry, Exception):
                yield entry
            else:
                folded, ids = entry
                yield NameKeys(folded, tuple([table[i] for i in ids]))  # type: ignore[misc]


def chunks_of_many(
    names: Sequence[str],
    workers: int | None = None,
    parallel_min: int | None = None,
    folded: bool = False,
) -> Iterator[Chunk]:
    """The keys of each name, in order, as chunks of entries into token tables (see
    Chunk); on worker processes when there are many. Without `folded`, an entry is the
    token numbers alone: what the index needs (bulk_index.py)."""
    workers = default_workers() if workers is None else workers
    least = PARALLEL_MIN if parallel_min is None else parallel_min
    if workers < 2 or len(names) < least or not _can_fork():
        keyer = NumberedKeyer()
        for start in range(0, len(names), CHUNK):
            yield keyer.table, keyer.entries(names[start : start + CHUNK], folded)
        return
    shared: dict[TokenFields, TokenKeys] = {}  # one object per distinct token
    tables: dict[int, list[TokenKeys]] = {}  # per worker process
    with get_context("fork").Pool(workers, _start_worker) as pool:
        tasks = (
            pool.apply_async(compact_keys, (names[start : start + CHUNK], folded))
            for start in range(0, len(names), CHUNK)
        )  # submitted lazily, as the window below asks for them
        pending: deque[AsyncResult[Compact]] = deque(islice(tasks, AHEAD * workers))
        while pending:
            # a worker's tasks are handed out, and so read here, in the order it ran them
            pid, fields, entries = pending.popleft().get()
            pending.extend(islice(tasks, 1))
            table = tables.setdefault(pid, [])
            table.extend([shared.get(f) or shared.setdefault(f, TokenKeys(*f)) for f in fields])
            yield table, [KeyingFailed(e) if isinstance(e, str) else e for e in entries]
