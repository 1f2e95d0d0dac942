"""ruff's findings read in the repository's own context: the ones a reviewer would sign.

ruff sees one file at a time and knows nothing of a project's conventions. These kinds of
finding are set aside here, each for a reason a reviewer would give:

- matters of style rather than defects: the modern spellings pyupgrade suggests (UP:
  ``List[int]``, ``"%d" % n``, ``super(Model, self)`` read as well as their replacements and
  may be what the supported Pythons need), ``f = lambda x: ...`` (E731), a variable named
  ``l`` (E741), ``0 == x`` (SIM300), ``True if ok else False`` (SIM210), ``key in d.keys()``
  (SIM118: the same answer as ``key in d``), an ``if``/``else`` that assigns in both
  branches where ruff would write a ternary (SIM108: taste, and the explicit form often
  reads better), and in a notebook an import below a cell's setup line
  (E402: ``warnings.filterwarnings("ignore")`` before the imports is a notebook idiom),
  statements joined by a semicolon (E702: ``plt.xlabel("x"); plt.ylabel("y")`` labels a
  plot in one line of a cell) or a line ending in one (E703: ``plt.hist(x);`` hides the
  returned object's text on a cell's last line, and is written on every plotting line);
- findings that depend on the Python version (``zip(strict=)``) when the repository declares
  none: it is right for code that still runs on 3.9, and nothing says this code does not;
- in a ``.py`` file saved from a notebook cell, the further syntax errors ruff reports on one
  IPython line (``!pip install torch numpy tqdm`` is one error per word to ruff): the line
  counts once, as the mistake it is, and not once per word;
- syntax errors in a project that declares Python 2 and no Python 3 (its CI runs 2.7 only):
  ``print 'done'`` is Python 2, which ruff cannot read, not a mistake in it;
- imports below a top-level ``sys.path`` edit (E402): ruff lets them follow a bare
  ``sys.path.insert(...)`` but not one in a loop or after the line that builds the folder,
  and they cannot move above the edit they need; the same below a warnings filter or an
  environment variable set for a library to read when imported (``NUMEXPR_MAX_THREADS``);
- imports below a bare string written as a comment under the docstring (E402: ruff excuses
  the docstring only, and such imports are at the top all the same);
- unused imports in an ``__init__.py`` that import from the package itself (relative or
  first-party): that is how a package re-exports its API; a star import of its own module
  there (``from .resnet import *``, F403) publishes that module's names the same way;
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
- "undefined name", "syntax error in forward annotation" and "remove quotes" inside jaxtyping
  or torchtyping shape strings (``Float[Tensor, "b c h w"]``): those are dimensions, not Python;
- unused imports whose name a function declares ``global`` and reads (``from settings import
  counter``; in ``main``, ``global counter``, ``counter = 0`` in one branch and ``if counter >
  5`` after it): ruff takes the read for the function's own assignment, but where no branch
  assigned, the function reads the imported value, and ``ruff --fix`` would break it;
- unused imports of the project's own modules made before ``Base.metadata.create_all`` in
  the same function or at the top of the same module (``from app.models import User``):
  SQLAlchemy learns a table when its model class is defined, so the import is what puts the
  table in the metadata, and ``ruff --fix`` would create an empty database;
- unused imports that are a test's whole body (``def test_import(): from pkg import drive``):
  the test checks that the module imports, and ``ruff --fix`` would leave it empty;
- names used from a star import (F405): ruff reports the import itself (F403) and then every
  name the file takes from it, so one ``from manim import *`` at the top of a scene counted
  hundreds of times; the import is the one decision to review;
- a loop variable read in a lambda that the call it is passed to runs at once (B023 on
  ``df["genres"].apply(lambda g: genre in g)`` inside ``for genre in genres``): the lambda
  sees the value of its own iteration; the bug ruff warns of needs the function to outlive it;
- a loop that sets an attribute (B020 on ``for self.epoch in range(self.n_epoch)``): ruff
  takes the ``self`` under the attribute for the loop's variable, but only ``self.epoch`` is
  set, and the iterable is read once, before the loop; a loop that rebinds a name its
  iterable reads (``for items in items``) still counts;
- in a notebook, an import a cell repeats from an earlier cell (F811 on the second
  ``import torch``): each cell imports what it uses so that it runs on its own after a
  restart, and the same module bound to the same name again redefines nothing; an import
  that binds the name to something else, or a script's import written twice, still counts;
- findings in notebook cells that are not Python (the body of ``%%bash`` or of ``%bq query``:
  the facts layer keeps no Python of them), and undefined names in a notebook that ``%run``s
  or ``%load``s other code, where they are defined at run time; the same in a notebook that
  runs ``%pylab``, which binds ``np``, ``plt`` and every name of numpy and pylab (``figure``,
  ``sin``, ``boxplot``) in the kernel;
- in a numbered series of notebooks cut from one session (``01_data.ipynb`` loads ``df``,
  ``02_eda.ipynb`` plots it), names a notebook takes from an earlier one of the series, and
  imports only a later one uses: ``ruff --fix`` would delete what the next notebook needs;
- ``spark``, ``sc``, ``dbutils``, ``sqlContext`` and ``displayHTML`` undefined in a notebook:
  globals a managed Spark notebook (Databricks, Synapse, Fabric) defines before the first cell;
- an undefined name inside a function where the module binds that name at its top level and
  later deletes it there (``model = load(...)``, ``def run(): model(x)``, ``run()``, then a
  clean-up cell's ``del model``): ruff reads the function's body at the end of the module,
  after the ``del``, while the function ran before it.
"""

