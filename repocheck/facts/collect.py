"""Collect every fact about a repository once, running the slow collectors concurrently."""

from __future__ import annotations

import dataclasses
import gc
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from repocheck.facts.complexity import measure
from repocheck.facts.gitcmd import toplevel
from repocheck.facts.history import collect_history
from repocheck.facts.inventory import collect_inventory
from repocheck.facts.lint import collect_format, collect_lint, has_own_config, ruff_binary
from repocheck.facts.python import parse_all
from repocheck.facts.snapshot import History, RepoConfig, Snapshot

T = TypeVar("T")


def _outcome(future: Future[T] | None, name: str, errors: dict[str, str]) -> T | None:
    if future is None:
        return None
    try:
        return future.result()
    except Exception as exc:  # a failed collector must not sink the others
        errors[name] = str(exc) or type(exc).__name__
        return None


def collect(root: Path, config: RepoConfig | None = None) -> Snapshot:
    """Build the Snapshot of the directory ``root`` (which the caller has checked exists)."""
    config = config or RepoConfig()
    root = root.resolve()
    in_git = toplevel(root) is not None
    inventory = collect_inventory(root, in_git, config.exclude)
    lintable = [
        f.path for f in inventory.files if f.kind in ("python", "notebook") and f.skipped is None
    ]
    errors: dict[str, str] = {}

    ruff_binary()  # resolve before the threads start
    # git and ruff are separate processes: they run on the other core while this one parses.
    with ThreadPoolExecutor(max_workers=3) as pool:
        history_job = pool.submit(collect_history, root) if in_git else None
        own_config = has_own_config(root, inventory.texts.get("pyproject.toml"))
        lint_job = pool.submit(collect_lint, root, lintable, 0, own_config)
        format_job = pool.submit(collect_format, root, lintable)
        units, notebooks = parse_all(inventory.files, inventory.texts)
        # The parsed trees live until the run ends; freezing them keeps the garbage collector
        # from walking hundreds of thousands of AST nodes again at every collection.
        gc.freeze()
        complexity, complexity_notes = measure(units)
        history = _outcome(history_job, "history", errors)
        lint = _outcome(lint_job, "lint", errors)
        formatting = _outcome(format_job, "format", errors)

    if history is None:
        reason = "not a git repository" if not in_git else f"git failed: {errors.get('history')}"
        history = History(False, reason)
    if lint is not None:
        lines = sum(unit.source.count("\n") + 1 for unit in units)
        lint = dataclasses.replace(lint, lines_checked=lines)

    notes = list(inventory.notes) + complexity_notes
    notes += [f"{unit.path}: {unit.error}" for unit in units if unit.error]
    notes += [f"{nb.path}: {nb.error}" for nb in notebooks.values() if nb.error]
    if in_git and not inventory.tracked_by_git:
        notes.append("no tracked files: analyzed the files on disk instead")
    return Snapshot(
        root_name=root.name,
        files=tuple(inventory.files),
        texts=inventory.texts,
        sources=tuple(units),
        notebooks=notebooks,
        history=history,
        complexity=tuple(complexity),
        config=config,
        notes=tuple(notes),
        lint_result=lint,
        format_result=formatting,
        errors=errors,
    )
