"""The bodies every entry point may run, as one graph built once per project.

Nodes are bodies (:mod:`bodies`), and what following them reaches: a function key or a
program (a gate: entering it queues its bodies) and a class (building it enters each
method's gate). The graph is condensed into strongly connected components
(:mod:`components`), so a fact of the reached code is folded once for all entry points.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any, NamedTuple, TypeVar

from repocheck.analysis.bodies import Body, Target, function_body, targets, unit_body
from repocheck.analysis.cache import per_object
from repocheck.analysis.components import Condensed, condense
from repocheck.analysis.entrypoints import EntryPoint, Project
from repocheck.analysis.imports import Program

V = TypeVar("V")
#: A body, a gate (a function key or a program: entering it runs its bodies), a class
#: (building it reaches each method, each a gate of its own).
_BODY, _GATE, _CLASS = 0, 1, 2


class Start(NamedTuple):
    """Where an entry point's run starts (:meth:`ReachGraph.start`)."""

    roots: tuple[int, ...]
    entered: frozenset[int]
    excluded: tuple[int, ...]


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

    def start(self, entry: EntryPoint) -> Start:
        """Where ``entry``'s run starts: its first bodies, in the order they are queued, the
        nodes entered from the start (its own program, its function), and the bodies of its
        own program imported, which it never runs (the file run is no other module)."""
        excluded: tuple[int, ...] = ()
        if entry.function is None:
            imported = (
                self._bodies.get((id(entry.program), id(u), False)) for u in entry.program.units
            )
            excluded = tuple(
                self._node[id(b)] for b in imported if b is not None and id(b) in self._node
            )
        seen = [self._targets.get(("program", id(entry.program)))]
        if entry.function:
            seen.append(self._targets.get(("function", entry.function)))
        entered = frozenset(node for node in seen if node is not None)
        return Start(self._roots[id(entry)], entered, excluded)

    def is_entry_program(self, program: Program) -> bool:
        """Whether some entry point runs ``program`` (or a function of it)."""
        return id(program) in self._programs

    def walk(
        self, roots: Iterable[int], seen: Iterable[int], live: Callable[[int], bool]
    ) -> Iterator[Body]:
        """The bodies a run starting at ``roots`` meets, in the order it meets them, entering
        only ``live`` nodes. Skipping a node that leads to nothing live changes nothing
        else: what it would have entered leads to nothing live either."""
        kinds, successors, nodes = self._kinds, self._successors, self.nodes
        entered = set(seen)
        # A stack whose top is the next body run: the roots, and each body's callees, pushed
        # last first, so the first call's code is met before the second's and the first
        # root's (a notebook's first cell) before the next.
        pending = [root for root in roots if live(root)]
        pending.reverse()

        def enter(target: int, found: list[int]) -> None:
            if target in entered or not live(target):
                return
            entered.add(target)
            if kinds[target] == _CLASS:
                for gate in successors[target]:
                    enter(gate, found)
            else:
                found.extend(node for node in successors[target] if live(node))

        while pending:
            node = pending.pop()
            yield nodes[node]  # type: ignore[misc]
            found: list[int] = []
            for target in successors[node]:
                enter(target, found)
            found.reverse()
            pending.extend(found)


@per_object
def reach_graph(found: Project) -> ReachGraph:
    """The graph of the code the project's entry points may run, built once per project."""
    return ReachGraph(found)
