"""Scoring: pure functions from rule results and weights to category scores, a total and a grade."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from repocheck.catalogue import Catalogue, RuleMeta
from repocheck.model import Result, Status, Suppressed

#: Lower bounds of each grade on the 0-100 scale, best first (documented in docs/scoring.md).
GRADE_BANDS: tuple[tuple[str, float], ...] = (("A", 90), ("B", 80), ("C", 65), ("D", 50), ("F", 0))


@dataclass(frozen=True)
class Outcome:
    """One rule's result with the weight it carries in this run (0 when ignored)."""

    meta: RuleMeta
    result: Result
    weight: float
    ignored: str | None = None
    #: Evidence that suppression comments or per-path ignores left out (repocheck/suppress.py).
    suppressed: tuple[Suppressed, ...] = ()
    #: ``repocheck fix`` with the options that propose a fix for this finding, or None
    #: (repocheck/fix/hints.py).
    fix_command: str | None = None

    @property
    def counts(self) -> bool:
        """True when this outcome takes part in the score."""
        return self.ignored is None and self.weight > 0 and self.result.status.scored


@dataclass(frozen=True)
class CategoryScore:
    """A category's 0-10 score and how many of its scored rules passed."""

    id: str
    title: str
    score: float | None  # 0-10, None when no rule of the category applied
    passed: int
    total: int


def apply_requirements(outcomes: Sequence[Outcome]) -> list[Outcome]:
    """One absence costs once: a rule whose prerequisite (``requires`` in the catalogue)
    failed is skipped, naming the prerequisite, instead of charging the same gap again.

    The failed prerequisite then carries the largest weight among itself and the rules it
    stands for, so that lacking CI altogether never costs less than a CI that runs no tests.
    """
    failed = {o.meta.id for o in outcomes if o.counts and o.result.status is Status.FAIL}
    settled = []
    stands_for: dict[str, float] = {}
    for outcome in outcomes:
        missing = [rule_id for rule_id in outcome.meta.requires if rule_id in failed]
        if missing and outcome.ignored is None and outcome.result.status.scored:
            message = f"not scored: {missing[0]} already failed, and that gap counts once"
            stands_for[missing[0]] = max(stands_for.get(missing[0], 0.0), outcome.weight)
            outcome = replace(outcome, result=Result.skipped(message))
        settled.append(outcome)
    return [
        replace(o, weight=max(o.weight, stands_for[o.meta.id])) if o.meta.id in stands_for else o
        for o in settled
    ]


def weighted_mean(outcomes: Iterable[Outcome]) -> float | None:
    """The weight-averaged 0..1 score of the rules that count, or None."""
    counted = [o for o in outcomes if o.counts]
    total = sum(o.weight for o in counted)
    if total == 0:
        return None
    return sum(o.weight * o.result.score for o in counted) / total


def overall(outcomes: Sequence[Outcome]) -> float | None:
    """The repository's 0-100 score, or None when no rule applied."""
    mean = weighted_mean(outcomes)
    return None if mean is None else round(mean * 100, 1)


def shown(score: float | None) -> str:
    """The score as every report and message shows it: the one decimal it was rounded to, without
    a trailing ".0" ("79.7", "80"). Rounding it again for display made 79.7 read as 80 while
    ``--fail-under 80`` failed on it."""
    if score is None:
        return "no score"
    return f"{score:.1f}".removesuffix(".0")


def shortfall(score: float | None, fail_under: float | None) -> str | None:
    """Why ``score`` fails ``--fail-under``, or None when it does not (or no threshold is set).

    The comparison uses the score as shown, so what the reader sees is what was compared.
    """
    if fail_under is None or (score is not None and score >= fail_under):
        return None
    if score is None:
        return f"no rule applied, so there is no score to meet --fail-under {fail_under:g}"
    return f"score {shown(score)} is below --fail-under {fail_under:g}"


def categories(catalogue: Catalogue, outcomes: Sequence[Outcome]) -> list[CategoryScore]:
    """Each category's 0-10 score, in catalogue order."""
    scores = []
    for category in catalogue.categories:
        members = [o for o in outcomes if o.meta.category == category.id]
        if not members:
            continue
        mean = weighted_mean(members)
        scores.append(
            CategoryScore(
                category.id,
                category.title,
                None if mean is None else round(mean * 10, 1),
                sum(1 for o in members if o.counts and o.result.status is Status.PASS),
                sum(1 for o in members if o.counts),
            )
        )
    return scores


def grade(score: float | None) -> str:
    """The letter for a 0-100 score (GRADE_BANDS), or '-' for no score."""
    if score is None:
        return "-"
    for letter, bound in GRADE_BANDS:
        if score >= bound:
            return letter
    return "F"


def potential_gain(outcome: Outcome, outcomes: Sequence[Outcome]) -> float:
    """Points (0-100) the total would gain if this rule's finding were fixed."""
    total = sum(o.weight for o in outcomes if o.counts)
    if not outcome.counts or total == 0:
        return 0.0
    return round(outcome.weight * (1 - outcome.result.score) / total * 100, 1)


def top_fixes(outcomes: Sequence[Outcome], limit: int = 5) -> list[tuple[Outcome, float]]:
    """The findings worth fixing first: most points gained, then the rule's order."""
    gains = [(o, potential_gain(o, outcomes)) for o in outcomes]
    ranked = [(o, gain) for o, gain in gains if gain > 0 and o.result.status is not Status.PASS]
    ranked.sort(key=lambda pair: -pair[1])
    return ranked[:limit]
