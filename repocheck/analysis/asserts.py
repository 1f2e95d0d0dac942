"""Whether a test checks anything: an assert, a checking call, or a helper that asserts.

Helpers count when they assert themselves or through each other, in the test's own module,
in any conftest.py, imported by name from another test module, or reached through ``self``
or ``super()`` (a base class in another test module). A function of a testing library
(``torchtest.test_suite``, see :mod:`repocheck.analysis.testing_libraries`) checks too. A
skipped test runs nothing, so it is not a silent one.
"""

from __future__ import annotations

import ast
import bisect
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from repocheck.analysis.cache import per_object
from repocheck.analysis.fixed_flags import without_negations
from repocheck.analysis.handlers import catches
from repocheck.analysis.imports import absolute_from, module_name
from repocheck.analysis.spans import start_of
from repocheck.analysis.test_code import code_units, find_test_code
from repocheck.analysis.test_discovery import FoundTest, Function, decorator_names, dotted_name
from repocheck.analysis.testing_libraries import is_testing_library, own_names
from repocheck.facts.snapshot import Snapshot, SourceUnit
from repocheck.patterns import compile_on_use

# Leading underscores too: self._check_output(out) is a private helper that asserts. "check"
# and "verify" alone or as a word (check_close, verifyShape), not "checkpoint".
_CHECK_NAME = compile_on_use(
    r"^_*(assert|expect|(check|verify|validate)(_|$|[A-Z])|fail$)", re.IGNORECASE
)
#: Decorators that skip a test unconditionally (a condition may be true on CI: those count).
_SKIPS = frozenset({"skip", "pytest.mark.skip", "unittest.skip", "mark.skip"})
#: Receivers whose methods live on the test's class or its bases.
_SELF = frozenset({"self", "cls"})
_PYTEST_CHECKS = frozenset({"raises", "approx", "fail", "warns", "deprecated_call"})
#: What a call through a module (``torchtest.test_suite``) is named by when that module may be
#: a testing library: its module and this mark, which an ``import`` of the library completes.
_THROUGH = ".*"


def _call_name(call: ast.Call) -> tuple[str, str]:
    """(dotted name or "", last name) of what a call calls."""
    dotted = dotted_name(call.func) or ""
    if isinstance(call.func, ast.Attribute):
        return dotted, call.func.attr
    return dotted, dotted


def _is_check(dotted: str, last: str) -> bool:
    """Whether a call of ``dotted`` (last name ``last``) checks, from its name alone."""
    if _CHECK_NAME.match(last):
        return True
    # pytest.raises(...), or raises(...) after "from pytest import raises".
    if last in _PYTEST_CHECKS and (dotted.startswith("pytest.") or dotted == last):
        return True
    # np.testing.*, torch.testing.*, pd.testing.* compare arrays and raise on mismatch.
    return ".testing." in f".{dotted}"


#: Comparisons an ``assert`` of literals may make, as functions of its two sides.
_COMPARISONS: dict[type[ast.cmpop], Callable[[object, object], object]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Is: operator.is_,
    ast.IsNot: operator.is_not,
    ast.In: lambda a, b: operator.contains(b, a),  # type: ignore[arg-type]
    ast.NotIn: lambda a, b: not operator.contains(b, a),  # type: ignore[arg-type]
}
#: unittest's assertions, each as the test its first two arguments must pass.
_UNITTEST_TRUTHS: dict[str, Callable[[object, object], object]] = {
    "assertEqual": operator.eq,
    "assertEquals": operator.eq,
    "assertNotEqual": operator.ne,
    "assertTrue": lambda a, _: a,
    "assertFalse": lambda a, _: not a,
    "assertIsNone": lambda a, _: a is None,
    "assertIsNotNone": lambda a, _: a is not None,
    "assertIn": lambda a, b: operator.contains(b, a),  # type: ignore[arg-type]
    "assertNotIn": lambda a, b: not operator.contains(b, a),  # type: ignore[arg-type]
}


