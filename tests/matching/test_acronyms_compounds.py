"""Acronyms and words written solid or apart, unit by unit."""

from __future__ import annotations

from service.matching import Engine, acronyms, compounds
from service.matching.keys import build_keys


def engine_of(*rows: tuple[str, str, str]) -> Engine:
    """An engine over (entity id, name, type) rows, each name its entity's one alias."""
    engine = Engine()
    for key, (entity_id, name, entity_type) in enumerate(rows):
        engine.upsert_entity(entity_id, name, entity_type)
        engine.add_alias(key, entity_id, name)
    return engine


def test_initials_with_and_without_legal_forms() -> None:
    tokens = build_keys("Advanced Systems Research Company").tokens
    assert acronyms.initials(tokens) == {"asrc", "asr"}
    assert acronyms.initials(build_keys("Korean Committee for Space Technology").tokens) == {"kcst"}
    assert acronyms.initials(build_keys("Gazprom").tokens) == set()  # one word: no acronym


def test_only_upper_case_words_are_read_as_acronyms() -> None:
    assert acronyms.query_acronym("ZMDC", build_keys("ZMDC")) == "zmdc"
    assert acronyms.query_acronym("Z.M.D.C.", build_keys("Z.M.D.C.")) == "zmdc"
    assert acronyms.query_acronym("Zmdc", build_keys("Zmdc")) is None
    assert acronyms.query_acronym("SYRIAMAR", build_keys("SYRIAMAR")) is None  # too long


def test_longer_acronyms_score_higher_and_stay_below_a_spelling_match() -> None:
    assert acronyms.score("fsb") < acronyms.score("zmdc") < acronyms.score("pgpic") < 0.9


def test_people_are_not_filed_under_initials() -> None:
    engine = engine_of(("p", "Vladimir Vladimirovich Putin", "person"))
    assert engine.resolve("VVP").candidates == []


def test_two_entities_with_the_same_initials_are_ambiguous() -> None:
    engine = engine_of(
        ("a", "Mining Development Corporation", "organization"),
        ("b", "Media Development Center", "organization"),
    )
    assert engine.resolve("MDC").status == "ambiguous"
    explained = engine.resolve("MDC", explain=True).candidates[0].explanation
    assert explained is not None and explained["matched_by"] == "acronym"


def test_variants_join_and_split_words_the_table_knows() -> None:
    engine = engine_of(
        ("a", "Chongchongang Shipping", "organization"), ("b", "Future Bank", "organization")
    )
    index = engine.index
    joined = compounds.variants(build_keys("Chong Chon Gang Shipping"), index)
    assert [[t.text for t in v.tokens] for v in joined] == [["chongchongang", "shipping"]]
    split = compounds.variants(build_keys("Futurebank"), index)
    assert [[t.text for t in v.tokens] for v in split] == [["future", "bank"]]
    assert compounds.variants(build_keys("Unknown Words Here"), index) == []


def test_a_variant_scores_a_little_below_the_name_as_written() -> None:
    engine = engine_of(("b", "Future Bank", "organization"))
    assert engine.resolve("Future Bank").candidates[0].score == 1.0
    assert engine.resolve("FUTUREBANK").candidates[0].score == compounds.VARIANT_FACTOR
    explained = engine.resolve("FUTUREBANK", explain=True).candidates[0].explanation
    assert explained is not None and explained["matched_by"] == "words joined or split"
    assert explained["query_compared"] == "future bank"


def test_glued_article_finds_the_alias_either_way() -> None:
    engine = engine_of(
        ("s", "Saleh Mesfer ALSHAER", "person"), ("o", "Omar Trading", "organization")
    )
    # the query's "shaer" reaches the alias's "alshaer" through the alias's bare key
    assert [c.entity_id for c in engine.resolve("AL-SHAER").candidates] == ["s"]


def test_glossed_words_meet_their_english_gloss() -> None:
    from service.matching.glossary import gloss_of

    assert gloss_of("masrif") == "bank" and gloss_of("gosudarstvennoi") == "state"
    assert gloss_of("bank") == "" and gloss_of("putin") == ""
    engine = engine_of(
        ("cb", "Central Bank of Ruritania", "organization"),
        ("rb", "Ruritania Trading House", "organization"),
    )
    result = engine.resolve("Masrif Ruritania al-Markazi")
    assert result.candidates[0].entity_id == "cb"
    assert result.candidates[0].score > result.candidates[1].score + 0.2


def test_english_plurals_meet_the_gloss_of_their_singular() -> None:
    from service.matching.glossary import gloss_of

    assert gloss_of("brigades") == "brigade" and gloss_of("companies") == "company"
    assert gloss_of("industry") == "industries"
    assert gloss_of("securities") == "" and gloss_of("states") == ""  # other meanings
    engine = engine_of(
        ("k", "Kata'ib Ruritania", "organization"),
        ("s", "Saraya Ruritania", "organization"),
    )
    result = engine.resolve("Ruritania Brigades")
    assert [c.entity_id for c in result.candidates][:1] == ["k"]
    scores = {c.entity_id: c.score for c in result.candidates}
    assert scores["k"] > scores.get("s", 0.0) + 0.1


def test_glosses_leave_the_rarity_of_the_english_word_alone() -> None:
    engine = engine_of(("a", "Katibat Alpha", "organization"))
    index = engine.index
    assert index.idf("brgd") == index.max_idf()  # "brigade" itself is not in the table
    assert engine.resolve("Alpha Brigade").candidates[0].entity_id == "a"


def test_one_word_aliases_are_those_made_of_that_word_alone() -> None:
    """The numpy read of a key's posting list finds what a walk over it finds: the
    aliases that are the word itself, not longer names holding it or other words with
    the same key, removed ones included (the engine's admission drops those)."""
    engine = Engine()
    names = ["IRGC", "IRGC Aerospace Force", "Irgc", "Ah", "AH", "Aah", "Ah Ltd", "IRGC", "ah"]
    for key, name in enumerate(names):
        engine.upsert_entity(f"e{key}", name, "organization")
        engine.add_alias(key, f"e{key}", name)
    engine.remove_alias(7)
    index = engine.index
    for word in ("irgc", "ah", "aah"):
        tid = index.token_pos[(word, "name", False)]
        walked = [
            slot
            for slot in index.postings[index.token_kid[tid]]
            if list(index.alias_token_ids(slot)) == [tid]
        ]
        assert acronyms.one_word_aliases(index, tid) == walked
        assert walked
