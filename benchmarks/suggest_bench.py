"""In-process benchmark of /reconcile/suggest/entity's index: build time and prefix latency.

    .venv/bin/python -m benchmarks.suggest_bench --aliases 100000 --prefixes 300

No Resolver, store or HTTP: a SuggestIndex over the synthetic table of benchmarks.names,
queried with prefixes cut from the table's own aliases (1 to 8 characters, any word),
and with the same prefixes when a curator write has just invalidated nothing but one
entity (the insort path).
"""

import argparse
import random
import time
from collections import defaultdict

from benchmarks.names import build_corpus
from benchmarks.stats import percentile, table
from service.live.suggest import SuggestIndex
from service.model import Alias, Entity


def build_entities(n_aliases: int) -> list[Entity]:
    corpus = build_corpus(n_aliases)
    aliases: dict[str, list[Alias]] = defaultdict(list)
    for alias_id, entity_id, name in corpus.aliases:
        aliases[entity_id].append(Alias(alias_id, entity_id, name))
    return [
        Entity(e.entity_id, e.entity_type, e.name, aliases=aliases[e.entity_id])
        for e in corpus.entities
    ]


def sample_prefixes(entities: list[Entity], count: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    prefixes = []
    for _ in range(count):
        entity = rng.choice(entities)
        word = rng.choice(rng.choice(entity.aliases).name.split())
        prefixes.append(word[: rng.randint(1, 8)])
    return prefixes


def time_prefixes(index: SuggestIndex, prefixes: list[str], limit: int) -> list[float]:
    millis = []
    for prefix in prefixes:
        start = time.perf_counter()
        index.prefix(prefix, limit=limit)
        millis.append((time.perf_counter() - start) * 1000)
    return millis


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--aliases", type=int, default=100_000)
    parser.add_argument("--prefixes", type=int, default=300)
    parser.add_argument("--limit", type=int, default=10)
    args = parser.parse_args()

    entities = build_entities(args.aliases)
    by_id = {entity.entity_id: entity for entity in entities}
    # In the service the loader is the store; here a dict stands in (no I/O measured).
    index = SuggestIndex(lambda ids: {i: by_id[i] for i in ids if i in by_id})
    start = time.perf_counter()
    index.add_many(entities)
    index.prefix("a")  # the first read sorts the bulk load
    build_s = time.perf_counter() - start
    prefixes = sample_prefixes(entities, args.prefixes)
    index.prefix(prefixes[0])  # warm
    cold = time_prefixes(index, prefixes, args.limit)
    by_length: dict[str, list[float]] = defaultdict(list)
    for prefix, ms in zip(prefixes, cold, strict=True):
        by_length["1-2 chars" if len(prefix) <= 2 else "3+ chars"].append(ms)
    write = []
    for entity in entities[: args.prefixes]:  # a curator write before every keystroke
        start = time.perf_counter()
        index.add(entity)
        index.prefix(entity.name[:3], limit=args.limit)
        write.append((time.perf_counter() - start) * 1000)

    rows = [
        [name, str(len(ms)), f"{percentile(ms, 50):.3f}", f"{percentile(ms, 95):.3f}"]
        for name, ms in [("all prefixes", cold), *sorted(by_length.items()), ("write+read", write)]
    ]
    print(f"{len(entities)} entities, {args.aliases} aliases; build + sort {build_s:.2f} s")
    print(table(["case", "n", "median ms", "p95 ms"], rows))


if __name__ == "__main__":
    main()
