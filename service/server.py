"""Run the app factory under gunicorn, from the ``polyonym serve`` command."""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
from typing import Any

from gunicorn.app.base import BaseApplication

from service.config import Settings
from service.logs import configure_logging

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


class PolyonymServer(BaseApplication):  # type: ignore[misc]
    """gunicorn with the app built once in the master and shared by forked workers.

    Preloading means the index is built once and its pages are shared copy-on-write;
    each worker then opens its own database connections (post_fork) and follows the
    change log on its own.
    """

    def __init__(self, settings: Settings, options: dict[str, Any]) -> None:
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)
        self.cfg.set("post_fork", post_fork)
        self.cfg.set("child_exit", child_exit)
        self.cfg.set("worker_exit", worker_exit)

    def load(self) -> Any:
        from service.web import create_app
        from service.web.metrics import forget_master_gauges

        app = create_app(self.settings)
        forget_master_gauges()  # only workers report index position and lag
        configure_logging(self.settings.log_level)
        # Everything built so far (the index above all) is never freed: keep the garbage
        # collector from touching it, so forked workers share its pages copy-on-write.
        gc.collect()
        gc.freeze()
        return app


def post_fork(_server: Any, worker: Any) -> None:
    """Connections opened in the master must not be shared with the workers; each worker
    then starts following the change log on its own.

    Its gauges are set before it serves: the first metric a worker touches writes every
    metric's value into its file, so a worker whose first request came before its first
    follower wake-up exported an applied change of 0 (a lag spike on every start)."""
    from service.web.metrics import update_worker_gauges

    state = worker.app.wsgi().extensions["polyonym"]
    state.store.engine.dispose(close=False)
    update_worker_gauges(state.resolver)
    state.resolver.start()


def worker_exit(_server: Any, worker: Any) -> None:
    """A worker leaving gracefully (restart, deploy, max requests) first writes the
    unresolved asks of its last second to the review queue."""
    worker.app.wsgi().extensions["polyonym"].resolver.close()


def child_exit(_server: Any, worker: Any) -> None:
    """A dead worker's live gauges must not linger in the aggregated metrics."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def serve(settings: Settings, bind: str, workers: int, timeout: int = 30) -> None:
    """Serve until stopped; the workers share one fresh metrics directory."""
    metrics_dir = tempfile.mkdtemp(prefix="polyonym-metrics-")
    os.environ[MULTIPROC_ENV] = metrics_dir
    options = {
        "bind": bind,
        "workers": workers,
        "preload_app": True,
        "timeout": timeout,
        "accesslog": None,  # the app writes one JSON line per request instead
        "loglevel": settings.log_level.lower(),
    }
    master = os.getpid()
    try:
        PolyonymServer(settings, options).run()
    finally:
        if os.getpid() == master:  # workers leave through here too, via SystemExit
            shutil.rmtree(metrics_dir, ignore_errors=True)
