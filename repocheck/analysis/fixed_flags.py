"""Branches a call decides by the constants it passes (REPRO001).

``render_one`` in a NeRF calls ``stratified_samples(..., randomized=False)``: the jitter under
``if randomized:`` never runs on that path, so its ``torch.rand_like`` changes nothing a
rendering script makes, while the training loop's ``randomized=True`` still draws. Two readings
make it:

- the callee's: the parameters an ``if`` of the function tests in a shape read here (the name,
  ``not name``, ``name > 0.0``, ``name is None``, joined by ``and``/``or``) and that no code of
  the function assigns again (:class:`ParameterTests`);
- the call's: the constant it gives each of them, by keyword, by position or by leaving a
  constant default (:func:`bound_constants`); a call spreading ``*args`` or ``**kwargs`` gives
  none it can be held to.

:func:`decided` then says which branch of an ``if`` runs, or None when it cannot be told, and
:func:`evaluated` which operands of its ``and``/``or`` test are evaluated at all.

A parameter handed on as a draw's switch (``DataLoader(ds, shuffle=shuffle)`` in an
evaluation script's ``create_dataloader(..., shuffle=False)``, or joined with others,
``shuffle=train and sampler is None``) counts as tested too: the call is then asked again
with the constant written in (:func:`with_constants`).
"""

from __future__ import annotations

import ast
import bisect
import operator
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from repocheck.analysis.cache import per_object
from repocheck.analysis.imports import Program
from repocheck.analysis.scopes import parameter_names
from repocheck.facts.snapshot import SourceUnit

#: A parameter's name and the constant a call binds it to, in order.
Bound = tuple[tuple[str, object], ...]
#: The comparisons a test of two known constants is decided by.
COMPARISONS: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_SINGLETONS = (None, True, False)
#: Keywords that turn a call's draw on or off (``shuffle=False`` reads no order at random).
SWITCH_KEYWORDS = frozenset({"shuffle"})


def _names(test: ast.expr) -> list[str] | None:
    """The names a decidable test reads, or None when its shape is not read here."""
    test = without_negations(test)[0]
    if isinstance(test, ast.Name):
        return [test.id]
    if isinstance(test, ast.BoolOp):
        found: list[str] = []
        for value in test.values:
            names = _names(value)
            if names is not None:
                found += names
        return found or None
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        left, right = test.left, test.comparators[0]
        if isinstance(left, ast.Name) and isinstance(right, ast.Constant):
            return [left.id]
        if isinstance(right, ast.Name) and isinstance(left, ast.Constant):
            return [right.id]
    return None


