"""Prometheus metrics and structured request logs."""

from __future__ import annotations

import io
import json
import logging

import pytest
from flask.testing import FlaskClient

from service.logs import JsonFormatter
from tests.helpers import metric_value


def test_metrics_count_requests_and_outcomes(client: FlaskClient) -> None:
    before = client.get("/metrics").get_data(as_text=True)
    client.post("/resolve", json={"name": "Vladimir Putin"})
    client.post("/resolve", json={"name": "Zzyzx Qwerty"})
    client.get("/nowhere")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    for status in ("matched", "no_match"):
        grown = metric_value(text, "polyonym_resolve_outcomes_total", status=status)
        assert grown - metric_value(before, "polyonym_resolve_outcomes_total", status=status) == 1
    labels = {"route": "/resolve", "status": "200"}
    grown = metric_value(text, "polyonym_http_requests_total", **labels)
    assert grown - metric_value(before, "polyonym_http_requests_total", **labels) == 2
    assert (
        metric_value(text, "polyonym_http_requests_total", route="(unmatched)", status="404") >= 1
    )
    assert metric_value(text, "polyonym_http_request_duration_seconds_count", route="/resolve") >= 2
    assert metric_value(text, "polyonym_index_aliases") > 100
    assert metric_value(text, "polyonym_change_lag") == 0
    assert "polyonym_review_queue_open" in text


def test_access_line_has_exactly_the_documented_fields(client: FlaskClient) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    access = logging.getLogger("polyonym.access")
    access.addHandler(handler)
    try:
        client.post("/resolve", json={"name": "Vladimir Putin"}, headers={"X-Request-ID": "r-7"})
    finally:
        access.removeHandler(handler)
    line = json.loads(stream.getvalue().splitlines()[-1])
    assert set(line) == {
        *("time", "level", "logger", "message", "request_id", "method", "path", "status"),
        *("duration_ms", "actor"),
    }
    assert line["message"] == "POST /resolve 200" and line["level"] == "info"
    assert (line["request_id"], line["path"], line["status"], line["actor"]) == (
        "r-7",
        "/resolve",
        200,
        None,
    )


def test_a_batch_counts_every_outcome(client: FlaskClient) -> None:
    before = client.get("/metrics").get_data(as_text=True)
    names = ["Vladimir Putin", "Zzyzx Qwerty", "Bashar al-Assad", "Qqqq Wwww Zzzz"]
    response = client.post("/resolve/batch", json={"queries": [{"name": n} for n in names]})
    assert response.status_code == 200
    statuses = [r["status"] for r in response.get_json()["results"]]
    text = client.get("/metrics").get_data(as_text=True)
    for status in ("matched", "ambiguous", "no_match"):
        grown = metric_value(text, "polyonym_resolve_outcomes_total", status=status)
        was = metric_value(before, "polyonym_resolve_outcomes_total", status=status)
        assert grown - was == statuses.count(status)


def test_request_log_is_json_with_the_request_id(
    client: FlaskClient, caplog: pytest.LogCaptureFixture, curator_key: str
) -> None:
    with caplog.at_level(logging.INFO, logger="polyonym.access"):
        client.post(
            "/entities",
            json={"name": "Log Test", "type": "person"},
            headers={"Authorization": f"Bearer {curator_key}", "X-Request-ID": "req-42"},
        )
    records = [r for r in caplog.records if r.name == "polyonym.access"]
    assert records, "no access log line"
    line = json.loads(JsonFormatter().format(records[-1]))
    assert line["request_id"] == "req-42"
    assert line["status"] == 201 and line["path"] == "/entities" and line["actor"] == "carol"
    assert curator_key not in caplog.text
