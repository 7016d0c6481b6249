"""Where top-1 is lost as the table grows: retrieval, or a distractor that truly wins.

    .venv/bin/python -m benchmarks.retrieval_loss --sizes 100000,1000000 --queries 1000

For each known query (benchmarks.names, as engine_bench asks them) whose top-1 is wrong,
the true entity's own aliases are scored exactly with the engine's scorer. If that beats
the engine's top score, the true entity was lost before exact scoring (retrieval, the
pre-score or pruning: what issue #19 asks not to grow with the table); if not, another
entity truly scores higher, and no retrieval can fix it.
"""

from __future__ import annotations

import argparse
from collections import defaultdict

from benchmarks.names import build_corpus, known_queries
from benchmarks.stats import table
from service.matching import Engine
from service.matching.engine import _memo
from service.matching.keys import build_keys
from service.matching.scoring import QueryScorer


def losses(size: int, count: int, seed: int) -> list[str]:
    """One table row: size, top-1, and the wrong answers split by where they were lost."""
    corpus = build_corpus(size, seed)
    known = known_queries(corpus, count, seed + 1)
    engine = Engine()
    for entity in corpus.entities:
        engine.upsert_entity(entity.entity_id, entity.name, entity.entity_type)
    engine.add_aliases(corpus.aliases)
    index = engine.index
    slots_of: dict[str | None, list[int]] = defaultdict(list)
    for slot in index.alias_pos.values():
        slots_of[index.entity_ids[index.alias_entity[slot]]].append(slot)
    right = lost = beaten = 0
    for query in known:
        found = engine.resolve(query.text, limit=1).candidates
        if found and found[0].entity_id == query.entity_id:
            right += 1
            continue
        keys = build_keys(query.text)
        rarity = _memo(index.idf, index.idf_lookup())
        scorer = QueryScorer(keys.tokens, index.tokens, rarity, index.word_sims)
        best = engine._score(scorer, slots_of[query.entity_id], 2)
        true_score = max((score for score, _ in best.values()), default=0.0)
        if true_score > (found[0].score if found else 0.0) + 1e-9:
            lost += 1
        else:
            beaten += 1
    n = len(known)
    return [f"{size:,}", f"{right / n:.3f}", f"{lost / n:.3f}", f"{beaten / n:.3f}",
            f"{(right + lost) / n:.3f}"]  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rows = [losses(int(size), args.queries, args.seed) for size in args.sizes.split(",")]
    head = ["aliases", "top-1", "lost before exact scoring", "truly outscored", "if none lost"]
    print(table(head, rows))


if __name__ == "__main__":
    main()
