"""Cyclomatic complexity of every function, from the trees already parsed (radon)."""

from __future__ import annotations

from collections.abc import Iterable

from radon.complexity import cc_visit_ast
from radon.visitors import Function

from repocheck.facts.snapshot import FunctionComplexity, SourceUnit


def measure(units: Iterable[SourceUnit]) -> tuple[list[FunctionComplexity], list[str]]:
    """Return each function's complexity and notes for units radon could not measure."""
    results: list[FunctionComplexity] = []
    notes: list[str] = []
    for unit in units:
        if unit.tree is None:
            continue
        try:
            blocks = cc_visit_ast(unit.tree)
        except (RecursionError, MemoryError):
            notes.append(f"{unit.path}: too deeply nested for complexity analysis")
            continue
        # radon lists every method twice, on its own and inside its class: only the former.
        for function in blocks:
            if not isinstance(function, Function):
                continue
            name = f"{function.classname}.{function.name}" if function.classname else function.name
            results.append(
                FunctionComplexity(
                    unit.path, name, function.lineno, function.complexity, unit.cell, unit.is_test
                )
            )
    return results, notes
