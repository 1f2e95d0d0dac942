"""Unused and misplaced imports a reviewer would keep, each for the reason they would give.

- imports below a top-level ``sys.path`` edit (E402): ruff lets them follow a bare
  ``sys.path.insert(...)`` but not one in a loop or after the line that builds the folder,
  and they cannot move above the edit they need; the same below a warnings filter or an
  environment variable set for a library to read when imported (``NUMEXPR_MAX_THREADS``);
- imports below a bare string written as a comment under the docstring (E402: ruff excuses
  the docstring only, and such imports are at the top all the same);
- unused imports in an ``__init__.py`` that import from the package itself (relative or
  first-party): that is how a package re-exports its API; a star import of its own module
  there (``from .resnet import *``, F403) publishes that module's names the same way;
- unused imports of a module made of nothing but imports of the project's own modules
  (``from model import GravitySpyResNet as TheModel`` in a course's ``interface.py``): a
  facade whose names other code, often a grader outside the repository, imports; the
  imports are all it holds, and ``ruff --fix`` would leave it empty;
- unused imports that other modules import from the module (``from .data import load``
  where ``data.py`` gathers helpers, ``from .runtime import np``, or a name read by a module
  that imports it with ``*``):
  removing them breaks the importers;
- unused imports of a module that picks its names at run time (``globals()[name](...)``):
  the lookup is the use, and removing them breaks every run that names one;
- unused imports tried in a ``try`` whose handler catches ``ImportError``: importing
  ``pybullet_envs`` registers its gym environments when it is installed; the import is the use;
  the same for a plain ``import roboschool`` (and the other packages that register gym
  environments when imported, ``analysis/registering_imports.py``);
- unused imports of the project's own modules whose top level edits ``sys.path`` (``import
  configs.path_setup`` in a ``conftest.py``, detection code's ``import _init_paths``): the
  import is made for the folders it puts on the path, and ``ruff --fix`` would delete it;
- unused imports whose name a function declares ``global`` and reads (``from settings import
  counter``; in ``main``, ``global counter``, ``counter = 0`` in one branch and ``if counter >
  5`` after it): ruff takes the read for the function's own assignment, but where no branch
  assigned, the function reads the imported value, and ``ruff --fix`` would break it;
- unused imports of the project's own modules made before ``Base.metadata.create_all`` in
  the same function or at the top of the same module (``from app.models import User``):
  SQLAlchemy learns a table when its model class is defined, so the import is what puts the
  table in the metadata, and ``ruff --fix`` would create an empty database;
- unused imports of the project's own classes in a module that loads a pickle (``from
  recommender import Recommender`` above ``pickle.load``): an object a script pickled is saved
  as ``__main__.Recommender``, and the loading script needs the class in its namespace;
- unused imports that are a test's whole body (``def test_import(): from pkg import drive``):
  the test checks that the module imports, and ``ruff --fix`` would leave it empty;
- imports of pytest fixtures that the module's tests take as parameters (``from conftest
  import luna_setup as setup``, then ``def test_ct(setup)``): pytest finds a fixture by name
  in the test's module, so the import is the use, and each parameter is the fixture, not a
  redefinition of the import (F401 on the import, F811 on every parameter).
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from repocheck.analysis.cache import per_object
from repocheck.analysis.handlers import catches
from repocheck.analysis.import_setup import (
    first_environment_edit,
    first_statement_after_strings,
    first_warnings_filter,
)
from repocheck.analysis.name_lookups import looked_up_in_file, module_import_lines
from repocheck.analysis.public_api import imported_from
from repocheck.analysis.registering_imports import registering_import_lines
from repocheck.analysis.sys_path import first_path_edit
from repocheck.facts.snapshot import LintDiagnostic, Snapshot, SourceUnit

REEXPORT = "unused imports that re-export the package's API from an __init__.py"
STAR_REEXPORT = "star imports that re-export the package's own modules from an __init__.py"
FACADE = "unused imports of a module made only of the project's own imports"
PASSED_ON = "unused imports other modules import from their module"
LOOKED_UP = "unused imports the module looks up by name at run time (globals()[name])"
OPTIONAL = "optional imports tried for their side effect (try: import / except ImportError)"
REGISTERS = "imports that register gym environments (import roboschool)"
IMPORT_TEST = "imports that are a test's whole body (the test checks the module imports)"
FIXTURE = "imports of pytest fixtures the module's tests take as parameters"
GLOBAL_READ = "unused imports a function declares global and reads"
TABLES = "imports of models that register their tables before metadata.create_all"
UNPICKLED = "imports of project classes a pickle the module loads may need"
PATH_SETUP = "imports of the project's own modules that edit sys.path when imported"
PATH_EDIT = "imports below a sys.path edit they need"
WARNINGS_FILTER = "imports below a warnings filter set before them"
ENVIRONMENT = "imports below an environment variable set before them"
STRING_COMMENT = "imports below a string written as a comment"
_MISSING_MODULE = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def _local_top_names(paths: Iterable[str]) -> frozenset[str]:
    """Top-level packages and modules the repository holds (``src/`` layout included, and
    ``src`` itself where it is a package: ``from src.data import Dataset``)."""
    names = set()
    for path in paths:
        parts = PurePosixPath(path).parts
        if parts[:2] == ("src", "__init__.py"):
            names.add("src")
        if parts and parts[0] == "src" and len(parts) > 1:
            parts = parts[1:]
        if len(parts) > 1 or parts[0].endswith(".py"):
            names.add(parts[0].removesuffix(".py"))
    return frozenset(names)


def char_column(line: str, byte_offset: int) -> int:
    """ast counts UTF-8 bytes, ruff counts characters: the 0-based character column."""
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))


@per_object
def _reexports(unit: SourceUnit, local: frozenset[str]) -> set[int]:
    """Lines of imports from the package itself: relative, or naming a first-party module."""
    lines: set[int] = set()
    nodes: list[ast.Import | ast.ImportFrom] = [*unit.of_type(ast.ImportFrom)]
    nodes += unit.of_type(ast.Import)
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            own = node.level > 0 or (node.module or "").split(".")[0] in local
        else:
            own = any(alias.name.split(".")[0] in local for alias in node.names)
        if own:
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lines


@per_object
def _is_facade(unit: SourceUnit, local: frozenset[str]) -> bool:
    """Whether a module (not a notebook cell) holds only ``from ... import`` statements past
    its docstring, naming two or more names, each from the project itself: a facade other
    code imports from. A lone ``import configs.cfg`` binds no name to hand on and counts."""
    if unit.cell is not None or not isinstance(unit.tree, ast.Module):
        return False
    body = unit.tree.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    imports = [node for node in body if isinstance(node, ast.ImportFrom)]
    if len(imports) != len(body) or sum(len(node.names) for node in imports) < 2:
        return False
    own = _reexports(unit, local)
    return all(node.lineno in own for node in imports)


@per_object
def _nested_reexports(unit: SourceUnit, paths: frozenset[str]) -> set[int]:
    """Lines of absolute imports in an ``__init__.py`` that name, by the name of a folder
    holding it, a module of that folder: ``from dataset.utils._tools import shred`` in
    ``steps/dataset/dataset/utils/__init__.py``, a package run from ``steps/dataset/``. The
    module must be there (``dataset/utils/_tools.py``), so a library's name is not taken."""
    folders = PurePosixPath(unit.path).parent.parts
    lines: set[int] = set()
    for node in unit.of_type(ast.ImportFrom):
        if node.level or not node.module:
            continue
        first, *rest = node.module.split(".")
        for depth, folder in enumerate(folders):
            if folder != first:
                continue
            base = "/".join((*folders[: depth + 1], *rest))
            if not rest or f"{base}.py" in paths or f"{base}/__init__.py" in paths:
                lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
                break
    return lines