def _literal(node: ast.expr) -> tuple[bool, object]:
    """(True, value) for an expression of literals alone: ``True``, ``(1, 2)``, ``1 == 1``,
    ``not False``, ``True and 1``; (False, None) for anything that reads a name or calls.
    A run of ``not`` is counted, not recursed into: it needs no parentheses, so it can be
    deeper than Python's recursion limit."""
    node, negations = without_negations(node)
    if negations:
        known, value = _literal(node)
        if not known:
            return False, False
        return True, not value if negations % 2 else bool(value)
    if isinstance(node, (ast.Constant, ast.Tuple, ast.List)):
        try:
            return True, ast.literal_eval(node)
        except (ValueError, TypeError):  # TypeError: a set or dict key of lists, ``({[1]},)``
            return False, None
    if isinstance(node, ast.BoolOp):
        parts = [_literal(value) for value in node.values]
        if not all(known for known, _ in parts):
            return False, None
        values = [value for _, value in parts]
        return True, all(values) if isinstance(node.op, ast.And) else any(values)
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        compare = _COMPARISONS.get(type(node.ops[0]))
        left, right = _literal(node.left), _literal(node.comparators[0])
        if compare is None or not (left[0] and right[0]):
            return False, None
        try:
            return True, compare(left[1], right[1])
        except TypeError:  # 1 in 2
            return False, None
    return False, None


def _always_true(node: ast.expr) -> bool:
    """Whether ``node`` is made of literals alone and is true: it can never fail, so it
    checks nothing of the code (``assert False`` can, and marks a branch that must not run)."""
    known, value = _literal(node)
    return known and bool(value)


def _literal_assertion(call: ast.Call) -> bool:
    """``self.assertEqual(1, 1)``, ``self.assertTrue(True)``: a unittest assertion whose
    arguments are literals and that holds, the placeholder a project template ships."""
    if not isinstance(call.func, ast.Attribute) or _receiver(call) not in _SELF:
        return False
    truth = _UNITTEST_TRUTHS.get(call.func.attr)
    if truth is None or not call.args:
        return False
    values = [*call.args, *(keyword.value for keyword in call.keywords)]
    if not all(isinstance(value, ast.Constant) for value in values):
        return False
    first = call.args[0].value  # type: ignore[attr-defined]
    second = call.args[1].value if len(call.args) > 1 else None  # type: ignore[attr-defined]
    try:
        return bool(truth(first, second))
    except Exception:  # assertIn(1, 2)
        return False


@dataclass(frozen=True)
class _Body:
    """What a function body does towards checking: ``checks`` when it asserts or calls a
    checking function itself; else ``calls``, the last names of what it calls, ``inherited``,
    the methods it calls on ``self``/``cls``/``super()``, and ``literal``, whether it holds an
    assertion of literals that is always true."""

    checks: bool
    calls: frozenset[str] = frozenset()
    inherited: frozenset[str] = frozenset()
    literal: bool = False
    #: Whether it asserts only inside a ``try`` whose handler swallows the failure.
    swallowed: bool = False

    def checks_with(self, helpers: set[str], methods: frozenset[str] = frozenset()) -> bool:
        """Whether the body checks, counting calls to the asserting ``helpers`` and to the
        asserting ``methods`` of any test module (a base class may live in another one)."""
        return (
            self.checks
            or not self.calls.isdisjoint(helpers)
            or not self.inherited.isdisjoint(methods)
        )


def _receiver(call: ast.Call) -> str | None:
    """``self`` for ``self.f()``, ``super`` for ``super().f()``, else None."""
    if not isinstance(call.func, ast.Attribute):
        return None
    owner = call.func.value
    if isinstance(owner, ast.Name):
        return owner.id
    if isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name):
        return owner.func.id
    return None


def _passed_methods(call: ast.Call) -> set[str]:
    """Methods of ``self``/``cls``/``super()`` a call is handed as arguments."""
    values = [*call.args, *(keyword.value for keyword in call.keywords)]
    return {
        value.attr
        for value in values
        if isinstance(value, ast.Attribute) and _is_self_or_super(value.value)
    }


def _is_self_or_super(owner: ast.expr) -> bool:
    if isinstance(owner, ast.Name):
        return owner.id in _SELF
    return isinstance(owner, ast.Call) and dotted_name(owner.func) == "super"


#: What one call does towards checking: ``None`` for a checking call, else the name it
#: calls and the methods of ``self``/``super()`` it calls or hands over.
_Event = tuple[str, set[str]] | None


def _event(call: ast.Call) -> _Event:
    dotted, name = _call_name(call)
    if _is_check(dotted, name) and not _literal_assertion(call):
        return None
    module = dotted.rpartition(".")[0]
    if module and is_testing_library(module, frozenset()):
        # torchtest.test_suite(...): a check when torchtest is a library, not the project's.
        name = module + _THROUGH
    inherited = {name} if _receiver(call) in (*_SELF, "super") else set()
    # run_nondeterministic(super().test_training): the inherited test, run by a wrapper.
    return name, inherited | _passed_methods(call)


