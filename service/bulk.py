"""JSON Lines entity records: the curated table's format, and bulk import's and export's.

One entity per line::

    {"id": "E000005", "type": "person", "name": "Vladimir Putin",
     "aliases": [{"name": "Владимир Путин", "lang": "ru"}], "external_ids": {"wikidata": "Q7747"},
     "countries": ["RU"],
     "redirects": ["E000031"], "judgements": [{"name": "V. Pukin", "verdict": "not_same"}]}

``id`` may be left out (the import then matches on an external ID, or creates the entity);
``countries`` are ISO 3166-1 alpha-2 codes (none when left out: a line is the whole
entity); ``status: "deleted"`` carries a tombstone; ``redirects`` are IDs merged into this one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from typing import Any

from service import countries
from service.errors import InvalidInput
from service.matching.names import name_problem, stored_name_problem
from service.model import ENTITY_TYPES, VERDICTS
from service.nul import nul_paths

SEED_RESOURCE = "seed.jsonl"
# The IDs the store issues (service.store.ids.format_entity_id): "E" and at least six
# ASCII digits. Only these import, so an imported ID is one the API can fetch, with no
# space, sign or other script's digit to make a look-alike ("E000005 ", "E٠٠٠٠٠٥"). More
# zero-padding is allowed: generated tables (benchmarks/names.py) pad to seven.
ENTITY_ID = re.compile(r"E[0-9]{6,31}", re.ASCII)  # the id columns hold 32 characters
# The ID counter is an INTEGER column (32-bit on PostgreSQL) and moves past every imported
# number: the bound leaves over a billion IDs to issue after the highest one.
MAX_ENTITY_NUMBER = 999_999_999
MAX_LANG_LENGTH = 35  # the aliases.lang column, as the API's BCP 47 field


def entity_id_problem(value: Any) -> str | None:
    """Why ``value`` cannot be an entity ID in a file, or None."""
    if not isinstance(value, str) or not ENTITY_ID.fullmatch(value):
        return "an ID is E and 6-31 ASCII digits, as the service issues them (E000042)"
    digits = value[1:].lstrip("0")
    if len(digits) > len(str(MAX_ENTITY_NUMBER)) or int(digits or 0) > MAX_ENTITY_NUMBER:
        return f"an ID's number is at most {MAX_ENTITY_NUMBER:,}"
    if not digits:
        return "E000000 is never issued; numbers start at 1"
    return None


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
    where_nul = next(nul_paths(record, root="(line)"), None)
    _require(where_nul is None, "must not contain NUL (U+0000)", where_nul or "(line)")
    if "id" in record:
        problem = entity_id_problem(record["id"])
        _require(problem is None, f"{problem}, not {str(record['id'])[:40]!r}", "id")
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
        lang = alias.get("lang")
        _require(
            lang is None or (isinstance(lang, str) and 0 < len(lang) <= MAX_LANG_LENGTH),
            f"lang must be a string of 1-{MAX_LANG_LENGTH} characters",
            where,
        )
        alias.setdefault("lang", None)
    codes = record.setdefault("countries", [])
    problem = countries.problem(codes)
    _require(problem is None, f"countries {problem}", "countries")
    record["countries"] = countries.normalized(codes)
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
        isinstance(redirects, list) and all(entity_id_problem(r) is None for r in redirects),
        "redirects must be IDs as the service issues them (E000042)",
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
