"""The code an entry point may run, without order: for rules asking "is X on the path?".

REPRO006 asks whether the run that trains a model reads its settings from the command line
or a config file; REPRO001 and REPRO002 ask whether a path trains at all. The reach is
generous where that errs towards silence: a method matched by name counts, and building a
project class reaches all of its methods. Naming a class without calling it builds nothing,
so it reaches nothing: a script listing a trainer class is no training run.

The bodies every entry point may run form one graph (:mod:`bodies`), built once per run.
A fact about the reached code is folded over its strongly connected components once for all
entry points, so the cost is linear in the program, not entry points times program. Where
order matters (the first training call a reader meets), :meth:`EntryReach.first` replays an
entry point's walk, entering only the code that leads to what is asked for.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from repocheck.analysis.bodies import Body, Site, Target, function_body, targets, unit_body
from repocheck.analysis.cache import per_object
from repocheck.analysis.components import Condensed, condense
from repocheck.analysis.entrypoints import EntryPoint, Project, preference, project
from repocheck.analysis.imports import Program
from repocheck.analysis.scripts import training_call
from repocheck.facts.snapshot import Snapshot

__all__ = [
    "Body",
    "EntryReach",
    "ReachGraph",
    "Site",
    "entry_reach",
    "every_body",
    "everything",
    "trains",
]

K = TypeVar("K")
V = TypeVar("V")
#: A body, a gate (a function key or a program: entering it runs its bodies), a class
#: (building it reaches each method, each a gate of its own).
_BODY, _GATE, _CLASS = 0, 1, 2


class ReachGraph:
    """Every body the entry points may run, numbered, with where each leads, condensed.

    Built once per project (:func:`reach_graph`); cached, so it holds no snapshot.
    """

    def __init__(self, found: Project) -> None:
        self.graph = found.graph
        self.nodes: list[Body | None] = []  # the body of each body node, None for the rest
        self._bodies: dict[tuple[int, int, bool], Body] = {}
        self._node: dict[int, int] = {}  # id(body) -> node
        self._kinds: list[int] = []
        self._successors: list[list[int]] = []
        self._targets: dict[tuple[str, Hashable], int] = {}
        self._gates: dict[int, Target] = {}
        self._waiting: list[int] = []
        self._methods: dict[str, list[str]] = {}
        for key, functions in self.graph.functions.items():
            if functions[0].owner:
                self._methods.setdefault(functions[0].owner, []).append(key)
        self._programs = frozenset(id(entry.program) for entry in found.entries)
        self._roots = {id(entry): self._entry_roots(entry) for entry in found.entries}
        while self._waiting:
            node = self._waiting.pop()
            self._successors[node] = self._expand(node)
        self.condensed: Condensed = condense(self._successors)
        self._folds: dict[Hashable, Any] = {}

    # ------------------------------------------------------------------ bodies

    def _body(self, owner: object, unit: object, main: bool, make: Callable[[], Body]) -> Body:
        key = (id(owner), id(unit), main)
        found = self._bodies.get(key)
        if found is None:
            found = self._bodies[key] = make()
        return found

    def unit_bodies(self, program: Program, main: bool) -> list[Body]:
        """The top-level code of each unit of ``program``, each walked once."""
        return [
            self._body(program, unit, main, lambda u=unit: unit_body(program, u, main))  # type: ignore[misc]
            for unit in program.units
        ]

    def function_bodies(self, key: str) -> list[Body]:
        """The body of each project function named ``key``, each walked once."""
        return [
            self._body(function, function.unit, False, lambda f=function: function_body(f))  # type: ignore[misc]
            for function in self.graph.functions.get(key, ())
        ]

    # ------------------------------------------------------------------ nodes

    def _add(self, kind: int, body: Body | None = None) -> int:
        node = len(self._kinds)
        self._kinds.append(kind)
        self.nodes.append(body)
        self._successors.append([])
        self._waiting.append(node)
        return node

    def _body_node(self, body: Body) -> int:
        node = self._node.get(id(body))
        if node is None:
            node = self._node[id(body)] = self._add(_BODY, body)
        return node

    def _target(self, target: Target) -> int:
        kind, value = target
        key = (kind, id(value) if kind == "program" else value)
        node = self._targets.get(key)
        if node is None:
            node = self._targets[key] = self._add(_CLASS if kind == "class" else _GATE)
            self._gates[node] = target
        return node

    def _entry_roots(self, entry: EntryPoint) -> tuple[int, ...]:
        """The bodies an entry point's run starts with, in the order they are queued."""
        bodies = self.unit_bodies(entry.program, entry.function is None)
        if entry.function:
            bodies += self.function_bodies(entry.function)
        return tuple(self._body_node(body) for body in bodies)

    def _expand(self, node: int) -> list[int]:
        """Where a node leads, in the order a walk meets it (repeats dropped: a walk enters a
        function, program or class once)."""
        body = self.nodes[node]
        if body is not None:
            return list(dict.fromkeys(self._target(t) for t in targets(self.graph, body)))
        kind, value = self._gates[node]
        if kind == "function":
            bodies = self.function_bodies(value)  # type: ignore[arg-type]
        elif kind == "program":
            bodies = self.unit_bodies(value, False)  # type: ignore[arg-type]
        else:
            keys = [k for base in self.graph.mro(value) for k in self._methods.get(base, ())]  # type: ignore[arg-type]
            return list(dict.fromkeys(self._target(("function", key)) for key in keys))
        return [self._body_node(body) for body in bodies]

    # ------------------------------------------------------------------ facts

    def fold(
        self, name: Hashable, value: Callable[[Body], V | None], join: Callable[[V, V], V]
    ) -> list[V | None]:
        """Per component, ``join`` of ``value(body)`` over the bodies it reaches; folded once
        per ``name``, which must stand for ``value`` and ``join``."""
        found = self._folds.get(name)
        if found is None:
            nodes = self.nodes

            def of(node: int) -> V | None:
                body = nodes[node]
                return None if body is None else value(body)

            found = self._folds[name] = self.condensed.fold(of, join)
        return found

    def bodies(self) -> list[Body]:
        """Every body some entry point may run, each once."""
        return [body for body in self.nodes if body is not None]

    def bits(
        self, name: Hashable, wanted: Callable[[Body], bool]
    ) -> tuple[list[int], list[int | None]]:
        """The nodes of the bodies ``wanted`` picks, and per component the set of them it
        reaches (bit ``i`` for the ``i``-th of those nodes)."""
        found = self._folds.get(("bits", name))
        if found is None:
            picked = [n for n, body in enumerate(self.nodes) if body is not None and wanted(body)]
            bit = {node: 1 << index for index, node in enumerate(picked)}
            folded = self.condensed.fold(bit.get, operator.or_)
            found = self._folds[("bits", name)] = (picked, folded)
        return found

    def reach(self, entry: EntryPoint) -> EntryReach:
        """What ``entry`` (one of the project's entry points) may run."""
        excluded: tuple[int, ...] = ()
        if entry.function is None:  # the file run: its code imported is no other code
            excluded = tuple(
                self._node[id(body)]
                for body in self.unit_bodies(entry.program, False)
                if id(body) in self._node
            )
        seen = [self._targets.get(("program", id(entry.program)))]
        if entry.function:
            seen.append(self._targets.get(("function", entry.function)))
        start = frozenset(node for node in seen if node is not None)
        return EntryReach(self, entry, self._roots[id(entry)], start, excluded)

    def walk(
        self, roots: Iterable[int], seen: Iterable[int], live: Callable[[int], bool]
    ) -> Iterator[Body]:
        """The bodies a run starting at ``roots`` meets, in the order it meets them, entering
        only ``live`` nodes. Skipping a node that leads to nothing live changes nothing
        else: what it would have entered leads to nothing live either."""
        kinds, successors, nodes = self._kinds, self._successors, self.nodes
        entered = set(seen)
        pending = [root for root in roots if live(root)]

        def enter(target: int) -> None:
            if target in entered or not live(target):
                return
            entered.add(target)
            if kinds[target] == _CLASS:
                for gate in successors[target]:
                    enter(gate)
            else:
                pending.extend(node for node in successors[target] if live(node))

        while pending:
            node = pending.pop()
            yield nodes[node]  # type: ignore[misc]
            for target in successors[node]:
                enter(target)


