"""Tests a file runs itself: ``test*`` functions that assert, called by the file's own code.

The shape of a course's "testing and logging" exercise (``churn_script_logging_and_tests.py``):
each ``test_import(import_data)`` takes the function it checks as an argument, asserts on what
that returns, and the file's ``__main__`` block calls every one with the library's functions.
pytest collects none of them (the file is not named ``test_*.py``, and no fixture would give
the arguments), yet they are tests a learner wrote and runs: a test suite in a script. They
are test code (their asserts are no invariant checks of the code they test), and TEST001 says
they exist rather than that there are no tests.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from repocheck.analysis.cache import per_object
from repocheck.analysis.test_discovery import collectable, find_tests
from repocheck.facts.snapshot import Snapshot, SourceUnit
from repocheck.patterns import compile_on_use

#: "test" starting a word of the file's name: ``churn_script_logging_and_tests.py``,
#: ``model_test.py``, ``tests.py``; not ``latest.py`` or ``attestation.py``.
_TEST_NAMED = compile_on_use(r"(?:^|[^a-z])test", re.IGNORECASE)


@dataclass(frozen=True)
class ScriptTests:
    """One file's asserting ``test*`` functions that its own code calls, in source order."""

    unit: SourceUnit
    functions: tuple[ast.FunctionDef | ast.AsyncFunctionDef, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(function.name for function in self.functions)


@per_object
def script_tests(snapshot: Snapshot) -> tuple[ScriptTests, ...]:
    """Every script of tests in the snapshot's Python modules (notebooks are not read)."""
    collected = {test.unit.path for test in find_tests(snapshot)}
    found = []
    for unit in snapshot.parsed():
        if unit.cell is not None or unit.tree is None or unit.path in collected:
            continue
        if not _TEST_NAMED.search(PurePosixPath(unit.path).name):
            continue
        called = {
            call.func.id for call in unit.of_type(ast.Call) if isinstance(call.func, ast.Name)
        }
        functions = tuple(
            node
            for node in unit.tree.body
            if collectable(node) and node.name in called and _asserts(node)
        )
        if functions:
            found.append(ScriptTests(unit, functions))
    return tuple(found)


def _asserts(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(isinstance(node, ast.Assert) for node in ast.walk(function))
