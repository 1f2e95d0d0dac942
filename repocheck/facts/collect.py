"""Collect every fact about a repository once, running the slow collectors concurrently."""

from __future__ import annotations

import dataclasses
import enum
import gc
import sys
import threading
import weakref
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from typing import TypeVar

from repocheck.facts.complexity import measure
from repocheck.facts.cores import start_complexity
from repocheck.facts.gitcmd import GitError, object_id, run_git
from repocheck.facts.gitrepo import NOT_A_REPOSITORY, locate
from repocheck.facts.history import collect_history
from repocheck.facts.inventory import Inventory, collect_inventory
from repocheck.facts.lint import collect_format, collect_lint, language_named, ruff_binary
from repocheck.facts.python import TOO_DEEP, PythonSource, python_sources
from repocheck.facts.revision import commit_tree
from repocheck.facts.ruff_config import RuffSettings, read_settings
from repocheck.facts.snapshot import (
    Formatting,
    FunctionComplexity,
    History,
    Lint,
    MeasuredFields,
    Measuring,
    RepoConfig,
    Snapshot,
    SourceUnit,
    not_in_last_commit,
)
from repocheck.progress import QUIET, Progress
from repocheck.wording import plural

T = TypeVar("T")


class Scope(enum.Enum):
    """Which state of a repository is analyzed."""

    #: The files as they are: tracked ones, and new ones git does not ignore (a local path).
    WORK_TREE = "work tree"
    #: HEAD's files, written out from git's objects: nothing on disk that is not committed.
    COMMIT = "commit"
    #: A fresh clone: its tracked files are the commit, read where they are.
    CLONE = "clone"


class CollectError(Exception):
    """The requested state cannot be read (``--committed`` outside git, or before a commit)."""


def _outcome(future: Future[T] | None, name: str, errors: dict[str, str]) -> T | None:
    if future is None:
        return None
    try:
        return future.result()
    except Exception as exc:  # a failed collector must not sink the others
        errors[name] = str(exc) or type(exc).__name__
        return None


def _too_deep(unit: SourceUnit) -> bool:
    return unit.error is not None and unit.error.startswith(TOO_DEEP)


def _where(unit: SourceUnit) -> str:
    return unit.path if unit.cell is None else f"{unit.path} cell {unit.cell + 1}"


def _limits(
    inventory_limits: list[str], complexity_notes: list[str], units: list[SourceUnit]
) -> tuple[str, ...]:
    """Every limit that cut the analysis, once each, in the order they were hit."""
    limits = list(inventory_limits) + [note for note in complexity_notes if "too deeply" in note]
    limits += [f"{_where(unit)}: {unit.error}" for unit in units if _too_deep(unit)]
    return tuple(dict.fromkeys(limits))


def _attempt(job: Callable[[], T], name: str, errors: dict[str, str]) -> T | None:
    try:
        return job()
    except Exception as exc:  # as in _outcome: one failed collector must not sink the others
        errors[name] = str(exc) or type(exc).__name__
        return None


def _lint_without_deep(
    root: Path,
    lintable: list[str],
    deep: set[str],
    settings: RuffSettings,
    named: Mapping[str, str],
    lint: Lint | None,
    formatting: Formatting | None,
    errors: dict[str, str],
) -> tuple[Lint | None, Formatting | None]:
    """ruff overflows its stack on code too deep for Python's parser, and ruff format can
    take minutes to get there: the runs that held such files were stopped, and run again
    without them. Whatever they found is dropped either way, so the result does not depend on
    whether ruff finished before the parser found the files."""
    if not deep:
        return lint, formatting
    rest = [path for path in lintable if path not in deep]
    errors.pop("lint", None)
    errors.pop("format", None)
    lint = _attempt(lambda: collect_lint(root, rest, 0, settings, named=named), "lint", errors)
    formatting = _attempt(
        lambda: collect_format(root, rest, settings, named=named), "format", errors
    )
    return lint, formatting


def _at_most_every_line(changed: Mapping[str, int], units: list[SourceUnit]) -> dict[str, int]:
    """Each file's changed lines, never more than it holds: a run of lines ruff splits counts
    its longer side, so a long call made a line per argument could count past the file."""
    held: dict[str, int] = {}
    for unit in units:
        held[unit.path] = held.get(unit.path, 0) + len(unit.source.splitlines())
    return {path: min(count, held.get(path, count)) for path, count in changed.items()}


def _parse_without_collections(sources: list[PythonSource], progress: Progress) -> list[SourceUnit]:
    """Parse every module with the garbage collector paused, then freeze what was built.

    Building trees allocates millions of objects and no cycles worth collecting: each automatic
    collection walks every node built so far, which made parsing a 2,000-file repository several
    times slower (and kept the ruff reader thread waiting for the interpreter meanwhile). The
    trees live until the run ends, so they are frozen out of later collections too.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        # One step per module or notebook cell; the text names the files they come from.
        files = len({source.path for source in sources})
        progress.stage(f"parsing {files} files", len(sources))
        return [source.parse() for source in progress.counted(sources)]
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _ruff_notes(
    settings: RuffSettings, lint: Lint | None, formatting: Formatting | None
) -> list[str]:
    """Visible reasons when the repository's own ruff settings could not be used."""
    notes = []
    if lint is not None and lint.own_config_error:
        notes.append(
            f"{settings.source}: the repo's own ruff config failed: {lint.own_config_error}"
        )
    if formatting is not None and formatting.note:
        notes.append(formatting.note)
    for path in lint.crashed if lint is not None else ():
        notes.append(f"{path}: ruff check crashed on it (nested too deep): not linted")
    for path in formatting.crashed if formatting is not None else ():
        notes.append(f"{path}: ruff format crashed on it (nested too deep): formatting not checked")
    return notes


