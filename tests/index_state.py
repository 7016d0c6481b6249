"""An index's whole state as plain values, to compare two builds of one table."""

from __future__ import annotations

from typing import Any

from service.matching.index import AliasIndex


def index_state(index: AliasIndex) -> dict[str, Any]:
    """Every structure the index keeps (slots, vocabulary, keys, posting lists, counts,
    initials, memos), as comparable values."""
    arrays = ("postings", "bigrams", "acronyms")
    state: dict[str, Any] = {k: v for k, v in vars(index).items() if k not in arrays}
    state["postings"] = [list(p) for p in index.postings]
    state["bigrams"] = {k: list(v) for k, v in index.bigrams.items()}
    state["acronyms"] = {k: list(v) for k, v in index.acronyms.items()}
    return state
