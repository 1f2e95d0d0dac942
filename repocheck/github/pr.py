"""Analyze a pull request: the checked-out head, and its base in a temporary git worktree.

The base is the merge base of the head and the target branch: what the pull request started
from, so the delta shows what the pull request itself changed, not what landed on the target
branch since.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from repocheck.analyze import analyze_path
from repocheck.facts.config import load_repo_config, overlay
from repocheck.facts.gitcmd import GitError, run_git
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
    # Large files tracked with LFS stay pointers: a worktree of the base must not download them.
    try:
        return run_git(cwd, *args, extra_env={"GIT_LFS_SKIP_SMUDGE": "1"}).strip()
    except GitError as exc:
        raise BaseUnavailable(str(exc)) from exc


def analyze(path: Path, settings: Settings, display: str) -> Report:
    """Analyze ``path`` with its own configuration and the command line's overrides."""
    config = overlay(load_repo_config(path, settings.config_file), fail_under=settings.fail_under)
    return analyze_path(path, config, display=display)


def merge_base(top: Path, pull: PullRequest) -> str:
    """The merge base of HEAD and the pull request's base, trying the event's SHA first."""
    candidates = [pull.base_sha]
    if pull.base_ref:
        candidates += [f"refs/remotes/origin/{pull.base_ref}", f"refs/heads/{pull.base_ref}"]
    for candidate in filter(None, candidates):
        try:
            return _git(top, "merge-base", "HEAD", str(candidate))
        except BaseUnavailable:
            continue
    raise BaseUnavailable(
        "the pull request's base commit is not in this clone; "
        "check out with `fetch-depth: 0` to compare with it"
    )


@contextmanager
def worktree(top: Path, commit: str) -> Iterator[Path]:
    """A detached worktree of ``commit`` in a temporary folder, removed afterwards."""
    parent = Path(tempfile.mkdtemp(prefix="repocheck-base-"))
    tree = parent / top.name
    _git(top, "worktree", "add", "--detach", "--quiet", str(tree), commit)
    try:
        yield tree
    finally:
        try:
            _git(top, "worktree", "remove", "--force", str(tree))
        except BaseUnavailable:
            shutil.rmtree(tree, ignore_errors=True)
            subprocess.run(["git", "worktree", "prune"], cwd=top, check=False, capture_output=True)
        shutil.rmtree(parent, ignore_errors=True)


def toplevel(path: Path) -> Path:
    """The root of the git work tree that holds ``path``."""
    try:
        return Path(_git(path, "rev-parse", "--show-toplevel")).resolve()
    except BaseUnavailable as exc:
        raise BaseUnavailable(f"{path} is not in a git repository: {exc}") from exc


def analyze_base(path: Path, pull: PullRequest, settings: Settings) -> Report:
    """Analyze the pull request's merge base, at the same subfolder as ``path``."""
    top = toplevel(path)
    inner = path.resolve().relative_to(top)
    commit = merge_base(top, pull)
    with worktree(top, commit) as tree:
        return analyze(tree / inner, settings, display=f"base {commit[:12]}")


def subject_of(path: Path, revision: str | None) -> str | None:
    """The subject line of ``revision`` (or HEAD), None when git cannot tell."""
    for rev in filter(None, (revision, "HEAD")):
        try:
            return _git(path, "log", "-1", "--format=%s", str(rev), "--")
        except BaseUnavailable:
            continue
    return None
