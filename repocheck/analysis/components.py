"""Strongly connected components of a graph of numbered nodes, and facts folded over them.

What an entry point reaches is the union of what its callees reach. Folding a fact (does
some reached code train? the least of some key over the reached code?) over the graph with
its cycles condensed visits each node and edge once, whatever the number of entry points:
every member of a cycle reaches what the others reach, so a cycle is summarised once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

V = TypeVar("V")


@dataclass(frozen=True)
class Condensed:
    """The components of a graph: ``component[node]``, and each component's successors.

    Components are numbered sinks first: an edge between two components always goes to the
    lower number, so folding in numbering order meets every successor before its callers.
    """

    component: tuple[int, ...]
    members: tuple[tuple[int, ...], ...]
    successors: tuple[tuple[int, ...], ...]

    def fold(self, values: Callable[[int], V | None], join: Callable[[V, V], V]) -> list[V | None]:
        """Per component: ``join`` of ``values(node)`` over every node it reaches (itself
        included); None where no reached node has a value. ``join`` must be associative,
        commutative and idempotent (or, min, set union), as a node may be met twice."""
        folded: list[V | None] = []
        for members, successors in zip(self.members, self.successors, strict=True):
            value: V | None = None
            for node in members:
                own = values(node)
                if own is not None:
                    value = own if value is None else join(value, own)
            for other in successors:
                found = folded[other]
                if found is not None:
                    value = found if value is None else join(value, found)
            folded.append(value)
        return folded


def condense(successors: Sequence[Sequence[int]]) -> Condensed:
    """Tarjan's algorithm, iterative (a call chain thousands deep must not exhaust the
    stack), over nodes ``0 .. len(successors) - 1``."""
    count = len(successors)
    order = [-1] * count  # when each node was first met
    low = [0] * count
    on_stack = [False] * count
    component = [-1] * count
    members: list[tuple[int, ...]] = []
    stack: list[int] = []
    met = 0
    for start in range(count):
        if order[start] != -1:
            continue
        order[start] = low[start] = met
        met += 1
        stack.append(start)
        on_stack[start] = True
        work = [(start, 0)]
        while work:
            node, position = work[-1]
            edges = successors[node]
            if position < len(edges):
                work[-1] = (node, position + 1)
                child = edges[position]
                if order[child] == -1:
                    order[child] = low[child] = met
                    met += 1
                    stack.append(child)
                    on_stack[child] = True
                    work.append((child, 0))
                elif on_stack[child] and order[child] < low[node]:
                    low[node] = order[child]
                continue
            work.pop()
            if work and low[node] < low[work[-1][0]]:
                low[work[-1][0]] = low[node]
            if low[node] == order[node]:
                found = []
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    component[member] = len(members)
                    found.append(member)
                    if member == node:
                        break
                members.append(tuple(found))
    return Condensed(tuple(component), tuple(members), _between(successors, component, members))


def _between(
    successors: Sequence[Sequence[int]], component: list[int], members: list[tuple[int, ...]]
) -> tuple[tuple[int, ...], ...]:
    """Each component's successor components, each once, itself left out."""
    found = []
    for index, nodes in enumerate(members):
        targets = {component[child] for node in nodes for child in successors[node]}
        targets.discard(index)
        found.append(tuple(sorted(targets)))
    return tuple(found)
