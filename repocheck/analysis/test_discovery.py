"""Which functions pytest or unittest would collect as tests, found from the parsed code alone.

pytest collects ``test*`` functions and ``Test*`` classes (without ``__init__``) in test files;
unittest collects ``test*`` methods of ``TestCase`` subclasses anywhere, however ``TestCase``
was imported, and through local base classes in other modules. Pytest fixtures named ``test*``
are not tests, and neither is a ``test(model, loader)`` whose parameters no fixture provides
and that the code calls itself, or hands to a process, thread or pool that calls it: that is an
evaluation function.

A test file Python 3 cannot parse (a project's Python 2 tests, ``print 'checking'``) has no
tree to collect from; ``unparsed_tests`` counts the ``def test*(`` lines of its text, so that
what was written is not reported as absent.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TypeGuard

from repocheck.analysis.cache import per_object
from repocheck.analysis.pytest_config import PytestNaming, pytest_naming
from repocheck.analysis.test_syntax import (
    BUILTIN_FIXTURES,
    Function,
    decorator_names,
    dotted_name,
    fixture_name,
    is_fixture,
    main_guard,
    required_parameters,
    starts_runner,
)
from repocheck.facts.snapshot import Snapshot, SourceUnit
from repocheck.model import Evidence
from repocheck.patterns import compile_on_use

__all__ = [
    "FoundTest",
    "Function",
    "collectable",
    "decorator_names",
    "dotted_name",
    "find_tests",
    "plain_functions",
    "tests_if_collected",
]

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)

#: unittest's own test-case bases; ``from unittest import TestCase`` binds one of these.
TESTCASE_BASES = frozenset({"TestCase", "IsolatedAsyncioTestCase"})


@dataclass(frozen=True)
class FoundTest:
    """One test a runner would collect: where it is and its function node."""

    unit: SourceUnit
    node: Function
    name: str  # "test_x" or "TestThing.test_x"
    owner: ast.ClassDef | None = None  # the class of a test method

    def evidence(self, snippet: str | None = None) -> Evidence:
        """Point at the ``def`` line of the test."""
        return Evidence(self.unit.path, self.node.lineno, snippet or self.name, self.unit.cell)


@dataclass
class _ModuleScope:
    """What one module binds to unittest, and which of its classes are test cases."""

    modules: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    local_cases: set[str] = field(default_factory=set)
    #: Names any import of the module binds, and the repository's TestCase classes: a base
    #: like ``common.BaseCase`` counts when ``common`` is imported and BaseCase is a case.
    imported: set[str] = field(default_factory=set)
    repo_cases: frozenset[str] = frozenset()
    pytest_style: bool = False
    is_test: bool = False
    #: Names that may stand for a pytest fixture, or None when anything may (plugins unseen).
    fixtures: frozenset[str] | None = None
    #: Functions the code calls by name: a "test" the code calls itself is a plain function.
    called: frozenset[str] = frozenset()
    runs_as_script: bool = False
    naming: PytestNaming = field(default_factory=PytestNaming)
    #: ``pytestmark = ...`` marks (parametrize among them) every test of the module.
    marked: bool = False


def _unittest_modules(node: ast.Import) -> set[str]:
    """Names ``import unittest``, ``import unittest as ut`` or ``import unittest.mock`` bind."""
    return {
        alias.asname or "unittest"
        for alias in node.names
        if alias.name == "unittest" or (alias.asname is None and alias.name.startswith("unittest."))
    }


#: Module names where frameworks ship their unittest.TestCase subclasses (``django.test``,
#: ``rest_framework.test``, ``absl.testing``).
_TEST_MODULE_PARTS = frozenset({"test", "testing"})


def _testcase_names(node: ast.ImportFrom) -> set[str]:
    """Names ``from unittest import TestCase [as TC]`` binds, and the ``*TestCase`` classes
    imported from a framework's test module (``from django.test import TestCase``,
    ``from rest_framework.test import APITestCase``): those derive from unittest's."""
    if node.module == "unittest":
        return {alias.asname or alias.name for alias in node.names if alias.name in TESTCASE_BASES}
    parts = (node.module or "").split(".")
    if node.level or _TEST_MODULE_PARTS.isdisjoint(parts[1:]):
        return set()
    return {alias.asname or alias.name for alias in node.names if alias.name.endswith("TestCase")}


