"""The measuring stick of engine_bench: the simplest index that answers well (issue #19).

Character trigrams of folded keys in a CSR inverted index (numpy ``indptr`` int64,
``postings`` int32), posting lists longer than 3 % of the table skipped, Dice overlap
to keep the top 50 aliases, rapidfuzz WRatio on those 50. No decision, no explanations,
no Arabic or Cyrillic handling beyond anyascii's letter by letter: not a replacement for
the engine, but the speed and top-1 it must at least match, measured in the same process
on the same queries.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Sequence

import numpy as np
from anyascii import anyascii
from rapidfuzz import fuzz

MAX_SHARE = 0.03  # posting lists longer than this share of the table do not retrieve
KEEP = 50  # aliases kept by Dice overlap for WRatio
MIN_SKIPPED = 100  # a tiny table (tests) skips no list of fewer aliases than this
ARTICLES = frozenset({"al", "el", "ul", "the", "le", "la", "de", "bin", "ibn", "ben"})
_FOLDS = (("kh", "h"), ("sh", "s"), ("ch", "s"), ("ou", "u"), ("ph", "f"), ("w", "v"))
_NON_WORD = re.compile(r"[^a-z0-9]+")
_DOUBLES = re.compile(r"(.)\1+")


def fold_key(name: str) -> str:
    """ "Al-Khaddafi, Mouammar" -> "hadafi muamar": marks, case, articles, digraphs, doubles."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = (text if text.isascii() else anyascii(text)).lower()
    words = [w for w in _NON_WORD.sub(" ", text).split() if w not in ARTICLES]
    key = " ".join(words)
    for old, new in _FOLDS:
        key = key.replace(old, new)
    return _DOUBLES.sub(r"\1", key)


def trigrams(key: str) -> set[str]:
    padded = f"  {key} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class TrigramIndex:
    """Folded keys, their owners and a CSR trigram -> alias postings index."""

    def __init__(self, names: Sequence[str], owners: Sequence[str]) -> None:
        self.keys = [fold_key(name) for name in names]
        self.owners = list(owners)
        self.gram_ids: dict[str, int] = {}
        grams, sizes = array("i"), array("i")
        for key in self.keys:
            ids = [self.gram_ids.setdefault(g, len(self.gram_ids)) for g in trigrams(key)]
            grams.extend(ids)
            sizes.append(len(ids))
        gram_of = np.frombuffer(grams, dtype=np.int32)
        self.sizes = np.frombuffer(sizes, dtype=np.int32).astype(np.int16)
        row_of = np.repeat(np.arange(len(self.keys), dtype=np.int32), self.sizes)
        order = np.argsort(gram_of, kind="stable")
        self.postings = row_of[order]
        counts = np.bincount(gram_of, minlength=len(self.gram_ids))
        self.indptr = np.zeros(len(self.gram_ids) + 1, dtype=np.int64)
        np.cumsum(counts, out=self.indptr[1:])
        self.max_len = max(MIN_SKIPPED, int(MAX_SHARE * len(self.keys)))

    def best(self, query: str) -> str | None:
        """The owner of the alias WRatio likes best among the KEEP of best Dice overlap."""
        key = fold_key(query)
        ids = [self.gram_ids[g] for g in trigrams(key) if g in self.gram_ids]
        lists = []
        for gid in ids:
            start, end = self.indptr[gid], self.indptr[gid + 1]
            if end - start <= self.max_len:
                lists.append(self.postings[start:end])
        if not lists:
            return None
        rows, shared = np.unique(np.concatenate(lists), return_counts=True)
        dice = 2.0 * shared / (len(ids) + self.sizes[rows])
        if len(rows) > KEEP:
            top = np.argpartition(-dice, KEEP)[:KEEP]
            rows = rows[top]
        scores = [fuzz.WRatio(key, self.keys[row]) for row in rows.tolist()]
        return self.owners[int(rows[int(np.argmax(scores))])]
