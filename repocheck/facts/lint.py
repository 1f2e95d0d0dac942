"""One ruff check with repocheck's fixed selection, one with the repo's own, one format check.

Every run is ``--isolated``: ruff reads no configuration file, so nothing outside the repository
(a symlinked config, an ``extend`` path, a parent folder's pyproject.toml, the reviewer's own
ruff config) can change a result. What repocheck takes from the repository it passes on the
command line (ruff_config.py). A run that fails raises LintError; it never counts as clean.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from ruff.__main__ import find_ruff_bin

from repocheck.facts.ruff_config import RuffSettings, to_toml
from repocheck.facts.snapshot import Formatting, Lint, LintDiagnostic
from repocheck.patterns import compile_on_use

#: Rules that signal bugs and unreadable code rather than taste; fixed so scores compare across
#: repositories and over time (a repository's own config could switch everything off).
SELECTION = "E4,E7,E9,F,B,PLE,UP,SIM"
#: Calls that declare what a parameter is when they stand in its default: FastAPI's and
#: Typer's markers, evaluated once by design (ruff's documented setting for them; B008), and
#: Gradio's progress tracker, which Gradio finds by that default and replaces per event.
_PARAMETER_MARKERS = tuple(
    [f"fastapi.{name}" for name in ("Depends", "Security", "File", "Form", "Body", "Query")]
    + [f"fastapi.{name}" for name in ("Path", "Header", "Cookie")]
    + [f"fastapi.params.{name}" for name in ("Depends", "Security", "File", "Form", "Body")]
    + ["typer.Option", "typer.Argument", "gradio.Progress"]
)
#: Calls that build an immutable value, as harmless in a default as the tuple ruff allows:
#: ``device=torch.device("cpu")`` is how PyTorch code spells a default device.
_IMMUTABLE_VALUES = ("torch.device",)
_FIXED_SETTINGS = to_toml(
    {"lint.flake8-bugbear.extend-immutable-calls": [*_PARAMETER_MARKERS, *_IMMUTABLE_VALUES]}
)
#: For a repository that declares no Python: the newest, so that no modern syntax is flagged.
UNDECLARED_TARGET = "py314"
_HUNK = compile_on_use(r"^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@")
_CELL_SUFFIX = compile_on_use(r"(\.ipynb):cell \d+$")
# A notebook's position has three numbers (cell:line:column), a module's two, a read error none.
_PER_FILE_ERROR = compile_on_use(r"^error: Failed to (?:parse|read|format) (.+?)(?::\d+)*: ")


class LintError(Exception):
    """ruff could not run or printed something unexpected."""

    pass


class LintStopped(LintError):
    """The run was stopped from outside: its result is no longer wanted."""


class LintCrashed(LintError):
    """ruff died partway (a stack overflow, a panic) without saying on which file."""


T = TypeVar("T")
#: How many more ruff runs a crash may cost before the check fails as a whole.
_CRASH_RUNS = 64


#: How long a run goes on after its stop was asked for, at most.
_STOP_POLL = 0.1
_DEADLINE = 300


@functools.lru_cache(maxsize=1)
def ruff_binary() -> str:
    """Locate ruff once: ``find_ruff_bin`` reads sysconfig, which is not safe across threads."""
    return str(find_ruff_bin())


def _ruff_env() -> dict[str, str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("RUFF_CACHE_DIR", None)
    return env


def _ruff(
    args: Sequence[str], root: Path, files: Sequence[str], stop: threading.Event | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ruff on ``files``; setting ``stop`` kills it within a tenth of a second.

    The caller stops a run whose files include code too deep to parse: ruff format can spend
    minutes on such a file before it overflows its stack.
    """
    # Paths go after "--" so that a file named "-rf" is a path, never an option.
    command = [ruff_binary(), *args, "--isolated", "--no-cache", "--", *files]
    try:
        process = subprocess.Popen(
            command,
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_ruff_env(),
        )
    except OSError as exc:
        raise LintError(f"ruff could not run: {exc}") from exc
    with process:
        deadline = time.monotonic() + _DEADLINE
        while True:
            if stop is not None and stop.is_set():
                process.kill()
                process.communicate()
                raise LintStopped("ruff was stopped")
            left = deadline - time.monotonic()
            try:
                # Waiting again after a timeout loses no output (subprocess keeps it).
                out, err = process.communicate(timeout=min(left, _STOP_POLL) if stop else left)
                break
            except subprocess.TimeoutExpired as exc:
                if time.monotonic() < deadline:
                    continue
                process.kill()
                process.communicate()
                raise LintError(f"ruff could not run: {exc}") from exc
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def _reason(stderr: str) -> str:
    """ruff's own one-line reason: its first ``error:`` line, else its innermost cause.

    ruff runs isolated, so the reason can only be about the repository or repocheck's own
    arguments, never about a file elsewhere.
    """
    lines = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error:")]
    causes = [line.removeprefix("Cause:").strip() for line in lines if line.startswith("Cause:")]
    return (errors[:1] or causes[-1:] or lines[:1] or ["unknown failure"])[0][:160]