def _scope_of(unit: SourceUnit, repo: _RepoFacts) -> _ModuleScope:
    """What the module binds to unittest; pytest collects only .py test files, not conftest."""
    is_conftest = PurePosixPath(unit.path).name == "conftest.py"
    scope = _import_scope(unit)
    scope.naming = repo.naming
    test_file = repo.naming.collects_file(unit.path)
    scope.pytest_style = test_file and unit.cell is None and not is_conftest
    scope.local_cases = set(repo.cases.get(unit.path, ())) | _imported_cases(unit, repo.every_case)
    scope.repo_cases = repo.every_case
    scope.fixtures = repo.fixtures
    scope.called = repo.called
    guard = main_guard(unit)
    scope.runs_as_script = guard is not None and not starts_runner(guard.body)
    scope.marked = any(
        isinstance(target, ast.Name) and target.id == "pytestmark"
        for assign in unit.of_type(ast.Assign)
        for target in assign.targets
    )
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
    if (head in scope.modules and tail in TESTCASE_BASES) or tail == "TestCase":
        return True
    return head.partition(".")[0] in scope.imported and tail in scope.repo_cases


def _is_plain_function(node: Function, scope: _ModuleScope) -> bool:
    """A ``test(model, device, loader)`` no fixture feeds and that the code itself runs: an
    evaluation function. A decorator may feed parameters (parametrize, patch, given), so a
    decorated function keeps the benefit of the doubt, as does any fixture-shaped parameter."""
    if node.decorator_list or scope.fixtures is None or scope.marked:
        return False
    required = required_parameters(node)
    if not required or any(name in scope.fixtures for name in required):
        return False
    return scope.runs_as_script or node.name in scope.called


def collectable(node: ast.stmt) -> TypeGuard[Function]:
    """A function a runner collects: named test*, not a pytest fixture."""
    return isinstance(node, _FUNCTIONS) and node.name.startswith("test") and not is_fixture(node)


def _has_init(cls: ast.ClassDef) -> bool:
    return any(isinstance(item, _FUNCTIONS) and item.name == "__init__" for item in cls.body)


def _is_pytest_class(cls: ast.ClassDef, scope: _ModuleScope) -> bool:
    # pytest skips Test* classes with an __init__ (it cannot instantiate them).
    return scope.pytest_style and scope.naming.collects_class(cls.name) and not _has_init(cls)


#: Decorators that turn a method into an attribute: neither runner collects a property.
_ATTRIBUTE_DECORATORS = frozenset(
    {"property", "cached_property", "functools.cached_property", "abc.abstractproperty"}
)


def _collected(node: ast.stmt, scope: _ModuleScope) -> TypeGuard[Function]:
    """A function collected under the project's pytest naming (test* at least); a
    ``@property def test_config`` is a fixture of values, not a test."""
    return (
        isinstance(node, _FUNCTIONS)
        and scope.naming.collects_function(node.name)
        and not is_fixture(node)
        and _ATTRIBUTE_DECORATORS.isdisjoint(decorator_names(node))
    )


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
    found = _methods(unit, cls, name, scope)
    if pytest_class:
        for item in cls.body:
            if isinstance(item, ast.ClassDef):
                found.extend(_class_tests(unit, item, scope, name))
    return found


def _methods(
    unit: SourceUnit, cls: ast.ClassDef, prefix: str, scope: _ModuleScope
) -> list[FoundTest]:
    return [
        FoundTest(unit, item, prefix + item.name, cls)
        for item in cls.body
        if _collected(item, scope)
    ]


