"""Functions copy-pasted between notebooks, or from a module into a notebook (READ005).

Two definitions are copies when they have the same name and the same code once comments,
blank lines, docstrings and line numbers are dropped: the parsed tree is compared, so a
re-indented copy is still one. Only copies that involve a notebook are reported: a function
pasted into a second notebook is the moment it should move into a module. A notebook's helper
that finds the folder its ``sys.path`` edit adds is not one: it cannot live in that folder.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from repocheck.analysis.imports import in_checkpoint
from repocheck.analysis.sys_path import path_finders
from repocheck.analysis.toplevel import module_level
from repocheck.facts.snapshot import Snapshot, SourceUnit
from repocheck.model import Evidence
from repocheck.patterns import compile_on_use

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_TRIVIAL = (ast.Pass, ast.Expr)


@dataclass(frozen=True)
class Copy:
    """One definition of a function that also appears, identical, somewhere else."""

    name: str
    unit: SourceUnit
    node: ast.FunctionDef | ast.AsyncFunctionDef


def _body(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.stmt]:
    body = node.body
    first = body[0] if body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        body = body[1:]  # the docstring
    return body


def _fingerprint(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """The function's arguments and body as a tree dump, or None for a stub body."""
    body = _body(node)
    if all(isinstance(statement, _TRIVIAL) for statement in body):
        return None
    parts = [ast.dump(node.args), *(ast.dump(statement) for statement in body)]
    return "\n".join(parts)


def _definitions(unit: SourceUnit) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    assert unit.tree is not None
    if unit.cell is not None:
        return [node for node in unit.tree.body if isinstance(node, _FUNCTIONS)]
    return [node for node in module_level(unit.tree.body) if isinstance(node, _FUNCTIONS)]


def copied_functions(snapshot: Snapshot) -> list[list[Copy]]:
    """Groups of identical functions found in two or more files, one of them a notebook."""
    groups: dict[tuple[str, str], list[Copy]] = {}
    units = [unit for unit in snapshot.parsed(tests=False) if not in_checkpoint(unit.path)]
    # Only a group with a notebook's copy is reported: a function no notebook defines by that
    # name cannot be in one, so it is not fingerprinted (most of a library, none of a notebook).
    in_notebooks = {
        node.name for unit in units if unit.cell is not None for node in _definitions(unit)
    }
    cells: dict[str, list[SourceUnit]] = {}
    for unit in units:
        if unit.cell is not None:
            cells.setdefault(unit.path, []).append(unit)
    # A notebook's helper that finds the folder it puts on sys.path cannot be imported from
    # there: each notebook importing the project defines its own, maybe a cell above the edit.
    finders = {
        path: path_finders(sorted(found, key=lambda unit: unit.cell or 0))
        for path, found in cells.items()
    }
    for unit in units:
        for node in _definitions(unit):
            if node.name not in in_notebooks or node.name in finders.get(unit.path, ()):
                continue
            fingerprint = _fingerprint(node)
            if fingerprint is not None:
                groups.setdefault((node.name, fingerprint), []).append(Copy(node.name, unit, node))
    found = []
    for copies in groups.values():
        paths = {copy.unit.path for copy in copies}
        if len(paths) > 1 and any(copy.unit.cell is not None for copy in copies):
            # A module's definition is the one to keep: the notebooks' copies are listed.
            found.append(sorted(copies, key=lambda copy: copy.unit.cell is not None))
    return sorted(found, key=lambda copies: (copies[0].unit.path, copies[0].node.lineno))


#: Notebooks holding under this share of the code are demos beside a project of modules.
DEMO_SHARE = 0.01


#: Words that tell a course's versions of one lesson apart: handed out with blanks to fill
#: in, and filled in (``cnn_exercise.ipynb``, ``cnn_solution.ipynb``, ``Part 1 (Solution)``).
_LESSON_VERSION = compile_on_use(
    r"(exercises?|solutions?|solved|starter|student|answers?|completed?|template)",
    re.IGNORECASE,
)


def _lesson(path: str) -> str:
    """The lesson a notebook is a version of: its folder and name without the version word."""
    name = PurePosixPath(path)
    stem = re.sub(r"[\W_]+", "", _LESSON_VERSION.sub("", name.stem)).lower()
    return f"{name.parent}/{stem}"


def _versions_of_one_lesson(notebooks: set[str]) -> bool:
    """Notebooks in one folder that differ only by a version word: copies by design."""
    lessons = {_lesson(path) for path in notebooks}
    marked = [path for path in notebooks if _LESSON_VERSION.search(PurePosixPath(path).stem)]
    return len(notebooks) > 1 and len(lessons) == 1 and bool(marked)


def one_notebook_twice(copies: list[Copy], snapshot: Snapshot) -> bool:
    """True when every copy is in a notebook and those notebooks hold the same code cells:
    one notebook committed twice (a clean source and its executed render for a report),
    not a function pasted into a second notebook."""
    if any(copy.unit.cell is None for copy in copies):
        return False
    cells = set()
    for path in {copy.unit.path for copy in copies}:
        notebook = snapshot.notebooks.get(path)
        if notebook is None:
            return False
        cells.add(tuple(cell.source.strip() for cell in notebook.code_cells))
    return len(cells) == 1


def deliberate(copies: list[Copy], notebook_share: float) -> bool:
    """True when a module's function is copied only into notebooks published as standalone
    versions of it: the script's twin (``bug_report_model.py`` -> ``.ipynb``, a Colab copy
    that cannot import it, also from a parallel folder of notebooks), or demos in a repository where notebooks are a sliver of the
    code; or when the copies are a course's exercise and solution notebooks of one lesson.
    Any other copy between two notebooks is not deliberate."""
    modules = [copy for copy in copies if copy.unit.cell is None]
    notebooks = {copy.unit.path for copy in copies if copy.unit.cell is not None}
    if not modules:
        return _versions_of_one_lesson(notebooks)
    if notebook_share < DEMO_SHARE and len(notebooks) == 1:
        return True
    stems = {PurePosixPath(copy.unit.path).with_suffix("").as_posix() for copy in modules}
    if all(PurePosixPath(path).with_suffix("").as_posix() in stems for path in notebooks):
        return True
    # One example published as a script and as a notebook in parallel trees (examples/x.py,
    # notebooks/x.ipynb, v1/examples/x.py): every copy bears the example's name.
    return len({PurePosixPath(copy.unit.path).stem for copy in copies}) == 1


def copy_evidence(groups: list[list[Copy]]) -> list[Evidence]:
    """One line per copy after the first of each group, naming where the first one is: the
    notebooks' copies, which are what a notebook rule is about (modules holding the same
    function as each other are listed by none)."""
    evidence = []
    for copies in groups:
        first = copies[0]
        where = first.unit.path + (
            f" cell {first.unit.cell + 1}" if first.unit.cell is not None else ""
        )
        seen = {first.unit.path}
        for copy in copies[1:]:
            if copy.unit.path in seen or copy.unit.cell is None:
                continue
            seen.add(copy.unit.path)
            note = f"def {copy.name}() is a copy of the one in {where}"
            evidence.append(Evidence(copy.unit.path, copy.node.lineno, note[:100], copy.unit.cell))
    return evidence
