"""Which functions pytest or unittest would collect as tests, found from the parsed code alone.

pytest collects ``test*`` functions and ``Test*`` classes (without ``__init__``) in test files;
unittest collects ``test*`` methods of ``TestCase`` subclasses anywhere, however ``TestCase``
was imported, and through local base classes in other modules. Pytest fixtures named ``test*``
are not tests, and neither is a ``test(model, loader)`` whose parameters no fixture provides
and that the code calls itself: that is an evaluation function.
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
    #: Names that may stand for a pytest fixture, or None when anything may (plugins unseen).
    fixtures: frozenset[str] | None = None
    #: Functions the code calls by name: a "test" the code calls itself is a plain function.
    called: frozenset[str] = frozenset()
    has_main: bool = False


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


def _scope_of(unit: SourceUnit, repo: _RepoFacts) -> _ModuleScope:
    """What the module binds to unittest; pytest collects only .py test files, not conftest."""
    is_conftest = PurePosixPath(unit.path).name == "conftest.py"
    scope = _import_scope(unit)
    scope.pytest_style = unit.is_test and unit.cell is None and not is_conftest
    scope.local_cases = set(repo.cases)
    scope.fixtures = repo.fixtures
    scope.called = repo.called
    scope.has_main = has_main_guard(unit)
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


def decorator_names(node: Function | ast.ClassDef) -> list[str]:
    """Dotted names of a definition's decorators: ``pytest.mark.skip``, ``fixture`` ..."""
    names = []
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        names.append(dotted_name(target) or "")
    return names


def _is_fixture(node: Function) -> bool:
    return any(name.rpartition(".")[2] == "fixture" for name in decorator_names(node))


#: Fixtures pytest and its most common plugins provide without a conftest.py.
BUILTIN_FIXTURES = frozenset(
    {
        "request", "pytestconfig", "cache", "capsys", "capsysbinary", "capfd", "capfdbinary",
        "caplog", "monkeypatch", "recwarn", "tmp_path", "tmp_path_factory", "tmpdir",
        "tmpdir_factory", "record_property", "record_xml_attribute", "record_testsuite_property",
        "doctest_namespace", "testdir", "pytester", "subtests", "mocker", "benchmark",
        "requests_mock", "httpserver", "snapshot", "datadir", "shared_datadir", "event_loop",
        "faker", "client", "db", "rf", "settings", "live_server", "qtbot", "xprocess", "page",
        "browser", "httpx_mock", "aioresponses", "anyio_backend", "worker_id", "testrun_uid",
    }
)  # fmt: skip


def _required_parameters(node: Function) -> list[str]:
    """Parameters without a default, ``self``/``cls`` left out."""
    args = [*node.args.posonlyargs, *node.args.args]
    required = [a.arg for a in args[: len(args) - len(node.args.defaults)]]
    required += [
        a.arg
        for a, default in zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True)
        if default is None
    ]
    return [name for name in required if name not in ("self", "cls")]


def _is_plain_function(node: Function, scope: _ModuleScope) -> bool:
    """A ``test(model, device, loader)`` no fixture feeds and that the code itself runs: an
    evaluation function. A decorator may feed parameters (parametrize, patch, given), so a
    decorated function keeps the benefit of the doubt, as does any fixture-shaped parameter."""
    if node.decorator_list or scope.fixtures is None:
        return False
    required = _required_parameters(node)
    if not required or any(name in scope.fixtures for name in required):
        return False
    return scope.has_main or node.name in scope.called


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


def _unit_tests(unit: SourceUnit, tree: ast.Module, repo: _RepoFacts) -> list[FoundTest]:
    scope = _scope_of(unit, repo)
    found: list[FoundTest] = []
    for node in tree.body:
        if isinstance(node, _FUNCTIONS) and scope.pytest_style and collectable(node):
            if not _is_plain_function(node, scope):
                found.append(FoundTest(unit, node, node.name))
        elif isinstance(node, ast.ClassDef):
            found.extend(_class_tests(unit, node, scope))
    return found


def main_guard(unit: SourceUnit) -> ast.If | None:
    """The module's ``if __name__ == "__main__":`` block, if it has one."""
    body = unit.tree.body if unit.tree is not None else []
    return next((node for node in body if _is_main_guard(node)), None)


def has_main_guard(unit: SourceUnit) -> bool:
    """Whether the module has an ``if __name__ == "__main__":`` block."""
    return main_guard(unit) is not None


def _is_main_guard(node: ast.stmt) -> TypeGuard[ast.If]:
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    operands = [node.test.left, *node.test.comparators]
    names = {o.id for o in operands if isinstance(o, ast.Name)}
    values = {o.value for o in operands if isinstance(o, ast.Constant)}
    return "__name__" in names and "__main__" in values


@dataclass(frozen=True)
class _RepoFacts:
    """What deciding one module's tests needs from the others: fixture names, the classes
    that derive from TestCase (through any module), and the names the code calls."""

    fixtures: frozenset[str] | None
    cases: frozenset[str]
    called: frozenset[str]


def _repo_facts(snapshot: Snapshot) -> _RepoFacts:
    fixtures = set(BUILTIN_FIXTURES)
    called: set[str] = set()
    generated = False
    classes: list[tuple[SourceUnit, ast.ClassDef]] = []
    for unit in snapshot.parsed():
        functions: list[Function] = [
            *unit.of_type(ast.FunctionDef),
            *unit.of_type(ast.AsyncFunctionDef),
        ]
        for function in functions:
            if _is_fixture(function):
                fixtures.add(function.name)
            generated |= function.name == "pytest_generate_tests"
        called.update(
            call.func.id for call in unit.of_type(ast.Call) if isinstance(call.func, ast.Name)
        )
        classes.extend((unit, cls) for cls in unit.of_type(ast.ClassDef))
    return _RepoFacts(
        None if generated else frozenset(fixtures), _case_classes(classes), frozenset(called)
    )


def _case_classes(classes: list[tuple[SourceUnit, ast.ClassDef]]) -> frozenset[str]:
    """Names of classes deriving from TestCase, directly or through each other."""
    bases = {id(cls): [dotted_name(b) or "" for b in cls.bases] for _, cls in classes}
    scopes: dict[str, _ModuleScope] = {}
    cases: set[str] = set()
    changed = True
    while changed:
        changed = False
        for unit, cls in classes:
            if cls.name in cases:
                continue
            key = unit.path
            scope = scopes.get(key) or scopes.setdefault(key, _import_scope(unit))
            scope.local_cases = cases
            direct = any(_is_case_base(base, scope) for base in cls.bases)
            if direct or any(name.rpartition(".")[2] in cases for name in bases[id(cls)]):
                cases.add(cls.name)
                changed = True
    return frozenset(cases)


def _import_scope(unit: SourceUnit) -> _ModuleScope:
    scope = _ModuleScope(is_test=unit.is_test)
    for imported in unit.of_type(ast.Import):
        scope.modules |= _unittest_modules(imported)
    for imported_from in unit.of_type(ast.ImportFrom):
        scope.classes |= _testcase_names(imported_from)
    return scope


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
