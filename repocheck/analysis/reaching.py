"""Which assignment a name holds where it is read, when the code's blocks alone tell.

``name = "a.pt"`` earlier in the same block as a read of ``name`` has always run last before
it, so the read holds that value and not one set in a sibling ``if`` branch. An assignment in
an enclosing block reaches reads in nested blocks only where nothing in between may bind the
name again (a loop's body that rebinds it, an earlier branch). Where the blocks do not tell,
the read is left out and a caller falls back to every assignment of the name.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterable

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
#: Their loop variables are their own: ``[f(name) for name in names]`` reads none from outside.
_INNER_SCOPES = (*_SCOPES, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
#: Statements whose nested blocks each run at most once, in the order written.
_ONCE = (ast.If, ast.With, ast.AsyncWith)
Env = dict[str, ast.expr]
Found = dict[int, ast.expr]


def reaching_values(tree: ast.AST, names: Collection[str]) -> dict[int, ast.expr]:
    """``id`` of each read of one of ``names`` -> the value of the assignment it must hold."""
    found: Found = {}
    body = getattr(tree, "body", None)
    if isinstance(body, list):
        _block(body, {}, frozenset(names), found)
    return found


def _block(statements: list[ast.stmt], inherited: Env, names: frozenset[str], found: Found) -> None:
    last = dict(inherited)
    for statement in statements:
        if isinstance(statement, _SCOPES):
            for nested in _scope_bodies(statement):
                _block(nested, {}, names, found)  # a new scope: runs later, when called
            continue
        rebound = _bound(statement, names)
        inner = last if isinstance(statement, _ONCE) else _without(last, rebound)
        nested_blocks = list(_nested_blocks(statement))
        if nested_blocks:
            for child in _header(statement):
                _record(child, inner if isinstance(statement, ast.While) else last, found)
            for nested in nested_blocks:
                _block(nested, inner, names, found)
        else:
            # The value of "x = f(x)" is read before x is bound again; other bindings inside a
            # statement (a walrus) leave what it reads unknown.
            _record(statement, _without(last, rebound - {_single_target(statement)}), found)
        last = _without(last, rebound)
        target = _single_target(statement)
        if target in names and isinstance(statement, ast.Assign):
            last[target] = statement.value


def _record(node: ast.AST, env: Env, found: Found) -> None:
    for child in _walk_outside_scopes(node):
        if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load) and child.id in env:
            found[id(child)] = env[child.id]


def _walk_outside_scopes(node: ast.AST) -> Iterable[ast.AST]:
    todo = [node]
    while todo:
        current = todo.pop()
        yield current
        todo.extend(c for c in ast.iter_child_nodes(current) if not isinstance(c, _INNER_SCOPES))


def _bound(statement: ast.stmt, names: frozenset[str]) -> set[str]:
    """The names of ``names`` that the statement, or any block in it, may bind."""
    return {
        node.id
        for node in _walk_outside_scopes(statement)
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load) and node.id in names
    }


def _without(env: Env, names: set[str]) -> Env:
    return {name: value for name, value in env.items() if name not in names}


def _single_target(statement: ast.stmt) -> str | None:
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target = statement.targets[0]
        return target.id if isinstance(target, ast.Name) else None
    return None


def _nested_blocks(statement: ast.stmt) -> Iterable[list[ast.stmt]]:
    for field in ("body", "orelse", "finalbody"):
        value = getattr(statement, field, None)
        if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
            yield value
    for holder in [*getattr(statement, "handlers", []), *getattr(statement, "cases", [])]:
        yield holder.body


def _header(statement: ast.stmt) -> Iterable[ast.AST]:
    """The parts of a compound statement outside its blocks: an ``if``'s test, a loop's iterable."""
    for field in ("test", "iter", "items", "subject"):
        value = getattr(statement, field, None)
        if isinstance(value, list):
            yield from value
        elif isinstance(value, ast.AST):
            yield value


def _scope_bodies(statement: ast.stmt) -> Iterable[list[ast.stmt]]:
    body = getattr(statement, "body", None)
    if isinstance(body, list):
        yield body
