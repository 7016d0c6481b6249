"""Properties: which ones queries can use, which ones data extension returns, and the rows.

Data extension offers what the table holds: type, canonical name, aliases (with their
language), countries (ISO codes, or English names with the ``country_names`` setting) and
external IDs, all of one scheme or each scheme on its own.
"""

from __future__ import annotations

from typing import Any

from service import countries
from service.errors import InvalidInput
from service.model import Entity
from service.web.reconcile.match import COUNTRY, COUNTRY_PROPERTY, IGNORED_PROPERTIES
from service.web.state import current_state

EXTEND_PROPERTIES = {
    "type": ("Type", "person, organization, place, event or other"),
    "name": ("Canonical name", "The curated name of the entity"),
    "aliases": ("Aliases", "Every curated spelling, in any script"),
    "external_ids": ("External IDs", "Every identifier elsewhere, as scheme:value"),
    COUNTRY: ("Country", "The entity's countries, ISO 3166-1 alpha-2 (or names: settings)"),
}
COUNTRY_NAMES = "country_names"  # a property setting (the manifest's property_settings)
COUNTRY_SETTING = {
    "type": "checkbox",
    "default": False,
    "label": "Country names",
    "name": COUNTRY_NAMES,
    "help_text": "For the country property: English names (Syrian Arab Republic) instead "
    "of ISO codes (SY)",
}
Values = list[dict[str, str]]


def scheme_properties() -> dict[str, tuple[str, str]]:
    """One property per external-ID scheme in the table: "wikidata" -> "Wikidata ID"."""
    return {
        scheme: (f"{scheme.capitalize()} ID", f"The {scheme} identifier, matched exactly")
        for scheme in current_state().resolver.schemes()
    }


def extend_catalogue() -> dict[str, tuple[str, str]]:
    return {**EXTEND_PROPERTIES, **scheme_properties()}


def query_catalogue() -> dict[str, tuple[str, str]]:
    """What a reconciliation query's properties may name (suggest/property lists these)."""
    ignored = {pid: (pid.capitalize(), note) for pid, note in IGNORED_PROPERTIES.items()}
    return {**scheme_properties(), COUNTRY: COUNTRY_PROPERTY, **ignored}


def property_refs(catalogue: dict[str, tuple[str, str]]) -> list[dict[str, str]]:
    return [
        {"id": pid, "name": name, "description": description}
        for pid, (name, description) in catalogue.items()
    ]


def suggest_properties(prefix: str, offset: int, limit: int) -> list[dict[str, str]]:
    """Properties whose ID or name has a word starting with the prefix, both folded as
    the engine folds names."""
    fold = current_state().resolver.normalize
    folded = fold(prefix)
    refs = property_refs(query_catalogue())
    chosen = [
        ref
        for ref in refs
        if not folded
        or any(w.startswith(folded) for w in fold(f"{ref['id']} {ref['name']}").split())
    ]
    return chosen[offset : offset + limit]


def propose(entity_type: str | None, limit: int) -> dict[str, Any]:
    body: dict[str, Any] = {"properties": property_refs(extend_catalogue())[:limit], "limit": limit}
    if entity_type:
        body["type"] = entity_type
    return body


def wants_names(settings: Any) -> bool:
    """The country_names setting, sent as a JSON boolean or, by form clients, a string."""
    value = settings.get(COUNTRY_NAMES) if isinstance(settings, dict) else None
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def values_of(entity: Entity, pid: str, settings: Any = None) -> Values:
    if pid == COUNTRY:
        if wants_names(settings):
            return [{"str": countries.name_of(code)} for code in entity.countries]
        return [{"str": code} for code in entity.countries]
    if pid == "type":
        return [{"str": entity.entity_type}]
    if pid == "name":
        return [{"str": entity.name}]
    if pid == "aliases":
        return [
            {"str": a.name, "lang": a.lang} if a.lang else {"str": a.name}
            for a in entity.aliases
            if a.name != entity.name
        ]
    if pid == "external_ids":
        return [{"str": f"{k}:{v}"} for k, v in sorted(entity.external_ids.items())]
    value = entity.external_ids.get(pid)
    return [{"str": str(value)}] if value is not None else []


def extend_rows(
    ids: list[str], pids: list[str], settings: dict[str, Any] | None = None
) -> tuple[list[dict[str, str]], dict[str, Any]]:
    """(meta, {entity ID: {property: values}}); merged, deleted or unknown IDs get no values.
    ``settings``: each property's settings from the request, by property ID."""
    settings = settings or {}
    catalogue = extend_catalogue()
    unknown = [pid for pid in pids if pid not in catalogue]
    if unknown:
        raise InvalidInput(
            f"unknown property {unknown[0]!r}; see propose_properties", field="properties"
        )
    meta = [{"id": pid, "name": catalogue[pid][0]} for pid in pids]
    live = current_state().store.load_entities(sorted(set(ids)))
    rows: dict[str, Any] = {}
    for entity_id in ids:
        entity = live.get(entity_id)
        active = entity is not None and entity.status == "active"
        rows[entity_id] = {
            pid: values_of(entity, pid, settings.get(pid)) if active else []  # type: ignore[arg-type]
            for pid in pids
        }
    return meta, rows


def rows_02(rows: dict[str, Any]) -> dict[str, Any]:
    """0.2 has no lang on values: {id: {pid: [{"str": ...}]}}."""
    return {
        entity_id: {pid: [{"str": v["str"]} for v in values] for pid, values in cells.items()}
        for entity_id, cells in rows.items()
    }


def rows_10(rows: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"id": entity_id, "properties": [{"id": pid, "values": v} for pid, v in cells.items()]}
        for entity_id, cells in rows.items()
    ]
