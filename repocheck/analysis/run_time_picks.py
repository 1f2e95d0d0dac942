"""What an entry point picks by name at run time, to call.

``globals()[config.agent](config)`` after ``from agents import *``, ``getattr(models,
args.arch)()``, ``import_module('models.' + args.model)``: which class runs is in a config file or on the command line, so the call
graph cannot follow the call. The rules that judge an entry point's path say so where it
matters, rather than judge the path without what it runs.
"""

from __future__ import annotations

import ast

from repocheck.analysis.cache import per_object
from repocheck.analysis.callgraph import ProjectGraph
from repocheck.analysis.entrypoints import project
from repocheck.analysis.imports import Program
from repocheck.analysis.reach_graph import reach_graph
from repocheck.facts.snapshot import Snapshot, SourceUnit

#: Built-ins whose mapping a name picks from: ``globals()[name]``.
_NAMESPACES = frozenset({"globals", "locals", "vars"})


def picked_by_name(node: ast.AST, program: Program, graph: ProjectGraph) -> bool:
    """``globals()[name]``, or ``getattr(module, name)`` on a project module, with a name
    that is not written out: called at once or later (``agent_class(config)``)."""
    if isinstance(node, ast.Subscript):
        inner = node.value
        return (
            isinstance(inner, ast.Call)
            and isinstance(inner.func, ast.Name)
            and inner.func.id in _NAMESPACES
            and not isinstance(node.slice, ast.Constant)
        )
    if not isinstance(node, ast.Call):
        return False
    if _imports_by_name(node, program):
        return True
    if not isinstance(node.func, ast.Name):
        return False
    if node.func.id != "getattr" or len(node.args) < 2 or isinstance(node.args[1], ast.Constant):
        return False
    owner = program.resolve(node.args[0])
    return owner is not None and bool(graph.modules(owner))


#: Calls that import a module named at run time.
_IMPORTERS = frozenset({"importlib.import_module", "__import__"})
_IMPORTER_NAMES = frozenset({"import_module", "__import__"})


def _imports_by_name(call: ast.Call, program: Program) -> bool:
    """``import_module('models.' + args.model)`` or ``__import__(name)``: a module whose name
    is not written out."""
    func = call.func  # most calls are neither: their last name says so before any look-up
    last = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if last not in _IMPORTER_NAMES or not call.args or isinstance(call.args[0], ast.Constant):
        return False
    name = program.resolve(func)
    if name is None and isinstance(call.func, ast.Name):
        name = call.func.id  # a built-in: __import__
    return name in _IMPORTERS


@per_object
def run_time_picks(snapshot: Snapshot) -> tuple[tuple[SourceUnit, ast.expr], ...]:
    """Each pick by name some entry point may run, in source order."""
    found = project(snapshot)
    picks: dict[int, tuple[SourceUnit, ast.expr]] = {}
    for body in reach_graph(found).bodies():
        for node in body.nodes:
            if isinstance(node, (ast.Subscript, ast.Call)) and picked_by_name(
                node, body.program, found.graph
            ):
                picks.setdefault(id(node), (body.unit, node))
    return tuple(sorted(picks.values(), key=lambda pick: (pick[0].path, pick[1].lineno)))
