"""Bulk import (all-or-nothing upsert) and export of the table, redirects and judgements."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from service.store.context import Write
from service.store.entities import (
    bump_counter_past,
    bump_version,
    entity_values,
    next_entity_id,
    parse_entity_number,
    record_change,
)
from service.store.records import join_countries, load_entities, snapshot, utcnow
from service.store.tables import aliases, changes, entities, judgements, search_form

CHUNK = 500


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def fail(self, line: int, message: str, field_name: str | None = None) -> None:
        self.errors.append({"line": line, "field": field_name, "message": message})


# -- export ----------------------------------------------------------------------------
def export_records(conn: Connection) -> Iterator[dict[str, Any]]:
    """Live and deleted entities in ID order; merged ones ride on their survivor's line."""
    redirects: dict[str, list[str]] = {}
    for absorbed, survivor in conn.execute(
        sa.select(entities.c.id, entities.c.merged_into).where(entities.c.status == "merged")
    ):
        redirects.setdefault(survivor, []).append(absorbed)
    verdicts: dict[str, list[dict[str, str]]] = {}
    for row in conn.execute(sa.select(judgements).order_by(judgements.c.id)):
        verdicts.setdefault(row.entity_id, []).append({"name": row.name, "verdict": row.verdict})
    ids = (
        conn.execute(
            sa.select(entities.c.id).where(entities.c.status != "merged").order_by(entities.c.id)
        )
        .scalars()
        .all()
    )
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        loaded = load_entities(conn, chunk)
        for entity_id in chunk:
            entity = loaded[entity_id]
            record: dict[str, Any] = {
                "id": entity.entity_id,
                "type": entity.entity_type,
                "name": entity.name,
            }
            record["aliases"] = [
                {"name": a.name, "lang": a.lang, **({"shared": True} if a.shared else {})}
                for a in entity.aliases
            ]
            record["external_ids"] = dict(sorted(entity.external_ids.items()))
            if entity.countries:
                record["countries"] = list(entity.countries)
            if entity.status == "deleted":
                record["status"] = "deleted"
            if entity_id in redirects:
                record["redirects"] = sorted(redirects[entity_id])
            if entity_id in verdicts:
                record["judgements"] = verdicts[entity_id]
            yield record


