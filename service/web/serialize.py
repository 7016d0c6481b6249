"""Engine and store records -> the dicts the response schemas dump."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from service.live import Outcome
from service.matching import Candidate, Status
from service.model import Change, Entity, Judgement, ReviewItem


def candidate_body(candidate: Candidate, not_same: frozenset[str] = frozenset()) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": candidate.entity_id,
        "name": candidate.name,
        "type": candidate.entity_type,
        "score": round(float(candidate.score), 4),
        "matched_alias": candidate.matched_alias,
    }
    if candidate.entity_id in not_same:
        body["not_same"] = True
    if candidate.country_conflict:
        body["country_conflict"] = True
    if candidate.explanation is not None:
        body["explanation"] = candidate.explanation
    return body


def resolution_body(
    name: str,
    entity_type: str | None,
    outcome: Outcome,
    floor: Callable[[str], float] = lambda entity_type: 0.0,
) -> dict[str, Any]:
    """``floor``: the lowest score listed for a candidate of a type (the review bar unless
    the caller sent min_score); the match itself is always listed first."""
    resolution = outcome.resolution
    matched = resolution.status == Status.MATCHED and bool(resolution.candidates)
    candidates = [
        candidate_body(c, outcome.not_same)
        for position, c in enumerate(resolution.candidates)
        if (matched and position == 0) or c.score >= floor(c.entity_type)
    ]
    return {
        "query": {"name": name, "type": entity_type, "normalized": resolution.normalized},
        "status": resolution.status,
        "match": candidates[0] if matched else None,
        "candidates": candidates,
    }


def entity_body(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.entity_id,
        "type": entity.entity_type,
        "name": entity.name,
        "aliases": [
            {"id": a.alias_id, "name": a.name, "lang": a.lang, "shared": a.shared}
            for a in entity.aliases
        ],
        "external_ids": dict(entity.external_ids),
        "countries": list(entity.countries),
        "version": entity.version,
        "created_at": entity.created_at,
        "updated_at": entity.updated_at,
        "created_by": entity.created_by,
        "updated_by": entity.updated_by,
    }


def change_body(change: Change) -> dict[str, Any]:
    return {
        "seq": change.seq,
        "entity_id": change.entity_id,
        "kind": change.kind,
        "actor": change.actor,
        "at": change.at,
        "before": change.before,
        "after": change.after,
    }


def judgement_body(judgement: Judgement) -> dict[str, Any]:
    return {
        "id": judgement.judgement_id,
        "name": judgement.name,
        "normalized": judgement.norm,
        "entity_id": judgement.entity_id,
        "verdict": judgement.verdict,
        "created_by": judgement.actor,
        "created_at": judgement.created_at,
    }


def review_body(item: ReviewItem) -> dict[str, Any]:
    return {
        "id": item.item_id,
        "name": item.name,
        "normalized": item.norm,
        "count": item.count,
        "first_seen": item.first_seen,
        "last_seen": item.last_seen,
        "last_status": item.last_status,
        "best_candidate": item.best_entity_id,
        "best_score": item.best_score,
        "state": item.state,
    }
