"""Which paths the repository's own ``.gitignore`` files ignore, the way git reads them.

Patterns are matched by pathspec's gitwildmatch (``*.bin``, ``input.txt``, ``models/**``,
``!keep.csv``), never by hand; a ``.gitignore`` in a subfolder speaks for paths below it and
overrides the ones above, as in git.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from repocheck.analysis.cache import per_object
from repocheck.facts.patterns import gitignore_spec
from repocheck.facts.snapshot import Snapshot

if TYPE_CHECKING:
    import pathspec

GITIGNORE = ".gitignore"


def spec(patterns: Iterable[str]) -> pathspec.GitIgnoreSpec:
    """A gitignore-style matcher of ``patterns``, lines git cannot use left out."""
    return gitignore_spec(patterns)


class IgnoreRules:
    """Every readable ``.gitignore`` of a repository, from the top folder down."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self.by_folder: dict[str, pathspec.GitIgnoreSpec] = {}
        # Asked again and again for the same folders (every file below one asks for it):
        # each answer is matched against every line once.
        self._verdicts: dict[tuple[str, bool], bool | None] = {}
        for path, text in texts.items():
            pure = PurePosixPath(path)
            if pure.name == GITIGNORE:
                folder = str(pure.parent)
                self.by_folder["" if folder == "." else folder] = spec(text.splitlines())

    def ignores(self, path: str) -> bool:
        """True when git would ignore ``path`` (a repository-relative file path).

        As in git, a file inside an ignored folder stays ignored whatever a later ``!`` line
        says about the file itself: git never looks inside a folder it ignores.
        """
        parts = path.split("/")
        for depth in range(1, len(parts)):
            if self._verdict("/".join(parts[:depth]), folder=True):
                return True
        return bool(self._verdict(path, folder=False))

    def _verdict(self, path: str, *, folder: bool) -> bool | None:
        """The last decisive line of the .gitignore files above ``path``, deeper files last."""
        key = (path, folder)
        if key not in self._verdicts:
            self._verdicts[key] = self._matched_verdict(path, folder=folder)
        return self._verdicts[key]

    def _matched_verdict(self, path: str, *, folder: bool) -> bool | None:
        found = self._deciding(path, folder=folder)
        return None if found is None else found.include

    def _deciding(self, path: str, *, folder: bool) -> pathspec.Pattern | None:
        """The last line that decides for ``path`` in the .gitignore files above it, deeper
        files last."""
        deciding = None
        parents = [str(parent) for parent in PurePosixPath(path).parents][::-1]
        for where in ("" if parent == "." else parent for parent in parents):
            matcher = self.by_folder.get(where)
            if matcher is None:
                continue
            below = path[len(where) + 1 :] if where else path
            found = _folder_line(matcher, below) if folder else _file_line(matcher, below)
            if found is not None:
                deciding = found
        return deciding

    def ignores_any(self, paths: Iterable[str]) -> bool:
        """True when git would ignore at least one of ``paths``."""
        return any(self.ignores(path) for path in paths)

    def pattern_for(self, path: str) -> str | None:
        """The line, as written, that keeps out ``path`` (a file, or a folder ending in /):
        the one that decides for the first ignored folder above it, else for the path
        itself; None when git keeps it."""
        parts = path.rstrip("/").split("/")
        for depth in range(1, len(parts) + 1):
            here = "/".join(parts[:depth])
            folder = depth < len(parts) or path.endswith("/")
            if self._verdict(here, folder=folder):
                line = self._deciding(here, folder=folder)
                return str(getattr(line, "pattern", "")).strip() or None
        return None


@per_object
def ignore_rules(snapshot: Snapshot) -> IgnoreRules:
    """The repository's own .gitignore files, read once for every analysis that asks."""
    return IgnoreRules(snapshot.texts)


def folders_of(paths: Iterable[str]) -> frozenset[str]:
    """Every folder holding one of ``paths``, at any depth (``a/b/c.py``: ``a``, ``a/b``)."""
    folders: set[str] = set()
    for path in paths:
        # Cut at each slash from the right: a folder met before holds its parents already.
        end = path.rfind("/")
        while end > 0 and (folder := path[:end]) not in folders:
            folders.add(folder)
            end = path.rfind("/", 0, end)
    return frozenset(folders)


def _names(pattern: pathspec.Pattern, path: str) -> bool:
    """True when ``pattern`` names ``path`` itself (a folder's ends in /), as git matches a
    line. pathspec also matches a line on everything below what it names (the group
    ``ps_d`` then ends inside the path), so ``!src/data/`` would take back the
    ``__pycache__/`` inside src/data, which git leaves out; the folders above a path are
    judged on their own. A line ending in ``/**`` names what is inside its folder."""
    regex = getattr(pattern, "regex", None)
    if regex is None:
        return bool(pattern.match_file(path))
    regex = _anchored(regex)
    if regex.fullmatch(path) is not None:
        return True
    found = regex.match(path)
    return found is not None and found.groupdict().get("ps_d") is None


@functools.cache
def _anchored(regex: re.Pattern[str]) -> re.Pattern[str]:
    """``regex`` as read from the start of a path. pathspec searches a path for a pattern's
    regex, and ``*/`` (every folder, at any depth) and ``**/`` become ``(?P<ps_d>/)``, a
    slash found anywhere; matched from the start they would name nothing."""
    if regex.pattern.startswith("^"):
        return regex
    return re.compile(f"^.*?(?:{regex.pattern})", regex.flags)


def _file_line(matcher: pathspec.GitIgnoreSpec, path: str) -> pathspec.Pattern | None:
    """The line of one .gitignore that decides whether the file ``path`` is excluded (the
    last line that names it); the folders above it are judged on their own."""
    deciding = None
    for pattern in matcher.patterns:
        if pattern.include is not None and _names(pattern, path):
            deciding = pattern
    return deciding


def _folder_line(matcher: pathspec.GitIgnoreSpec, folder: str) -> pathspec.Pattern | None:
    """The line of one .gitignore that decides whether ``folder`` itself is excluded (the
    last line that matches). ``name/**`` means everything inside name, never name itself."""
    name = folder.rsplit("/", 1)[-1]
    deciding = None
    for pattern in matcher.patterns:
        if pattern.include is None or not _names(pattern, folder + "/"):
            continue
        source = str(getattr(pattern, "pattern", "")).lstrip("!").rstrip()
        if source.endswith("/**") and source[:-3].rstrip("/").rsplit("/", 1)[-1] == name:
            continue
        deciding = pattern
    return deciding
