"""The polyonym command: init-db and key management."""

from __future__ import annotations

from click.testing import CliRunner

from service.cli import main
from service.store import Store


def test_init_db_is_idempotent(db_runner: CliRunner, db_store: Store) -> None:
    before = db_store.last_seq()
    result = db_runner.invoke(main, ["init-db"])
    assert result.exit_code == 0, result.output
    assert db_store.last_seq() == before


def test_keys_create_prints_only_the_key(db_runner: CliRunner, db_store: Store) -> None:
    result = db_runner.invoke(main, ["keys", "create", "--role", "curator", "--name", "dana"])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert "\n" not in token and token.startswith("pk_")
    key = db_store.authenticate(token)
    assert key is not None and (key.name, key.role) == ("dana", "curator")


def test_keys_are_stored_hashed(db_runner: CliRunner, db_store: Store) -> None:
    token = db_runner.invoke(
        main, ["keys", "create", "--role", "admin", "--name", "eve"]
    ).stdout.strip()
    import sqlalchemy as sa

    with db_store.engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT key_hash FROM api_keys")).scalars().all()
    assert token not in stored and len(stored[0]) == 64


def test_keys_list_and_revoke(db_runner: CliRunner, db_store: Store) -> None:
    token = db_runner.invoke(
        main, ["keys", "create", "--role", "curator", "--name", "finn"]
    ).stdout.strip()
    listed = db_runner.invoke(main, ["keys", "list"])
    assert "finn\tcurator" in listed.output
    assert token not in listed.output
    assert db_runner.invoke(main, ["keys", "revoke", "finn"]).exit_code == 0
    assert db_store.authenticate(token) is None
    assert db_runner.invoke(main, ["keys", "revoke", "finn"]).exit_code != 0


def test_keys_create_rejects_duplicates_and_bad_roles(db_runner: CliRunner) -> None:
    assert (
        db_runner.invoke(main, ["keys", "create", "--role", "curator", "--name", "gil"]).exit_code
        == 0
    )
    assert (
        db_runner.invoke(main, ["keys", "create", "--role", "curator", "--name", "gil"]).exit_code
        == 1
    )
    assert (
        db_runner.invoke(main, ["keys", "create", "--role", "root", "--name", "x"]).exit_code == 2
    )


def test_version_header_and_environment_in_help(db_runner: CliRunner) -> None:
    """#20: --version answers, keys list has a header, help names POLYONYM_DATABASE_URL."""
    from importlib.metadata import version

    shown = db_runner.invoke(main, ["--version"])
    assert shown.exit_code == 0 and version("polyonym") in shown.output
    db_runner.invoke(main, ["keys", "create", "--role", "reader", "--name", "scraper"])
    lines = db_runner.invoke(main, ["keys", "list"]).output.splitlines()
    assert lines[0] == "name\trole\tcreated\trevoked"
    assert lines[1].startswith("scraper\treader\t")
    for command in ([], ["serve"], ["init-db"], ["keys"], ["import"], ["export"]):
        helped = db_runner.invoke(main, [*command, "--help"])
        assert "POLYONYM_DATABASE_URL" in helped.output, command
