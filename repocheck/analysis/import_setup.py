"""Top-level statements the imports below them need to run first.

E402 asks for every import at the top of the file. Some statements must come before the
imports they serve, and moving those imports up would change what the program does:

- a warnings filter (``warnings.filterwarnings(...)``, or the name imported from warnings):
  a warning raised while a module is imported is silenced only by a filter set before the
  import;
- an environment variable a library reads when it is imported (``NUMEXPR_MAX_THREADS``,
  ``TF_CPP_MIN_LOG_LEVEL``, ``CUDA_VISIBLE_DEVICES``, ``KERAS_BACKEND``): ruff excuses a bare
  ``os.environ[...] = ...`` between imports, not one inside an ``if``, nor the statements
  that compute its value.

(A ``sys.path`` edit is the third kind: :func:`repocheck.analysis.sys_path.first_path_edit`.)

A bare string above the imports is no statement they wait for but a comment written as a
string (``'''Importing the libraries.'''`` under the docstring): ruff excuses only the
first, and the imports below the others are at the top all the same.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable

from repocheck.analysis.cache import per_object
from repocheck.facts.snapshot import SourceUnit

#: Calls on ``os.environ`` (and ``os``) that set or remove a variable.
_ENVIRONMENT_CALLS = frozenset({"setdefault", "update", "pop", "putenv", "unsetenv"})


_FILTERS = ("filterwarnings", "simplefilter")


def _filters_taken_from_warnings(body: list[ast.stmt]) -> frozenset[str]:
    """Names the module's top level binds to warnings' filters (``from warnings import
    filterwarnings``, ``... import simplefilter as quiet``)."""
    return frozenset(
        alias.asname or alias.name
        for node in body
        if isinstance(node, ast.ImportFrom) and node.module == "warnings" and not node.level
        for alias in node.names
        if alias.name in _FILTERS
    )


@per_object
def first_warnings_filter(unit: SourceUnit) -> int | None:
    """The line of a top-level ``warnings.filterwarnings(...)`` or ``simplefilter(...)``, or
    of the call by a name imported from warnings (``from warnings import filterwarnings;
    filterwarnings('ignore')``)."""
    body = unit.tree.body if unit.tree else []
    taken: frozenset[str] | None = None  # read only when a bare call is met
    for node in body:
        call = node.value if isinstance(node, ast.Expr) else None
        if not isinstance(call, ast.Call):
            continue
        func = call.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr in _FILTERS
            and isinstance(func.value, ast.Name)
            and func.value.id == "warnings"
        ):
            return node.lineno
        if isinstance(func, ast.Name):
            taken = _filters_taken_from_warnings(body) if taken is None else taken
            if func.id in taken:
                return node.lineno
    return None


#: Top-level statements that do nothing an import below them could need: other imports, and
#: definitions (not run when the module is).
_PASSED_BY = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def first_statement_doing(unit: SourceUnit, does: Callable[[ast.AST], bool]) -> int | None:
    """The line of the module's first top-level statement holding a node ``does`` picks,
    however deep (inside an ``if``, a loop or a ``try``)."""
    for node in unit.tree.body if unit.tree else ():
        if not isinstance(node, _PASSED_BY) and any(does(inner) for inner in ast.walk(node)):
            return node.lineno
    return None


@per_object
def first_environment_edit(unit: SourceUnit) -> int | None:
    """The line of the module's first top-level statement that sets an environment variable,
    however written (``os.environ["X"] = ...``, ``os.environ.setdefault(...)``, inside an
    ``if`` or a ``try``)."""
    return first_statement_doing(unit, _sets_environment)


def _is_environ(node: ast.AST) -> bool:
    """``os.environ``, or ``environ`` taken from os."""
    if isinstance(node, ast.Attribute):
        return node.attr == "environ" and isinstance(node.value, ast.Name) and node.value.id == "os"
    return isinstance(node, ast.Name) and node.id == "environ"


def _sets_environment(node: ast.AST) -> bool:
    if isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)):
        targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
        return any(isinstance(t, ast.Subscript) and _is_environ(t.value) for t in targets)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        owner, name = node.func.value, node.func.attr
        if name in _ENVIRONMENT_CALLS and _is_environ(owner):
            return True
        return name in ("putenv", "unsetenv") and isinstance(owner, ast.Name) and owner.id == "os"
    return False


def _is_string(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


@per_object
def first_statement_after_strings(unit: SourceUnit) -> int | None:
    """The line of the first top-level statement that is neither an import nor a bare string,
    when a bare string other than the docstring comes before it (None without one): imports
    above that line are at the top, under strings written as comments."""
    body = unit.tree.body if unit.tree else []
    commented = False
    for index, node in enumerate(body):
        if _is_string(node):
            commented = commented or index > 0
        elif not isinstance(node, (ast.Import, ast.ImportFrom)):
            return node.lineno if commented else None
    return sys.maxsize if commented else None
