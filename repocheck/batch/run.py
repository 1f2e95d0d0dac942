"""Run a batch: plan, run the jobs on an executor, store each report, and rank the rows.

Ctrl-C stops the executor (its workers delete their clones), and the batch still returns
every finished result; the jobs that had not finished are rows of kind ``interrupted``. The
cache already holds each finished report, so running the same list again resumes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from repocheck.batch.cache import Cache
from repocheck.batch.inputs import Entry
from repocheck.batch.plan import Plan, Settings, make_plan
from repocheck.batch.progress import Progress
from repocheck.batch.rows import Row, make_row, rank
from repocheck.batch.work import Job, Outcome, failed


class Executor(Protocol):
    """Runs jobs somewhere and reports each Outcome as it arrives."""

    def run(self, jobs: Iterable[Job], done: Callable[[Outcome], None]) -> None:
        """Run every job, calling ``done`` for each Outcome."""


@dataclass(frozen=True)
class BatchResult:
    """The ranked rows of a batch, its duration, and whether it was cut short."""

    rows: list[Row]
    seconds: float
    interrupted: bool
    ran: int
    cached: int


def _store(cache: Cache, plan: Plan, outcome: Outcome) -> None:
    if not outcome.ok or outcome.report is None or outcome.key not in plan.remotes:
        return
    commit = outcome.report.get("repository", {}).get("commit")
    if commit:
        cache.put(outcome.key, commit, outcome.report, outcome.seconds)


def run_batch(
    entries: list[Entry],
    settings: Settings,
    executor: Executor,
    cache: Cache,
    progress: Progress,
    announce: Callable[[str], None] = lambda text: None,
) -> BatchResult:
    """Review every entry; returns the ranked rows even when interrupted."""
    started = time.monotonic()
    plan = make_plan(entries, settings, cache, announce)
    outcomes = dict(plan.settled)
    cached = sum(1 for o in outcomes.values() if o.cached)
    progress.start(list(plan.settled.values()), len(plan.jobs))

    def done(outcome: Outcome) -> None:
        outcomes[outcome.key] = outcome
        _store(cache, plan, outcome)
        progress.advance(outcome)

    interrupted = False
    try:
        executor.run(plan.jobs, done)
    except KeyboardInterrupt:
        interrupted = True
    for job in plan.jobs:
        if job.key not in outcomes:
            reason = "not reviewed: the batch was interrupted before it finished"
            outcomes[job.key] = failed(job.key, "interrupted", reason)
    rows = rank([make_row(entry, key, outcomes[key]) for entry, key in plan.listed])
    ran = sum(1 for job in plan.jobs if outcomes[job.key].kind != "interrupted")
    return BatchResult(rows, time.monotonic() - started, interrupted, ran, cached)
