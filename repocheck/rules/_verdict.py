"""Pieces of a verdict shared by the history, hygiene and secrets rules."""

from __future__ import annotations

from repocheck.model import Evidence, Metrics, Result, Status


def plural(count: int, word: str) -> str:
    """``1 commit``, ``2 commits``: the count with the word in the form that fits it."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def result_of(
    status: Status, score: float, message: str, evidence: list[Evidence], metrics: Metrics
) -> Result:
    """A pass, warn or fail result with the score rounded to three decimals."""
    makers = {Status.PASS: Result.passed, Status.WARN: Result.warned, Status.FAIL: Result.failed}
    return makers[status](message, evidence, metrics, score=round(score, 3))
