"""radon's complexity on the other cores, while this process parses: for large repositories.

radon's visitor is the slowest per-file step of the facts (about 25 s on a repository of a
million lines, against 7 s to parse it), and it is pure: each file's functions and their
complexity depend on that file alone. Above a size threshold, worker processes forked before
the parse claim consecutive chunks of the sources from the front, parse each file and measure
it, and send back only the measurements (the trees die with their chunk). This process parses
meanwhile and goes on to the rules: the workers keep measuring while the rules run, and only
when the measurements are first read (``facts.snapshot.Measuring``) does this process claim the
chunks left, from the back, and measure them from its own trees, until both ends meet. The
results are put back in source order: the serial path's facts, chunk by chunk.

A worker that dies costs nothing but time: the chunks it did not report are measured here. A
repository below the threshold never starts a process. Workers are forked, before any thread
starts: they import nothing, least of all anything from the analyzed repository, write to no
stream, and leave with ``os._exit``. A process that already runs threads measures serially
unless ``REPOCHECK_WORKERS`` insists; a daemonic one (a batch's worker) always does.

concurrent.futures' process pool is not used: its manager and feeder threads outlive a run,
and on Python 3.11 cancelling a chunk while a worker dies kills its manager thread.

``REPOCHECK_WORKERS`` overrides the size threshold and the thread check: ``0`` measures in this
process whatever the size, a positive number starts that many workers whatever the size (tests
use it to force the pool: pytest may run threads earlier tests left); any other value leaves
the choice to the threshold.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from repocheck.facts.complexity import measure
from repocheck.facts.python import PythonSource
from repocheck.facts.snapshot import FunctionComplexity, SourceUnit

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

WORKERS_ENV = "REPOCHECK_WORKERS"
#: Lines of Python below which one process does it all. Forking a worker and collecting its
#: results costs a few tens of milliseconds; radon measures roughly 40,000 lines a second, so
#: below this size the second core would save less than the pool costs.
POOL_LINES = 60_000
#: Lines per chunk: small enough for both ends to meet evenly, large enough that claiming a
#: chunk is nothing next to measuring it.
CHUNK_LINES = 5_000

#: Seconds to wait for the claims' lock, held for microseconds by a live process: longer means
#: its holder died holding it.
CLAIM_WAIT = 2.0

Measured = tuple[list[FunctionComplexity], list[str]]
#: The claims on the chunks: the next one from the front, and one past the last from the back.
_FRONT, _BACK = 0, 1


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def planned_workers(lines: int) -> int:
    """How many worker processes to start for ``lines`` lines of Python (0: none)."""
    # multiprocessing (and the socket module it brings) is imported only to start workers:
    # about a tenth of the imports a small repository pays for. A process multiprocessing did
    # not start has not imported it, and is no daemonic child.
    started_by = sys.modules.get("multiprocessing")
    if sys.platform != "linux" or (started_by and started_by.current_process().daemon):
        return 0  # fork is only safe on Linux; a daemonic process (a batch worker) has no children
    setting = os.environ.get(WORKERS_ENV, "")
    return pool_size(lines, setting, threading.active_count() == 1, _cores())


def pool_size(lines: int, setting: str, single_threaded: bool, cores: int) -> int:
    """The choice itself: ``setting`` (``REPOCHECK_WORKERS``) first, then threads and size."""
    if setting.strip().isdigit():
        return int(setting)
    if not single_threaded:
        return 0  # forking a process with threads can copy a lock some thread holds
    if lines < POOL_LINES:
        return 0
    return max(1, cores - 1)  # this process is the other worker


def chunked(sources: Sequence[PythonSource], lines: int = CHUNK_LINES) -> list[range]:
    """Consecutive index ranges of ``sources``, each of about ``lines`` lines (at least one)."""
    chunks: list[range] = []
    start = counted = 0
    for index, source in enumerate(sources):
        counted += source.source.count("\n") + 1
        if counted >= lines:
            chunks.append(range(start, index + 1))
            start, counted = index + 1, 0
    if start < len(sources):
        chunks.append(range(start, len(sources)))
    return chunks


def _claim(claims: Any, from_back: bool) -> int | None:
    """Claim the next chunk from one end; None once the ends have met, or when the lock stays
    taken: its holder was killed inside these few lines (the OOM killer does not wait), and a
    process lock dies held. Claiming then stops everywhere; the chunks nobody reported are
    measured in this process at the end, so a lost lock costs time, never a hang."""
    lock = claims.get_lock()
    if not lock.acquire(timeout=CLAIM_WAIT):
        return None
    try:
        if claims[_FRONT] >= claims[_BACK]:
            return None
        if from_back:
            claims[_BACK] -= 1
            return int(claims[_BACK])
        claims[_FRONT] += 1
        return int(claims[_FRONT] - 1)
    finally:
        lock.release()


def _work(
    sources: Sequence[PythonSource], chunks: list[range], claims: Any, results: Connection
) -> None:
    """A worker's life: measure chunks from the front until none is left, then report them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    gc.disable()  # trees die by reference count; collections would only walk them
    measured: dict[int, Measured] = {}
    status = 1  # on any failure the parent measures whatever it did not hear of
    try:
        while (index := _claim(claims, from_back=False)) is not None:
            chunk = chunks[index]
            measured[index] = measure(
                source.parse() for source in sources[chunk.start : chunk.stop]
            )
        results.send(measured)
        status = 0
    finally:
        # Leave without the interpreter's clean-up: it would flush standard streams whose
        # locks a thread of the parent may have held at the fork.
        os._exit(status)


