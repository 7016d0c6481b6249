"""Similarity of two words in [0, 1]: exact, phonetic, skeleton, loose or edit similarity.

Word-level only; scoring.py weighs and aligns the words of two names.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from service.matching import rules
from service.matching.keys import TokenKeys

INITIAL_SIM = 0.85  # "v" vs "vladimir": consistent, not proof
SKELETON_SIM = 0.92  # Arabic script has no short vowels: "ahmd" vs "ahmad" by consonants
SAME_SKELETON_SIM = 0.85  # Latin words with the same consonants: "Sahab" vs "Sahb"
LONG_VOWEL_FACTOR = 0.85  # Arabic long vowels missing from the Latin: "العرائش" vs "Rossosh"
LOOSE_SIM = 0.95  # loose forms agree: "Tochtachunov" vs "Tokhtakhunov" (German ch = kh)
GLUED_ARTICLE_SIM = 0.95  # "ELKADDAFI" vs "QADDAFI": article written solid
FIRST_LETTER_FACTOR = 0.85  # first sounds differ: "Amman" vs "Dammam", "Qadhafi" vs "Gaddafi"
PHONETIC_SIM = 0.97  # same phonetic form, other spelling: "Wladimir" vs "Vladimir"
GLOSS_SIM = 0.9  # one word in two languages: "masrif" vs "bank", "komitet" vs "lajnat"
MIN_TOKEN_SIM = 0.6  # below this two tokens are different words ("Hafez" / "Bashar")
BOUND_MARGIN = 0.01  # maybe_similar's cutoff sits this far under it (cdist's float32)

edit_similarity = Levenshtein.normalized_similarity  # 1 - distance / longer length
_FIRST_SOUNDS = frozenset(
    (a, b) for group in rules.FIRST_LETTER_GROUPS for a in group for b in group
)
_VOWEL_CLASS = str.maketrans("aeiouy", "aiiuui")
_VOWELS = frozenset("aeiouy")


def token_similarity(q: TokenKeys, a: TokenKeys) -> float:
    """Similarity of two words in [0, 1]: exact, phonetic, skeleton or edit similarity."""
    if q.text == a.text:
        return 1.0
    if q.role == "initial" or a.role == "initial":
        short, long_ = (q, a) if len(q.text) <= len(a.text) else (a, q)
        return INITIAL_SIM if long_.text.startswith(short.text) else 0.0
    if q.phon == a.phon:
        return PHONETIC_SIM
    sim = spelling_similarity(q, a)  # then the best of it and the forms below, as max()
    if (q.gloss or a.gloss) and (q.gloss or q.text) == (a.gloss or a.text) and sim < GLOSS_SIM:
        sim = GLOSS_SIM
    if q.bare and not a.bare:
        other = GLUED_ARTICLE_SIM * edit_similarity(q.bare, a.text)
        if other > sim:
            sim = other
    elif a.bare and not q.bare:
        other = GLUED_ARTICLE_SIM * edit_similarity(q.text, a.bare)
        if other > sim:
            sim = other
    return sim if sim >= MIN_TOKEN_SIM else 0.0


def maybe_similar(query: Sequence[TokenKeys], words: Sequence[TokenKeys]) -> list[list[bool]]:
    """`maybe_similar_array` as lists."""
    return maybe_similar_array(query, words).tolist()


def maybe_similar_array(query: Sequence[TokenKeys], words: Sequence[TokenKeys]) -> np.ndarray:
    """For each query word (a row), which of `words` token_similarity may find similar at all:
    False only where it is sure to return 0.0, so that only the rest need it.

    Every similarity it gives is at most the best edit similarity of the two words'
    texts, phonetic, loose or skeleton forms (each factor on them is 1 or less; equal
    forms edit to 1), except through an initial, a gloss or a glued article, which are
    left to it. Those four forms are compared in C, a handful of rapidfuzz cdist calls
    for all the pairs, against a cutoff a little under MIN_TOKEN_SIM: of the words an
    alias brings, about two in three share nothing with the query.
    """
    bound = np.zeros((len(query), len(words)), dtype=np.float32)
    for form in ("text", "phon", "loose", "skel"):
        form_of = attrgetter(form)
        sims = process.cdist(
            list(map(form_of, query)),
            list(map(form_of, words)),
            scorer=edit_similarity,
            score_cutoff=MIN_TOKEN_SIM - BOUND_MARGIN,
            dtype=np.float32,
        )
        np.maximum(bound, sims, out=bound)
    maybe = bound > 0.0
    special = [w.role == "initial" or bool(w.gloss or w.bare) for w in words]
    maybe |= np.array(special, dtype=bool)
    for i, q in enumerate(query):
        if q.role == "initial" or q.gloss or q.bare:
            maybe[i] = True
    return maybe


def spelling_similarity(q: TokenKeys, a: TokenKeys) -> float:
    """Edit similarity of the spellings, skeletons for Arabic script, loose forms as backup.

    Maxima are taken by comparison, not max(): this runs for every new pair of words.
    """
    if q.abjad != a.abjad:
        sim = SKELETON_SIM * edit_similarity(q.skel, a.skel)
        script, latin = (q, a) if q.abjad else (a, q)
        if not long_vowels_in_place(script.phon, latin.phon):
            sim *= LONG_VOWEL_FACTOR
    elif q.abjad:
        sim = edit_similarity(q.text, a.text)
        other = SKELETON_SIM * edit_similarity(q.skel, a.skel)
        if other > sim:
            sim = other
    else:  # a pair of forms equal to one already compared cannot raise the maximum
        sim = edit_similarity(q.text, a.text)
        if q.phon != q.text or a.phon != a.text:
            other = edit_similarity(q.phon, a.phon)
            if other > sim:
                sim = other
        if q.loose != q.phon or a.loose != a.phon:  # (LOOSE_SIM * x <= x)
            other = LOOSE_SIM * edit_similarity(q.loose, a.loose)
            if other > sim:
                sim = other
        if q.skel == a.skel and sim < SAME_SKELETON_SIM and _one_slip_or_vowels_agree(q, a):
            sim = SAME_SKELETON_SIM
    if not is_same_first_sound(q.phon[:1], a.phon[:1]):
        sim *= FIRST_LETTER_FACTOR
    return sim


def long_vowels_in_place(script: str, latin: str) -> bool:
    """`has_long_vowels_of`, each vowel also where the script writes it: after as many
    consonants (doubled ones, "shsh", counted once) in the Latin phonetic form.

    "بشار" (bshar: Bashar, the long a after sh) is not "Bushra" (its a after r), whose
    vowels "has_long_vowels_of" finds in order; "Bashar" and "Bashshar" have it in place.
    """
    if not has_long_vowels_of(script, latin):
        return False
    have = _vowel_slots(latin)
    return all(slot in have for slot in _vowel_slots(script, skip_first=True))


def _one_slip_or_vowels_agree(q: TokenKeys, a: TokenKeys) -> bool:
    """Same consonants: one typing slip apart ("Rudneko" / "Rudenko", two letters swapped)
    or the vowels where the other writes them or none ("Sahab" / "Sahb")."""
    return OSA.distance(q.phon, a.phon, score_cutoff=1) <= 1 or vowels_agree(q.phon, a.phon)


def vowels_agree(one: str, other: str) -> bool:
    """Whether one word writes its vowels where the other does, or where it writes none:
    "Sahab" / "Sahb" agree, "Bushra" / "Bashar" (the same consonants) do not."""
    mine, theirs = _vowel_slots(one), _vowel_slots(other)
    return mine <= theirs or theirs <= mine


def _vowel_slots(word: str, skip_first: bool = False) -> set[int]:
    """How many consonants stand before each vowel of the word (a doubled run once)."""
    slots: set[int] = set()
    count, run = 0, ""
    for position, char in enumerate(word):
        if char in _VOWELS:
            if run:
                count += _consonants_in(run)
                run = ""
            if position or not skip_first:
                slots.add(count)
        else:
            run += char
    return slots


def _consonants_in(run: str) -> int:
    half = len(run) // 2
    if len(run) % 2 == 0 and run[:half] == run[half:]:
        run = run[:half]
    return len(run)


def has_long_vowels_of(script: str, latin: str) -> bool:
    """Arabic script writes only long vowels; a Latin spelling should show them in order.

    "raish" (العرائش) has a, i: "Araish" does, "Rossosh" does not.
    """
    pool = iter(latin.translate(_VOWEL_CLASS))  # `in` consumes it up to the vowel found
    return all(c in pool for c in script[1:].translate(_VOWEL_CLASS) if c in "aiu")


def is_same_first_sound(first: str, other: str) -> bool:
    """Same first letter, or two that transcriptions exchange ("Jury"/"Yuri", "Q"/"G")."""
    return first == other or (first, other) in _FIRST_SOUNDS
