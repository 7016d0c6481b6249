"""Names written solid or split: "FUTUREBANK" = "Future Bank", "Chong Chon Gang" = "Chongchongang".

Transliterations join and split words freely ("Soltanmohammadi" / "Seltan Mohammedi").
Rather than index every pair of neighbouring words, a query is also tried in the shapes
the table already knows: neighbouring words joined when the joined word's key is in the
vocabulary, or one long word split where every part is a word of the table. The engine
scores each such variant like the query itself and keeps an entity's best, slightly
discounted, so a variant only decides what the query as written could not.
"""

from __future__ import annotations

from collections.abc import Sequence

from service.matching.index import AliasIndex
from service.matching.keys import NameKeys, TokenKeys, skeleton, token_keys
from service.matching.normalize import Token

JOINABLE = ("name", "generic")  # particles, titles and legal forms stay apart; a table
# word that is both is taken as a name (a fixed order: frozenset order follows the hash seed)
MAX_JOIN = 3  # "Dive Techno Services" -> "divetechnoservices"
MIN_JOINED = 6  # shorter joins ("li" + "an") meet keys by accident
MIN_PART = 3  # a split part is a whole table word of three letters or more
MAX_VARIANTS = 3  # bounds the extra work on a long name full of candidates
VARIANT_FACTOR = 0.95  # a variant's score counts slightly less than the name as written


def variants(keys: NameKeys, index: AliasIndex) -> list[NameKeys]:
    """The query with words joined or split into forms the table holds, if any."""
    tokens = keys.tokens
    found: list[NameKeys] = []
    for size in range(MAX_JOIN, 1, -1):
        for start in range(len(tokens) - size + 1):
            joined = _joined(tokens[start : start + size], index)
            if joined is not None:
                found.append(_replace(keys, start, size, (joined,)))
    for pos, token in enumerate(tokens):
        if _splittable(token, index):
            parts = _split(token.text, index, depth=2)
            if parts:
                found.append(_replace(keys, pos, 1, tuple(parts)))
    return found[:MAX_VARIANTS]


def _splittable(token: TokenKeys, index: AliasIndex) -> bool:
    """Worth splitting: a long name word whose own key the table does not hold."""
    if token.role not in JOINABLE or token.abjad or len(token.text) < 2 * MIN_PART:
        return False
    kid = index.kid_pos.get(token.skel)
    return kid is None or index.kid_df[kid] == 0


def _replace(keys: NameKeys, start: int, size: int, new: tuple[TokenKeys, ...]) -> NameKeys:
    tokens = keys.tokens
    return NameKeys(keys.folded, tokens[:start] + new + tokens[start + size :])


def _joined(group: Sequence[TokenKeys], index: AliasIndex) -> TokenKeys | None:
    """The words of `group` as one, if the table has a word with that key."""
    if any(t.role not in JOINABLE or t.abjad for t in group):
        return None
    text = "".join(t.text for t in group)
    if len(text) < MIN_JOINED:
        return None
    kid = index.kid_pos.get(skeleton(text))
    if kid is None or index.kid_df[kid] == 0:
        return None
    return token_keys(Token(text, "name"))


def _split(text: str, index: AliasIndex, depth: int) -> list[TokenKeys] | None:
    """`text` as two (or, with depth 2, three) words of the table, longest head first."""
    for cut in range(len(text) - MIN_PART, MIN_PART - 1, -1):
        head = _word(text[:cut], index)
        if head is None:
            continue
        tail = _word(text[cut:], index)
        if tail is not None:
            return [head, tail]
        if depth > 1 and len(text) - cut >= 2 * MIN_PART:
            rest = _split(text[cut:], index, depth - 1)
            if rest:
                return [head, *rest]
    return None


def _word(text: str, index: AliasIndex) -> TokenKeys | None:
    """The table's word spelled `text`, as a name or a generic word."""
    for role in JOINABLE:
        tid = index.token_pos.get((text, role, False))
        if tid is not None:
            return index.tokens[tid]
    return None
