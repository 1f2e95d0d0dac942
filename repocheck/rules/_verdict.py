"""Pieces of a verdict that several rule families share: where a finding stands, graded results."""

from __future__ import annotations

from collections.abc import Sequence

from repocheck.facts.snapshot import Snapshot
from repocheck.model import Evidence, Metrics, Result, Status
from repocheck.wording import plural


def committed_or_not(snapshot: Snapshot, paths: Sequence[str]) -> str:
    """ "committed", or how many of ``paths`` are new files a work tree holds, not yet committed.

    A local path is analyzed as it is on disk, so junk or a secret can be found before anyone
    committed it: the message must not say it was.
    """
    new = snapshot.not_committed(paths)
    if not new:
        return "committed"
    if len(new) == len(set(paths)):
        return "about to be committed (new files, not in git yet)"
    return f"committed or about to be ({plural(len(new), 'new file')} not in git yet)"


def result_of(
    status: Status, score: float, message: str, evidence: list[Evidence], metrics: Metrics
) -> Result:
    """A pass, warn or fail result with the score rounded to three decimals."""
    makers = {Status.PASS: Result.passed, Status.WARN: Result.warned, Status.FAIL: Result.failed}
    return makers[status](message, evidence, metrics, score=round(score, 3))


def rated(
    good: bool,
    tolerable: bool,
    score: float,
    message: str,
    evidence: Sequence[Evidence] = (),
    metrics: Metrics | None = None,
) -> Result:
    """Pass, warn or fail by the rule's own thresholds; the score stays continuous in 0..1."""
    score = round(min(1.0, max(0.0, score)), 3)
    make = Result.passed if good else Result.warned if tolerable else Result.failed
    return make(message, list(evidence), metrics, score=score)
