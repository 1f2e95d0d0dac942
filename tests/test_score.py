"""Scoring is a pure function of results and weights."""

from __future__ import annotations

import pytest

from repocheck.analyze import evaluate
from repocheck.catalogue import Catalogue, Category, RuleMeta, load_catalogue
from repocheck.model import Result, Status
from repocheck.report import Target
from repocheck.score import (
    Outcome,
    apply_requirements,
    categories,
    grade,
    overall,
    potential_gain,
    shortfall,
    shown,
    top_fixes,
)
from tests.helpers import snapshot_from


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


# ---------------------------------------------------------------------------- one absence, once


def test_a_rule_whose_prerequisite_failed_is_skipped_naming_it() -> None:
    dependent = RuleMeta("A002", "a002", "tests", "A002", "why", "fix", 2, requires=("A001",))
    outcomes = [
        Outcome(meta("A001"), Result.failed("no tests"), 3),
        Outcome(dependent, Result.failed("no test lines"), 2),
    ]
    settled = apply_requirements(outcomes)
    assert settled[0] == outcomes[0]
    assert settled[1].result.status is Status.SKIP
    assert settled[1].result.message.startswith("not scored: A001 already failed")
    assert overall(settled) == 0.0 and potential_gain(settled[0], settled) == 100.0


def test_a_prerequisite_that_passes_or_warns_leaves_the_dependent_scored() -> None:
    dependent = RuleMeta("A002", "a002", "tests", "A002", "why", "fix", 1, requires=("A001",))
    for prerequisite in (Result.passed("ok"), Result.warned("thin"), Result.skipped("n/a")):
        outcomes = [
            Outcome(meta("A001"), prerequisite, 1),
            Outcome(dependent, Result.failed("x"), 1),
        ]
        assert apply_requirements(outcomes) == outcomes


def test_no_tests_and_no_ci_each_cost_once_in_a_real_report() -> None:
    files = {
        "model.py": "import torch\n\nclass Net(torch.nn.Module):\n    def forward(self, x):\n        return x\n",
        "train.py": "import torch\nfrom model import Net\n\nfor x in loader:\n    Net()(x).sum().backward()\n",
    }
    report = evaluate(snapshot_from(files), Target("repo", "repo"))
    status = {o.meta.id: o.result for o in report.outcomes}
    assert status["TEST001"].status is Status.FAIL and status["DOCS003"].status is Status.FAIL
    for rule_id, prerequisite in (
        ("TEST004", "TEST001"),
        ("SANITY003", "TEST001"),
        ("TEST003", "DOCS003"),
    ):
        assert status[rule_id].status is Status.SKIP, rule_id
        assert prerequisite in status[rule_id].message


def test_a_ci_that_runs_the_tests_outranks_one_that_cannot_run() -> None:
    tests = "def test_a():\n    assert 1\n\ndef test_b():\n    assert 2\n\ndef test_c():\n    assert 3\n"
    runs = "on: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n"
    broken = "on: [push]\njobs:\n  t:\n    steps:\n      - run: pytest\n    - bad: [\n"
    base = {"tests/test_a.py": tests, "lib.py": "X = 1\n"}
    good = evaluate(snapshot_from({**base, ".github/workflows/ci.yml": runs}), Target("a", "a"))
    bad = evaluate(snapshot_from({**base, ".github/workflows/ci.yml": broken}), Target("b", "b"))
    assert good.score is not None and bad.score is not None and good.score > bad.score


def test_every_prerequisite_in_the_catalogue_is_a_catalogued_rule() -> None:
    catalogue = load_catalogue()
    known = {meta.id for meta in catalogue.rules}
    declared = {meta.id: meta.requires for meta in catalogue.rules if meta.requires}
    assert declared["TEST004"] == ("TEST001",) and declared["SANITY003"] == ("TEST001",)
    assert set(declared["TEST003"]) == {"DOCS003", "TEST001"}
    assert all(set(requires) <= known - {rule_id} for rule_id, requires in declared.items())


def test_a_failed_prerequisite_carries_the_largest_weight_it_stands_for() -> None:
    ci = RuleMeta("D003", "d003", "docs", "D003", "why", "fix", 1)
    runs = RuleMeta("T003", "t003", "tests", "T003", "why", "fix", 2, requires=("D003",))
    other = meta("X001", weight=4)
    no_ci = [
        Outcome(ci, Result.failed("no CI"), 1),
        Outcome(runs, Result.failed("no CI"), 2),
        Outcome(other, Result.passed("ok"), 4),
    ]
    ci_without_tests = [
        Outcome(ci, Result.passed("ci.yml"), 1),
        Outcome(runs, Result.failed("runs no tests"), 2),
        Outcome(other, Result.passed("ok"), 4),
    ]
    settled = apply_requirements(no_ci)
    assert settled[0].weight == 2 and settled[1].result.status is Status.SKIP
    # No CI at all never outranks a CI that runs something, even if not the tests.
    assert overall(settled) < overall(apply_requirements(ci_without_tests))


def test_an_ignored_or_weightless_prerequisite_leaves_its_dependents_scored() -> None:
    dependent = RuleMeta("A002", "a002", "tests", "A002", "why", "fix", 1, requires=("A001",))
    ignored = Outcome(meta("A001"), Result.skipped("ignored"), 0.0, "not ours")
    weightless = Outcome(meta("A001"), Result.failed("no tests"), 0.0)
    for prerequisite in (ignored, weightless):
        outcomes = [prerequisite, Outcome(dependent, Result.failed("x"), 1)]
        assert apply_requirements(outcomes) == outcomes
