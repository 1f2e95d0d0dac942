"""Which git repository holds a folder, and whether repocheck may read it.

git finds a folder's repository by walking up to a ``.git``; that ``.git`` may be a file (or a
symlink) naming a repository anywhere on the disk. A linked worktree or a submodule does this
legitimately, and its repository names the folder back. A downloaded folder whose ``.git``
points at some other repository would otherwise make repocheck report that repository's
history as this folder's: it is refused, with a note that says why, and the files on disk are
analyzed instead. So is a repository git itself refuses to read (another user's: git's
"dubious ownership" check, which repocheck leaves on).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from repocheck.facts.gitcmd import DUBIOUS, GitError, run_git

NOT_A_REPOSITORY = "not a git repository"
FOREIGN = (
    ".git is a file that points at a repository outside this folder, not one of this "
    "folder's own: that repository was not read, the files on disk were analyzed instead"
)

ELSEWHERE = (
    "the repository's configuration names a work tree elsewhere (core.worktree): "
    "its history was not read, the files on disk were analyzed instead"
)


@dataclass(frozen=True)
class Location:
    """The work tree that holds a folder, or why its git data is not read.

    ``top`` is None for a folder outside git (``refusal`` empty) and for a repository that is
    not read (``refusal`` says why, in words fit for a report note).
    """

    top: Path | None = None
    refusal: str = ""


def _resolve(base: Path, value: str) -> Path:
    return (base / value).resolve() if value else Path()


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _names_back(gitdir: Path, top: Path) -> bool:
    """True when the repository at ``gitdir`` says its work tree is ``top``."""
    backlink = gitdir / "gitdir"  # a linked worktree's pointer back to its .git file
    if backlink.is_file() and not backlink.is_symlink():
        try:
            target = backlink.read_text("utf-8", "replace").strip()
        except OSError:
            target = ""
        if target and _resolve(gitdir, target) == (top / ".git").resolve():
            return True
    try:  # a submodule's repository names its work tree in core.worktree
        worktree = run_git(
            top, "config", "--file", str(gitdir / "config"), "--get", "core.worktree"
        ).strip()
    except GitError:
        return False
    return bool(worktree) and _resolve(gitdir, worktree) == top


def _foreign(top: Path) -> bool:
    """True when ``top/.git`` is a file or symlink naming a repository that is not top's."""
    dotgit = top / ".git"
    if not os.path.lexists(dotgit) or (dotgit.is_dir() and not dotgit.is_symlink()):
        return False
    try:
        gitdir = Path(run_git(top, "rev-parse", "--absolute-git-dir").strip()).resolve()
    except GitError:
        return True
    return not _inside(gitdir, top) and not _names_back(gitdir, top)


def locate(path: Path) -> Location:
    """Where ``path``'s repository is, or why it is not read."""
    try:
        top = Path(run_git(path, "rev-parse", "--show-toplevel").strip()).resolve()
    except GitError as exc:
        message = str(exc).removeprefix("fatal: ").strip()
        if NOT_A_REPOSITORY in message:
            return Location()
        if DUBIOUS in message:
            return Location(
                refusal=(
                    "git refused to read the repository: it belongs to another user "
                    "(dubious ownership); its history was not analyzed. If you trust it, "
                    "add it to git's safe.directory"
                )
            )
        return Location(refusal=f"git could not read the repository ({message})")
    if not _inside(path.resolve(), top):
        return Location(refusal=ELSEWHERE)
    if _foreign(top):
        return Location(refusal=FOREIGN)
    return Location(top)
