"""What ``repocheck fix`` does, step by step: check the target, plan, show, write, re-analyze."""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from repocheck.cli import Failure
from repocheck.fix.diff import for_terminal, unified_diff
from repocheck.fix.engine import Plan, analyze_for_fix, fixable_rules, plan_fixes, write_plan
from repocheck.fix.plan import FixOptions, Workspace
from repocheck.fix.summary import plan_notes, score_change, shown, written_files
from repocheck.patterns import compile_on_use
from repocheck.render.controls import one_line

_SCP_LIKE = compile_on_use(r"[\w.-]+@[\w.-]+:")


@dataclass(frozen=True)
class FixRequest:
    """The command line of ``repocheck fix``."""

    target: str = "."
    write: bool = False
    rules: tuple[str, ...] = ()
    allow_dirty: bool = False
    license_name: str | None = None
    pin_from_env: bool = False
    config_file: Path | None = None
    exclude: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    select: tuple[str, ...] = ()


def local_root(target: str) -> Path:
    """The local folder ``target`` names; Failure for a URL, gh: target or anything else."""
    from repocheck.acquire import AcquireError
    from repocheck.acquire.targets import parse_target

    try:
        found = parse_target(target)
    except AcquireError as exc:
        raise Failure(str(exc)) from exc
    if not isinstance(found, Path):
        if found.clone_url.startswith("file:"):
            raise Failure(
                f"{target}: a bare repository has no files to change; clone it and run fix "
                "in the clone"
            )
        if not _names_a_remote(target):  # "exampels/tiny" is a typo, not OWNER/REPO
            raise Failure(f"{target}: no such file or directory")
        raise Failure(
            f"{one_line(found.canonical)}: repocheck fix changes a local folder only; "
            "clone the repository and run it there"
        )
    if not found.is_dir():
        raise Failure(f"{target}: not a directory")
    return found


def _names_a_remote(target: str) -> bool:
    """A URL, a gh: target or git's user@host:path, as opposed to a missing folder."""
    return "://" in target or target.startswith("gh:") or _SCP_LIKE.match(target) is not None


def _rules_asked(names: tuple[str, ...]) -> frozenset[str] | None:
    """The IDs ``--rule`` names that have a fixer; None without ``--rule``."""
    from repocheck.catalogue import UnknownRule, load_catalogue

    if not names:
        return None
    fixable = fixable_rules()
    catalogue = load_catalogue()
    chosen: set[str] = set()
    for name in names:
        try:
            metas = catalogue.resolve(name)
        except UnknownRule as exc:
            raise Failure(f"--rule {exc}") from exc
        ids = {meta.id for meta in metas} & fixable
        if not ids:
            raise Failure(
                f"--rule {name!r}: no fixer for it; repocheck fix can fix "
                f"{', '.join(sorted(fixable))}"
            )
        chosen |= ids
    return frozenset(chosen)


def _fix_options(request: FixRequest) -> FixOptions:
    from repocheck.fix.fixers.license import UnknownLicense, license_id

    if request.license_name is None:
        return FixOptions(pin_from_env=request.pin_from_env)
    try:
        spdx = license_id(request.license_name)
    except UnknownLicense as exc:
        raise Failure(f"--license: {exc}") from exc
    return FixOptions(license_id=spdx, pin_from_env=request.pin_from_env, license_given=True)


def check_clean(root: Path, target: str) -> None:
    """Failure unless ``root`` is in a git work tree without uncommitted changes."""
    from repocheck.facts.worktree_status import StatusUnknown, work_tree_status

    try:
        status = work_tree_status(root)
    except StatusUnknown as exc:
        raise Failure(f"{exc}; pass --allow-dirty to write anyway") from exc
    if not status.in_git:
        why = f" ({status.refusal})" if status.refusal else ""
        raise Failure(
            f"{target} is not in a git repository{why}: nothing would show or undo the "
            "changes; commit it to git first, or pass --allow-dirty"
        )
    if status.changed:
        first = one_line(status.changed[0])
        count = len(status.changed)
        raise Failure(
            f"the work tree has uncommitted changes ({count} path{'s' if count != 1 else ''}, "
            f"e.g. {first}): commit them first so the fix can be reviewed and undone on its "
            "own, or pass --allow-dirty"
        )


