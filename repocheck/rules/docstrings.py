"""Docstrings rule: the public functions, classes and methods of .py modules say what they do
(READ004). Private names, private modules, stubs, tests and notebook code are left out."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import PurePosixPath

from repocheck.facts.snapshot import Snapshot
from repocheck.model import Evidence, Metrics, Result
from repocheck.registry import rule
from repocheck.rules._toplevel import Definition, module_level
from repocheck.rules._verdict import rated, short

#: Decorators whose functions repeat another definition and need no docstring of their own.
STUB_DECORATORS = frozenset({"overload", "override"})


def _decorator_names(node: Definition) -> set[str]:
    names = set()
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Attribute):
            names.add(target.attr)  # typing.overload, @x.setter
        elif isinstance(target, ast.Name):
            names.add(target.id)
    return names


def _needs_docstring(node: Definition) -> bool:
    # A single leading underscore marks private names and a double one dunders: both are exempt.
    if node.name.startswith("_"):
        return False
    skipped = STUB_DECORATORS | {"setter", "deleter"}
    return not (_decorator_names(node) & skipped)


def _public_definitions(tree: ast.Module) -> Iterator[tuple[str, Definition]]:
    """(qualified name, node) of the public top-level functions, classes and their methods."""
    for node in module_level(tree.body):
        if not _needs_docstring(node):
            continue
        yield node.name, node
        if isinstance(node, ast.ClassDef):
            for method in _public_methods(node):
                yield f"{node.name}.{method.name}", method


def _public_methods(node: ast.ClassDef) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for child in node.body:
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) and _needs_docstring(child):
            yield child


def _is_private_module(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return any(p.startswith("_") and not p.startswith("__") for p in parts)


def _documentable_trees(snapshot: Snapshot) -> Iterator[tuple[str, ast.Module]]:
    # Notebook cells are left out: nobody imports a notebook, so its functions are not an API.
    for unit in snapshot.parsed(tests=False):
        if unit.tree is None or unit.cell is not None or not unit.path.endswith(".py"):
            continue
        if not _is_private_module(unit.path):
            yield unit.path, unit.tree


def _documented(node: Definition) -> bool:
    """A docstring of its own; for a class, one on its ``__init__`` counts too (numpydoc)."""
    if ast.get_docstring(node):
        return True
    if not isinstance(node, ast.ClassDef):
        return False
    return any(
        isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
        and child.name == "__init__"
        and bool(ast.get_docstring(child))
        for child in node.body
    )


def _length(node: Definition) -> int:
    return (node.end_lineno or node.lineno) - node.lineno + 1


@rule("READ004")
def public_docstrings(snapshot: Snapshot) -> Result:
    """Share of public functions, classes and methods in .py modules with a docstring."""
    missing: list[tuple[int, Evidence]] = []
    public = 0
    for path, tree in _documentable_trees(snapshot):
        for name, node in _public_definitions(tree):
            public += 1
            if _documented(node):
                continue
            kind = "class" if isinstance(node, ast.ClassDef) else "def"
            snippet = f"{kind} {name} ({_length(node)} lines, no docstring)"
            missing.append((_length(node), Evidence(path, node.lineno, short(snippet))))
    if public == 0:
        return Result.skipped("no public functions or classes outside tests")
    documented = public - len(missing)
    share = documented / public
    # Largest first: a long undocumented function costs a reader the most.
    missing.sort(key=lambda item: (-item[0], item[1].path, item[1].line or 0))
    message = (
        f"{documented} of {public} public functions and classes have a docstring ({share:.0%})"
    )
    metrics: Metrics = {"public": public, "documented": documented, "share": round(share, 3)}
    evidence = [ev for _, ev in missing]
    return rated(share >= 0.6, share >= 0.3, share / 0.6, message, evidence, metrics)
