"""The public API a package names in its ``__init__.py`` while its code lives in private
modules: ``from ._linear import Linear as Linear`` makes ``Linear`` public although
``_linear.py`` is private, the layout of many libraries. Followed through private packages
that pass a name on (``_nn/__init__.py`` importing it from ``_nn/_dropout.py``).
"""

from __future__ import annotations

import ast
from pathlib import PurePosixPath

from repocheck.analysis.cache import per_object
from repocheck.analysis.toplevel import module_level
from repocheck.facts.snapshot import Snapshot, SourceUnit

#: How many private ``__init__.py`` files a name may pass through on its way out.
_MAX_HOPS = 3


def is_private_module(path: str) -> bool:
    """A module under a ``_name`` folder or named ``_name.py`` (``__init__.py`` is not)."""
    parts = PurePosixPath(path).parts
    return any(part.startswith("_") and not part.startswith("__") for part in parts)


@per_object
def reexported(snapshot: Snapshot) -> dict[str, frozenset[str]]:
    """Private module -> the names of its top-level definitions a public package re-exports."""
    trees = {
        unit.path: unit.tree
        for unit in snapshot.parsed(tests=False)
        if unit.tree is not None and unit.cell is None and unit.path.endswith(".py")
    }
    found: dict[str, set[str]] = {}
    for path, tree in trees.items():
        if PurePosixPath(path).name != "__init__.py" or is_private_module(path):
            continue
        listed, used = all_names(tree), _names_read(tree)
        for node in tree.body:
            if not isinstance(node, ast.ImportFrom) or node.module is None:
                continue  # ``from . import _helpers`` names a module, not a definition
            for alias in node.names:
                bound = alias.asname or alias.name
                if not _exports(alias, bound, listed, used):
                    continue
                where = _defined_in(trees, path, node, alias.name, 0)
                if where is not None and is_private_module(where):
                    found.setdefault(where, set()).add(alias.name)
    return {path: frozenset(names) for path, names in found.items()}


@per_object
def imported_from(snapshot: Snapshot) -> dict[str, frozenset[str]]:
    """Project module -> the names other modules and notebooks import from it
    (``from .data import load``, ``from scripts.runtime import np``, and what a module that
    imports it with ``*`` reads): what it passes on."""
    trees = {
        unit.path: unit.tree
        for unit in snapshot.parsed()
        if unit.tree is not None and unit.cell is None and unit.path.endswith(".py")
    }
    found: dict[str, set[str]] = {}
    for unit in snapshot.parsed():
        for node in unit.of_type(ast.ImportFrom):
            target = _target(trees, unit.path, node) or _beside(trees, unit.path, node)
            if target is None or target == unit.path:
                continue
            names = {alias.name for alias in node.names}
            if "*" in names:  # takes everything: it passes on what the importer reads
                names = _read_not_imported(unit)
            found.setdefault(target, set()).update(names)
    return {path: frozenset(names) for path, names in found.items()}


def _read_not_imported(unit: SourceUnit) -> set[str]:
    """The names a module reads and does not import itself."""
    imports: list[ast.Import | ast.ImportFrom] = [*unit.of_type(ast.Import)]
    imports += unit.of_type(ast.ImportFrom)
    own = {alias.asname or alias.name.split(".")[0] for node in imports for alias in node.names}
    read = {name.id for name in unit.of_type(ast.Name) if isinstance(name.ctx, ast.Load)}
    return read - own


def _beside(trees: dict[str, ast.Module], importer: str, node: ast.ImportFrom) -> str | None:
    """``from data import load`` in a script run from its own folder, which Python puts
    first on ``sys.path``."""
    folder = PurePosixPath(importer).parent
    if node.level or node.module is None or str(folder) == ".":
        return None
    stem = f"{folder}/{node.module.replace('.', '/')}"
    return next((c for c in (f"{stem}.py", f"{stem}/__init__.py") if c in trees), None)


def _exports(alias: ast.alias, bound: str, listed: set[str] | None, used: set[str]) -> bool:
    """Whether an import in ``__init__.py`` re-exports: named in ``__all__`` when there is
    one, else ``import X as X`` or an import the module itself never reads (one it reads,
    like a version check's ``Version``, is for its own use)."""
    if listed is not None:
        return bound in listed
    return alias.asname == alias.name or bound not in used


def all_names(tree: ast.Module) -> set[str] | None:
    """The string names of a top-level ``__all__ = [...]``, None without one."""
    for node in tree.body:
        if not isinstance(node, ast.Assign) or not isinstance(node.value, (ast.List, ast.Tuple)):
            continue
        if any(isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets):
            return {
                item.value
                for item in node.value.elts
                if isinstance(item, ast.Constant) and isinstance(item.value, str)
            }
    return None


def _names_read(tree: ast.Module) -> set[str]:
    return {
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }


def _target(trees: dict[str, ast.Module], importer: str, node: ast.ImportFrom) -> str | None:
    """The project file ``from <module> import ...`` in ``importer`` reads, if it is one."""
    module = (node.module or "").replace(".", "/")
    if node.level:
        folder = PurePosixPath(importer).parent
        for _ in range(node.level - 1):
            folder = folder.parent
        stem = f"{folder}/{module}" if str(folder) != "." else module
    else:
        stem = module
    for candidate in (f"{stem}.py", f"{stem}/__init__.py", f"src/{stem}.py"):
        if candidate in trees:
            return candidate
    return None


def _defined_in(
    trees: dict[str, ast.Module], importer: str, node: ast.ImportFrom, name: str, hops: int
) -> str | None:
    """The file whose top level defines ``name``, following re-imports of it."""
    target = _target(trees, importer, node)
    if target is None or name == "*":
        return None
    tree = trees[target]
    if any(definition.name == name for definition in module_level(tree.body)):
        return target
    if hops >= _MAX_HOPS:
        return None
    for passed in tree.body:
        if isinstance(passed, ast.ImportFrom) and passed.module is not None:
            for alias in passed.names:
                if (alias.asname or alias.name) == name:
                    return _defined_in(trees, target, passed, alias.name, hops + 1)
    return None