class _InSourceOrder:
    """A unit's nodes of some types sorted by where they start, to take those of a span."""

    def __init__(self, nodes: list[ast.AST]) -> None:
        self.nodes = sorted(nodes, key=start_of)
        self.starts = [start_of(node) for node in self.nodes]

    def span(self, first: ast.stmt, last: ast.stmt) -> range:
        """The indexes of the nodes starting from ``first``'s start to ``last``'s end (a
        decorated definition starts at its first decorator, above its ``def`` line)."""
        decorators = getattr(first, "decorator_list", None)
        start = start_of(decorators[0] if decorators else first)
        end = (last.end_lineno or 0, last.end_col_offset or 0)
        return range(bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end))


@per_object
def _bodies(unit: SourceUnit) -> dict[Function, _Body]:
    """Every function of the unit (nested ones too) with what its body does, read once.

    A body is the source from its first statement's start to its last one's end: each
    function takes the unit's asserts, raises and calls starting there (rather than walking
    its subtree, nested functions again). "if out != expected: raise AssertionError(...)"
    checks as much as an assert; a body that checks is known without reading its calls, and
    each call is read at most once, when a body without assert or raise first needs it.
    """
    swallowed = _swallowed(unit)
    asserts = unit.of_type(ast.Assert)
    literal = [node for node in asserts if _always_true(node.test)]
    lost = [node for node in asserts if id(node) in swallowed and node not in literal]
    checks = _InSourceOrder(
        [
            *(node for node in asserts if node not in literal and id(node) not in swallowed),
            *unit.of_type(ast.Raise),
        ]
    )
    literals = _InSourceOrder(literal)  # type: ignore[arg-type]
    lost_checks = _InSourceOrder(lost)  # type: ignore[arg-type]
    calls = _InSourceOrder([call for call in unit.of_type(ast.Call) if id(call) not in swallowed])
    events: dict[int, _Event] = {}
    functions: list[Function] = [
        *unit.of_type(ast.FunctionDef),
        *unit.of_type(ast.AsyncFunctionDef),
    ]
    bodies: dict[Function, _Body] = {}
    for function in functions:
        first, last = function.body[0], function.body[-1]
        if checks.span(first, last):
            bodies[function] = _Body(True)
            continue
        names: set[str] = set()
        inherited: set[str] = set()
        spoken = bool(literals.span(first, last))
        for index in calls.span(first, last):
            if index not in events:
                events[index] = _event(calls.nodes[index])  # type: ignore[arg-type]
            event = events[index]
            if event is None:
                bodies[function] = _Body(True)
                break
            names.add(event[0])
            inherited |= event[1]
            spoken = spoken or event[0] in _UNITTEST_TRUTHS
        else:
            lost_here = bool(lost_checks.span(first, last))
            bodies[function] = _Body(
                False, frozenset(names), frozenset(inherited), spoken, lost_here
            )
    return bodies


#: What an ``except`` names that catches a failed assert.
_CATCHES_ASSERTIONS = frozenset({"AssertionError", "Exception", "BaseException"})


def _swallowed(unit: SourceUnit) -> set[int]:
    """ids of the asserts and calls inside a ``try`` whose handler for a failed assert neither
    raises again nor fails the test (``except Exception: return False``): pytest passes the
    test whatever they find."""
    found: set[int] = set()
    for node in unit.of_type(ast.Try):
        handler = next((h for h in node.handlers if catches(h.type, _CATCHES_ASSERTIONS)), None)
        if handler is None or _reports_failure(handler):
            continue
        for statement in node.body:
            found.update(
                id(inner)
                for inner in ast.walk(statement)
                if isinstance(inner, (ast.Assert, ast.Call))
            )
    return found


def _reports_failure(handler: ast.ExceptHandler) -> bool:
    """The handler raises again, or fails the test itself (``pytest.fail``, ``self.fail``,
    an assertion)."""
    for inner in ast.walk(handler):
        if isinstance(inner, (ast.Raise, ast.Assert)):
            return True
        if isinstance(inner, ast.Call) and _is_check(*_call_name(inner)):
            return True
    return False


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


