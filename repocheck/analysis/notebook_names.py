"""Which notebook cells a later run shows to have run, though they keep no count: a cell
binds a name (``df = pd.read_excel(...)``) that a counted cell below reads, and no cell
between binds it again. Clearing a cell's output by hand (rows that name people) clears its
count too; the run that went on from it is still recorded below."""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence

from repocheck.facts.snapshot import NotebookCell

#: A line IPython runs, not Python: a magic (``%matplotlib inline``) or a shell command.
_IPYTHON = ("%", "!", "?")

Names = tuple[frozenset[str], frozenset[str]]
_Scope = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def _names(tree: ast.Module) -> Names:
    """The names a cell binds and the names it reads in its own scope; of a function inside
    it, the names it reads that it does not bind itself (its parameters and locals are its
    own). Walked with a stack: a cell's nesting is no limit."""
    scopes: list[tuple[ast.AST | None, set[str], set[str]]] = [(None, set(), set())]
    parent_of: list[int] = [0]
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, scope = stack.pop()
        bound, read = scopes[scope][1], scopes[scope][2]
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Name):
                (read if isinstance(child.ctx, ast.Load) else bound).add(child.id)
            elif isinstance(child, ast.alias):
                bound.add((child.asname or child.name).split(".")[0])
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bound.add(child.name)
            if isinstance(child, _Scope):
                arguments = {a.arg for a in ast.walk(child.args) if isinstance(a, ast.arg)}
                scopes.append((child, arguments, set()))
                parent_of.append(scope)
                stack.append((child, len(scopes) - 1))
            else:
                stack.append((child, scope))
    # Inner scopes were made after their parents: folded from the last, each reaches its
    # parent complete.
    for index in range(len(scopes) - 1, 0, -1):
        _, bound, read = scopes[index]
        scopes[parent_of[index]][2].update(read - bound)
    return frozenset(scopes[0][1]), frozenset(scopes[0][2])


def _ipython_only(source: str) -> bool:
    """A cell of magics and shell lines only: it binds and reads no Python name."""
    return all(
        not line.strip() or line.lstrip().startswith(_IPYTHON) for line in source.split("\n")
    )


def _cell_names(
    cell: NotebookCell,
    trees: Mapping[int, ast.Module | None],
    known: dict[int, Names | None],
) -> Names | None:
    """The names a cell binds and reads (none for a cell of magics and shell lines); None for
    a cell that is not Python or does not parse, which may bind or read anything."""
    if cell.index not in known:
        tree = trees.get(cell.index)
        empty: Names = (frozenset(), frozenset())
        found = _names(tree) if tree is not None else None
        known[cell.index] = empty if found is None and _ipython_only(cell.source) else found
    return known[cell.index]


def restart_lost_nothing(
    above: Sequence[NotebookCell],
    below: Sequence[NotebookCell],
    trees: Mapping[int, ast.Module | None],
) -> bool:
    """Whether the cells run after a fresh kernel (``below``, from the one counted [1] on)
    read no name that only the cells run before it (``above``) bind: each name they read is
    bound again by them, at or before the cell that reads it (Kaggle's switch to a GPU
    restarts the kernel, and the next cell loads the arrays again). Such a notebook, run top
    to bottom, gives what its counts show. A cell that is not Python leaves it unsure: no."""
    known: dict[int, Names | None] = {}
    lost: set[str] = set()
    for cell in above:
        found = _cell_names(cell, trees, known)
        if found is None:
            return False
        lost |= found[0]
    again: set[str] = set()
    for cell in below:
        found = _cell_names(cell, trees, known)
        if found is None:
            return False
        # A name the cell binds itself is its own (``import os`` then ``os.walk``).
        if (found[1] - found[0] - again) & lost:
            return False
        again |= found[0]
    return True


def ran_before_later_cells(
    cells: Sequence[NotebookCell],
    uncounted: Sequence[NotebookCell],
    trees: Mapping[int, ast.Module | None],
) -> frozenset[int]:
    """The indexes of the ``uncounted`` cells that bind a name a counted cell below reads,
    where no cell between binds it: that counted run needed them. Only where the counts
    leave room for the run: where every count below the reader's is another cell's ([1] and
    [2] above a reader counted [3]), the uncounted cell did not run in that session, and the
    name came from an earlier one. ``cells`` are the notebook's code cells in order;
    ``trees``: each cell's tree as the facts parsed it, by index (a cell that is not Python,
    or does not parse, has none)."""
    known: dict[int, Names | None] = {}

    def names(cell: NotebookCell) -> Names | None:
        return _cell_names(cell, trees, known)

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