def _write_refusal(root: Path, target: str) -> list[str]:
    """Why ``--write`` would refuse this folder, said before the user tries it."""
    try:
        check_clean(root, target)
    except Failure as refused:
        return [f"Note: --write will refuse: {refused.message}"]
    return []


def _link_on_the_way(root: Path, path: str) -> str | None:
    """The first component of ``path`` that is a symlink or not what the plan expects."""
    current = root
    parts = path.split("/")
    for index, part in enumerate(parts):
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            return None
        except OSError as exc:  # a file where a folder should be, no permission
            return f"{path} cannot be created ({exc.strerror})"
        if stat.S_ISLNK(mode):
            return "/".join(parts[: index + 1]) + " is a symlink"
        if index == len(parts) - 1:
            return f"{path} exists"
    return None


def check_writable(root: Path, plan: Plan) -> None:
    """Failure unless every file is still as planned: absent when created, unchanged when
    edited, and never reached through a symlink. Nothing is written when one is not."""
    disk = Workspace(root)
    for change in plan.changes:
        if change.before is None:
            problem = _link_on_the_way(root, change.path)
        elif disk.original(change.path) != change.before:
            problem = f"{change.path} is a symlink, or changed since it was read"
        else:
            problem = None
        if problem is not None:
            raise Failure(f"nothing written: {one_line(problem)}")


def apply_plan(root: Path, plan: Plan) -> None:
    """Write the plan after checking every file; Failure when a write fails midway."""
    from repocheck.facts.files import NotRead

    check_writable(root, plan)
    try:
        write_plan(root, plan)
    except (NotRead, OSError) as exc:
        raise Failure(f"the write stopped ({exc}); `git status` shows what was written") from exc


def run_fix(
    request: FixRequest, colored: bool, to_terminal: bool, colored_err: bool = False
) -> bool:
    """Run the command; True when the plan proposes something.

    ``colored`` and ``colored_err``: whether standard output and standard error get colour.
    """
    from repocheck.console import terminal_width
    from repocheck.facts.collect import CollectError
    from repocheck.facts.config import (
        ConfigError,
        ignored_on_command_line,
        load_repo_config,
        overlay,
        selection,
    )
    from repocheck.progress import leads_to_program, on_stderr

    width = terminal_width()
    root = local_root(request.target)
    only = _rules_asked(request.rules)
    fix_options = _fix_options(request)
    try:
        flag_ignores = ignored_on_command_line(request.ignore)
        selection(request.select, "--select")
        config = overlay(
            load_repo_config(root, request.config_file),
            exclude=request.exclude,
            ignore=flag_ignores,
            select=request.select,
        )
    except ConfigError as exc:
        raise Failure(str(exc)) from exc
    if request.write and not request.allow_dirty:
        check_clean(root, request.target)
    # The diff goes to standard output: what check does for its report, fix does for it.
    report_to_pipe = leads_to_program(sys.stdout)
    try:
        with on_stderr(report_to_pipe, plain=not colored_err) as progress:
            snapshot, before = analyze_for_fix(root, config, progress)
        plan = plan_fixes(root, snapshot, before, only, fix_options, contain_errors=True)
    except CollectError as exc:
        raise Failure(str(exc)) from exc
    if not request.write:
        diff = unified_diff(plan.changes)
        # Raw for a pipe (a patch file); for a person, controls shown and colour if asked.
        for_person = to_terminal or colored
        text = for_terminal(diff, colored) if for_person else diff
        click.echo(text, nl=False, color=colored)
        notes = plan_notes(plan, dry_run=True)
        if plan.changes and not request.allow_dirty:
            notes[-1:-1] = _write_refusal(root, request.target)
        for line in shown(notes, colored_err, width):
            click.echo(line, err=True, color=colored_err)
        return not plan.empty
    if plan.empty:  # nothing to write: the score stands, no second analysis
        for line in shown(plan_notes(plan, dry_run=True), colored, width):
            click.echo(line, color=colored)
        return False
    apply_plan(root, plan)
    with on_stderr(report_to_pipe, plain=not colored_err, first="analyzing again") as progress:
        _, after = analyze_for_fix(root, config, progress)
    lines = written_files(plan) + plan_notes(plan, dry_run=False)
    lines += score_change(before, after, plan, fixable_rules(), only)
    for line in shown(lines, colored, width):
        click.echo(line, color=colored)
    return not plan.empty
