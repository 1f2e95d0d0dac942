"""Whether a work tree holds changes of its own: ``repocheck fix`` edits only a clean one.

``git status`` compares a file's content with the index when its timestamps changed, and that
comparison runs the file's ``clean`` filter: a command the repository's configuration names.
Every filter the repository's attributes name is emptied for the command (``-c
filter.NAME.clean=``: git then compares the bytes as they are), and the user's global
attributes file is not read. A filter name that cannot be emptied that way is refused rather
than trusted. Submodules are not entered: their configuration is theirs.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from repocheck.facts.files import NotRead, read_regular
from repocheck.facts.gitcmd import GitError, run_git
from repocheck.facts.gitrepo import locate
from repocheck.patterns import compile_on_use

#: A ``filter=NAME`` in an attributes file (macros included); the name is git's, any text.
_FILTER = compile_on_use(r"(?:^|\s)filter=(\S+)")
#: Names that are safe to pass as ``-c filter.NAME.clean=``: git splits at the first ``=``.
_PLAIN_NAME = compile_on_use(r"[A-Za-z0-9._-]+")
_ATTRIBUTES_CAP = 1_000_000


class StatusUnknown(Exception):
    """The work tree's state could not be read safely; the message says why."""


@dataclass(frozen=True)
class WorkTreeStatus:
    """``in_git`` False: the folder is in no readable git repository (``refusal`` says why when
    git refused one). ``changed``: the paths git reports as modified, staged or new."""

    in_git: bool
    changed: tuple[str, ...] = ()
    refusal: str = ""


def _attribute_files(top: Path) -> list[str]:
    """Every .gitattributes git may read in the work tree, ignored ones included."""
    listed = run_git(
        top, "ls-files", "-z", "--cached", "--others", "--", ":(glob)**/.gitattributes"
    )
    return sorted({path for path in listed.split("\0") if path})


def _filter_names(top: Path) -> set[str]:
    texts = []
    for path in _attribute_files(top):
        with suppress(NotRead, OSError):
            texts.append(read_regular(top, path, _ATTRIBUTES_CAP))
    info = run_git(top, "rev-parse", "--path-format=absolute", "--git-path", "info/attributes")
    info_path = Path(info.strip())
    with suppress(NotRead, OSError):
        texts.append(read_regular(info_path.parent, info_path.name, _ATTRIBUTES_CAP))
    names = set()
    for text in texts:
        names.update(_FILTER.findall(text.decode("utf-8", "replace")))
    return names


def _without_filters(names: set[str]) -> list[str]:
    odd = sorted(name for name in names if not _PLAIN_NAME.fullmatch(name))
    if odd:
        raise StatusUnknown(f"a filter named {odd[0]!r} in .gitattributes cannot be switched off")
    options = ["-c", "core.attributesFile=/dev/null"]
    for name in sorted(names):
        for key in ("clean", "smudge", "process"):
            options += ["-c", f"filter.{name}.{key}="]
        options += ["-c", f"filter.{name}.required=false"]
    return options


def work_tree_status(root: Path) -> WorkTreeStatus:
    """What ``git status`` reports for the work tree holding ``root``; StatusUnknown."""
    location = locate(root)
    if location.top is None:
        return WorkTreeStatus(False, refusal=location.refusal)
    try:
        options = _without_filters(_filter_names(location.top))
        out = run_git(
            location.top,
            *options,
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--ignore-submodules=all",
        )
    except GitError as exc:
        raise StatusUnknown(f"git status failed: {exc}") from exc
    return WorkTreeStatus(True, tuple(_paths(out)))


def _paths(porcelain: str) -> list[str]:
    """The paths of ``status --porcelain=v1 -z``: ``XY path``, a rename followed by its source."""
    entries = porcelain.split("\0")
    paths = []
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if len(entry) < 4:
            continue
        paths.append(entry[3:])
        if entry[0] in "RC":
            index += 1  # the rename's or copy's source path
    return paths
