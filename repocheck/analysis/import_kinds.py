"""Imports that name no package to declare: the repository itself imported by the name of
its folder, and, in a library, the integrations it imports only on demand."""

from __future__ import annotations

import ast

from repocheck.facts.snapshot import SourceUnit

_IMPORTS = (ast.Import, ast.ImportFrom)


def deferred_import_ids(unit: SourceUnit) -> set[int]:
    """ids of the imports made only on demand: inside a function, or under a module-level
    ``if`` (an availability flag such as ``if _RICH_AVAILABLE:``), ``__main__`` blocks aside."""
    if unit.tree is None:
        return set()
    scopes: list[ast.AST] = [*unit.of_type(ast.FunctionDef, ast.AsyncFunctionDef)]
    scopes += [
        node
        for node in unit.tree.body
        if isinstance(node, ast.If) and "__name__" not in _names(node.test)
    ]
    return {
        id(inner) for scope in scopes for inner in ast.walk(scope) if isinstance(inner, _IMPORTS)
    }


def _names(node: ast.expr) -> set[str]:
    return {inner.id for inner in ast.walk(node) if isinstance(inner, ast.Name)}


def names_the_repository(dotted: str, paths: frozenset[str]) -> bool:
    """True when ``dotted`` imports the repository itself as a package, by the name of the
    folder it is cloned into (``import ai.projects.diffusion.model`` in a repository whose
    ``projects/diffusion/model.py`` exists): two or more parts after the first must resolve."""
    rest = dotted.split(".")[1:]
    if len(rest) < 2:
        return False
    stem = "/".join(rest)
    return f"{stem}.py" in paths or f"{stem}/__init__.py" in paths
