"""Reconciliation queries (0.2 and 1.0-draft) -> the engine behind /resolve -> candidates.

``match`` is /resolve's decision: true only on the top candidate of a ``matched`` name.
An exact external ID (``wikidata``: "Q7747") puts its live entity first with score 100;
with no name at all, a single such hit is the match. ``country`` (ISO 3166-1 alpha-2
codes) is the query's country context, as on /resolve: a candidate in another country is
never the match and is marked with the feature ``country_conflict``. ``context`` is
accepted and ignored: the table holds no context text to compare.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from service import countries
from service.matching import Candidate, Status
from service.model import ENTITY_TYPES, Entity
from service.web.problems import flatten_messages
from service.web.reconcile.card import describe, type_ref
from service.web.reconcile.schemas import QUERY_ERRORS
from service.web.schemas import MAX_LIMIT
from service.web.state import current_state

SCORE_SCALE = 100  # the engine scores in [0, 1]; reconciliation clients expect 0..100
# Wikidata's identifier properties, for clients that name external IDs the Wikidata way.
WIKIDATA_ID_PROPERTIES = {"p214": "viaf", "p227": "gnd", "p213": "isni", "p1566": "geonames"}
ID_PROPERTY_ALIASES = {"qid": "wikidata", "wd": "wikidata", "wikidata_id": "wikidata"}
COUNTRY = "country"
COUNTRY_PROPERTY = (
    "Country",
    "ISO 3166-1 alpha-2 code(s) (SY, LB); a candidate known to be elsewhere is never the "
    "match, so of two namesakes the one in this country is",
)
IGNORED_PROPERTIES = {
    "context": "accepted and ignored: the table holds no context text to compare",
}
FEATURE_NAMES = {
    "name_score": "Name similarity (0-1), as /resolve scores it",
    "token_alignment": "Token alignment across transliterations",
    "folded_ratio": "Similarity of the normalised names",
    "joined_ratio": "Similarity with word breaks ignored",
    "external_id": "An external ID in the query equals the entity's",
    "not_same": "A curator judged this name not to be this entity",
    "country_conflict": "The entity's countries share none with the query's country",
    "disagreement": "Weight of the words without a partner on either side (the more, the "
    "likelier another entity); /resolve's explain lists them",
    "held_back": "A disagreeing word rules out a confident match (why: /resolve explain)",
}


@dataclass
class MatchQuery:
    """A query of either version, reduced to what the engine and the ID map can use."""

    name: str | None
    entity_types: list[str]
    limit: int
    external_ids: list[tuple[str, str]] = field(default_factory=list)
    entity_ids: list[str] = field(default_factory=list)
    country_values: list[str] = field(default_factory=list)  # as sent; checked in check_query

    @property
    def countries(self) -> frozenset[str]:
        return frozenset(countries.normalized(self.country_values))


def id_scheme(pid: str) -> str | None:
    """ "wikidata", "qid", "P214" or "ext:viaf" -> the table's scheme; None when not an ID."""
    key = pid.strip().casefold().removeprefix("ext:")
    if key in IGNORED_PROPERTIES or key == COUNTRY:
        return None
    key = ID_PROPERTY_ALIASES.get(key, WIKIDATA_ID_PROPERTIES.get(key, key))
    return key if key in current_state().resolver.schemes() else None


def plain_values(value: Any) -> list[str]:
    """A value, an {id, name} object or a list of them -> strings."""
    values = value if isinstance(value, list) else [value]
    out = []
    for item in values:
        if isinstance(item, dict):
            item = item.get("id")
        if isinstance(item, str | int | float) and not isinstance(item, bool) and str(item):
            out.append(str(item))
    return out


def from_02(query: dict[str, Any]) -> MatchQuery:
    match = MatchQuery(query.get("query") or None, list(query.get("type") or []), query["limit"])
    for prop in query["properties"]:
        if is_country(prop["pid"]):
            match.country_values.extend(country_values(prop["v"]))
        elif scheme := id_scheme(prop["pid"]):
            match.external_ids.extend((scheme, v) for v in plain_values(prop["v"]))
    return match


def is_country(pid: str) -> bool:
    return pid.strip().casefold().removeprefix("ext:") == COUNTRY


def country_values(value: Any) -> list[str]:
    """A country property's value(s): "SY", "SY,LB", ["SY"], {"id": "SY"}."""
    return [part.strip() for v in plain_values(value) for part in v.split(",")]


def from_10(query: dict[str, Any]) -> MatchQuery:
    types = [query["type"]] if query.get("type") else []
    match = MatchQuery(None, types, query["limit"])
    for condition in query["conditions"]:
        values = plain_values(condition["propertyValue"])
        if condition["matchType"] == "name" and values:
            match.name = match.name or values[0]
        elif condition["matchType"] == "id":
            match.entity_ids.extend(values)
        elif is_country(condition.get("propertyId") or ""):
            match.country_values.extend(country_values(condition["propertyValue"]))
        elif (scheme := id_scheme(condition.get("propertyId") or "")) is not None:
            match.external_ids.extend((scheme, v) for v in values)
    return match


