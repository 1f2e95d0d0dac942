"""What a long run is doing, said on standard error once it has taken a while.

The facts and rule stages report to a :class:`Progress`: ``stage`` names what starts (with how
many steps it counts, if it counts any) and ``advance`` counts a step. The base class ignores
every call, so the library, the batch and the Action pay nothing for it and import nothing.

:class:`TerminalProgress` is the command line's: it waits ``delay`` seconds (a short run says
nothing at all), then draws the stage and a bar with rich, or with ``plain`` prints the stage
once as one line. It writes only to standard error and is gone before the report is written.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from types import TracebackType
from typing import Any, TextIO, TypeVar

T = TypeVar("T")

#: Seconds a run may take before the progress shows; tests set it to 0.
DELAY_VARIABLE = "REPOCHECK_PROGRESS_DELAY"
DEFAULT_DELAY = 2.0

#: How often the bar follows ``advance`` (seconds): a count per file must cost next to nothing.
_UPDATE_EVERY = 0.1


class Progress:
    """Receives the stages of a run; this base class shows nothing."""

    def stage(self, text: str, total: int | None = None) -> None:
        """A new stage starts: ``text`` says what it does, ``total`` how many steps it counts."""

    def advance(self, steps: int = 1) -> None:
        """``steps`` more steps of the current stage are done."""

    def counted(self, items: Iterable[T]) -> Iterator[T]:
        """``items``, one step counted after each is handled."""
        for item in items:
            yield item
            self.advance()


#: The progress of a caller that wants none.
QUIET = Progress()


def display_mode(
    stderr_is_terminal: bool,
    report_to_pipe: bool,
    plain: bool = False,
    environ: Mapping[str, str] | None = None,
) -> str | None:
    """``"bar"``, ``"line"`` (one plain line) or None (nothing) for a run of the command line.

    Nothing when standard error is no terminal, in CI, or when the report goes down a pipe (a
    program reads it, or a pager that owns the screen). NO_COLOR, TERM=dumb and ``plain`` ask
    for plain output: one line, no redrawing.
    """
    environ = os.environ if environ is None else environ
    in_ci = environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    if not stderr_is_terminal or report_to_pipe or in_ci:
        return None
    if plain or environ.get("NO_COLOR") or environ.get("TERM", "") == "dumb":
        return "line"
    return "bar"


def on_stderr(
    report_to_pipe: bool, plain: bool, first: str = "starting"
) -> TerminalProgress | contextlib.nullcontext[Progress]:
    """The progress of a command whose run may be long (``check``, ``fix``), as a ``with``
    block: on a terminal's standard error once the run takes a while, else none."""
    mode = display_mode(sys.stderr.isatty(), report_to_pipe, plain)
    if mode is None:
        return contextlib.nullcontext(QUIET)
    return TerminalProgress(plain=mode == "line", delay=delay_from(), first=first)


def leads_to_program(stream: TextIO) -> bool:
    """Whether ``stream`` leads to another program (a pipe or a socket), not a terminal or a
    file; True when that cannot be told, so that the progress says less."""
    import stat

    try:
        mode = os.fstat(stream.fileno()).st_mode
    except (OSError, ValueError, AttributeError):  # closed, or no file behind it
        return True
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def delay_from(environ: Mapping[str, str] | None = None) -> float:
    """The delay REPOCHECK_PROGRESS_DELAY asks for; the default for a value that is no number
    of seconds; ``inf`` never shows the progress."""
    environ = os.environ if environ is None else environ
    try:
        delay = float(environ.get(DELAY_VARIABLE, DEFAULT_DELAY))
    except ValueError:
        return DEFAULT_DELAY
    return delay if delay >= 0 else DEFAULT_DELAY  # nan fails the comparison too


class TerminalProgress(Progress):
    """Shows the stage on standard error once ``delay`` seconds have passed; use it as a
    ``with`` block, whose end removes the bar before anything else is printed."""

    def __init__(
        self,
        plain: bool,
        delay: float = DEFAULT_DELAY,
        stream: TextIO | None = None,
        first: str = "starting",
    ) -> None:
        self._plain = plain
        self._stream = stream
        self._lock = threading.Lock()
        self._text = first
        self._total: int | None = None
        self._done = 0
        self._drawn_at = 0.0
        self._started = time.monotonic()
        self._bar: Any = None  # rich's Progress, once shown
        self._task: Any = None
        self._timer: threading.Timer | None = None
        if math.isfinite(delay):
            self._timer = threading.Timer(delay, self._show)
            self._timer.daemon = True

    def __enter__(self) -> TerminalProgress:
        self._started = time.monotonic()
        if self._timer is not None:
            self._timer.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer.join()  # a bar being set up is finished, so it can be taken down
        with self._lock, contextlib.suppress(OSError):  # a terminal gone: nothing to clear
            if self._bar is not None:
                self._update()  # the steps counted since the last draw
                self._bar.stop()
            self._bar = None

    def stage(self, text: str, total: int | None = None) -> None:
        """Show the new stage at once, with its count from zero."""
        with self._lock:
            self._text, self._total, self._done = text, total, 0
            if self._bar is not None:
                with contextlib.suppress(OSError):  # the terminal went away: the run goes on
                    self._new_task()
                    self._bar.refresh()

    def advance(self, steps: int = 1) -> None:
        """Count the steps; the bar follows at most every _UPDATE_EVERY seconds."""
        self._done += steps
        if self._bar is None or time.monotonic() - self._drawn_at < _UPDATE_EVERY:
            return
        with self._lock:
            if self._bar is not None:
                self._update()

    def _count(self) -> str:
        return "" if self._total is None else f"{min(self._done, self._total)}/{self._total}"

    def _update(self) -> None:
        self._drawn_at = time.monotonic()
        done = min(self._done, self._total) if self._total else 0
        self._bar.update(self._task, completed=done, count=self._count())

    def _new_task(self) -> None:
        """One rich task per stage: rich cannot take a task's total back to "none", and
        without one it draws a bar that pulses, for a stage that counts nothing."""
        if self._task is not None:
            self._bar.remove_task(self._task)
        self._drawn_at = time.monotonic()
        self._task = self._bar.add_task(
            self._text, total=self._total or None, completed=self._done, count=self._count()
        )
        # The clock shows the time since the run started, not since this stage did.
        self._bar.tasks[-1].start_time = self._started

    def _show(self) -> None:
        """The delay is over: one line, or the bar. Runs in the timer's thread, where an
        exception would print a traceback: progress that cannot be shown is left out."""
        try:
            self._start_showing()
        except Exception:  # an odd terminal must never sink or deface the run
            with self._lock:
                self._bar = None

    def _start_showing(self) -> None:
        """One plain line, or the bar (rich is imported now, not at start-up)."""
        stream = self._stream or sys.stderr
        if self._plain:
            with self._lock:
                text = self._text
            stream.write(f"repocheck: {text}...\n")
            stream.flush()
            return
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        bar = Progress(
            SpinnerColumn(),
            TextColumn("[bold]repocheck[/bold] {task.description}"),
            BarColumn(),
            TextColumn("{task.fields[count]}"),
            TimeElapsedColumn(),
            console=Console(file=stream, highlight=False),
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
            refresh_per_second=5,
            get_time=time.monotonic,
        )
        with self._lock:
            self._bar = bar
            self._new_task()
            bar.start()
