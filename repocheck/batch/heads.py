"""Where a remote's branch points now: one ``git ls-remote``, no clone.

A re-run of a batch asks each remote for its HEAD (or the ref the list names) and takes the
report from the cache when that commit was analyzed before: a few milliseconds instead of a
clone and an analysis. git runs with the same guarded options and environment as a clone
(acquire/gitsafe.py): allowed transports only, no prompts, a token only for its host.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess

from repocheck.acquire.gitsafe import git_environment, git_options
from repocheck.acquire.targets import Remote

_SHA = re.compile(r"^[0-9a-f]{40}$")


def _patterns(ref: str | None) -> list[str]:
    if ref is None:
        return ["HEAD"]
    # The order acquire resolves a ref in: a branch, then a tag (peeled to its commit).
    return [f"refs/heads/{ref}", f"refs/tags/{ref}^{{}}", f"refs/tags/{ref}"]


def _pick(output: str, patterns: list[str]) -> str | None:
    found = {}
    for line in output.splitlines():
        sha, _, name = line.partition("\t")
        if _SHA.match(sha):
            found[name.strip()] = sha
    return next((found[name] for name in patterns if name in found), None)


def remote_head(remote: Remote, token: str | None, timeout: float = 30.0) -> str | None:
    """The commit ``remote``'s ref (or HEAD) points at, or None when git cannot tell."""
    if remote.ref is not None and _SHA.match(remote.ref):
        return remote.ref
    with_token = bool(token and remote.token_scope)
    command = [
        "git",
        *git_options(remote, with_token),
        "ls-remote",
        "--",
        remote.clone_url,
        *_patterns(remote.ref),
    ]
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **git_environment(remote, token)},
        start_new_session=True,  # so that a timeout ends git's helpers too
        text=True,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return None
    return _pick(output, _patterns(remote.ref)) if process.returncode == 0 else None
