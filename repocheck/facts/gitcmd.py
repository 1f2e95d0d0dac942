"""Run read-only git commands on an analyzed repository without letting it run anything.

A repository's own ``.git/config`` is attacker-controlled when the repository is. The options
below switch off the settings through which plain reads could start a program (fsmonitor
hooks, pagers) and stop git from taking locks or asking for credentials.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import git

SAFE_OPTIONS = (
    "-c", "core.fsmonitor=false",
    "-c", "core.quotepath=off",
    "-c", "log.showSignature=false",
    "-c", "core.hooksPath=/dev/null",
    "--no-pager",
)  # fmt: skip

SAFE_ENV = {
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_PAGER": "cat",
    "LC_ALL": "C",
}


class GitError(Exception):
    """A git command failed; the message is git's own first line."""


def run_git(cwd: Path, *args: str, extra_env: Mapping[str, str] | None = None) -> str:
    """Run ``git <args>`` in ``cwd`` and return its standard output."""
    command = ["git", *SAFE_OPTIONS, *args]
    try:
        status, out, err = git.Git(str(cwd)).execute(
            command,
            with_extended_output=True,
            with_exceptions=False,
            env={**os.environ, **SAFE_ENV, **(extra_env or {})},
            strip_newline_in_stdout=False,
        )
    except git.GitCommandNotFound as exc:
        raise GitError("git is not installed") from exc
    if status != 0:
        first = (err or "").strip().splitlines()
        raise GitError(first[0] if first else f"git {args[0]} exited with {status}")
    return str(out)


def toplevel(path: Path) -> Path | None:
    """The work tree containing ``path``, or None when it is not in a git repository."""
    try:
        return Path(run_git(path, "rev-parse", "--show-toplevel").strip()).resolve()
    except GitError:
        return None
