"""Random inputs drawn only to measure a shape (REPRO001).

``pseudo_input = torch.randn(1, 3, h, w)`` run through a stack of layers whose output is read
only for ``.shape`` (to size the next layer), or ``x = torch.randn(...)`` run through a model
once, its output never read, before ``torch.onnx.export(model, x, ...)``: the numbers drawn
never reach a result, only the shape does, so seeding would change nothing. The draw may also
be written inline as the argument (``x = model(torch.rand(1, 3, h, w))`` in a scratch notebook
that then prints ``x['x1'].shape``); at the top level of a module or notebook, the result is
read from its assignment up to the next assignment of its name there, in cell order.
A dummy forward pass that only builds a model's weights before they are restored (Keras's
``encoder(tf.random.normal((1, h, w, 3)))``, its output handed on only to another model
call whose result is thrown away) reaches no result either.

Read in the function the draw sits in (or the whole program at its top level), from nodes
sorted once per unit by line, so each draw costs the size of its own function. A draw at top
level (a model file's self-test under ``if __name__ == "__main__":``) may print its own
shape, and its name may also be a parameter or a local of the module's functions
(``def forward(self, signal)``): those are other variables, never reads of the global.
"""

from __future__ import annotations

import ast
import bisect
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from repocheck.analysis.cache import per_object
from repocheck.analysis.imports import Program
from repocheck.analysis.ml_names import is_model_name, terminal
from repocheck.analysis.scopes import functions_around, parameter_names
from repocheck.facts.snapshot import SourceUnit, breadth_first

#: Resolved names of the calls that draw a tensor or array of random numbers.
_DRAW_PREFIXES = ("torch.rand", "numpy.random.", "tensorflow.random.")
#: Attributes that read only the shape of a tensor (``out.shape[1]``, ``out.size(2)``).
_SHAPE_READS = frozenset({"shape", "ndim", "size", "dim", "numel"})
#: Methods that move a tensor to a device or a dtype, keeping its numbers; NumPy's cast
#: (``np.random.randn(1, 3, 8, 8).astype(np.float32)``) is one too.
_MOVES = frozenset({"to", "cuda", "cpu", "float", "double", "half", "astype"})
#: Methods that hand a tensor's numbers on as they are: moves, and conversions to NumPy.
_CONVERSIONS = _MOVES | {"numpy", "detach"}
_KINDS = (ast.Name, ast.Call, ast.Assign, ast.Attribute, ast.Expr, ast.Dict, ast.For)
N = TypeVar("N", bound=ast.AST)
T = TypeVar("T")
#: Nodes that open a scope of their own: their parameters and assignments are local there.
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
#: Methods of a dict of tensors whose loop hands on the tensors: (the loop target's item that
#: holds a tensor, or None for the whole target).
_WALKS = {"items": 1, "values": None}


class _ByLine:
    """One unit's names, calls, assignments and attributes sorted by line, to slice a function."""

    def __init__(self, unit: SourceUnit) -> None:
        self.unit = unit
        self.sorted: dict[type, tuple[list[int], list[ast.AST]]] = {}
        self.named: dict[tuple[str, bool], tuple[list[int], list[ast.Name]]] | None = None
        for kind in _KINDS:
            nodes = sorted(unit.of_type(kind), key=lambda node: node.lineno)  # type: ignore[attr-defined]
            self.sorted[kind] = ([node.lineno for node in nodes], nodes)  # type: ignore[attr-defined]

    def between(self, kind: type, first: int, last: int) -> list[ast.AST]:
        lines, nodes = self.sorted[kind]
        return nodes[bisect.bisect_left(lines, first) : bisect.bisect_right(lines, last)]

    def named_between(self, name: str, first: int, last: int, loads: bool) -> list[ast.Name]:
        """The nodes of ``name`` (only its reads when ``loads``) between the lines, from an
        index by name built once: each draw slicing every name of the lines, and each draw
        into one name sifting its every binding for reads, made a long script quadratic."""
        if self.named is None:
            self.named = {}
            for node in cast("list[ast.Name]", self.sorted[ast.Name][1]):
                for key in ((node.id, False), (node.id, True)):
                    if key[1] and type(node.ctx) is not ast.Load:
                        continue
                    lines, nodes = self.named.setdefault(key, ([], []))
                    lines.append(node.lineno)
                    nodes.append(node)
        lines, nodes = self.named.get((name, loads), ([], []))
        return nodes[bisect.bisect_left(lines, first) : bisect.bisect_right(lines, last)]


