"""The functions each node of a program sits in: ``module.Class.method`` scopes, walked depth first.

REPRO001 asks which function a random draw or a seeding call runs in, and whether anything
calls that function; the walk keeps source order, which decides the evidence shown first.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass

from repocheck.analysis.cache import LEAVES, blocks, children
from repocheck.analysis.imports import Program
from repocheck.facts.snapshot import SourceUnit

Function = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class Scope:
    """A function a node sits in: ``key`` is its dotted name (``module.Class.method``)."""

    key: str
    name: str
    is_method: bool
    unit: SourceUnit
    node: Function


def walk_scoped(
    program: Program, kinds: Collection[type[ast.AST]] | None = None
) -> Iterator[tuple[ast.AST, SourceUnit, tuple[Scope, ...]]]:
    """Every node of the program (or those of exact types ``kinds``) with the functions it
    sits in, outermost first, depth first.

    A function definition is yielded with its own Scope last in the chain. Given ``kinds``,
    the walk does not enter names, constants, contexts and operators (two thirds of a tree,
    holding no call or definition) unless asked for them. Iterative, so deeply nested
    expressions cannot exhaust the stack.
    """
    wanted = frozenset(kinds) if kinds is not None else None
    skip = LEAVES - wanted if wanted is not None else frozenset()
    # Statements sit only in statement blocks: asked only for statements, the walk need not
    # enter expressions (most of a tree), and finds them in the same order.
    inside = blocks if wanted is not None and all(issubclass(k, ast.stmt) for k in wanted) else None
    for unit in program.units:
        yield from _walk_unit(unit, program.module, wanted, skip, inside)


def functions_around(unit: SourceUnit, line: int) -> list[Function]:
    """The functions of ``unit`` whose body holds ``line``, outermost first. The ``def``
    line itself is not inside: its decorators and defaults run in the scope around it."""
    every: list[Function] = [*unit.of_type(ast.FunctionDef), *unit.of_type(ast.AsyncFunctionDef)]
    found = [node for node in every if node.lineno < line <= (node.end_lineno or node.lineno)]
    return sorted(found, key=lambda node: node.lineno)


_SCOPES = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef})
#: Marks, on the walk's stack, where the body of a function or class ends.
_END = ast.AST()


def _walk_unit(
    unit: SourceUnit,
    module: str,
    wanted: frozenset[type[ast.AST]] | None,
    skip: frozenset[type[ast.AST]],
    inside: Callable[[ast.AST, frozenset[type[ast.AST]]], list[ast.AST]] | None = None,
) -> Iterator[tuple[ast.AST, SourceUnit, tuple[Scope, ...]]]:
    assert unit.tree is not None
    below = inside or children
    # The scope changes only at a def or class: keep it aside, restored at _END, rather than
    # pairing every node on the stack with its own copy.
    chain: tuple[Scope, ...] = ()
    prefix, in_class = module, False
    outer: list[tuple[tuple[Scope, ...], str, bool]] = []
    stack: list[ast.AST] = list(reversed(unit.tree.body))
    while stack:
        node = stack.pop()
        if node is _END:
            chain, prefix, in_class = outer.pop()
            continue
        kind = type(node)
        if kind in _SCOPES:
            outer.append((chain, prefix, in_class))
            stack.append(_END)
            name: str = node.name  # type: ignore[attr-defined]
            prefix = f"{prefix}.{name}"
            if kind is not ast.ClassDef:
                chain = (*chain, Scope(prefix, name, in_class, unit, node))  # type: ignore[arg-type]
            in_class = kind is ast.ClassDef
        if wanted is None or kind in wanted:
            yield node, unit, chain
        inner = below(node, skip)
        inner.reverse()
        stack.extend(inner)


def parameter_names(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> set[str]:
    """The names a function's parameters bind, positional-only and keyword-only included (not
    ``*args`` and ``**kwargs``)."""
    arguments = function.args
    return {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]}
