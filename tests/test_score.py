"""Scoring is a pure function of results and weights."""

from __future__ import annotations

import pytest

from repocheck.catalogue import Catalogue, Category, RuleMeta
from repocheck.model import Result
from repocheck.score import (
    Outcome,
    categories,
    grade,
    overall,
    potential_gain,
    shortfall,
    shown,
    top_fixes,
)


def meta(rule_id: str, category: str = "tests", weight: float = 1) -> RuleMeta:
    return RuleMeta(rule_id, rule_id.lower(), category, rule_id, "why", "fix", weight)


def test_overall_is_the_weighted_mean_of_scored_rules() -> None:
    outcomes = [
        Outcome(meta("A001"), Result.passed("ok"), 3),
        Outcome(meta("A002"), Result.failed("bad"), 1),
    ]
    assert overall(outcomes) == 75.0


def test_skip_and_error_leave_the_denominator() -> None:
    outcomes = [
        Outcome(meta("A001"), Result.passed("ok"), 1),
        Outcome(meta("A002"), Result.skipped("n/a"), 5),
        Outcome(meta("A003"), Result.errored("boom"), 5),
    ]
    assert overall(outcomes) == 100.0


def test_ignored_rules_are_not_scored() -> None:
    outcomes = [
        Outcome(meta("A001"), Result.passed("ok"), 1),
        Outcome(meta("A002"), Result.failed("bad"), 0, ignored="not for us"),
    ]
    assert overall(outcomes) == 100.0
    assert potential_gain(outcomes[1], outcomes) == 0.0


def test_no_applicable_rule_means_no_score() -> None:
    assert overall([Outcome(meta("A001"), Result.skipped("n/a"), 1)]) is None
    assert grade(None) == "-"


@pytest.mark.parametrize(
    ("score", "letter"),
    [(100, "A"), (90, "A"), (89.9, "B"), (80, "B"), (65, "C"), (50, "D"), (49.9, "F")],
)
def test_grade_bands(score: float, letter: str) -> None:
    assert grade(score) == letter


def test_categories_score_out_of_ten_and_count_passes() -> None:
    catalogue = Catalogue(
        (Category("tests", "Tests", ""), Category("docs", "Docs", "")),
        (meta("A001"), meta("A002"), meta("D001", "docs")),
    )
    outcomes = [
        Outcome(meta("A001"), Result.passed("ok"), 1),
        Outcome(meta("A002"), Result.warned("meh", score=0.5), 1),
        Outcome(meta("D001", "docs"), Result.skipped("n/a"), 1),
    ]
    tests, docs = categories(catalogue, outcomes)
    assert (tests.score, tests.passed, tests.total) == (7.5, 1, 2)
    assert docs.score is None and docs.total == 0


def test_top_fixes_rank_by_points_gained() -> None:
    outcomes = [
        Outcome(meta("A001"), Result.failed("bad"), 1),
        Outcome(meta("A002"), Result.failed("worse"), 3),
        Outcome(meta("A003"), Result.passed("ok"), 4),
    ]
    ranked = top_fixes(outcomes)
    assert [o.meta.id for o, _ in ranked] == ["A002", "A001"]
    assert ranked[0][1] == pytest.approx(37.5)


@pytest.mark.parametrize(
    ("score", "text"),
    [(79.7, "79.7"), (80.0, "80"), (100.0, "100"), (0.0, "0"), (None, "no score")],
)
def test_a_score_is_shown_as_it_was_rounded(score: float | None, text: str) -> None:
    assert shown(score) == text


def test_fail_under_compares_the_number_the_reader_sees() -> None:
    # 79.7 used to read "80/100" in the terminal while --fail-under 80 failed on it.
    assert shortfall(79.7, 80) == "score 79.7 is below --fail-under 80"
    assert shortfall(80.0, 80) is None
    assert shortfall(None, 10) == "no rule applied, so there is no score to meet --fail-under 10"
    assert shortfall(12.0, None) is None
