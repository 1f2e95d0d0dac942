"""Run jobs on a Dask distributed cluster (``--executor dask --scheduler tcp://HOST:8786``).

Each job becomes one task; the workers clone and analyze, and send the Outcome back to this
process, which alone writes the cache: the cluster needs no shared disk. A task runs the job in
a child process (isolated.py) so that the timeout is enforced on the worker. Tokens stay here,
those in an https URL's user name too: workers use their own ``GITHUB_TOKEN``.

Dask is an optional extra: ``pip install 'repocheck[dask]'``.
"""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from repocheck.acquire.userinfo import without_userinfo
from repocheck.batch.work import Job, Outcome, failed

#: How long to keep trying to reach the scheduler before saying so.
CONNECT_TIMEOUT = "10s"


class ExecutorError(Exception):
    """The executor cannot start; the message is one line."""


def without_credentials(job: Job) -> Job:
    """``job`` as it may travel to the cluster: no token, no user name in an http(s) URL.

    An ssh URL keeps its user name: that is the login, not a secret.
    """
    target = job.target
    if target.lower().startswith(("https://", "http://")):
        target = without_userinfo(target)
    options = dataclasses.replace(job.options, token=None)
    return dataclasses.replace(job, target=target, options=options)


def _probe(scheduler: str) -> None:
    """Fail at once when nothing listens at a ``tcp://`` address (Dask would retry for 10 s)."""
    parts = urlsplit(scheduler if "://" in scheduler else f"tcp://{scheduler}")
    if parts.scheme != "tcp" or not parts.hostname or not parts.port:
        return  # tls://, inproc:// ...: let Dask judge
    try:
        socket.create_connection((parts.hostname, parts.port), timeout=5).close()
    except OSError as exc:
        raise ExecutorError(
            f"cannot reach the Dask scheduler at {scheduler}: {exc.strerror or exc}"
        ) from None


def _client(scheduler: str) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise ExecutorError("--executor dask needs Dask: pip install 'repocheck[dask]'") from None
    _probe(scheduler)
    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ExecutorError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None


class DaskExecutor:
    """Runs jobs as tasks of the cluster whose scheduler is at ``scheduler``."""

    def __init__(self, scheduler: str, timeout: float) -> None:
        self.scheduler = scheduler
        self.timeout = timeout

    def run(self, jobs: Iterable[Job], done: Callable[[Outcome], None]) -> None:
        """Submit every job, calling ``done`` with each Outcome as it arrives."""
        from distributed import as_completed

        from repocheck.batch.isolated import review_isolated

        client = _client(self.scheduler)
        futures: dict[Any, Job] = {}
        try:
            for job in jobs:
                future = client.submit(
                    review_isolated, without_credentials(job), self.timeout, pure=False
                )
                futures[future] = job
            for future in as_completed(list(futures), loop=client.loop):
                done(_outcome(future, futures[future]))
        finally:
            client.cancel([future for future in futures if not future.done()])
            client.close()


def _outcome(future: Any, job: Job) -> Outcome:
    try:
        outcome: Outcome = future.result()
        return outcome
    except Exception as exc:  # a lost worker, a task Dask gave up on
        return failed(job.key, "crashed", f"the Dask task failed: {type(exc).__name__}: {exc}")