from __future__ import annotations

import ast
import posixpath
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from repocheck.analysis.cache import per_object
from repocheck.analysis.import_setup import (
    first_environment_edit,
    first_statement_after_strings,
    first_warnings_filter,
)
from repocheck.analysis.name_lookups import looked_up_in_file, module_import_lines
from repocheck.analysis.public_api import imported_from
from repocheck.analysis.registering_imports import registering_import_lines
from repocheck.analysis.sys_path import first_path_edit
from repocheck.facts.python import IPYTHON_LINE
from repocheck.facts.python_target import declared_python2
from repocheck.facts.snapshot import LintDiagnostic, Snapshot, SourceUnit, breadth_first
from repocheck.patterns import compile_on_use

#: Libraries whose subscripted types take shape strings.
SHAPE_LIBRARIES = frozenset({"jaxtyping", "torchtyping"})
#: Undefined name, syntax error in forward annotation, and "remove quotes from annotation".
SHAPE_CODES = frozenset({"F722", "F821", "UP037"})
REEXPORT = "unused imports that re-export the package's API from an __init__.py"
STAR_REEXPORT = "star imports that re-export the package's own modules from an __init__.py"
PASSED_ON = "unused imports other modules import from their module"
LOOKED_UP = "unused imports the module looks up by name at run time (globals()[name])"
SHAPES = "jaxtyping shape strings read as Python"
OPTIONAL = "optional imports tried for their side effect (try: import / except ImportError)"
REGISTERS = "imports that register gym environments (import roboschool)"
IMPORT_TEST = "imports that are a test's whole body (the test checks the module imports)"
GLOBAL_READ = "unused imports a function declares global and reads"
TABLES = "imports of models that register their tables before metadata.create_all"
PATH_SETUP = "imports of the project's own modules that edit sys.path when imported"
_MISSING_MODULE = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})
NOT_PYTHON = "findings in notebook cells that are a magic's input, not Python"
LOADED = "undefined names in notebooks that %run or %load other code, or in the files they load"
#: A line magic that brings another file's names into the notebook when it runs.
#: Exercise notebooks keep it commented out (``# %load solutions/fit.py``) for students to run.
_LOADS = compile_on_use(r"^[ \t]*(?:#[ \t]*)?%(?:run|load)[ \t]+(\S*)", re.MULTILINE)
PYLAB = "undefined names in notebooks that run %pylab (it binds np, plt and numpy's names)"
#: IPython's ``%pylab`` magic, run (not commented out): ``import numpy as np``, ``import
#: matplotlib.pyplot as plt`` and ``from pylab import *`` in the kernel.
_PYLAB = compile_on_use(r"^[ \t]*%pylab\b", re.MULTILINE)
SERIES = "names a notebook takes from an earlier one of its numbered series"
SERIES_IMPORTS = "imports a later notebook of its numbered series uses"
#: A notebook numbered in its folder: ``01_data_processing.ipynb``, ``2-eda.ipynb``.
_NUMBERED = compile_on_use(r"^(\d+)(?=[ ._-])")
SPARK = "globals of a managed Spark notebook (spark, dbutils)"
DELETED_LATER = "undefined names in a function of a global deleted later (del at the top level)"
_SPARK_GLOBALS = frozenset({"spark", "sc", "dbutils", "sqlContext", "displayHTML"})
_UNDEFINED = compile_on_use(r"`([^`]+)`")
BLANKS = "syntax errors in exercise notebooks (blanks left for the learner to fill in)"
REPEATED = "imports a notebook cell repeats from an earlier cell (so that it runs on its own)"
#: A notebook handed out to be completed: ``DCGAN_Exercise.ipynb``, ``cnn_starter.ipynb``; the
#: word, not a part of one (``templatematching.py`` matches templates, it is no template).
_EXERCISE = compile_on_use(r"(?i:exercise|starter|template)s?(?![a-z])")
ONE_IPYTHON_LINE = "further syntax errors ruff reports on one IPython line (!pip install a b)"
PYTHON2 = "syntax errors in Python 2 code ruff cannot read, in a project that declares Python 2"
STYLE = "matters of style (pyupgrade's spellings, lambda assignments, names like 'l')"
#: Style codes besides pyupgrade's UP.
STYLE_CODES = frozenset({"E731", "E741", "SIM108", "SIM118", "SIM210", "SIM300"})
#: Style only inside a notebook cell, where they are idioms; a script's still count.
NOTEBOOK_STYLE_CODES = frozenset({"E402", "E702", "E703"})
RUN_AT_ONCE = "late-binding warnings (B023) on lambdas a call runs at once"
ATTRIBUTE_LOOP = "loops that set an attribute (B020 on for self.i in range(self.n))"
#: Methods that call the function they are given before they return: pandas' apply, map and
#: agg, list.sort's key (ruff itself lets sorted's, min's and max's pass).
_EAGER_METHODS = frozenset(
    {
        "apply",
        "applymap",
        "map",
        "transform",
        "agg",
        "aggregate",
        "pipe",
        "sort",
        "sort_values",
        "sort_index",
        "groupby",
        "where",
        "mask",
    }
)
PATH_EDIT = "imports below a sys.path edit they need"
WARNINGS_FILTER = "imports below a warnings filter set before them"
ENVIRONMENT = "imports below an environment variable set before them"
STRING_COMMENT = "imports below a string written as a comment"
UNDECLARED = "findings that depend on the Python version (the repository declares none)"
STAR_NAMES = "names used from a star import (F403 counts the import once)"
#: zip(strict=) exists from 3.10, itertools.batched(strict=) from 3.13.
VERSION_DEPENDENT = frozenset({"B905", "B911"})

