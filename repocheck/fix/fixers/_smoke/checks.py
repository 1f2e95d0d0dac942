"""Whether the checks ``forward`` makes on its input hold for the test's input.

``assert x.ndim == 2`` or ``if x.shape[1:] != (1, 28, 28): raise ...`` before the first layer
say what the model expects; the test's input must pass them. A check on anything but the
input's shape (its dtype, its values) is not read, and then the input is not guessed.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from repocheck.analysis.fixed_flags import COMPARISONS
from repocheck.fix.fixers._smoke.values import DEEPEST, Env, Unknown, shown, value_of

_COMPARE: dict[type, Callable[[Any, Any], Any]] = {
    **COMPARISONS,
    ast.In: lambda item, group: item in _sequence(group),
    ast.NotIn: lambda item, group: item not in _sequence(group),
}


def failed_check(
    checks: list[tuple[ast.expr, bool]], name: str, shape: tuple[int, ...], env: Env
) -> str | None:
    """The first check (test, whether it must hold) the input of ``shape`` fails or that
    cannot be read, as a reason; None when every check holds."""
    reader = _ShapeReader(name, shape, env)
    for test, must_hold in checks:
        try:
            holds = bool(reader.value(test)) == must_hold
        except (Unknown, TypeError, IndexError):
            return f"forward() checks its input with `{shown(test)[:60]}`, not read here"
        if not holds:
            return f"the input {shape} fails the check `{shown(test)[:60]}` in forward()"
    return None


class _ShapeReader:
    """Evaluates expressions over the input's shape, literals and known values."""

    def __init__(self, name: str, shape: tuple[int, ...], env: Env) -> None:
        self.name = name
        self.shape = shape
        self.env = env
        self.depth = 0

    def _is_input(self, expr: ast.expr) -> bool:
        return isinstance(expr, ast.Name) and expr.id == self.name

    def value(self, expr: ast.expr) -> object:
        """The value of ``expr``; a run of ``not`` is read in a loop (it needs no parentheses,
        so it can be deeper than Python's recursion limit), anything else ``DEEPEST`` deep."""
        negated = False
        while isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.Not):
            negated, expr = not negated, expr.operand
        if self.depth > DEEPEST:
            raise Unknown("a check nested too deep")
        self.depth += 1
        try:
            found = self._value(expr)
        finally:
            self.depth -= 1
        return (not found) if negated else found

    def _value(self, expr: ast.expr) -> object:
        if isinstance(expr, ast.Compare):
            left = self.value(expr.left)
            for op, right_expr in zip(expr.ops, expr.comparators, strict=True):
                right = self.value(right_expr)
                if type(op) not in _COMPARE or not _COMPARE[type(op)](left, right):
                    return False if type(op) in _COMPARE else _unknown(expr)
                left = right
            return True
        if isinstance(expr, ast.BoolOp):
            values = [bool(self.value(item)) for item in expr.values]
            return all(values) if isinstance(expr.op, ast.And) else any(values)
        if isinstance(expr, ast.Attribute) and self._is_input(expr.value):
            if expr.attr == "shape":
                return self.shape
            if expr.attr == "ndim":
                return len(self.shape)
            return _unknown(expr)
        if isinstance(expr, ast.Call):
            return self._call(expr)
        if isinstance(expr, ast.Subscript):
            return self._subscript(expr)
        if isinstance(expr, (ast.Tuple, ast.List)):
            return tuple(self.value(item) for item in expr.elts)
        return value_of(expr, self.env, self.depth)

    def _call(self, call: ast.Call) -> object:
        func = call.func
        if isinstance(func, ast.Attribute) and self._is_input(func.value) and not call.keywords:
            if func.attr in ("dim", "ndimension") and not call.args:
                return len(self.shape)
            if func.attr == "size":
                return self.shape[_index(self.value(call.args[0]))] if call.args else self.shape
        if isinstance(func, ast.Name) and func.id in ("len", "tuple") and len(call.args) == 1:
            if self._is_input(call.args[0]):  # len(x): the batch
                return self.shape[0] if func.id == "len" else _unknown(call)
            found = _sequence(self.value(call.args[0]))
            return found if func.id == "tuple" else len(found)
        return _unknown(call)

    def _subscript(self, expr: ast.Subscript) -> object:
        base = self.value(expr.value) if not self._is_input(expr.value) else _unknown(expr)
        if not isinstance(base, tuple):
            return _unknown(expr)
        index = expr.slice
        if isinstance(index, ast.Slice):
            bounds = [
                None if part is None else _index(self.value(part))
                for part in (index.lower, index.upper, index.step)
            ]
            return base[slice(*bounds)]
        return base[_index(self.value(index))]


def _unknown(expr: ast.expr) -> object:
    raise Unknown(shown(expr))


def _index(found: object) -> int:
    if isinstance(found, bool) or not isinstance(found, int):
        raise Unknown(repr(found))
    return found


def _sequence(found: object) -> tuple[object, ...]:
    if not isinstance(found, tuple):
        raise Unknown(repr(found))
    return found
