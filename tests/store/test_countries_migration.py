"""Migration 0004: a store at the previous head gains entity countries, empty for all."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from service.config import Settings
from service.store import Store


def test_a_store_at_0003_migrates_and_its_entities_have_no_countries(
    db_settings: Settings,
) -> None:
    store = Store(db_settings.database_url)
    try:
        store.migrate("0003")
        with store.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO entities (id, type, name, external_ids, version, status, "
                    "created_at, updated_at, created_by, updated_by, search) VALUES "
                    "('E000001', 'place', 'Tripoli', '{}', 1, 'active', :t, :t, 'x', 'x', "
                    "'tripoli')"
                ),
                {"t": datetime.now(UTC)},
            )
        store.migrate()
        entity = store.get_entity("E000001")
        assert entity.countries == ()
        updated = store.update_entity("E000001", 1, {"countries": ["LB"]}, "alice")
        assert updated.countries == ("LB",)
        found, total = store.list_entities(
            query=None, entity_type=None, page=1, per_page=10, country="LB"
        )
        assert total == 1 and found[0].entity_id == "E000001"
    finally:
        store.dispose()