@dataclass(frozen=True, eq=False)
class EntryReach:
    """What one entry point may run: asked of the shared graph, never walked in full.

    Facts are asked by a ``name`` that must stand for the function given with it (the
    first asker's fold serves every entry point). Facts of the bodies' nodes are read over
    the program's own top-level code imported too, which holds nothing its run does not.
    """

    graph: ReachGraph
    entry: EntryPoint
    roots: tuple[int, ...]
    seen: frozenset[int]
    excluded: tuple[int, ...]

    def _joined(self, folded: list[V | None], join: Callable[[V, V], V]) -> V | None:
        component = self.graph.condensed.component
        value: V | None = None
        for root in self.roots:
            found = folded[component[root]]
            if found is not None:
                value = found if value is None else join(value, found)
        return value

    def any(self, name: Hashable, flag: Callable[[Body], bool]) -> bool:
        """Whether some body the entry point may run has ``flag``."""
        folded = self.graph.fold(name, lambda body: True if flag(body) else None, operator.or_)
        return bool(self._joined(folded, operator.or_))

    def least_outside(self, name: Hashable, key: Callable[[Body], K | None]) -> K | None:
        """The least ``key`` of the bodies it may run outside its own program."""
        folded = self.graph.fold(name, lambda body: _ranked(key(body), body), _two_least)
        for value, path in self._joined(folded, _two_least) or ():
            if path != self.entry.program.path:
                return value
        return None

    def among(self, name: Hashable, wanted: Callable[[Body], bool]) -> list[Body]:
        """The bodies ``wanted`` picks that the entry point may run, in the graph's order."""
        picked, folded = self.graph.bits(name, wanted)
        bits = self._joined(folded, operator.or_) or 0
        excluded = set(self.excluded)
        found = []
        while bits:
            low = bits & -bits
            bits ^= low
            node = picked[low.bit_length() - 1]
            if node not in excluded:
                found.append(self.graph.nodes[node])
        return found  # type: ignore[return-value]

    def own(self) -> list[Body]:
        """The bodies of its own program it may run (its top-level code and its functions),
        in the graph's order."""
        programs = self.graph._programs
        bodies = self.among(("own",), lambda body: id(body.program) in programs)
        return [body for body in bodies if body.program is self.entry.program]

    def first(self, name: Hashable, wanted: Callable[[Body], bool]) -> Body | None:
        """The first body ``wanted`` picks that the entry point's run meets."""
        reached = self.among(name, wanted)
        if len(reached) < 2:
            return reached[0] if reached else None
        _, folded = self.graph.bits(name, wanted)
        component = self.graph.condensed.component
        chosen = {id(body) for body in reached}
        walk = self.graph.walk(self.roots, self.seen, lambda node: bool(folded[component[node]]))
        return next(body for body in walk if id(body) in chosen)

    def bodies(self) -> Iterator[Body]:
        """Every body it may run, in the order its run meets them."""
        return self.graph.walk(self.roots, self.seen, lambda node: True)

    @property
    def sites(self) -> list[Site]:
        """Every node of the code it may run, body by body as its run meets them."""
        return [site for body in self.bodies() for site in body.sites]


