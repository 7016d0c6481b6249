"""Keys of many names on several cores, for start-up builds of a large table.

Folding and tokenising a name (scripts, rules, regexes) is about two thirds of building
the index, and each name is independent of the others, so a large bulk load hands it
to worker processes while this one fills the index. Workers send the keys back as
plain tuples, which are turned into the very keys `build_keys` gives (tested), in the
same order, with one object per distinct token.

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

from service.matching.keys import NameKeys, TokenKeys, build_keys

PARALLEL_MIN = 100_000  # fewer names are keyed here: starting workers costs ~0.5 s
CHUNK = 4096  # names per task: large enough that pickling is a small part of the work
MAX_WORKERS = 4  # the index is filled by one process, which more workers would outrun
AHEAD = 2  # tasks in flight per worker: enough to keep them busy, few enough that
# finished keys do not pile up (and stay as heap) while this process fills the index

TokenFields = tuple[str, str, str, str, bool, str, str, str]  # TokenKeys, field by field
# A task's keys: its distinct tokens, then each name's folded form and token numbers
# (or, for a name whose keying raised, the error's text)
Compact = tuple[list[TokenFields], list[tuple[str, tuple[int, ...]] | str]]


class KeyingFailed(Exception):
    """build_keys raised on a worker process; the message is the original error's."""


def safe_keys(name: str) -> NameKeys | Exception:
    """build_keys(name), or the exception it raised: the caller decides what a failure
    costs (engine.add_aliases reports it and goes on, or raises it)."""
    try:
        return build_keys(name)
    except Exception as exc:
        return exc


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


def compact_keys(names: Sequence[str]) -> Compact:
    """What a worker computes for a task: all of build_keys, as plain tuples, each
    distinct token sent once (a table of names repeats its given names and legal forms)."""
    numbers: dict[TokenKeys, int] = {}
    folded_names: list[tuple[str, tuple[int, ...]] | str] = []
    for name in names:
        keys = safe_keys(name)
        if isinstance(keys, Exception):  # sent as text: an exception may not pickle
            folded_names.append(f"{type(keys).__name__}: {keys}")
            continue
        ids = tuple(numbers.setdefault(t, len(numbers)) for t in keys.tokens)
        folded_names.append((keys.folded, ids))
    tokens = [(t.text, t.phon, t.skel, t.role, t.abjad, t.loose, t.bare, t.gloss) for t in numbers]
    return tokens, folded_names


def keys_of_many(
    names: Sequence[str], workers: int | None = None, parallel_min: int | None = None
) -> Iterator[NameKeys | Exception]:
    """build_keys of each name, in order; on worker processes when there are many. A name
    whose keying raised yields the exception (KeyingFailed from a worker) in its place."""
    workers = default_workers() if workers is None else workers
    least = PARALLEL_MIN if parallel_min is None else parallel_min
    if workers < 2 or len(names) < least or not _can_fork():
        yield from map(safe_keys, names)
        return
    shared: dict[TokenFields, TokenKeys] = {}  # one object per distinct token, as the memo
    with get_context("fork").Pool(workers) as pool:
        tasks = (
            pool.apply_async(compact_keys, (names[start : start + CHUNK],))
            for start in range(0, len(names), CHUNK)
        )  # submitted lazily, as the window below asks for them
        pending: deque[AsyncResult[Compact]] = deque(islice(tasks, AHEAD * workers))
        while pending:
            fields, folded_names = pending.popleft().get()
            pending.extend(islice(tasks, 1))
            table = [shared.get(f) or shared.setdefault(f, TokenKeys(*f)) for f in fields]
            for entry in folded_names:
                if isinstance(entry, str):
                    yield KeyingFailed(entry)
                else:
                    yield NameKeys(entry[0], tuple([table[i] for i in entry[1]]))
