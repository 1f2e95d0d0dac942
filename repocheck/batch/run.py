"""Run a batch: plan, run the jobs on an executor, store each report, and rank the rows.

Ctrl-C stops the executor (its workers delete their clones), and the batch still returns
every finished result; the jobs that had not finished are rows of kind ``interrupted``. The
cache already holds each finished report, so running the same list again resumes. SIGTERM
and SIGHUP (a scheduler's stop, a closed terminal) stop a batch the same way.

A report that arrives in a shape the rows cannot read (usable.py) is that repository's
failure, never the end of the batch.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Protocol

from repocheck.batch.cache import Cache
from repocheck.batch.inputs import Entry
from repocheck.batch.plan import Plan, Settings, make_plan
from repocheck.batch.progress import Progress
from repocheck.batch.rows import Row, make_row, rank
from repocheck.batch.usable import report_problem
from repocheck.batch.work import Job, Outcome, failed

#: Signals that stop a batch like Ctrl-C does: every finished result is kept and written.
STOPPING = (signal.SIGTERM, signal.SIGHUP)


class Executor(Protocol):
    """Runs jobs somewhere and reports each Outcome as it arrives."""

    def run(self, jobs: Iterable[Job], done: Callable[[Outcome], None]) -> None:
        """Run every job, calling ``done`` for each Outcome."""


@dataclass(frozen=True)
class BatchResult:
    """The ranked rows of a batch, its duration, and whether (by which signal) it was cut short."""

    rows: list[Row]
    seconds: float
    interrupted: bool
    ran: int
    cached: int
    signal: int = signal.SIGINT


class Stopped(KeyboardInterrupt):
    """A stopping signal, raised where Ctrl-C would raise KeyboardInterrupt."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def stopping_signals_interrupt() -> Iterator[None]:
    """While the block runs, SIGTERM and SIGHUP raise :class:`Stopped` in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise Stopped(signum)

    previous = {sig: signal.signal(sig, stop) for sig in STOPPING}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _checked(outcome: Outcome) -> Outcome:
    """``outcome``, or a failure when its report cannot become a row."""
    if not outcome.ok:
        return outcome
    problem = report_problem(outcome.report)
    if problem is None:
        return outcome
    return failed(outcome.key, "crashed", f"the report is unusable: {problem}", outcome.seconds)


def _plan(
    entries: list[Entry], settings: Settings, cache: Cache, announce: Callable[[str], None]
) -> tuple[Plan, int | None]:
    """The plan, and the signal that stopped the planning (every entry then interrupted)."""
    try:
        return make_plan(entries, settings, cache, announce), None
    except KeyboardInterrupt as exc:
        plan = Plan()
        for entry in entries:
            plan.fail(entry, "interrupted", "not reviewed: the batch was interrupted early")
        return plan, getattr(exc, "signum", signal.SIGINT)


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
    with stopping_signals_interrupt():
        plan, stopped_by = _plan(entries, settings, cache, announce)
        outcomes = dict(plan.settled)
        progress.start(list(plan.settled.values()), len(plan.jobs))

        def done(outcome: Outcome) -> None:
            outcome = _checked(outcome)
            outcomes[outcome.key] = outcome
            _store(cache, plan, outcome)
            progress.advance(outcome)

        try:
            if stopped_by is None:
                executor.run(plan.jobs, done)
        except KeyboardInterrupt as exc:
            stopped_by = getattr(exc, "signum", signal.SIGINT)
    cached = sum(1 for o in plan.settled.values() if o.cached)
    for job in plan.jobs:
        if job.key not in outcomes:
            reason = "not reviewed: the batch was interrupted before it finished"
            outcomes[job.key] = failed(job.key, "interrupted", reason)
    rows = rank([make_row(entry, key, outcomes[key]) for entry, key in plan.listed])
    ran = sum(1 for job in plan.jobs if outcomes[job.key].kind != "interrupted")
    seconds = time.monotonic() - started
    if stopped_by is None:
        return BatchResult(rows, seconds, False, ran, cached)
    return BatchResult(rows, seconds, True, ran, cached, stopped_by)