#: ruff's codes for a file it cannot parse.
_RUFF_SYNTAX = frozenset({"invalid-syntax", "syntax-error", "E999"})


def _parse_notes(
    units: Iterable[SourceUnit], lint: Lint | None, linted: frozenset[str]
) -> list[str]:
    """Why each unit that does not parse is not analyzed. ruff reads newer syntax than an
    older running Python (3.12's f-strings that reuse their quotes): where ruff found no
    syntax error the code is valid Python, only not for the interpreter repocheck runs on."""
    broken = [unit for unit in units if unit.error]
    unreadable = {
        (d.path, d.cell) for d in (lint.diagnostics if lint else ()) if d.code in _RUFF_SYNTAX
    }
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    notes = []
    for unit in broken:
        error = unit.error or ""
        if (
            lint is not None
            and unit.cell is None  # a cell ruff reads may hold IPython syntax, not newer Python
            and unit.path in linted
            and error.startswith("syntax error at line ")
            and (unit.path, unit.cell) not in unreadable
        ):
            where = error.removeprefix("syntax error at ")
            error = (
                "not analyzed: written for a newer Python than the one repocheck runs on"
                f" ({running}; {where})"
            )
        notes.append(f"{unit.path}: {error}")
    return notes


def _settings(texts: Mapping[str, str]) -> RuffSettings:
    """The repo's ruff settings; a config file that trips the reader leaves ruff's defaults."""
    try:
        return read_settings(texts)
    except Exception as exc:  # one odd config file must not sink the report
        return RuffSettings(notes=(f"ruff settings not read: {str(exc)[:120]}",))


def collect(
    root: Path,
    config: RepoConfig | None = None,
    scope: Scope = Scope.WORK_TREE,
    progress: Progress = QUIET,
) -> Snapshot:
    """Build the Snapshot of the directory ``root`` (which the caller has checked exists),
    telling ``progress`` each stage.

    Raises CollectError when ``scope`` is COMMIT and ``root`` has no commit to read.
    """
    config = config or RepoConfig()
    root = root.resolve()
    if scope is not Scope.COMMIT:
        return _collect(root, config, untracked=scope is Scope.WORK_TREE, progress=progress)
    location = locate(root)
    if location.top is None:
        raise CollectError(
            f"--committed needs a git repository: {location.refusal or NOT_A_REPOSITORY}"
        )
    try:
        head = object_id(run_git(root, "rev-parse", "--verify", "--quiet", "HEAD"))
        prefix = run_git(root, "rev-parse", "--show-prefix").strip()
    except GitError:
        head = None
    if head is None:
        raise CollectError("--committed: the repository has no commits yet")
    try:
        progress.stage("writing out the last commit")
        with commit_tree(location.top, head) as tree:
            folder = _inner_folder(tree, prefix)
            # The history is the original repository's: its branch, and a shallow clone's
            # boundary, stay as they are.
            return _collect(folder, config, False, history_root=root, progress=progress)
    except GitError as exc:
        raise CollectError(f"the last commit could not be read: {exc}") from exc


def _inner_folder(tree: Path, prefix: str) -> Path:
    """The folder ``prefix`` of a commit written out at ``tree``, never through a symlink."""
    folder = tree
    for part in PurePosixPath(prefix).parts:
        folder = folder / part
        if folder.is_symlink():
            raise CollectError(f"{prefix.rstrip('/')} is a symlink in the last commit")
    try:
        folder.mkdir(parents=True, exist_ok=True)  # a folder HEAD does not hold yet
    except OSError as exc:
        raise CollectError(f"{prefix.rstrip('/')} is not a folder in the last commit") from exc
    return folder


def has_commit(root: Path) -> bool:
    """True when ``root`` is in a readable git repository with a HEAD commit."""
    if locate(root.resolve()).top is None:
        return False
    try:
        return object_id(run_git(root, "rev-parse", "--verify", "--quiet", "HEAD")) is not None
    except GitError:
        return False


def _uncommitted(inventory: Inventory, history: History, errors: Mapping[str, str]) -> int | None:
    """How many analyzed files HEAD does not hold; None when git's view is unknown."""
    if "history" in errors:
        return None
    return len(not_in_last_commit(history, (info.path for info in inventory.files)))


