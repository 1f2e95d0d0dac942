"""Modules that pick one of their own names at run time: ``globals()[name]``.

A training script that builds ``globals()[config["dataset"]](root=...)`` or
``getattr(sys.modules[__name__], args.model)()`` imports ``CIFAR10``, ``MNIST``, ``VGG`` and
``ResNet`` so that the lookup finds them; no line names them again, so ruff calls them unused,
and removing them breaks every run that names one. Only a lookup by a computed name counts:
``globals()["CIFAR10"]`` or ``globals().keys()`` says which names are used, or none. ``eval``
does not count: it mostly reads arithmetic or literals (``eval("2 * (3 + 4)")``), not names.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from repocheck.analysis.cache import per_object
from repocheck.facts.snapshot import SourceUnit


def _computed(node: ast.expr | None) -> bool:
    """A name worked out at run time, not written in the source."""
    return node is not None and not isinstance(node, ast.Constant)


def _is_globals_call(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "globals"
        and not node.args
    )


def _is_own_module(node: ast.expr) -> bool:
    """``sys.modules[__name__]``: the running module itself."""
    return (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "modules"
        and isinstance(node.value.value, ast.Name)
        and node.value.value.id == "sys"
        and isinstance(node.slice, ast.Name)
        and node.slice.id == "__name__"
    )


def _looks_up(node: ast.AST) -> bool:
    if isinstance(node, ast.Subscript):  # read, not ``globals()[key] = value``
        loaded = isinstance(node.ctx, ast.Load)
        return loaded and _is_globals_call(node.value) and _computed(node.slice)
    if not isinstance(node, ast.Call) or not node.args:
        return False
    function, first = node.func, node.args[0]
    if isinstance(function, ast.Attribute) and function.attr == "get":
        return _is_globals_call(function.value) and _computed(first)
    if isinstance(function, ast.Name) and function.id == "getattr" and len(node.args) > 1:
        return _is_own_module(first) and _computed(node.args[1])
    return False


@per_object
def looks_up_names(unit: SourceUnit) -> bool:
    """Whether ``unit`` reads its module's namespace by a name computed at run time."""
    return any(_looks_up(node) for node in unit.of_type(ast.Subscript, ast.Call))


def looked_up_in_file(units: Iterable[SourceUnit]) -> bool:
    """The same over every unit of one file: a notebook imports in one cell, looks up in
    another."""
    return any(looks_up_names(unit) for unit in units)


@per_object
def module_import_lines(unit: SourceUnit) -> frozenset[int]:
    """Lines of the imports that bind module-level names (not those inside a function or a
    class, which no lookup in the module's namespace can reach)."""
    lines: set[int] = set()
    pending: list[ast.stmt] = list(unit.tree.body) if unit.tree else []
    while pending:
        statement = pending.pop()
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            end = statement.end_lineno or statement.lineno
            lines.update(range(statement.lineno, end + 1))
        elif isinstance(statement, (ast.If, ast.Try, ast.With)):
            for field in ("body", "orelse", "finalbody"):
                pending.extend(getattr(statement, field, ()))
            for handler in getattr(statement, "handlers", ()):
                pending.extend(handler.body)
    return frozenset(lines)
