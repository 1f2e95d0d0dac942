"""Which functions pytest or unittest would collect as tests, found from the parsed code alone.

pytest collects ``test*`` functions and ``Test*`` classes (without ``__init__``) in test files;
unittest collects ``test*`` methods of ``TestCase`` subclasses anywhere, however ``TestCase``
was imported. Pytest fixtures named ``test*`` are not tests.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TypeGuard

from repocheck.facts.snapshot import Snapshot, SourceUnit
from repocheck.model import Evidence
from repocheck.rules._cache import per_object

Function = ast.FunctionDef | ast.AsyncFunctionDef
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)

#: unittest's own test-case bases; ``from unittest import TestCase`` binds one of these.
TESTCASE_BASES = frozenset({"TestCase", "IsolatedAsyncioTestCase"})


@dataclass(frozen=True)
class FoundTest:
    """One test a runner would collect: where it is and its function node."""

    unit: SourceUnit
    node: Function
    name: str  # "test_x" or "TestThing.test_x"

    def evidence(self, snippet: str | None = None) -> Evidence:
        """Point at the ``def`` line of the test."""
        return Evidence(self.unit.path, self.node.lineno, snippet or self.name, self.unit.cell)


@dataclass
class _ModuleScope:
    """What one module binds to unittest, and which of its classes are test cases."""

    modules: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    local_cases: set[str] = field(default_factory=set)
    pytest_style: bool = False
    is_test: bool = False


def dotted_name(expr: ast.expr) -> str | None:
    """``a.b.c`` for a chain of attributes on a name, else None."""
    parts: list[str] = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if not isinstance(expr, ast.Name):
        return None
    parts.append(expr.id)
    return ".".join(reversed(parts))


def _unittest_modules(node: ast.Import) -> set[str]:
    """Names ``import unittest``, ``import unittest as ut`` or ``import unittest.mock`` bind."""
    return {
        alias.asname or "unittest"
        for alias in node.names
        if alias.name == "unittest" or (alias.asname is None and alias.name.startswith("unittest."))
    }


def _testcase_names(node: ast.ImportFrom) -> set[str]:
    """Names ``from unittest import TestCase [as TC]`` binds."""
    if node.module != "unittest":
        return set()
    return {alias.asname or alias.name for alias in node.names if alias.name in TESTCASE_BASES}


def _scope_of(unit: SourceUnit) -> _ModuleScope:
    """What the module binds to unittest; pytest collects only .py test files, not conftest."""
    is_conftest = PurePosixPath(unit.path).name == "conftest.py"
    scope = _ModuleScope(
        pytest_style=unit.is_test and unit.cell is None and not is_conftest,
        is_test=unit.is_test,
    )
    for imported in unit.of_type(ast.Import):
        scope.modules |= _unittest_modules(imported)
    for imported_from in unit.of_type(ast.ImportFrom):
        scope.classes |= _testcase_names(imported_from)
    return scope


def _is_case_base(base: ast.expr, scope: _ModuleScope) -> bool:
    """Whether a class base makes the class a unittest.TestCase."""
    dotted = dotted_name(base)
    if dotted is None:
        return False
    head, _, tail = dotted.rpartition(".")
    if not head:
        in_scope = tail in scope.classes or tail in scope.local_cases
        # In a test file a helper base like BaseTestCase is almost surely a TestCase subclass.
        return in_scope or (scope.is_test and tail.endswith("TestCase"))
    # absltest.TestCase, tf.test.TestCase, django.test.TestCase all derive from unittest's.
    return (head in scope.modules and tail in TESTCASE_BASES) or tail == "TestCase"


def _is_fixture(node: Function) -> bool:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        dotted = dotted_name(target) or ""
        if dotted.rpartition(".")[2] == "fixture":
            return True
    return False


def collectable(node: ast.stmt) -> TypeGuard[Function]:
    """A function a runner collects: named test*, not a pytest fixture."""
    return isinstance(node, _FUNCTIONS) and node.name.startswith("test") and not _is_fixture(node)


def _has_init(cls: ast.ClassDef) -> bool:
    return any(isinstance(item, _FUNCTIONS) and item.name == "__init__" for item in cls.body)


def _is_pytest_class(cls: ast.ClassDef, scope: _ModuleScope) -> bool:
    # pytest skips Test* classes with an __init__ (it cannot instantiate them).
    return scope.pytest_style and cls.name.startswith("Test") and not _has_init(cls)


def _class_tests(
    unit: SourceUnit, cls: ast.ClassDef, scope: _ModuleScope, prefix: str = ""
) -> list[FoundTest]:
    is_case = any(_is_case_base(base, scope) for base in cls.bases)
    if is_case:
        scope.local_cases.add(cls.name)
    pytest_class = _is_pytest_class(cls, scope)
    if not (is_case or pytest_class):
        return []
    name = f"{prefix}{cls.name}."
    found = _methods(unit, cls, name)
    if pytest_class:
        for item in cls.body:
            if isinstance(item, ast.ClassDef):
                found.extend(_class_tests(unit, item, scope, name))
    return found


def _methods(unit: SourceUnit, cls: ast.ClassDef, prefix: str) -> list[FoundTest]:
    return [FoundTest(unit, item, prefix + item.name) for item in cls.body if collectable(item)]


def _unit_tests(unit: SourceUnit, tree: ast.Module) -> list[FoundTest]:
    scope = _scope_of(unit)
    found: list[FoundTest] = []
    for node in tree.body:
        if isinstance(node, _FUNCTIONS) and scope.pytest_style and collectable(node):
            found.append(FoundTest(unit, node, node.name))
        elif isinstance(node, ast.ClassDef):
            found.extend(_class_tests(unit, node, scope))
    return found


def find_tests(snapshot: Snapshot) -> list[FoundTest]:
    """Every test pytest or unittest would collect, in path order."""
    return list(_found_tests(snapshot))


@per_object
def _found_tests(snapshot: Snapshot) -> tuple[FoundTest, ...]:
    # Three rules ask: find the tests once per snapshot.
    found: list[FoundTest] = []
    for unit in snapshot.parsed():
        assert unit.tree is not None  # parsed() only yields units that parsed
        found.extend(_unit_tests(unit, unit.tree))
    return tuple(found)
