"""The rooms keep their walls: the engine loads neither Flask nor SQLAlchemy, only the
store talks to the database, modules stay short, migrations stay frozen."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path


def test_matching_imports_no_framework() -> None:
    code = (
        "import sys, service.matching;"
        "bad = [m for m in ('flask', 'sqlalchemy', 'marshmallow', 'werkzeug') if m in sys.modules];"
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_store_imports_no_flask() -> None:
    code = "import sys, service.store, service.live.resolver; print('flask' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# -- the rooms' walls (README, "Layout"): checked on the source, so a new module is held too
ROOT = Path(__file__).resolve().parents[1]
SERVICE = ROOT / "service"
MAX_MODULE_LINES = 300
MAX_STORE_CORE_LINES = 200


def modules(under: Path = SERVICE) -> list[Path]:
    return sorted(under.rglob("*.py"))


def imported(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names imported from it) for every import statement of a file; ``import x``
    gives (x, [])."""
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_no_service_module_is_over_300_lines() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_the_store_core_stays_small() -> None:
    """Connections, transactions and hooks; each topic's queries are in its own module."""
    core = SERVICE / "store" / "__init__.py"
    assert len(core.read_text(encoding="utf-8").splitlines()) <= MAX_STORE_CORE_LINES


def test_only_the_store_talks_to_the_database() -> None:
    """psycopg and SQLAlchemy (engines, connections, sessions) only in service/store/;
    migrations may use SQLAlchemy's schema objects (Alembic's ``op`` needs them), never
    psycopg."""
    store, migrations = SERVICE / "store", SERVICE / "migrations"
    offenders = []
    for path in modules():
        if path.is_relative_to(store):
            continue
        for module, _ in imported(path):
            forbidden = within(module, "psycopg") or within(module, "psycopg2")
            if not path.is_relative_to(migrations):
                forbidden = forbidden or within(module, "sqlalchemy")
            if forbidden:
                offenders.append(f"{path.relative_to(ROOT)}: {module}")
    assert offenders == []


def test_the_web_layer_uses_only_what_the_engine_exports() -> None:
    import service.matching

    exported = set(service.matching.__all__)
    offenders = []
    for path in modules(SERVICE / "web"):
        for module, names in imported(path):
            if module == "service.matching" and set(names) <= exported:
                continue
            if within(module, "service.matching"):
                offenders.append(f"{path.relative_to(ROOT)}: {module} {names}")
    assert offenders == []


def test_migrations_are_frozen_in_time() -> None:
    """A migration computes with its own copy of whatever it needs: importing the engine
    would make an old revision's result depend on today's code."""
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in modules(SERVICE / "migrations")
        for module, _ in imported(path)
        if within(module, "service.matching")
    ]
    assert offenders == []


# What only service/live/ may touch behind a Resolver: its indexes, threads and buffers.
LIVE_INSIDES = {"engine", "suggest", "review", "follower", "signal", "not_same", "store"}


def test_nothing_reaches_past_the_resolver() -> None:
    """The web layer and the server call the Resolver's methods (fresh, resolve,
    autocomplete, status, close ...), never the engine, suggest index, follower or review
    buffer behind it: one place decides freshness and locking."""
    offenders = []
    callers = [*modules(SERVICE / "web"), SERVICE / "server.py", SERVICE / "cli.py"]
    for path in callers:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Attribute) or node.attr not in LIVE_INSIDES:
                continue
            owner = ast.unparse(node.value)
            if owner == "resolver" or owner.endswith((".resolver", ".fresh()", "resolver()")):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {owner}.{node.attr}")
    assert offenders == []