class ComplexityJob:
    """radon's measurements of ``sources``, started on other cores before they are parsed here."""

    def __init__(self, sources: Sequence[PythonSource], workers: int) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._chunks = chunked(sources)
        self._claims = context.Array("i", [0, len(self._chunks)])
        self._workers: list[tuple[BaseProcess, Connection]] = []
        self._received: dict[int, Measured] = {}
        self._receiver: threading.Thread | None = None
        try:
            for _ in range(workers):
                theirs_read, theirs_write = context.Pipe(duplex=False)
                process = context.Process(
                    target=_work,
                    args=(sources, self._chunks, self._claims, theirs_write),
                    daemon=True,  # never outlives this process
                )
                process.start()
                theirs_write.close()
                self._workers.append((process, theirs_read))
        except BaseException:
            self.close()
            raise
        # Started after the forks: no worker inherits it.
        self._receiver = threading.Thread(target=self._receive, name="complexity", daemon=True)
        self._receiver.start()

    def _receive(self) -> None:
        """Take each worker's results as soon as it sends them: it leaves then, rather than
        wait, holding its memory, until the rules ask for the measurements."""
        for _, results in self._workers:
            with contextlib.suppress(EOFError, OSError):  # a worker that died tells nothing
                self._received.update(results.recv())

    def finish(self, units: Sequence[SourceUnit]) -> Measured:
        """The measurements of ``units`` (the parsed sources), in their order."""
        done: dict[int, Measured] = {}
        try:
            while (index := _claim(self._claims, from_back=True)) is not None:
                done[index] = self._here(units, index)
            if self._receiver is not None:
                self._receiver.join()
            done.update(self._received)
        finally:
            self.close()
        found: list[FunctionComplexity] = []
        notes: list[str] = []
        for index in range(len(self._chunks)):
            chunk_found, chunk_notes = done.get(index) or self._here(units, index)
            found.extend(chunk_found)
            notes.extend(chunk_notes)
        return found, notes

    def close(self) -> None:
        """Stop the workers (a no-op once they are done)."""
        for process, _ in self._workers:
            if process.is_alive():
                process.kill()
            process.join()
        # A killed worker's end of its pipe closed with it: the receiver sees the end and stops.
        if self._receiver is not None:
            self._receiver.join()
        for _, results in self._workers:
            results.close()
        self._workers = []

    def _here(self, units: Sequence[SourceUnit], index: int) -> Measured:
        chunk = self._chunks[index]
        return measure(units[chunk.start : chunk.stop])


def start_complexity(sources: Sequence[PythonSource]) -> ComplexityJob | None:
    """Start measuring ``sources`` on other cores, or None when this process should do it."""
    workers = planned_workers(sum(source.source.count("\n") + 1 for source in sources))
    if workers == 0 or not sources:
        return None
    try:
        return ComplexityJob(sources, workers)
    except (OSError, ImportError):  # no process or shared lock to be had: measure here
        return None