@per_object
def _optional_imports(unit: SourceUnit) -> set[int]:
    """Lines of imports in the body of a ``try`` that a missing module cannot break."""
    lines: set[int] = set()
    for node in unit.of_type(ast.Try):
        if not any(catches(handler.type, _MISSING_MODULE) for handler in node.handlers):
            continue
        for statement in node.body:
            if isinstance(statement, (ast.Import, ast.ImportFrom)):
                end = statement.end_lineno or statement.lineno
                lines.update(range(statement.lineno, end + 1))
    return lines


ImportKey = tuple[str, int, str, str | None]  # module ("" for ``import``), level, name, alias


@per_object
def import_keys(unit: SourceUnit) -> dict[tuple[int, int], ImportKey]:
    """(line, 1-based character column) of each imported alias -> what it imports, and as
    what: ``import torch.nn as nn`` and ``from torch import nn`` bind the same name to the
    same module, but are read as the statements they are."""
    lines = unit.source.split("\n")
    keys: dict[tuple[int, int], ImportKey] = {}
    imports: list[ast.Import | ast.ImportFrom] = [*unit.of_type(ast.ImportFrom)]
    imports += unit.of_type(ast.Import)
    for node in imports:
        module = (node.module or "") if isinstance(node, ast.ImportFrom) else ""
        level = node.level if isinstance(node, ast.ImportFrom) else 0
        for alias in node.names:
            text = lines[alias.lineno - 1] if alias.lineno <= len(lines) else ""
            key = (module, level, alias.name, alias.asname)
            keys[(alias.lineno, char_column(text, alias.col_offset) + 1)] = key
            if alias.asname and alias.end_col_offset is not None:
                start = alias.end_col_offset - len(alias.asname.encode("utf-8"))
                keys[(alias.lineno, char_column(text, start) + 1)] = key
    return keys


