"""How a fixer writes beside a user's text: never over what it cannot read, always after it."""

from __future__ import annotations

from repocheck.fix.plan import FixContext


def unwritable(context: FixContext, path: str) -> bool:
    """True when something is at ``path`` that the workspace cannot read as text (a symlink,
    a binary, a folder): a fixer neither creates a file over it nor replaces it."""
    in_tree = path in context.snapshot.paths or any(
        known.startswith(path + "/") for known in context.snapshot.paths
    )
    return in_tree and context.workspace.original(path) is None


def appended(text: str, lines: str, *, blank_line: bool = False) -> str:
    """``text`` with ``lines`` (written with \\n) after it, in the file's own line endings (a
    Windows file keeps \\r\\n); with ``blank_line``, one blank line between the two. The
    user's text stays a byte-for-byte prefix."""
    newline = "\r\n" if "\r\n" in text else "\n"
    if text and not text.endswith("\n"):
        text += newline
    if blank_line and text.strip() and not text.endswith(newline * 2):
        text += newline
    return text + lines.replace("\n", newline)
