"""Prometheus metrics at /metrics, aggregated over every gunicorn worker.

Under ``polyonym serve`` the workers share ``PROMETHEUS_MULTIPROC_DIR`` (set by the
server before forking), so one scrape sees the whole instance whichever worker answers.
Gauges say how they combine over the live workers only ("live*" modes): the laggiest
worker's sequence, the largest index. A worker that dies takes its gauges with it (the
server's child_exit hook), and the master, which serves nothing, exports none
(``forget_master_gauges``): its import-time zeros would otherwise win every minimum.
"""

from __future__ import annotations

import os
import time
from typing import Any

from flask import Blueprint, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from service.live import Resolver
from service.skipped import SkippedChange
from service.web.auth import requires
from service.web.state import current_state

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
blp = Blueprint("metrics", __name__)

REQUESTS = Counter(
    "polyonym_http_requests_total",
    "HTTP requests by route, method and status",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "polyonym_http_request_duration_seconds",
    "Time to answer, by route and method",
    ["route", "method"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)
OUTCOMES = Counter("polyonym_resolve_outcomes_total", "Resolve answers by status", ["status"])
APPLY_FAILURES = Counter(
    "polyonym_change_apply_failures_total",
    "Changes the index could not apply and skipped (at start-up: stored entities), "
    "counted by each process that skipped one",
)
INDEX_SIZE = Gauge(
    "polyonym_index_aliases", "Aliases in the in-memory index", multiprocess_mode="livemax"
)
APPLIED_SEQ = Gauge(
    "polyonym_applied_change_seq",
    "Last change applied to the index (laggiest worker)",
    multiprocess_mode="livemin",
)
LAG = Gauge(
    "polyonym_change_lag",
    "Changes committed but not yet applied (worst worker)",
    multiprocess_mode="livemax",
)
SKIPPED = Gauge(
    "polyonym_index_skipped_entities",
    "Entities left out of the index because their change could not be applied (worst worker)",
    multiprocess_mode="livemax",
)
REVIEW_OPEN = Gauge(
    "polyonym_review_queue_open", "Open entries in the review queue", multiprocess_mode="livemax"
)


# Labelled children by (metric, label values). ``labels()`` takes a lock and rebuilds the
# label tuple on every call (~5 us each here, three per /resolve); the children it returns
# are the same objects every time and stay valid across fork (each value re-opens its
# process's file when it sees a new pid), so each is looked up once per process.
_children: dict[tuple[Any, ...], Any] = {}


def child(metric: Any, *labels: str) -> Any:
    key = (metric, *labels)
    found = _children.get(key)
    if found is None:
        found = _children[key] = metric.labels(*labels)
    return found


def count_skipped(_entry: SkippedChange) -> None:
    """Resolver.on_skip hook: one more change this process could not apply."""
    APPLY_FAILURES.inc()


def forget_master_gauges() -> None:
    """Remove this process's live-gauge files: called by the gunicorn master once the app
    is loaded, since the master answers no scrape and follows no change log."""
    path = os.environ.get(MULTIPROC_ENV)
    if path:
        multiprocess.mark_process_dead(os.getpid(), path)


def count_outcome(status: str, times: int = 1) -> None:
    """A batch counts each status once, with its total, instead of once per name."""
    child(OUTCOMES, status).inc(times)


def start_timer() -> None:
    g.started = time.perf_counter()


def observe(response: Response) -> Response:
    req = request._get_current_object()  # type: ignore[attr-defined]  # one proxy lookup
    route = req.url_rule.rule if req.url_rule is not None else "(unmatched)"
    elapsed = time.perf_counter() - g.get("started", time.perf_counter())
    child(REQUESTS, route, req.method, str(response.status_code)).inc()
    child(LATENCY, route, req.method).observe(elapsed)
    return response


def update_worker_gauges(resolver: Resolver) -> None:
    """This worker's index size, position and lag; each worker's follower calls it on every
    wake-up, so the aggregated gauges cover idle workers too."""
    status = resolver.status()
    INDEX_SIZE.set(status.aliases)
    APPLIED_SEQ.set(status.applied_seq)
    SKIPPED.set(len(status.skipped))
    if status.store_seq is not None:  # the store's head unread: no lag to report, not 0
        LAG.set(status.lag)


def refresh_gauges() -> None:
    """Values read at scrape time by the answering worker."""
    state = current_state()
    update_worker_gauges(state.resolver)
    REVIEW_OPEN.set(state.store.review_open_count())


@blp.get("/metrics")
@requires("read")
def metrics() -> Response:
    refresh_gauges()
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        body = generate_latest(registry)
    else:
        body = generate_latest()
    return Response(body, mimetype=CONTENT_TYPE_LATEST)