def _creates_tables(node: ast.AST) -> int | None:
    """The line of ``Base.metadata.create_all`` (called or passed on) in ``node``."""
    for inner in ast.walk(node):
        if (
            isinstance(inner, ast.Attribute)
            and inner.attr == "create_all"
            and isinstance(inner.value, ast.Attribute)
            and inner.value.attr == "metadata"
        ):
            return inner.lineno
    return None


def _table_imports(unit: SourceUnit, local: frozenset[str]) -> set[int]:
    """Lines of imports of the project's own modules made, in a function or at the module's
    top level, above a ``metadata.create_all`` in the same place: imports for the tables their
    model classes register."""
    if "create_all" not in unit.source:
        return set()
    own = _reexports(unit, local)
    defs = (ast.FunctionDef, ast.AsyncFunctionDef)
    scopes: list[list[ast.stmt]] = [
        [statement for statement in unit.tree.body if not isinstance(statement, defs)]  # type: ignore[union-attr]
    ]
    functions: list[ast.FunctionDef | ast.AsyncFunctionDef] = [*unit.of_type(ast.FunctionDef)]
    functions += unit.of_type(ast.AsyncFunctionDef)
    scopes += [function.body for function in functions]
    lines: set[int] = set()
    for body in scopes:
        created = min(filter(None, map(_creates_tables, body)), default=None)
        if created is None:
            continue
        for statement in body:
            for node in ast.walk(statement):
                if isinstance(node, (ast.Import, ast.ImportFrom)) and node.lineno < created:
                    end = node.end_lineno or node.lineno
                    lines.update(line for line in range(node.lineno, end + 1) if line in own)
    return lines


#: Modules whose ``load``/``loads`` rebuilds pickled objects by their classes' names.
_PICKLERS = frozenset({"pickle", "joblib", "dill", "cloudpickle", "torch"})


def _loads_a_pickle(unit: SourceUnit) -> bool:
    """Whether the unit calls ``pickle.load``, ``joblib.load``, ``torch.load`` and the like
    (a module imported under its own name or an alias, or ``load`` imported from it)."""
    modules: set[str] = set()
    functions: set[str] = set()
    imports: list[ast.Import | ast.ImportFrom] = [*unit.of_type(ast.Import)]
    imports += unit.of_type(ast.ImportFrom)
    for node in imports:
        if isinstance(node, ast.Import):
            modules.update(a.asname or a.name for a in node.names if a.name in _PICKLERS)
        elif node.module in _PICKLERS and not node.level:
            functions.update(a.asname or a.name for a in node.names if a.name in ("load", "loads"))
    for call in unit.of_type(ast.Call):
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in ("load", "loads"):
            if isinstance(func.value, ast.Name) and func.value.id in modules:
                return True
        elif isinstance(func, ast.Name) and func.id in functions:
            return True
    return False


@per_object
def _unpickling_imports(unit: SourceUnit, local: frozenset[str]) -> frozenset[int]:
    """Lines of imports of classes from the project's own modules in a module that loads a
    pickle: an object pickled by a script is saved as ``__main__.Recommender``, and the
    script that loads it needs ``Recommender`` in its own namespace, though it never names it
    (``from recommender import Recommender`` above ``pickle.load``)."""
    if "load" not in unit.source or not _loads_a_pickle(unit):
        return frozenset()
    own = _reexports(unit, local)
    lines: set[int] = set()
    for node in unit.of_type(ast.ImportFrom):
        if node.lineno in own and any(alias.name[:1].isupper() for alias in node.names):
            end = node.end_lineno or node.lineno
            lines.update(range(node.lineno, end + 1))
    return frozenset(lines)


