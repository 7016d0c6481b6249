"""Evaluation: stable folds, cross-validated figures, reliability table and calibration."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

from click.testing import CliRunner

from service import evaluate
from service.cli import main as cli
from service.matching.decision import DEFAULT_THRESHOLDS

ROWS = [
    {"entity": f"e{i}", "type": kind, "origin": "other", "names": names}
    for i, (kind, names) in enumerate(
        [
            ("person", ["Vladimir Putin", "Wladimir Putin", "Vladimir V. Putin"]),
            ("person", ["Bashar al-Assad", "Bachar el-Assad", "AL-ASSAD, Bashar"]),
            ("person", ["Sergey Vershinin", "Sergei Vershinin", "Serguei Vershinine"]),
            ("place", ["Palmyra", "Tadmur", "Tadmor", "Palmira"]),
            ("place", ["Damascus", "Dimashq", "Damaskus"]),
            ("organization", ["Rosneft PAO", "NK Rosneft", "Rosneft OAO"]),
        ]
    )
]


def write_rows(tmp_path: Path) -> str:
    path = tmp_path / "dev.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n", encoding="utf-8")
    return str(path)


def test_hash_fraction_is_pinned() -> None:
    # sha256("e1")[:8] as a fraction of 2**64: a change of hash or salt moves every split
    assert evaluate.hash_fraction("e1") == 10042117733315542322 / 2.0**64
    assert math.isclose(evaluate.hash_fraction("e1"), 0.5443842931407961)
    assert math.isclose(evaluate.hash_fraction("e1", "polyonym-fold:"), 0.9326818625333801)


KEYS = [f"geonames-{n}" for n in range(400)] + [f"ofac-sdn-{n}" for n in range(400)]


def test_folds_are_stable_disjoint_complete_and_non_empty() -> None:
    for k in (2, 5, 10):
        first = {key: evaluate.fold_of(key, k) for key in KEYS}
        assert first == {key: evaluate.fold_of(key, k) for key in reversed(KEYS)}  # stable
        assert set(first.values()) == set(range(k))  # every fold non-empty, none outside
        members = [{key for key, f in first.items() if f == fold} for fold in range(k)]
        assert sum(len(m) for m in members) == len(KEYS)  # disjoint, and all covered
        assert set().union(*members) == set(KEYS)
        assert max(len(m) for m in members) < 2 * len(KEYS) / k  # roughly even


def test_build_puts_every_query_in_its_entitys_fold() -> None:
    _, queries, _ = evaluate.build(ROWS, holdout=0.2, alias_frac=0.5, folds=3)
    assert all(q.fold == evaluate.fold_of(q.entity, 3) for q in queries)
    assert {q.entity for q in queries} == {r["entity"] for r in ROWS}


def test_build_holds_out_absent_entities() -> None:
    engine, queries, aliases = evaluate.build(ROWS, holdout=0.0, alias_frac=0.5)
    assert all(q.present for q in queries)
    assert len(engine) == len(aliases) == 6 + sum((len(r["names"]) - 1) // 2 for r in ROWS)
    _, queries, aliases = evaluate.build(ROWS, holdout=1.0, alias_frac=0.5)
    assert aliases == [] and len(queries) == sum(len(r["names"]) for r in ROWS)


def test_run_eval_reports_each_fold_and_the_spread(tmp_path: Path) -> None:
    out = io.StringIO()
    results = evaluate.run_eval(write_rows(tmp_path), folds=2, holdout=0.2, out=out)
    text = out.getvalue()
    assert [r.fold for r in results] == [0, 1]
    assert "spread" in text and "reliability" in text and "took" in text
    held = [q for r in results for q in r.queries]
    _, queries, _ = evaluate.build(ROWS, holdout=0.2, alias_frac=0.5, folds=2)
    assert sorted(q.text for q in held) == sorted(q.text for q in queries)  # each once
    assert set(results[0].figures) >= {"top1", "auto_right", "precision", "absent_matched"}


def test_spread_is_mean_min_and_max_over_folds() -> None:
    results = [
        evaluate.FoldResult(i, 1, [], None, {**dict.fromkeys(FIGS, 0.5), "top1": top})
        for i, top in enumerate([0.6, 0.9, math.nan])
    ]
    mean, low, high = evaluate.spread(results)["top1"]
    assert (round(mean, 6), low, high) == (0.75, 0.6, 0.9)  # the undefined fold is skipped


FIGS = ("top1", "auto_right", "precision", "absent_matched", "base_top1")


def _answered(
    score: float, right: bool, present: bool = True, status: str = "matched"
) -> evaluate.Query:
    top = "e1" if right else "e2"
    return evaluate.Query("x", "e1", "person", "x", present, top=top, score=score, status=status)


def test_reliability_table_counts_top1_right_per_band() -> None:
    queries = [
        _answered(0.95, True),
        _answered(0.92, False),  # wrong, and matched
        _answered(1.0, True),  # the top band includes 1.0
        _answered(0.75, True, status="ambiguous"),
        _answered(0.72, True, present=False, status="ambiguous"),  # absent: never right
        evaluate.Query("y", "e3", "person", "x", True),  # no candidate: in no band
    ]
    rows = {(low, high): rest for low, high, *rest in evaluate.reliability(queries)}
    assert rows[(0.9, 1.0)] == [3, 2, 3, 2]
    assert rows[(0.7, 0.8)] == [2, 1, 0, 0]
    assert rows[(0.0, 0.5)] == [0, 0, 0, 0]
    assert sum(r[0] for r in rows.values()) == 5


def test_a_fit_sees_only_the_other_folds() -> None:
    queries = [
        evaluate.Query(f"q{i}", f"e{i}", "person", "x", True, fold=i % 3, top=f"e{i}", score=0.9)
        for i in range(9)
    ]
    seen: list[set[int]] = []

    def spy(train):  # type: ignore[no-untyped-def]
        seen.append({q.fold for q in train})
        return {"": evaluate.calibrate([])}

    results = evaluate.cross_validate(queries, 3, spy)
    assert seen == [{1, 2}, {0, 2}, {0, 1}]
    assert all(q.fold == r.fold for r in results for q in r.queries)


def test_grid_fit_prefers_precision_on_the_tuning_folds() -> None:
    kind = {"top_type": "person"}
    right = [evaluate.Query("a", "e1", "person", "x", True, top="e1", score=0.9, **kind)]
    wrong = [evaluate.Query("b", "e2", "person", "x", False, top="e1", score=0.8, **kind)]
    found = evaluate.calibrate(right + wrong)
    assert 0.8 < found.match <= 0.9
    table = evaluate.FITS["grid"](right + wrong)
    assert table is not None and 0.8 < table["person"].match <= 0.9
    assert evaluate.FITS["fixed"](right + wrong) is None


def test_main_and_cli_run_every_file(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = write_rows(tmp_path)
    assert evaluate.main([path, path, "--folds", "2", "--fit", "grid"]) == 0
    assert capsys.readouterr().out.count("2 folds, fit=grid") == 2
    result = CliRunner().invoke(cli, ["eval", path, "--folds", "3", "--details"])
    assert result.exit_code == 0, result.output
    assert "3 folds" in result.output and "by group" in result.output


def test_cli_offers_every_registered_fit() -> None:
    params = {p.name: p for p in next(c for n, c in cli.commands.items() if n == "eval").params}
    assert sorted(params["fit"].type.choices) == sorted(evaluate.FITS)  # type: ignore[attr-defined]


def test_out_of_reach_counts_queries_sharing_no_name_word() -> None:
    aliases = [("Ahmad al-Sharaa", "e1"), ("Abu Mohammad al-Julani", "e1")]
    queries = [
        evaluate.Query("Ahmed Ash-Sharara", "e1", "person", "arabic", True),
        evaluate.Query("Sheikh Jolani", "e1", "person", "arabic", True),
        evaluate.Query("Hayat Tahrir", "e1", "person", "arabic", True),  # no word
        evaluate.Query("Hayat Tahrir", "e2", "person", "arabic", False),  # absent
    ]
    assert evaluate.out_of_reach(queries, aliases) == 1


def test_winnable_misses_need_a_word_few_entities_share() -> None:
    aliases = [
        ("Muhammad al-Shaibani", "e1"),
        ("Muhammad Hassan", "e2"),
        ("Muhammad Ali", "e3"),
    ]
    queries = [
        # missed, but "Shaybani" is e1's alone: tuning might win it
        evaluate.Query("Asaad Shaybani", "e1", "person", "arabic", True, top="e2"),
        # missed, sharing only "Muhammad", which three entities hold
        evaluate.Query("Muhammad Khalid", "e1", "person", "arabic", True, top="e2"),
        # right already, and an absent name: neither is a miss
        evaluate.Query("Mohammed Hasan", "e2", "person", "arabic", True, top="e2"),
        evaluate.Query("Asaad Shaybani", "e9", "person", "arabic", False, top="e1"),
    ]
    assert evaluate.winnable_misses(queries, aliases) == 1


def _absent(rows: list[dict[str, object]], draw: int) -> set[str]:
    _, queries, _ = evaluate.build(rows, holdout=0.3, alias_frac=0.5, folds=2, draw=draw)
    return {q.entity for q in queries if not q.present}


def test_draws_hold_out_other_entities_and_draw_zero_is_the_unsalted_split() -> None:
    rows = [{"entity": k, "type": "place", "names": [k, k + "a", k + "b"]} for k in KEYS]
    unsalted = {k for k in KEYS if evaluate.hash_fraction(k) < 0.3}
    assert _absent(rows, 0) == unsalted
    draws = [_absent(rows, d) for d in range(4)]
    assert all(len(a) > 0.2 * len(KEYS) for a in draws)  # each draw holds out its share
    assert len({frozenset(a) for a in draws}) == 4  # and a different set of entities
    assert _absent(rows, 2) == draws[2]  # stable


def test_run_eval_over_draws_reports_each_draw_and_every_query_once_per_draw(
    tmp_path: Path,
) -> None:
    out = io.StringIO()
    results = evaluate.run_eval(write_rows(tmp_path), folds=2, holdout=0.4, out=out, draws=3)
    text = out.getvalue()
    assert sorted({r.draw for r in results}) == [0, 1, 2]
    assert "absent draws" in text and text.count("draw 2,") == 1
    for draw in range(3):
        held = [q for r in results if r.draw == draw for q in r.queries]
        _, queries, _ = evaluate.build(ROWS, holdout=0.4, alias_frac=0.5, folds=2, draw=draw)
        assert sorted((q.text, q.present) for q in held) == sorted(
            (q.text, q.present) for q in queries
        )


def test_cli_eval_takes_draws(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", "--folds", "2", "--draws", "2", write_rows(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "absent draws" in result.output
    bad = CliRunner().invoke(cli, ["eval", "--draws", "0", write_rows(tmp_path)])
    assert bad.exit_code == 2


def test_two_files_are_also_scored_pooled_per_draw(tmp_path: Path) -> None:
    first = write_rows(tmp_path)
    second = tmp_path / "more.jsonl"
    more = [{**row, "entity": f"m{i}"} for i, row in enumerate(ROWS)]
    second.write_text("\n".join(json.dumps(r) for r in more) + "\n", encoding="utf-8")
    out = io.StringIO()
    evaluate.run_evals([first, str(second)], out=out, folds=2, holdout=0.4, draws=2)
    pooled = out.getvalue().split("all files pooled")[1].split("wrong matches to a namesake")[0]
    pooled = pooled.splitlines()[3:]
    rows = [line.split() for line in pooled if line.strip()]
    assert [(r[0], r[1]) for r in rows] == [
        ("0", "engine"), ("0", "typed"), ("1", "engine"), ("1", "typed")
    ]  # fmt: skip
    for draw in (0, 1):  # n is every held-out query of both files in that draw
        both = [*evaluate.build(ROWS, 0.4, 0.5, 2, draw=draw)[1],
                *evaluate.build(more, 0.4, 0.5, 2, draw=draw)[1]]  # fmt: skip
        assert int(rows[2 * draw][2]) == len(both)
    alone = io.StringIO()
    evaluate.run_evals([first], out=alone, folds=2)
    assert "all files pooled" not in alone.getvalue()


def test_the_grid_keeps_what_it_does_not_search_from_the_type_defaults() -> None:
    queries = [
        evaluate.Query(f"q{i}", "e1", "place", "x", True, top="e1", top_type="place",
                       score=0.9, status="matched")
        for i in range(5)
    ]  # fmt: skip
    fitted = evaluate.calibrate_by_type(queries)["place"]
    place = DEFAULT_THRESHOLDS["place"]
    assert fitted.lone_word_match == place.lone_word_match > 0
    assert fitted.clear_lone_word == place.clear_lone_word


def test_namesakes_are_other_entities_holding_a_name_in_the_engines_form() -> None:
    rows = [
        {"entity": "lb", "type": "place", "names": ["Tripoli", "Tarabulus ash-Sham"]},
        {"entity": "ly", "type": "place", "names": ["Trípoli", "TRIPOLI", "Tarabulus"]},
        {"entity": "gr", "type": "place", "names": ["Tripoli ", "Tripolis"]},
        {"entity": "sy", "type": "place", "names": ["Damascus", "Dimashq"]},
    ]
    found = evaluate.namesakes_of(rows)
    assert found == {"lb": {"ly", "gr"}, "ly": {"lb", "gr"}, "gr": {"lb", "ly"}}
    assert "sy" not in found  # no name of it is another's
    _, queries, _ = evaluate.build(rows, holdout=0.5, alias_frac=0.5)
    assert {q.entity: q.namesakes for q in queries} == {
        q.entity: found.get(q.entity, frozenset()) for q in queries
    }


def _typed(
    entity: str, present: bool, top: str | None, matched: bool, namesakes: str = ""
) -> evaluate.Query:
    """A query's typed answer: its top and whether it was matched."""
    status = "matched" if matched else "ambiguous"
    return evaluate.Query(entity, entity, "place", "x", present, typed_top=top,
                          typed_status=status, namesakes=frozenset(namesakes.split()))  # fmt: skip


