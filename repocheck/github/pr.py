"""Analyze a pull request: the checked-out head, and its base written out from git's objects.

The base is the merge base of the head and the target branch: what the pull request started
from, so the delta shows what the pull request itself changed, not what landed on the target
branch since.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from repocheck.analyze import analyze_path
from repocheck.facts.collect import CollectError, Scope, has_commit
from repocheck.facts.config import load_repo_config, overlay
from repocheck.facts.gitcmd import GitError, object_id, run_git
from repocheck.facts.gitrepo import NOT_A_REPOSITORY, locate
from repocheck.facts.revision import commit_tree
from repocheck.github.env import PullRequest
from repocheck.report import Report


class BaseUnavailable(Exception):
    """The base cannot be analyzed (a shallow clone, no git); the message says why and what to do."""


@dataclass(frozen=True)
class Settings:
    """The command-line settings applied on both sides."""

    config_file: Path | None = None
    fail_under: float | None = None


def _git(cwd: Path, *args: str) -> str:
    try:
        return run_git(cwd, *args).strip()
    except GitError as exc:
        raise BaseUnavailable(str(exc)) from exc


def analyze(path: Path, settings: Settings, display: str, scope: Scope | None = None) -> Report:
    """Analyze ``path`` with its own configuration and the command line's overrides.

    A pull request is its commit: files an earlier step of the workflow wrote or changed are
    not part of it (the commit is written out when there is one, else the folder is read).
    """
    config = overlay(load_repo_config(path, settings.config_file), fail_under=settings.fail_under)
    if scope is not None:
        return analyze_path(path, config, display=display, scope=scope)
    if not has_commit(path):
        return analyze_path(path, config, display=display, scope=Scope.WORK_TREE)
    try:
        return analyze_path(path, config, display=display, scope=Scope.COMMIT)
    except CollectError:
        # A checkout whose clone lacks some of the commit's objects (a partial clone): its
        # tracked files on disk are that commit as checked out.
        return analyze_path(path, config, display=display, scope=Scope.CLONE)


def merge_base(top: Path, pull: PullRequest) -> str:
    """The merge base of HEAD and the pull request's base, trying the event's SHA first.

    The event's SHA is used only when it is a full object id, and every revision goes after
    ``--end-of-options``: nothing from the event can become an option of git.
    """
    candidates = [object_id(pull.base_sha)]
    if pull.base_ref:
        candidates += [f"refs/remotes/origin/{pull.base_ref}", f"refs/heads/{pull.base_ref}"]
    for candidate in filter(None, candidates):
        try:
            found = object_id(_git(top, "merge-base", "--end-of-options", "HEAD", candidate))
        except BaseUnavailable:
            continue
        if found:
            return found
    raise BaseUnavailable(
        "the pull request's base commit is not in this clone; "
        "check out with `fetch-depth: 0` to compare with it"
    )


def toplevel(path: Path) -> Path:
    """The root of the git work tree that holds ``path``."""
    location = locate(path)
    if location.top is None:
        raise BaseUnavailable(
            f"{path} is not in a readable git repository: {location.refusal or NOT_A_REPOSITORY}"
        )
    return location.top


def analyze_base(path: Path, pull: PullRequest, settings: Settings) -> Report:
    """Analyze the pull request's merge base, at the same subfolder as ``path``."""
    top = toplevel(path)
    inner = path.resolve().relative_to(top)
    commit = merge_base(top, pull)
    try:
        with commit_tree(top, commit) as tree:
            # Already the commit's files alone: read where they are.
            return analyze(tree / inner, settings, f"base {commit[:12]}", Scope.CLONE)
    except GitError as exc:
        raise BaseUnavailable(f"git could not read the base commit: {exc}") from exc


def changed_files(path: Path, pull: PullRequest) -> frozenset[str]:
    """The files (from the repository root) that differ between the pull request's merge base
    and HEAD: what the pull request changed.

    Two trees are compared, never the work tree: comparing files on disk would run the
    checkout's clean filters and fsmonitor, programs its own configuration names.
    """
    top = toplevel(path)
    commit = merge_base(top, pull)
    names = _git(
        top,
        "diff-tree",
        "-r",
        "-z",
        "--name-only",
        "--no-renames",
        "--end-of-options",
        commit,
        "HEAD",
    )
    return frozenset(name for name in names.split("\0") if name)


def subject_of(path: Path, revision: str | None) -> str | None:
    """The subject line of ``revision`` (or HEAD), None when git cannot tell (or may not)."""
    if locate(path).top is None:
        return None
    for rev in filter(None, (object_id(revision), "HEAD")):
        try:
            return _git(path, "log", "-1", "--format=%s", "--end-of-options", rev, "--")
        except BaseUnavailable:
            continue
    return None
