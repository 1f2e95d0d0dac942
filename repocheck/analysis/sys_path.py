"""Folders put on ``sys.path`` that the analysed tree does not hold, or holds no Python in.

``sys.path.insert(0, EDM_DIR)`` with ``EDM_DIR = os.path.join(ROOT, "third_party", "edm")``
makes the modules of a checkout cloned by hand (or of a Drive mount) importable: an import
below it may come from there, so REPRO003 cannot say a package is missing for it. The same
holds for a folder of the tree without any Python below it (``infra/aws`` of Terraform
files): the module the code expects there is not in the commit. A module that makes such an
edit when imported makes it for its importer too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from pathlib import PurePosixPath

from repocheck.analysis.cache import per_object
from repocheck.analysis.entrypoints import project
from repocheck.analysis.import_setup import first_statement_doing
from repocheck.analysis.imports import LocalModules
from repocheck.facts.snapshot import Snapshot, SourceUnit, breadth_first

_PATH_EDITS = frozenset({"insert", "append", "extend"})


@per_object
def first_path_edit(unit: SourceUnit) -> int | None:
    """The line of the module's first top-level statement that edits ``sys.path``, however
    written (``sys.path.insert(0, ROOT)``, or inside a loop or ``if`` over folders), or that
    has ``rootutils.setup_root`` put the project's root there: the imports below it may need
    the folder, so they cannot move above it."""
    return first_statement_doing(unit, _edits_sys_path)


def _edits_sys_path(node: ast.AST) -> bool:
    if _sets_up_root_on_path(node):
        return True
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return False
    owner = node.func.value
    return (
        node.func.attr in _PATH_EDITS
        and isinstance(owner, ast.Attribute)
        and owner.attr == "path"
        and _is_sys(owner.value)
    )


#: The modules whose ``setup_root`` puts the project's root on ``sys.path``.
_ROOT_FINDERS = frozenset({"rootutils", "pyrootutils"})


def _sets_up_root_on_path(node: ast.AST) -> bool:
    """``rootutils.setup_root(__file__, ...)`` (pyrootutils' too, or the bare name taken from
    them), the Lightning and Hydra template's opening: it puts the project's root on
    ``sys.path`` unless told ``pythonpath=False``."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Attribute):
        named = func.attr == "setup_root" and (
            isinstance(func.value, ast.Name) and func.value.id in _ROOT_FINDERS
        )
    else:
        named = isinstance(func, ast.Name) and func.id == "setup_root"
    if not named:
        return False
    for keyword in node.keywords:
        if keyword.arg == "pythonpath":
            value = keyword.value
            return not (isinstance(value, ast.Constant) and value.value is False)
    return True


def _is_sys(node: ast.expr) -> bool:
    """``sys``, or ``os.sys``: the os module holds sys, and an old recipe edits the path there
    (``os.sys.path.insert(0, parentdir)``)."""
    if isinstance(node, ast.Attribute):
        return node.attr == "sys" and isinstance(node.value, ast.Name) and node.value.id == "os"
    return isinstance(node, ast.Name) and node.id == "sys"


def after_outside_path(
    unit: SourceUnit, folders: frozenset[str], python_folders: frozenset[str]
) -> int | None:
    """The first line after which the module imports from a folder outside the analysed tree:
    a module-level ``sys.path.insert(0, EDM_DIR)`` whose path names a folder the repository
    does not hold (a checkout cloned by hand, a Drive mount), or only folders without any
    Python below them. Imports below it may come from there, so no package can be said to be
    missing for them. ``folders`` are the names of the repository's folders,
    ``python_folders`` those with Python files at any depth below them."""
    depth = len(PurePosixPath(unit.path).parts)  # a/b/x.py: a/b is 1 up, the root 3
    for node, call, assigned in _path_edits(unit):
        parts = _path_parts(call.args[-1], assigned)
        if parts and not (parts <= folders and parts & python_folders):
            return node.lineno
        levels = _levels_up(call.args[-1], assigned)
        if levels is not None and levels > depth:
            return node.lineno
    return None


