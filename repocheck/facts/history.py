"""Git history in one ``git log`` pass, plus the blob sizes of HEAD from one ``git ls-tree``."""

from __future__ import annotations

from pathlib import Path

from repocheck.facts.gitcmd import GitError, run_git
from repocheck.facts.snapshot import Commit, History

_FIELD = "\x1f"
_RECORD = "\x1e"
_FORMAT = _FIELD.join(("%H", "%an", "%ae", "%at", "%P", "%s")) + _RECORD


def parse_log(out: str) -> tuple[Commit, ...]:
    """Commits from ``git log`` output in the unit/record-separated format."""
    commits = []
    for record in out.split(_RECORD):
        record = record.strip("\n")
        if not record:
            continue
        sha, author, email, timestamp, parents, subject = record.split(_FIELD, 5)
        commits.append(
            Commit(sha, author, email, int(timestamp or 0), subject, len(parents.split()))
        )
    return tuple(commits)


def parse_ls_tree(out: str) -> dict[str, int]:
    """Path -> blob size from ``git ls-tree -r -l -z`` output."""
    sizes: dict[str, int] = {}
    for entry in out.split("\0"):
        if not entry:
            continue
        meta, _, path = entry.partition("\t")
        fields = meta.split()
        if len(fields) == 4 and fields[1] == "blob" and fields[3].isdigit():
            sizes[path] = int(fields[3])
    return sizes


def collect_history(root: Path) -> History:
    """Commits reachable from HEAD (newest first) limited to ``root`` when it is a subfolder."""
    try:
        head = run_git(root, "rev-parse", "--verify", "--quiet", "HEAD").strip()
    except GitError:
        return History(False, "the repository has no commits yet")
    prefix = run_git(root, "rev-parse", "--show-prefix").strip()
    log = run_git(root, "log", f"--format={_FORMAT}", "HEAD", "--", ".")
    tree = run_git(root, "ls-tree", "-r", "-l", "-z", "--full-name", "HEAD", "--", ".")
    sizes = {path[len(prefix) :]: size for path, size in parse_ls_tree(tree).items()}
    try:
        branch = run_git(root, "symbolic-ref", "--quiet", "--short", "HEAD").strip() or None
    except GitError:
        branch = None  # detached HEAD
    shallow = run_git(root, "rev-parse", "--is-shallow-repository").strip() == "true"
    commits = parse_log(log)
    if not commits:
        return History(False, "no commit touches this folder", head, branch)
    return History(True, "", head, branch, commits, sizes, shallow)
