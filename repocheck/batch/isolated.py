"""One job in a child interpreter that can be killed: how a Dask worker enforces the timeout.

A Dask worker cannot stop a task that is running in one of its threads, so the task starts
``python -m repocheck.batch.isolated``, hands it the job on standard input, and reads the
Outcome from standard output; past the deadline the child's whole process group is ended
(SIGTERM first, so that the clone is deleted). The child runs in an empty folder of its own,
so nothing in the worker's working directory shadows an import.

The token never travels with a job to a cluster: the child takes ``GITHUB_TOKEN`` from the
worker's own environment.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import pickle
import signal
import subprocess
import sys
import tempfile

from repocheck.batch.pool import GRACE, TERM_WAIT
from repocheck.batch.work import Job, Outcome, failed, review


def _end(process: subprocess.Popen[bytes]) -> None:
    for sig, wait in ((signal.SIGTERM, TERM_WAIT), (signal.SIGKILL, None)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)
        try:
            process.communicate(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def review_isolated(job: Job, timeout: float) -> Outcome:
    """Run ``review(job)`` in a child process; a child past ``timeout`` is stopped."""
    with tempfile.TemporaryDirectory(prefix="repocheck-job-") as empty:
        process = subprocess.Popen(
            [sys.executable, "-m", "repocheck.batch.isolated"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=empty,
            start_new_session=True,
        )
        try:
            output, _ = process.communicate(pickle.dumps(job), timeout=timeout + GRACE)
        except subprocess.TimeoutExpired:
            _end(process)
            return failed(job.key, "timeout", f"no result within {timeout:g} s (--timeout)")
    if process.returncode != 0 or not output:
        return failed(job.key, "crashed", f"the analysis process died (exit {process.returncode})")
    outcome: Outcome = pickle.loads(output)
    return outcome


def main() -> None:
    """The child's side: a pickled Job on standard input, its pickled Outcome on the output."""
    job: Job = pickle.load(sys.stdin.buffer)
    if job.options.token is None and os.environ.get("GITHUB_TOKEN"):
        options = dataclasses.replace(job.options, token=os.environ["GITHUB_TOKEN"])
        job = dataclasses.replace(job, options=options)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    outcome = review(job)
    sys.stdout.buffer.write(pickle.dumps(outcome))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
