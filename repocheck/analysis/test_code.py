"""Which code is test code, decided by what it holds rather than by its file's name.

A file the path calls a test (``tests/``, ``test_*.py``, ``*_test.py``) is test code unless it
holds no test a runner would collect and runs as a script (a ``__main__`` block, or a loop or
a call of its own functions at the top level, bare or inside a top-level ``with`` or ``try``)
or is imported by code outside the test paths:
``train_test.py`` that trains, or holds the trainer ``main.py`` imports, ``test_model.py``
whose ``test(model, loader)`` evaluates. ``unittest.TestCase`` classes are test code line by line,
and a module holding only test cases (plus imports and a block that starts the runner) is test
code as a whole, and so is a file of asserting ``test*`` functions that it runs itself
(``analysis.script_tests``).

Rules ask per unit (:meth:`TestCode.is_test_unit`), per node or per line; :func:`code_units`
replaces ``snapshot.parsed(tests=...)`` with the same answer, and with ``tests=False`` hands out
modules with their test cases taken out, so code read as code (entry points, training loops,
experiments) never meets a test method.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from repocheck.analysis.cache import per_object
from repocheck.analysis.pytest_config import pytest_naming
from repocheck.analysis.script_tests import script_tests
from repocheck.analysis.test_discovery import FoundTest, find_tests
from repocheck.analysis.test_syntax import dotted_name, main_guard, starts_runner
from repocheck.facts.inventory import TEST_DIRS
from repocheck.facts.snapshot import Snapshot, SourceUnit

_UnitKey = tuple[str, "int | None"]
_Span = tuple[int, int]

_TOOLING = frozenset({"conftest.py", "__init__.py"})


def _key(unit: SourceUnit) -> _UnitKey:
    return unit.path, unit.cell


@dataclass(frozen=True)
class TestCode:
    """The test code of one snapshot: whole units, and line spans inside other units."""

    __test__ = False  # not a pytest class, whatever its name

    whole: frozenset[_UnitKey]
    spans: Mapping[_UnitKey, tuple[_Span, ...]]
    #: Units holding test cases among other code, as the same unit without those cases.
    code_only: Mapping[_UnitKey, SourceUnit] = field(default_factory=dict)

    def is_test_unit(self, unit: SourceUnit) -> bool:
        """Whether the whole module (or notebook cell) is test code."""
        return _key(unit) in self.whole

    def is_test_line(self, unit: SourceUnit, line: int) -> bool:
        """Whether a line of the unit is test code."""
        if self.is_test_unit(unit):
            return True
        return any(start <= line <= end for start, end in self.spans.get(_key(unit), ()))

    def is_test_node(self, unit: SourceUnit, node: ast.AST) -> bool:
        """Whether a node (a function, a loop, a call ...) of the unit is test code."""
        line = getattr(node, "lineno", None)
        return self.is_test_unit(unit) or (line is not None and self.is_test_line(unit, line))

    def test_code_lines(self, unit: SourceUnit) -> int:
        """How many of the unit's code lines (not blank, not a comment) are test code."""
        if self.is_test_unit(unit):
            return unit.code_lines
        spans = self.spans.get(_key(unit), ())
        if not spans:
            return 0
        return sum(
            1
            for number, line in enumerate(unit.source.splitlines(), start=1)
            if line.strip()
            and not line.lstrip().startswith("#")
            and any(start <= number <= end for start, end in spans)
        )


def code_units(snapshot: Snapshot, *, tests: bool | None = None) -> Iterator[SourceUnit]:
    """Parsed units, like ``snapshot.parsed(tests=...)`` but by content. ``tests=True``: the
    units that are test code as a whole; ``tests=False``: the others, a module holding test
    cases among other code handed out without those cases; None: every unit as it is."""
    answer = find_test_code(snapshot)
    for unit in snapshot.parsed():
        if tests is None or answer.is_test_unit(unit) == tests:
            yield answer.code_only.get(_key(unit), unit) if tests is False else unit


@per_object
def find_test_code(snapshot: Snapshot) -> TestCode:
    """Which units and lines of the snapshot are test code, computed once per snapshot."""
    by_unit: dict[_UnitKey, list[FoundTest]] = {}
    for test in find_tests(snapshot):
        by_unit.setdefault(_key(test.unit), []).append(test)
    whole: set[_UnitKey] = set()
    spans: dict[_UnitKey, tuple[_Span, ...]] = {}
    code_only: dict[_UnitKey, SourceUnit] = {}
    naming = pytest_naming(snapshot)
    imported = _imported_by_code(snapshot)
    scripts = {_key(script.unit) for script in script_tests(snapshot)}
    for unit in snapshot.sources:
        found = by_unit.get(_key(unit), [])
        if _key(unit) in scripts:  # test*() functions the file runs itself: a test script
            whole.add(_key(unit))
        elif unit.tree is None:
            if unit.is_test:  # unreadable: the path is all there is to go on
                whole.add(_key(unit))
        elif _is_test_unit(unit, unit.tree, found, naming.collects_file(unit.path)) and not (
            not found and unit.cell is None and _imported_outside_tests(unit.path, imported)
        ):
            whole.add(_key(unit))
        elif found:
            cases = _case_classes(unit.tree, found)
            spans[_key(unit)] = _case_spans(cases)
            code_only[_key(unit)] = _without(unit, unit.tree, cases)
    return TestCode(frozenset(whole), spans, code_only)


