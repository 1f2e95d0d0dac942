"""What an entry point picks by name at run time, to call.

``globals()[config.agent](config)`` after ``from agents import *``, ``getattr(models,
args.arch)()``, ``import_module('models.' + args.model)``: which class runs is in a config file or on the command line, so the call
graph cannot follow the call. The rules that judge an entry point's path say so where it
matters, rather than judge the path without what it runs.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from repocheck.analysis.cache import per_object
from repocheck.analysis.callgraph import ProjectGraph
from repocheck.analysis.entrypoints import project
from repocheck.analysis.imports import Program
from repocheck.analysis.imports_by_name import imports_by_name, loaded_by_name
from repocheck.analysis.reach_graph import reach_graph
from repocheck.facts.snapshot import Snapshot, SourceUnit

#: Built-ins whose mapping a name picks from: ``globals()[name]``.
_NAMESPACES = frozenset({"globals", "locals", "vars"})


def picked_by_name(node: ast.AST, program: Program, graph: ProjectGraph) -> bool:
    """``globals()[name]``, ``getattr(module, name)`` on a project module, or a key into a
    dict of the project's classes, with a name that is not written out: called at once or
    later (``agent_class(config)``)."""
    if isinstance(node, ast.Subscript):
        inner = node.value
        if isinstance(node.slice, ast.Constant):
            return False
        if isinstance(inner, ast.Call):
            return isinstance(inner.func, ast.Name) and inner.func.id in _NAMESPACES
        return isinstance(inner, (ast.Name, ast.Attribute)) and _class_table(inner, program, graph)
    if not isinstance(node, ast.Call):
        return False
    if imports_by_name(node, program):
        return True
    if not isinstance(node.func, ast.Name):
        return False
    if node.func.id != "getattr" or len(node.args) < 2 or isinstance(node.args[1], ast.Constant):
        return False
    owner = program.resolve(node.args[0])
    return owner is not None and bool(graph.modules(owner))


def _class_table(table: ast.expr, program: Program, graph: ProjectGraph) -> bool:
    """``vae_models`` in ``vae_models[config.model_type]``: a module-level dict of the
    project's classes, which a key from the config or the command line picks from."""
    dotted = program.resolve(table)
    if dotted is None or "." not in dotted:
        return False
    found = graph.derived.get(("class table", dotted))
    if found is None:
        module, _, name = dotted.rpartition(".")
        found = graph.derived[("class table", dotted)] = any(
            _is_class_table(statement, name, owner, graph)
            for owner in graph.modules(module)
            for unit in owner.units
            for statement in (unit.tree.body if unit.tree else ())
        )
    return bool(found)


def _is_class_table(statement: ast.stmt, name: str, owner: Program, graph: ProjectGraph) -> bool:
    if not (isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Dict)):
        return False
    if not any(isinstance(t, ast.Name) and t.id == name for t in statement.targets):
        return False
    values = statement.value.values
    return len(values) >= 2 and all(
        isinstance(value, (ast.Name, ast.Attribute))
        and graph.class_of(owner.resolve(value)) is not None
        for value in values
    )


#: What an import that only checks a package is there catches.
_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError"})


def _availability_checks(nodes: Iterable[ast.AST]) -> set[int]:
    """Ids of the calls a ``try`` makes as statements of their own, their module thrown
    away, while it catches ImportError: ``try: __import__(name)`` sees whether a package is
    installed; it picks nothing to run."""
    found: set[int] = set()
    for node in nodes:
        if not isinstance(node, ast.Try) or not any(
            _catches_import_error(handler.type) for handler in node.handlers
        ):
            continue
        for statement in node.body:
            if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
                found.add(id(statement.value))
    return found


def _catches_import_error(caught: ast.expr | None) -> bool:
    names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
    return any(isinstance(name, ast.Name) and name.id in _IMPORT_ERRORS for name in names)


def picked_modules(snapshot: Snapshot, unit: SourceUnit, pick: ast.expr) -> list[Program] | None:
    """The project modules a pick may run code of: ``getattr(models, arch)`` any function of
    ``models``, ``import_module(f"envs.{name}")`` the modules below ``envs``; None where it
    is not told (``globals()[name]``, a table of classes)."""
    found = project(snapshot)
    program = next((p for p in found.graph.programs if unit in p.units), None)
    if program is None or not isinstance(pick, ast.Call):
        return None
    if isinstance(pick.func, ast.Name) and pick.func.id == "getattr" and pick.args:
        owner = program.resolve(pick.args[0])
        return list(found.graph.modules(owner)) if owner else None
    loaded = loaded_by_name(pick, program, found.graph)
    return loaded or None


@per_object
def run_time_picks(snapshot: Snapshot) -> tuple[tuple[SourceUnit, ast.expr], ...]:
    """Each pick by name some entry point may run, in source order."""
    found = project(snapshot)
    picks: dict[int, tuple[SourceUnit, ast.expr]] = {}
    for body in reach_graph(found).bodies():
        checks: set[int] | None = None
        for node in body.nodes:
            if isinstance(node, (ast.Subscript, ast.Call)) and picked_by_name(
                node, body.program, found.graph
            ):
                if checks is None:
                    checks = _availability_checks(body.nodes)
                if id(node) not in checks:
                    picks.setdefault(id(node), (body.unit, node))
    return tuple(sorted(picks.values(), key=lambda pick: (pick[0].path, pick[1].lineno)))