@dataclass(frozen=True)
class _Window:
    """Where a name drawn into can be read: lines of some units (every unit at top level)."""

    parts: tuple[tuple[_ByLine, int, int], ...]
    top_level: bool = False
    #: What is read of the whole window, once: the top-level window is every draw's there.
    memo: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def once(self, what: str, read: Callable[[], T]) -> T:
        if what not in self.memo:
            self.memo[what] = read()
        return cast("T", self.memo[what])

    def nodes(self, kind: type[N]) -> Iterator[N]:
        for index, first, last in self.parts:
            yield from cast("list[N]", index.between(kind, first, last))

    def names(self, name: str, loads: bool = False) -> Iterator[ast.Name]:
        """The nodes of ``name`` (only its reads when ``loads``) that can be the drawn
        variable: at top level, not those a function (or comprehension) binds for itself."""
        for index, first, last in self.parts:
            hidden = _scoped_names(index.unit) if self.top_level else frozenset()
            for node in index.named_between(name, first, last, loads):
                if id(node) not in hidden:
                    yield node

    def loads(self, name: str) -> list[ast.Name]:
        return list(self.names(name, loads=True))


#: Each unit's index by the unit's id, and at key 0 the top-level window (see :func:`_window`).
_Indexes = dict[int, "_ByLine | _Window"]


@per_object
def _scoped_names(unit: SourceUnit) -> frozenset[int]:
    """ids of the names inside the unit's functions, lambdas and comprehensions that are
    local there (or in a scope around them): a parameter, a comprehension's target, or a name
    the function assigns without declaring it ``global``. Walked once per unit."""
    found: set[int] = set()
    if unit.tree is None:
        return frozenset()
    stack: list[tuple[ast.AST, tuple[frozenset[str], ...]]] = [(unit.tree, ())]
    while stack:
        node, chain = stack.pop()
        if type(node) is ast.Name:
            if any(node.id in names for names in chain):
                found.add(id(node))
            continue
        if isinstance(node, _SCOPES) or type(node) in _COMPREHENSIONS:
            inside = _scope_children(node)
            within = (*chain, _bound_in(node))
            stack.extend((child, within) for child in inside)
            # Decorators and defaults run in the scope around the function.
            ids = {id(child) for child in inside}
            stack.extend((c, chain) for c in ast.iter_child_nodes(node) if id(c) not in ids)
        else:
            stack.extend((child, chain) for child in ast.iter_child_nodes(node))
    return frozenset(found)