@per_object
def _global_reads(unit: SourceUnit) -> frozenset[str]:
    """Names some function of the module declares ``global`` and that the module reads:
    where the function's own assignments did not run, the read sees the module's binding,
    an import's among them. Read from the module's index of nodes, no walk."""
    declared = {name for statement in unit.of_type(ast.Global) for name in statement.names}
    if not declared:
        return frozenset()
    found = {
        node.id
        for node in unit.of_type(ast.Name)
        if node.id in declared and isinstance(node.ctx, ast.Load)
    }
    found.update(
        node.target.id
        for node in unit.of_type(ast.AugAssign)
        if isinstance(node.target, ast.Name) and node.target.id in declared
    )
    return frozenset(found)


@per_object
def _fixture_parameters(unit: SourceUnit) -> frozenset[str]:
    """In a test module, the names its tests (``test*`` functions) and fixtures take as
    parameters: what pytest looks up as fixtures in the module; none elsewhere."""
    if not unit.is_test:
        return frozenset()
    names: set[str] = set()
    functions: list[ast.FunctionDef | ast.AsyncFunctionDef] = [
        *unit.of_type(ast.FunctionDef),
        *unit.of_type(ast.AsyncFunctionDef),
    ]
    for node in functions:
        fixture = any("fixture" in ast.unparse(decorator) for decorator in node.decorator_list)
        if node.name.startswith("test") or fixture:
            names.update(arg.arg for arg in (*node.args.posonlyargs, *node.args.args))
    return frozenset(names - {"self", "cls"})


def _redefined(diagnostic: LintDiagnostic) -> str:
    """The name an F811 says is redefined (``Redefinition of unused `setup` from line 6``)."""
    parts = diagnostic.message.split("`")
    return parts[1] if len(parts) > 2 else ""


@per_object
def _import_tests(unit: SourceUnit) -> set[int]:
    """Lines of imports that make up a test's whole body (``def test_import(): import drive``):
    the test checks that the module imports, so the import is its use."""
    lines: set[int] = set()
    tests: list[ast.FunctionDef | ast.AsyncFunctionDef] = [
        *unit.of_type(ast.FunctionDef),
        *unit.of_type(ast.AsyncFunctionDef),
    ]
    for node in tests:
        if not node.name.startswith("test"):
            continue
        body = [
            statement
            for statement in node.body
            if not isinstance(statement, ast.Pass)
            and not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant))
        ]
        if body and all(isinstance(s, (ast.Import, ast.ImportFrom)) for s in body):
            for statement in body:
                lines.update(
                    range(statement.lineno, (statement.end_lineno or statement.lineno) + 1)
                )
    return lines


@per_object
def _import_places(unit: SourceUnit) -> dict[tuple[int, int], str]:
    """(line, 1-based character column) of each imported alias -> the name it binds."""
    return {
        place: alias or name.split(".")[0]
        for place, (_, _, name, alias) in import_keys(unit).items()
    }


def binds_one_of(diagnostic: LintDiagnostic, unit: SourceUnit, names: frozenset[str]) -> bool:
    """The unused import is one another module imports from this one: the alias ruff
    points at (line and column) binds a name that is taken from here (by name, or read by
    a module that imports this one with ``*``)."""
    if not names or diagnostic.line is None:
        return False
    places = _import_places(unit)
    if diagnostic.column is not None:
        return places.get((diagnostic.line, diagnostic.column)) in names
    return any(line == diagnostic.line and name in names for (line, _), name in places.items())


def _path_setup_modules(snapshot: Snapshot) -> frozenset[str]:
    """The project's modules whose top level edits ``sys.path``, as slash-separated paths
    without the suffix (``configs/path_setup``; a package's ``__init__`` by its folder)."""
    found = set()
    for unit in snapshot.sources:
        if unit.cell is not None or not unit.path.endswith(".py") or "sys.path" not in unit.source:
            continue
        if first_path_edit(unit) is None:
            continue
        stem = unit.path[: -len(".py")]
        found.add(stem[: -len("/__init__")] if stem.endswith("/__init__") else stem)
    return frozenset(found)