class ParameterTests:
    """Which parameters of a unit's functions an ``if`` tests, read from the unit's ``if``
    statements, switch keywords and assignments sorted by line once: a function's share of
    them is a slice, not a walk of its body (asked of every function a run calls)."""

    def __init__(self, unit: SourceUnit) -> None:
        self._ifs = _by_line(unit.of_type(ast.If))
        self._switches = _by_line(
            keyword
            for keyword in unit.of_type(ast.keyword)
            if keyword.arg in SWITCH_KEYWORDS and _switch_names(keyword.value)
        )
        self._stores = _by_line(
            name for name in unit.of_type(ast.Name) if type(name.ctx) is not ast.Load
        )
        self._declared = _by_line(unit.of_type(ast.Nonlocal, ast.Global))

    def tested(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
        """Parameters of ``node`` an ``if`` of its body tests in a decidable shape, or that a
        call of its body hands on as a switch (``shuffle=shuffle``), and that nothing in the
        function assigns again (a nested function's ``nonlocal`` included)."""
        first, last = node.lineno, node.end_lineno or node.lineno
        parameters = parameter_names(node)
        tested: set[str] = set()
        for test in _between(self._ifs, first, last):
            tested.update(_names(test.test) or ())  # type: ignore[attr-defined]
        for switch in _between(self._switches, first, last):
            tested.update(_switch_names(switch.value))  # type: ignore[attr-defined]
        tested &= parameters
        if not tested:
            return frozenset()
        stored = {name.id for name in _between(self._stores, first, last)}  # type: ignore[attr-defined]
        for declaration in _between(self._declared, first, last):
            stored.update(declaration.names)  # type: ignore[attr-defined]
        return frozenset(tested - stored)


def _switch_names(value: ast.expr) -> list[str]:
    """The names a draw's switch is given: ``shuffle=shuffle``, or the names among the
    operands of ``shuffle=train and sampler is None``."""
    if type(value) is ast.Name:
        return [value.id]
    if type(value) is ast.BoolOp:
        return [operand.id for operand in value.values if type(operand) is ast.Name]
    return []


_ByLine = tuple[list[int], list[ast.AST]]


def _by_line(nodes: Iterable[ast.AST]) -> _ByLine:
    ordered = sorted(nodes, key=lambda node: node.lineno)  # type: ignore[attr-defined]
    return [node.lineno for node in ordered], ordered  # type: ignore[attr-defined]


def _between(index: _ByLine, first: int, last: int) -> list[ast.AST]:
    lines, nodes = index
    return nodes[bisect.bisect_left(lines, first) : bisect.bisect_right(lines, last)]


def _is_static(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)


def bound_constants(
    call: ast.Call,
    node: ast.FunctionDef | ast.AsyncFunctionDef,
    tested: frozenset[str],
    *,
    method: bool,
) -> Bound:
    """The constants ``call`` binds to the ``tested`` parameters of ``node`` (a method's first
    parameter taken by the object it is called on), in the parameters' order."""
    if not tested or any(isinstance(a, ast.Starred) for a in call.args):
        return ()
    if any(keyword.arg is None for keyword in call.keywords):
        return ()  # **kwargs may give any of them
    arguments = node.args
    positional = [*arguments.posonlyargs, *arguments.args]
    if method and not _is_static(node):
        positional = positional[1:]
    given: dict[str, ast.expr] = {a.arg: v for a, v in zip(positional, call.args, strict=False)}
    given.update({k.arg: k.value for k in call.keywords if k.arg is not None})
    defaults: dict[str, ast.expr | None] = dict(
        zip(
            [a.arg for a in positional][len(positional) - len(arguments.defaults) :],
            arguments.defaults,
            strict=True,
        )
    )
    defaults.update(
        {a.arg: d for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True)}
    )
    bound: list[tuple[str, object]] = []
    for argument in (*positional, *arguments.kwonlyargs):
        if argument.arg not in tested:
            continue
        value = given.get(argument.arg, defaults.get(argument.arg))
        if isinstance(value, ast.Constant):
            bound.append((argument.arg, value.value))
    return tuple(bound)


def constant_key(node: ast.expr) -> str | None:
    """The name a constant is bound to: a parameter (``augment``), or an attribute of the
    object a method runs on (``self.augment``, which its constructor stored)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return f"{node.value.id}.{node.attr}" if node.value.id == "self" else None
    return None


def decided(test: ast.expr, constants: Mapping[str, object]) -> bool | None:
    """Whether ``test`` holds with ``constants`` bound, or None when it cannot be told."""
    test, negations = without_negations(test)
    found = _decided(test, constants)
    return found if found is None or not negations % 2 else not found


def without_negations(test: ast.expr) -> tuple[ast.expr, int]:
    """The operand under a run of ``not``, and how many there are: counted, not recursed into,
    as the run needs no parentheses and can be deeper than Python's recursion limit."""
    negations = 0
    while isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        negations += 1
        test = test.operand
    return test, negations


def _decided(test: ast.expr, constants: Mapping[str, object]) -> bool | None:
    key = constant_key(test)
    if key is not None:
        return bool(constants[key]) if key in constants else None
    if isinstance(test, ast.BoolOp):
        values = [decided(value, constants) for value in test.values]
        short = isinstance(test.op, ast.Or)  # the value that decides alone
        if short in values:
            return short
        return None if None in values else not short
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        return _compared(test.left, test.ops[0], test.comparators[0], constants)
    return None


def evaluated(test: ast.expr, constants: Mapping[str, object]) -> list[ast.expr]:
    """The parts of ``test`` Python evaluates with ``constants`` bound: an ``and`` stops at
    its first operand known false, an ``or`` at its first known true, so the draw in
    ``if augment and random.random() < 0.5`` is not made when ``augment`` is False."""
    if not isinstance(test, ast.BoolOp):
        return [test]
    short = isinstance(test.op, ast.Or)  # the value that decides alone
    parts: list[ast.expr] = []
    for value in test.values:
        parts += evaluated(value, constants)
        if decided(value, constants) is short:
            break
    return parts


def _value(node: ast.expr, constants: Mapping[str, object]) -> tuple[bool, object]:
    if isinstance(node, ast.Constant):
        return True, node.value
    key = constant_key(node)
    if key is not None and key in constants:
        return True, constants[key]
    return False, None


