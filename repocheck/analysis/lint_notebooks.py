"""Notebook findings a reviewer would set aside, each for the reason they would give.

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
- in a notebook whose editor marks some code cells as another language (VS Code's
  "plaintext"), which ruff then skips though the Python kernel runs them, undefined names
  those cells bind and imports only they use;
- syntax errors in a notebook handed out as an exercise (``G = `` left for the learner);
- "useless expression" (B018) in a notebook that sets ``InteractiveShell.ast_node_interactivity
  = "all"``: IPython then displays every expression statement of a cell, not only the last,
  so ``df.head()`` in the middle of a cell is shown, which is why it is there;
- "useless expression" (B018) on the last statement of a cell in a script written in cells
  (``# %%`` lines, as jupytext, VS Code, Spyder and PyCharm write them): run cell by cell in
  an interactive window, as such a script is, the cell shows that expression's value, as a
  notebook's last line does (ruff lets it pass in a notebook, not in a ``.py`` file);
- an import at the top of a ``# %%`` cell of such a script (E402): each cell imports what it
  needs where it starts, as a notebook's cells do; an import below a cell's own code counts.
"""

from __future__ import annotations

import ast
import bisect
import posixpath
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from repocheck.analysis.lint_imports import binds_one_of, import_keys
from repocheck.facts.snapshot import LintDiagnostic, Snapshot, SourceUnit
from repocheck.patterns import compile_on_use

NOT_PYTHON = "findings in notebook cells that are a magic's input, not Python"
LOADED = (
    "undefined names in notebooks that %run or %load other code (or exec() a file's source),"
    " or in the files they load"
)
#: A line magic that brings another file's names into the notebook when it runs.
#: Exercise notebooks keep it commented out (``# %load solutions/fit.py``) for students to run.
_LOADS = compile_on_use(r"^[ \t]*(?:#[ \t]*)?%(?:run|load)[ \t]+(\S*)", re.MULTILINE)
#: ``exec(open("train.py").read())`` in a code cell, not in a comment: the file's code runs in
#: the notebook's namespace, as with ``%run -i``, and defines its names there.
_EXECS = compile_on_use(r"^[^#\n]*\bexec[ \t]*\([ \t]*open[ \t]*\(", re.MULTILINE)
PYLAB = "undefined names in notebooks that run %pylab (it binds np, plt and numpy's names)"
#: IPython's ``%pylab`` magic, run (not commented out): ``import numpy as np``, ``import
#: matplotlib.pyplot as plt`` and ``from pylab import *`` in the kernel.
_PYLAB = compile_on_use(r"^[ \t]*%pylab\b", re.MULTILINE)
DISPLAYED = (
    "expressions a notebook displays (InteractiveShell.ast_node_interactivity = 'all' shows"
    " every one)"
)
#: IPython's setting (or ``%config`` line) that displays every expression of a cell.
_DISPLAYS_ALL = compile_on_use(r"ast_node_interactivity\s*=\s*[\"']all[\"']")
CELL_SHOWN = "expressions a script's cell displays (the last line of a # %% cell)"
CELL_IMPORTS = "imports at the top of a # %% cell (E402 in a script written in cells)"
#: A cell's first line in a script written in cells: ``# %%``, ``#%%``, ``# %% [markdown]``.
_CELL_MARKER = compile_on_use(r"#[ \t]*%%")
SERIES = "names a notebook takes from an earlier one of its numbered series"
SERIES_IMPORTS = "imports a later notebook of its numbered series uses"
#: A notebook numbered in its folder: ``01_data_processing.ipynb``, ``2-eda.ipynb``.
_NUMBERED = compile_on_use(r"^(\d+)(?=[ ._-])")
SPARK = "globals of a managed Spark notebook (spark, dbutils)"
_SPARK_GLOBALS = frozenset({"spark", "sc", "dbutils", "sqlContext", "displayHTML"})
#: The name in ruff's "undefined name" message.
UNDEFINED_NAME = compile_on_use(r"`([^`]+)`")
UNREAD_CELLS = (
    "undefined names bound in notebook cells ruff does not read (the editor marks them as"
    " another language), and imports only such cells use"
)
BLANKS = "syntax errors in exercise notebooks (blanks left for the learner to fill in)"
INDENTED = (
    "syntax errors in notebook cells whose first line is indented (IPython removes that"
    " indentation before it runs the cell)"
)
REPEATED = "imports a notebook cell repeats from an earlier cell (so that it runs on its own)"
#: A notebook handed out to be completed: ``DCGAN_Exercise.ipynb``, ``cnn_starter.ipynb``, a
#: French course's ``TP2_Sujet.ipynb`` or ``tp1_enonce.ipynb``; the word, not a part of one
#: (``templatematching.py`` matches templates, it is no template).
_EXERCISE = compile_on_use(r"(?i:exercise|starter|template|sujet|enonce)s?(?![a-z])")


