"""JSON Lines entity records: the curated table's format, and bulk import's and export's.

One entity per line::

    {"id": "E000005", "type": "person", "name": "Vladimir Putin",
     "aliases": [{"name": "Владимир Путин", "lang": "ru"}], "external_ids": {"wikidata": "Q7747"},
     "redirects": ["E000031"], "judgements": [{"name": "V. Pukin", "verdict": "not_same"}]}

``id`` may be left out (the import then matches on an external ID, or creates the entity);
``status: "deleted"`` carries a tombstone; ``redirects`` are IDs merged into this one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from typing import Any

from service.errors import InvalidInput
from service.model import ENTITY_TYPES, VERDICTS
from service.names import name_problem, stored_name_problem

SEED_RESOURCE = "seed.jsonl"


def _require(condition: bool, message: str, field: str) -> None:
    if not condition:
        raise InvalidInput(message, field=field)


def _is_name(value: Any) -> bool:
    return isinstance(value, str) and name_problem(value) is None


def _stored_name_message(value: Any, what: str) -> str | None:
    """Why ``value`` cannot be stored as ``what`` (an entity's name, an alias), or None:
    the API's rule, so a file cannot bring in what a request could not."""
    if not isinstance(value, str):
        return f"{what} must be a string"
    problem = stored_name_problem(value)
    return None if problem is None else f"{what} {problem}"


def check_record(record: Any) -> dict[str, Any]:
    """The record if it is well-formed; InvalidInput naming the field otherwise."""
    _require(isinstance(record, dict), "expected a JSON object", "(line)")
    if "id" in record:
        _require(
            isinstance(record["id"], str) and 0 < len(record["id"]) <= 32,
            "id must be a string of 1-32 characters",
            "id",
        )
    _require(
        record.get("type") in ENTITY_TYPES, f"type must be one of {', '.join(ENTITY_TYPES)}", "type"
    )
    problem = _stored_name_message(record.get("name"), "name")
    _require(problem is None, problem or "", "name")
    aliases = record.setdefault("aliases", [])
    _require(isinstance(aliases, list), "aliases must be a list", "aliases")
    for position, alias in enumerate(aliases):
        if isinstance(alias, str):
            aliases[position] = alias = {"name": alias, "lang": None}
        where = f"aliases.{position}"
        _require(isinstance(alias, dict), "an alias needs a name", where)
        problem = _stored_name_message(alias.get("name"), "an alias's name")
        _require(problem is None, problem or "", where)
        _require(
            alias.get("lang") is None or isinstance(alias["lang"], str),
            "lang must be a string",
            where,
        )
        alias.setdefault("lang", None)
    external = record.setdefault("external_ids", {})
    _require(
        isinstance(external, dict) and all(isinstance(v, str) and v for v in external.values()),
        "external_ids must map names to non-empty strings",
        "external_ids",
    )
    _require(
        record.get("status", "active") in ("active", "deleted"),
        "status is active or deleted",
        "status",
    )
    redirects = record.get("redirects", [])
    _require(
        isinstance(redirects, list) and all(isinstance(r, str) for r in redirects),
        "redirects must be IDs",
        "redirects",
    )
    verdicts = record.get("judgements", [])
    _require(
        isinstance(verdicts, list)
        and all(
            isinstance(j, dict) and _is_name(j.get("name")) and j.get("verdict") in VERDICTS
            for j in verdicts
        ),
        "judgements must be objects with a name and a verdict (same, not_same)",
        "judgements",
    )
    return record


def parse_lines(
    lines: Iterable[str],
) -> tuple[list[tuple[int, dict[str, Any]]], list[dict[str, Any]]]:
    """Every good record with its line number, and every bad line with the reason."""
    records: list[tuple[int, dict[str, Any]]] = []
    errors: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            records.append((number, check_record(json.loads(line))))
        except json.JSONDecodeError as exc:
            errors.append({"line": number, "field": None, "message": f"not JSON: {exc.msg}"})
        except InvalidInput as exc:
            errors.append({"line": number, "field": exc.field, "message": exc.detail})
        except (ValueError, RecursionError):  # a 4,300-digit number, or nested too deep
            errors.append({"line": number, "field": None, "message": "not JSON this can read"})
    return records, errors


def dump_line(record: Mapping[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": ")) + "\n"


def dump_lines(records: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    for record in records:
        yield dump_line(record)


def read_seed() -> list[dict[str, Any]]:
    """The curated table shipped inside the package (no access to ../shared at run time)."""
    text = resources.files("service.data").joinpath(SEED_RESOURCE).read_text(encoding="utf-8")
    records, errors = parse_lines(text.splitlines())
    if errors:
        raise InvalidInput(f"the shipped curated table is broken: {errors[0]}")
    return [record for _, record in records]
