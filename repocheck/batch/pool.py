"""Run jobs on this machine: N worker processes, one job each at a time, each under a deadline.

concurrent.futures cannot stop one running task, and one crashed worker breaks its whole pool;
a batch of strangers' repositories needs both. Each worker here is a process of its own session
(Ctrl-C in the terminal reaches only the coordinating process, which decides), fed one job at a
time through a pipe. A job past its deadline gets SIGTERM, which repocheck turns into an orderly
exit that deletes the clone, then SIGKILL for the worker's whole process group; a fresh worker
takes its place, as it does for a worker that died.

Workers fork from a ``forkserver`` that has already imported the analyzer, so a new worker
costs milliseconds, not the second a fresh interpreter needs.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any

from repocheck.batch.work import Job, Outcome, failed, review

#: Seconds a job may run past its timeout before its worker is stopped (the clone's own
#: timeout fires first and explains itself better).
GRACE = 5.0
#: Seconds between SIGTERM and SIGKILL.
TERM_WAIT = 3.0
PRELOAD = ["repocheck.batch.work", "repocheck.analyze", "repocheck.rules"]


def _leave(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def _serve(conn: Connection, cwd: str) -> None:
    """A worker's life: take a job, send its Outcome, until told to stop or orphaned."""
    os.setsid()
    signal.signal(signal.SIGTERM, _leave)
    with contextlib.suppress(OSError):
        os.chdir(cwd)  # relative paths in the list mean what they mean to the reviewer
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        outcome = review(job)
        try:
            conn.send(outcome)
        except OSError:  # the coordinator is gone (BrokenPipeError): nobody to tell
            return


def _start_forkserver() -> None:
    """Start the forkserver from an empty folder.

    It starts as ``python -c``, which puts its working directory first on sys.path: run from
    inside an applicant's checkout, a ``multiprocessing`` folder there would be imported.
    """
    from multiprocessing import forkserver

    here = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="repocheck-start-") as empty:
        os.chdir(empty)
        try:
            forkserver.ensure_running()
        finally:
            os.chdir(here)


def _context() -> Any:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        _start_forkserver()
        return context
    return multiprocessing.get_context("spawn")


class _Slot:
    """One worker process, and the job it is running (if any) since when."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.job: Job | None = None
        self.started = 0.0
        self._spawn()

    def _spawn(self) -> None:
        mine, theirs = self.context.Pipe()
        process = self.context.Process(target=_serve, args=(theirs, os.getcwd()), daemon=True)
        process.start()
        theirs.close()
        self.conn: Connection = mine
        self.process: BaseProcess = process

    def give(self, job: Job) -> None:
        """Send ``job`` to the worker."""
        self.job, self.started = job, time.monotonic()
        self.conn.send(job)

    def take(self) -> Outcome | None:
        """The worker's Outcome if it sent one; None when it died instead."""
        try:
            if self.conn.poll():
                outcome: Outcome = self.conn.recv()
                return outcome
        except (EOFError, OSError):
            pass
        return None

    def restart(self) -> None:
        """Stop the worker, however busy, and start a fresh one in its place."""
        self.stop()
        self._spawn()

    def stop(self) -> None:
        """Ask nicely (SIGTERM runs the clean-up), then kill the worker's process group."""
        self.job = None
        process = self.process
        if process.is_alive():
            process.terminate()
            process.join(TERM_WAIT)
        if process.pid is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)  # ruff or git children left behind
        if process.is_alive():
            process.kill()
        process.join()
        self.conn.close()

    def finish(self) -> None:
        """Let an idle worker exit on its own."""
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(TERM_WAIT)
        self.stop()


def _feed(slots: list[_Slot], pending: deque[Job]) -> None:
    """Give each idle worker the next job."""
    for slot in slots:
        if slot.job is None and pending:
            slot.give(pending.popleft())


class LocalPool:
    """Runs jobs on ``workers`` processes; ``timeout`` seconds per job, then the job fails."""

    def __init__(self, workers: int, timeout: float, grace: float = GRACE) -> None:
        self.workers = max(1, workers)
        self.timeout = timeout
        self.grace = grace

    def run(self, jobs: Iterable[Job], done: Callable[[Outcome], None]) -> None:
        """Run every job, calling ``done`` with each Outcome as it arrives."""
        pending = deque(jobs)
        if not pending:
            return  # everything came from the cache: no forkserver to start
        context = _context()
        slots = [_Slot(context) for _ in range(min(self.workers, len(pending)))]
        try:
            while pending or any(slot.job for slot in slots):
                _feed(slots, pending)
                self._collect(slots, done)
        finally:
            for slot in slots:
                slot.finish() if slot.job is None else slot.stop()

    def _collect(self, slots: list[_Slot], done: Callable[[Outcome], None]) -> None:
        """Wait until a busy worker answers, dies or runs out of time, and settle it."""
        busy = [slot for slot in slots if slot.job is not None]
        limit = self.timeout + self.grace
        now = time.monotonic()
        wait_for = max(0.0, min(slot.started + limit - now for slot in busy))
        ready = set(wait([s.conn for s in busy] + [s.process.sentinel for s in busy], wait_for))
        for slot in busy:
            if slot.conn in ready or slot.process.sentinel in ready:
                done(self._answer(slot))
            elif time.monotonic() - slot.started > limit:
                done(self._expire(slot))

    def _answer(self, slot: _Slot) -> Outcome:
        """The Outcome the worker sent, or a crash when it died instead."""
        job = slot.job
        assert job is not None
        outcome = slot.take()
        if outcome is None:
            slot.process.join(TERM_WAIT)  # its pipe closes a moment before it is reaped
            code = slot.process.exitcode
            outcome = failed(job.key, "crashed", f"the worker process died (exit {code})")
            slot.restart()
        slot.job = None
        return outcome

    def _expire(self, slot: _Slot) -> Outcome:
        """Stop a worker past the deadline; its job times out."""
        job = slot.job
        assert job is not None
        seconds = time.monotonic() - slot.started
        slot.restart()
        return failed(
            job.key, "timeout", f"no result within {self.timeout:g} s (--timeout)", seconds
        )
