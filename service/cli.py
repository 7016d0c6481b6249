"""The ``polyonym`` command: serve, init-db, keys, eval, openapi."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from service.bulk import dump_lines, parse_lines
from service.config import Settings
from service.errors import ImportRejected, PolyonymError
from service.live.bootstrap import open_store, prepare_store
from service.model import ROLES
from service.store import Store

# Every command that opens the store reads it from here; named in --help so a newcomer
# does not have to find service/config.py to point the CLI at PostgreSQL.
ENVIRONMENT = (
    "The store is POLYONYM_DATABASE_URL (default sqlite:///polyonym.db; PostgreSQL: "
    "postgresql+psycopg://user@host/db). Other settings: POLYONYM_* variables, see the README."
)


@click.group(epilog=ENVIRONMENT)
@click.version_option(package_name="polyonym", prog_name="polyonym")
def main() -> None:
    """polyonym: entity resolution for transliterated names."""


@main.command(epilog=ENVIRONMENT)
@click.option("--bind", default="127.0.0.1:8000", show_default=True, help="HOST:PORT to listen on")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
def serve(bind: str, workers: int) -> None:
    """Serve the API with gunicorn (migrates and seeds the store first)."""
    from service.server import serve as run_server

    settings = Settings.from_env()
    store = open_store(settings)
    loaded = prepare_store(store, settings)
    store.dispose()
    if loaded:
        click.echo(f"loaded the curated table: {loaded} entities", err=True)
    run_server(settings, bind, workers)


@main.command("init-db", epilog=ENVIRONMENT)
def init_db() -> None:
    """Create or migrate the database and load the curated table if it is empty."""
    settings = Settings.from_env()
    store = open_store(settings)
    loaded = prepare_store(store, settings)
    store.dispose()
    click.echo(f"database ready at {settings.database_url} ({loaded} entities loaded)", err=True)


@main.group(epilog=ENVIRONMENT)
def keys() -> None:
    """Manage API keys (only a hash of each key is stored)."""


@keys.command("create")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--name", required=True, help="Who holds the key; shown in the audit trail")
def keys_create(role: str, name: str) -> None:
    """Create a key and print it, alone, on stdout (it cannot be shown again)."""
    with _ready_store() as store:
        try:
            token = store.create_key(name, role)
        except PolyonymError as exc:
            raise click.ClickException(exc.detail) from None
    click.echo(token)


@keys.command("list")
def keys_list() -> None:
    """List keys: name, role, created, revoked."""
    with _ready_store() as store:
        listed = store.list_keys()
    click.echo("name\trole\tcreated\trevoked")
    for key in listed:
        revoked = key.revoked_at.isoformat() if key.revoked_at else "-"
        click.echo(f"{key.name}\t{key.role}\t{key.created_at.isoformat()}\t{revoked}")


@keys.command("revoke")
@click.argument("name")
def keys_revoke(name: str) -> None:
    """Revoke a key by name; it stops working on every worker at once."""
    with _ready_store() as store:
        revoked = store.revoke_key(name)
    if not revoked:
        raise click.ClickException(f"no live key named {name!r}")
    click.echo(f"revoked {name}", err=True)


@main.command("snapshot")
def snapshot_index() -> None:
    """Build the index (from the last snapshot plus changes, or from the store) and save it
    to POLYONYM_SNAPSHOT_DIR, so new instances start from it in seconds."""
    from service.live import Resolver

    settings = Settings.from_env()
    if not settings.snapshot_dir:
        raise click.ClickException("set POLYONYM_SNAPSHOT_DIR to where snapshots are kept")
    with _ready_store() as store:
        resolver = Resolver(store, record_unresolved=False)
        resolver.load(settings.snapshot_dir)
        path = resolver.save_snapshot(settings.snapshot_dir)
    click.echo(f"saved the index at change {resolver.applied_seq} to {path}", err=True)


@main.command("import", epilog=ENVIRONMENT)
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing")
@click.option("--actor", default="cli-import", show_default=True, help="Name in the audit trail")
def import_file(path: str, dry_run: bool, actor: str) -> None:
    """Upsert entities from a JSON Lines file; any bad line rejects the whole file."""
    size = Path(path).stat().st_size
    with (
        open(path, encoding="utf-8") as stream,
        click.progressbar(length=size, label="reading  ", file=sys.stderr) as bar,
    ):
        records, errors = parse_lines(_advancing(stream, bar))
    if errors:
        _print_line_errors(errors)
        raise SystemExit(1)
    settings = Settings.from_env()
    store = open_store(settings)
    try:
        store.migrate()
        with click.progressbar(length=len(records), label="importing", file=sys.stderr) as bar:
            report = store.import_records(records, actor, dry_run=dry_run, progress=bar.update)
    except ImportRejected as exc:
        _print_line_errors(exc.line_errors)
        raise SystemExit(1) from None
    finally:
        store.dispose()
    verb = "would change" if dry_run else "imported"
    click.echo(
        f"{verb}: {report.created} created, {report.updated} updated, {report.unchanged} unchanged"
    )


@main.command("export", epilog=ENVIRONMENT)
@click.argument("path", type=click.Path(dir_okay=False), default="-")
def export_file(path: str) -> None:
    """Write the table (entities, aliases, redirects, judgements) as JSON Lines."""
    with _ready_store() as store, click.open_file(path, "w", encoding="utf-8") as out:
        for line in dump_lines(store.export_records()):
            out.write(line)


def _advancing(lines: Iterable[str], bar: Any) -> Iterator[str]:
    """Move the progress bar by the bytes of each line read."""
    for line in lines:
        bar.update(len(line.encode("utf-8")))
        yield line


def _print_line_errors(errors: list[dict[str, object]]) -> None:
    for error in errors:
        field = f" [{error['field']}]" if error.get("field") else ""
        click.echo(f"line {error['line']}{field}: {error['message']}", err=True)
    click.echo(f"{len(errors)} bad line(s); nothing was imported", err=True)


@main.command("eval")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--folds", default=5, show_default=True, type=click.IntRange(2, 50))
@click.option("--holdout", default=0.2, show_default=True, type=click.FloatRange(0.0, 0.9))
@click.option("--alias-frac", default=0.5, show_default=True, type=click.FloatRange(0.0, 1.0))
@click.option("--fit", default="fixed", show_default=True, type=click.Choice(["fixed", "grid"]))
@click.option("--details", is_flag=True, help="Tables by type and origin, worst misses.")
@click.option("--context", is_flag=True, help="Each query carries its entity's countries.")
@click.option(
    "--draws", default=1, show_default=True, type=click.IntRange(1, 20),
    help="Draws of which entities are absent; each is cross-validated, then a table of them.",
)  # fmt: skip
def evaluate(
    paths: tuple[str, ...],
    folds: int,
    holdout: float,
    alias_frac: float,
    fit: str,
    details: bool,
    context: bool,
    draws: int,
) -> None:
    """Cross-validated figures of the engine and a rapidfuzz baseline on labelled files:
    one row per held-out fold, their spread, and a reliability table (service.evaluate)."""
    from service.evaluate import run_evals

    run_evals(
        paths, out=sys.stdout, folds=folds, holdout=holdout, alias_frac=alias_frac, fit=fit,
        details=details, context=context, draws=draws,
    )  # fmt: skip


@main.command("openapi")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default="-")
def openapi(output: str) -> None:
    """Write the OpenAPI document generated from the schemas (openapi.yaml)."""
    text = render_openapi()
    if output == "-":
        click.echo(text, nl=False)
    else:
        Path(output).write_text(text, encoding="utf-8")


def render_openapi() -> str:
    """The spec of an app on a throwaway in-memory store (no seed, no I/O on disk)."""
    from service.web import create_app
    from service.web.docs import spec_yaml

    app = create_app(Settings(database_url="sqlite://", load_seed=False))
    try:
        with app.app_context():
            return spec_yaml()
    finally:
        app.extensions["polyonym"].store.dispose()


@contextmanager
def _ready_store() -> Iterator[Store]:
    settings = Settings.from_env()
    store = open_store(settings)
    try:
        store.migrate()
        yield store
    finally:
        store.dispose()