def _cells_not_python(snapshot: Snapshot) -> frozenset[tuple[str, int]]:
    """(notebook, cell index) of the code cells the facts layer kept no Python of."""
    places = {(unit.path, unit.cell) for unit in snapshot.sources}
    return frozenset(
        (path, cell.index)
        for path, notebook in snapshot.notebooks.items()
        for cell in notebook.code_cells
        if (path, cell.index) not in places
    )


#: ruff's codes for a cell it cannot parse.
_SYNTAX = frozenset({"invalid-syntax", "syntax-error", "E999"})


def _indented_cells(snapshot: Snapshot) -> frozenset[tuple[str, int]]:
    """(notebook, cell index) of the code cells whose first non-blank line is indented."""
    found = set()
    for path, notebook in snapshot.notebooks.items():
        for cell in notebook.code_cells:
            first = next((line for line in cell.source.split("\n") if line.strip()), "")
            if first != first.lstrip():
                found.add((path, cell.index))
    return frozenset(found)


def _loading_notebooks(snapshot: Snapshot) -> frozenset[str]:
    """Notebooks with a ``%run`` or ``%load`` line in a code cell, and the files they load:
    a loaded snippet uses the notebook's names, the notebook the snippet's. A notebook that
    ``exec()``s a file's source gets its names too; the file, a script of its own, is still
    read alone."""
    found = set()
    for path, notebook in snapshot.notebooks.items():
        folder = PurePosixPath(path).parent
        for cell in notebook.code_cells:
            if _EXECS.search(cell.source):
                found.add(path)
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


