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
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from repocheck.analysis.bodies import Body, Site
from repocheck.analysis.cache import per_object
from repocheck.analysis.entrypoints import EntryPoint, Project, preference, project
from repocheck.analysis.ml_names import is_backward, terminal, tokens
from repocheck.analysis.reach_graph import ReachGraph, Start, reach_graph
from repocheck.analysis.scratch_training import is_hand_update
from repocheck.analysis.scripts import training_call
from repocheck.facts.snapshot import Snapshot

__all__ = [
    "Body",
    "EntryReach",
    "ReachGraph",
    "Site",
    "body_trains",
    "entry_reach",
    "every_body",
    "reach_graph",
]

K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True, eq=False)
class EntryReach:
    """What one entry point may run: asked of the shared graph, never walked in full.

    Facts are asked by a ``name`` that must stand for the function given with it (the
    first asker's fold serves every entry point). Facts of the bodies' nodes are read over
    the program's own top-level code imported too, which holds nothing its run does not.
    """

    graph: ReachGraph
    entry: EntryPoint
    start: Start

    @property
    def roots(self) -> tuple[int, ...]:
        return self.start.roots

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
        excluded = set(self.start.excluded)
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
        graph = self.graph
        bodies = self.among(("own",), lambda body: graph.is_entry_program(body.program))
        return [body for body in bodies if body.program is self.entry.program]

    def first(self, name: Hashable, wanted: Callable[[Body], bool]) -> Body | None:
        """The first body ``wanted`` picks that the entry point's run meets."""
        reached = self.among(name, wanted)
        if len(reached) < 2:
            return reached[0] if reached else None
        _, folded = self.graph.bits(name, wanted)
        component = self.graph.condensed.component
        chosen = {id(body) for body in reached}
        walk = self.graph.walk(
            self.roots, self.start.entered, lambda node: bool(folded[component[node]])
        )
        return next(body for body in walk if id(body) in chosen)

    def bodies(self) -> Iterator[Body]:
        """Every body it may run, in the order its run meets them."""
        return self.graph.walk(self.roots, self.start.entered, lambda node: True)

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


def every_body(found: Project) -> Iterator[Body]:
    """Every body of the non-test code (each program's top-level code with its main block,
    each function), lazily: a caller asking whether any is of some kind stops at the first."""
    graph = reach_graph(found)
    for key in reversed(list(found.graph.functions)):
        yield from reversed(graph.function_bodies(key))
    for program in reversed(found.graph.programs):
        yield from reversed(graph.unit_bodies(program, True))


@per_object
def entry_reach(snapshot: Snapshot) -> tuple[tuple[EntryPoint, EntryReach], ...]:
    """Each entry point, the file a reader runs first first, with the code it may run.

    Shared by every rule that asks (REPRO001, REPRO002, REPRO006).
    """
    found = project(snapshot)
    graph = reach_graph(found)
    ordered = sorted(found.entries, key=lambda entry: preference(entry.path))
    return tuple((entry, _reach(graph, entry)) for entry in ordered)


#: Words of a call's name that say it measures a result: ``accuracy_score``, ``evaluate``,
#: ``confusion_matrix``, ``compute_metrics``, ``f1``.
_MEASURING_WORDS = frozenset(
    {"accuracy", "score", "f1", "precision", "recall", "metric", "metrics", "evaluate"}
    | {"evaluation", "confusion", "auc", "mse", "rmse", "mae", "iou", "dice", "bleu", "rouge"}
)


def body_measures(body: Body) -> bool:
    """The body measures a result: a call named for a metric or an evaluation."""
    return any(
        not _MEASURING_WORDS.isdisjoint(tokens(terminal(node.func) or "")) for node in body.calls
    )


#: Calls that put pictures in front of a reader: ``plt.imshow``, ``plt.show``, ``display``.
_SHOWING = frozenset({"imshow", "show", "display", "subplot", "subplots", "savefig"})


def body_shows(body: Body) -> bool:
    """The body shows pictures: a plot, an image, a notebook's ``display``."""
    return any(terminal(node.func) in _SHOWING for node in body.calls)


