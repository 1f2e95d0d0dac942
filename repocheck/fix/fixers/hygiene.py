"""GIT004 and GIT005: stop tracking large files and junk, and keep them out from now on.

A .gitignore line does not untrack a committed file, so each fixer appends the lines and
prints the ``git rm --cached`` command that stops tracking the committed ones (keeping the
user's copies); it never runs it. Files found in the work tree but not yet committed need the
line only.
"""

from __future__ import annotations

import shlex
from pathlib import PurePosixPath

from repocheck.analysis.ignored import GITIGNORE
from repocheck.fix.fixers._files import unwritable
from repocheck.fix.fixers._ignore_file import append_lines, lines_needed, literal_line, name_line
from repocheck.fix.plan import FixContext, Proposal, fixer
from repocheck.rules.hygiene import JunkGroups, junk_groups, large_files

_VENV = "virtual environment"


def _untrack(
    context: FixContext, places: dict[str, list[str]], *, recursive: bool
) -> tuple[str, ...]:
    """The ``git rm --cached`` command for the places (a folder or a file -> its paths) of
    which the last commit holds at least one path; none when it holds none."""
    history = context.snapshot.history
    if not history.available:
        return ()
    committed = [
        place
        for place, paths in places.items()
        if set(paths) - set(context.snapshot.not_committed(paths))
    ]
    if not committed:
        return ()
    flags = "-r --cached" if recursive else "--cached"
    return (f"git rm {flags} -- {' '.join(shlex.quote(place) for place in sorted(committed))}",)


def _proposal(
    context: FixContext,
    rule_id: str,
    places: dict[str, list[str]],
    wanted: dict[str, list[str]],
    *,
    folders: bool,
    notes: tuple[str, ...] = (),
) -> Proposal | None:
    """Append the lines ``wanted`` needs, and print the command that untracks ``places`` (a
    folder or a file -> the paths found there; ``folders``: some places are folders)."""
    lines = lines_needed(context, wanted)
    change = append_lines(context, lines)
    if lines and unwritable(context, GITIGNORE):
        notes = (*notes, f"{GITIGNORE} is not a text file repocheck writes: add {', '.join(lines)}")
    commands = _untrack(context, places, recursive=folders)
    if change is None and not commands:
        return None
    shown = ", ".join(sorted(places)[:5]) + (", ..." if len(places) > 5 else "")
    summary = f"stop tracking {shown}" if commands else f"keep {shown} out of git"
    if commands:
        notes = ("then commit: the files stay on disk, untracked", *notes)
    return Proposal(rule_id, summary, (change,) if change else (), commands, notes)


@fixer("GIT004")
def untrack_large_files(context: FixContext) -> Proposal | None:
    large = [path for path, _ in large_files(context.snapshot)]
    if not large:
        return None
    places = {path: [path] for path in large}
    wanted = {literal_line(path): [path] for path in large}
    they = "the large file stays" if len(large) == 1 else f"the {len(large)} large files stay"
    note = (
        f"{they} in the history: publish weights elsewhere (a release, a model hub) or track"
        " them with Git LFS; to shrink the history, rewrite it (git filter-repo"
        " --strip-blobs-bigger-than 10M)"
    )
    return _proposal(context, "GIT004", places, wanted, folders=False, notes=(note,))


def _junk_lines(where: str, what: str, is_folder: bool, paths: list[str]) -> dict[str, list[str]]:
    """The lines that keep one place of junk out, each with the paths it is for: a venv by
    its path, a cache folder by its name in any folder, files by their name or suffix."""
    if is_folder:
        name = PurePosixPath(where).name
        if what == _VENV:
            return {literal_line(where, folder=True): paths}
        if name.endswith(".egg-info"):
            return {"*.egg-info/": paths}
        return {name_line(name, folder=True): paths}
    lines: dict[str, list[str]] = {}
    for path in paths:
        name = PurePosixPath(path).name
        if name.lower().endswith((".pyc", ".pyo", ".bak", ".swp", ".tmp")):
            line = f"*{PurePosixPath(name).suffix.lower()}"
        elif name.endswith("~"):
            line = "*~"
        elif name.lower().endswith(":zone.identifier"):
            line = "*:Zone.Identifier"
        elif name.startswith("._"):
            line = "._*"
        else:
            line = name_line(name)
        lines.setdefault(line, []).append(path)
    return lines


def _places(groups: JunkGroups) -> dict[str, list[str]]:
    places: dict[str, list[str]] = {}
    for (where, _, is_folder), paths in groups.items():
        if is_folder:
            places[where] = paths
        else:
            places.update({path: [path] for path in paths})
    return places


@fixer("GIT005")
def untrack_junk(context: FixContext) -> Proposal | None:
    groups = junk_groups(context.snapshot)
    if not groups:
        return None
    wanted: dict[str, list[str]] = {}
    for (where, what, is_folder), paths in groups.items():
        for line, covered in _junk_lines(where, what, is_folder, paths).items():
            wanted.setdefault(line, []).extend(covered)
    return _proposal(context, "GIT005", _places(groups), wanted, folders=True)
