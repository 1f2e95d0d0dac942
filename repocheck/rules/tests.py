"""Tests rules: real tests exist, they check something, CI runs them, and how much there is."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TypeGuard

from repocheck.facts.snapshot import Snapshot, SourceUnit
from repocheck.model import Evidence, Result, Status
from repocheck.registry import rule
from repocheck.rules._cache import per_object, walk_branches
from repocheck.rules._project import ci_files, ci_test_command

Function = ast.FunctionDef | ast.AsyncFunctionDef
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)

#: unittest's own test-case bases; ``from unittest import TestCase`` binds one of these.
TESTCASE_BASES = frozenset({"TestCase", "IsolatedAsyncioTestCase"})
#: How many found tests a passing TEST001 shows as evidence.
SHOWN_TESTS = 5

# ---------------------------------------------------------------------------- finding tests


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


def _dotted(expr: ast.expr) -> str | None:
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
    dotted = _dotted(base)
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
        dotted = _dotted(target) or ""
        if dotted.rpartition(".")[2] == "fixture":
            return True
    return False


def _collectable(node: ast.stmt) -> TypeGuard[Function]:
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
    return [FoundTest(unit, item, prefix + item.name) for item in cls.body if _collectable(item)]


def _unit_tests(unit: SourceUnit, tree: ast.Module) -> list[FoundTest]:
    scope = _scope_of(unit)
    found: list[FoundTest] = []
    for node in tree.body:
        if isinstance(node, _FUNCTIONS) and scope.pytest_style and _collectable(node):
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


# "test.py", "model_test.ipynb", "tests.py", but not "latest.py" or "attestation.py".
_TESTISH = re.compile(r"(?:^|[^a-z])test[^/]*$", re.IGNORECASE)


def _why_not_counted(snapshot: Snapshot, path: str, kind: str, is_test: bool) -> str:
    name = PurePosixPath(path).name
    if kind == "notebook":
        return "a notebook: pytest does not collect tests from notebooks"
    if kind != "python":
        return "in a test folder, but not a Python test file"
    if not is_test and _module_level_tests(snapshot, path):
        return f"pytest does not collect {name}: name it test_*.py or *_test.py"
    return "no test_* functions or TestCase classes"


def _looks_like_tests(snapshot: Snapshot) -> list[Evidence]:
    """Files a learner may believe are tests, with why they did not count (Python first)."""
    candidates = [
        info
        for info in snapshot.files
        if PurePosixPath(info.path).name != "conftest.py"
        and (info.is_test or (info.kind in ("python", "notebook") and _TESTISH.search(info.path)))
    ]
    candidates.sort(key=lambda info: (info.kind != "python", info.path))
    return [
        Evidence(info.path, 1, _why_not_counted(snapshot, info.path, info.kind, info.is_test))
        for info in candidates[:SHOWN_TESTS]
    ]


def _module_level_tests(snapshot: Snapshot, path: str) -> int:
    count = 0
    for unit in snapshot.parsed():
        if unit.path == path and unit.tree is not None:
            count += sum(1 for node in unit.tree.body if _collectable(node))
    return count


@rule("TEST001")
def tests_present(snapshot: Snapshot) -> Result:
    """Count the tests pytest or unittest would collect: none fails, 1-2 warns, 3+ passes."""
    found = find_tests(snapshot)
    files = {t.unit.path for t in found}
    metrics: dict[str, int | float | str | None] = {"tests": len(found), "test_files": len(files)}
    if not found:
        return Result.failed(
            "no tests that pytest or unittest would collect", _looks_like_tests(snapshot), metrics
        )
    shown = [t.evidence() for t in found[:SHOWN_TESTS]]
    where = f"{len(found)} test(s) in {len(files)} file(s)"
    if len(found) < 3:
        return Result.warned(f"only {where}", shown, metrics, score=round(len(found) / 3, 3))
    return Result.passed(where, shown, metrics)


# ---------------------------------------------------------------------------- do they assert

_CHECK_NAME = re.compile(r"^(assert|check_|expect|fail$)", re.IGNORECASE)
_PYTEST_CHECKS = frozenset({"raises", "approx", "fail", "warns", "deprecated_call"})


def _call_name(call: ast.Call) -> tuple[str, str]:
    """(dotted name or "", last name) of what a call calls."""
    dotted = _dotted(call.func) or ""
    if isinstance(call.func, ast.Attribute):
        return dotted, call.func.attr
    return dotted, dotted


def _is_check_call(call: ast.Call) -> bool:
    dotted, last = _call_name(call)
    if _CHECK_NAME.match(last):
        return True
    # pytest.raises(...), or raises(...) after "from pytest import raises".
    if last in _PYTEST_CHECKS and (dotted.startswith("pytest.") or dotted == last):
        return True
    # np.testing.*, torch.testing.*, pd.testing.* compare arrays and raise on mismatch.
    return ".testing." in f".{dotted}"


@dataclass(frozen=True)
class _Body:
    """What a function body does towards checking: ``checks`` when it asserts or calls a
    checking function itself; else ``calls``, the last names of what it calls."""

    checks: bool
    calls: frozenset[str] = frozenset()

    def checks_with(self, helpers: set[str]) -> bool:
        """Whether the body checks, counting calls to the asserting ``helpers``."""
        return self.checks or not self.calls.isdisjoint(helpers)


def _body(statements: Iterable[ast.stmt]) -> _Body:
    calls = set()
    for node in walk_branches(statements):
        if isinstance(node, ast.Assert):
            return _Body(True)
        if isinstance(node, ast.Call):
            if _is_check_call(node):
                return _Body(True)
            calls.add(_call_name(node)[1])
    return _Body(False, frozenset(calls))


@per_object
def _bodies(unit: SourceUnit) -> dict[Function, _Body]:
    """Every function of the unit (nested ones too) with what its body does, read once."""
    functions: list[Function] = [
        *unit.of_type(ast.FunctionDef),
        *unit.of_type(ast.AsyncFunctionDef),
    ]
    return {function: _body(function.body) for function in functions}


def _asserting_helpers(unit: SourceUnit, known: set[str]) -> set[str]:
    """Names of the module's functions that assert, directly or through each other."""
    helpers = set(known)
    pending = dict(_bodies(unit))
    changed = True
    while changed:
        changed = False
        for function, body in list(pending.items()):
            if body.checks_with(helpers):
                helpers.add(function.name)
                del pending[function]
                changed = True
    return helpers


