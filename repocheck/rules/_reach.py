"""The code an entry point may run, without order: for rules asking "is X on the path?".

REPRO006 asks whether the run that trains a model reads its settings from the command line
or a config file. Reaching too far can only make a rule find a config source it should not,
which passes it: the rule then errs towards silence, never towards a wrong finding. So the
reach is generous: a method matched by name counts, and building a project class reaches all
of its methods.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from repocheck.facts.snapshot import SourceUnit
from repocheck.rules._cache import LEAVES, children
from repocheck.rules._callgraph import Function, Place, ProjectGraph, call_targets
from repocheck.rules._entrypoints import EntryPoint, Project, is_registered

_SKIP = LEAVES - {ast.Name}
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_IMPORTS = (ast.Import, ast.ImportFrom)


@dataclass(frozen=True)
class Site:
    """A node of reached code, with the program and unit it is in."""

    place: Place
    unit: SourceUnit
    node: ast.AST


def _walk(roots: list[ast.AST]) -> Iterator[ast.AST]:
    """Every node under ``roots`` with names, not entering nested definitions' bodies (their
    decorators, defaults and class bases run where they are defined)."""
    stack = list(roots)
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, _DEFS):
            stack.extend(node.decorator_list)
            if isinstance(node, ast.ClassDef):
                stack.extend(node.bases)
            continue
        stack.extend(children(node, _SKIP))


def _top_level(unit: SourceUnit) -> list[ast.AST]:
    assert unit.tree is not None
    return list(unit.tree.body)


def _function_roots(function: Function) -> list[ast.AST]:
    node = function.scope.node
    return [*node.body, *node.decorator_list]


class _Reacher:
    def __init__(self, graph: ProjectGraph) -> None:
        self.graph = graph
        self.sites: list[Site] = []
        self.programs: set[int] = set()
        self.functions: set[str] = set()
        self.pending: list[tuple[Place, SourceUnit, list[ast.AST]]] = []
        self.classes: set[str] = set()
        self.methods: dict[str, list[str]] = {}
        for key, functions in graph.functions.items():
            for function in functions[:1]:
                if function.owner:
                    self.methods.setdefault(function.owner, []).append(key)

    def add_program(self, place: Place) -> None:
        if id(place.program) in self.programs:
            return
        self.programs.add(id(place.program))
        for unit in place.program.units:
            self.pending.append((place, unit, _top_level(unit)))

    def add_function(self, key: str) -> None:
        if key in self.functions:
            return
        self.functions.add(key)
        for function in self.graph.functions.get(key, ()):
            place = Place(function.program, function)
            self.pending.append((place, function.unit, _function_roots(function)))

    def run(self) -> list[Site]:
        while self.pending:
            place, unit, roots = self.pending.pop()
            for node in _walk(roots):
                self.sites.append(Site(place, unit, node))
                self._follow(place, node)
        return self.sites

    def _follow(self, place: Place, node: ast.AST) -> None:
        if place.function is None and is_registered(node, place.program):
            assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            self.add_function(f"{place.program.module}.{node.name}")
        elif isinstance(node, _IMPORTS):
            for program in self.graph.imported_by(place.program, node):
                self.add_program(Place(program))
        else:
            target = node.func if isinstance(node, ast.Call) else node
            if isinstance(target, (ast.Name, ast.Attribute)):
                self._call(place, target)

    def _call(self, place: Place, target: ast.Name | ast.Attribute) -> None:
        targets = call_targets(self.graph, target, place)
        for key in [*targets.now, *targets.later]:
            self.add_function(key)
        cls = self.graph.class_of(place.program.resolve(target))
        if cls and cls not in self.classes:
            self.classes.add(cls)
            for base in self.graph.mro(cls):
                for key in self.methods.get(base, ()):
                    self.add_function(key)


def reach(project: Project, entry: EntryPoint) -> list[Site]:
    """Every node of the code ``entry`` may run: its own top-level code (the main block too),
    the top-level code of the modules it imports, and the project functions it may call."""
    reacher = _Reacher(project.graph)
    reacher.add_program(Place(entry.program))
    if entry.function:
        reacher.add_function(entry.function)
    return reacher.run()


def everything(project: Project) -> list[Site]:
    """Every node of the non-test code, as :func:`reach` would list it."""
    reacher = _Reacher(project.graph)
    for program in project.graph.programs:
        reacher.add_program(Place(program))
    for key in project.graph.functions:
        reacher.add_function(key)
    return reacher.run()