def _unit_tests(
    unit: SourceUnit, tree: ast.Module, repo: _RepoFacts, *, as_test_file: bool = False
) -> list[FoundTest]:
    """The tests of one module; ``as_test_file``: were pytest to collect it, whatever its name."""
    scope = _scope_of(unit, repo)
    scope.pytest_style |= as_test_file and PurePosixPath(unit.path).name != "conftest.py"
    found: list[FoundTest] = []
    for node in tree.body:
        if isinstance(node, _FUNCTIONS) and scope.pytest_style and _collected(node, scope):
            if not _is_plain_function(node, scope):
                found.append(FoundTest(unit, node, node.name))
        elif isinstance(node, ast.ClassDef):
            found.extend(_class_tests(unit, node, scope))
    return found


@dataclass(frozen=True)
class _RepoFacts:
    """What deciding one module's tests needs from the others: fixture names, the classes
    that derive from TestCase (through any module), and the names the code calls."""

    fixtures: frozenset[str] | None
    cases: Mapping[str, set[str]]  # per path
    called: frozenset[str]
    naming: PytestNaming = field(default_factory=PytestNaming)

    @functools.cached_property
    def every_case(self) -> frozenset[str]:
        """The names of every TestCase class of the repository."""
        return frozenset(name for names in self.cases.values() for name in names)


@per_object
def _repo_facts(snapshot: Snapshot) -> _RepoFacts:
    # Asked by the tests found, by each file asked about, and by the plain functions: once.
    fixtures = set(BUILTIN_FIXTURES)
    called: set[str] = set()
    aliases: dict[str, set[str]] = {}
    generated = False
    classes: list[tuple[SourceUnit, ast.ClassDef]] = []
    for unit in snapshot.parsed():
        functions: list[Function] = [
            *unit.of_type(ast.FunctionDef),
            *unit.of_type(ast.AsyncFunctionDef),
        ]
        for function in functions:
            if is_fixture(function):
                fixtures.add(fixture_name(function))
            generated |= function.name == "pytest_generate_tests"
        # ``from preprocessing.test import test as p_test``, then ``p_test(...)`` (in a later
        # cell of a notebook too): the code runs ``test`` itself, under the name it chose.
        for node in unit.of_type(ast.ImportFrom):
            for alias in node.names:
                if alias.asname:
                    aliases.setdefault(alias.asname, set()).add(alias.name)
        for call in unit.of_type(ast.Call):
            # test(...) or test_model.test(...): the code runs the function itself.
            if isinstance(call.func, ast.Name):
                called.add(call.func.id)
            elif isinstance(call.func, ast.Attribute):
                called.add(call.func.attr)
            called.update(_handed_on(call))
        classes.extend((unit, cls) for cls in unit.of_type(ast.ClassDef))
    called.update(name for alias in called & aliases.keys() for name in aliases[alias])
    return _RepoFacts(
        None if generated else frozenset(fixtures),
        _case_classes(classes),
        frozenset(called),
        pytest_naming(snapshot),
    )


def _handed_on(call: ast.Call) -> set[str]:
    """Names a call is handed as arguments, to run them later: ``mp.Process(target=
    test_process, args=...)``, ``pool.map(evaluate, runs)``; the code runs such a function
    itself, through the process, thread or pool it hands it to."""
    values = [*call.args, *(keyword.value for keyword in call.keywords)]
    return {value.id for value in values if isinstance(value, ast.Name)}


def _case_classes(classes: list[tuple[SourceUnit, ast.ClassDef]]) -> dict[str, set[str]]:
    """Per path, the names of its classes deriving from TestCase, directly or through classes
    of any module that it defines or imports by name."""
    cases: dict[str, set[str]] = {}
    scopes: dict[str, _ModuleScope] = {}
    changed = True
    while changed:
        changed = False
        every = frozenset(name for names in cases.values() for name in names)
        for unit, cls in classes:
            own = cases.setdefault(unit.path, set())
            if cls.name in own:
                continue
            scope = scopes.get(unit.path) or scopes.setdefault(unit.path, _import_scope(unit))
            scope.local_cases = own | _imported_cases(unit, every)
            scope.repo_cases = every
            if any(_is_case_base(base, scope) for base in cls.bases):
                own.add(cls.name)
                changed = True
    return cases


