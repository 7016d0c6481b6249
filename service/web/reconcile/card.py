"""What a human sees when picking a candidate: a one-line description and an HTML card.

The card is self-contained (inline CSS, no URL at all), so OpenRefine's preview iframe
renders it offline, and every value from the table is HTML-escaped.
"""

from __future__ import annotations

import unicodedata
from html import escape
from typing import Any

from service import countries
from service.model import Entity

SCRIPTS = ("Latin", "Arabic", "Cyrillic", "Other")
DESCRIPTION_ALIASES = 3
PREVIEW_WIDTH = 420
PREVIEW_HEIGHT = 260
RTL_SCRIPTS = {"Arabic"}

CARD_CSS = (
    "body{margin:0;font:13px/1.4 system-ui,sans-serif;color:#222;background:#fff}"
    ".card{padding:10px 12px}h1{font-size:16px;margin:0 0 2px}"
    ".meta{color:#666;margin:0 0 8px}h2{font-size:11px;text-transform:uppercase;"
    "letter-spacing:.05em;color:#888;margin:8px 0 2px}ul{margin:0;padding-left:16px}"
    "dl{margin:0;display:grid;grid-template-columns:auto 1fr;gap:0 8px}dt{color:#666}"
)


def type_ref(entity_type: str) -> dict[str, str]:
    """ "place" -> {"id": "place", "name": "Place"}."""
    return {"id": entity_type, "name": entity_type.capitalize()}


def script_of(name: str) -> str:
    """The script of a name's first letter: "Путин" -> "Cyrillic", "北京" -> "Other"."""
    for char in name:
        if char.isalpha():
            first_word = unicodedata.name(char, "").split(" ", 1)[0]
            return first_word.capitalize() if first_word.capitalize() in SCRIPTS else "Other"
    return "Other"


def aliases_by_script(entity: Entity) -> dict[str, list[str]]:
    """Aliases other than the canonical name, grouped Latin / Arabic / Cyrillic / Other."""
    groups: dict[str, list[str]] = {script: [] for script in SCRIPTS}
    seen = {entity.name}
    for alias in entity.aliases:
        if alias.name not in seen:
            seen.add(alias.name)
            groups[script_of(alias.name)].append(alias.name)
    return {script: names for script, names in groups.items() if names}


def pick_aliases(entity: Entity, count: int = DESCRIPTION_ALIASES) -> list[str]:
    """A few aliases, one per script first, so a reader sees how other scripts write it."""
    groups = aliases_by_script(entity)
    chosen = [names[0] for names in groups.values()]
    rest = [name for names in groups.values() for name in names[1:]]
    return (chosen + rest)[:count]


def describe(entity: Entity) -> str:
    """ "Person · also Владимир Путин, فلاديمير بوتين · wikidata Q7747"."""
    parts = [entity.entity_type.capitalize()]
    if entity.countries:
        parts.append(", ".join(entity.countries))
    aliases = pick_aliases(entity)
    if aliases:
        parts.append("also " + ", ".join(aliases))
    parts.extend(f"{scheme} {value}" for scheme, value in sorted(entity.external_ids.items()))
    return " · ".join(parts)


def preview_html(entity: Entity) -> str:
    """A small card: name, type and ID, aliases by script, external IDs."""
    sections: list[str] = []
    if entity.countries:
        items = "".join(
            f"<li>{escape(countries.name_of(code))} ({escape(code)})</li>"
            for code in entity.countries
        )
        sections.append(f"<h2>Countries</h2><ul>{items}</ul>")
    for script, names in aliases_by_script(entity).items():
        direction = ' dir="rtl"' if script in RTL_SCRIPTS else ""
        items = "".join(f"<li{direction}>{escape(name)}</li>" for name in names)
        sections.append(f"<h2>{script}</h2><ul>{items}</ul>")
    if entity.external_ids:
        rows = "".join(
            f"<dt>{escape(scheme)}</dt><dd>{escape(str(value))}</dd>"
            for scheme, value in sorted(entity.external_ids.items())
        )
        sections.append(f"<h2>External IDs</h2><dl>{rows}</dl>")
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(entity.name)}</title><style>{CARD_CSS}</style></head>"
        f'<body><div class="card"><h1>{escape(entity.name)}</h1>'
        f'<p class="meta">{escape(entity.entity_type.capitalize())} · '
        f"{escape(entity.entity_id)}</p>{''.join(sections)}</div></body></html>"
    )


def suggest_item(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.entity_id,
        "name": entity.name,
        "description": describe(entity),
        "notable": [type_ref(entity.entity_type)],
    }
