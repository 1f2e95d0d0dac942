"""The code an entry point may run, without order: for rules asking "is X on the path?".

REPRO006 asks whether the run that trains a model reads its settings from the command line
or a config file; REPRO001 and REPRO002 ask whether a path trains at all. The reach is
generous where that errs towards silence: a method matched by name counts, and building a
project class reaches all of its methods. Naming a class without calling it builds nothing,
so it reaches nothing: a script listing a trainer class is no training run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from repocheck.analysis.cache import LEAVES, children, per_object
from repocheck.analysis.callgraph import Function, Place, ProjectGraph, call_targets
from repocheck.analysis.entrypoints import EntryPoint, Project, is_registered, preference, project
from repocheck.analysis.imports import Program
from repocheck.analysis.scripts import training_call
from repocheck.analysis.toplevel import is_main_guard
from repocheck.facts.snapshot import Snapshot, SourceUnit

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


def _top_level(unit: SourceUnit, main: bool) -> list[ast.AST]:
    """A unit's top-level code; ``main`` keeps its ``__main__`` block, which runs only when
    the file itself is run, never when another module imports it."""
    assert unit.tree is not None
    if main:
        return list(unit.tree.body)
    found: list[ast.AST] = []
    for node in unit.tree.body:
        if isinstance(node, ast.If) and is_main_guard(node):
            found.extend(node.orelse)
        else:
            found.append(node)
    return found


def _function_roots(function: Function) -> list[ast.AST]:
    node = function.scope.node
    return [*node.body, *node.decorator_list]


#: What following one node does, in walk order: reach a function, a program, or a class.
_Action = tuple[str, object]
#: A body to walk: where it is, its roots, whose body it is, and whether a main block is in.
_Pending = tuple[Place, SourceUnit, list[ast.AST], object, bool]


@dataclass
class _Group:
    """One body walked (a function's, or a unit's top-level code): its sites, and what
    following its nodes reaches, in order (found when first asked: :func:`everything` never
    asks). The same for every entry point reaching it."""

    sites: tuple[Site, ...]
    actions: tuple[_Action, ...] | None = None


class _Groups:
    """The walked bodies of one graph, each walked once for every :func:`reach`.

    Cached per graph, so it must not hold the graph: each call is handed it.
    """

    def __init__(self, graph: ProjectGraph) -> None:
        self.methods: dict[str, list[str]] = {}
        for key, functions in graph.functions.items():
            for function in functions[:1]:
                if function.owner:
                    self.methods.setdefault(function.owner, []).append(key)
        self._groups: dict[tuple[int, int, bool], _Group] = {}

    def group(
        self,
        graph: ProjectGraph,
        pending: _Pending,
    ) -> _Group:
        """The group of ``roots``, walked the first time it is asked for."""
        place, unit, roots, owner, main = pending
        key = (id(owner), id(unit), main)
        found = self._groups.get(key)
        if found is None:
            found = self._groups[key] = _Group(tuple(Site(place, unit, n) for n in _walk(roots)))
        return found

    def actions(self, graph: ProjectGraph, group: _Group) -> tuple[_Action, ...]:
        """What following the group's nodes reaches, in walk order."""
        if group.actions is None:
            actions: list[_Action] = []
            called = {id(site.node.func) for site in group.sites if isinstance(site.node, ast.Call)}
            for site in group.sites:
                if id(site.node) in called:
                    continue  # followed as its call
                self._follow(graph, site.place, site.node, actions)
            group.actions = tuple(actions)
        return group.actions

    def _follow(
        self, graph: ProjectGraph, place: Place, node: ast.AST, actions: list[_Action]
    ) -> None:
        if place.function is None and is_registered(node, place.program):
            assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            actions.append(("function", f"{place.program.module}.{node.name}"))
        elif isinstance(node, _IMPORTS):
            for program in graph.imported_by(place.program, node):
                actions.append(("program", program))
        else:
            target = node.func if isinstance(node, ast.Call) else node
            if isinstance(target, (ast.Name, ast.Attribute)):
                cls = graph.class_of(place.program.resolve(target))
                if cls and target is node:
                    return  # a class named (in a list, an isinstance check) is not built
                targets = call_targets(graph, target, place)
                actions.extend(("function", key) for key in [*targets.now, *targets.later])
                if cls:
                    actions.append(("class", cls))