def _path_setup_import(
    diagnostic: LintDiagnostic, unit: SourceUnit | None, editing: frozenset[str]
) -> str | None:
    """Why an unused import is one of a module imported for its ``sys.path`` edit: the
    module it names (``import a.b``, or ``from a import b`` where ``b`` is a module) is one
    of ``editing``, found by the end of its path (scripts import from their own folder)."""
    if diagnostic.code != "F401" or unit is None or not editing or diagnostic.line is None:
        return None
    places = import_keys(unit)
    keys = [
        key
        for (line, column), key in places.items()
        if line == diagnostic.line and diagnostic.column in (None, column)
    ]
    for module, level, name, _ in keys:
        dotted = f"{module}.{name}" if module else name
        if level or not dotted:
            continue
        wanted = dotted.replace(".", "/")
        if any(path == wanted or path.endswith("/" + wanted) for path in editing):
            return PATH_SETUP
    return None


@dataclass(frozen=True)
class ImportReading:
    """What the repository around a file says of its imports, read once per repository."""

    #: Top-level packages and modules the repository holds.
    local: frozenset[str]
    #: Every file's path.
    paths: frozenset[str]
    #: Per file, the names other modules import from it.
    taken: Mapping[str, frozenset[str]]
    #: The project's modules imported for their ``sys.path`` edit.
    editing: frozenset[str]
    #: Files with an unused import that look names up at run time.
    looking_up: frozenset[str]

    @classmethod
    def of(
        cls,
        snapshot: Snapshot,
        diagnostics: Iterable[LintDiagnostic],
        by_path: Mapping[str, list[SourceUnit]],
    ) -> ImportReading:
        # Only a file with an unused import can have one looked up: the others are not walked.
        unused = {d.path for d in diagnostics if d.code == "F401"}
        return cls(
            local=_local_top_names(snapshot.paths),
            paths=frozenset(snapshot.paths),
            taken=imported_from(snapshot),
            editing=_path_setup_modules(snapshot) if unused else frozenset(),
            looking_up=frozenset(
                path for path in unused if path in by_path and looked_up_in_file(by_path[path])
            ),
        )

    def reason(self, diagnostic: LintDiagnostic, unit: SourceUnit) -> str | None:
        """Why an import finding (E402, F401, F403) in ``unit`` is set aside, if it is."""
        line = diagnostic.line or 0
        code = diagnostic.code
        if code == "E402":
            return _late_import_reason(line, unit)
        in_init = PurePosixPath(diagnostic.path).name == "__init__.py"
        if code == "F403" and in_init and line in _reexports(unit, self.local):
            return STAR_REEXPORT
        if code == "F811" and _redefined(diagnostic) in _fixture_parameters(unit):
            return FIXTURE
        if code != "F401":
            return None
        if binds_one_of(diagnostic, unit, _fixture_parameters(unit)):
            return FIXTURE
        if in_init and (
            line in _reexports(unit, self.local) or line in _nested_reexports(unit, self.paths)
        ):
            return REEXPORT
        if not in_init and _is_facade(unit, self.local):
            return FACADE
        if line in _optional_imports(unit):
            return OPTIONAL
        if line in registering_import_lines(unit):
            return REGISTERS
        if binds_one_of(diagnostic, unit, self.taken.get(diagnostic.path, frozenset())):
            return PASSED_ON
        if line in _import_tests(unit):
            return IMPORT_TEST
        if binds_one_of(diagnostic, unit, _global_reads(unit)):
            return GLOBAL_READ
        if line in _table_imports(unit, self.local):
            return TABLES
        if line in _unpickling_imports(unit, self.local):
            return UNPICKLED
        if diagnostic.path in self.looking_up and line in module_import_lines(unit):
            return LOOKED_UP
        return _path_setup_import(diagnostic, unit, self.editing)


def _late_import_reason(line: int, unit: SourceUnit) -> str | None:
    """Why an import below other code (E402) stays where it is, if it must."""
    if line > (first_path_edit(unit) or sys.maxsize):
        return PATH_EDIT
    if line > (first_warnings_filter(unit) or sys.maxsize):
        return WARNINGS_FILTER
    if line > (first_environment_edit(unit) or sys.maxsize):
        return ENVIRONMENT
    if line < (first_statement_after_strings(unit) or 0):
        return STRING_COMMENT
    return None
