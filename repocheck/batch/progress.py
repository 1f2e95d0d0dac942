"""The progress bar on standard error: done, failed and remaining, time spent and the ETA.

Every result of the batch counts once: ``done + failed + remaining == total`` at every tick,
and the bar's M/N is (done + failed)/total. Reports taken from the cache (and entries settled
as failures before anything ran) are counted from the start; they are set as the bar's
starting point, not advanced through it, so they do not skew the rate the ETA is computed from.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

from repocheck.batch.rows import is_scored
from repocheck.batch.work import Outcome


class Progress:
    """Counts outcomes; draws nothing unless ``show``."""

    def __init__(self, show: bool) -> None:
        self.show = show
        self.done = 0
        self.failed = 0
        self.remaining = 0
        self.total = 0
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        if self.show:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(
                TextColumn("[bold]repocheck batch"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[counts]}"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self._bar.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()

    def _counts(self) -> str:
        return f"done {self.done}  failed {self.failed}  remaining {self.remaining}"

    def start(self, settled: list[Outcome], jobs: int) -> None:
        """Count what is settled already; ``jobs`` are still to run."""
        self.done = sum(1 for o in settled if is_scored(o))
        self.failed = len(settled) - self.done
        self.remaining = jobs
        self.total = len(settled) + jobs
        if self._bar is not None:
            self._task = self._bar.add_task(
                "batch", total=self.total, completed=len(settled), counts=self._counts()
            )

    def advance(self, outcome: Outcome) -> None:
        """Count one finished job."""
        if self.remaining <= 0:
            return  # never more results than jobs: the counts must keep adding up
        if is_scored(outcome):
            self.done += 1
        else:
            self.failed += 1
        self.remaining -= 1
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, advance=1, counts=self._counts())