# -- import ----------------------------------------------------------------------------
class Importer:
    """Applies numbered records inside one transaction, collecting every bad line."""

    def __init__(self, w: Write) -> None:
        self.w = w
        self.report = ImportReport()
        self.by_external = self._external_id_map()
        self.claimed: dict[str, str] = {}  # norm -> entity of this file, for in-file clashes
        self.seen_ids: dict[str, int] = {}  # id -> first line naming it
        self.statuses = self._statuses()
        self.taken = self._names_in_store()
        self.new_entities: list[dict[str, Any]] = []
        self.new_aliases: list[dict[str, Any]] = []
        self.new_changes: list[dict[str, Any]] = []
        self.highest_id: str | None = None
        self.highest_number = -1

    def _external_id_map(self) -> dict[tuple[str, str], str]:
        rows = self.w.conn.execute(
            sa.select(entities.c.id, entities.c.external_ids).where(entities.c.status == "active")
        )
        return {(k, str(v)): entity_id for entity_id, ext in rows for k, v in (ext or {}).items()}

    def run(
        self,
        numbered: Sequence[tuple[int, Mapping[str, Any]]],
        progress: Callable[[int], None] | None = None,
    ) -> ImportReport:
        for start in range(0, len(numbered), CHUNK):
            chunk = numbered[start : start + CHUNK]
            for line, record in chunk:
                self._apply(line, record)
            self._flush()
            if progress is not None:
                progress(len(chunk))
        return self.report

    def _statuses(self) -> dict[str, tuple[str, str | None]]:
        """Status and redirect of every entity, read once (see ``_names_in_store``)."""
        query = sa.select(entities.c.id, entities.c.status, entities.c.merged_into)
        return {row.id: (row.status, row.merged_into) for row in self.w.conn.execute(query)}

    def _flush(self) -> None:
        """Insert the chunk's new entities, aliases and change rows as three executemany."""
        for table, rows in (
            (entities, self.new_entities),
            (aliases, self.new_aliases),
            (changes, self.new_changes),
        ):
            if rows:
                self.w.conn.execute(sa.insert(table), rows)
        if self.highest_id is not None:
            bump_counter_past(self.w.conn, self.highest_id)
        self.new_entities, self.new_aliases, self.new_changes = [], [], []
        self.highest_id, self.highest_number = None, -1

    def _names_in_store(self) -> dict[str, str | frozenset[str]]:
        """Which live entities hold each normal form, read once before the import.

        One scan instead of a query per chunk: inside one long transaction PostgreSQL
        plans with statistics from before the import and would scan the growing tables
        for every chunk. A bare ID per name (a set only for shared names) keeps it small.
        """
        taken: dict[str, str | frozenset[str]] = {}
        for query in (
            sa.select(aliases.c.norm, aliases.c.entity_id)
            .join(entities, entities.c.id == aliases.c.entity_id)
            .where(entities.c.status == "active"),
            sa.select(entities.c.norm, entities.c.id).where(entities.c.status == "active"),
        ):
            for norm, entity_id in self.w.conn.execute(query):
                held = taken.get(norm)
                if held is None:
                    taken[norm] = entity_id
                elif held != entity_id:
                    holders = {held} if isinstance(held, str) else set(held)
                    taken[norm] = frozenset(holders | {entity_id})
        return taken

    def _target(self, line: int, record: Mapping[str, Any]) -> tuple[str | None, str | None]:
        """(entity ID to write, its current status or None when new)."""
        if record.get("id"):
            first = self.seen_ids.setdefault(record["id"], line)
            if first != line:
                self.report.fail(line, f"{record['id']} is already on line {first}", "id")
                return None, None
            known = self.statuses.get(record["id"])
            if known is None:
                return record["id"], None
            status, merged_into = known
            if status == "merged":
                self.report.fail(line, f"{record['id']} was merged into {merged_into}", "id")
                return None, None
            return record["id"], status
        for key, value in (record.get("external_ids") or {}).items():
            if (key, str(value)) in self.by_external:
                return self.by_external[(key, str(value))], "active"
        self._flush()  # the counter must see this file's explicit IDs first
        return next_entity_id(self.w.conn), None

    def _apply(self, line: int, record: Mapping[str, Any]) -> None:
        entity_id, status = self._target(line, record)
        if entity_id is None:
            return
        if record.get("status") == "deleted" or status == "deleted":
            self._tombstone(line, entity_id, record, status)
            return
        if not self._names_free(line, entity_id, record):
            return
        if status is None:
            self._create(entity_id, record)
        else:
            self._update(entity_id, record)
        self._redirects(line, entity_id, record)
        self._judgements(entity_id, record)

    def _holders(self, norm: str, entity_id: str) -> set[str]:
        """Other live entities holding ``norm``: in the store, or earlier in this file."""
        held = self.taken.get(norm)
        holders = set() if held is None else {held} if isinstance(held, str) else set(held)
        holders.add(self.claimed.get(norm, entity_id))
        holders.discard(entity_id)
        return holders

    def _names_free(self, line: int, entity_id: str, record: Mapping[str, Any]) -> bool:
        free = True
        shared = {a["name"] for a in record.get("aliases", []) if a.get("shared")}
        for position, name in enumerate(names_of(record)):
            if position == 0 or name in shared:
                continue  # namesakes may share a canonical name; aliases must be marked
            norm = self.w.normalize(name)
            holders = self._holders(norm, entity_id)
            if holders:
                where = "name" if position == 0 else f"aliases.{position - 1}"
                self.report.fail(
                    line,
                    f"{name!r} is already an exact name of {', '.join(sorted(holders))}",
                    where,
                )
                free = False
        if free:
            for name in names_of(record):
                self.claimed.setdefault(self.w.normalize(name), entity_id)
        return free

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
            w, entity_id=entity_id, kind="import", before=snapshot(before), after=snapshot(after)
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


def names_of(record: Mapping[str, Any]) -> list[str]:
    """The canonical name first, then every alias."""
    return [record["name"], *(a["name"] for a in record.get("aliases", []))]
