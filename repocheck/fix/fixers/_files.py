"""Whether a fixer may write a path at all."""

from __future__ import annotations

from repocheck.fix.plan import FixContext


def unwritable(context: FixContext, path: str) -> bool:
    """True when something is at ``path`` that the workspace cannot read as text (a symlink,
    a binary, a folder): a fixer neither creates a file over it nor replaces it."""
    in_tree = path in context.snapshot.paths or any(
        known.startswith(path + "/") for known in context.snapshot.paths
    )
    return in_tree and context.workspace.original(path) is None


def blank_line_after(text: str) -> str:
    """What to append to ``text`` so that what follows starts after one blank line (nothing
    before the first line of an empty file)."""
    if not text.strip():
        return ""
    if text.endswith("\n\n"):
        return ""
    return "\n" if text.endswith("\n") else "\n\n"
