"""Which notebook cells a later run shows to have run, though they keep no count: a cell
binds a name (``df = pd.read_excel(...)``) that a counted cell below reads, and no cell
between binds it again. Clearing a cell's output by hand (rows that name people) clears its
count too; the run that went on from it is still recorded below."""

from __future__ import annotations

import ast
from collections.abc import Sequence

from repocheck.facts.snapshot import NotebookCell

#: A line IPython runs, not Python: a magic (``%matplotlib inline``) or a shell command.
_IPYTHON = ("%", "!", "?")


def _names(source: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """The names a cell binds and the names it reads; None where it is not Python."""
    lines = ["" if line.lstrip().startswith(_IPYTHON) else line for line in source.splitlines()]
    try:
        tree = ast.parse("\n".join(lines))
    except (SyntaxError, ValueError):
        return None
    bound: set[str] = set()
    read: set[str] = set()
    for node in ast.walk(tree):  # one cell, asked once, only where a cell has no count
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
    return frozenset(bound), frozenset(read)


def ran_before_later_cells(
    cells: Sequence[NotebookCell], uncounted: Sequence[NotebookCell]
) -> frozenset[int]:
    """The indexes of the ``uncounted`` cells that bind a name a counted cell below reads,
    where no cell between binds it: that counted run needed them. Only where the counts
    leave room for the run: a reader counted [2] right after a cell counted [1] above the
    uncounted one shows that it did not run in that session, and the name came from an
    earlier one. ``cells`` are the notebook's code cells in order."""
    known: dict[int, tuple[frozenset[str], frozenset[str]] | None] = {}

    def names(cell: NotebookCell) -> tuple[frozenset[str], frozenset[str]] | None:
        if cell.index not in known:
            known[cell.index] = _names(cell.source)
        return known[cell.index]

    ran: set[int] = set()
    for cell in uncounted:
        own = names(cell)
        if own is None:
            continue
        left = set(own[0])
        above = [c.execution_count for c in cells if c.index < cell.index and c.execution_count]
        before = above[-1] if above else 0
        for later in (c for c in cells if c.index > cell.index):
            theirs = names(later)
            if theirs is None:
                break  # a cell that is not Python may bind anything: unsure
            if later.execution_count and left & theirs[1]:
                if later.execution_count - before > 1:
                    ran.add(cell.index)
                break
            left -= theirs[0]
            if not left:
                break
    return frozenset(ran)