Span = tuple[int, int, int, int]  # line, character column, end line, end character column


@dataclass(frozen=True)
class LintReading:
    """The findings that count, and how many of each kind were set aside."""

    scored: tuple[LintDiagnostic, ...]
    set_aside: Mapping[str, int]


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


def _char_column(line: str, byte_offset: int) -> int:
    """ast counts UTF-8 bytes, ruff counts characters: the 0-based character column."""
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))


def _span(node: ast.expr, lines: list[str]) -> Span:
    end_line = node.end_lineno or node.lineno
    start_text = lines[node.lineno - 1] if node.lineno <= len(lines) else ""
    end_text = lines[end_line - 1] if end_line <= len(lines) else ""
    return (
        node.lineno,
        _char_column(start_text, node.col_offset),
        end_line,
        _char_column(end_text, node.end_col_offset or 0),
    )


ShapeNames = tuple[frozenset[str], frozenset[str]]


def _shape_library_names(units: Iterable[SourceUnit]) -> ShapeNames:
    """(names imported from a shape library, names the libraries themselves are bound to),
    over all of a file's units: a notebook imports in one cell and annotates in another."""
    types: set[str] = set()
    modules: set[str] = set()
    for unit in units:
        _add_shape_library_names(unit, types, modules)
    return frozenset(types), frozenset(modules)


