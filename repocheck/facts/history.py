"""Git history in one ``git log`` pass, plus the blob sizes of HEAD from one ``git ls-tree``."""

from __future__ import annotations

import time
from pathlib import Path

from repocheck.facts.gitcmd import GitError, run_git
from repocheck.facts.snapshot import Commit, History

_FIELD = "\x1f"
_RECORD = "\x1e"
# %ai ends in the author's own offset (+0200): days of work are counted in their timezone.
_FORMAT = _FIELD.join(("%H", "%an", "%ae", "%at", "%ai", "%P", "%s")) + _RECORD


def _offset_seconds(iso_date: str) -> int:
    """Seconds east of UTC of a ``2025-01-06 09:00:00 +0200`` date (0 when unreadable)."""
    zone = iso_date.rsplit(" ", 1)[-1]
    if len(zone) != 5 or zone[0] not in "+-" or not zone[1:].isdigit():
        return 0
    seconds = int(zone[1:3]) * 3600 + int(zone[3:]) * 60
    return -seconds if zone[0] == "-" else seconds


def parse_log(out: str) -> tuple[Commit, ...]:
    """Commits from ``git log`` output in the unit/record-separated format."""
    commits = []
    for record in out.split(_RECORD):
        record = record.strip("\n")
        if not record:
            continue
        sha, author, email, timestamp, iso_date, parents, subject = record.split(_FIELD, 6)
        stamp, offset = int(timestamp or 0), _offset_seconds(iso_date)
        commits.append(Commit(sha, author, email, stamp, subject, len(parents.split()), offset))
    return tuple(commits)


def parse_ls_tree(out: str) -> tuple[dict[str, int], list[str]]:
    """(path -> blob size, paths whose size git could not read) from ``git ls-tree -r -l -z``
    output; git prints ``BAD`` (or, without ``-l``, nothing) for a blob a partial clone lacks."""
    sizes: dict[str, int] = {}
    unknown: list[str] = []
    for entry in out.split("\0"):
        if not entry:
            continue
        meta, _, path = entry.partition("\t")
        fields = meta.split()
        if len(fields) < 3 or fields[1] != "blob":
            continue
        if len(fields) == 4 and fields[3].isdigit():
            sizes[path] = int(fields[3])
        else:
            unknown.append(path)
    return sizes, unknown


def _head_tree(root: Path) -> str:
    """HEAD's files with sizes; only their names when git refuses to read a missing blob."""
    try:
        return run_git(root, "ls-tree", "-r", "-l", "-z", "--full-name", "HEAD", "--", ".")
    except GitError:
        return run_git(root, "ls-tree", "-r", "-z", "--full-name", "HEAD", "--", ".")


def collect_history(root: Path) -> History:
    """Commits reachable from HEAD (newest first) limited to ``root`` when it is a subfolder."""
    try:
        head = run_git(root, "rev-parse", "--verify", "--quiet", "HEAD").strip()
    except GitError:
        return History(False, "the repository has no commits yet")
    prefix = run_git(root, "rev-parse", "--show-prefix").strip()
    # --full-history: with a path, git log follows only the parent a merge left unchanged
    # and drops the other side's commits (an author's first commits merged with "-s ours").
    log = run_git(
        root, "log", "--full-history", "--no-ext-diff", "--no-textconv", f"--format={_FORMAT}",
        "HEAD", "--", ".",
    )  # fmt: skip
    found, unreadable = parse_ls_tree(_head_tree(root))
    sizes = {path[len(prefix) :]: size for path, size in found.items()}
    unknown = tuple(path[len(prefix) :] for path in unreadable)
    try:
        branch = run_git(root, "symbolic-ref", "--quiet", "--short", "HEAD").strip() or None
    except GitError:
        branch = None  # detached HEAD
    shallow = run_git(root, "rev-parse", "--is-shallow-repository").strip() == "true"
    commits = parse_log(log)
    if not commits:
        return History(False, "no commit touches this folder", head, branch)
    deleted = _deleted_sources(root, prefix, set(sizes) | set(unknown))
    return History(
        True, "", head, branch, commits, sizes, shallow, unknown, int(time.time()), deleted
    )


def _deleted_sources(root: Path, prefix: str, in_head: set[str]) -> tuple[str, ...]:
    """The Python files under ``root`` some commit deleted and HEAD does not hold again,
    relative to ``root``: one more ``git log``, of deletions only."""
    try:
        out = run_git(
            root, "log", "--full-history", "--no-ext-diff", "--no-renames", "--diff-filter=D",
            "--name-only", "-z", "--format=", "HEAD", "--", "*.py",
        )  # fmt: skip
    except GitError:
        return ()
    found = {
        path[len(prefix) :]
        for path in out.replace("\n", "\0").split("\0")
        if path.endswith(".py") and path.startswith(prefix)
    }
    return tuple(sorted(found - in_head))