def _imported_names(unit: SourceUnit) -> set[str]:
    return {
        alias.asname or alias.name for node in unit.of_type(ast.ImportFrom) for alias in node.names
    }


def _shared_helpers(snapshot: Snapshot) -> tuple[set[str], set[str]]:
    """(asserting helpers of conftest.py files, asserting functions of any test file)."""
    conftest: set[str] = set()
    in_tests: set[str] = set()
    for unit in snapshot.parsed(tests=True):
        names = _asserting_helpers(unit, set())
        in_tests |= names
        if PurePosixPath(unit.path).name == "conftest.py":
            conftest |= names
    return conftest, in_tests


def _is_empty(node: Function) -> bool:
    """Only ``pass``, ``...`` or a docstring: a placeholder, not a test."""
    return all(
        isinstance(s, ast.Pass) or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
        for s in node.body
    )


def non_asserting(snapshot: Snapshot, found: list[FoundTest]) -> list[tuple[FoundTest, str]]:
    """The tests that check nothing, each with the reason to show."""
    conftest, in_tests = _shared_helpers(snapshot)
    helpers_by_unit: dict[int, set[str]] = {}
    silent: list[tuple[FoundTest, str]] = []
    for test in found:
        key = id(test.unit)
        if key not in helpers_by_unit:
            known = conftest | (_imported_names(test.unit) & in_tests)
            helpers_by_unit[key] = _asserting_helpers(test.unit, known)
        if _is_empty(test.node):
            silent.append((test, f"{test.name}: empty body"))
        elif not _bodies(test.unit)[test.node].checks_with(helpers_by_unit[key]):
            silent.append((test, f"{test.name}: runs code but asserts nothing"))
    return silent


@rule("TEST002")
def tests_assert(snapshot: Snapshot) -> Result:
    """Share of the tests that check a result; 90% passes, half warns."""
    found = find_tests(snapshot)
    if not found:
        return Result.skipped("no tests found (TEST001 covers that)")
    silent = non_asserting(snapshot, found)
    checking = len(found) - len(silent)
    share = checking / len(found)
    return Result.graded(
        share,
        f"{checking} of {len(found)} test(s) check something",
        pass_at=0.9,
        warn_at=0.5,
        evidence=[test.evidence(reason[:100]) for test, reason in silent],
        metrics={"tests": len(found), "asserting": checking, "share": round(share, 3)},
    )


# ---------------------------------------------------------------------------- CI runs tests


@rule("TEST003")
def ci_runs_tests(snapshot: Snapshot) -> Result:
    """CI configured and one of its files runs a test command (pytest, unittest, tox ...)."""
    configs = ci_files(snapshot)
    if not configs:
        return Result.failed("no CI configuration, so nothing runs the tests on each push")
    for path in configs:
        shown = ci_test_command(snapshot, path)
        if shown:
            return Result.passed(f"{path} runs the tests", shown, {"ci_files": len(configs)})
    message = "the CI runs no test command"
    if not find_tests(snapshot):
        message += " (and there are no tests yet, see TEST001)"
    evidence = [Evidence(path, 1, "no pytest/unittest/tox/nox/make test here") for path in configs]
    return Result.failed(message, evidence, {"ci_files": len(configs)})


# ---------------------------------------------------------------------------- how much

RATIO_FULL = 0.3
RATIO_PASS = 0.2


@rule("TEST004")
def code_to_test_ratio(snapshot: Snapshot) -> Result:
    """Lines of test code per line of other code: 0.3 scores full, 0.2 passes, any warns."""
    test_lines = sum(unit.code_lines for unit in snapshot.sources if unit.is_test)
    code_lines = sum(unit.code_lines for unit in snapshot.sources if not unit.is_test)
    if code_lines == 0:
        return Result.skipped("no code outside the tests")
    ratio = test_lines / code_lines
    metrics: dict[str, int | float | str | None] = {
        "test_lines": test_lines,
        "code_lines": code_lines,
        "ratio": round(ratio, 3),
    }
    score = round(min(1.0, ratio / RATIO_FULL), 3)
    message = f"{test_lines} test line(s) for {code_lines} line(s) of code (ratio {ratio:.2f})"
    if ratio >= RATIO_PASS:
        status = Status.PASS
    elif ratio > 0:
        status = Status.WARN
    else:
        status = Status.FAIL
    return Result(status, score, message, (), metrics)