def _collect(
    root: Path,
    config: RepoConfig,
    untracked: bool,
    history_root: Path | None = None,
    progress: Progress = QUIET,
) -> Snapshot:
    progress.stage("collecting files")
    location = locate(root)
    in_git = location.top is not None
    inventory = collect_inventory(root, in_git, config.exclude, untracked=untracked)
    sources, notebooks = python_sources(inventory.files, inventory.texts)
    # ruff rejects nbformat 3 notebooks as a schema error: not a defect of the code in them.
    old_notebooks = sorted(path for path, nb in notebooks.items() if nb.version < 4)
    other_languages = {path for path, nb in notebooks.items() if not nb.is_python}
    lintable = [
        f.path
        for f in inventory.files
        if f.kind in ("python", "notebook")
        and f.skipped is None
        and f.path not in old_notebooks
        and f.path not in other_languages
    ]
    errors: dict[str, str] = {}
    stop_ruff = threading.Event()

    ruff_binary()  # resolve before the threads start
    # Workers fork before any thread starts; on a large repository they measure complexity
    # while this process parses.
    complexity_job = start_complexity(sources)
    try:
        # git and ruff are separate processes: they run on the other core while this one parses.
        with ThreadPoolExecutor(max_workers=3) as pool:
            history_job = pool.submit(collect_history, history_root or root) if in_git else None
            settings = _settings(inventory.texts)
            named = language_named(inventory.texts, lintable)  # notebooks ruff would skip
            lint_job = pool.submit(collect_lint, root, lintable, 0, settings, stop_ruff, named)
            format_job = pool.submit(collect_format, root, lintable, settings, stop_ruff, named)
            try:
                units = _parse_without_collections(sources, progress)
            except BaseException:  # interrupted or out of memory: leaving waits for ruff
                stop_ruff.set()
                raise
            deep = {unit.path for unit in units if _too_deep(unit)} & set(lintable)
            if deep:
                stop_ruff.set()
            if complexity_job is None:
                progress.stage("measuring complexity")
                measured = measure(units)
            progress.stage("running ruff and git")
            history = _outcome(history_job, "history", errors)
            lint = _outcome(lint_job, "lint", errors)
            formatting = _outcome(format_job, "format", errors)
        lint, formatting = _lint_without_deep(
            root, lintable, deep, settings, named, lint, formatting, errors
        )
        if history is None:
            reason = location.refusal or "not a git repository"
            if in_git:
                reason = f"git failed: {errors.get('history')}"
            history = History(False, reason)
        if lint is not None:
            unlinted = set(old_notebooks) | deep | set(lint.crashed)
            lines = sum(unit.source.count("\n") + 1 for unit in units if unit.path not in unlinted)
            lint = dataclasses.replace(lint, lines_checked=lines)
        if formatting is not None:
            left_out = set(formatting.unreadable) | set(formatting.crashed)
            left_out |= set(old_notebooks) | deep
            formatted = sum(
                unit.source.count("\n") + 1 for unit in units if unit.path not in left_out
            )
            formatting = dataclasses.replace(
                formatting,
                lines_checked=formatted,
                changed_lines=_at_most_every_line(formatting.changed_lines, units),
            )

        before = [location.refusal] if location.refusal else []
        before += list(config.notes) + list(inventory.notes)
        after = list(settings.notes) + _ruff_notes(settings, lint, formatting)
        after += _parse_notes(units, lint, frozenset(lintable))
        after += [f"{nb.path}: {nb.error}" for nb in notebooks.values() if nb.error]
        after += [
            f"{path}: a notebook in {notebooks[path].language}: its code is not read as Python"
            for path in sorted(other_languages)
        ]
        if old_notebooks:
            after.append(
                f"{plural(len(old_notebooks), 'notebook')} in the old nbformat 3 left out of the lint"
                f" and format checks, which read version 4: {', '.join(old_notebooks[:5])}"
            )
        if in_git and not inventory.tracked_by_git:
            after.append("no tracked files: analyzed the files on disk instead")

        def fields(found: list[FunctionComplexity], radon_notes: list[str]) -> MeasuredFields:
            notes = tuple(before + radon_notes + after)
            return tuple(found), notes, _limits(inventory.limits, radon_notes, units)

        measuring = None
        if complexity_job is None:
            complexity, notes, limits = fields(*measured)
        else:
            # The workers go on measuring while the rules run; the first reader of the complexity,
            # notes or limits waits for them (this process measures what they leave).
            job = complexity_job
            complexity, notes, limits = (), (), ()
            measuring = Measuring(lambda: fields(*job.finish(units)))
            weakref.finalize(measuring, job.close)  # never read: stop the workers with it
        return Snapshot(
            root_name=root.name,
            files=tuple(inventory.files),
            texts=inventory.texts,
            sources=tuple(units),
            notebooks=notebooks,
            history=history,
            complexity=complexity,
            config=config,
            notes=notes,
            lint_result=lint,
            format_result=formatting,
            errors=errors,
            limits=limits,
            analyzed=Scope.WORK_TREE.value if untracked else Scope.COMMIT.value,
            uncommitted_files=_uncommitted(inventory, history, errors)
            if untracked and in_git
            else None,
            measuring=measuring,
        )
    except BaseException:  # the workers stop with the run that failed
        if complexity_job is not None:
            complexity_job.close()
        raise
