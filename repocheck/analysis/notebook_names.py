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
    _collect(tree, bound, read)
    return frozenset(bound), frozenset(read)


_Scope = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda


def _collect(node: ast.AST, bound: set[str], read: set[str]) -> None:
    """The names ``node`` binds and reads in its own scope; of a function inside it, the
    names it reads that it does not bind itself (its parameters and locals are its own). One
    cell, asked once, only where a cell has no count."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Name):
            (read if isinstance(child.ctx, ast.Load) else bound).add(child.id)
        elif isinstance(child, ast.alias):
            bound.add((child.asname or child.name).split(".")[0])
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(child.name)
        if isinstance(child, _Scope):
            inner_bound = {arg.arg for arg in ast.walk(child.args) if isinstance(arg, ast.arg)}
            inner_read: set[str] = set()
            _collect(child, inner_bound, inner_read)
            read |= inner_read - inner_bound
        else:
            _collect(child, bound, read)


def ran_before_later_cells(
    cells: Sequence[NotebookCell], uncounted: Sequence[NotebookCell]
) -> frozenset[int]:
    """The indexes of the ``uncounted`` cells that bind a name a counted cell below reads,
    where no cell between binds it: that counted run needed them. Only where the counts
    leave room for the run: where every count below the reader's is another cell's ([1] and
    [2] above a reader counted [3]), the uncounted cell did not run in that session, and the
    name came from an earlier one. ``cells`` are the notebook's code cells in order."""
    known: dict[int, tuple[frozenset[str], frozenset[str]] | None] = {}

    def names(cell: NotebookCell) -> tuple[frozenset[str], frozenset[str]] | None:
        if cell.index not in known:
            known[cell.index] = _names(cell.source)
        return known[cell.index]

    counts = frozenset(c.execution_count for c in cells if c.execution_count)
    ran: set[int] = set()
    for cell in uncounted:
        own = names(cell)
        if own is None:
            continue
        left = set(own[0])
        for later in (c for c in cells if c.index > cell.index):
            theirs = names(later)
            if theirs is None:
                break  # a cell that is not Python may bind anything: unsure
            # A name the reader binds itself may be its own (``C = torch.randn(...)`` then
            # ``parameters = [C]``): only one it reads and never binds needed the cell.
            if later.execution_count and left & (theirs[1] - theirs[0]):
                if _room_below(counts, later.execution_count):
                    ran.add(cell.index)
                break
            left -= theirs[0]
            if not left:
                break
    return frozenset(ran)


def _room_below(counts: frozenset[int], reader: int) -> bool:
    """Whether some count below ``reader``'s is no counted cell's: a run the notebook does
    not show, which the uncounted cell may have been."""
    return sum(1 for count in counts if count < reader) < reader - 1