def _ranked(key: K | None, body: Body) -> tuple[tuple[K, str], ...] | None:
    return None if key is None else ((key, body.program.path),)


def _two_least(
    one: tuple[tuple[Any, str], ...], other: tuple[tuple[Any, str], ...]
) -> tuple[tuple[Any, str], ...]:
    """The least (key, program) and the least of another program: enough to know the least
    outside any one program."""
    ordered = sorted({*one, *other})
    best = ordered[0]
    second = next((item for item in ordered if item[1] != best[1]), None)
    return (best,) if second is None else (best, second)


@per_object
def reach_graph(found: Project) -> ReachGraph:
    """The graph of the code the project's entry points may run, built once per project."""
    return ReachGraph(found)


def reach(found: Project, entry: EntryPoint) -> list[Site]:
    """Every node of the code ``entry`` may run: its own top-level code (the main block too,
    unless a console script runs one function of it), the top-level code of the modules it
    imports (without their main blocks), and the project functions it may call."""
    return reach_graph(found).reach(entry).sites


def every_body(found: Project) -> Iterator[Body]:
    """Every body of the non-test code (each program's top-level code with its main block,
    each function), lazily: a caller asking whether any is of some kind stops at the first."""
    graph = reach_graph(found)
    for key in reversed(list(found.graph.functions)):
        yield from reversed(graph.function_bodies(key))
    for program in reversed(found.graph.programs):
        yield from reversed(graph.unit_bodies(program, True))


def everything(found: Project) -> Iterator[Site]:
    """Every node of the non-test code, as :func:`reach` would list it, lazily."""
    for body in every_body(found):
        yield from body.sites


@per_object
def entry_reach(snapshot: Snapshot) -> tuple[tuple[EntryPoint, EntryReach], ...]:
    """Each entry point, the file a reader runs first first, with the code it may run.

    Shared by every rule that asks (REPRO001, REPRO002, REPRO006).
    """
    found = project(snapshot)
    graph = reach_graph(found)
    ordered = sorted(found.entries, key=lambda entry: preference(entry.path))
    return tuple((entry, graph.reach(entry)) for entry in ordered)


def trains(sites: Iterable[Site]) -> bool:
    """The reached code trains: ``backward()``, ``fit()``, an optimizer step,
    ``trainer.train()``."""
    return any(isinstance(site.node, ast.Call) and training_call(site.node) for site in sites)


def body_trains(body: Body) -> bool:
    """The body trains (see :func:`trains`)."""
    return any(isinstance(node, ast.Call) and training_call(node) for node in body.nodes)
