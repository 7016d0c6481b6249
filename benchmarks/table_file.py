"""Write a generated corpus as a JSON Lines table in polyonym's import format."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from benchmarks.names import Corpus, build_corpus
from service.matching import Engine


def write_table(corpus: Corpus, path: Path) -> int:
    """One line per entity; its first alias is the canonical name. Returns alias rows.

    Namesakes (two entities whose names normalise alike, as real tables have) are marked
    shared, as a curator would, so the import's duplicate check lets them in.
    """
    normalize = Engine().normalize
    by_entity: dict[str, list[str]] = {}
    holders: dict[str, set[str]] = {}
    for _, entity_id, name in corpus.aliases:
        by_entity.setdefault(entity_id, []).append(name)
        holders.setdefault(normalize(name), set()).add(entity_id)
    with path.open("w", encoding="utf-8") as out:
        for entity in corpus.entities:
            names = by_entity[entity.entity_id]
            aliases: list[dict[str, object]] = []
            for name in names[1:]:
                alias: dict[str, object] = {"name": name, "lang": None}
                if len(holders[normalize(name)]) > 1:
                    alias["shared"] = True
                aliases.append(alias)
            record = {
                "id": entity.entity_id,
                "type": entity.entity_type,
                "name": names[0],
                "aliases": aliases,
                "external_ids": {},
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(corpus.aliases)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("aliases", type=int)
    parser.add_argument("path", type=Path)
    args = parser.parse_args()
    rows = write_table(build_corpus(args.aliases), args.path)
    print(f"wrote {rows} aliases to {args.path}")


if __name__ == "__main__":
    main()