def _without(unit: SourceUnit, tree: ast.Module, cases: list[ast.ClassDef]) -> SourceUnit:
    """The unit without its test-case classes: their lines blanked in the source (so line
    counts leave them out) and their nodes dropped; the rest keeps its nodes and lines."""
    dropped = {id(cls) for cls in cases}
    body = [node for node in tree.body if id(node) not in dropped]
    lines = unit.source.splitlines(keepends=True)
    for start, end in _case_spans(cases):
        for index in range(start - 1, min(end, len(lines))):
            lines[index] = "\n"
    module = ast.Module(body=body, type_ignores=[])
    return replace(unit, source="".join(lines), tree=module, is_test=False)


def _is_test_unit(
    unit: SourceUnit, tree: ast.Module, found: list[FoundTest], named_test: bool
) -> bool:
    """``named_test``: the project's own pytest naming calls the file a test file."""
    if unit.is_test or (named_test and found):
        if found or unit.cell is not None or PurePosixPath(unit.path).name in _TOOLING:
            return True
        return not _runs_as_script(unit, tree)
    return bool(found) and _only_test_cases(tree, found)


def imported_by_code(snapshot: Snapshot, path: str) -> bool:
    """A file outside the test folders that code outside the test paths imports (``main.py``'s
    ``from FixMatch.test import test``): what it defines is run as code."""
    return _imported_outside_tests(path, _imported_by_code(snapshot))


@per_object
def _imported_by_code(snapshot: Snapshot) -> frozenset[str]:
    """The last names of the modules that files outside the test paths import: a file named
    like a test (``train_test.py``) that holds no test and that ``main.py`` imports (its
    ``Training`` class) is code, whatever its name."""
    names: set[str] = set()
    for unit in snapshot.sources:
        if unit.is_test or unit.tree is None:
            continue
        for node in unit.of_type(ast.ImportFrom):
            names.add((node.module or "").rpartition(".")[2])
            names.update(alias.name for alias in node.names)
        for imported in unit.of_type(ast.Import):
            names.update(alias.name.rpartition(".")[2] for alias in imported.names)
    return frozenset(names)


def _imported_outside_tests(path: str, imported: frozenset[str]) -> bool:
    """A file that only its name calls a test (not one in a tests/ folder, whose helpers
    are test code by their place) and that code outside the test paths imports."""
    parts = PurePosixPath(path).parts
    in_test_folder = any(part in TEST_DIRS for part in parts[:-1])
    return not in_test_folder and PurePosixPath(path).stem in imported


def _runs_as_script(unit: SourceUnit, tree: ast.Module) -> bool:
    """A ``__main__`` block that does more than start a test runner, or a top-level loop or
    call of a function the module defines (``main()``, ``test(model, loader)``), bare or in
    the body of a top-level ``with`` or ``try``, which runs as unconditionally
    (``with open("predictions.txt", "w") as out: for q in QUESTIONS: ...``)."""
    guard = main_guard(unit)
    if guard is not None:
        return not starts_runner(guard.body)
    return runs_at_top_level(tree)


def runs_at_top_level(tree: ast.Module) -> bool:
    """A top-level loop or call of a function the module defines, bare or in the body of a
    top-level ``with`` or ``try``: statements that run the file's work when it is run, with
    no ``__main__`` block (``test.py`` that loads a checkpoint and loops over the loader)."""
    defined = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    return _does_work(tree.body, defined)


def _does_work(body: list[ast.stmt], defined: set[str]) -> bool:
    """A loop, or a call of one of ``defined``, among statements run at import time."""
    for node in body:
        if isinstance(node, (ast.For, ast.While)):
            return True
        if isinstance(node, ast.With) and _does_work(node.body, defined):
            return True
        if isinstance(node, ast.Try) and _does_work(node.body + node.finalbody, defined):
            return True
        call = node.value if isinstance(node, ast.Expr) else None
        if isinstance(call, ast.Call) and (dotted_name(call.func) or "") in defined:
            return True
    return False


def _case_classes(tree: ast.Module, found: list[FoundTest]) -> list[ast.ClassDef]:
    lines = {test.node.lineno for test in found}
    return [
        node
        for node in tree.body
        if isinstance(node, ast.ClassDef)
        and any(node.lineno <= line <= (node.end_lineno or node.lineno) for line in lines)
    ]


def _only_test_cases(tree: ast.Module, found: list[FoundTest]) -> bool:
    """Imports, constants, test-case classes and a block starting the runner: nothing else."""
    cases = {id(cls) for cls in _case_classes(tree, found)}
    for node in tree.body:
        if id(node) in cases or isinstance(node, (ast.Import, ast.ImportFrom, ast.Assign)):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the docstring
        if isinstance(node, ast.If) and starts_runner(node.body):
            continue
        return False
    return True


def _case_spans(cases: list[ast.ClassDef]) -> tuple[_Span, ...]:
    """The lines of each top-level class holding tests, decorators included."""
    spans = []
    for cls in cases:
        start = min([cls.lineno, *(d.lineno for d in cls.decorator_list)])
        spans.append((start, cls.end_lineno or cls.lineno))
    return tuple(spans)