#: The most ``sys.path`` edits of one module (or notebook) read: code makes a few, and each is
#: read through the names its path is built from, so thousands of edits of one name bound to
#: a long expression read that expression once per edit.
EDITS_READ = 64


def _path_edits(
    unit: SourceUnit, assigned: dict[str, ast.expr] | None = None
) -> Iterator[tuple[ast.stmt, ast.Call, dict[str, ast.expr]]]:
    """Each top-level ``<x>.path.insert(0, p)`` (``append``, ``extend``; in a top-level
    ``if`` too) given a path, with the names assigned above it (``ROOT = ...``), which the
    path may be built from; the first ``EDITS_READ``. ``assigned`` carries the names of
    earlier cells of a notebook, and gets this unit's."""
    if unit.tree is None:
        return
    assigned = {} if assigned is None else assigned
    edits = 0
    for node in _with_if_bodies(unit.tree.body):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                assigned[target.id] = node.value
        call = node.value if isinstance(node, ast.Expr) else None
        if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
            continue
        owner = call.func.value
        on_path = isinstance(owner, ast.Attribute) and owner.attr == "path"
        if on_path and call.func.attr in _PATH_EDITS and call.args:
            edits += 1
            if edits > EDITS_READ:
                return
            yield node, call, assigned


def path_finders(units: Sequence[SourceUnit]) -> frozenset[str]:
    """The functions whose calls build the path of a top-level ``sys.path`` edit, directly
    (``sys.path.insert(0, str(find_project_root() / "src"))``) or through a name assigned
    above it (``root = find_project_root()``). Such a helper is defined where the path is
    edited of necessity: it cannot be imported from the folder it puts on the path.
    ``units`` are one file, or a notebook's cells in order: a name one cell assigns is read
    in the cells below it (the helper defined and called in one cell, the edit in the next)."""
    names: set[str] = set()
    assigned: dict[str, ast.expr] = {}
    edits = 0
    for unit in units:
        for _node, call, seen in _path_edits(unit, assigned):
            edits += 1
            if edits > EDITS_READ:  # as in one module: a notebook's cells share the bound
                return frozenset(names)
            names |= _called(call.args[-1], seen)
    return frozenset(names)


def _called(expression: ast.expr, assigned: dict[str, ast.expr]) -> set[str]:
    """The plain names called in an expression, through module-level names."""
    return {
        node.func.id
        for node in _reached(expression, assigned)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }


#: How many names deep a path expression is followed through module-level names.
_NAMES_DEEP = 3


def _reached(expression: ast.expr, assigned: dict[str, ast.expr]) -> Iterator[ast.AST]:
    """The nodes of ``expression`` and of the values of the names it reads, through
    module-level names ``_NAMES_DEEP`` deep. Each name's value is walked once, at the fewest
    names deep it is reached (which reaches the most): ``B = A + A``, ``C = B + B`` and
    ``D = C + C`` would otherwise walk ``A``'s value once for each way down to it, a number
    that grows as a power of the terms of each line."""
    seen: set[str] = set()
    level = [expression]
    for depth in range(_NAMES_DEEP + 1):
        below: list[ast.expr] = []
        for value in level:
            for node in breadth_first(value):
                yield node
                if (
                    depth < _NAMES_DEEP
                    and isinstance(node, ast.Name)
                    and node.id in assigned
                    and node.id not in seen
                ):
                    seen.add(node.id)
                    below.append(assigned[node.id])
        level = below


