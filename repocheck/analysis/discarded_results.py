"""Draws whose results a caller throws away (REPRO001).

``train_dl, val_dl, test_dl = get_loaders(...)`` in a script that then reads only ``test_dl``:
the split and the shuffled loader the helper builds for the other two are made and dropped,
so no draw behind them changes anything that script does. Two readings make it:

- the caller's: which positions of an unpacked call no code of its scope ever reads
  (:func:`unpacked_names`, :func:`discarded_positions`);
- the callee's: which of its names reach only those positions of its returns, through
  assignments of names alone (:func:`dead_names`), so a statement assigning only such names
  (``train_dl = DataLoader(train_ds, shuffle=True)``) builds nothing that is used. A container
  the function makes itself (``loaders = {}``) and fills item by item
  (``loaders[k] = DataLoader(...)``) is such a name too: each item is an assignment into it.

A name read anywhere else (an argument of a call that is not assigned, a loop's iterable, a
condition, a nested function, an attribute's owner) is used; so is one a ``global`` or
``nonlocal`` statement shares. Each function is read once per shape of discarded positions.
"""

from __future__ import annotations

import ast
from collections.abc import Container, Iterator

from repocheck.analysis.ml_names import method, terminal
from repocheck.analysis.scripts import training_call

#: Positions of an unpacked result, and how many there are: ``(3, frozenset({0, 1}))``.
Discarded = tuple[int, frozenset[int]]
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
#: Calls that make a new, empty or copied, container (``dict()``, ``defaultdict(list)``).
_CONTAINER_MAKERS = frozenset({"dict", "list", "set", "OrderedDict", "defaultdict"})


def unpacked_names(statement: ast.Assign) -> list[str] | None:
    """``a, b, c = f(...)``: the names a call's result is unpacked into, or None."""
    if len(statement.targets) != 1 or type(statement.value) is not ast.Call:
        return None
    target = statement.targets[0]
    if type(target) not in (ast.Tuple, ast.List):
        return None
    elements = target.elts  # type: ignore[attr-defined]
    if not all(type(element) is ast.Name for element in elements):
        return None
    return [element.id for element in elements]


def discarded_positions(names: list[str], read: Container[str]) -> Discarded | None:
    """How many names a call's result unpacks into and which of them no code of the scope
    reads (``read`` holds the names it loads), or None when every one is read."""
    unread = frozenset(index for index, name in enumerate(names) if name == "_" or name not in read)
    return (len(names), unread) if unread else None


def dead_names(
    function: ast.FunctionDef | ast.AsyncFunctionDef, shape: Discarded
) -> frozenset[str]:
    """Names of ``function`` whose values reach nothing but the discarded positions of its
    returns (``shape``); empty unless every return gives a tuple of that many values."""
    arity, discarded = shape
    sinks: list[tuple[str, frozenset[str] | None]] = []
    shared: set[str] = set()
    returns = 0
    fresh = _fresh_containers(function)
    for statement in _statements(function.body):
        if isinstance(statement, (ast.Global, ast.Nonlocal)):
            shared.update(statement.names)
        elif isinstance(statement, ast.Return):
            value = statement.value
            if not isinstance(value, ast.Tuple) or len(value.elts) != arity:
                return frozenset()
            returns += 1
            for index, element in enumerate(value.elts):
                sink: frozenset[str] | None = frozenset() if index in discarded else None
                sinks.extend((name, sink) for name in _loads(element))
        elif (assigned := _assigned_names(statement, fresh)) is not None:
            sinks.extend((name, assigned) for name in _assignment_loads(statement))  # type: ignore[arg-type]
        else:
            sinks.extend((name, None) for name in _header_loads(statement))
    if not returns:
        return frozenset()
    dead = {name for _, sink in sinks if sink for name in sink} - shared
    changed = True
    while changed:  # a name is used when some read of it feeds a used name or a use
        changed = False
        for name, sink in sinks:
            if name in dead and (sink is None or not sink <= dead):
                dead.discard(name)
                changed = True
    return frozenset(dead)


