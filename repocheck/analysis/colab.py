"""Notebooks that run only in Colab, where the working folder is /content, not a clone.

A notebook that mounts Google Drive with ``drive.mount(...)`` as a statement of its own (not
behind a ``try`` or an ``if``) cannot run anywhere else: ``google.colab`` exists only there.
Colab starts the kernel in ``/content``; unless the notebook changes folder (``%cd``,
``os.chdir``), a relative path it writes (``joblib.dump(model, "model.pkl")``) lands in
``/content``, outside the repository, however the notebook sits in it.
"""

from __future__ import annotations

import ast

from repocheck.analysis.imports import Program
from repocheck.facts.snapshot import Snapshot

_MOUNT = "google.colab.drive.mount"
_CHDIR = frozenset({"os.chdir"})
#: IPython's folder-changing magics, with or without the % (automagic is on by default).
_FOLDER_MAGICS = ("%cd", "%pushd", "cd ", "pushd ")


def runs_in_colab_only(snapshot: Snapshot, program: Program) -> bool:
    """True for a notebook that mounts Drive unconditionally and never changes folder: its
    relative paths are read from Colab's /content."""
    notebook = snapshot.notebooks.get(program.path)
    if notebook is None:
        return False
    units = [unit for unit in program.units if unit.tree is not None]
    if not any(_mounts(program, unit.tree) for unit in units):  # type: ignore[arg-type]
        return False
    # Only a notebook that mounts Drive has its calls read for a change of folder.
    if any(
        program.resolve(call.func) in _CHDIR for unit in units for call in unit.of_type(ast.Call)
    ):
        return False
    return not any(
        line.lstrip().startswith(_FOLDER_MAGICS)
        for cell in notebook.cells
        if cell.cell_type == "code"
        for line in cell.source.splitlines()
    )


def _mounts(program: Program, tree: ast.Module) -> bool:
    """A top-level statement of the cell that is ``drive.mount(...)`` alone."""
    return any(
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Call)
        and program.resolve(statement.value.func) == _MOUNT
        for statement in tree.body
    )
