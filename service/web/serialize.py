"""Engine and store records -> the dicts the response schemas dump."""

from __future__ import annotations

from typing import Any

from service.matching import Candidate, Resolution
from service.model import Entity


def candidate_body(candidate: Candidate) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": candidate.entity_id,
        "name": candidate.name,
        "type": candidate.entity_type,
        "score": round(float(candidate.score), 4),
        "matched_alias": candidate.matched_alias,
    }
    if candidate.explanation is not None:
        body["explanation"] = candidate.explanation
    return body


def resolution_body(name: str, entity_type: str | None, resolution: Resolution) -> dict[str, Any]:
    candidates = [candidate_body(c) for c in resolution.candidates]
    return {
        "query": {"name": name, "type": entity_type, "normalized": resolution.normalized},
        "status": resolution.status,
        "match": candidates[0] if resolution.status == "matched" and candidates else None,
        "candidates": candidates,
    }


def entity_body(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.entity_id,
        "type": entity.entity_type,
        "name": entity.name,
        "aliases": [{"id": a.alias_id, "name": a.name, "lang": a.lang} for a in entity.aliases],
        "external_ids": dict(entity.external_ids),
        "version": entity.version,
        "created_at": entity.created_at,
        "updated_at": entity.updated_at,
        "created_by": entity.created_by,
        "updated_by": entity.updated_by,
    }