def assigns_only(statement: ast.stmt, names: Container[str]) -> bool:
    """Whether ``statement`` is an assignment of names all in ``names``."""
    assigned = _assigned_names(statement, names)
    return bool(assigned) and all(name in names for name in assigned)  # type: ignore[union-attr]


def builds_only(statement: ast.stmt, call: ast.Call) -> bool:
    """Whether ``call`` is the whole value ``statement`` assigns and only builds it: not a
    training step, not an in-place change (``shuffle(a)``, ``normal_(w)``)."""
    if getattr(statement, "value", None) is not call or training_call(call):
        return False
    name = method(call) or terminal(call.func) or ""
    return not (name.endswith("_") or "shuffle" in name.lower())


def _assigned_names(statement: ast.stmt, containers: Container[str]) -> frozenset[str] | None:
    """The names an assignment of names alone binds (``a = ...``, ``a, b = ...``), or None;
    an item of one of ``containers`` (``loaders[k] = ...``) counts as an assignment into it."""
    if not isinstance(statement, ast.Assign):
        return None
    names: set[str] = set()
    for target in statement.targets:
        elements = target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]
        for element in elements:
            if isinstance(element, ast.Subscript) and isinstance(element.value, ast.Name):
                element = element.value
                if element.id not in containers:
                    return None
            if not isinstance(element, ast.Name):
                return None
            names.add(element.id)
    return frozenset(names)


def _assignment_loads(statement: ast.Assign) -> Iterator[str]:
    """Names an assignment reads: its value's and its items' keys (``loaders[k] = ...``)."""
    yield from _loads(statement.value)
    for target in statement.targets:
        for element in target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]:
            if isinstance(element, ast.Subscript):
                yield from _loads(element.slice)


def _fresh_containers(function: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
    """Names ``function`` binds only to containers it makes itself (``loaders = {}``): not
    parameters, not bound any other way, so filling them changes nothing outside it."""
    made: dict[str, list[ast.Name]] = {}
    for statement in _statements(function.body):
        if isinstance(statement, ast.Assign) and _makes_container(statement.value):
            target = statement.targets[0]
            if len(statement.targets) == 1 and isinstance(target, ast.Name):
                made.setdefault(target.id, []).append(target)
    if not made:
        return frozenset()
    allowed = {id(target) for targets in made.values() for target in targets}
    bound = {argument.arg for argument in ast.walk(function.args) if isinstance(argument, ast.arg)}
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and type(node.ctx) is ast.Store and id(node) not in allowed:
            bound.add(node.id)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            bound.update(node.names)
    return frozenset(name for name in made if name not in bound)


def _makes_container(value: ast.expr) -> bool:
    if isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)):
        return True
    return isinstance(value, ast.Call) and terminal(value.func) in _CONTAINER_MAKERS


def _statements(block: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement of a function's own blocks, nested definitions as single statements."""
    for statement in block:
        yield statement
        if isinstance(statement, _DEFINITIONS):
            continue
        for field in ("body", "orelse", "finalbody"):
            yield from _statements(getattr(statement, field, None) or [])
        for handler in getattr(statement, "handlers", None) or []:
            yield from _statements(handler.body)
        for case in getattr(statement, "cases", None) or []:
            yield from _statements(case.body)


def _header_loads(statement: ast.stmt) -> Iterator[str]:
    """Names a statement reads outside the blocks :func:`_statements` visits on their own."""
    if isinstance(statement, _DEFINITIONS):
        yield from _loads(statement)
        return
    for field, value in ast.iter_fields(statement):
        if field in ("body", "orelse", "finalbody", "handlers", "cases"):
            continue
        for node in value if isinstance(value, list) else [value]:
            if isinstance(node, ast.AST):
                yield from _loads(node)
    for handler in getattr(statement, "handlers", None) or []:
        if handler.type is not None:
            yield from _loads(handler.type)
    for case in getattr(statement, "cases", None) or []:
        yield from _loads(case.pattern)
        if case.guard is not None:
            yield from _loads(case.guard)


def _loads(node: ast.AST) -> Iterator[str]:
    for inner in ast.walk(node):
        if isinstance(inner, ast.Name) and type(inner.ctx) is ast.Load:
            yield inner.id
