"""The live index: each process's matching engine and autocomplete, kept in step with the
store's change log.

The web layer and the server use ``Resolver`` and nothing behind it: ``fresh()`` before a
read (the one freshness policy), ``resolve``/``resolve_many``/``peek``, ``suggest`` for
autocomplete and external IDs, ``status()`` for /readyz and /metrics, ``close()`` at a
process's end. Behind it: ``LiveIndex`` (engine and suggest index fed together),
``Follower`` (a thread per process on ``Store.listen_changes``), the change signal, the
snapshot and the review buffer. ``bootstrap`` opens a store and starts a resolver on it.
"""

from service.live.resolver import LiveStatus, Outcome, Resolver

__all__ = ["LiveStatus", "Outcome", "Resolver"]