def _imported_cases(unit: SourceUnit, cases: frozenset[str]) -> set[str]:
    """Local names of the TestCase classes ``from ... import`` brings into the module."""
    return {
        alias.asname or alias.name
        for node in unit.of_type(ast.ImportFrom)
        for alias in node.names
        if alias.name in cases
    }


def _import_scope(unit: SourceUnit) -> _ModuleScope:
    scope = _ModuleScope(is_test=unit.is_test)
    for imported in unit.of_type(ast.Import):
        scope.modules |= _unittest_modules(imported)
        scope.imported |= {
            (alias.asname or alias.name).partition(".")[0] for alias in imported.names
        }
    for imported_from in unit.of_type(ast.ImportFrom):
        scope.classes |= _testcase_names(imported_from)
        scope.imported |= {alias.asname or alias.name for alias in imported_from.names}
    return scope


def tests_if_collected(snapshot: Snapshot, path: str) -> int:
    """How many of ``path``'s ``test*`` functions and ``Test*`` classes' methods pytest would
    run as tests if it collected the file: not a ``testset_to_pdf(dataset, output_pdf)`` that
    no fixture feeds and the code calls itself."""
    repo = _repo_facts(snapshot)
    return sum(
        len(_unit_tests(unit, unit.tree, repo, as_test_file=True))
        for unit in snapshot.parsed()
        if unit.path == path and unit.tree is not None and unit.cell is None
    )


def plain_functions(snapshot: Snapshot) -> frozenset[tuple[str, int | None, int]]:
    """(path, cell, line) of the top-level ``test*`` functions that are no tests: a
    ``test_training_small(dataset)`` no fixture feeds and that the code runs itself. Only
    functions with a required parameter and no decorator are read further."""
    return _plain_functions(snapshot)


@per_object
def _plain_functions(snapshot: Snapshot) -> frozenset[tuple[str, int | None, int]]:
    candidates = [
        (unit, node)
        for unit in snapshot.parsed()
        for node in unit.tree.body  # type: ignore[union-attr]
        if isinstance(node, _FUNCTIONS)
        and node.name.startswith("test")
        and not node.decorator_list
        and required_parameters(node)
    ]
    if not candidates:
        return frozenset()
    repo = _repo_facts(snapshot)
    scopes: dict[int, _ModuleScope] = {}
    found: set[tuple[str, int | None, int]] = set()
    for unit, node in candidates:
        scope = scopes.get(id(unit)) or scopes.setdefault(id(unit), _scope_of(unit, repo))
        if _is_plain_function(node, scope):
            found.add((unit.path, unit.cell, node.lineno))
    return frozenset(found)


def find_tests(snapshot: Snapshot) -> list[FoundTest]:
    """Every test pytest or unittest would collect, in path order."""
    return list(_found_tests(snapshot))


@per_object
def _found_tests(snapshot: Snapshot) -> tuple[FoundTest, ...]:
    # Several rules ask: find the tests once per snapshot.
    repo = _repo_facts(snapshot)
    found: list[FoundTest] = []
    for unit in snapshot.parsed():
        assert unit.tree is not None  # parsed() only yields units that parsed
        found.extend(_unit_tests(unit, unit.tree, repo))
    return tuple(found)


#: A test function's ``def`` line, at any indentation (a method of a ``Test*`` class too).
_TEST_DEF = compile_on_use(r"^[ \t]*(?:async[ \t]+)?def[ \t]+test\w*[ \t]*\(", re.MULTILINE)


@dataclass(frozen=True)
class UnparsedTests:
    """A test file Python 3 cannot parse, and how many test functions its text defines."""

    unit: SourceUnit
    functions: int


@per_object
def unparsed_tests(snapshot: Snapshot) -> tuple[UnparsedTests, ...]:
    """Test modules (in a test folder, or named as pytest collects) that do not parse, with
    the ``def test*(`` lines in their text: tests written, which nothing can collect."""
    found = []
    for unit in snapshot.sources:
        if unit.tree is not None or unit.cell is not None or not unit.is_test:
            continue
        count = len(_TEST_DEF.findall(unit.source))
        if count:
            found.append(UnparsedTests(unit, count))
    return tuple(sorted(found, key=lambda item: item.unit.path))
