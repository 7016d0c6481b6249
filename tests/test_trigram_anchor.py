"""The benchmark's trigram anchor indexes what it claims: a wrong stick measures nothing."""

from __future__ import annotations

import numpy as np

from benchmarks.trigram_anchor import TrigramIndex, fold_key, trigrams

NAMES = [
    "Al-Khaddafi, Mouammar", "Muammar Gaddafi", "Vladimir Putin", "Wladimir Poutine",
    "Bashar al-Assad", "Shenzhen Qingzhi Metals Co. Ltd", "Андрей Колесников",
]  # fmt: skip
OWNERS = ["E1", "E1", "E2", "E2", "E3", "E4", "E5"]


def test_fold_key_drops_articles_and_folds_spellings() -> None:
    assert fold_key("Al-Khaddafi, Mouammar") == "hadafi muamar"
    assert fold_key("Şeki") == "seki"
    assert fold_key("Андрей") == "andrei"


def test_postings_list_each_alias_under_each_of_its_trigrams() -> None:
    index = TrigramIndex(NAMES, OWNERS)
    assert index.indptr.dtype == np.int64 and index.postings.dtype == np.int32
    for row, key in enumerate(index.keys):
        grams = trigrams(key)
        assert index.sizes[row] == len(grams)
        for gram in grams:
            gid = index.gram_ids[gram]
            assert row in index.postings[index.indptr[gid] : index.indptr[gid + 1]].tolist()
    assert int(index.indptr[-1]) == len(index.postings) == int(index.sizes.sum())


def test_best_finds_the_owner_of_a_misspelt_alias() -> None:
    index = TrigramIndex(NAMES, OWNERS)
    assert index.best("Vladimyr Putine") == "E2"
    assert index.best("Basher Assad") == "E3"
    assert index.best("qqqq") is None
