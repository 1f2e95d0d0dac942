"""Wording that analyses and rules share when they phrase what they found: snippets, plurals."""

from __future__ import annotations

#: Evidence snippets are one line of at most this many characters.
SNIPPET_CHARS = 100


def short(text: str, limit: int = SNIPPET_CHARS) -> str:
    """``text`` on one line, whitespace collapsed, clipped to ``limit`` characters with "..."."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def plural(count: int, word: str) -> str:
    """``1 commit``, ``2 commits``: the count with the word in the form that fits it."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