def _compared(
    left: ast.expr, op: ast.cmpop, right: ast.expr, constants: Mapping[str, object]
) -> bool | None:
    (known_left, a), (known_right, b) = _value(left, constants), _value(right, constants)
    if not (known_left and known_right):
        return None
    if isinstance(op, (ast.Is, ast.IsNot)):
        if not any(a is s for s in _SINGLETONS) and not any(b is s for s in _SINGLETONS):
            return None
        return (a is b) == isinstance(op, ast.Is)
    compare = COMPARISONS.get(type(op))
    if compare is None:
        return None
    try:
        return bool(compare(a, b))
    except TypeError:
        return None


def with_constants(call: ast.Call, constants: Mapping[str, object]) -> ast.Call | None:
    """``call`` with the constants written in for the parameters it passes by name, or None
    when it passes none of them (``DataLoader(ds, shuffle=shuffle)`` with ``shuffle`` bound
    to False reads as ``DataLoader(ds, shuffle=False)``)."""

    def written(value: ast.expr) -> ast.expr:
        if isinstance(value, ast.Name) and value.id in constants:
            constant: Any = constants[value.id]  # read from an ast.Constant in the first place
            return ast.copy_location(ast.Constant(constant), value)
        if isinstance(value, ast.BoolOp):
            # ``train and sampler is None`` with ``train`` bound to False is false whatever
            # the rest; ``eval_only or shuffle`` with ``eval_only`` bound to True is true.
            deciding = not isinstance(value.op, ast.And)
            for operand in value.values:
                named = isinstance(operand, ast.Name) and operand.id in constants
                if named and bool(constants[operand.id]) is deciding:  # type: ignore[attr-defined]
                    return ast.copy_location(ast.Constant(deciding), value)
        return value

    arguments = [written(a) for a in call.args]
    keywords = [ast.keyword(k.arg, written(k.value)) for k in call.keywords]
    if all(a is b for a, b in zip(arguments, call.args, strict=True)) and all(
        k.value is old.value for k, old in zip(keywords, call.keywords, strict=True)
    ):
        return None
    return ast.copy_location(ast.Call(call.func, arguments, keywords), call)


#: The constants a top-level switch may be set to.
_SWITCH_VALUES = (bool, int, float, str, type(None))


def top_level_switch(program: Program, statement: ast.stmt) -> tuple[str, object] | None:
    """``FAST_RUN = False`` at a program's top level (a notebook's too), where the name is one
    a top-level ``if`` tests and nothing else binds it (no second assignment, no loop or
    ``global`` in a function, no import or definition of that name): read in order, the value
    decides that test, as a call's constant decides a parameter's."""
    if type(statement) is not ast.Assign or len(statement.targets) != 1:
        return None
    target, value = statement.targets[0], statement.value
    if type(target) is not ast.Name or type(value) is not ast.Constant:
        return None
    if not isinstance(value.value, _SWITCH_VALUES) or target.id not in _bound_once(program):
        return None
    return target.id, value.value


@per_object
def _bound_once(program: Program) -> frozenset[str]:
    """The names the program's top-level ``if`` tests read that it binds exactly once. Asked
    only of programs with a top-level constant assignment; the binding count reads the names
    alone when some top-level test names a name set to a constant there."""
    tested: set[str] = set()
    constants: set[str] = set()  # set to a constant at the top level
    for unit in program.units:
        for statement in unit.tree.body if unit.tree is not None else ():
            if type(statement) is ast.If:
                tested.update(n.id for n in ast.walk(statement.test) if type(n) is ast.Name)
            elif type(statement) is ast.Assign and type(statement.value) is ast.Constant:
                constants.update(t.id for t in statement.targets if type(t) is ast.Name)
    tested &= constants
    if not tested:
        return frozenset()
    bound: dict[str, int] = dict.fromkeys(tested, 0)
    for unit in program.units:
        for name in unit.of_type(ast.Name):
            if name.id in bound and type(name.ctx) is not ast.Load:
                bound[name.id] += 1
        for node in unit.of_type(ast.Global, ast.Nonlocal):
            for shared in node.names:  # type: ignore[attr-defined]
                if shared in bound:
                    bound[shared] += 2
        for node in unit.of_type(ast.Import, ast.ImportFrom):
            for alias in node.names:  # type: ignore[attr-defined]
                local = (alias.asname or alias.name).partition(".")[0]
                if local in bound:
                    bound[local] += 1
        for node in unit.of_type(ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
            if node.name in bound:  # type: ignore[attr-defined]
                bound[node.name] += 1  # type: ignore[attr-defined]
    return frozenset(name for name, count in bound.items() if count == 1)
