"""Whether a call's result is differentiated: it flows, through the assignments of the scope
that makes the call, into a ``backward()``.

A function named ``evaluate`` is an evaluation only when nothing trains through what it
returns: an actor-critic's ``evaluate(states, actions)`` in PPO gives the log-probabilities and
values that the update step's loss is built from, and must keep its gradients.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from repocheck.analysis.ml_code import Code, Repo
from repocheck.analysis.ml_names import is_backward
from repocheck.facts.snapshot import SourceUnit, breadth_first

_ASSIGNMENTS = (ast.Assign, ast.AugAssign, ast.AnnAssign)
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _names_read(expr: ast.AST | None) -> set[str]:
    if expr is None:
        return set()
    return {node.id for node in breadth_first(expr) if isinstance(node, ast.Name)}


def _names_bound(targets: Iterable[ast.expr]) -> set[str]:
    return {
        node.id
        for target in targets
        for node in breadth_first(target)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)
    }


def _targets(statement: ast.AST) -> list[ast.expr]:
    if isinstance(statement, ast.Assign):
        return statement.targets
    return [statement.target]  # type: ignore[attr-defined]


def _carried(code: Code, unit: SourceUnit, scope: ast.AST | None, call: ast.Call) -> set[str]:
    """Names that hold the call's result or a value computed from it, in ``scope``. Two
    passes over the assignments, so a value carried round a loop (``total = total + x``
    above ``x = f()``) is followed too."""
    assignments = code.inside(unit, scope, *_ASSIGNMENTS)
    carried: set[str] = set()
    for _ in range(2):
        for statement in assignments:
            value = getattr(statement, "value", None)
            holds_call = value is not None and any(node is call for node in breadth_first(value))
            if holds_call or _names_read(value) & carried:
                carried |= _names_bound(_targets(statement))
    return carried


def _differentiates(code: Code, unit: SourceUnit, scope: ast.AST | None, names: set[str]) -> bool:
    """Some ``backward()`` in ``scope`` runs on a value built from ``names``: ``loss.backward()``,
    ``loss.mean().backward()``, ``scaler.scale(loss).backward()``, ``accelerator.backward(loss)``."""
    for call in code.inside(unit, scope, ast.Call):
        if not is_backward(call):
            continue
        differentiated = [call.func, *call.args, *(item.value for item in call.keywords)]
        if any(_names_read(part) & names for part in differentiated):
            return True
    return False


def result_differentiated(code: Code, unit: SourceUnit, call: ast.Call) -> bool:
    """Whether ``call``'s result reaches a ``backward()`` in the function (or module) making it:
    directly (``f(x).backward()``) or through the names assigned from it."""
    scopes = code.around(unit, call, *_FUNCTIONS)
    scope = scopes[0] if scopes else None
    carried = _carried(code, unit, scope, call)
    direct = any(
        is_backward(outer) and any(node is call for node in breadth_first(outer.func))
        for outer in code.around(unit, call, ast.Call)
    )
    return direct or _differentiates(code, unit, scope, carried)


def differentiated_somewhere(repo: Repo, name: str) -> bool:
    """Whether some call of a function named ``name`` has its result differentiated. Matched
    by simple name like the rest of the call graph: a wrong match only makes the evaluation
    rule say less."""
    return any(
        result_differentiated(code, unit, call)
        for code, unit, call in repo.call_sites.get(name, ())
    )
