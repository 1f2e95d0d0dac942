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