def _add_shape_library_names(unit: SourceUnit, types: set[str], modules: set[str]) -> None:
    for node in unit.of_type(ast.ImportFrom):
        if node.level == 0 and (node.module or "").split(".")[0] in SHAPE_LIBRARIES:
            types.update(alias.asname or alias.name for alias in node.names)
    for imported in unit.of_type(ast.Import):
        for alias in imported.names:
            if alias.name.split(".")[0] in SHAPE_LIBRARIES:
                modules.add(alias.asname or alias.name.split(".")[0])


@per_object
def _shape_strings(unit: SourceUnit, names: ShapeNames) -> list[Span]:
    """Where the string arguments of jaxtyping-style subscripts sit in ``unit``."""
    types, modules = names
    if not types and not modules:
        return []
    lines = unit.source.split("\n")  # as ast counts lines: a form feed does not end one
    spans = []
    for node in unit.of_type(ast.Subscript):
        base = node.value
        if not (
            (isinstance(base, ast.Name) and base.id in types)
            or (
                isinstance(base, ast.Attribute)
                and isinstance(base.value, ast.Name)
                and base.value.id in modules
            )
        ):
            continue
        for inner in breadth_first(node.slice):
            if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
                spans.append(_span(inner, lines))
    return spans


def _inside(diagnostic: LintDiagnostic, span: Span) -> bool:
    line, column = diagnostic.line or 0, (diagnostic.column or 1) - 1
    start_line, start_col, end_line, end_col = span
    if not start_line <= line <= end_line:
        return False
    after_start = line > start_line or column >= start_col
    before_end = line < end_line or column <= end_col
    return after_start and before_end


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
def _optional_imports(unit: SourceUnit) -> set[int]:
    """Lines of imports in the body of a ``try`` that a missing module cannot break."""
    lines: set[int] = set()
    for node in unit.of_type(ast.Try):
        if not any(_catches_missing_module(handler.type) for handler in node.handlers):
            continue
        for statement in node.body:
            if isinstance(statement, (ast.Import, ast.ImportFrom)):
                end = statement.end_lineno or statement.lineno
                lines.update(range(statement.lineno, end + 1))
    return lines


def _catches_missing_module(caught: ast.expr | None) -> bool:
    if caught is None:
        return True  # a bare except
    names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
    return any(
        (getattr(name, "id", None) or getattr(name, "attr", None)) in _MISSING_MODULE
        for name in names
    )


def _units_by_place(snapshot: Snapshot) -> dict[tuple[str, int | None], SourceUnit]:
    return {(unit.path, unit.cell): unit for unit in snapshot.parsed()}


def _loading_notebooks(snapshot: Snapshot) -> frozenset[str]:
    """Notebooks with a ``%run`` or ``%load`` line in a code cell, and the files they load:
    a loaded snippet uses the notebook's names, the notebook the snippet's."""
    found = set()
    for path, notebook in snapshot.notebooks.items():
        folder = PurePosixPath(path).parent
        for cell in notebook.code_cells:
            for match in _LOADS.finditer(cell.source):
                found.add(path)
                target = posixpath.normpath(str(folder / match.group(1).strip("'\"")))
                found.add(target)
    return frozenset(found)


def _pylab_notebooks(snapshot: Snapshot) -> frozenset[str]:
    """Notebooks with a code cell that runs ``%pylab``."""
    return frozenset(
        path
        for path, notebook in snapshot.notebooks.items()
        if any(_PYLAB.search(cell.source) for cell in notebook.code_cells)
    )


@dataclass(frozen=True)
class _Series:
    """Per notebook of a numbered series: the names earlier notebooks bind, and the names
    later ones read."""

    earlier_bound: Mapping[str, frozenset[str]]
    later_read: Mapping[str, frozenset[str]]


