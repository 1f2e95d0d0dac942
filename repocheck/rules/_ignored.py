"""Which paths the repository's own ``.gitignore`` files ignore, the way git reads them.

Patterns are matched by pathspec's gitwildmatch (``*.bin``, ``input.txt``, ``models/**``,
``!keep.csv``), never by hand; a ``.gitignore`` in a subfolder speaks for paths below it and
overrides the ones above, as in git.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec

GITIGNORE = ".gitignore"


def spec(patterns: Iterable[str]) -> pathspec.GitIgnoreSpec:
    """A gitignore-style matcher of ``patterns``."""
    # pathspec takes longer to import than all the rules take to run: load it when first used.
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(list(patterns))


class IgnoreRules:
    """Every readable ``.gitignore`` of a repository, from the top folder down."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self.by_folder: dict[str, pathspec.GitIgnoreSpec] = {}
        for path, text in texts.items():
            pure = PurePosixPath(path)
            if pure.name == GITIGNORE:
                folder = str(pure.parent)
                self.by_folder["" if folder == "." else folder] = spec(text.splitlines())

    def ignores(self, path: str) -> bool:
        """True when git would ignore ``path`` (a repository-relative file path)."""
        verdict = False
        parents = [str(parent) for parent in PurePosixPath(path).parents][::-1]
        for folder in ("" if parent == "." else parent for parent in parents):
            matcher = self.by_folder.get(folder)
            if matcher is None:
                continue
            below = path[len(folder) + 1 :] if folder else path
            found = matcher.check_file(below).include
            if found is not None:  # a deeper file's last matching line decides
                verdict = found
        return verdict

    def ignores_any(self, paths: Iterable[str]) -> bool:
        """True when git would ignore at least one of ``paths``."""
        return any(self.ignores(path) for path in paths)
