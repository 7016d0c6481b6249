"""Decision: thresholds and the margin over the runner-up entity."""

from __future__ import annotations

import pytest

from service.matching.decision import (
    AMBIGUOUS,
    DEFAULT_THRESHOLDS,
    MATCHED,
    Thresholds,
    decide,
    thresholds_for,
)

T = Thresholds(match=0.8, margin=0.1, review=0.5)

CASES = [
    ([], "no_match", "no candidates"),
    ([0.3], "no_match", "nothing close"),
    ([0.6], "ambiguous", "close but below match"),
    ([0.95], "matched", "alone and confident"),
    ([0.95, 0.9], "ambiguous", "runner-up too close: shared surname"),
    ([0.95, 0.84], "matched", "clear margin"),
    ([0.8, 0.7], "matched", "exactly at both thresholds"),
]


@pytest.mark.parametrize(("scores", "status"), [c[:2] for c in CASES], ids=[c[2] for c in CASES])
def test_decide(scores: list[float], status: str) -> None:
    assert decide(scores, T) == status


def test_blocked_top_is_never_matched() -> None:
    assert decide([0.99], T, top_blocked=True) == "ambiguous"


def test_thresholds_per_type_with_fallback() -> None:
    assert thresholds_for(DEFAULT_THRESHOLDS, "person") is DEFAULT_THRESHOLDS["person"]
    assert thresholds_for(DEFAULT_THRESHOLDS, "vessel") is DEFAULT_THRESHOLDS[""]
    assert thresholds_for({}, "person") == Thresholds()


def test_clear_lead_matches_below_the_match_bar() -> None:
    clear = Thresholds(match=0.8, margin=0.1, clear_match=0.7, clear_margin=0.4)
    assert decide([0.75, 0.3], clear) == MATCHED
    assert decide([0.75, 0.4], clear) == AMBIGUOUS
    assert decide([0.75, 0.3], T) == AMBIGUOUS


def test_clear_lead_needs_two_name_words() -> None:
    clear = Thresholds(match=0.8, margin=0.1, clear_match=0.55, clear_margin=0.36)
    assert decide([0.67, 0.0], clear) == MATCHED  # "Jesus AMEZCUA CONTRERAS"
    assert decide([0.67, 0.0], clear, single_word=True) == AMBIGUOUS  # "Ahmad"
    assert decide([0.9, 0.0], clear, single_word=True) == MATCHED  # the main bar still holds


def test_clear_bar_never_serves_another_given_name() -> None:
    from service.matching.decision import DEFAULT_THRESHOLDS, decide

    person = DEFAULT_THRESHOLDS["person"]
    assert decide([0.64, 0.1], person) == "matched"  # far ahead of everything else
    # ...but "Hafez al-Assad" far ahead of all but Bashar is Bashar's father
    assert decide([0.64, 0.1], person, other_given_name=True) == "ambiguous"


def test_a_one_word_name_must_also_reach_the_lone_word_bar() -> None:
    bars = Thresholds(match=0.72, margin=0.24, clear_match=0.55, clear_margin=0.25,
                      lone_word_match=0.75)  # fmt: skip
    assert decide([0.74, 0.0], bars) == MATCHED  # two name words: the match bar is enough
    assert decide([0.74, 0.0], bars, single_word=True) == AMBIGUOUS  # "Beresniki" 0.73
    assert decide([0.75, 0.0], bars, single_word=True) == MATCHED
    assert decide([0.9, 0.8], bars, single_word=True) == AMBIGUOUS  # the margin still holds


def test_default_bars_hold_one_town_name_and_a_low_clear_lead() -> None:
    place, person, org = (DEFAULT_THRESHOLDS[k] for k in ("place", "person", "organization"))
    assert decide([0.73, 0.1], place) == MATCHED
    assert decide([0.73, 0.1], place, single_word=True) == AMBIGUOUS
    assert decide([0.76, 0.1], place, single_word=True) == MATCHED
    for bars in (person, org):  # a clear lead below 0.60 waits ("Milad JADID" 0.597 vs 0.12)
        assert decide([0.58, 0.0], bars) == AMBIGUOUS
        assert decide([0.62, 0.0], bars) == MATCHED
