"""Cyclomatic complexity of every function, from the trees already parsed (radon)."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable

from radon.complexity import cc_visit_ast
from radon.visitors import Function

from repocheck.facts.snapshot import FunctionComplexity, SourceUnit

#: Python frames radon may use above its caller. radon's visitor recurses a few frames per
#: level of nesting, so deep code runs out of frames; a fixed budget (about what the command
#: line had under the default limit) makes that happen on the same files whether radon runs
#: here or in a worker process, whose stack starts at a different depth.
RADON_FRAMES = 988
TOO_DEEP_FOR_RADON = "too deeply nested for complexity analysis"


def _depth() -> int:
    frame = sys._getframe(1)
    depth = 1
    while frame.f_back is not None:
        frame = frame.f_back
        depth += 1
    return depth


def measure_unit(unit: SourceUnit) -> tuple[list[FunctionComplexity], str | None]:
    """One unit's functions and their complexity, or the note saying why radon could not."""
    if unit.tree is None:
        return [], None
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(_depth() + RADON_FRAMES)
    try:
        blocks = cc_visit_ast(unit.tree)
    except (RecursionError, MemoryError):
        return [], f"{unit.path}: {TOO_DEEP_FOR_RADON}"
    except Exception as exc:  # radon tripping on one file must not cost the others theirs
        return [], f"{unit.path}: complexity not measured: {str(exc)[:120] or type(exc).__name__}"
    finally:
        sys.setrecursionlimit(limit)
    # Most files pick no constant with a conditional expression: only those are read again.
    defined: dict[tuple[int, str], ast.FunctionDef | ast.AsyncFunctionDef] = {}
    if any(_picks_a_constant(node) for node in unit.of_type(ast.IfExp)):
        functions: list[ast.FunctionDef | ast.AsyncFunctionDef]
        functions = unit.of_type(ast.FunctionDef, ast.AsyncFunctionDef)
        defined = {(node.lineno, node.name): node for node in functions}
    # radon lists every method twice, on its own and inside its class: only the former.
    return [
        FunctionComplexity(
            unit.path,
            f"{function.classname}.{function.name}" if function.classname else function.name,
            function.lineno,
            max(1, function.complexity - _flags(defined.get((function.lineno, function.name)))),
            unit.cell,
            unit.is_test,
        )
        for function in blocks
        if isinstance(function, Function)
    ], None


def _flags(function: ast.FunctionDef | ast.AsyncFunctionDef | None) -> int:
    """The conditional expressions of ``function``'s own body (not of the functions and
    classes it defines, which radon measures apart) that pick one of two constants: ``1 if
    "Action" in genres else 0``, a one-hot flag. radon counts each as a branch; a reader
    follows no path through it, and a function that sets twenty such flags, one a line,
    reads top to bottom."""
    if function is None:
        return 0
    count = 0
    stack: list[ast.AST] = [*function.body]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if isinstance(node, ast.IfExp) and _picks_a_constant(node):
            count += 1
        stack.extend(ast.iter_child_nodes(node))
    return count


def _picks_a_constant(node: ast.IfExp) -> bool:
    return isinstance(node.body, ast.Constant) and isinstance(node.orelse, ast.Constant)


def measure(units: Iterable[SourceUnit]) -> tuple[list[FunctionComplexity], list[str]]:
    """Return each function's complexity and notes for units radon could not measure."""
    results: list[FunctionComplexity] = []
    notes: list[str] = []
    for unit in units:
        found, note = measure_unit(unit)
        results.extend(found)
        if note is not None:
            notes.append(note)
    return results, notes
