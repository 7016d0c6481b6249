"""Request and response examples for openapi.yaml, recorded from a real in-process app on
the curated table (not written by hand, so they are answers the service gives).

``python -m service.web.examples`` records them again into examples.json (after a change
to a route's shape); service.web.contract puts each into its operation, and
tests/web/test_contract.py validates every one against its operation's schemas.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

EXAMPLES_FILE = Path(__file__).with_name("examples.json")


def load() -> dict[str, dict[str, Any]]:
    """{"POST /entities": {"request": ..., "query": ..., "response": ..., "status": 201}}"""
    examples: dict[str, dict[str, Any]] = json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))
    return examples


def trim(value: Any, n: int = 2) -> Any:
    """Lists cut to ``n`` items, so an example stays readable."""
    if isinstance(value, list):
        return [trim(item, n) for item in value[:n]]
    if isinstance(value, dict):
        return {key: trim(item, n) for key, item in value.items()}
    return value


def record() -> dict[str, dict[str, Any]]:
    """Run the README's walkthrough in process and keep each operation's request and answer."""
    from service.config import Settings
    from service.web import create_app

    directory = tempfile.mkdtemp()
    app = create_app(Settings(database_url=f"sqlite:///{directory}/x.db", follow_changes=False))
    store = app.extensions["polyonym"].store
    admin = store.create_key("ada", "admin")
    cur = store.create_key("alice", "curator")
    c = app.test_client()
    H = {"Authorization": f"Bearer {cur}"}
    A = {"Authorization": f"Bearer {admin}"}
    ex: dict[tuple[str, str], dict[str, Any]] = {}

    def rec(
        path: str,
        method: str,
        url: str,
        *,
        query: dict[str, Any] | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
        form: dict[str, str] | None = None,
        n: int = 2,
        data: str | None = None,
        ctype: str | None = None,
    ) -> Any:
        kw: dict[str, Any] = {}
        if body is not None:
            kw["json"] = body
        if form is not None:
            kw["data"] = form
        if data is not None:
            kw["data"], kw["content_type"] = data, ctype
        r = c.open(url, method=method.upper(), query_string=query, headers=headers or {}, **kw)
        assert r.status_code < 400, (url, r.status_code, r.get_data(as_text=True)[:300])
        e: dict[str, Any] = {}
        if query:
            e["query"] = query
        for sent in (body, form, data):
            if sent is not None:
                e["request"] = sent
        if r.mimetype == "application/json" and r.status_code != 204:
            e["response"] = trim(r.get_json(), n)
        e["status"] = r.status_code
        ex[(path, method)] = e
        return r

    rec("/resolve", "get", "/resolve", query={"name": "Владимир Путин"})
    rec(
        "/resolve",
        "post",
        "/resolve",
        body={"name": "Ahmed Ash-Sharara", "type": "person", "limit": 2},
    )
    rec(
        "/resolve/batch",
        "post",
        "/resolve/batch",
        body={"queries": [{"name": "Sergei Verkhinin"}, {"name": "Et-Tanf", "type": "place"}]},
    )
    rec("/entities", "get", "/entities", query={"q": "assad", "type": "person", "per_page": 1}, n=1)
    rec(
        "/entities",
        "post",
        "/entities",
        body={
            "name": "Maria Zakharova",
            "type": "person",
            "aliases": ["Мария Захарова", {"name": "Marija Sacharowa", "lang": "de"}],
        },
        headers=H,
    )
    rec("/entities/{entity_id}", "get", "/entities/E000030")
    rec(
        "/entities/{entity_id}",
        "patch",
        "/entities/E000030",
        body={"external_ids": {"wikidata": "Q4199178"}},
        headers={**H, "If-Match": '"1"'},
    )
    rec(
        "/entities/{entity_id}/aliases",
        "post",
        "/entities/E000030/aliases",
        body={"name": "Maria Sakharova", "lang": "en"},
        headers=H,
    )
    c.post("/entities", json={"name": "Marija Sakharova", "type": "person"}, headers=H)  # E000031
    rec(
        "/entities/{entity_id}/merge",
        "post",
        "/entities/E000030/merge",
        body={"from": ["E000031"]},
        headers={**H, "If-Match": '"3"'},
    )
    aid = next(
        a["id"]
        for a in c.get("/entities/E000030").get_json()["aliases"]
        if a["name"] == "Maria Sakharova"
    )
    rec(
        "/entities/{entity_id}/split",
        "post",
        "/entities/E000030/split",
        body={"aliases": [aid], "name": "Maria Sakharova", "type": "person"},
        headers={**H, "If-Match": '"4"'},
        n=1,
    )
    rec("/entities/{entity_id}/history", "get", "/entities/E000032/history", n=1)
    rec(
        "/judgements",
        "post",
        "/judgements",
        body={"name": "Maria Sacharowa", "entity_id": "E000030", "verdict": "not_same"},
        headers=H,
    )
    rec("/judgements", "get", "/judgements", query={"entity_id": "E000030"})
    rec("/changes", "get", "/changes", query={"since": 0, "limit": 1}, n=1)
    for name in ("Mariya Zakharovna", "Maher al-Assad", "Nobody Atall"):
        c.get("/resolve", query_string={"name": name})
    app.extensions["polyonym"].resolver.flush_review()
    rec("/review", "get", "/review", query={"order": "count", "per_page": 1}, headers=H, n=1)
    items = {i["name"]: i["id"] for i in c.get("/review", headers=H).get_json()["items"]}
    rec(
        "/review/{item_id}/accept",
        "post",
        f"/review/{items['Mariya Zakharovna']}/accept",
        body={"entity_id": "E000030"},
        headers=H,
    )
    rec(
        "/review/{item_id}/reject",
        "post",
        f"/review/{items['Maher al-Assad']}/reject",
        body={},
        headers=H,
    )
    rec("/review/{item_id}/dismiss", "post", f"/review/{items['Nobody Atall']}/dismiss", headers=H)
    line = (
        json.dumps(
            {
                "id": "E000030",
                "type": "person",
                "name": "Maria Zakharova",
                "aliases": [{"name": "Мария Захарова", "lang": "ru"}],
            },
            ensure_ascii=False,
        )
        + "\n"
    )
    rec(
        "/import",
        "post",
        "/import",
        query={"dry_run": "true"},
        data=line,
        ctype="application/x-ndjson",
        headers=A,
    )
    rec("/admin/keys", "post", "/admin/keys", body={"name": "grafana", "role": "reader"}, headers=A)
    rec("/admin/keys", "get", "/admin/keys", headers=A, n=1)
    rec("/auth/me", "get", "/auth/me", headers=H)
    rec("/healthz", "get", "/healthz")
    rec("/readyz", "get", "/readyz")
    rec(
        "/reconcile/match",
        "post",
        "/reconcile/match",
        body={
            "queries": [
                {"type": "place", "conditions": [{"matchType": "name", "propertyValue": "Et-Tanf"}]}
            ]
        },
        n=1,
    )
    rec(
        "/reconcile",
        "post",
        "/reconcile",
        form={"queries": json.dumps({"q0": {"query": "Ahmed Ash-Sharara", "type": "person"}})},
        n=1,
    )
    rec("/reconcile", "get", "/reconcile", query={"version": "1.0-draft"}, n=2)
    for kind, prefix in (("entity", "Влад"), ("type", "p"), ("property", "wiki")):
        rec(
            f"/reconcile/suggest/{kind}",
            "get",
            f"/reconcile/suggest/{kind}",
            query={"prefix": prefix},
            n=1,
        )
    rec(
        "/reconcile/extend",
        "post",
        "/reconcile/extend",
        body={"ids": ["E000005"], "properties": [{"id": "wikidata"}]},
        n=1,
    )
    rec(
        "/reconcile/extend",
        "get",
        "/reconcile/extend",
        query={"extend": json.dumps({"ids": ["E000005"], "properties": [{"id": "wikidata"}]})},
        n=1,
    )
    rec(
        "/reconcile/extend/propose",
        "get",
        "/reconcile/extend/propose",
        query={"type": "person", "limit": 2},
    )
    rec(
        "/reconcile/propose_properties",
        "get",
        "/reconcile/propose_properties",
        query={"type": "person", "limit": 2},
    )
    rec("/reconcile/preview", "get", "/reconcile/preview", query={"id": "E000005"})
    # its flusher thread must not outlive the recording
    app.extensions["polyonym"].resolver.close()
    store.dispose()
    shutil.rmtree(directory, ignore_errors=True)
    return {f"{m.upper()} {p}": e for (p, m), e in ex.items()}


if __name__ == "__main__":
    EXAMPLES_FILE.write_text(
        json.dumps(record(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
