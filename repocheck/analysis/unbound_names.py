"""Scripts that stop at a name they never bind (REPRO001).

A notebook exported one cell per file (``preprocessing.py``, ``model.py``,
``recommendation_sample_user.py``) leaves each file reading names an earlier cell bound:
``metrics = evaluate_per_user(test_predictions)`` where nothing in the file binds
``test_predictions``. Run on its own, the script raises NameError at that line and never
reaches the draws below it; run as the notebook it came from, the notebook's own seed came
first. Either way "not seeded before use on the path of this script" is not true of them.

Read conservatively, so that a script is called stopped only when it surely is, and is a
piece of a larger program: only a simple statement at the script's top level (an
expression, an assignment), not one inside ``try``, ``if`` or a loop; only a name no
statement of the module may bind anywhere (the same reading as
:func:`repocheck.analysis.failing_imports.module_bindings`, which gives up on star imports,
``globals()``, ``exec`` and the like), that is no builtin, no module attribute (``__file__``)
and none IPython provides (``display``), and that another file or notebook of the repository
binds at its top level (the cell it came from, or the whole notebook exported beside it); a
name bound nowhere may be a sketch's placeholder, and is left alone. Never a lambda's body or
a generator expression, which run later if at all. Notebooks are left alone: their cells run
one by one.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Callable

from repocheck.analysis.cache import per_object
from repocheck.analysis.failing_imports import module_bindings
from repocheck.analysis.imports import Program
from repocheck.facts.snapshot import Snapshot

#: Names a module reads without binding them: builtins, its own attributes, IPython's.
_PROVIDED = (
    frozenset(dir(builtins))
    | {"__file__", "__name__", "__doc__", "__spec__", "__loader__", "__package__"}
    | {"__builtins__", "__path__", "__cached__", "__annotations__"}
    | {"display", "get_ipython", "In", "Out"}
)
_SIMPLE = (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign)
#: Expressions whose insides run later, if at all.
_LATER = (ast.Lambda, ast.GeneratorExp)


def stopping_statement(program: Program, snapshot: Snapshot) -> ast.stmt | None:
    """The first top-level statement of the script ``program`` that surely raises NameError
    on a name another file of ``snapshot`` binds, or None. Asked once per program."""
    if "stopping statement" not in program.derived:
        stop = _first_stop(program, lambda: _bound_anywhere(snapshot))
        program.derived["stopping statement"] = stop
    return program.derived["stopping statement"]  # type: ignore[return-value]


@per_object
def _bound_anywhere(snapshot: Snapshot) -> frozenset[str]:
    """Every name some module or notebook cell of the repository may bind at its top level."""
    found: set[str] = set()
    for unit in snapshot.parsed():
        if unit.tree is not None:
            found.update(module_bindings(unit) or ())
    return frozenset(found)


def _first_stop(program: Program, elsewhere: Callable[[], frozenset[str]]) -> ast.stmt | None:
    """``elsewhere``: the names other files bind, read only for a script that reads a name it
    never binds (most do not: the whole repository's bindings are then never gathered)."""
    if len(program.units) != 1 or program.path.endswith(".ipynb"):
        return None
    unit = program.units[0]
    if unit.tree is None:
        return None
    bound = module_bindings(unit)
    if bound is None:
        return None
    for statement in unit.tree.body:
        if not isinstance(statement, _SIMPLE):
            continue
        evaluated = statement.value if isinstance(statement, ast.AnnAssign) else statement
        if evaluated is None:
            continue
        unbound = [n for n in _reads(evaluated) if n not in bound and n not in _PROVIDED]
        if unbound and not elsewhere().isdisjoint(unbound):
            return statement
    return None


def _reads(node: ast.AST) -> list[str]:
    """Names ``node`` loads when it runs now (not inside a lambda or a generator)."""
    found: list[str] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, _LATER):
            continue
        if isinstance(current, ast.Name) and isinstance(current.ctx, ast.Load):
            found.append(current.id)
        stack.extend(ast.iter_child_nodes(current))
    return found