def _notebook_series(snapshot: Snapshot) -> _Series:
    """Numbered notebooks (two or more in a folder), each with what its series around it
    binds before and reads after."""
    bound: dict[str, set[str]] = {}
    read: dict[str, set[str]] = {}
    for unit in snapshot.parsed():
        if unit.cell is None or not _NUMBERED.match(PurePosixPath(unit.path).name):
            continue
        binds, reads = bound.setdefault(unit.path, set()), read.setdefault(unit.path, set())
        for name in unit.of_type(ast.Name):
            (binds if isinstance(name.ctx, ast.Store) else reads).add(name.id)
        defined: list[ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef] = [
            *unit.of_type(ast.FunctionDef),
            *unit.of_type(ast.AsyncFunctionDef),
            *unit.of_type(ast.ClassDef),
        ]
        binds.update(node.name for node in defined)
        imports: list[ast.Import | ast.ImportFrom] = [*unit.of_type(ast.Import)]
        imports += unit.of_type(ast.ImportFrom)
        binds.update(a.asname or a.name.split(".")[0] for node in imports for a in node.names)
    folders: dict[PurePosixPath, list[tuple[int, str]]] = {}
    for path in bound:
        found = _NUMBERED.match(PurePosixPath(path).name)
        assert found is not None
        folders.setdefault(PurePosixPath(path).parent, []).append((int(found.group(1)), path))
    earlier: dict[str, frozenset[str]] = {}
    later: dict[str, frozenset[str]] = {}
    for members in folders.values():
        if len(members) < 2:
            continue
        for number, path in members:
            earlier[path] = frozenset(
                name for n, other in members if n < number for name in bound[other]
            )
            later[path] = frozenset(
                name for n, other in members if n > number for name in read[other]
            )
    return _Series(earlier, later)


def _series_reason(
    diagnostic: LintDiagnostic, unit: SourceUnit | None, series: _Series
) -> str | None:
    """Why a notebook's undefined name or unused import belongs to its series, if it does."""
    if diagnostic.cell is None:
        return None
    name = _UNDEFINED.search(diagnostic.message) if diagnostic.code == "F821" else None
    if name and name.group(1) in _SPARK_GLOBALS:
        return SPARK
    if name and name.group(1) in series.earlier_bound.get(diagnostic.path, ()):
        return SERIES
    if diagnostic.code == "F401" and unit is not None:
        later = series.later_read.get(diagnostic.path, frozenset())
        if later and _passed_on(diagnostic, unit, later):
            return SERIES_IMPORTS
    return None


ImportKey = tuple[str, int, str, str | None]  # module ("" for ``import``), level, name, alias


@per_object
def _import_keys(unit: SourceUnit) -> dict[tuple[int, int], ImportKey]:
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
            keys[(alias.lineno, _char_column(text, alias.col_offset) + 1)] = key
            if alias.asname and alias.end_col_offset is not None:
                start = alias.end_col_offset - len(alias.asname.encode("utf-8"))
                keys[(alias.lineno, _char_column(text, start) + 1)] = key
    return keys


def _repeated_import(
    diagnostic: LintDiagnostic, unit: SourceUnit | None, cells: Mapping[int, SourceUnit]
) -> str | None:
    """Why a notebook's F811 is a cell importing again what an earlier cell imported."""
    if diagnostic.code != "F811" or unit is None or diagnostic.cell is None:
        return None
    if diagnostic.line is None or diagnostic.column is None:
        return None
    key = _import_keys(unit).get((diagnostic.line, diagnostic.column))
    if key is None:
        return None
    earlier = (cells[index] for index in cells if index < diagnostic.cell)
    return REPEATED if any(key in _import_keys(cell).values() for cell in earlier) else None


def _cells_not_python(snapshot: Snapshot) -> frozenset[tuple[str, int]]:
    """(notebook, cell index) of the code cells the facts layer kept no Python of."""
    places = {(unit.path, unit.cell) for unit in snapshot.sources}
    return frozenset(
        (path, cell.index)
        for path, notebook in snapshot.notebooks.items()
        for cell in notebook.code_cells
        if (path, cell.index) not in places
    )


