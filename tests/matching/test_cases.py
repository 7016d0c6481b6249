"""Hand-picked name cases against the small table in conftest.py.

Must-match rows sit beside must-not-match rows; ids read as "query -> entity".
"""

from __future__ import annotations

import pytest

from service.matching import Engine

MUST_MATCH = [
    ("Ash-Sharara", "sharaa"),  # a lone surname
    ("Ahmed Ash-Sharara", "sharaa"),
    ("Ahmad al-Shara'a", "sharaa"),
    ("أحمد الشرع", "sharaa"),
    ("Sergei Verkhinin", "vershinin"),
    ("Serguei Vershinine", "vershinin"),
    ("Сергей Вершинин", "vershinin"),
    ("Assad al-Shibani", "shaibani"),
    ("As'ad al-Shaybani", "shaibani"),
    ("Et-Tanf", "tanf"),
    ("At Tanf", "tanf"),
    ("Владимир Путин", "putin"),
    ("Wladimir Putin", "putin"),
    ("V. Putin", "putin"),
    ("PUTIN, Vladimir", "putin"),
    ("Putin", "putin"),
    ("Vladimir Vladimirovich Putin", "putin"),
    ("AL-ASSAD, Bashar", "bashar"),
    ("Bachar el-Assad", "bashar"),
    ("بشار الأسد", "bashar"),
    ("Tadmur", "palmyra"),
    ("Tadmor", "palmyra"),
    ("Palmira", "palmyra"),
    ("Dimashq", "damascus"),
    ("Damaskus", "damascus"),
    ("Гомель", "homel"),
    ("Kiev", "kyiv"),
    ("Київ", "kyiv"),
    ("Ar Raqqa", "raqqa"),
    ("Raqqah", "raqqa"),
    ("Lukashenka Alyaksandr", "lukashenko"),
    ("Aleksandr Lukashenko", "lukashenko"),
    ("Volodymyr Zelenskyy", "zelensky"),
    ("Muammar Qaddafi", "gaddafi"),
    ("Moammar Gadhafi", "gaddafi"),
    ("Abdurrahman Mustafa", "rahman"),
    ("Abdul Rahman Mustafa", "rahman"),
    ("Usama bin Laden", "bin-laden"),
    ("OAO NK Rosneft", "rosneft"),
    ("OOO Interservis", "interservis"),
    ("NATO", "nato"),  # an acronym of the alias
    ("N.A.T.O.", "nato"),
    ("Stockholm International Peace Research Institute", "sipri"),  # the alias is one
    ("Sever Stal", "severstal"),  # written apart, the alias solid
    ("NORDSTREAM", "nord-stream"),  # written solid, the alias apart
    ("Walid ALOUBAIDI", "oubaidi"),  # the article glued on, before a vowel
    ("Jamal Mubarak", "mubarak"),  # Egyptian g for jim
]

# Names that must never be auto-matched to the entity given (None: to anything).
MUST_NOT_MATCH = [
    ("Assad al-Shibani", "bashar"),
    ("Hafez al-Assad", "bashar"),
    ("Asma al-Assad", "bashar"),
    ("Maher al-Assad", "bashar"),
    ("Hamza bin Laden", "bin-laden"),
    ("Mohammed al-Shaibani", "shaibani"),
    ("Sergey Lavrov", "vershinin"),
    ("Vladimir Solovyov", "putin"),
    ("John Smith", None),
    ("Olaf Scholz", None),
    ("Gazprom", None),
    ("NTAO", None),  # other initials
    ("Nato", None),  # not written as an acronym: a word like any other
    ("Nord Africa Treaty", "nato"),
]

# A lead for a curator, not an answer: the right entity on top, not matched.
SHOWN_NOT_MATCHED = [
    ("Hafez al-Assad", "bashar"),
    ("Ahmad", "sharaa"),  # a lone given name is no surname
    ("Vladimir", "putin"),
]


@pytest.mark.parametrize(
    ("query", "entity_id"), MUST_MATCH, ids=[f"{q} -> {e}" for q, e in MUST_MATCH]
)
def test_must_match(engine: Engine, query: str, entity_id: str) -> None:
    result = engine.resolve(query)
    assert result.status == "matched", result
    assert result.match is not None and result.match.entity_id == entity_id


@pytest.mark.parametrize(
    ("query", "entity_id"), MUST_NOT_MATCH, ids=[f"{q} -/-> {e}" for q, e in MUST_NOT_MATCH]
)
def test_must_not_match(engine: Engine, query: str, entity_id: str | None) -> None:
    result = engine.resolve(query)
    if entity_id is None:
        assert result.status == "no_match", result
    else:
        assert result.match is None or result.match.entity_id != entity_id, result


@pytest.mark.parametrize(
    ("query", "entity_id"), SHOWN_NOT_MATCHED, ids=[f"{q} ~ {e}" for q, e in SHOWN_NOT_MATCHED]
)
def test_shown_for_review(engine: Engine, query: str, entity_id: str) -> None:
    result = engine.resolve(query)
    assert result.status == "ambiguous"
    assert result.candidates[0].entity_id == entity_id


def test_type_filter_keeps_only_that_type(engine: Engine) -> None:
    result = engine.resolve("Tadmur", entity_type="person")
    assert all(c.entity_type == "person" for c in result.candidates)
    assert result.status != "matched"


def test_blocked_entity_is_never_the_match(engine: Engine) -> None:
    result = engine.resolve("Bashar al-Assad", blocked={"bashar"})
    assert result.status == "ambiguous"
    assert result.candidates[0].entity_id == "bashar"


def test_candidates_one_per_entity_best_first(engine: Engine) -> None:
    result = engine.resolve("Bashar Hafez al-Assad", limit=3)
    ids = [c.entity_id for c in result.candidates]
    assert len(ids) == len(set(ids)) and len(ids) <= 3
    assert [c.score for c in result.candidates] == sorted(
        (c.score for c in result.candidates), reverse=True
    )
    assert all(0.0 <= c.score <= 1.0 for c in result.candidates)


@pytest.mark.parametrize("query", ["", "   ", "...", "--", "\u0651\u0640"], ids=repr)
def test_unnormalisable_names_are_no_match(engine: Engine, query: str) -> None:
    result = engine.resolve(query)
    assert result.status == "no_match" and result.candidates == []


def test_explanation_is_json_serialisable(engine: Engine) -> None:
    import json

    result = engine.resolve("Sergei Verkhinin", explain=True)
    explanation = result.candidates[0].explanation
    assert explanation is not None
    assert {"alias", "query_normalized", "alias_keys", "alignment", "components"} <= set(
        explanation
    )
    json.dumps(explanation)
    assert engine.resolve("Sergei Verkhinin").candidates[0].explanation is None


def test_normalize_is_human_readable(engine: Engine) -> None:
    assert engine.normalize("Ash-Sharara") == "ash sharara"
    assert engine.normalize("AL-ASSAD, Bashar") == "bashar al assad"