def _with_if_bodies(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Top-level statements, and those of a top-level ``if`` (``if root not in sys.path:``)."""
    for node in body:
        yield node
        if isinstance(node, ast.If):
            yield from _with_if_bodies(node.body)


#: Calls that keep the folder a path names: ``str(p)``, ``Path(p)``, ``os.path.abspath(p)``.
_SAME_FOLDER = frozenset({"str", "Path", "abspath", "realpath", "normpath", "expanduser"})


def _levels_up(node: ast.expr, assigned: dict[str, ast.expr]) -> int | None:
    """How many folders above the file a path built from ``__file__`` climbs, counting its
    own folder as one (``Path(__file__).parents[3]`` is 4, ``dirname(dirname(__file__))`` 2);
    a path that only climbs (``".."``) is taken from the file's folder; None for any other
    path not built from ``__file__``. A script at ``a/b/x.py`` that climbs more than 3 puts
    the folder holding the checkout on ``sys.path``. Read down the chain in a loop, adding
    each step's climb: ``Path(__file__).parent.parent...`` needs no parentheses, so it can
    be deeper than Python's recursion limit."""
    climbed = 0
    depth = 0
    while True:
        if isinstance(node, ast.Constant):
            base = _parents_only(node.value)
            return None if base is None else base + climbed
        if isinstance(node, ast.Name):
            if node.id == "__file__":
                return climbed
            value = assigned.get(node.id)
            if not value or depth >= _NAMES_DEEP:
                return None
            node, depth = value, depth + 1
        elif isinstance(node, ast.Attribute):
            climbed += node.attr == "parent"
            node = node.value
        elif isinstance(node, ast.Subscript):
            index = node.slice
            if not (isinstance(node.value, ast.Attribute) and node.value.attr == "parents"):
                return None
            if not isinstance(index, ast.Constant) or type(index.value) is not int:
                return None
            climbed += index.value + 1
            node = node.value.value
        elif isinstance(node, ast.Call):
            step = _call_climb(node)
            if step is None:
                return None
            climbed += step
            func = node.func
            node = func.value if isinstance(func, ast.Attribute) and not node.args else node.args[0]
        else:
            return None


def _call_climb(call: ast.Call) -> int | None:
    """How many folders a call on a path climbs (``dirname`` 1, ``os.path.join(p, "..")``
    1, ``str`` or ``.resolve()`` none), or None for a call that is not read as keeping a path."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if isinstance(func, ast.Attribute) and not call.args:
        return 0 if name in ("resolve", "absolute") else None
    if not call.args:
        return None
    if name == "dirname":
        return 1
    if name == "join":  # os.path.join(here, "..", "..")
        return sum(isinstance(arg, ast.Constant) and arg.value == ".." for arg in call.args[1:])
    return 0 if name in _SAME_FOLDER else None


def _parents_only(value: object) -> int | None:
    """``".."`` or ``"../.."``, a path relative to where the script runs that only climbs,
    counted as from the script's own folder (its folder is 1, ``".."`` 2): the folder a
    script in a subfolder runs from to reach the repository's root, the folder holding the
    checkout for one at the top. None for any other path."""
    if not isinstance(value, str):
        return None
    parts = [part for part in value.replace("\\", "/").split("/") if part not in ("", ".")]
    if not parts or any(part != ".." for part in parts):
        return None
    return 1 + len(parts)


def _path_parts(expression: ast.expr, assigned: dict[str, ast.expr]) -> set[str]:
    """The folder names spelled in a path expression's strings, through module-level names."""
    parts: set[str] = set()
    for node in _reached(expression, assigned):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            parts.update(
                p for p in node.value.replace("\\", "/").split("/") if p not in ("", ".", "..")
            )
    return parts


#: The most nodes and path segments :func:`_spelled` reads of one path: a path is a few
#: dozen of each, and names that repeat one another (``B = A + A``, ``C = B + B``) could
#: otherwise spell a number of segments that grows as a power of the terms of each line.
_SPELLED_LIMIT = 1_000


def _spelled(node: ast.expr, assigned: dict[str, ast.expr]) -> list[str]:
    """The path segments a path expression spells, in the order they are joined: through
    f-strings, ``os.path.join``, ``Path(...) / "x"``, ``+`` and module-level names. Read with
    a stack (``"a" + "b" + ...`` needs no parentheses, so it can be deeper than Python's
    recursion limit); none past ``_SPELLED_LIMIT`` nodes or segments."""
    spelled: list[str] = []
    pending: list[tuple[ast.expr, int]] = [(node, 0)]
    visited = 0
    while pending:
        visited += 1
        if visited > _SPELLED_LIMIT or len(spelled) > _SPELLED_LIMIT:
            return []
        node, depth = pending.pop()
        inner: list[ast.expr] = []  # read in this order
        if isinstance(node, ast.Constant):
            text = node.value.replace("\\", "/") if isinstance(node.value, str) else ""
            spelled.extend(part for part in text.split("/") if part not in ("", "."))
        elif isinstance(node, ast.Name):
            value = assigned.get(node.id)
            if value is not None and depth < _NAMES_DEEP:
                pending.append((value, depth + 1))
        elif isinstance(node, ast.JoinedStr):
            inner = [v.value if isinstance(v, ast.FormattedValue) else v for v in node.values]
        elif isinstance(node, ast.BinOp):
            inner = [node.left, node.right]
        elif isinstance(node, ast.Call):
            owner = node.func.value if isinstance(node.func, ast.Attribute) else None
            inner = [owner] if isinstance(owner, ast.Call) else []
            inner.extend(node.args)
        pending.extend((each, depth) for each in reversed(inner))
    return spelled


def _edited_folder_tails(unit: SourceUnit) -> list[tuple[str, ...]]:
    """For each top-level ``sys.path`` edit, the folder names its path ends with after its
    last ``..`` (``f"{here}/../network_training/"`` ends with ``network_training``)."""
    tails = []
    for _, call, assigned in _path_edits(unit):
        if not _edits_sys_path(call):
            continue
        parts = _spelled(call.args[-1], assigned)
        tail = parts[len(parts) - parts[::-1].index("..") :] if ".." in parts else parts
        if tail:
            tails.append(tuple(tail))
    return tails


def names_put_on_path(snapshot: Snapshot, local: LocalModules) -> dict[str, frozenset[str]]:
    """path of a module or notebook -> the names of the repository's modules its own
    ``sys.path`` edits make importable by their bare names: ``sys.path.insert(0,
    f"{here}/../network_training/")`` in ``tst/context.py`` lets it ``import loader`` from
    ``network_training/loader.py``, though that folder is a package. The folder is found by
    the names its path ends with; any folder of the tree that ends so counts (saying less).
    ``local`` is :func:`repocheck.analysis.imports.local_modules` of the snapshot."""
    found: dict[str, frozenset[str]] = {}
    editing = [unit for unit in snapshot.sources if "sys.path" in unit.source]
    if not editing:
        return found
    tails: dict[str, list[tuple[str, ...]]] = {}
    for unit in editing:  # a notebook's cells share its path
        tails.setdefault(unit.path, []).extend(_edited_folder_tails(unit))
    if not any(tails.values()):
        return found
    by_last: dict[str, list[tuple[tuple[str, ...], frozenset[str]]]] = {}
    for folder, names in local.by_folder.items():
        parts = PurePosixPath(folder).parts
        if parts:
            by_last.setdefault(parts[-1], []).append((parts, names - {"__init__"}))
    for path, edited in tails.items():
        for tail in edited:
            for parts, names in by_last.get(tail[-1], ()):
                if parts[-len(tail) :] == tail:
                    found[path] = found.get(path, frozenset()) | names
    return found


@per_object
def outside_path_lines(snapshot: Snapshot) -> dict[int, int]:
    """id of a unit -> the line after which its imports may come from a folder outside the
    tree: its own ``sys.path`` edit, or its import of a project module that makes one."""
    folders = frozenset(part for path in snapshot.paths for part in PurePosixPath(path).parts[:-1])
    python_folders = frozenset(
        part
        for path in snapshot.paths
        if path.endswith(".py")
        for part in PurePosixPath(path).parts[:-1]
    )
    graph = project(snapshot).graph
    own: dict[int, int] = {}
    editing: set[int] = set()
    for program in graph.programs:
        for unit in program.units:
            line = after_outside_path(unit, folders, python_folders)
            if line is not None:
                own[id(unit)] = line
                editing.add(id(program))
    if not editing:
        return own
    found = dict(own)
    for program in graph.programs:
        for unit in program.units:
            for node in unit.tree.body if unit.tree else ():
                if not isinstance(node, (ast.Import, ast.ImportFrom)):
                    continue
                loaded = graph.imported_by(program, node)
                if any(id(other) in editing for other in loaded if other is not program):
                    found[id(unit)] = min(found.get(id(unit), node.lineno), node.lineno)
                    break
    return found
