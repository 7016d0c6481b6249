"""The live index: each process's matching engine and autocomplete, kept in step with the
store's change log.

The web layer and the server use ``Resolver`` (resolver.py) and nothing behind it:
``fresh()`` before a read (the one freshness policy), ``resolve``/``resolve_many``/
``peek``, ``suggest`` for autocomplete and external IDs, ``status()`` for /readyz and
/metrics, ``close()`` at a process's end. A Resolver is a ``LiveIndex`` (index.py: the
engine and the suggest index fed together, following the change log, saved and loaded
as a snapshot) with the ``Follower`` (a thread per process on ``Store.listen_changes``),
the machine's change signal and the review buffer. ``bootstrap`` opens a store and
starts a resolver on it.
"""

from service.live.resolver import LiveStatus, Outcome, Resolver

__all__ = ["LiveStatus", "Outcome", "Resolver"]