def _notebook_reason(
    diagnostic: LintDiagnostic,
    not_python: frozenset[tuple[str, int]],
    loading: frozenset[str],
    pylab: frozenset[str] = frozenset(),
) -> str | None:
    if diagnostic.code == "F821" and diagnostic.path in loading:
        return LOADED
    if diagnostic.code == "F821" and diagnostic.path in pylab:
        return PYLAB
    if diagnostic.cell is not None and (diagnostic.path, diagnostic.cell) in not_python:
        return NOT_PYTHON
    if diagnostic.code == "invalid-syntax" and _EXERCISE.search(
        PurePosixPath(diagnostic.path).stem
    ):
        return BLANKS  # ``G = `` and empty bodies: the exercise, not a mistake
    return None


def _why_set_aside(
    diagnostic: LintDiagnostic,
    unit: SourceUnit | None,
    local: frozenset[str],
    declared: bool,
    shape_names: ShapeNames,
    passed_on: frozenset[str] = frozenset(),
) -> str | None:
    wanted = unit is not None and diagnostic.code in SHAPE_CODES
    shapes = _shape_strings(unit, shape_names) if unit and wanted else []
    if any(_inside(diagnostic, span) for span in shapes):
        return SHAPES
    code = diagnostic.code
    if code == "F405":
        return STAR_NAMES
    if (
        code.startswith("UP")
        or code in STYLE_CODES
        or (code in NOTEBOOK_STYLE_CODES and diagnostic.cell is not None)
    ):
        return STYLE
    if code in VERSION_DEPENDENT and not declared:
        return UNDECLARED
    if unit is None:
        return None
    if code == "B023" and any(_inside(diagnostic, span) for span in _eager_lambdas(unit)):
        return RUN_AT_ONCE
    if code == "B020" and (diagnostic.line or 0) in _attribute_loops(unit):
        return ATTRIBUTE_LOOP
    if code == "E402" and (diagnostic.line or 0) > (first_path_edit(unit) or sys.maxsize):
        return PATH_EDIT
    if code == "E402" and (diagnostic.line or 0) > (first_warnings_filter(unit) or sys.maxsize):
        return WARNINGS_FILTER
    if code == "E402" and (diagnostic.line or 0) > (first_environment_edit(unit) or sys.maxsize):
        return ENVIRONMENT
    if code == "E402" and (diagnostic.line or 0) < (first_statement_after_strings(unit) or 0):
        return STRING_COMMENT
    in_init = PurePosixPath(diagnostic.path).name == "__init__.py"
    if diagnostic.code == "F401" and in_init and (diagnostic.line or 0) in _reexports(unit, local):
        return REEXPORT
    if diagnostic.code == "F403" and in_init and (diagnostic.line or 0) in _reexports(unit, local):
        return STAR_REEXPORT
    if diagnostic.code == "F401" and (diagnostic.line or 0) in _optional_imports(unit):
        return OPTIONAL
    if diagnostic.code == "F401" and (diagnostic.line or 0) in registering_import_lines(unit):
        return REGISTERS
    if diagnostic.code == "F401" and _passed_on(diagnostic, unit, passed_on):
        return PASSED_ON
    if diagnostic.code == "F401" and (diagnostic.line or 0) in _import_tests(unit):
        return IMPORT_TEST
    if diagnostic.code == "F401" and _passed_on(diagnostic, unit, _global_reads(unit)):
        return GLOBAL_READ
    if diagnostic.code == "F401" and (diagnostic.line or 0) in _table_imports(unit, local):
        return TABLES
    return None


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
def _eager_lambdas(unit: SourceUnit) -> list[Span]:
    """Where the lambdas sit that are passed to a call that runs them before it returns."""
    lines = unit.source.split("\n")
    spans = []
    for call in unit.of_type(ast.Call):
        if not (isinstance(call.func, ast.Attribute) and call.func.attr in _EAGER_METHODS):
            continue
        given = [*call.args, *(item.value for item in call.keywords)]
        spans += [_span(arg, lines) for arg in given if isinstance(arg, ast.Lambda)]
    return spans


