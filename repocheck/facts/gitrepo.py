"""Which git repository holds a folder, and whether repocheck may read it.

git finds a folder's repository by walking up to a ``.git``; that ``.git`` may be a file (or a
symlink) naming a repository anywhere on the disk, or a folder whose ``commondir`` or
symlinks do. A
linked worktree or a submodule does this legitimately, and its repository names the folder
back. A downloaded folder whose ``.git`` points at some other repository would otherwise make
repocheck report that repository's history as this folder's: it is refused, with a note that
says why, and the files on disk are analyzed instead. So is a repository git itself refuses to read (another user's: git's
"dubious ownership" check, which repocheck leaves on).
"""

from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from repocheck.facts.files import NotRead, read_regular
from repocheck.facts.gitcmd import DUBIOUS, GitError, run_git

NOT_A_REPOSITORY = "not a git repository"
FOREIGN = (
    "the .git here points at a repository outside this folder that does not name it back: "
    "that repository was not read, the files on disk were analyzed instead"
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
    """True when the repository at ``gitdir`` (outside ``top``) says its work tree is ``top``."""
    with suppress(NotRead, OSError):  # a linked worktree's pointer back to its .git file
        target = read_regular(gitdir, "gitdir", 4096).decode("utf-8", "replace").strip()
        if target and _resolve(gitdir, target) == (top / ".git").resolve():
            return True
    try:  # a submodule's repository names its work tree in core.worktree
        worktree = run_git(
            top, "config", "--file", str(gitdir / "config"), "--get", "core.worktree"
        ).strip()
    except GitError:
        return False
    return bool(worktree) and _resolve(gitdir, worktree) == top


#: What git reads for the history and the file list: the only places checked for links out
#: (a shared hooks folder or a config symlinked from dotfiles is common and harmless here).
_READ_FOR_HISTORY = ("HEAD", "packed-refs", "index", "shallow", "refs", "objects")


def _links_out(gitdir: Path, top: Path) -> bool:
    """True when a symlink among the refs, HEAD, index or objects leads out of ``top``.

    git never makes such a link; a crafted ``.git`` could use one to show another
    repository's refs and objects as its own. Loose objects are not listed, only their
    folders: there can be very many, and git reads them by name.
    """
    for name in _READ_FOR_HISTORY:
        entry = gitdir / name
        if entry.is_symlink() and not _inside(entry.resolve(), top):
            return True
    for folder, subfolders, files in os.walk(gitdir / "refs"):
        for name in subfolders + files:
            entry = Path(folder, name)
            if entry.is_symlink() and not _inside(entry.resolve(), top):
                return True
    objects = gitdir / "objects"
    if objects.is_dir() and not objects.is_symlink():
        for entry in objects.iterdir():
            if entry.is_symlink() and not _inside(entry.resolve(), top):
                return True
    return False


def _foreign(top: Path, gitdir: Path, common: Path) -> bool:
    """True when ``top``'s git data lives in a repository that is not ``top``'s own.

    A ``.git`` inside the folder must keep everything inside (its ``commondir`` or a symlink
    could name another repository). A ``.git`` file naming a repository elsewhere is fine only
    when that repository, which the folder does not control, names the folder back.
    """
    if _inside(gitdir, top):
        return not _inside(common, top) or _links_out(gitdir, top)
    return not _names_back(gitdir, top)


def locate(path: Path) -> Location:
    """Where ``path``'s repository is, or why it is not read."""
    try:
        out = run_git(
            path,
            "rev-parse",
            "--path-format=absolute",
            "--show-toplevel",
            "--absolute-git-dir",
            "--git-common-dir",
        )
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
        return Location(refusal=f"git could not be used here ({message}): history not analyzed")
    lines = out.splitlines()
    if len(lines) != 3:
        return Location(refusal="git could not read the repository (no work tree)")
    top, gitdir, common = (Path(line).resolve() for line in lines)
    if not _inside(path.resolve(), top):
        return Location(refusal=ELSEWHERE)
    if _foreign(top, gitdir, common):
        return Location(refusal=FOREIGN)
    return Location(top)
