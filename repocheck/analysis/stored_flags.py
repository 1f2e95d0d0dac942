"""Switches a constructor stores from its parameters, read where the object is built (REPRO001).

A prediction script builds ``PrecipDataset(rows, augment=False)``; the dataset's ``__init__``
stores ``self.augment = augment`` and its ``__getitem__`` flips at random only under
``if self.augment:``. The DataLoader then indexes a dataset whose flips never run, while the
training script's ``augment=True`` still draws. :func:`constructed_constants` gives the
constants a construction stores, as ``("self.augment", False)``, for the protocol methods the
object's user runs later (``analysis.fixed_flags`` decides ``if self.augment:`` by them).

An attribute counts only where nothing else can change it: the constructor stores the
parameter, unchanged, in a statement of its own body; no other store to ``self.<attr>`` is in
the methods of the class or its project bases; and no code of the project stores an attribute
of that name on another object (``ds.augment = True``) or through ``setattr``.
"""

from __future__ import annotations

import ast
import bisect

from repocheck.analysis.callgraph import ProjectGraph
from repocheck.analysis.fixed_flags import Bound, bound_constants
from repocheck.analysis.scopes import parameter_names
from repocheck.facts.snapshot import SourceUnit

_ByLine = tuple[list[int], list[ast.Attribute]]


def _is_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "self"


def _self_stores(graph: ProjectGraph, unit: SourceUnit) -> _ByLine:
    """The unit's stores to ``self.<attr>`` (any statement: ``+=``, a tuple, a ``for``), by
    line, read once per unit."""
    key = ("self stores", id(unit))
    found = graph.derived.get(key)
    if found is None:
        stores = sorted(
            (
                node
                for node in unit.of_type(ast.Attribute)
                if isinstance(node, ast.Attribute)
                and type(node.ctx) is not ast.Load
                and _is_self(node.value)
            ),
            key=lambda node: node.lineno,
        )
        found = graph.derived[key] = ([node.lineno for node in stores], stores)
    return found  # type: ignore[return-value]


def _stored_from_outside(graph: ProjectGraph) -> frozenset[str]:
    """Attribute names the project stores on objects other than ``self`` (``ds.augment =
    True``) or names to ``setattr``: read once per graph."""
    key = "attributes stored from outside"
    found = graph.derived.get(key)
    if found is None:
        names: set[str] = set()
        for program in graph.programs:
            for unit in program.units:
                for node in unit.of_type(ast.Attribute, ast.Call):
                    if isinstance(node, ast.Attribute):
                        if type(node.ctx) is not ast.Load and not _is_self(node.value):
                            names.add(node.attr)
                    elif (
                        isinstance(node, ast.Call)
                        and isinstance(node.func, ast.Name)
                        and node.func.id == "setattr"
                    ):
                        given = node.args[1] if len(node.args) > 1 else None
                        if isinstance(given, ast.Constant) and isinstance(given.value, str):
                            names.add(given.value)
                        else:
                            names.add("*")  # any attribute at all
        found = graph.derived[key] = frozenset(names)
    return found  # type: ignore[return-value]


def stored_parameters(graph: ProjectGraph, cls: str) -> dict[str, str]:
    """``self.<attr>`` -> the constructor parameter it holds unchanged, for ``cls``."""
    key = ("stored parameters", cls)
    found = graph.derived.get(key)
    if found is None:
        found = graph.derived[key] = _stored_parameters(graph, cls)
    return found  # type: ignore[return-value]


def init_stores(init: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, str]:
    """``self.<attr>`` -> the parameter a constructor stores in it unchanged, by a statement
    of its own body (``self.augment = augment``), the parameter never rebound there."""
    rebound = {
        name.id
        for name in ast.walk(init)
        if isinstance(name, ast.Name) and type(name.ctx) is not ast.Load
    }
    parameters = parameter_names(init) - rebound
    stored: dict[str, str] = {}
    for statement in init.body:
        if (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Attribute)
            and _is_self(statement.targets[0].value)
            and isinstance(statement.value, ast.Name)
            and statement.value.id in parameters
        ):
            stored[statement.targets[0].attr] = statement.value.id
    return stored


def _stored_parameters(graph: ProjectGraph, cls: str) -> dict[str, str]:
    inits = graph.method(cls, "__init__")
    functions = graph.functions.get(inits[0], []) if inits else []
    if len(functions) != 1:
        return {}
    node = functions[0].scope.node
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return {}
    stored = init_stores(node)
    outside = _stored_from_outside(graph)
    if not stored or "*" in outside:
        return {}
    counts: dict[str, int] = {}
    for owner in graph.mro(cls):
        for method in graph.methods_of(owner):
            scope = method.scope.node
            lines, stores = _self_stores(graph, method.unit)
            first = bisect.bisect_left(lines, scope.lineno)
            last = bisect.bisect_right(lines, scope.end_lineno or scope.lineno)
            for store in stores[first:last]:
                counts[store.attr] = counts.get(store.attr, 0) + 1
    return {
        attr: parameter
        for attr, parameter in stored.items()
        if counts.get(attr) == 1 and attr not in outside
    }


def constructed_constants(graph: ProjectGraph, cls: str, call: ast.Call) -> Bound:
    """The constants ``call`` (building ``cls``) leaves in the object's attributes, keyed
    ``self.<attr>``, for the methods the object's user runs later."""
    stored = stored_parameters(graph, cls)
    if not stored:
        return ()
    init = graph.functions[graph.method(cls, "__init__")[0]][0].scope.node
    assert isinstance(init, (ast.FunctionDef, ast.AsyncFunctionDef))
    held = dict(bound_constants(call, init, frozenset(stored.values()), method=True))
    return tuple(
        (f"self.{attr}", held[parameter]) for attr, parameter in stored.items() if parameter in held
    )
