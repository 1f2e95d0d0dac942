"""Test files that stop at their own imports: a name taken from a module of the repository
that does not define it.

``from src.inference.predict import predict, preprocess_raw_image`` in ``tests/test_model.py``,
after ``preprocess_raw_image`` was renamed or deleted from ``src/inference/predict.py``, raises
ImportError when pytest imports the file: pytest reports a collection error and runs none of
its tests. The test file still looks like tests to anyone reading it, so counting its tests
(or its smoke tests) says more than the suite does.

Read conservatively, so that a file is called failing only when it surely is:

* only imports at the top level of the test file (not in ``try``, ``if`` or a function);
* only modules of the repository, found under the root, ``src/``, ``lib/``, or the folder
  pytest puts on the path for the test (its own, or the first above it that is no package)
  and those above it; every such file must lack the name (an ``__init__.py`` lacks
  neither its submodules nor its subpackages);
* a module binds every name a top-level statement, a compound statement's body or a
  function's ``global`` could bind; one with a star import, a module ``__getattr__``,
  ``globals()``, ``vars()``, ``setattr``, ``exec`` or ``sys.modules`` binds anything.

A module missing from a package of the repository stops the file too: ``from gpr.skeleton
import fib`` (a project template's test, left after ``src/gpr/skeleton.py`` was deleted) where
every ``gpr`` the import may load is a package folder holding no ``skeleton``, no file of that
name in any form (``skeleton.pyx``, a built ``.so``), and an ``__init__.py`` that neither binds
the name nor extends its ``__path__``. A private name (``_version``) is often written at build
time, so it is left alone.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from repocheck.analysis.cache import per_object
from repocheck.analysis.ignored import folders_of
from repocheck.analysis.imports import SOURCE_ROOTS, absolute_from
from repocheck.facts.snapshot import Snapshot, SourceUnit

#: Calls and attributes that let a module bind names no statement spells.
_DYNAMIC_CALLS = frozenset({"globals", "vars", "setattr", "exec", "locals", "__import__"})


@dataclass(frozen=True)
class FailingImport:
    """The first import that stops a test file: its line, the name, and the module's file."""

    line: int
    name: str
    module_path: str
    #: The absolute name of a module the package lacks (``gpr.skeleton``); None when the
    #: module exists and lacks ``name``. ``module_path`` is then the package's folder.
    module: str | None = None

    def describe(self, path: str) -> str:
        """``tests/x.py imports `y`, which src/m.py does not define``."""
        if self.module is not None:
            return f"{path} imports `{self.module}`, a module {self.module_path} does not hold"
        return f"{path} imports `{self.name}`, which {self.module_path} does not define"

    def stop(self) -> str:
        """What the evidence line says stops the file."""
        if self.module is not None:
            return f"stops here: no module `{self.name}` in {self.module_path}"
        return f"stops here: no `{self.name}` in {self.module_path}"


def failing_import(snapshot: Snapshot, path: str) -> FailingImport | None:
    """The import that stops ``path`` before any of its tests runs, or None."""
    return _reading(snapshot).failing(path)


class _Reading:
    """The repository's modules, read for one test file at a time as the rules ask: only
    test files are asked about, and only the modules they import are read for names."""

    def __init__(self, modules: Mapping[str, SourceUnit], paths: frozenset[str]) -> None:
        self.modules = modules
        self.folders = folders_of(modules)
        #: Every file's path without its suffixes, and every folder: what a package may hold.
        self.stems = folders_of(paths) | {path.split(".", 1)[0] for path in paths}
        self.bound: dict[str, frozenset[str] | None] = {}
        self.found: dict[str, FailingImport | None] = {}

    def failing(self, path: str) -> FailingImport | None:
        if path not in self.found:
            unit = self.modules.get(path)
            self.found[path] = (
                None
                if unit is None
                else _first_failing(unit, self.modules, self.folders, self.bound, self.stems)
            )
        return self.found[path]


@per_object
def _reading(snapshot: Snapshot) -> _Reading:
    return _Reading(
        {
            unit.path: unit
            for unit in snapshot.parsed()
            if unit.cell is None and unit.path.endswith(".py")
        },
        snapshot.paths,
    )


def _first_failing(
    unit: SourceUnit,
    modules: Mapping[str, SourceUnit],
    folders: frozenset[str],
    bound: dict[str, frozenset[str] | None],
    stems: frozenset[str],
) -> FailingImport | None:
    assert unit.tree is not None
    for node in unit.tree.body:
        if not isinstance(node, ast.ImportFrom) or any(a.name == "*" for a in node.names):
            continue
        candidates = list(_candidates(unit.path, node, modules))
        if not candidates:
            missing = _missing_module(unit.path, node, modules, folders, bound, stems)
            if missing is not None:
                return missing
            continue  # an installed package, or a module missing altogether (REPRO003's)
        for alias in node.names:
            if not any(_holds(path, alias.name, modules, folders, bound) for path in candidates):
                return FailingImport(node.lineno, alias.name, candidates[0])
    return None


