"""Values of expressions built from literals, known names and simple arithmetic."""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping

from repocheck.analysis.test_syntax import dotted_name

#: A name's known value; ``self.x`` attributes are keyed as ``"self.x"``.
Env = Mapping[str, object]

_BINARY: dict[type, Callable[[object, object], object]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv,
    ast.Div: operator.truediv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_CALLS: dict[str, Callable[..., object]] = {"int": int, "max": max, "min": min, "abs": abs}
#: No literal a constructor takes is this large; a bigger power is a mistake, not a size.
_LARGEST = 10**9
_LARGEST_POWER = 64


#: How deep an expression is read: sizes are a few operations deep, and ``1 + 1 + ...``
#: or ``- - 1`` need no parentheses, so they can be deeper than Python's recursion limit.
DEEPEST = 64


class Unknown(Exception):
    """The value cannot be read statically."""


def shown(expr: ast.AST) -> str:
    """``expr`` as source, or a phrase for one too deep for :func:`ast.unparse` to recurse."""
    try:
        return ast.unparse(expr)
    except RecursionError:
        return "(an expression nested too deep to show)"


def value_of(expr: ast.expr | None, env: Env, depth: int = 0) -> object:
    """The value of ``expr``: literals, names in ``env``, tuples (and an item of one),
    + - * // / % ** and int/min/max/abs; none ``DEEPEST`` operations deep."""
    if depth > DEEPEST:
        raise Unknown("an expression nested too deep")
    depth += 1
    if expr is None:
        raise Unknown("nothing")
    if isinstance(expr, ast.Constant):
        if isinstance(expr.value, float) and not math.isfinite(expr.value):
            raise Unknown(shown(expr))  # 1e999: no literal a test could write back
        return expr.value
    if isinstance(expr, (ast.Name, ast.Attribute)):
        key = dotted_name(expr)
        if key is None or key not in env:
            raise Unknown(shown(expr))
        return env[key]
    if isinstance(expr, (ast.Tuple, ast.List)):
        return tuple(value_of(item, env, depth) for item in expr.elts)
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, (ast.USub, ast.UAdd)):
        number = _number(value_of(expr.operand, env, depth))
        return -number if isinstance(expr.op, ast.USub) else number
    if isinstance(expr, ast.BinOp) and type(expr.op) in _BINARY:
        left, right = (
            _number(value_of(expr.left, env, depth)),
            _number(value_of(expr.right, env, depth)),
        )
        if isinstance(expr.op, ast.Pow) and abs(right) > _LARGEST_POWER:
            raise Unknown(shown(expr))  # 10 ** 10**9 would take the fixer forever
        try:
            result = _BINARY[type(expr.op)](left, right)
        except (ZeroDivisionError, OverflowError) as error:
            raise Unknown(shown(expr)) from error
        number = _number(result)
        if abs(number) > _LARGEST or not math.isfinite(number):
            raise Unknown(shown(expr))
        return result
    if isinstance(expr, ast.Subscript) and not isinstance(expr.slice, ast.Slice):
        group, index = value_of(expr.value, env, depth), value_of(expr.slice, env, depth)
        if isinstance(group, tuple) and type(index) is int and -len(group) <= index < len(group):
            return group[index]  # input_shape[0]
        raise Unknown(shown(expr))
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and not expr.keywords:
        function = _CALLS.get(expr.func.id)
        if function is not None and expr.func.id not in env:
            return function(*(_number(value_of(arg, env, depth)) for arg in expr.args))
    raise Unknown(shown(expr))


def int_of(expr: ast.expr | None, env: Env) -> int:
    """An integer value (``True`` is no size)."""
    found = value_of(expr, env)
    if isinstance(found, bool) or not isinstance(found, int):
        raise Unknown(shown(expr) if expr is not None else "nothing")
    return found


def _number(found: object) -> int | float:
    if isinstance(found, bool) or not isinstance(found, (int, float)):
        raise Unknown(repr(found))
    return found


def module_constants(tree: ast.Module) -> dict[str, object]:
    """Module-level ``NAME = <value>`` assignments whose value is readable, in order."""
    env: dict[str, object] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            target, value = statement.target, statement.value
        else:
            continue
        if isinstance(target, ast.Name):
            try:
                env[target.id] = value_of(value, env)
            except Unknown:
                env.pop(target.id, None)
    return env
