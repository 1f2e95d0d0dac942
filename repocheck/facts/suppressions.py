"""``# repocheck: ignore[ID, ...] reason`` comments, read from the already-parsed sources.

Only real comments count: the tokenizer tells a comment from the same text inside a string.
A source is tokenized only when it mentions ``repocheck:`` at all, so a repository without
such comments costs one substring search per unit.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass

from repocheck.patterns import compile_on_use

_MARKER = compile_on_use("repocheck:", re.I)
#: The marker opens the comment, or a second comment after another tool's (``# noqa  # repocheck:``);
#: a comment that only quotes the syntax (``see `# repocheck: ignore[...]` ``) is not one.
_COMMENT = compile_on_use(
    r"(?:^|\s)#\s*repocheck:\s*ignore\[(?P<names>[^\]]*)\](?P<reason>.*)$", re.I
)


@dataclass(frozen=True)
class Suppression:
    """One suppression comment: where it is, the names it lists, and the reason given.

    ``line`` is the comment's line (within the cell for a notebook); ``own_line`` is True when
    nothing but the comment is on it, and then it also covers the line below.
    """

    path: str
    line: int
    names: tuple[str, ...]
    reason: str
    own_line: bool
    cell: int | None = None

    @property
    def location(self) -> str:
        """``path[:cell N]:line`` as reports print it."""
        cell = f":cell {self.cell + 1}" if self.cell is not None else ""
        return f"{self.path}{cell}:{self.line}"

    def covers(self, line: int) -> bool:
        """True when evidence on ``line`` is the one this comment is about."""
        return line == self.line or (self.own_line and line == self.line + 1)


def find_suppressions(path: str, source: str, cell: int | None = None) -> tuple[Suppression, ...]:
    """The suppression comments of one module or notebook cell."""
    if _MARKER.search(source) is None:
        return ()
    found = []
    lines = source.splitlines()
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type != tokenize.COMMENT:
                continue
            match = _COMMENT.search(token.string)
            if match is None:
                continue
            row, column = token.start
            names = tuple(n.strip() for n in match["names"].split(",") if n.strip())
            found.append(
                Suppression(
                    path,
                    row,
                    names,
                    match["reason"].strip(),
                    own_line=not lines[row - 1][:column].strip(),
                    cell=cell,
                )
            )
    except (tokenize.TokenError, SyntaxError, IndentationError, IndexError):
        pass  # a source that does not tokenize keeps the comments found before the error
    return tuple(found)