def _missing_module(
    path: str,
    node: ast.ImportFrom,
    modules: Mapping[str, SourceUnit],
    folders: frozenset[str],
    bound: dict[str, frozenset[str] | None],
    stems: frozenset[str],
) -> FailingImport | None:
    """``from pkg.gone import x`` where every ``pkg`` the import may load is a package of the
    repository that surely holds no ``gone``; None when it may hold one."""
    if not node.module:
        return None
    parent, _, last = node.module.rpartition(".")
    if (not parent and not node.level) or last.startswith("_"):
        return None
    above = ast.ImportFrom(module=parent or None, names=[], level=node.level)
    packages = list(_candidates(path, above, modules))
    if not packages or not all(p.endswith("/__init__.py") for p in packages):
        return None  # an installed package, or a module file (left to the import itself)
    for package in packages:
        folder = package.removesuffix("/__init__.py")
        if f"{folder}/{last}" in stems or _holds(package, last, modules, folders, bound):
            return None
        if "__path__" in (bound[package] or {"__path__"}):
            return None  # a package that extends where its submodules are found
    dotted = absolute_from(path, node) if node.level else node.module
    return FailingImport(node.lineno, last, f"{packages[0].removesuffix('__init__.py')}", dotted)


def _candidates(
    path: str, node: ast.ImportFrom, modules: Mapping[str, SourceUnit]
) -> Iterator[str]:
    """The repository's files ``from <module> import ...`` in ``path`` may load."""
    if node.level:
        bases = [""]
        dotted = absolute_from(path, node)
    else:
        if not node.module:
            return
        dotted = node.module
        bases = ["", *SOURCE_ROOTS, *_search_folders(path, modules)]
    relative = dotted.replace(".", "/")
    seen: set[str] = set()
    for base in bases:
        stem = f"{base}/{relative}" if base not in ("", ".") and relative else relative or base
        for candidate in (f"{stem}.py", f"{stem}/__init__.py"):
            candidate = candidate.removeprefix("./").lstrip("/")
            if candidate in modules and candidate not in seen:
                seen.add(candidate)
                yield candidate


def _search_folders(path: str, modules: Mapping[str, SourceUnit]) -> list[str]:
    """Folders pytest (or a script's own ``sys.path`` edit) may put first for ``path``: the
    first folder above it that is no package (pytest's rootdir-less "basedir"), and the folders
    above that. Inside a package, the file's own folder is not on the path: its
    ``transformers/`` subpackage does not hide the installed ``transformers``."""
    folder = PurePosixPath(path).parent
    while folder != folder.parent and (folder / "__init__.py").as_posix() in modules:
        folder = folder.parent
    return [folder.as_posix(), *(above.as_posix() for above in folder.parents)]


def _holds(
    path: str,
    name: str,
    modules: Mapping[str, SourceUnit],
    folders: frozenset[str],
    bound: dict[str, frozenset[str] | None],
) -> bool:
    """Whether importing ``name`` from the module in ``path`` may succeed."""
    if path not in bound:
        bound[path] = module_bindings(modules[path])
    names = bound[path]
    if names is None or name in names:
        return True
    if PurePosixPath(path).name == "__init__.py":
        folder = PurePosixPath(path).parent
        sub = (folder / name).as_posix()
        return f"{sub}.py" in modules or sub in folders
    return False


def module_bindings(unit: SourceUnit) -> frozenset[str] | None:
    """Every name the module may bind at its top level, or None when it may bind any."""
    assert unit.tree is not None
    names: set[str] = set()
    for node in unit.of_type(ast.ImportFrom, ast.Call, ast.Attribute, ast.Global):
        if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
            return None
        if isinstance(node, ast.Call) and _dynamic(node.func):
            return None
        if isinstance(node, ast.Attribute) and node.attr == "modules":
            return None  # sys.modules[...] = ...
        if isinstance(node, ast.Global):
            names.update(node.names)
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    if any(isinstance(s, functions) and s.name == "__getattr__" for s in unit.tree.body):
        return None
    _bind(unit.tree.body, names)
    return frozenset(names)


def _dynamic(func: ast.expr) -> bool:
    return isinstance(func, ast.Name) and func.id in _DYNAMIC_CALLS


def _bind(body: list[ast.stmt], names: set[str]) -> None:
    """Names the statements of a module-level block may bind (over-counting is safe)."""
    for statement in body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(statement.name)
            continue
        if isinstance(statement, ast.Import):
            names.update((a.asname or a.name).partition(".")[0] for a in statement.names)
            continue
        if isinstance(statement, ast.ImportFrom):
            names.update(a.asname or a.name for a in statement.names)
            continue
        for child in ast.iter_child_nodes(statement):
            if isinstance(child, ast.stmt):
                _bind([child], names)
            elif isinstance(child, ast.ExceptHandler):
                names.update([child.name] if child.name else [])
                _bind(child.body, names)
            elif isinstance(child, ast.match_case):
                _bind(child.body, names)
                names.update(_stored(child.pattern))
            else:
                names.update(_stored(child))


def _stored(node: ast.AST) -> set[str]:
    """Names stored anywhere in an expression (targets, walrus, match captures)."""
    found: set[str] = set()
    for inner in ast.walk(node):
        if isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Store):
            found.add(inner.id)
        elif isinstance(inner, (ast.MatchAs, ast.MatchStar)) and inner.name:
            found.add(inner.name)
        elif isinstance(inner, ast.MatchMapping) and inner.rest:
            found.add(inner.rest)
    return found
