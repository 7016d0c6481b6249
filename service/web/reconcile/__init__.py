"""W3C Reconciliation Service API under /reconcile (OpenRefine): 0.2 and 1.0-draft.

views      the routes (one view per operation, on both versions' URLs where they differ)
batches    a batch of either version -> answers (size and cost limits, per-query errors)
match      a query -> the engine behind /resolve, plus exact and external IDs -> candidates
extend     data extension: properties of entities, and which properties there are
manifest   the service manifest of each version
card       what a candidate, a type and a preview card show
schemas    the request and response schemas (the W3C shapes)
"""

from service.web.reconcile.views import blp

__all__ = ["blp"]