@per_object
def _attribute_loops(unit: SourceUnit) -> frozenset[int]:
    """Lines of ``for`` loops whose target binds nothing the iterable reads: ``for self.epoch
    in range(self.n_epoch)`` sets an attribute of ``self`` and leaves ``self`` as it was
    (``for self.items in self.items`` would override it)."""
    lines = set()
    loops: list[ast.For | ast.AsyncFor] = unit.of_type(ast.For, ast.AsyncFor)
    for loop in loops:
        bound = set(_bound_names(loop.target))
        parts = {ast.unparse(node) for node in ast.walk(loop.target) if isinstance(node, _SET)}
        read = {node.id for node in ast.walk(loop.iter) if isinstance(node, ast.Name)}
        read |= {ast.unparse(node) for node in ast.walk(loop.iter) if isinstance(node, _SET)}
        if not (bound | parts) & read:
            lines.add(loop.lineno)
    return frozenset(lines)


#: Targets that set a part of an object rather than bind a name.
_SET = (ast.Attribute, ast.Subscript)


def _bound_names(target: ast.expr) -> Iterator[str]:
    """The names an assignment target rebinds (``a``, ``a, *b``), not those it reads to
    reach an attribute or an item (``self`` in ``self.epoch``, ``d`` in ``d[k]``)."""
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, ast.Starred):
        yield from _bound_names(target.value)
    elif isinstance(target, (ast.Tuple, ast.List)):
        for item in target.elts:
            yield from _bound_names(item)


@per_object
def _import_places(unit: SourceUnit) -> dict[tuple[int, int], str]:
    """(line, 1-based character column) of each imported alias -> the name it binds."""
    return {
        place: alias or name.split(".")[0]
        for place, (_, _, name, alias) in _import_keys(unit).items()
    }


def _passed_on(diagnostic: LintDiagnostic, unit: SourceUnit, names: frozenset[str]) -> bool:
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
    places = _import_keys(unit)
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


def _looked_up(
    diagnostic: LintDiagnostic, unit: SourceUnit | None, looking_up: frozenset[str]
) -> str | None:
    if diagnostic.code != "F401" or unit is None or diagnostic.path not in looking_up:
        return None
    return LOOKED_UP if (diagnostic.line or 0) in module_import_lines(unit) else None


@per_object
def lint_reading(snapshot: Snapshot) -> LintReading:
    """The lint findings that count for this repository (the Lint fact must be available)."""
    lint = snapshot.lint
    units = _units_by_place(snapshot)
    by_path: dict[str, list[SourceUnit]] = {}
    for parsed in units.values():
        by_path.setdefault(parsed.path, []).append(parsed)
    shape_names = {path: _shape_library_names(found) for path, found in by_path.items()}
    local = _local_top_names(snapshot.paths)
    declared = lint.target_version is not None
    python2 = declared_python2(snapshot.texts) is not None
    not_python = _cells_not_python(snapshot)
    loading = _loading_notebooks(snapshot)
    pylab = _pylab_notebooks(snapshot)
    series = _notebook_series(snapshot)
    passed_on = imported_from(snapshot)
    editing = (
        _path_setup_modules(snapshot)
        if any(d.code == "F401" for d in lint.diagnostics)
        else frozenset()
    )
    # Only a file with an unused import can have one looked up: the others are not walked.
    unused = {d.path for d in lint.diagnostics if d.code == "F401"}
    looking_up = frozenset(
        path for path in unused if path in by_path and looked_up_in_file(by_path[path])
    )
    # Only a file with an undefined name can have a deleted global read: the others are not
    # walked.
    undefined = {d.path for d in lint.diagnostics if d.code == "F821"}
    deleted = {path: _deleted_globals(by_path[path]) for path in undefined if path in by_path}
    cells: dict[str, dict[int, SourceUnit]] = {}
    for parsed in units.values():
        if parsed.cell is not None:
            cells.setdefault(parsed.path, {})[parsed.cell] = parsed
    scored = []
    set_aside: Counter[str] = Counter()
    counted_lines: set[tuple[str, int]] = set()
    script_lines: dict[str, list[str]] = {}
    for diagnostic in lint.diagnostics:
        unit = units.get((diagnostic.path, diagnostic.cell))
        names = shape_names.get(diagnostic.path, (frozenset(), frozenset()))
        taken = passed_on.get(diagnostic.path, frozenset())
        reason = (
            (PYTHON2 if python2 and diagnostic.code == "invalid-syntax" else None)
            or _again_on_ipython_line(diagnostic, unit, snapshot, counted_lines, script_lines)
            or _notebook_reason(diagnostic, not_python, loading, pylab)
            or _series_reason(diagnostic, unit, series)
            or _repeated_import(diagnostic, unit, cells.get(diagnostic.path, {}))
            or _why_set_aside(diagnostic, unit, local, declared, names, taken)
            or _looked_up(diagnostic, unit, looking_up)
            or _path_setup_import(diagnostic, unit, editing)
            or _deleted_later(diagnostic, unit, deleted.get(diagnostic.path, frozenset()))
        )
        if reason:
            set_aside[reason] += 1
        else:
            scored.append(diagnostic)
    return LintReading(tuple(scored), dict(set_aside))


