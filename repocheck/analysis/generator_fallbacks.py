"""Generators built only when the caller passes none (REPRO001).

``rng = rng or np.random.default_rng()`` and ``if rng is None: rng = np.random.default_rng()``
let the caller choose the generator, as numpy advises for functions that draw. The unseeded
generator is built only on a call that passes none. Where every call of the function passes
one, the fallback is never built: it draws nothing. The calls are those in its own module
where no other module can name the function (no import of it, no attribute of that name
anywhere); else every call of the name in the project, where the name is used for nothing
but calls (a class's ``__init__`` is called by building the class: ``Search(model, rng=rng)``).
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass

from repocheck.analysis.draws import GENERATOR_CONSTRUCTORS
from repocheck.analysis.imports import Program
from repocheck.analysis.scopes import parameter_names
from repocheck.analysis.seeding import NamesRead
from repocheck.facts.snapshot import SourceUnit

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass(frozen=True)
class _Fallback:
    """A statement building a generator in place of ``parameter`` of ``function``;
    ``called_as``: the name its calls use (the class's, for an ``__init__``), None for a
    method called through an object."""

    function: ast.FunctionDef | ast.AsyncFunctionDef
    parameter: str
    called_as: str | None


def never_built(statement: ast.stmt, program: Program, read: NamesRead) -> bool:
    """``statement`` builds a fallback generator that no call of its function lets run."""
    fallback = _fallbacks(program).get(id(statement))
    if fallback is None:
        return False
    name = fallback.called_as
    if name is None:
        return False
    if name in read.shared or name in read.imported or "*" in read.imported:
        # Another module may call it: every call of the name anywhere must pass one.
        return bool(read.every) and _every_call_passes(read.every, fallback, name)
    return _every_call_passes([program], fallback, name)


def _fallbacks(program: Program) -> dict[int, _Fallback]:
    """id(statement) -> the fallback it builds, for every such statement (cached)."""
    found = program.derived.get("generator_fallbacks")
    if found is None:
        found = program.derived["generator_fallbacks"] = {
            id(statement): _Fallback(function, parameter, called_as)
            for unit in program.units
            if any(_builds_generator(call, program) for call in unit.of_type(ast.Call))
            for function, called_as in _functions(unit)
            for statement, parameter in _fallback_statements(function, program)
        }
    return found  # type: ignore[return-value]


def _functions(unit: SourceUnit) -> list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, str | None]]:
    """Each function of the unit with the name its calls use: its own, its class's for an
    ``__init__``, None for another method (called through an object)."""
    methods: dict[int, str | None] = {}
    for cls in unit.of_type(ast.ClassDef):
        assert isinstance(cls, ast.ClassDef)
        for statement in cls.body:
            if isinstance(statement, _FUNCTIONS):
                methods[id(statement)] = cls.name if statement.name == "__init__" else None
    found: list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, str | None]] = []
    for node in unit.of_type(ast.FunctionDef, ast.AsyncFunctionDef):
        assert isinstance(node, _FUNCTIONS)
        found.append((node, methods.get(id(node), node.name)))
    return found


def _builds_generator(node: ast.AST, program: Program) -> bool:
    """An unseeded ``np.random.default_rng()``, ``random.Random()``."""
    return (
        isinstance(node, ast.Call)
        and not node.args
        and not node.keywords
        and program.resolve(node.func) in GENERATOR_CONSTRUCTORS
    )


def _fallback_statements(
    function: ast.FunctionDef | ast.AsyncFunctionDef, program: Program
) -> list[tuple[ast.stmt, str]]:
    parameters = parameter_names(function)
    found: list[tuple[ast.stmt, str]] = []
    for statement in _statements(function.body):
        if isinstance(statement, ast.Assign):
            replaced = _replaced_in_expression(statement.value, program)
            if replaced in parameters:
                found.append((statement, replaced))
        elif isinstance(statement, ast.If) and not statement.orelse:
            replaced = _absent(statement.test)
            if replaced in parameters and all(
                isinstance(inner, ast.Assign) and _builds_generator(inner.value, program)
                for inner in statement.body
            ):
                found.extend((inner, replaced) for inner in statement.body)
    return found


def _statements(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements of a function body, into blocks but not into nested definitions."""
    found: list[ast.stmt] = []
    pending = list(body)
    while pending:
        statement = pending.pop()
        found.append(statement)
        if not isinstance(statement, (*_FUNCTIONS, ast.ClassDef)):
            for field in ("body", "orelse", "finalbody"):
                pending.extend(getattr(statement, field, ()))
    return found


def _replaced_in_expression(value: ast.expr, program: Program) -> str | None:
    """``p or default_rng()``, ``default_rng() if p is None else p``: the parameter ``p``."""
    if isinstance(value, ast.BoolOp) and isinstance(value.op, ast.Or) and len(value.values) == 2:
        given, fallback = value.values
        if isinstance(given, ast.Name) and _builds_generator(fallback, program):
            return given.id
    if isinstance(value, ast.IfExp) and _builds_generator(value.body, program):
        return _absent(value.test)
    if isinstance(value, ast.IfExp) and _builds_generator(value.orelse, program):
        present = _present(value.test)  # ``p if p is not None else default_rng()``
        body = value.body
        return present if isinstance(body, ast.Name) and body.id == present else None
    return None


def _present(test: ast.expr) -> str | None:
    """``p is not None`` or ``p``: the parameter ``p`` whose presence the test asks."""
    if isinstance(test, ast.Name):
        return test.id
    return _compared_to_none(test, ast.IsNot)


def _absent(test: ast.expr) -> str | None:
    """``p is None`` or ``not p``: the parameter ``p`` whose absence the test asks."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return test.operand.id if isinstance(test.operand, ast.Name) else None
    return _compared_to_none(test, ast.Is)


def _compared_to_none(test: ast.expr, op: type[ast.cmpop]) -> str | None:
    """``p is None`` (``op``: ``ast.Is``) or ``p is not None``: the name ``p``."""
    if (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and [type(operator) for operator in test.ops] == [op]
        and _is_none(test.comparators[0])
    ):
        return test.left.id
    return None


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _every_call_passes(every: Sequence[Program], fallback: _Fallback, name: str) -> bool:
    """Some call of ``name`` is in the programs, each passes ``parameter`` a value, and the
    name is used for nothing else (a callback handed over may be called with nothing)."""
    calls = [
        call
        for program in every
        for unit in program.units
        for call in unit.of_type(ast.Call)
        if _names(call.func, name)
    ]
    called = {id(call.func) for call in calls}
    named = [
        node
        for program in every
        for unit in program.units
        for node in [*unit.of_type(ast.Name), *unit.of_type(ast.Attribute)]
        if _names(node, name) and id(node) not in called
    ]
    return bool(calls) and not named and all(_passes(call, fallback) for call in calls)


def _names(node: ast.expr, name: str) -> bool:
    """``name`` or ``something.name``."""
    if type(node) is ast.Name:
        return node.id == name
    return type(node) is ast.Attribute and node.attr == name


def _passes(call: ast.Call, fallback: _Fallback) -> bool:
    """The call gives ``parameter`` a value other than None, by keyword or position."""
    for item in call.keywords:
        if item.arg is None:
            return False  # **options: what it holds is not known
        if item.arg == fallback.parameter:
            return not _is_none(item.value)
    arguments = fallback.function.args
    positional = [a.arg for a in [*arguments.posonlyargs, *arguments.args]]
    if fallback.called_as != fallback.function.name:
        positional = positional[1:]  # ``Search(model, rng)`` builds it: ``self`` is not passed
    if fallback.parameter not in positional:
        return False
    index = positional.index(fallback.parameter)
    given = call.args[: index + 1]
    if any(isinstance(argument, ast.Starred) for argument in given) or len(given) <= index:
        return False
    return not _is_none(given[index])