@functools.lru_cache(maxsize=1)
def ruff_version() -> str:
    """The version of the ruff binary that runs, recorded so scores can be compared.

    Asked of the binary itself (``ruff 0.x.y``): importing importlib.metadata for it cost
    30-40 ms of the interpreter's time at every check, while the main thread parses; the
    extra process waits outside it. "unknown" when ruff cannot say.
    """
    try:
        done = subprocess.run(
            [ruff_binary(), "--version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    words = done.stdout.split()
    return words[1] if done.returncode == 0 and len(words) >= 2 else "unknown"


def _crashed(result: subprocess.CompletedProcess[str]) -> None:
    """Raise LintCrashed when ruff died rather than reported: a signal, or an exit code of its
    own (0 clean, 1 found something, 2 refused) it never gives."""
    if result.returncode < 0 or result.returncode > 2:
        raise LintCrashed(f"ruff crashed: {_reason(result.stderr)}")


def _sparing(run: Callable[[list[str]], T], files: list[str]) -> tuple[list[T], list[str]]:
    """``run`` on ``files``, and when ruff crashes, on each half in turn, down to one file:
    the results of the runs that finished, and the files ruff crashes on even alone.

    ruff overflows the stack of its worker threads on code about 2,000 links deep, which
    Python still parses (``a.b.b...``, ``not not ...``); given that file alone it reads it on
    its larger main stack. A crash costs about twice the logarithm of the file count in runs,
    at most ``_CRASH_RUNS`` in all: past that the check fails as a whole, as before.
    """
    results: list[T] = []
    crashed: list[str] = []
    pending = [files]
    reruns = 0
    while pending:
        some = pending.pop()
        try:
            results.append(run(some))
        except LintCrashed:
            reruns += 2 if len(some) > 1 else 0
            if reruns > _CRASH_RUNS:
                raise
            if len(some) == 1:
                crashed += some
            else:
                half = len(some) // 2
                pending += [some[half:], some[:half]]
    return results, sorted(crashed)


def _diagnostics(result: subprocess.CompletedProcess[str], root: Path) -> list[LintDiagnostic]:
    _crashed(result)
    if result.returncode not in (0, 1):
        raise LintError(f"ruff check failed: {_reason(result.stderr)}")
    try:
        raw = json.loads(result.stdout or "[]")
    except ValueError as exc:
        raise LintError("ruff printed no JSON") from exc
    diagnostics = []
    real_root = str(root.resolve())
    for item in raw:
        filename = os.path.relpath(item.get("filename", ""), real_root).replace(os.sep, "/")
        location = item.get("location") or {}
        cell = item.get("cell")
        diagnostics.append(
            LintDiagnostic(
                path=filename,
                line=location.get("row"),
                code=item.get("code") or "syntax-error",
                message=item.get("message", ""),
                cell=cell - 1 if isinstance(cell, int) else None,
                column=location.get("column"),
            )
        )
    return diagnostics


def language_named(texts: Mapping[str, str], files: Sequence[str]) -> dict[str, str]:
    """The notebooks among ``files`` that ruff would skip, each with its language named: a
    kernelspec that names no ``language`` and no ``language_info`` (as Colab saved notebooks
    for years). ruff reads such a notebook as not Python and reports nothing, so its code
    would pass as clean unread. Read from the texts already collected, once for both runs."""
    named = {}
    for path in files:
        text = texts.get(path) if path.endswith(".ipynb") else None
        if text is None or '"kernelspec"' not in text or '"language_info"' in text:
            continue  # ruff reads it (or it names its language somewhere: left as it is)
        try:
            document = json.loads(text)
        except ValueError:
            continue  # ruff says what it cannot read
        metadata = document.get("metadata") if isinstance(document, dict) else None
        spec = metadata.get("kernelspec") if isinstance(metadata, dict) else None
        if isinstance(spec, dict) and not isinstance(spec.get("language"), str):
            metadata["language_info"] = {"name": "python"}  # type: ignore[index]
            named[path] = json.dumps(document)
    return named


@contextlib.contextmanager
def _runs(
    root: Path, files: Sequence[str], named: Mapping[str, str]
) -> Iterator[list[tuple[Path, list[str]]]]:
    """Where ruff reads ``files``: the repository, and for the notebooks it would skip (their
    texts with the language named, see :func:`language_named`) a temporary folder holding
    those texts under the same relative paths, so that what ruff reports reads back as the
    repository's. Only non-empty runs: ruff given no file reads its whole working folder."""
    copies = {path: named[path] for path in files if path in named}
    rest = [path for path in files if path not in copies]
    if not copies:
        yield [(root, rest)] if rest else []
        return
    with tempfile.TemporaryDirectory(prefix="repocheck-notebooks-") as folder:
        for path, text in copies.items():
            target = Path(folder, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        yield ([(root, rest)] if rest else []) + [(Path(folder), sorted(copies))]


def _target(settings: RuffSettings) -> str:
    return settings.target.ruff if settings.target else UNDECLARED_TARGET


def _own_count(
    root: Path, files: Sequence[str], settings: RuffSettings, stop: threading.Event | None
) -> tuple[int | None, str | None]:
    """Findings with the repo's own lint settings (not scored), or why ruff refused them."""
    if settings.own is None or not files:
        return None, None
    own = dict(settings.own)
    if settings.target and "target-version" not in own:
        own["target-version"] = settings.target.ruff
    args = ["check", "--config", to_toml(own), "--output-format", "json", "--exit-zero"]
    try:
        return len(_diagnostics(_ruff(args, root, files, stop), root)), None
    except (LintStopped, LintCrashed):
        raise
    except LintError as exc:
        return None, str(exc)


def collect_lint(
    root: Path,
    files: Sequence[str],
    lines: int,
    settings: RuffSettings | None = None,
    stop: threading.Event | None = None,
    named: Mapping[str, str] | None = None,
) -> Lint:
    """Lint ``files`` once with the fixed selection and, if it has one, the repo's config;
    ``named`` notebooks (see :func:`language_named`) are linted as those texts.

    Setting ``stop`` ends the runs early with LintStopped.
    """
    settings = settings or RuffSettings()
    args = [
        "check",
        *("--select", SELECTION, "--target-version", _target(settings)),
        *("--config", _FIXED_SETTINGS, "--output-format", "json", "--exit-zero"),
    ]
    diagnostics: list[LintDiagnostic] = []
    own_count: int | None = None
    own_error: str | None = None
    crashed: list[str] = []
    with _runs(root, files, named or {}) as runs:
        for place, some in runs:

            def both(
                part: list[str], place: Path = place
            ) -> tuple[list[LintDiagnostic], int | None, str | None]:
                found = _diagnostics(_ruff(args, place, part, stop), place)
                return (found, *_own_count(place, part, settings, stop))

            done, failed = _sparing(both, some)
            crashed += failed
            for found, count, error in done:
                diagnostics += found
                own_error = own_error or error
                if count is not None:
                    own_count = (own_count or 0) + count
    if own_error:
        own_count = None
    target = settings.target
    return Lint(
        SELECTION,
        ruff_version(),
        tuple(diagnostics),
        len(files) - len(crashed),
        lines,
        own_count,
        target.dotted if target else None,
        target.source if target else None,
        own_error,
        crashed=tuple(sorted(crashed)),
    )


def _hunk_changes(lines: list[str], start: int, old: int, new: int) -> tuple[int, int]:
    """Lines changed in one hunk (each run of -/+ lines counts as the longer side), and where
    the hunk ends. The header's counts say how long it is: a removed line that itself starts
    with "-- " must not be read as the next file's header."""
    changed = minus = plus = 0
    index = start
    while (old > 0 or new > 0) and index < len(lines):
        body = lines[index]
        index += 1
        if body.startswith("\\"):  # "\ No newline at end of file"
            continue
        if body.startswith("-"):
            minus, old = minus + 1, old - 1
        elif body.startswith("+"):
            plus, new = plus + 1, new - 1
        else:
            changed, minus, plus = changed + max(minus, plus), 0, 0
            old, new = old - 1, new - 1
    return changed + max(minus, plus), index


def changed_lines(diff: str, real_root: str) -> dict[str, int]:
    """Lines ``ruff format --diff`` would change, per file (a notebook's cells summed)."""
    lines = diff.split("\n")
    counts: dict[str, int] = {}
    current: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        hunk = _HUNK.match(line)
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if line.startswith("--- ") and following.startswith("+++ "):
            name = _CELL_SUFFIX.sub(r"\1", line[4:])
            if os.path.isabs(name):
                name = os.path.relpath(name, real_root).replace(os.sep, "/")
            current = name
            counts.setdefault(current, 0)
            index += 2
        elif hunk and current is not None:
            old, new = int(hunk.group(1) or 1), int(hunk.group(2) or 1)
            changed, index = _hunk_changes(lines, index + 1, old, new)
            counts[current] += max(changed, 1)
        else:
            index += 1
    return counts


def _unreadable(result: subprocess.CompletedProcess[str], files: Sequence[str]) -> list[str]:
    """The files ruff could not read or parse (a broken notebook, a syntax error).

    Raises LintError when the run failed as a whole: an error that names none of ``files``.
    """
    _crashed(result)
    if result.returncode in (0, 1):
        return []
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    named = set(files)
    per_file = [_PER_FILE_ERROR.match(line) for line in errors]
    found = [m.group(1) for m in per_file if m and m.group(1) in named]
    if result.returncode == 2 and errors and len(found) == len(errors):
        return sorted(set(found))
    raise LintError(f"ruff format failed: {_reason(result.stderr)}")


def _format_run(
    root: Path,
    files: Sequence[str],
    target: str,
    formatter: Mapping[str, object],
    stop: threading.Event | None,
) -> tuple[dict[str, int], list[str]]:
    args = ["format", "--diff", "--target-version", target]
    if formatter:
        args += ["--config", to_toml(formatter)]
    result = _ruff(args, root, files, stop)
    unreadable = _unreadable(result, files)
    return changed_lines(result.stdout, str(root.resolve())), unreadable


def _format_runs(
    runs: Sequence[tuple[Path, list[str]]],
    target: str,
    formatter: Mapping[str, object],
    stop: threading.Event | None,
) -> tuple[dict[str, int], list[str], list[str]]:
    """Lines to change per file, the files ruff could not read, and those it crashed on."""
    counts: dict[str, int] = {}
    unreadable: list[str] = []
    crashed: list[str] = []
    for place, some in runs:

        def one(part: list[str], place: Path = place) -> tuple[dict[str, int], list[str]]:
            return _format_run(place, part, target, formatter, stop)

        done, failed = _sparing(one, some)
        for found, unread in done:
            counts.update(found)
            unreadable += unread
        crashed += failed
    return counts, sorted(unreadable), crashed


def collect_format(
    root: Path,
    files: Sequence[str],
    settings: RuffSettings | None = None,
    stop: threading.Event | None = None,
    named: Mapping[str, str] | None = None,
) -> Formatting:
    """Which files ``ruff format`` would change, and how many lines in each.

    Unlike the lint run this follows the repo's own formatter settings (line length, quotes,
    or black's): a project consistent with the style it declares is consistent. Should ruff
    refuse those settings, the check runs again with ruff's defaults rather than fail.
    ``named`` notebooks (see :func:`language_named`) are checked as those texts.
    Setting ``stop`` ends the runs early with LintStopped.
    """
    if not files:
        return Formatting(0, ())
    settings = settings or RuffSettings()
    note = None
    with _runs(root, files, named or {}) as runs:
        try:
            counts, unreadable, crashed = _format_runs(
                runs, _target(settings), settings.formatter, stop
            )
        except LintError as exc:
            if not settings.formatter or isinstance(exc, (LintStopped, LintCrashed)):
                raise
            counts, unreadable, crashed = _format_runs(runs, _target(settings), {}, stop)
            note = f"formatting checked with ruff's defaults: the repo's settings failed ({exc})"
    return Formatting(
        len(files) - len(unreadable) - len(crashed),
        tuple(sorted(counts)),
        counts,
        note=note,
        # One notebook ruff cannot parse must not sink the check of every other file: READ003
        # names what was left out (the parser's own notes already cover most of them).
        unreadable=tuple(unreadable),
        crashed=tuple(crashed),
    )


def format_text(
    root: Path,
    path: str,
    text: str,
    settings: RuffSettings | None = None,
    *,
    own_style: bool = True,
) -> str:
    """``text`` as ``ruff format`` leaves the file ``path``: the settings the check used
    (``own_style`` False: ruff's defaults, as when the repo's were refused).

    The text goes through standard input as bytes, so line endings stay as the file has
    them; ruff reads no file. Raises LintError when ruff cannot format it.
    """
    settings = settings or RuffSettings()
    command = [ruff_binary(), "format", "--target-version", _target(settings)]
    if own_style and settings.formatter:
        command += ["--config", to_toml(settings.formatter)]
    command += [f"--stdin-filename={path}", "--isolated", "--no-cache", "-"]
    try:
        result = subprocess.run(
            command,
            cwd=root,
            input=text.encode("utf-8"),
            capture_output=True,
            env=_ruff_env(),
            timeout=300,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise LintError(f"ruff could not run: {exc}") from exc
    if result.returncode != 0:
        raise LintError(f"ruff format failed: {_reason(result.stderr.decode('utf-8', 'replace'))}")
    return result.stdout.decode("utf-8")