def _scope_children(node: ast.AST) -> list[ast.AST]:
    """What runs inside a scope: a function's body or a lambda's (their decorators and
    defaults run in the scope around them), a comprehension's every part."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return list(node.body)
    if isinstance(node, ast.Lambda):
        return [node.body]
    return list(ast.iter_child_nodes(node))


def _bound_in(scope: ast.AST) -> frozenset[str]:
    """The names ``scope`` binds for itself: its parameters and what it assigns, less what it
    declares ``global`` or ``nonlocal``; a comprehension's targets. Nested scopes are not
    entered: their names are their own."""
    if type(scope) in _COMPREHENSIONS:
        generators = scope.generators  # type: ignore[attr-defined]
        return frozenset(
            node.id
            for generator in generators
            for node in ast.walk(generator.target)
            if type(node) is ast.Name
        )
    bound = set(parameter_names(scope))  # type: ignore[arg-type]
    declared: set[str] = set()
    pending = _scope_children(scope)
    while pending:
        node = pending.pop()
        if type(node) is ast.Name and type(node.ctx) is ast.Store:
            bound.add(node.id)
        elif type(node) in (ast.Global, ast.Nonlocal):
            declared.update(node.names)  # type: ignore[attr-defined]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
            continue
        if isinstance(node, _SCOPES) or type(node) in _COMPREHENSIONS:
            continue
        pending.extend(ast.iter_child_nodes(node))
    return frozenset(bound - declared)


def shape_probe_draws(program: Program, excused: Container[int]) -> set[int]:
    """ids of the nodes of draws assigned to a name that is only measured: every read of it
    is in ``excused`` (inside a tracing or export call) or runs a call whose result is only
    read for its shape, or never read."""
    found: set[int] = set()
    indexes: _Indexes = {}
    # Every draw this reads is spelled with "rand" somewhere in the program (torch.randn,
    # np.random, or the import that names it): the attributes of one that does not are not
    # walked (a library's modules hold hundreds of thousands).
    draws = any("rand" in unit.source for unit in program.units)
    for unit in program.units:
        for statement in unit.of_type(ast.Assign):
            target, value = statement.targets[0], statement.value
            if len(statement.targets) != 1 or type(target) is not ast.Name:
                continue
            if not _draws(program, value):
                found.update(_inline_probes(program, unit, statement, indexes))
                continue
            window = _window(program, unit, statement.lineno, indexes)
            if _only_measured(program, window, target.id, statement, excused):
                found.update(id(node) for node in breadth_first(value))
        for bare in unit.of_type(ast.Expr):
            if _thrown_away_forward(bare.value):
                for argument in bare.value.args:  # type: ignore[attr-defined]
                    if _draws(program, argument):
                        found.update(id(node) for node in breadth_first(argument))
        for attribute in unit.of_type(ast.Attribute) if draws else ():
            for argument in _measured_in_place(program, attribute):
                found.update(id(node) for node in breadth_first(argument))
    return found


def _measured_in_place(program: Program, attribute: ast.Attribute) -> list[ast.expr]:
    """The draws handed straight to a call whose result is read only here, for its shape:
    ``model(torch.randn(2, 4)).shape``, ``net(torch.rand(1, 3, 32, 32))[0].size(1)``."""
    if attribute.attr not in _SHAPE_READS:
        return []
    measured = attribute.value
    while type(measured) is ast.Subscript:
        measured = measured.value
    if type(measured) is not ast.Call or _trains(measured):
        return []
    return [argument for argument in measured.args if _draws(program, argument)]


def _thrown_away_forward(value: ast.expr) -> bool:
    """``decoder(token, features, training=False)`` as a statement of its own: a model run
    whose output nobody reads (it builds the model's weights), not ``print(x)``, a plot, or
    ``model.fit(x)``."""
    if type(value) is not ast.Call or type(value.func) not in (ast.Name, ast.Attribute):
        return False
    return is_model_name(terminal(value.func)) and not _trains(value)


def _inline_probes(
    program: Program, unit: SourceUnit, statement: ast.Assign, indexes: _Indexes
) -> Iterator[int]:
    """ids of the nodes of draws passed straight to a call whose result (``statement``'s one
    name) is only read for its shape, or the shapes of its items, before it is bound again."""
    value, target = statement.value, statement.targets[0]
    if type(value) is not ast.Call or type(target) is not ast.Name:
        return
    inline = [argument for argument in value.args if _draws(program, argument)]
    if not inline or _trains(value):
        return
    window = _window(program, unit, statement.lineno, indexes)
    if unit.tree is not None and statement in unit.tree.body:
        loads = _loads_until_rebound(program, unit, statement, target.id)
    else:
        loads = window.loads(target.id)
    measured = _measured(window)
    if all(id(node) in measured for node in loads):
        for argument in inline:
            yield from (id(node) for node in breadth_first(argument))


def _trains(call: ast.Call) -> bool:
    """``model.fit(np.random.rand(64, 3), y)``: a call that may learn from what it is given."""
    name = call.func.attr if type(call.func) is ast.Attribute else getattr(call.func, "id", "")
    return any(word in name.lower() for word in ("fit", "train", "step", "update"))


def _loads_until_rebound(
    program: Program, unit: SourceUnit, statement: ast.Assign, name: str
) -> list[ast.Name]:
    """The reads of ``name`` that can see the value a top-level ``statement`` binds: those at
    top level after it (in later cells too) up to the next top-level assignment of the name,
    and every read inside a function, which reads the global whenever it is called."""
    start = next(index for index, each in enumerate(program.units) if each is unit)
    after = (start, statement.end_lineno or statement.lineno, statement.end_col_offset or 0)
    inside: list[ast.Name] = []
    top: list[tuple[tuple[int, int, int], ast.Name]] = []
    cut: tuple[int, int, int] | None = None
    local: dict[int, bool] = {}
    for index, each in enumerate(program.units):
        if each.tree is None:
            continue
        rebinds = {
            id(target)
            for assign in each.tree.body
            if type(assign) is ast.Assign
            for target in assign.targets
        }
        for node in each.of_type(ast.Name):
            if node.id != name:
                continue
            around = functions_around(each, node.lineno)
            if around:
                # Only this file's functions can read its global, and only where no
                # parameter or assignment of their own makes the name local.
                global_there = each.path == unit.path and not _local(around[-1], name, local)
                if type(node.ctx) is ast.Load and global_there:
                    inside.append(node)
                continue
            where = (index, node.lineno, node.col_offset)
            if where <= after:
                continue
            if id(node) in rebinds:
                cut = where if cut is None else min(cut, where)
            elif type(node.ctx) is ast.Load:
                top.append((where, node))
    return inside + [node for where, node in top if cut is None or where < cut]


def _local(function: ast.AST, name: str, known: dict[int, bool]) -> bool:
    """Whether ``name`` is local to ``function``: a parameter, or assigned there without a
    ``global`` statement (read once per function)."""
    if id(function) not in known:
        arguments = getattr(function, "args", None)
        names = {a.arg for a in ast.walk(arguments) if type(a) is ast.arg} if arguments else set()
        stored = any(
            type(node) is ast.Name and node.id == name and type(node.ctx) is ast.Store
            for node in ast.walk(function)
        )
        declared = any(
            type(node) is ast.Global and name in node.names for node in ast.walk(function)
        )
        known[id(function)] = (name in names or stored) and not declared
    return known[id(function)]


def _measured(window: _Window) -> set[int]:
    """ids of the names (and subscripts) whose shape is read: ``out.shape``, ``out.size(2)``,
    ``out['x1'].shape``, ``out[0].shape``; and of a dict (or list) of tensors walked by a loop
    or comprehension that reads each tensor only for its shape:
    ``[(key, value.shape) for key, value in out.items()]``. Read once per window."""
    return window.once("measured", lambda: _read_measured(window))


def _read_measured(window: _Window) -> set[int]:
    found = _shape_reads(window.nodes(ast.Attribute))
    loops: list[tuple[ast.expr, ast.expr, ast.AST]] = [
        (loop.iter, loop.target, loop) for loop in window.nodes(ast.For)
    ]
    for comprehension in window.nodes(ast.Call):
        for argument in comprehension.args:  # print(*(v.shape for v in out.values()))
            if type(argument) in _COMPREHENSIONS:
                loops += [(g.iter, g.target, argument) for g in argument.generators]  # type: ignore[attr-defined]
    for assign in window.nodes(ast.Assign):
        if type(assign.value) in _COMPREHENSIONS:
            loops += [(g.iter, g.target, assign.value) for g in assign.value.generators]  # type: ignore[attr-defined]
    for iterated, target, scope in loops:
        walked = _walked_tensors(iterated, target)
        if walked is not None and _read_only_for_shape_in(scope, walked[1], window):
            found.add(id(walked[0]))
    return found


def _shape_reads(attributes: Iterable[ast.Attribute]) -> set[int]:
    """ids of the names (and subscripts) whose shape ``attributes`` read."""
    found: set[int] = set()
    for node in attributes:
        if node.attr not in _SHAPE_READS:
            continue
        measured: ast.expr = node.value
        found.add(id(measured))
        while type(measured) is ast.Subscript:
            measured = measured.value
            found.add(id(measured))
    return found


def _walked_tensors(iterated: ast.expr, target: ast.expr) -> tuple[ast.Name, str] | None:
    """``(out, value)`` for ``for key, value in out.items()`` or ``for value in out.values()``:
    the walked name's read, and the name its tensors are bound to. A loop over the name itself
    is not read: it may be a loader, whose iteration draws and feeds a training step."""
    if type(iterated) is not ast.Call or type(iterated.func) is not ast.Attribute:
        return None
    if iterated.args or iterated.keywords or iterated.func.attr not in _WALKS:
        return None
    holder, item = iterated.func.value, _WALKS[iterated.func.attr]
    if type(holder) is not ast.Name:
        return None
    if item is not None:
        if type(target) is not ast.Tuple or len(target.elts) != 2:
            return None
        target = target.elts[item]
    return (holder, target.id) if type(target) is ast.Name else None


def _read_only_for_shape_in(scope: ast.AST, name: str, window: _Window) -> bool:
    """Whether every read of ``name`` inside the loop or comprehension ``scope`` measures its
    shape; a loop's variable also outlives the loop, so no read of it may follow in the window.
    Walks only the loop or comprehension."""
    nodes = list(ast.walk(scope))
    reads = [n for n in nodes if type(n) is ast.Name and n.id == name and type(n.ctx) is ast.Load]
    measured = _shape_reads(n for n in nodes if type(n) is ast.Attribute)
    if not reads or not all(id(read) in measured for read in reads):
        return False  # a walk that reads no tensor may be for its side effects
    if type(scope) is not ast.For:
        return True
    inside = {id(read) for read in reads}
    return all(id(read) in inside for read in window.loads(name))


def _draws(program: Program, value: ast.expr) -> bool:
    """``torch.randn(...)``, also moved to a device or a dtype: ``torch.randn(...).to(device)``
    and ``np.random.randn(...).astype(np.float32)`` draw the same numbers."""
    while (
        type(value) is ast.Call
        and type(value.func) is ast.Attribute
        and value.func.attr in _MOVES
        and type(value.func.value) is ast.Call
    ):
        value = value.func.value
    if type(value) is not ast.Call:
        return False
    return (program.resolve(value.func) or "").startswith(_DRAW_PREFIXES)


def _window(program: Program, unit: SourceUnit, line: int, indexes: _Indexes) -> _Window:
    """The window of a draw at ``line``; ``indexes`` holds each unit's index (by id) and, at
    key 0, the top-level window, which every top-level draw shares."""

    def index(of: SourceUnit) -> _ByLine:
        if id(of) not in indexes:
            indexes[id(of)] = _ByLine(of)
        return cast("_ByLine", indexes[id(of)])

    around = functions_around(unit, line)
    if around:
        inner = around[-1]
        return _Window(((index(unit), inner.lineno, inner.end_lineno or inner.lineno),))
    # At top level, a function of the module may read the name as a global: read them all.
    if 0 not in indexes:
        parts = tuple((index(each), 0, 1 << 30) for each in program.units)
        indexes[0] = _Window(parts, top_level=True)
    return cast("_Window", indexes[0])


def _only_measured(
    program: Program, window: _Window, name: str, drawn: ast.Assign, excused: Container[int]
) -> bool:
    loads = window.loads(name)
    if not loads or not _rebound_only_to_draws(program, window, name, drawn):
        return False  # never read (nothing to excuse), or rebound: a later value may matter
    runs = window.once(
        "runs", lambda: {id(arg): call for call in window.nodes(ast.Call) for arg in call.args}
    )
    assigned = window.once(
        "assigned", lambda: {id(node.value): node for node in window.nodes(ast.Assign)}
    )
    thrown = _thrown_away(window)
    measured = _measured(window)
    for load in loads:
        if id(load) in excused or id(load) in measured:
            continue  # traced or exported, or its own shape printed: f"input: {x.shape}"
        call = runs.get(id(load)) or _fed(window, load, runs, assigned)
        if call is not None and id(call) in thrown:
            continue
        result = assigned.get(id(call)) if call is not None else None
        if result is None or len(result.targets) != 1 or type(result.targets[0]) is not ast.Name:
            return False
        if not _read_only_for_shape(window, result.targets[0].id):
            return False
    return True


def _fed(
    window: _Window, load: ast.Name, runs: dict[int, ast.Call], assigned: dict[int, ast.Assign]
) -> ast.Call | None:
    """The call a read hands the drawn numbers to as its input, converted or packed in a feed
    dict: ``session.run(None, {"input": x.numpy()})``, or the dict assigned to a name read
    once, as that call's argument (an exported model run once on its example input)."""
    carrier: ast.expr = load
    for call in window.nodes(ast.Call):
        func = call.func
        if type(func) is ast.Attribute and func.value is load and func.attr in _CONVERSIONS:
            carrier = call
            break
    for literal in window.nodes(ast.Dict):
        if any(value is carrier for value in literal.values):
            carrier = literal
            break
    if carrier is load:
        return None  # handed on as it is: the caller judges the direct argument
    if id(carrier) in runs:
        return runs[id(carrier)]
    holder = assigned.get(id(carrier))
    if holder is None or len(holder.targets) != 1 or type(holder.targets[0]) is not ast.Name:
        return None
    reads = window.loads(holder.targets[0].id)
    return runs.get(id(reads[0])) if len(reads) == 1 else None


def _stores(window: _Window, drawn: ast.Assign) -> Iterator[ast.Name]:
    """Other assignments to the name ``drawn`` binds in the window than ``drawn`` itself."""
    target = drawn.targets[0]
    for node in window.names(target.id) if type(target) is ast.Name else ():
        if type(node.ctx) is ast.Store and node is not target:
            yield node


def _rebound_only_to_draws(program: Program, window: _Window, name: str, drawn: ast.Assign) -> bool:
    """Whether every other binding of ``name`` in the window is itself ``name = <draw>`` (the
    same probe drawn again in another branch, ``try:`` and its fallback): every read is
    judged below, so no later value escapes the check."""
    stores = [node for node in _stores(window, drawn) if node.id == name]
    if not stores:
        return True
    drawn_again = {
        id(assign.targets[0])
        for assign in window.nodes(ast.Assign)
        if len(assign.targets) == 1 and _draws(program, assign.value)
    }
    return all(id(node) in drawn_again for node in stores)


def _thrown_away(window: _Window) -> set[int]:
    """ids of the model calls in the window whose result is thrown away."""
    return window.once(
        "thrown",
        lambda: {
            id(bare.value) for bare in window.nodes(ast.Expr) if _thrown_away_forward(bare.value)
        },
    )


def _read_only_for_shape(window: _Window, name: str) -> bool:
    """Whether every read of ``name`` measures its shape or hands it on to a model call whose
    result is thrown away (``decoder(token, features)`` building the decoder's weights)."""
    measured = _measured(window)
    loads = window.loads(name)
    if all(id(node) in measured for node in loads):
        return True
    thrown = _thrown_away(window)
    into = {
        id(argument)
        for call in window.nodes(ast.Call)
        if id(call) in thrown
        for argument in call.args
    }
    return all(id(node) in measured or id(node) in into for node in loads)
