"""Notebooks that run only in Colab, where the working folder is /content, not a clone.

A notebook that mounts Google Drive with ``drive.mount(...)`` as a statement of its own (not
behind a ``try`` or an ``if``) cannot run anywhere else: ``google.colab`` exists only there.
Colab starts the kernel in ``/content``; unless the notebook changes folder (``%cd``,
``os.chdir``), a relative path it writes (``joblib.dump(model, "model.pkl")``) lands in
``/content``, outside the repository, however the notebook sits in it. A change of folder into
the mounted Drive (``drive.mount('/content/gdrive')``, then ``os.chdir('gdrive')``) keeps it
there: its writes land on the Drive.
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
    mounts = {m for unit in units for m in _mounts(program, unit.tree)}  # type: ignore[arg-type]
    if not mounts:
        return False
    # Only a notebook that mounts Drive has its calls read for a change of folder.
    for unit in units:
        for call in unit.of_type(ast.Call):
            if program.resolve(call.func) in _CHDIR and not _into_mount(_first_text(call), mounts):
                return False
    return not any(
        line.lstrip().startswith(_FOLDER_MAGICS) and not _into_mount(_entered(line), mounts)
        for cell in notebook.cells
        if cell.cell_type == "code"
        for line in cell.source.splitlines()
    )


def _first_text(call: ast.Call) -> str:
    """The literal string a call is given first; "" for anything else."""
    first = call.args[0] if call.args else None
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else ""


def _entered(line: str) -> str:
    """The folder a ``%cd`` line magic enters, as written."""
    parts = line.strip().split(None, 1)
    return parts[1].strip().strip("'\"") if len(parts) > 1 else ""


def _into_mount(target: str, mounts: set[str]) -> bool:
    """Whether a folder entered from /content is a mounted Drive or a folder in it
    (``gdrive``, ``/content/gdrive/MyDrive``)."""
    target = _from_content(target)
    return bool(target) and any(target == m or target.startswith(m + "/") for m in mounts)


def _from_content(path: str) -> str:
    """A path as read from Colab's /content: ``/content/gdrive/`` and ``gdrive`` are ``gdrive``;
    "" for any other absolute path."""
    path = path.rstrip("/")
    if path.startswith("/content/"):
        return path[len("/content/") :]
    return "" if path.startswith(("/", "~", ".")) else path


def enters_own_clone(snapshot: Snapshot, program: Program, top_folders: frozenset[str]) -> bool:
    """True for a notebook in a subfolder that clones a repository (``!git clone .../name``)
    and changes into the clone's folder (``%cd /content/name``): its relative paths are read
    from the top of that clone. Taken for this repository's top only when a relative path it
    names starts with a folder at this repository's top (``models/...``), not its own."""
    notebook = snapshot.notebooks.get(program.path)
    if notebook is None or "/" not in program.path:
        return False
    lines = [
        line.strip()
        for cell in notebook.cells
        if cell.cell_type == "code"
        for line in cell.source.splitlines()
    ]
    clones = {name for line in lines if (name := _cloned_folder(line))}
    if not clones or not any(_entered_folder(line) in clones for line in lines):
        return False
    own = program.path.split("/", 1)[0]
    tops = top_folders - {own}
    return any(
        isinstance(node.value, str) and "/" in node.value and node.value.split("/", 1)[0] in tops
        for unit in program.units
        for node in unit.of_type(ast.Constant)
    )


def _cloned_folder(line: str) -> str:
    """The folder ``!git clone URL [folder]`` makes; "" for any other line."""
    words = line.lstrip("!").split()
    if words[:2] != ["git", "clone"]:
        return ""
    operands = [word for word in words[2:] if not word.startswith("-")]
    if not operands:
        return ""
    if len(operands) > 1:
        return operands[1].rstrip("/").rsplit("/", 1)[-1]
    name = operands[0].rstrip("/").rsplit("/", 1)[-1]
    return name[: -len(".git")] if name.endswith(".git") else name


def _entered_folder(line: str) -> str:
    """The last folder name a ``%cd`` line magic enters; "" for any other line."""
    if not line.startswith(_FOLDER_MAGICS):
        return ""
    parts = line.split(None, 1)
    target = parts[1].strip().strip("'\"").rstrip("/") if len(parts) > 1 else ""
    return target.rsplit("/", 1)[-1]


def _mounts(program: Program, tree: ast.Module) -> list[str]:
    """The folders, read from /content, of the cell's top-level statements that are
    ``drive.mount(...)`` alone ("?" where the folder is not a literal under /content)."""
    return [
        _from_content(_first_text(statement.value)) or "?"
        for statement in tree.body
        if isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Call)
        and program.resolve(statement.value.func) == _MOUNT
    ]