def _imported_helpers(unit: SourceUnit, shared: _Shared) -> set[str]:
    """The names a module imports (``from m import f``) that are asserting helpers. When the
    repository's module ``m`` defines ``f`` itself, ``f`` counts only if that definition
    asserts: another module's ``f`` that raises is not the one the test calls. A name ``m``
    does not define (a re-export, a module outside the repository) counts when any module's
    ``f`` asserts."""
    names: set[str] = set()
    for node in unit.of_type(ast.ImportFrom):
        module = absolute_from(unit.path, node)
        library = not node.level and is_testing_library(module, shared.own)
        for alias in node.names:
            defined = shared.defined.get((module, alias.name))
            if defined is None and library:
                names.add(alias.asname or alias.name)  # from torchtest import test_suite
            elif alias.name in shared.anywhere if defined is None else defined:
                names.add(alias.asname or alias.name)
    for imported in unit.of_type(ast.Import):
        names.update(
            alias.name + _THROUGH
            for alias in imported.names
            if alias.asname is None and is_testing_library(alias.name, shared.own)
        )
    return names


@dataclass(frozen=True)
class _Shared:
    """Asserting functions beyond a test's own module."""

    conftest: frozenset[str]  # in conftest.py files: pytest shares them without an import
    in_tests: frozenset[str]  # in any test module: bases reached through self/super()
    anywhere: frozenset[str]  # in any module: checkers imported by name (mylib.testing)
    #: (module, function) -> whether that module's function of that name asserts.
    defined: dict[tuple[str, str], bool]
    #: The names the repository's own modules may be imported by.
    own: frozenset[str] = frozenset()


def _shared_helpers(snapshot: Snapshot) -> _Shared:
    conftest: set[str] = set()
    in_tests: set[str] = set()
    anywhere: set[str] = set()
    defined: dict[tuple[str, str], bool] = {}
    is_test_unit = find_test_code(snapshot).is_test_unit
    for unit in code_units(snapshot):
        names = _asserting_helpers(unit, set())
        anywhere |= names
        module = module_name(unit.path)
        for function in _bodies(unit):
            key = (module, function.name)
            defined[key] = defined.get(key, False) or function.name in names
        if is_test_unit(unit):
            in_tests |= names
        if PurePosixPath(unit.path).name == "conftest.py":
            conftest |= names
    return _Shared(
        frozenset(conftest), frozenset(in_tests), frozenset(anywhere), defined, own_names(snapshot)
    )


#: The reason given for a placeholder test (only ``pass``, ``...`` or a docstring).
EMPTY_BODY = "empty body"
#: The reason given for a test whose only assertions compare literals and always hold.
LITERALS_ONLY = "asserts only literals, always true"
#: The reason given for a test whose assertions a ``try`` swallows.
SWALLOWED = "its asserts sit in a try whose except swallows their failure"


#: Calls that skip the running test: pytest.skip("..."), self.skipTest("...").
_SKIP_CALLS = frozenset({"skip", "skipTest"})


def is_skipped(test: FoundTest) -> bool:
    """Whether the test never runs whatever the machine: a skip decorator on it or on its
    class, or a skip as its first statement."""
    decorated = [test.node, *([test.owner] if test.owner is not None else [])]
    if any(name in _SKIPS for node in decorated for name in decorator_names(node)):
        return True
    body = [s for s in test.node.body if not _is_docstring(s)]
    first = body[0] if body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Call):
        return _call_name(first.value)[1] in _SKIP_CALLS
    return False


def _is_docstring(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)


def _is_empty(node: Function) -> bool:
    """Only ``pass``, ``...`` or a docstring: a placeholder, not a test."""
    return all(
        isinstance(s, ast.Pass) or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
        for s in node.body
    )


def non_asserting(snapshot: Snapshot, found: list[FoundTest]) -> list[tuple[FoundTest, str]]:
    """The tests that check nothing, each with the reason to show."""
    shared = _shared_helpers(snapshot)
    helpers_by_unit: dict[int, set[str]] = {}
    silent: list[tuple[FoundTest, str]] = []
    for test in found:
        key = id(test.unit)
        if key not in helpers_by_unit:
            known = set(shared.conftest | _imported_helpers(test.unit, shared))
            helpers_by_unit[key] = _asserting_helpers(test.unit, known)
        if is_skipped(test):
            continue
        body = _bodies(test.unit)[test.node]
        if _is_empty(test.node):
            silent.append((test, f"{test.name}: {EMPTY_BODY}"))
        elif not body.checks_with(helpers_by_unit[key], shared.in_tests):
            reason = (
                LITERALS_ONLY
                if body.literal
                else SWALLOWED
                if body.swallowed
                else "runs code but asserts nothing"
            )
            silent.append((test, f"{test.name}: {reason}"))
    return silent