def test_namesake_figures_count_wrong_matches_to_a_namesake_apart() -> None:
    queries = [
        _typed("a", True, "a", True),  # right
        _typed("a", True, "a", True),  # right
        _typed("b", True, "c", True, "c"),  # wrong, to a namesake
        _typed("d", False, "c", True, "c"),  # absent, matched to a namesake
        _typed("e", False, "c", True, "f"),  # absent, matched to another entity
        _typed("g", False, "c", False, "c"),  # absent, held back
    ]
    shown = evaluate.namesake_figures(queries, "typed")
    assert shown == {"wrong": 3, "to_namesake": 2, "precision_apart": 2 / 3,
                     "absent_apart": 1 / 3, "absent_namesake": 1 / 3}  # fmt: skip
    assert evaluate.figures(queries, "typed")["precision"] == 2 / 5


def test_run_evals_prints_the_namesake_table_per_draw(tmp_path: Path) -> None:
    out = io.StringIO()
    evaluate.run_evals([write_rows(tmp_path)], out=out, folds=2, draws=2)
    table = out.getvalue().split("wrong matches to a namesake")[1].splitlines()[3:]
    rows = [line.split() for line in table if line.strip()]
    assert [r[0] for r in rows] == ["0", "1"]
    assert all(len(r) == 6 and int(r[2]) <= int(r[1]) for r in rows)
