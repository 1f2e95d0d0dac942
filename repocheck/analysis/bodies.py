"""The bodies of code a run may enter, each walked once, and where following each one leads.

A body is a function's code, or a unit's top-level code (with its ``__main__`` block when the
file itself is run). Following a body's nodes reaches project functions (its calls, a
command a framework runs), project modules (its imports: their top-level code runs) and
project classes (building one reaches all of its methods). :mod:`reach` puts them together.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
from collections.abc import Iterator
from dataclasses import dataclass

from repocheck.analysis.cache import LEAVES, children, per_object
from repocheck.analysis.callgraph import (
    CONFIG_BUILDERS,
    Function,
    Place,
    ProjectGraph,
    call_targets,
    config_key,
    may_name,
)
from repocheck.analysis.entrypoints import is_registered
from repocheck.analysis.imports import Program
from repocheck.analysis.scopes import parameter_names
from repocheck.analysis.toplevel import is_main_guard
from repocheck.facts.snapshot import SourceUnit

_SKIP = LEAVES - {ast.Name}
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_IMPORTS = (ast.Import, ast.ImportFrom)
_UPDATES = frozenset({ast.Call, ast.Assign, ast.AugAssign})


@dataclass(frozen=True)
class Site:
    """A node of reached code, with the program and unit it is in."""

    place: Place
    unit: SourceUnit
    node: ast.AST


@dataclass(frozen=True, eq=False)
class Body:
    """One body walked: its place (the function, for a function's body), its unit, its nodes
    in walk order, and whether a unit's top-level code has its main block in."""

    place: Place
    unit: SourceUnit
    nodes: tuple[ast.AST, ...]
    main: bool = False

    @property
    def program(self) -> Program:
        """The program the body is in."""
        return self.place.program

    @functools.cached_property
    def calls(self) -> tuple[ast.Call, ...]:
        """The body's calls in walk order: what most questions asked of every body read
        (a sixth of its nodes), kept once asked."""
        return tuple(node for node in self.nodes if type(node) is ast.Call)

    @functools.cached_property
    def updates(self) -> tuple[ast.AST, ...]:
        """The body's calls and assignments in walk order: all that can move a value."""
        return tuple(node for node in self.nodes if type(node) in _UPDATES)

    @functools.cached_property
    def sites(self) -> tuple[Site, ...]:
        """The body's nodes as sites, made when first asked and kept."""
        return tuple(self.each_site())

    def each_site(self, *kinds: type[ast.AST]) -> Iterator[Site]:
        """The body's nodes (those of ``kinds``, when given) as sites, made one by one and
        not kept: for a question asked once of every body."""
        if not kinds:
            nodes: tuple[ast.AST, ...] = self.nodes
        elif kinds == (ast.Call,):
            nodes = self.calls
        elif _UPDATES.issuperset(kinds):
            nodes = self.updates
        else:
            nodes = self.nodes
        for node in nodes:
            if not kinds or isinstance(node, kinds):
                yield Site(self.place, self.unit, node)


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


def function_body(function: Function) -> Body:
    """The body of a project function, decorators included."""
    node = function.scope.node
    roots: list[ast.AST] = [*node.body, *node.decorator_list]
    return Body(Place(function.program, function), function.unit, tuple(_walk(roots)))


def unit_body(program: Program, unit: SourceUnit, main: bool) -> Body:
    """A unit's top-level code, with its main block when ``main``."""
    return Body(Place(program), unit, tuple(_walk(_top_level(unit, main))), main)


#: What following one node reaches: a project function (by key), a program, or a class.
Target = tuple[str, object]


def targets(graph: ProjectGraph, body: Body) -> list[Target]:
    """What following the body's nodes reaches, in walk order."""
    found: list[Target] = []
    called = {id(node.func) for node in body.calls}
    place = body.place
    types, library, held = _local_classes(graph, body)
    if types or library or held:
        place = dataclasses.replace(
            place,
            types={**place.types, **types},
            library=place.library | library,
            held={**place.held, **held},
        )
    for node in body.nodes:
        # Only these lead anywhere (most of a body is subscripts, operators, arguments).
        if type(node) in _LEADING and id(node) not in called:  # else followed as its call
            _follow(graph, place, node, found)
    return found


def _local_classes(
    graph: ProjectGraph, body: Body
) -> tuple[dict[str, str], set[str], dict[str, tuple[str, ...]]]:
    """Names the body binds to an instance of one project class every time it binds them,
    and in no other way (``knn = KNN(k=3)``): ``knn.train()`` then runs KNN's ``train``, not
    every project method of that name. The names it binds only to a library's object
    (``stl = STL(series, period=7)``): ``stl.fit()`` runs the library's ``fit``, no project
    method. And the names it binds to instances of several project classes, or of project
    classes and library objects (``env = SkipFrame(env)``, then ``env = FrameStack(env, 4)``,
    a library wrapper around it): ``env.step()`` runs those classes' ``step``, which a
    wrapper calls in turn, and no other project class's. A parameter, or a name a ``global``
    or ``nonlocal`` lets other code rebind, may hold anything."""
    built: dict[str, set[str] | None] = {}
    bindings: dict[str, int] = {}
    for node in body.nodes:
        if type(node) is ast.Name and type(node.ctx) is not ast.Load:
            bindings[node.id] = bindings.get(node.id, 0) + 1
        elif (
            type(node) is ast.Assign
            and len(node.targets) == 1
            and type(node.targets[0]) is ast.Name
            and type(node.value) is ast.Call
        ):
            name = node.targets[0].id
            program = body.place.program
            cls = graph.class_of(program.resolve(node.value.func))
            if cls is None and graph.builds_library_object(program, node.value):
                cls = _LIBRARY_OBJECT
            known = built.get(name, set())
            if cls is None or known is None:
                built[name] = None
            else:
                built[name] = known | {cls}
    if not any(built.values()):
        return {}, set(), {}
    # Each binding of a name left must be one of its constructions: counted again, cheaply.
    constructions: dict[str, int] = {}
    for node in body.nodes:
        if type(node) is ast.Assign and len(node.targets) == 1:
            target = node.targets[0]
            if type(target) is ast.Name and built.get(target.id):
                constructions[target.id] = constructions.get(target.id, 0) + 1
    free = _declared_free(body.unit)
    function = body.place.function
    parameters = parameter_names(function.scope.node) if function is not None else frozenset()
    types: dict[str, str] = {}
    library: set[str] = set()
    held: dict[str, tuple[str, ...]] = {}
    for name, classes in built.items():
        if (
            not classes
            or constructions.get(name) != bindings.get(name)
            or name in parameters
            or name in free
        ):
            continue
        own = sorted(classes - {_LIBRARY_OBJECT})
        if not own:
            library.add(name)
        elif len(classes) == 1:
            types[name] = own[0]
        else:
            held[name] = tuple(own)
    return types, library, held


#: What :func:`_local_classes` records for a name bound to a library's object.
_LIBRARY_OBJECT = "<library object>"


@per_object
def _declared_free(unit: SourceUnit) -> frozenset[str]:
    """Names a ``global`` or ``nonlocal`` statement of the unit declares."""
    return frozenset(
        name
        for node in unit.of_type(ast.Global, ast.Nonlocal)
        for name in node.names  # type: ignore[attr-defined]
    )


#: The nodes following can lead from: calls and the names or attributes they or callbacks
#: name, imports, and the definitions a command-line framework registers.
_LEADING = frozenset(
    {ast.Call, ast.Name, ast.Attribute, *_IMPORTS, ast.FunctionDef, ast.AsyncFunctionDef}
)


def _follow(graph: ProjectGraph, place: Place, node: ast.AST, found: list[Target]) -> None:
    if place.function is None and is_registered(node, place.program):
        assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        found.append(("function", f"{place.program.module}.{node.name}"))
    elif isinstance(node, _IMPORTS):
        for program in graph.imported_by(place.program, node):
            found.append(("program", program))
    else:
        target = node.func if isinstance(node, ast.Call) else node
        if isinstance(target, (ast.Name, ast.Attribute)):
            dotted = place.program.resolve(target)
            if dotted in CONFIG_BUILDERS and isinstance(node, ast.Call):
                config = config_key(node)
                built = graph.configured_call(config)
                found.extend(("function", key) for key in [*built.now, *built.later])
                found.extend(("class", cls) for cls in graph.built_by_config(config)[1])
                return
            if not may_name(graph, target, place, dotted):
                return  # most names are no project function or class
            cls = graph.class_of(dotted)
            if cls and target is node:
                return  # a class named (in a list, an isinstance check) is not built
            reached = call_targets(graph, target, place)
            found.extend(("function", key) for key in [*reached.now, *reached.later])
            if cls:
                found.append(("class", cls))
