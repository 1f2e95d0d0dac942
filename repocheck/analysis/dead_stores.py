"""Top-level values that no code reads: bound again before any read, or, in a notebook, never
read at all.

A notebook builds ``train_set = gen.flow_from_directory(..., batch_size=32)`` in an early
cell, then builds it again from its hyperparameter cell (``batch_size=batch_size``) before
``model.fit(train_set)``: the first loader's settings change nothing the notebook runs.

The reading walks a program's top-level statements in order (a notebook's cells one after
another). A read of a name inside a compound statement (a loop, an ``if``, a ``with``) that
an assignment of the name earlier in the same block precedes does not see the older value;
one in a function, a class or a lambda may see it whenever the code is run, so a name any of
them reads is never taken for dead, nor one a ``global`` or ``del`` statement names. Only an
unconditional top-level assignment binds a name again; one inside a compound statement may
not run. Read once per program.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from typing import cast

from repocheck.analysis.imports import Program

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
#: Calls that read or write a namespace by name: nothing can be said of its bindings then.
_NAMESPACE_CALLS = frozenset({"globals", "locals", "vars", "exec", "eval"})


def unseen_values(program: Program) -> frozenset[int]:
    """ids of the values of top-level ``name = value`` statements that no code of the program
    reads (read once per program)."""
    known = program.derived.get("unseen_values")
    if known is None:
        known = program.derived["unseen_values"] = _read_unseen(program)
    return cast("frozenset[int]", known)


def _read_unseen(program: Program) -> frozenset[int]:
    statements = [
        statement for unit in program.units if unit.tree is not None for statement in unit.tree.body
    ]
    shared = _shared_names(statements)
    if shared is None:
        return frozenset()
    pending: dict[str, ast.Assign] = {}
    dead: set[int] = set()
    for statement in statements:
        for name in _exposed_loads([statement], set()):
            pending.pop(name, None)
        if not isinstance(statement, ast.Assign) or len(statement.targets) != 1:
            continue
        target = statement.targets[0]
        if not isinstance(target, ast.Name) or target.id in shared:
            continue
        earlier = pending.pop(target.id, None)
        if earlier is not None:
            dead.add(id(earlier.value))
        pending[target.id] = statement
    if all(unit.cell is not None for unit in program.units):
        # A notebook's names are read by no other module: one its cells never read is unused.
        dead.update(id(statement.value) for statement in pending.values())
    return frozenset(dead)


def _shared_names(statements: list[ast.stmt]) -> set[str] | None:
    """Names a function, class, lambda, ``global`` or ``del`` statement touches; None when the
    program reads its namespace by name (``globals()``, ``exec``)."""
    shared: set[str] = set()
    # One walk, each node with whether a scope or a del holds it: a nested scope's names are
    # the outer one's too, and walking each scope again made nested lambdas quadratic.
    pending: list[tuple[ast.AST, bool]] = [(statement, False) for statement in statements]
    while pending:
        node, held = pending.pop()
        if held and isinstance(node, ast.Name):
            shared.add(node.id)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            shared.update(node.names)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in _NAMESPACE_CALLS
        ):
            return None
        held = held or isinstance(node, (*_SCOPES, ast.Delete))
        pending.extend((child, held) for child in ast.iter_child_nodes(node))
    return shared


def _exposed_loads(block: list[ast.stmt], bound: set[str]) -> Iterator[str]:
    """Names read in ``block`` that may see a value bound before it: not those an assignment
    earlier in the same block (or an enclosing one, ``bound``) has just bound again."""
    yield from _block_loads(block, set(bound))


def _block_loads(block: list[ast.stmt], bound: set[str]) -> Iterator[str]:
    """As :func:`_exposed_loads`, with ``bound`` shared by every block and each block's own
    names taken out again as it ends: copying the names bound so far for each nested block made
    a long block of short ``if`` blocks quadratic. (Blocks nest at most 100 deep: Python's
    tokenizer refuses deeper indentation.)"""
    added: list[str] = []
    for statement in block:
        if isinstance(statement, ast.Assign):
            yield from _loads([statement.value, *statement.targets], bound)
            for target in statement.targets:
                for element in _elements(target):
                    if isinstance(element, ast.Name) and element.id not in bound:
                        bound.add(element.id)
                        added.append(element.id)
            continue
        if isinstance(statement, ast.AugAssign) and isinstance(statement.target, ast.Name):
            yield statement.target.id  # ``x += 1`` reads x
        blocks = [
            value
            for field in ("body", "orelse", "finalbody")
            if isinstance(value := getattr(statement, field, None), list)
        ]
        handlers = getattr(statement, "handlers", None) or []
        blocks.extend(handler.body for handler in handlers)
        cases = getattr(statement, "cases", None) or []
        blocks.extend(case.body for case in cases)
        if not blocks or isinstance(statement, _SCOPES):
            yield from _loads([statement], bound)
            continue
        inner = {id(node) for each in blocks for node in each}
        headers = [child for child in ast.iter_child_nodes(statement) if id(child) not in inner]
        yield from _loads(headers, bound)
        for each in blocks:
            yield from _block_loads(each, bound)
    bound.difference_update(added)


def _elements(target: ast.expr) -> list[ast.expr]:
    if isinstance(target, (ast.Tuple, ast.List)):
        return [item for element in target.elts for item in _elements(element)]
    return [target]


def _loads(nodes: Iterable[ast.AST], bound: set[str]) -> Iterator[str]:
    for node in nodes:
        for inner in ast.walk(node):
            if (
                isinstance(inner, ast.Name)
                and inner.id not in bound
                and not isinstance(inner.ctx, ast.Store)
            ):
                yield inner.id
