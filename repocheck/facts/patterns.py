"""gitignore-style patterns as git reads them, a line pathspec cannot read left out."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec


def usable_pattern(line: str) -> bool:
    """Whether pathspec can read ``line`` as a pattern: it refuses a lone ``!`` or backslash,
    which git skips, and a backwards range ``[z-a]``."""
    import pathspec

    try:
        pathspec.GitIgnoreSpec.from_lines([line])
    except (ValueError, re.error):  # GitIgnorePatternError is a ValueError
        return False
    return True


def gitignore_spec(patterns: Iterable[str]) -> pathspec.GitIgnoreSpec:
    """A matcher of ``patterns``. A line pathspec cannot read (one git skips, or a backwards
    range, which git reads as its first character) is left out rather than sink every other
    line of a repository's file."""
    # pathspec takes longer to import than all the rules take to run: load it when first used.
    import pathspec

    lines = list(patterns)
    try:
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except (ValueError, re.error):
        return pathspec.GitIgnoreSpec.from_lines(list(filter(usable_pattern, lines)))
