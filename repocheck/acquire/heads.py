"""Where a remote's branch points now: one ``git ls-remote``, no clone.

A re-run of a batch asks each remote for its HEAD (or the ref the list names) and takes the
report from the cache when that commit was analyzed before: a few milliseconds instead of a
clone and an analysis. git runs in a clone's :class:`~repocheck.acquire.clone.Session`: the same
guarded options and environment (gitsafe.py: allowed transports only, no prompts, a token only
for its host and only as a header in the environment), its own process group, ended at the
deadline.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from repocheck.acquire.clone import CloneLimits, Session
from repocheck.acquire.errors import AcquireError
from repocheck.acquire.targets import Remote
from repocheck.patterns import compile_on_use

_SHA = compile_on_use(r"^[0-9a-f]{40}$")


def _patterns(ref: str | None) -> list[str]:
    if ref is None:
        return ["HEAD"]
    # The order a clone resolves a ref in: a branch, then a tag (peeled to its commit).
    return [f"refs/heads/{ref}", f"refs/tags/{ref}^{{}}", f"refs/tags/{ref}"]


def _pick(output: str, patterns: list[str]) -> str | None:
    found = {}
    for line in output.splitlines():
        sha, _, name = line.partition("\t")
        if _SHA.match(sha):
            found[name.strip()] = sha
    return next((found[name] for name in patterns if name in found), None)


def remote_head(remote: Remote, token: str | None, timeout: float = 30.0) -> str | None:
    """The commit ``remote``'s ref (or HEAD) points at, or None when git cannot tell in time."""
    if remote.ref is not None and _SHA.match(remote.ref):
        return remote.ref
    session = Session(remote, token, CloneLimits(timeout=timeout))
    patterns = _patterns(remote.ref)
    # Like a clone, git runs in a folder of ours, never in a repository the user stands in.
    neutral = Path(tempfile.gettempdir())
    try:
        status, output, _ = session.run(
            neutral, None, "ls-remote", "--", remote.clone_url, *patterns
        )
    except AcquireError:  # no answer before the deadline
        return None
    return _pick(output, patterns) if status == 0 else None