#: Methods that wait for a person: a GUI's event loop (``root.mainloop()`` of Tkinter),
#: Streamlit's chat box (``st.chat_input()``); the built-in ``input()`` is the third way.
_WAITING_METHODS = frozenset({"mainloop", "chat_input"})


def _waits(call: ast.Call) -> bool:
    if isinstance(call.func, ast.Name):
        return call.func.id == "input"
    return isinstance(call.func, ast.Attribute) and call.func.attr in _WAITING_METHODS


def body_converses(body: Body) -> bool:
    """The body waits for what a person types or clicks: a chat loop reading ``input()``,
    a window's event loop. What such a program picks at random (a chatbot's reply among its
    canned ones) is how it answers that person, not a result a run reports."""
    return any(_waits(node) for node in body.calls)


#: Calls that move or copy files in place: a script arranging a data set on disk (a
#: validation split moved out of train/) with ``shutil`` or ``os``.
_FILE_ARRANGERS = frozenset(
    {("shutil", n) for n in ("move", "copy", "copy2", "copyfile", "copytree")}
    | {("os", n) for n in ("rename", "replace", "symlink", "link")}
)


def _arranges(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and (func.value.id, func.attr) in _FILE_ARRANGERS
    )


def body_arranges_files(body: Body) -> bool:
    """The body moves or copies files (``shutil.move(path, 'valid')``): what a program that
    also waits for a person's answer picks there lasts on disk, a data split, not a reply."""
    return any(_arranges(node) for node in body.calls)


def body_updates_by_hand(body: Body) -> bool:
    """The body moves a weight by a gradient itself (``W -= lr * dW``): a network from
    scratch trains."""
    return any(is_hand_update(node) for node in body.updates)


def body_trains(body: Body) -> bool:
    """The body trains: ``backward()``, ``fit()``, an optimizer step, ``trainer.train()``."""
    return any(training_call(node) for node in body.calls)


#: Calls that read how much memory or time a run took: a batch-size finder's peak memory, a
#: benchmark's timer. ``time.time()`` is left out: training loops log it everywhere.
_RESOURCE_READS = frozenset(
    {"max_memory_allocated", "max_memory_reserved", "memory_allocated", "memory_reserved"}
    | {"perf_counter", "perf_counter_ns", "elapsed_time", "timeit"}
)


def body_weighs(body: Body) -> bool:
    """The body reads the memory or the time a run took: a profiling or benchmark script."""
    return any(terminal(node.func) in _RESOURCE_READS for node in body.calls)


#: Words in a call's name that build or run an optimizer (``torch.optim.AdamW``,
#: ``make_optimizer``), and optimizers named by their algorithm alone.
_OPTIMIZER_WORDS = frozenset({"optim", "optimizer", "optimiser", "optimizers"})
_OPTIMIZERS = frozenset(
    {"SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam", "RAdam"}
    | {"LBFGS", "Lion", "Adafactor", "SparseAdam", "ASGD", "Rprop"}
)


#: Calls that take gradients other than ``backward()`` (a TensorFlow tape's, JAX's,
#: ``torch.autograd.grad``) or write into a weight (a TensorFlow variable's ``assign_sub``):
#: code that takes them means to move its weights.
_GRADIENT_CALLS = frozenset(
    {"GradientTape", "gradient", "grad", "value_and_grad", "assign_sub", "assign_add"}
)


def _moves_weights(call: ast.Call) -> bool:
    name = terminal(call.func) or ""
    if (training_call(call) and not is_backward(call)) or name in _GRADIENT_CALLS:
        return True
    if isinstance(call.func, ast.Attribute) and call.func.attr == "step":
        return True  # ``scaler.step(optimizer)``, a scheduler's: the loop around it trains
    return name in _OPTIMIZERS or not _OPTIMIZER_WORDS.isdisjoint(tokens(name))


def body_moves_weights(body: Body) -> bool:
    """The body can change a weight: an optimizer built or stepped, a ``fit``, a trainer, a
    weight moved by hand. ``loss.backward()`` alone only fills gradients."""
    return any(_moves_weights(node) for node in body.calls) or body_updates_by_hand(body)


def _reach(graph: ReachGraph, entry: EntryPoint) -> EntryReach:
    return EntryReach(graph, entry, graph.start(entry))