def _displaying_notebooks(snapshot: Snapshot) -> frozenset[str]:
    """Notebooks with a code cell that makes IPython display every expression."""
    return frozenset(
        path
        for path, notebook in snapshot.notebooks.items()
        if any(_DISPLAYS_ALL.search(cell.source) for cell in notebook.code_cells)
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
        binds, reads = _names_of(unit)
        bound.setdefault(unit.path, set()).update(binds)
        read.setdefault(unit.path, set()).update(reads)
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


def _names_of(unit: SourceUnit) -> tuple[set[str], set[str]]:
    """The names a unit binds (assigned, defined, imported) and the names it reads."""
    binds: set[str] = set()
    reads: set[str] = set()
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
    return binds, reads


@dataclass(frozen=True)
class _UnreadCells:
    """Per notebook: the names its cells ruff skips bind, and the names they read."""

    bound: Mapping[str, frozenset[str]]
    read: Mapping[str, frozenset[str]]


def _unread_cells(snapshot: Snapshot) -> _UnreadCells:
    """Per notebook: the names bound, and the names read, in the code cells an editor marks
    with another language (VS Code's "plaintext"), which ruff skips and a Python kernel
    runs all the same."""
    unread = {
        (path, cell.index)
        for path, notebook in snapshot.notebooks.items()
        for cell in notebook.code_cells
        if cell.editor_language not in (None, "python")
    }
    bound: dict[str, set[str]] = {}
    read: dict[str, set[str]] = {}
    if unread:
        for unit in snapshot.parsed():
            if unit.cell is not None and (unit.path, unit.cell) in unread:
                binds, reads = _names_of(unit)
                bound.setdefault(unit.path, set()).update(binds)
                read.setdefault(unit.path, set()).update(reads)
    return _UnreadCells(
        {path: frozenset(names) for path, names in bound.items()},
        {path: frozenset(names) for path, names in read.items()},
    )


def _unread_cells_reason(
    diagnostic: LintDiagnostic, unit: SourceUnit | None, unread: _UnreadCells
) -> str | None:
    """Why a notebook's undefined name or unused import belongs to a cell ruff skips."""
    if diagnostic.cell is None or diagnostic.path not in unread.bound:
        return None
    name = UNDEFINED_NAME.search(diagnostic.message) if diagnostic.code == "F821" else None
    if name and name.group(1) in unread.bound[diagnostic.path]:
        return UNREAD_CELLS
    read = unread.read.get(diagnostic.path, frozenset())
    if diagnostic.code == "F401" and unit is not None and binds_one_of(diagnostic, unit, read):
        return UNREAD_CELLS
    return None


def _series_reason(
    diagnostic: LintDiagnostic, unit: SourceUnit | None, series: _Series
) -> str | None:
    """Why a notebook's undefined name or unused import belongs to its series, if it does."""
    if diagnostic.cell is None:
        return None
    name = UNDEFINED_NAME.search(diagnostic.message) if diagnostic.code == "F821" else None
    if name and name.group(1) in _SPARK_GLOBALS:
        return SPARK
    if name and name.group(1) in series.earlier_bound.get(diagnostic.path, ()):
        return SERIES
    if diagnostic.code == "F401" and unit is not None:
        later = series.later_read.get(diagnostic.path, frozenset())
        if later and binds_one_of(diagnostic, unit, later):
            return SERIES_IMPORTS
    return None


def _repeated_import(
    diagnostic: LintDiagnostic, unit: SourceUnit | None, cells: Mapping[int, SourceUnit]
) -> str | None:
    """Why a notebook's F811 is a cell importing again what an earlier cell imported."""
    if diagnostic.code != "F811" or unit is None or diagnostic.cell is None:
        return None
    if diagnostic.line is None or diagnostic.column is None:
        return None
    key = import_keys(unit).get((diagnostic.line, diagnostic.column))
    if key is None:
        return None
    earlier = (cells[index] for index in cells if index < diagnostic.cell)
    return REPEATED if any(key in import_keys(cell).values() for cell in earlier) else None


def _notebook_reason(
    diagnostic: LintDiagnostic,
    not_python: frozenset[tuple[str, int]],
    loading: frozenset[str],
    pylab: frozenset[str],
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


@dataclass(frozen=True)
class NotebookReading:
    """What the repository's notebooks say of their lint findings, read once per repository."""

    not_python: frozenset[tuple[str, int]]
    loading: frozenset[str]
    pylab: frozenset[str]
    series: _Series
    #: Per notebook, its parsed cells by index.
    cells: Mapping[str, Mapping[int, SourceUnit]]
    #: (notebook, cell index) of the code cells whose first line is indented.
    indented: frozenset[tuple[str, int]] = frozenset()
    #: Notebooks whose IPython displays every expression of a cell.
    displays_all: frozenset[str] = frozenset()
    #: Per notebook, the names bound and read in the cells ruff skips.
    unread_cells: _UnreadCells = _UnreadCells({}, {})
    #: Per script, the line spans of the expressions that end one of its ``# %%`` cells,
    #: found the first time a finding there asks.
    _cell_ends: dict[str, tuple[tuple[int, int], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )
    #: Per script, the first lines of the imports that open one of its ``# %%`` cells.
    _cell_tops: dict[str, frozenset[int]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, snapshot: Snapshot, units: Iterable[SourceUnit]) -> NotebookReading:
        cells: dict[str, dict[int, SourceUnit]] = {}
        for parsed in units:
            if parsed.cell is not None:
                cells.setdefault(parsed.path, {})[parsed.cell] = parsed
        return cls(
            not_python=_cells_not_python(snapshot),
            loading=_loading_notebooks(snapshot),
            pylab=_pylab_notebooks(snapshot),
            series=_notebook_series(snapshot),
            cells=cells,
            indented=_indented_cells(snapshot),
            displays_all=_displaying_notebooks(snapshot),
            unread_cells=_unread_cells(snapshot),
        )

    def reason(self, diagnostic: LintDiagnostic, unit: SourceUnit | None) -> str | None:
        """Why a finding in a notebook (or a file one loads) is set aside, if it is."""
        return (
            _notebook_reason(diagnostic, self.not_python, self.loading, self.pylab)
            or self._indented_cell(diagnostic)
            or self._displayed(diagnostic)
            or self._shown_by_cell(diagnostic, unit)
            or _series_reason(diagnostic, unit, self.series)
            or _unread_cells_reason(diagnostic, unit, self.unread_cells)
            or _repeated_import(diagnostic, unit, self.cells.get(diagnostic.path, {}))
        )

    def _displayed(self, diagnostic: LintDiagnostic) -> str | None:
        displayed = diagnostic.cell is not None and diagnostic.path in self.displays_all
        return DISPLAYED if displayed and diagnostic.code == "B018" else None

    def _shown_by_cell(self, diagnostic: LintDiagnostic, unit: SourceUnit | None) -> str | None:
        if unit is None or not _in_a_script(diagnostic, unit, "B018"):
            return None
        ends = self._cell_ends.get(unit.path)
        if ends is None:
            ends = self._cell_ends[unit.path] = _cell_ending_expressions(unit)
        line = diagnostic.line or 0
        return CELL_SHOWN if any(first <= line <= last for first, last in ends) else None

    def imported_by_cell(self, diagnostic: LintDiagnostic, unit: SourceUnit | None) -> str | None:
        """E402 on an import opening a ``# %%`` cell: asked after the import readings, whose
        reasons (a ``sys.path`` edit above it) say more where both hold."""
        if unit is None or not _in_a_script(diagnostic, unit, "E402"):
            return None
        tops = self._cell_tops.get(unit.path)
        if tops is None:
            tops = self._cell_tops[unit.path] = _cell_opening_imports(unit)
        return CELL_IMPORTS if diagnostic.line in tops else None

    def _indented_cell(self, diagnostic: LintDiagnostic) -> str | None:
        """ruff reads a cell that starts indented as it is written; IPython first removes the
        indentation, and a cell that parses once it has (the facts layer reads it so) runs."""
        if (
            diagnostic.code not in _SYNTAX
            or (diagnostic.path, diagnostic.cell) not in self.indented
        ):
            return None
        cell = self.cells.get(diagnostic.path, {}).get(diagnostic.cell or 0)
        return INDENTED if cell is not None and cell.error is None and _compiles(cell) else None


def _in_a_script(diagnostic: LintDiagnostic, unit: SourceUnit, code: str) -> bool:
    """A ``code`` finding on a line of a parsed ``.py`` file (a script in cells, maybe)."""
    return (
        diagnostic.code == code
        and diagnostic.cell is None
        and bool(diagnostic.line)
        and unit.cell is None
        and unit.tree is not None
    )


def _cell_ending_expressions(unit: SourceUnit) -> tuple[tuple[int, int], ...]:
    """The (first, last) lines of the top-level expression statements that end a ``# %%``
    cell of a script written in cells: a marker line comes after them before the next
    statement, or nothing does. A script without markers has none."""
    if unit.tree is None or "%%" not in unit.source:
        return ()
    lines = unit.source.split("\n")
    markers = [n for n, text in enumerate(lines, start=1) if _CELL_MARKER.match(text)]
    if not markers:
        return ()
    body = unit.tree.body
    ends = []
    for index, statement in enumerate(body):
        if not isinstance(statement, ast.Expr):
            continue
        last = statement.end_lineno or statement.lineno
        following = body[index + 1].lineno if index + 1 < len(body) else len(lines) + 1
        at = bisect.bisect_right(markers, last)
        if following > len(lines) or (at < len(markers) and markers[at] < following):
            ends.append((statement.lineno, last))
    return tuple(ends)


def _cell_opening_imports(unit: SourceUnit) -> frozenset[int]:
    """The first lines of the top-level imports that open a ``# %%`` cell of a script written
    in cells: no other statement comes between the cell's marker and them. A script without
    markers has none."""
    if unit.tree is None or "%%" not in unit.source:
        return frozenset()
    lines = unit.source.split("\n")
    markers = [n for n, text in enumerate(lines, start=1) if _CELL_MARKER.match(text)]
    if not markers:
        return frozenset()
    found = set()
    cell, at_top = 0, False  # the marker line of the cell being read; still at its top?
    for statement in unit.tree.body:
        before = bisect.bisect_right(markers, statement.lineno)
        if not before:
            continue  # code above the first marker opens no cell
        if markers[before - 1] != cell:
            cell, at_top = markers[before - 1], True
        at_top = at_top and isinstance(statement, (ast.Import, ast.ImportFrom))
        if at_top:
            found.add(statement.lineno)
    return frozenset(found)


def _compiles(cell: SourceUnit) -> bool:
    """Whether IPython could run the cell: it parses, and the compiler takes it too (a
    function's body pasted into cells ends in a ``return`` outside any function)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(
                cell.source, cell.path, "exec", ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True
            )
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True
