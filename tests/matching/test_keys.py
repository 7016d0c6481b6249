"""Keys: phonetic forms and skeletons that bring transcriptions together."""

from __future__ import annotations

import pytest

from service.matching.keys import build_keys, phonetic, skeleton

SAME_SKELETON = [
    ("shaibani", "shibani"),
    ("shaibani", "shaybani"),
    ("assad", "asaad"),
    ("ahmad", "ahmd"),  # Arabic script has no short vowels
    ("hussein", "husayn"),
    ("ivanov", "ivanoff"),
    ("ivanov", "ivanow"),
    ("zelensky", "zelenski"),
    ("zelensky", "zelenskiy"),
    ("vershinin", "vershinine"),
    ("khalid", "halid"),
    ("schukin", "shukin"),
    ("chevardnadze", "shevardnadze"),
    ("vladimir", "wladimir"),
    ("yusuf", "yousuf"),
    ("sergey", "sergej"),
    ("muammar", "muamar"),
    ("salamiyah", "salamiya"),
    ("aliyaf", "aliaf"),  # glide after i
    ("rashidiyya", "rachidia"),
    ("murmanskas", "murmansk"),  # Lithuanian case ending
]
DIFFERENT_SKELETON = [("bashar", "hafez"), ("assad", "asma"), ("amman", "dammam")]


@pytest.mark.parametrize(("a", "b"), SAME_SKELETON, ids=[f"{a}={b}" for a, b in SAME_SKELETON])
def test_transcriptions_share_a_skeleton(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)


@pytest.mark.parametrize(
    ("a", "b"), DIFFERENT_SKELETON, ids=[f"{a}!={b}" for a, b in DIFFERENT_SKELETON]
)
def test_different_names_keep_different_skeletons(a: str, b: str) -> None:
    assert skeleton(a) != skeleton(b)


def test_phonetic_keeps_vowels() -> None:
    assert phonetic("wladimir") == "vladimir"
    assert phonetic("ivanoff") == "ivanov"


def test_build_keys_marks_arabic_script() -> None:
    keys = build_keys("بشار الأسد")
    assert keys.folded == "bshar al asd"
    assert [t.skel for t in keys.tokens] == ["bshr", "asd"]
    assert all(t.abjad for t in keys.tokens)
    assert not any(t.abjad for t in build_keys("Bashar al-Assad").tokens)


def test_build_keys_same_keys_for_word_order() -> None:
    assert (
        build_keys("AL-ASSAD, Bashar").skeleton_string
        == build_keys("Bashar al-Assad").skeleton_string
    )
