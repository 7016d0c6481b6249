"""Namesake towns: does a query's country pick the right one of two same-name places?

    python -m service.evaluate.namesakes FILE... [--show 10]

Every entity of the files is loaded whole (all its names as aliases) with its countries.
The table is every (name, place) where the exact name (case-insensitively, as the files
count names) is held by at least two places of different countries. A pair whose place
shares a country with another holder of the name cannot be told apart by country (two
Springfields in one country); it is counted, and left out of the table.

Each pair is asked twice, by name only and with the place's countries: asked with them
it should be `matched` to that place; asked without, no place should be `matched` (which
one was meant is a coin flip).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from service.evaluate.dataset import Row, load
from service.matching import Engine, Status


@dataclass(frozen=True)
class Namesake:
    name: str
    entity: str
    countries: tuple[str, ...]


@dataclass(frozen=True)
class NamesakeFigures:
    asked: int
    right_with_country: int  # matched to the right place when asked with its country
    wrong_with_country: int  # matched to another place
    matched_without_country: int  # matched to any place when asked by name only
    same_country: int  # pairs left out: another holder of the name shares a country
    misses: tuple[tuple[Namesake, str, str | None], ...]  # (pair, status, top) not matched right

    @property
    def right_share(self) -> float:
        return self.right_with_country / self.asked if self.asked else float("nan")


def load_engine(rows: Sequence[Row]) -> Engine:
    """Every entity with all its names as aliases and its countries."""
    engine = Engine()
    bulk: list[tuple[int, str, str]] = []
    for row in rows:
        entity = str(row["entity"])
        names = [str(n) for n in row["names"]]
        engine.upsert_entity(entity, names[0], str(row["type"]), row.get("countries", ()))
        start = len(bulk)  # (the generator below would see bulk grow)
        bulk.extend((start + i, entity, name) for i, name in enumerate(names))
    engine.add_aliases(bulk)
    return engine


def namesake_table(rows: Sequence[Row]) -> tuple[list[Namesake], int]:
    """(the table, how many pairs were left out because a holder shares their country)."""
    holders: dict[str, dict[str, tuple[str, ...]]] = defaultdict(dict)
    spelled: dict[str, str] = {}
    for row in rows:
        if row.get("type") != "place" or not row.get("countries"):
            continue
        for name in row["names"]:
            key = str(name).casefold()
            spelled.setdefault(key, str(name))
            holders[key][str(row["entity"])] = tuple(row["countries"])
    table: list[Namesake] = []
    same_country = 0
    for key, places in sorted(holders.items()):
        if len({c for countries in places.values() for c in countries}) < 2 or len(places) < 2:
            continue
        for entity, countries in sorted(places.items()):
            others = (set(c) for e, c in places.items() if e != entity)
            if any(other & set(countries) for other in others):
                same_country += 1
                continue
            table.append(Namesake(spelled[key], entity, countries))
    return table, same_country


def measure(engine: Engine, table: Sequence[Namesake], same_country: int = 0) -> NamesakeFigures:
    right = wrong = plain_matched = 0
    misses: list[tuple[Namesake, str, str | None]] = []
    for pair in table:
        asked = engine.resolve(pair.name, countries=pair.countries)
        top = asked.match.entity_id if asked.match else None
        if top == pair.entity:
            right += 1
        else:
            wrong += top is not None
            best = asked.candidates[0].entity_id if asked.candidates else None
            misses.append((pair, asked.status, best))
        plain_matched += engine.resolve(pair.name).status == Status.MATCHED
    return NamesakeFigures(len(table), right, wrong, plain_matched, same_country, tuple(misses))


def report(figures: NamesakeFigures, out: TextIO, show: int = 10) -> None:
    print(
        f"namesake pairs: {figures.asked} (left out, a holder shares the country: "
        f"{figures.same_country})\n"
        f"asked with the place's country: matched right {figures.right_with_country} "
        f"({figures.right_share:.1%}), matched wrong {figures.wrong_with_country}\n"
        f"asked by name only: matched {figures.matched_without_country}",
        file=out,
    )
    for pair, status, best in figures.misses[:show]:
        print(
            f"  miss: {pair.name!r} {pair.entity} {pair.countries}: {status}, top {best}", file=out
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m service.evaluate.namesakes", description=__doc__
    )
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--show", type=int, default=10, help="misses to print")
    args = parser.parse_args(argv)
    rows = [row for path in args.paths for row in load(path)]
    table, same_country = namesake_table(rows)
    report(measure(load_engine(rows), table, same_country), sys.stdout, args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
