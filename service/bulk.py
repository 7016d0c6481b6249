"""JSON Lines entity records: the curated table's format and bulk import's.

One entity per line: ``{"id", "type", "name", "aliases": [{"name", "lang"}], "external_ids"}``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import IO, Any

from service.errors import InvalidInput
from service.model import ENTITY_TYPES

SEED_RESOURCE = "seed.jsonl"


def parse_record(line: str, line_number: int) -> dict[str, Any]:
    """One validated record; errors name the line so a curator can fix the file."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"line {line_number}: not JSON ({exc.msg})") from None
    if not isinstance(record, dict):
        raise InvalidInput(f"line {line_number}: expected an object")
    for key in ("id", "type", "name"):
        if not isinstance(record.get(key), str) or not record[key].strip():
            raise InvalidInput(f"line {line_number}: {key!r} must be a non-empty string", field=key)
    if record["type"] not in ENTITY_TYPES:
        raise InvalidInput(f"line {line_number}: unknown type {record['type']!r}", field="type")
    aliases = record.get("aliases", [])
    if not isinstance(aliases, list) or not all(
        isinstance(a, dict) and isinstance(a.get("name"), str) for a in aliases
    ):
        raise InvalidInput(
            f"line {line_number}: aliases must be objects with a name", field="aliases"
        )
    if not isinstance(record.get("external_ids", {}), dict):
        raise InvalidInput(
            f"line {line_number}: external_ids must be an object", field="external_ids"
        )
    return record


def read_records(stream: IO[str]) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(stream, start=1):
        if line.strip():
            yield parse_record(line, number)


def read_file(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as stream:
        return list(read_records(stream))


def read_seed() -> list[dict[str, Any]]:
    """The curated table shipped inside the package (no access to ../shared at run time)."""
    with resources.files("service.data").joinpath(SEED_RESOURCE).open(encoding="utf-8") as stream:
        return list(read_records(stream))