@per_object
def _groups(graph: ProjectGraph) -> _Groups:
    return _Groups(graph)


class _Reacher:
    def __init__(self, graph: ProjectGraph) -> None:
        self.graph = graph
        self.groups = _groups(graph)
        self.sites: list[Site] = []
        self.programs: set[int] = set()
        self.functions: set[str] = set()
        self.pending: list[_Pending] = []
        self.classes: set[str] = set()

    def add_program(self, program: Program, *, main: bool = False) -> None:
        if id(program) in self.programs:
            return
        self.programs.add(id(program))
        place = Place(program)
        for unit in program.units:
            self.pending.append((place, unit, _top_level(unit, main), program, main))

    def add_function(self, key: str) -> None:
        if key in self.functions:
            return
        self.functions.add(key)
        for function in self.graph.functions.get(key, ()):
            place = Place(function.program, function)
            roots = _function_roots(function)
            self.pending.append((place, function.unit, roots, function, False))

    def run(self) -> list[Site]:
        while self.pending:
            group = self.groups.group(self.graph, self.pending.pop())
            self.sites.extend(group.sites)
            for kind, value in self.groups.actions(self.graph, group):
                self._act(kind, value)
        return self.sites

    def _act(self, kind: str, value: object) -> None:
        if kind == "function":
            self.add_function(value)  # type: ignore[arg-type]
        elif kind == "program":
            self.add_program(value)  # type: ignore[arg-type]
        elif value not in self.classes:
            self.classes.add(value)  # type: ignore[arg-type]
            for base in self.graph.mro(value):  # type: ignore[arg-type]
                for key in self.groups.methods.get(base, ()):
                    self.add_function(key)

    def unfollowed(self) -> Iterator[Site]:
        """What is pending, without following calls or imports: when everything is pending
        already, following could add nothing."""
        while self.pending:
            yield from self.groups.group(self.graph, self.pending.pop()).sites


def reach(project: Project, entry: EntryPoint) -> list[Site]:
    """Every node of the code ``entry`` may run: its own top-level code (the main block too,
    unless a console script runs one function of it), the top-level code of the modules it
    imports (without their main blocks), and the project functions it may call."""
    reacher = _Reacher(project.graph)
    reacher.add_program(entry.program, main=entry.function is None)
    if entry.function:
        reacher.add_function(entry.function)
    return reacher.run()


def everything(project: Project) -> Iterator[Site]:
    """Every node of the non-test code, as :func:`reach` would list it, lazily: a caller
    asking whether any node is of some kind stops at the first."""
    reacher = _Reacher(project.graph)
    for program in project.graph.programs:
        reacher.add_program(program, main=True)
    for key in project.graph.functions:
        reacher.add_function(key)
    return reacher.unfollowed()


@per_object
def entry_reach(snapshot: Snapshot) -> tuple[tuple[EntryPoint, list[Site]], ...]:
    """Each entry point, the file a reader runs first first, with the code it may run.

    Reached once per snapshot for every rule that asks (REPRO001, REPRO002, REPRO006).
    """
    found = project(snapshot)
    ordered = sorted(found.entries, key=lambda entry: preference(entry.path))
    return tuple((entry, reach(found, entry)) for entry in ordered)


def trains(sites: list[Site]) -> bool:
    """The reached code trains: ``backward()``, ``fit()``, an optimizer step,
    ``trainer.train()``."""
    return any(isinstance(site.node, ast.Call) and training_call(site.node) for site in sites)
