"""Aggregated gauges under gunicorn: only live workers count, never the master.

The gauges are read by prometheus_client's MultiProcessCollector from one file per
process. The master imports the metrics too (preloading the app) and used to leave a
0 that won every minimum, so polyonym_applied_change_seq was 0 whatever the workers
had applied; a killed worker's file stayed behind as well. Processes need their own
PIDs, so the scenario runs in a fresh interpreter that forks two "workers".
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCENARIO = r"""
import json, os, sys
from types import SimpleNamespace

os.environ["PROMETHEUS_MULTIPROC_DIR"] = sys.argv[1]
from prometheus_client import CollectorRegistry, multiprocess

from service.server import child_exit
from service.web import metrics

metrics.forget_master_gauges()  # what the master does once the app is loaded


def scrape():
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return {s.name: s.value for m in registry.collect() for s in m.samples}


workers = []
for seq in (5, 9):
    ready_r, ready_w = os.pipe()
    stop_r, stop_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        metrics.APPLIED_SEQ.set(seq)
        metrics.LAG.set(20 - seq)
        os.write(ready_w, b"x")
        os.read(stop_r, 1)
        os._exit(0)
    os.read(ready_r, 1)
    workers.append((pid, stop_w))
both = scrape()
pid, stop = workers[0]
os.write(stop, b"x")
os.waitpid(pid, 0)
child_exit(None, SimpleNamespace(pid=pid))  # gunicorn calls it for every dead worker
after = scrape()
pid, stop = workers[1]
os.write(stop, b"x")
os.waitpid(pid, 0)
keys = ("polyonym_applied_change_seq", "polyonym_change_lag")
print(json.dumps({"both": [both.get(k) for k in keys], "after": [after.get(k) for k in keys]}))
"""


def test_gauges_aggregate_live_workers_only(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCENARIO, str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[1],
    )
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["both"] == [5, 15]  # the laggiest live worker, not the master's 0
    assert seen["after"] == [9, 11]  # the worker that died no longer counts


POST_FORK = r"""
import json, os, sys
from types import SimpleNamespace

os.environ["PROMETHEUS_MULTIPROC_DIR"] = sys.argv[1]
from prometheus_client import CollectorRegistry, multiprocess

from service.config import Settings
from service.server import post_fork
from service.web import create_app, metrics

settings = Settings(database_url=f"sqlite:///{sys.argv[2]}/store.db", follow_changes=False)
app = create_app(settings)  # the master builds the index...
metrics.forget_master_gauges()  # ...and drops its gauge files
ready_r, ready_w = os.pipe()
stop_r, stop_w = os.pipe()
pid = os.fork()
if pid == 0:
    post_fork(None, SimpleNamespace(app=SimpleNamespace(wsgi=lambda: app)))
    metrics.child(metrics.REQUESTS, "/healthz", "GET", "200").inc()  # a first request
    os.write(ready_w, b"x")
    os.read(stop_r, 1)
    os._exit(0)
os.read(ready_r, 1)
registry = CollectorRegistry()
multiprocess.MultiProcessCollector(registry)
seen = {s.name: s.value for m in registry.collect() for s in m.samples}
os.write(stop_w, b"x")
os.waitpid(pid, 0)
app.extensions["polyonym"].resolver.review.close()
print(json.dumps([seen.get("polyonym_applied_change_seq"),
                  app.extensions["polyonym"].resolver.applied_seq]))
"""


def test_a_worker_reports_its_position_before_its_first_follower_wake(tmp_path: Path) -> None:
    """A worker's first request writes all its metrics, gauges included; unset, they said
    0 until the follower woke. post_fork sets them to what the worker inherited."""
    (tmp_path / "metrics").mkdir()
    result = subprocess.run(
        [sys.executable, "-c", POST_FORK, str(tmp_path / "metrics"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[1],
    )
    exported, applied = json.loads(result.stdout.strip().splitlines()[-1])
    assert applied > 0 and exported == applied
