"""What one import line writes: a new entity (queued for the chunk's bulk insert), an
updated or tombstoned one, the redirects and judgements it carries. The Importer
(service/store/importing.py) decides which, and holds the state these steps share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from service.store.context import Write
from service.store.entities import (
    bump_version,
    entity_values,
    record_change,
)
from service.store.ids import parse_entity_number
from service.store.records import entity_state, join_countries, load_entities, utcnow
from service.store.tables import aliases, entities, judgements, search_form

if TYPE_CHECKING:
    from service.store.importing import ImportReport


class RowWriter:
    """The Importer's writing steps; its reading and deciding steps are in importing.py."""

    w: Write
    report: ImportReport
    statuses: dict[str, tuple[str, str | None]]
    by_external: dict[tuple[str, str], str]
    new_entities: list[dict[str, Any]]
    new_aliases: list[dict[str, Any]]
    new_changes: list[dict[str, Any]]
    highest_id: str | None
    highest_number: int

    def _create(self, entity_id: str, record: Mapping[str, Any], status: str = "active") -> None:
        """Queue the rows of a new entity; ``_flush`` writes them with the chunk."""
        w, now = self.w, utcnow()
        external_ids = dict(record.get("external_ids") or {})
        countries = record.get("countries", [])
        self.new_entities.append(
            entity_values(
                w, entity_id, record["type"], record["name"], external_ids, status,
                countries=countries,
            )
        )  # fmt: skip
        alias_rows = [
            {
                "entity_id": entity_id,
                "name": a["name"],
                "lang": a.get("lang"),
                "norm": w.normalize(a["name"]),
                "shared": bool(a.get("shared")),
                "created_at": now,
                "created_by": w.actor,
            }
            for a in record.get("aliases", [])
        ]
        self.new_aliases.extend(alias_rows)
        self.statuses[entity_id] = (status, None)
        self._note_id(entity_id)
        for key, value in external_ids.items():
            self.by_external.setdefault((key, str(value)), entity_id)
        after = {
            "id": entity_id,
            "type": record["type"],
            "name": record["name"],
            "status": status,
            "countries": list(countries),
            "aliases": [{"name": r["name"], "lang": r["lang"]} for r in alias_rows],
        }
        self.new_changes.append(
            {
                "entity_id": entity_id,
                "kind": "import",
                "actor": w.actor,
                "at": now,
                "before": None,
                "after": after,
            }
        )
        self.report.created += 1

    def _note_id(self, entity_id: str) -> None:
        """Remember the highest numeric ID queued, to move the ID counter past it."""
        number = parse_entity_number(entity_id)
        if number is not None and number > self.highest_number:
            self.highest_id, self.highest_number = entity_id, number

    def _update(self, entity_id: str, record: Mapping[str, Any]) -> None:
        w = self.w
        before = load_entities(w.conn, [entity_id])[entity_id]
        wanted = [
            (a["name"], a.get("lang"), bool(a.get("shared"))) for a in record.get("aliases", [])
        ]
        have = [(a.name, a.lang, a.shared) for a in before.aliases]
        ext = dict(record.get("external_ids") or {})
        countries = tuple(record.get("countries", ()))  # a line is the whole entity
        if (before.name, before.entity_type, have, before.external_ids, before.countries) == (
            record["name"],
            record["type"],
            wanted,
            ext,
            countries,
        ):
            self.report.unchanged += 1
            return
        bump_version(w, entity_id, None)
        w.conn.execute(
            sa.update(entities)
            .where(entities.c.id == entity_id)
            .values(
                name=record["name"],
                type=record["type"],
                norm=w.normalize(record["name"]),
                search=search_form(record["name"]),
                external_ids=ext,
                countries=join_countries(countries),
            )
        )
        w.conn.execute(sa.delete(aliases).where(aliases.c.entity_id == entity_id))
        now = utcnow()
        rows = [
            {
                "entity_id": entity_id,
                "name": n,
                "lang": lang,
                "norm": w.normalize(n),
                "shared": shared,
                "created_at": now,
                "created_by": w.actor,
            }
            for n, lang, shared in wanted
        ]
        if rows:
            w.conn.execute(sa.insert(aliases), rows)
        after = load_entities(w.conn, [entity_id])[entity_id]
        record_change(
            w,
            entity_id=entity_id,
            kind="import",
            before=entity_state(before),
            after=entity_state(after),
        )
        self.report.updated += 1

    def _tombstone(
        self, line: int, entity_id: str, record: Mapping[str, Any], status: str | None
    ) -> None:
        if status == "active":
            self.report.fail(
                line, f"{entity_id} is live; delete it through the API instead", "status"
            )
        elif status is None:
            self._create(entity_id, record, status="deleted")
        else:
            self.report.unchanged += 1

    def _redirects(self, line: int, entity_id: str, record: Mapping[str, Any]) -> None:
        """Absorbed IDs on the survivor's line: recreated as redirects when new here."""
        for absorbed in record.get("redirects", []):
            known = self.statuses.get(absorbed)
            if known is None:
                self.new_entities.append(
                    entity_values(self.w, absorbed, record["type"], absorbed,
                                  status="merged", merged_into=entity_id)
                )  # fmt: skip
                self.statuses[absorbed] = ("merged", entity_id)
                self._note_id(absorbed)
            elif known != ("merged", entity_id):
                self.report.fail(
                    line, f"redirect {absorbed} is not a merged ID of {entity_id}", "redirects"
                )

    def _judgements(self, entity_id: str, record: Mapping[str, Any]) -> None:
        for verdict in record.get("judgements", []):
            norm = self.w.normalize(verdict["name"])
            exists = self.w.conn.execute(
                sa.select(judgements.c.id).where(
                    judgements.c.norm == norm,
                    judgements.c.entity_id == entity_id,
                    judgements.c.verdict == verdict["verdict"],
                )
            ).first()
            if exists is None:
                self.w.conn.execute(
                    sa.insert(judgements).values(
                        name=verdict["name"],
                        norm=norm,
                        entity_id=entity_id,
                        verdict=verdict["verdict"],
                        actor=self.w.actor,
                        created_at=utcnow(),
                    )
                )
                record_change(
                    self.w,
                    entity_id=entity_id,
                    kind="judgement",
                    before=None,
                    after={"name": verdict["name"], "verdict": verdict["verdict"]},
                )