def check_query(query: MatchQuery) -> dict[str, list[str]]:
    """Field errors the schemas cannot see: unknown types, names with nothing to match."""
    errors: dict[str, list[str]] = {}
    unknown = [t for t in query.entity_types if t not in ENTITY_TYPES]
    if unknown:
        errors["type"] = [f"unknown type {unknown[0]!r}; types are {', '.join(ENTITY_TYPES)}"]
    resolver = current_state().resolver
    if query.name is not None and not resolver.normalize(query.name):
        errors["query"] = ["the name has no letters or digits after normalisation"]
    if query.name is None and not (query.external_ids or query.entity_ids):
        errors.setdefault("query", ["no name and no external ID polyonym can match on"])
    problem = countries.problem(query.country_values)
    if problem is not None:
        errors[COUNTRY] = [problem]
    return errors


def feature(feature_id: str, value: float | bool) -> dict[str, Any]:
    return {"id": feature_id, "name": FEATURE_NAMES.get(feature_id, feature_id), "value": value}


def name_candidate(candidate: Candidate, not_same: frozenset[str]) -> dict[str, Any]:
    features = [feature("name_score", candidate.score)]
    components = (candidate.explanation or {}).get("components") or {}
    if isinstance(components, dict):
        features.extend(feature(k, float(v)) for k, v in components.items())
    disagreement = (candidate.explanation or {}).get("disagreement")
    if isinstance(disagreement, dict):
        features.append(feature("disagreement", float(disagreement["weight"])))
        if disagreement["verdict"]:
            features.append(feature("held_back", True))
    if candidate.entity_id in not_same:
        features.append(feature("not_same", True))
    if candidate.country_conflict:
        features.append(feature("country_conflict", True))
    entity = current_state().resolver.entity(candidate.entity_id)
    body = {
        "id": candidate.entity_id,
        "name": candidate.name,
        "score": round(candidate.score * SCORE_SCALE, 2),
        "match": False,
        "type": [type_ref(candidate.entity_type)],
        "features": features,
    }
    if entity is not None:
        body["description"] = describe(entity)
    return body


def id_candidate(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.entity_id,
        "name": entity.name,
        "description": describe(entity),
        "score": float(SCORE_SCALE),
        "match": False,
        "type": [type_ref(entity.entity_type)],
        "features": [feature("external_id", True)],
    }


def exact_hits(query: MatchQuery) -> list[Entity]:
    """Entities named by ID or external ID that are live now, per the store, of the type."""
    resolver = current_state().resolver.fresh()
    wanted = list(query.entity_ids)
    for scheme, value in query.external_ids:
        wanted.extend(e.entity_id for e in resolver.by_external_id(scheme, value))
    if not wanted:
        return []
    live = current_state().store.load_entities(sorted(set(wanted)))
    hits = [live[i] for i in dict.fromkeys(wanted) if i in live]
    return [
        e
        for e in hits
        if e.status == "active" and (not query.entity_types or e.entity_type in query.entity_types)
    ]


def answer(query: MatchQuery) -> list[dict[str, Any]]:
    """Candidates best first; ``match`` on the first only, as described above."""
    limit = min(query.limit, MAX_LIMIT)
    candidates: dict[str, dict[str, Any]] = {}
    matched_id: str | None = None
    if query.name:
        one_type = query.entity_types[0] if len(query.entity_types) == 1 else None
        wide = len(query.entity_types) > 1  # filter several types here, from a longer list
        outcome = current_state().resolver.resolve(
            query.name, one_type, MAX_LIMIT if wide else limit, True, countries=query.countries
        )
        resolution = outcome.resolution
        if resolution.status == Status.MATCHED and resolution.candidates:
            matched_id = resolution.candidates[0].entity_id
        for candidate in resolution.candidates:
            if not query.entity_types or candidate.entity_type in query.entity_types:
                candidates[candidate.entity_id] = name_candidate(candidate, outcome.not_same)
    hits = exact_hits(query)
    for entity in reversed(hits):
        body = candidates.pop(entity.entity_id, None) or id_candidate(entity)
        if body["features"][0]["id"] != "external_id":
            body["features"].insert(0, feature("external_id", True))
        body["score"] = float(SCORE_SCALE)
        candidates = {entity.entity_id: body, **candidates}
    ranked = list(candidates.values())[:limit]
    if ranked and (ranked[0]["id"] == matched_id or (query.name is None and len(hits) == 1)):
        ranked[0]["match"] = True
    return ranked


def query_error(messages: Any) -> dict[str, Any]:
    rows = list(flatten_messages(messages, "query"))
    detail = "; ".join(f"{r['field']}: {r['message']}" for r in rows[:5])
    return {"status": 422, "title": "Unprocessable Content", "detail": detail, "errors": rows}


def run(parsed: dict[str, Any], version: str) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """One parsed query (maybe carrying schema errors) -> (candidates, error or None)."""
    if QUERY_ERRORS in parsed:
        return [], query_error(parsed[QUERY_ERRORS])
    query = from_02(parsed) if version == "0.2" else from_10(parsed)
    errors = check_query(query)
    if errors:
        return [], query_error(errors)
    return answer(query), None