def _again_on_ipython_line(
    diagnostic: LintDiagnostic,
    unit: SourceUnit | None,
    snapshot: Snapshot,
    counted: set[tuple[str, int]],
    split: dict[str, list[str]],
) -> str | None:
    """ONE_IPYTHON_LINE for a syntax error in a script (not a notebook cell) on an IPython line
    (``!pip ...``, ``%cd ...``) whose first error is already counted; the first one counts.
    ``split``: each file's lines, split once (a broken file has hundreds of errors)."""
    if diagnostic.code != "invalid-syntax" or diagnostic.cell is not None or not diagnostic.line:
        return None
    lines = split.get(diagnostic.path)
    if lines is None:
        source = unit.source if unit is not None else snapshot.texts.get(diagnostic.path, "")
        lines = split[diagnostic.path] = source.splitlines()
    if diagnostic.line > len(lines) or not IPYTHON_LINE.match(lines[diagnostic.line - 1]):
        return None
    place = (diagnostic.path, diagnostic.line)
    if place in counted:
        return ONE_IPYTHON_LINE
    counted.add(place)
    return None


def _deleted_globals(units: Iterable[SourceUnit]) -> frozenset[str]:
    """Names a file (all of a notebook's cells) both binds and ``del``s at its top level."""
    bound: set[str] = set()
    deleted: set[str] = set()
    for unit in units:
        for statement in unit.tree.body if unit.tree is not None else ():
            if isinstance(statement, ast.Delete):
                deleted.update(t.id for t in statement.targets if isinstance(t, ast.Name))
            elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bound.add(statement.name)
            else:
                bound.update(_top_level_stores(statement))
    return frozenset(bound & deleted)


def _top_level_stores(statement: ast.stmt) -> Iterator[str]:
    """Names ``statement`` binds: assignment targets, loop and ``with`` variables, imports."""
    if isinstance(statement, (ast.Import, ast.ImportFrom)):
        yield from (alias.asname or alias.name.split(".")[0] for alias in statement.names)
        return
    for node in ast.walk(statement):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            yield node.id


def _deleted_later(
    diagnostic: LintDiagnostic, unit: SourceUnit | None, deleted: frozenset[str]
) -> str | None:
    """Why an undefined name inside a function is a global the module deletes later."""
    if diagnostic.code != "F821" or unit is None or not deleted:
        return None
    name = _UNDEFINED.search(diagnostic.message)
    if name is None or name.group(1) not in deleted:
        return None
    line = diagnostic.line or 0
    functions: list[ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda] = [
        *unit.of_type(ast.FunctionDef),
        *unit.of_type(ast.AsyncFunctionDef),
        *unit.of_type(ast.Lambda),
    ]
    inside = any(node.lineno <= line <= (node.end_lineno or node.lineno) for node in functions)
    return DELETED_LATER if inside else None


def describe(set_aside: Mapping[str, int]) -> Iterator[str]:
    """One phrase per kind set aside, most first."""
    for reason, count in sorted(set_aside.items(), key=lambda item: (-item[1], item[0])):
        yield f"{count} {reason}"
