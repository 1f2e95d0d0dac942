"""Whether each entry point seeds a library before it draws from it (REPRO001).

The walk follows an entry point's statements in order, into the project functions it calls
and the project modules it imports (their top-level code runs at import), and summarises each
function once: the libraries it seeds, and the draws it makes before seeding their library.
A caller that seeded a library first makes the callee's draws of it seeded.

Precision comes first, so the walk is generous to seeding and strict about draws: a method
matched by name alone (``trainer.setup()`` on an object of unknown class) counts for the
seeds it makes, never for its draws; callbacks handed over by name and the methods a
framework calls later (``__getitem__``, ``forward``) count as drawing at some later time, so
they are unseeded only when nothing on the path seeds their library at all.
"""

from __future__ import annotations

import ast
import bisect
import dataclasses
import functools
from collections.abc import Callable, Collection, Container, Sequence
from dataclasses import dataclass, field

from repocheck.analysis.bodies import Body
from repocheck.analysis.cache import LEAVES, blocks, children, per_object
from repocheck.analysis.callgraph import Function, Place, ProjectGraph, Targets, call_targets
from repocheck.analysis.cli_defaults import argument_defaults
from repocheck.analysis.discarded_results import (
    Discarded,
    assigns_only,
    builds_only,
    dead_names,
    discarded_positions,
    unpacked_names,
)
from repocheck.analysis.draw_context import (
    PLAIN,
    DrawContext,
    Restorations,
    draw_context,
    example_inputs,
    fit_hook_draws,
    guarded_loaders,
    imported_names,
    initialiser_fills,
    loaded_after,
    parameter_inits,
    restorations,
    restorations_within,
    training_mode_draws,
)
from repocheck.analysis.draw_summary import Summary, add_draws
from repocheck.analysis.draws import (
    GENERATOR_CONSTRUCTORS,
    LIBRARIES,
    Use,
    random_use,
    seed_targets,
)
from repocheck.analysis.entrypoints import EntryPoint, is_registered, project, registers_by_call
from repocheck.analysis.fixed_flags import (
    Bound,
    ParameterTests,
    bound_constants,
    decided,
    evaluated,
    top_level_switch,
    with_constants,
)
from repocheck.analysis.imports import Call, Program, keyword
from repocheck.analysis.ml_names import terminal
from repocheck.analysis.named_draws import (
    only_colours,
    only_names_a_file,
    only_paces,
    only_shows_a_message,
)
from repocheck.analysis.reach import (
    body_arranges_files,
    body_converses,
    body_measures,
    body_moves_weights,
    body_shows,
    body_trains,
    body_updates_by_hand,
    body_weighs,
    entry_reach,
)
from repocheck.analysis.seeding import NamesRead, find_randomness, names_read_by
from repocheck.analysis.shown_draws import draws_charts, only_picks_what_is_shown, only_plotted
from repocheck.analysis.stored_flags import constructed_constants
from repocheck.analysis.toplevel import is_main_guard
from repocheck.analysis.unbound_names import stopping_statement
from repocheck.facts.snapshot import Snapshot, SourceUnit

#: Call depth the walk follows; deeper chains are cut (their seeds and draws unseen).
MAX_DEPTH = 80
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_IMPORTS = (ast.Import, ast.ImportFrom)
_SKIP = LEAVES - {ast.Name}
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
#: Runners that call the function handed to them before they return (``app.run(main)``):
#: its draws and seeds happen there, in order, not at some later time like a callback's.
_RUNS_AT_ONCE = frozenset(
    {"absl.app.run", "tensorflow.app.run", "tensorflow.compat.v1.app.run", "fire.Fire", "typer.run"}
)
#: Calls that start workers in fresh interpreters, each importing the script again: seeds
#: (and deterministic switches) the parent set in its main block do not reach them (see
#: :meth:`_Walker._spawns`).
SPAWNS = frozenset(
    {
        "torch.multiprocessing.spawn",
        "torch.multiprocessing.start_processes",
        "torch.multiprocessing.spawn.spawn",
        "torch.multiprocessing.spawn.start_processes",
    }
)
#: The keyword each runner takes its function by, when not given first.
_RUN_KEYWORDS = ("main", "component", "function")


@dataclass
class _Frame:
    """``dead``: names whose values the caller of this function throws away; ``block`` and
    ``position``: the statements being run and which of them runs now; ``scope_ends``: the
    block is a function's body or a program's top level, after which its names are gone;
    ``constants``: parameters the call gave a constant, which decide the ``if`` they test."""

    summary: Summary
    place: Place
    unit: SourceUnit
    dead: frozenset[str] = frozenset()
    block: Sequence[ast.stmt] = ()
    position: int = 0
    scope_ends: bool = False
    constants: dict[str, object] = field(default_factory=dict)


def _parts(node: ast.stmt) -> tuple[list[ast.AST], list[list[ast.stmt]]]:
    """(expressions evaluated first, statement blocks run after) of one statement."""
    if isinstance(node, (ast.If, ast.While)):
        return [node.test], [node.body, node.orelse]
    if isinstance(node, (ast.For, ast.AsyncFor)):
        return [node.iter], [node.body, node.orelse]
    if isinstance(node, (ast.With, ast.AsyncWith)):
        return [item.context_expr for item in node.items], [node.body]
    if isinstance(node, ast.Try):
        handlers = [handler.body for handler in node.handlers]
        return [], [node.body, *handlers, node.orelse, node.finalbody]
    if isinstance(node, ast.Match):
        return [node.subject], [case.body for case in node.cases]
    return [node], []


_NESTED_TYPES = frozenset(_NESTED)
_SKIP_AND_NESTED = _SKIP | _NESTED_TYPES


#: Literals that hold what they are given: a model built inside one is kept to be used later.
_HOLDERS = frozenset({ast.List, ast.Tuple, ast.Set, ast.Dict})


def _events(
    root: ast.AST,
) -> tuple[list[tuple[ast.AST, bool]], frozenset[int], dict[int, ast.Dict]]:
    """Calls and name references in ``root`` with whether they run later (lambda bodies,
    references), outside nested definitions; calls in evaluation order (inner first). Then
    the ids of the calls that are items of a list, tuple, set or dict literal (held there,
    as a dict of models is, to be used later), and the dict literal each name given as one
    of its values is in (``{"large": conformer_large}``)."""
    calls: list[tuple[ast.AST, bool]] = []
    references: list[ast.AST] = []
    held: set[int] = set()
    tabled: dict[int, ast.Dict] = {}
    # Written out (the walk of every expression of every function): exact types, as the
    # parser makes them, and each node's "runs later" on a stack of its own, not in a pair.
    stack: list[ast.AST] = [root]
    later: list[bool] = [False]
    while stack:
        node, deferred = stack.pop(), later.pop()
        kind = type(node)
        if kind is ast.Call:
            calls.append((node, deferred))
        elif (kind is ast.Name or kind is ast.Attribute) and type(node.ctx) is ast.Load:  # type: ignore[attr-defined]
            references.append(node)
        inner = children(node, _SKIP_AND_NESTED)
        if inner:
            stack.extend(inner)
            later.extend([deferred or kind is ast.Lambda] * len(inner))
            if kind in _HOLDERS:
                held.update(id(item) for item in inner if type(item) is ast.Call)
            if kind is ast.Dict:
                assert isinstance(node, ast.Dict)
                tabled.update((id(value), node) for value in node.values)
    funcs = {id(call.func) for call, _ in calls if isinstance(call, ast.Call)}
    calls.sort(key=lambda item: _end(item[0]))
    found = calls + [(ref, True) for ref in references if id(ref) not in funcs]
    return found, frozenset(held), tabled


def _drawn_when_fitted(use: Use) -> bool:
    """A scikit-learn or imbalanced-learn object (an estimator, a sampler, a search, a
    splitter: a class, named in capitals) draws when it is fitted or split, from its own
    ``random_state`` or NumPy's global generator, not when it is built."""
    name = (use.call.name or "").rsplit(".", 1)[-1]
    return use.library in ("sklearn", "imblearn") and name[:1].isupper()


def _end(node: ast.AST) -> tuple[int, int]:
    return (getattr(node, "end_lineno", 0) or 0, getattr(node, "end_col_offset", 0) or 0)


#: Parameters handed an object of a project class: (parameter, class key) pairs.
Handed = tuple[tuple[str, str], ...]


class _Walker:
    """Summaries of functions, module imports and entry points, each computed once."""

    def __init__(self, graph: ProjectGraph, shadowed: frozenset[str], snapshot: Snapshot) -> None:
        self.graph = graph
        self._own_classes: dict[str, bool] = {}
        self.shadowed = shadowed
        self.snapshot = snapshot
        self._read: dict[int, NamesRead] = {}
        self.functions: dict[str, Summary] = {}
        self.modules: dict[int, Summary] = {}
        self._active: list[object] = []
        self._calls: dict[int, Call] = {}
        # Calls whose unpacked results are partly thrown away, and the summaries of their
        # callees for those results alone.
        self._unpacked: dict[int, list[str]] = {}
        self._partial: dict[tuple[str, Discarded, Bound], Summary] = {}
        # Summaries of callees for calls that decide some of their branches by constants, or
        # hand objects of project classes to their parameters.
        self._fixed: dict[tuple[str, Bound, Handed], Summary] = {}
        self._tested: dict[int, frozenset[str]] = {}
        self._parameter_tests: dict[int, ParameterTests] = {}
        self._scope_reads: dict[int, frozenset[str]] = {}
        self._names_by_line: dict[int, tuple[list[int], list[ast.Name]]] = {}
        # Names of functions a runner calls at once, run by that call, not as callbacks.
        self._run_at_once: set[int] = set()
        # Each function's parameters whose methods it calls.
        self._receivers: dict[int, frozenset[str]] = {}
        # Classmethod factories (``return cls(n)``) -> the class each builds, None if none.
        self._factories: dict[str, str | None] = {}
        # The commands a script's framework runs, met while its top-level code is read.
        self._registered_keys: list[str] | None = None

    @functools.cached_property
    def unfilled(self) -> frozenset[int]:
        """Draws seeded by a parameter that defaults to None and no caller fills."""
        return find_randomness(self.snapshot).unfilled

    @functools.cached_property
    def unfilled_switches(self) -> frozenset[int]:
        """Seeding calls behind a test of a parameter that defaults to None and no caller
        fills: they never run."""
        return find_randomness(self.snapshot).unfilled_switches

    def read_by(self, program: Program) -> NamesRead:
        """Names ``program`` may read: a generator bound to another name never draws."""
        found = self._read.get(id(program))
        if found is None:
            found = self._read[id(program)] = names_read_by(self.snapshot, program)
        return found

    def function(self, key: str) -> Summary:
        """What calling the project function ``key`` does."""
        known = self.functions.get(key)
        if known is not None:
            return known
        if key in self._active or len(self._active) > MAX_DEPTH:
            return Summary()  # recursion: what the outer call does is already being read
        self._active.append(key)
        summary = Summary()
        for function in self.graph.functions.get(key, ()):
            frame = _Frame(summary, self._place(function), function.unit)
            self._run(function.scope.node.body, frame, main=False, scope=True)
            for inner in _returned_inner(function, self.graph):
                summary.absorb(self.function(inner), deferred=True)
        self._active.pop()
        self.functions[key] = summary
        return summary

    def _place(self, function: Function) -> Place:
        """Where ``function``'s body runs, its parameters annotated with a project class
        (``agent: Agent``) known to hold one: ``agent.act()`` then runs ``Agent.act``."""
        place = Place(function.program, function)
        arguments = function.scope.node.args
        for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs):
            if argument.annotation is None:
                continue
            cls = self.graph.class_of(function.program.resolve(argument.annotation))
            if cls:
                place.types[argument.arg] = cls
        return place

    def partial(self, key: str, shape: Discarded, bound: Bound = ()) -> Summary:
        """What calling ``key`` does for a caller that throws away some of the values it
        returns: draws that build only those values are left out, and the branches the
        call's constants ``bound`` decide (:meth:`fixed`) are read as they run."""
        whole = self.fixed(key, bound) if bound else self.function(key)
        if key in self._active:
            return whole
        known = self._partial.get((key, shape, bound))
        if known is not None:
            return known
        functions = self.graph.functions.get(key, ())
        dead = [dead_names(function.scope.node, shape) for function in functions]
        if not any(dead):
            self._partial[(key, shape, bound)] = whole
            return whole
        self._active.append(key)
        summary = Summary()
        for function, names in zip(functions, dead, strict=True):
            place = self._place(function)
            frame = _Frame(summary, place, function.unit, names, constants=dict(bound))
            self._run(function.scope.node.body, frame, main=False, scope=True)
        self._active.pop()
        self._partial[(key, shape, bound)] = summary
        return summary

    def _only_function(
        self, key: str
    ) -> tuple[Function, ast.FunctionDef | ast.AsyncFunctionDef] | None:
        """The one function ``key`` names, with its definition; None for a key several
        definitions share, or a lambda's."""
        functions = self.graph.functions.get(key, ())
        if len(functions) != 1:
            return None
        node = functions[0].scope.node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        return functions[0], node

    def bound(self, key: str, call: ast.Call, program: Program) -> Bound:
        """The constants ``call`` (in ``program``) gives the parameters an ``if`` of ``key``
        tests, when ``key`` is one function (``analysis.fixed_flags``)."""
        only = self._only_function(key)
        if only is None:
            return ()
        function, node = only
        tested = self._tested.get(id(node))
        if tested is None:
            tests = self._parameter_tests.get(id(function.unit))
            if tests is None:
                tests = self._parameter_tests[id(function.unit)] = ParameterTests(function.unit)
            tested = self._tested[id(node)] = tests.tested(node)
        if not tested:
            return ()
        return bound_constants(
            call, node, tested, method=self._bound_method(function, call, program)
        )

    def _bound_method(self, function: Function, call: ast.Call, program: Program) -> bool:
        """Whether ``call`` runs ``function`` as a method of an object, which fills its first
        parameter: a method called through its class (``Renderer.rays(r, ...)``) is given
        the object as its first argument, as a plain function is."""
        through_class = type(call.func) is ast.Attribute and bool(
            self.graph.class_of(program.resolve(call.func.value))
        )
        return function.owner is not None and not through_class

    def handed(self, key: str, call: ast.Call, frame: _Frame) -> Handed:
        """The parameters of ``key`` that ``call`` hands an object of a project class, where
        ``key`` calls a method of that parameter: ``run_pipeline(ModelSelection(data))``
        gives ``pipeline`` in ``pipeline.run()`` the class ``ModelSelection``."""
        program = frame.place.program
        given: dict[int | str, str] = {}
        for index, argument in enumerate(call.args):
            if isinstance(argument, ast.Starred):
                break  # positions after it are not told
            cls = self._class_handed(argument, frame)
            if cls:
                given[index] = cls
        for item in call.keywords:
            cls = self._class_handed(item.value, frame) if item.arg else None
            if cls and item.arg:
                given[item.arg] = cls
        only = self._only_function(key) if given else None
        if only is None:
            return ()
        function, node = only
        names = [argument.arg for argument in (*node.args.posonlyargs, *node.args.args)]
        skip = 1 if self._bound_method(function, call, program) else 0
        receivers = self._receivers_of(node)
        found: dict[str, str] = {}
        for where, cls in given.items():
            name = where if isinstance(where, str) else None
            if isinstance(where, int) and where + skip < len(names):
                name = names[where + skip]
            if name in receivers:
                found[name] = cls
        return tuple(sorted(found.items()))

    def _class_handed(self, argument: ast.expr, frame: _Frame) -> str | None:
        """The project class of an object passed as an argument: built in place
        (``ModelSelection(data)``) or held by a name the walk typed (``stage``)."""
        if isinstance(argument, ast.Call):
            return self.graph.class_of(frame.place.program.resolve(argument.func))
        if isinstance(argument, ast.Name):
            return frame.place.types.get(argument.id)
        return None

    def _receivers_of(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
        """The names whose methods the function's body calls (``pipeline`` in
        ``pipeline.run()``), nested functions and classes left out."""
        known = self._receivers.get(id(node))
        if known is None:
            found: set[str] = set()
            stack: list[ast.AST] = list(node.body)
            while stack:
                current = stack.pop()
                if isinstance(current, _DEFINITIONS):
                    continue
                if (
                    isinstance(current, ast.Call)
                    and isinstance(current.func, ast.Attribute)
                    and isinstance(current.func.value, ast.Name)
                ):
                    found.add(current.func.value.id)
                stack.extend(ast.iter_child_nodes(current))
            known = self._receivers[id(node)] = frozenset(found)
        return known

    def fixed(self, key: str, bound: Bound, handed: Handed = ()) -> Summary:
        """What calling ``key`` does when the call's constants ``bound`` decide some of its
        branches: the draws of a branch that does not run are left out. ``handed``: objects
        of project classes the call hands its parameters (:meth:`handed`), whose methods then
        run as that class's, not loosely as any project method of the name."""
        whole = self.function(key)  # reached all the same, and summarised as usual
        if key in self._active or (handed and len(self._active) > MAX_DEPTH):
            return whole
        # Leaving branches out of code that neither draws nor seeds changes nothing; typed
        # methods may draw what the loose reading of the same calls could not count.
        if not handed and not (whole.used or whole.seeds):
            return whole
        known = self._fixed.get((key, bound, handed))
        if known is not None:
            return known
        self._active.append(key)
        summary = Summary()
        function = self.graph.functions[key][0]
        place = self._place(function)
        place.types.update(handed)
        frame = _Frame(summary, place, function.unit, constants=dict(bound))
        self._run(function.scope.node.body, frame, main=False, scope=True)
        self._active.pop()
        self._fixed[(key, bound, handed)] = summary
        return summary

    def module(self, program: Program) -> Summary:
        """What importing ``program`` does: its top-level code, without the main block."""
        known = self.modules.get(id(program))
        if known is not None:
            return known
        if id(program) in self._active or len(self._active) > MAX_DEPTH:
            return Summary()
        self._active.append(id(program))
        summary = self.program(program, main=False)
        self._active.pop()
        self.modules[id(program)] = summary
        return summary

    def program(self, program: Program, *, main: bool) -> Summary:
        """Run a program's top-level code (notebook cells in order), then, for a script, the
        commands its framework runs (``@click.command()``), which run after that code."""
        summary = Summary()
        outer, self._registered_keys = self._registered_keys, [] if main else None
        place = Place(program)
        # A notebook loads weights a cell after building the model: one block for restoring.
        block = [s for unit in program.units for s in unit.tree.body]  # type: ignore[union-attr]
        loads = restorations(block, imported_names(program), guarded_loaders(program))
        offset = 0
        switches: dict[str, object] = {}  # set in one cell, tested in a later one
        for unit in program.units:
            assert unit.tree is not None
            frame = _Frame(summary, place, unit, constants=switches)
            self._run(
                unit.tree.body,
                frame,
                main=main,
                loads=loads,
                offset=offset,
                block=block,
                scope=True,
            )
            offset += len(unit.tree.body)
        keys, self._registered_keys = self._registered_keys, outer
        for key in keys or ():
            summary.absorb_command(self.function(key))
        return summary

    def entry(self, entry: EntryPoint) -> Summary:
        """What running the entry point does. A script may run the command-line app of a
        module it imports (``app.add_typer(train_app)``, then ``app()``): the commands such
        modules register by a call run later; a notebook importing them runs no app."""
        if entry.function is None:
            self._active.append(id(entry.program))
            summary = self.program(entry.program, main=True)
            self._active.pop()
        else:
            summary = Summary()
            summary.absorb(self.module(entry.program))
            summary.absorb(self.function(entry.function))
        if summary.commands and not entry.path.endswith(".ipynb"):
            for key in sorted(summary.commands):
                summary.absorb(self.function(key), deferred=True)
        return summary

    def _own_class(self, function: Function | None) -> bool:
        """``function`` is a method of a class that, with its project bases, is built on
        nothing outside the project: no framework reads the attributes it sets."""
        owner = function.owner if function else None
        if owner is None or owner not in self.graph.classes:
            return False
        known = self._own_classes.get(owner)
        if known is None:
            known = self._own_classes[owner] = self.graph.derives_from_nothing(owner)
        return known

    # ------------------------------------------------------------------ statements

    def _run(
        self,
        statements: list[ast.stmt],
        frame: _Frame,
        *,
        main: bool,
        loads: Restorations | None = None,
        offset: int = 0,
        block: Sequence[ast.stmt] | None = None,
        scope: bool = False,
    ) -> None:
        """Run ``statements``, which stand at ``offset`` in ``block`` (a notebook's cells
        read as one block; by default, the statements themselves); ``scope``: they are a
        function's body or a program's top level."""
        if loads is None:
            program = frame.place.program
            loads = restorations(statements, imported_names(program), guarded_loaders(program))
        whole = statements if block is None else block
        for index, statement in enumerate(statements, offset):
            frame.block, frame.position, frame.scope_ends = whole, index, scope
            if scope and frame.place.function is None and type(statement) is ast.Assign:
                switch = top_level_switch(frame.place.program, statement)
                if switch is not None:
                    frame.constants[switch[0]] = switch[1]
            if not isinstance(statement, _DEFINITIONS):
                function = frame.place.function
                context = draw_context(
                    statement,
                    index,
                    loads,
                    frame.place.program,
                    self.read_by(frame.place.program),
                    function.scope.node if function else None,
                    self._own_class(function),
                )
                if frame.dead and assigns_only(statement, frame.dead):
                    context = dataclasses.replace(context, discarded=True)
                later = loaded_after(loads, index, statement)
                self._statement(statement, frame, main, context, later)
                if frame.constants and _returns_here(statement, frame.constants):
                    break  # ``if not randomized: return z``: the rest does not run
                if (
                    scope
                    and frame.place.function is None
                    and statement is stopping_statement(frame.place.program, self.snapshot)
                ):
                    break  # a name the script never binds: NameError, the rest does not run
            elif main and frame.place.function is None:
                self._registered(statement, frame)

    def _registered(self, statement: ast.stmt, frame: _Frame) -> None:
        """A command the entry point's framework runs (``@app.command()``) runs later: after
        the top-level code (:meth:`program` runs it once that code is read)."""
        if is_registered(statement, frame.place.program):
            assert isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef))
            key = f"{frame.place.program.module}.{statement.name}"
            if self._registered_keys is None:
                frame.summary.absorb(self.function(key), deferred=True)
            else:
                self._registered_keys.append(key)

    def _statement(
        self,
        statement: ast.stmt,
        frame: _Frame,
        main: bool,
        context: DrawContext = PLAIN,
        later: frozenset[str] = frozenset(),
    ) -> None:
        """Run one statement; ``later``: names the enclosing block loads saved weights into
        after it, for the branches of an ``if`` (:func:`loaded_after`)."""
        if isinstance(statement, _IMPORTS):
            for program in self.graph.imported_by(frame.place.program, statement):
                frame.summary.absorb(self.module(program))
            return
        if isinstance(statement, ast.If) and is_main_guard(statement):
            self._run(statement.body if main else statement.orelse, frame, main=main)
            return
        if not main and frame.place.function is None and registers_by_call(statement):
            self._note_commands(statement, frame)
            return
        if isinstance(statement, ast.Assign):
            self._note_unpacking(statement, frame, main)
        expressions, blocks = _parts(statement)
        if frame.constants and isinstance(statement, ast.If):
            expressions = list(evaluated(statement.test, frame.constants))
            taken = decided(statement.test, frame.constants)
            if taken is not None:
                blocks = [statement.body if taken else statement.orelse]
        for expression in expressions:
            self._expression(expression, frame, context, statement)
        for block in blocks:
            modules = imported_names(frame.place.program)
            guarded = guarded_loaders(frame.place.program)
            loads = restorations_within(block, later, modules, guarded) if later else None
            self._run(block, frame, main=main, loads=loads)
        if isinstance(statement, ast.Assign):
            self._remember_type(statement, frame.place)

    def _note_commands(self, statement: ast.stmt, frame: _Frame) -> None:
        """``app.command(name="train")(train)`` in a module only imported: ``train`` runs
        when a script runs the app (or one it mounts), not on import; :meth:`entry` decides."""
        assert isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)
        for argument in statement.value.args:
            if isinstance(argument, (ast.Name, ast.Attribute)):
                targets = call_targets(self.graph, argument, frame.place)
                if targets.exact:
                    frame.summary.commands.update(targets.now, targets.later)

    def _note_unpacking(self, statement: ast.Assign, frame: _Frame, main: bool) -> None:
        """``a, b, c = f(...)``: the names, remembered for the call, whose callee may then be
        read for the values the scope uses alone. At the top level only in the program run
        as main: another module may import a module's names."""
        names = unpacked_names(statement)
        if names is not None and (frame.place.function is not None or main):
            self._unpacked[id(statement.value)] = names

    def _discarded(self, names: list[str], frame: _Frame) -> Discarded | None:
        """Which of the unpacked ``names`` no code of the frame's scope reads; asked only
        for a call of a project function, so each scope is read once at most."""
        function = frame.place.function
        key = id(function.scope.node) if function is not None else id(frame.place.program)
        read = self._scope_reads.get(key)
        if read is None:
            if function is not None:
                node = function.scope.node
                found = self._names_between(frame.unit, node.lineno, node.end_lineno or 0)
            else:
                found = [
                    name for unit in frame.place.program.units for name in unit.of_type(ast.Name)
                ]
            read = self._scope_reads[key] = frozenset(
                name.id for name in found if type(name.ctx) is not ast.Store
            )
        return discarded_positions(names, read)

    def _names_between(self, unit: SourceUnit, first: int, last: int) -> list[ast.Name]:
        """The unit's names on lines ``first`` to ``last``, from the names sorted by line once."""
        index = self._names_by_line.get(id(unit))
        if index is None:
            ordered = sorted(unit.of_type(ast.Name), key=lambda name: name.lineno)
            index = self._names_by_line[id(unit)] = ([n.lineno for n in ordered], ordered)
        lines, ordered = index
        return ordered[bisect.bisect_left(lines, first) : bisect.bisect_right(lines, last)]

    def _remember_type(self, statement: ast.Assign, place: Place) -> None:
        """``x = ProjectClass(...)``: later ``x.f()`` calls run that class's ``f``; ``x =
        library.Model(...)``: later ``x.f()`` calls run the library's, no project method."""
        value = statement.value
        cls = (
            self.graph.class_of(place.program.resolve(value.func))
            if isinstance(value, ast.Call)
            else None
        )
        library = not cls and self.graph.builds_library_object(place.program, value)
        for target in statement.targets:
            if isinstance(target, ast.Name):
                if cls:
                    place.types[target.id] = cls
                else:
                    place.types.pop(target.id, None)
                if library:
                    place.library.add(target.id)
                else:
                    place.library.discard(target.id)

    def _expression(
        self,
        root: ast.AST,
        frame: _Frame,
        context: DrawContext = PLAIN,
        statement: ast.stmt | None = None,
    ) -> None:
        events, held, tabled = _events(root)
        for node, deferred in events:
            if isinstance(node, ast.Call):
                built = context.discarded and statement is not None
                if built and not builds_only(statement, node):  # type: ignore[arg-type]
                    context_now = dataclasses.replace(context, discarded=False)
                    self._call(node, frame, deferred, context_now, id(node) in held)
                else:
                    self._call(node, frame, deferred, context, id(node) in held)
            else:
                self._reference(node, frame, tabled.get(id(node)))

    def _call(
        self,
        node: ast.Call,
        frame: _Frame,
        deferred: bool,
        context: DrawContext,
        held: bool = False,
    ) -> None:
        program = frame.place.program
        call = self._calls.get(id(node))
        if call is None:
            call = self._calls[id(node)] = Call(frame.unit, node, program.resolve(node.func))
        if id(node) not in self.unfilled_switches:
            for library in seed_targets(call, program):
                frame.summary.seed(library, call)
        use = random_use(call, program, self.shadowed)
        if use is not None and frame.constants and self._switched_off(call, frame):
            use = None  # DataLoader(ds, shuffle=shuffle), called with shuffle=False
        if use is not None and use.seeded and id(node) in self.unfilled:
            use = dataclasses.replace(use, seeded=False)  # random_state=seed, seed=None
        if use is not None and (
            id(node) in parameter_inits(program) or id(node) in initialiser_fills(program)
        ):
            use = dataclasses.replace(use, initialises=True)
        if use is not None and id(node) in training_mode_draws(program):
            use = dataclasses.replace(use, training_only=True)
        if use is not None and id(node) in fit_hook_draws(program):
            use = dataclasses.replace(use, fit_only=True)
        if use is not None and held and _drawn_when_fitted(use):
            # A dict or list of models is fitted later, by whatever walks it: when, the walk
            # does not know, so the draw is seeded if anything on the path seeds its library.
            use = dataclasses.replace(use, when_iterated=True)
        if use is not None and _counts(use, context, program) and not self._names(node, frame):
            frame.summary.draw(use, deferred or use.when_iterated)
        if call.name in _RUNS_AT_ONCE:
            self._runs_handed(node, frame, deferred)
        elif call.name in SPAWNS:
            self._spawns(node, frame)
        targets = call_targets(self.graph, node.func, frame.place, node)
        names = self._unpacked.get(id(node))
        exact = names is not None and targets.exact and targets.now
        shape = self._discarded(names, frame) if exact else None  # type: ignore[arg-type]
        self._absorb(targets, frame, deferred, restored=context.restored, shape=shape, call=node)

    def _spawns(self, node: ast.Call, frame: _Frame) -> None:
        """``mp.spawn(worker, args=..., nprocs=n)``: each worker starts in a fresh interpreter
        that imports the worker's module again (its top-level seeds run there too) and then
        runs the worker, with none of the seeds the parent set since."""
        handed = node.args[0] if node.args else keyword(node, "fn")
        if not isinstance(handed, (ast.Name, ast.Attribute)):
            return
        targets = call_targets(self.graph, handed, frame.place)
        if not (targets.exact and targets.now):
            return
        self._run_at_once.add(id(handed))
        for key in targets.now:
            worker = Summary()
            for function in self.graph.functions.get(key, ())[:1]:
                worker.absorb(self.module(function.program))
            worker.absorb(self.function(key))
            frame.summary.absorb_fresh(worker)

    def _runs_handed(self, node: ast.Call, frame: _Frame, deferred: bool) -> None:
        """``app.run(main)``, ``fire.Fire(main)``: the runner calls ``main`` now, so a seed
        ``main`` makes after its draws (on another branch) leaves them unseeded."""
        handed = next((keyword(node, name) for name in _RUN_KEYWORDS if keyword(node, name)), None)
        handed = node.args[0] if node.args else handed
        if not isinstance(handed, (ast.Name, ast.Attribute)):
            return
        if self.graph.class_of(frame.place.program.resolve(handed)):
            return  # fire.Fire(Commands): a class's methods run as commands, later
        targets = call_targets(self.graph, handed, frame.place)
        if targets.exact and targets.now:
            self._run_at_once.add(id(handed))
            self._absorb(targets, frame, deferred)

    def _switched_off(self, call: Call, frame: _Frame) -> bool:
        """A draw whose switch the frame's call fixed: asked again with the constants written
        in (``analysis.fixed_flags``), it draws nothing."""
        written = with_constants(call.node, frame.constants)
        if written is None:
            return False
        fixed = Call(call.unit, written, call.name)
        return random_use(fixed, frame.place.program, self.shadowed) is None

    @staticmethod
    def _names(node: ast.Call, frame: _Frame) -> bool:
        """A draw made text that only names a file the run writes, or a pick of a message only
        shown, a pause between requests or a plot's colour (``analysis.named_draws``), or a
        pick of examples only shown, or numbers only plotted (``analysis.shown_draws``)."""
        block, position = frame.block, frame.position
        if position >= len(block):
            return False
        function = frame.place.function
        scope = function.scope.node if function is not None else None
        around = scope if function is not None else frame.unit.tree
        cell = function is None and frame.unit.cell is not None
        return (
            only_names_a_file(node, block, position, scope_ends=frame.scope_ends, scope=scope)
            or only_shows_a_message(node, block, position)
            or only_paces(node, block, position)
            or only_colours(node, block, position)
            or only_picks_what_is_shown(node, block, position, around, cell=cell)
            or (
                draws_charts(frame.place.program)
                and only_plotted(node, block, position, around, frame.place.program.resolve)
            )
        )

    def _reference(self, node: ast.AST, frame: _Frame, table: ast.Dict | None = None) -> None:
        """A project function handed over by name (a callback) runs at some later time; a
        class named (listed, passed as a type) is not built by being named, nor is a
        function listed beside classes in a dict (``table``) of what a key builds
        (``{"conformer": Conformer, "large": conformer_large}``): a factory like them, run
        where a key picks it, whose caller may load saved weights into what it returns."""
        assert isinstance(node, (ast.Name, ast.Attribute))
        if id(node) in self._run_at_once:
            return  # run by the runner it was handed to (:meth:`_runs_handed`)
        targets = call_targets(self.graph, node, frame.place)
        if not targets.exact or not (targets.now or targets.later):
            return  # most names are no project function: ask no more of them
        resolve = frame.place.program.resolve
        if self.graph.class_of(resolve(node)):
            return
        if table is not None and any(
            isinstance(value, (ast.Name, ast.Attribute)) and self.graph.class_of(resolve(value))
            for value in table.values
        ):
            return
        self._absorb(targets, frame, deferred=True)

    def _absorb(
        self,
        targets: Targets,
        frame: _Frame,
        deferred: bool,
        *,
        restored: bool = False,
        shape: Discarded | None = None,
        call: ast.Call | None = None,
    ) -> None:
        loose = not targets.exact
        for key in targets.now:
            if loose:
                callee = self.function(key)
            else:
                bound = self.bound(key, call, frame.place.program) if call is not None else ()
                handed = self.handed(key, call, frame) if call is not None else ()
                if handed:
                    callee = self.fixed(key, bound, handed)
                elif shape is not None:
                    callee = self.partial(key, shape, bound)
                else:
                    callee = self.fixed(key, bound) if bound else self.function(key)
            frame.summary.absorb(callee, deferred=deferred, loose=loose, restored=restored)
            built = self._factory_builds(key) if not loose else None
            if built is not None:  # Net.from_config(n) returns cls(n): the class is built
                for constructor in self.graph.construct(built).now:
                    frame.summary.absorb(self.function(constructor), deferred=deferred)
        stored = self._stored(call, frame) if targets.later and not loose else ()
        for key in targets.later:
            callee = self.fixed(key, stored) if stored else self.function(key)
            frame.summary.absorb(callee, deferred=True, loose=loose)

    def _factory_builds(self, key: str) -> str | None:
        """The class a classmethod factory builds (``return cls(n)``), asked of a call that
        reaches it exactly: a method reached only by its name builds nothing it can vouch
        for, and a loose match would bring the seeds of whatever that class's construction
        reaches."""
        known = self._factories.get(key, "")
        if known != "":
            return known
        found = None
        only = self._only_function(key)
        if only is not None and only[0].owner is not None:
            function, node = only
            decorators = {getattr(d, "id", None) for d in node.decorator_list}
            # Only a classmethod's body is walked for its returns.
            if "classmethod" in decorators and any(
                isinstance(r, ast.Return)
                and isinstance(r.value, ast.Call)
                and isinstance(r.value.func, ast.Name)
                and r.value.func.id == "cls"
                for r in ast.walk(node)
            ):
                found = function.owner
        self._factories[key] = found
        return found

    def _stored(self, call: ast.Call | None, frame: _Frame) -> Bound:
        """The switches ``call`` building a project class stores in the object
        (``analysis.stored_flags``): ``Dataset(rows, augment=False)`` indexed later draws
        none of the flips under ``if self.augment:``."""
        if call is None:
            return ()
        cls = self.graph.class_of(frame.place.program.resolve(call.func))
        return constructed_constants(self.graph, cls, call) if cls else ()


def _returned_inner(function: Function, graph: ProjectGraph) -> list[str]:
    """The functions defined inside ``function`` that it returns by name (``return op``): a
    factory's caller calls what it is given, at some later time, as it would a callback."""
    node = function.scope.node
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return []
    returned: list[str] = []
    stack: list[ast.AST] = list(node.body)
    while stack:  # the function's own statements: a nested def's returns are its own
        statement = stack.pop()
        if isinstance(statement, ast.Return) and isinstance(statement.value, ast.Name):
            returned.append(f"{function.key}.{statement.value.id}")
        elif not isinstance(statement, _DEFINITIONS):
            stack.extend(blocks(statement))
    return [key for key in dict.fromkeys(returned) if key in graph.functions]


def _returns_here(statement: ast.stmt, constants: dict[str, object]) -> bool:
    """An ``if`` the constants decide whose branch taken ends in a return or a raise."""
    if not isinstance(statement, ast.If):
        return False
    taken = decided(statement.test, constants)
    block = statement.body if taken else statement.orelse
    return taken is not None and bool(block) and isinstance(block[-1], (ast.Return, ast.Raise))


def _counts(use: Use, context: DrawContext, program: Program) -> bool:
    """Whether a draw in a statement read in ``context`` can change a result. A restored
    model's drawn start is overwritten, as is an estimator's draw when it is fitted: one
    loaded into before it is fitted (``rf = RandomForestRegressor()``, then
    ``rf.load_model(path)``) is never fitted from its own draws."""
    restored = context.restored and (use.initialises or _drawn_when_fitted(use))
    if context.picks_seed or context.example_input or restored:
        return False
    if context.discarded:
        return False  # built for a value the caller throws away
    if use.when_iterated and id(use.call.node) == context.unread_call:
        return False  # a loader assigned to names nothing reads is never iterated
    if id(use.call.node) in example_inputs(program)[0]:
        return False  # torch.jit.trace(model, torch.rand(1, 3, 224, 224))
    return not (context.idle_generator and use.call.name in GENERATOR_CONSTRUCTORS)


def _initialises(unseeded: dict[str, list[Use]]) -> bool:
    return any(_for_training(use) or use.picks for uses in unseeded.values() for use in uses)


def _for_training(use: Use) -> bool:
    """A draw that matters only where the model trains: its initial weights, a draw a
    module makes only in training mode, or one in a hook only ``Trainer.fit`` runs."""
    return use.initialises or use.training_only or use.fit_only


def _reached(
    snapshot: Snapshot, entry: EntryPoint, name: str, flag: Callable[[Body], bool]
) -> bool:
    """Whether some body the entry point may run has ``flag``; the reach is shared with
    REPRO002/006."""
    return any(
        reached.any(name, flag) for found, reached in entry_reach(snapshot) if found is entry
    )


#: Methods a DataLoader runs in its worker processes: a map-style dataset's items, an
#: iterable one's iterator.
_WORKER_METHODS = frozenset({"__getitem__", "__getitems__", "__iter__"})
#: Libraries PyTorch seeds in each DataLoader worker from torch's generator (NumPy since 1.9).
_WORKER_SEEDED = frozenset({"random", "numpy"})


def _starts_workers(node: ast.expr, defaults: dict[str, list[object]]) -> bool:
    """``num_workers`` known to be more than 0: a number, or an option (``args.workers``)
    every declaration of which defaults to one. A number the code does not show may be 0."""
    values: list[object]
    if isinstance(node, ast.Constant):
        values = [node.value]
    elif isinstance(node, (ast.Attribute, ast.Name)):
        values = defaults.get(node.attr if isinstance(node, ast.Attribute) else node.id, [])
    else:
        return False
    positive = [v for v in values if isinstance(v, int) and not isinstance(v, bool) and v > 0]
    return bool(values) and len(positive) == len(values)


def _is_torch_dataset(graph: ProjectGraph, cls: str) -> bool:
    """The project class derives from one of PyTorch's datasets (``torch.utils.data``), or
    PyTorch Geometric's, which a DataLoader indexes in its workers; a loader written by hand
    runs its ``__getitem__`` in the main process."""
    for key in graph.mro(cls):
        for info in graph.classes.get(key, ()):
            for base in info.node.bases:
                dotted = info.program.resolve(base) or ""
                if dotted.startswith(("torch.utils.data.", "torch_geometric.data.")):
                    return True
    return False


class _Workers:
    """The draws a project's datasets make in DataLoader workers, read once per snapshot and
    only when some entry point seeds torch and leaves ``random`` or NumPy unseeded.

    PyTorch seeds ``random`` and NumPy in each worker from torch's generator: with torch
    seeded, a ``__getitem__`` that draws its negative samples with ``random.randint`` draws
    the same ones on every run. Without workers it runs in the main process, unseeded.
    """

    def __init__(self, snapshot: Snapshot, walker: _Walker) -> None:
        self.snapshot = snapshot
        self.walker = walker

    @functools.cached_property
    def methods(self) -> list[str]:
        """The datasets' worker methods, picked by name first: only a ``__getitem__`` has
        its classes read."""
        graph = self.walker.graph
        return [
            key
            for key, functions in graph.functions.items()
            if key.rpartition(".")[2] in _WORKER_METHODS
            and any(f.owner and _is_torch_dataset(graph, f.owner) for f in functions)
        ]

    @functools.cached_property
    def defaults(self) -> dict[str, list[object]]:
        """The command-line options' defaults, for ``num_workers=args.workers``."""
        return argument_defaults(self.walker.graph.programs)

    def loads_in_workers(self, body: Body) -> bool:
        """The body builds a DataLoader known to start worker processes."""
        for node in body.calls:
            if (terminal(node.func) or "").endswith("DataLoader"):
                workers = keyword(node, "num_workers")
                if workers is not None and _starts_workers(workers, self.defaults):
                    return True
        return False

    def draws(self, entry: EntryPoint) -> set[int]:
        """The draws the datasets make in the workers of a DataLoader the entry point builds;
        it reads the summaries the walk already made."""
        if not self.methods or not _reached(
            self.snapshot, entry, "loads in workers", self.loads_in_workers
        ):
            return set()
        found: set[int] = set()
        for key in self.methods:
            summary = self.walker.functions.get(key)
            if summary is None:
                continue  # no entry point has run it yet
            for library in _WORKER_SEEDED:
                for use in (*summary.early.get(library, ()), *summary.later.get(library, ())):
                    found.add(id(use.call.node))
        return found


def _trains(snapshot: Snapshot, entry: EntryPoint) -> bool:
    """Whether the path trains: a training call, or a weight moved by hand."""
    return _reached(snapshot, entry, "trains", body_trains) or _reached(
        snapshot, entry, "updates by hand", body_updates_by_hand
    )


def _without_initialisation(
    used: set[str], unseeded: dict[str, list[Use]], seeds: dict[str, Call], *, looks: bool
) -> tuple[set[str], dict[str, list[Use]]]:
    """A path that never trains uses a model's initial weights for nothing that lasts (it
    loads weights in a way not seen, counts parameters, exports), and runs its modules in
    eval mode, where a dropout written by hand draws nothing: those draws change no result.
    Where it shows pictures and measures nothing (a demo predicting a random test image, an
    exploration plotting random samples: ``looks``), a pick of items only chooses what to look
    at; a bootstrap's resampling, which prints an estimate, still counts. A library drawn
    only that way is then not used at all."""

    def idle(use: Use) -> bool:
        return _for_training(use) or (use.picks and looks)

    kept = {lib: [use for use in uses if not idle(use)] for lib, uses in unseeded.items()}
    dropped = {lib for lib, uses in kept.items() if not uses and lib not in seeds}
    return used - dropped, {lib: uses for lib, uses in kept.items() if uses}


def _only_weighs(snapshot: Snapshot, entry: EntryPoint) -> bool:
    """Whether the path reads only how much memory or time its work took: it reads the
    peak memory or a timer, measures no result and moves no weight (a batch-size finder
    running random batches forward and backward, a benchmark timing a kernel on random
    input). What it draws, and the initial weights, change the numbers it computes but not
    the memory or time it reports."""
    return (
        _reached(snapshot, entry, "weighs", body_weighs)
        and not _reached(snapshot, entry, "moves weights", body_moves_weights)
        and not _reached(snapshot, entry, "measures", body_measures)
    )


@dataclass(frozen=True)
class EntryRandomness:
    """One entry point's path: the libraries it draws from, seeds, and draws unseeded."""

    entry: EntryPoint
    used: frozenset[str]
    seeds: dict[str, Call]
    unseeded: dict[str, list[Use]]


@dataclass(frozen=True)
class PathRandomness:
    """Every entry point's randomness, and the project functions no entry point runs."""

    entries: tuple[EntryRandomness, ...]
    entry_count: int
    graph: ProjectGraph
    _walker: _Walker = field(repr=False, compare=False)
    _reached: frozenset[str] = field(repr=False, compare=False)

    def idle_seeders(
        self, libraries: Collection[str], names: Container[str]
    ) -> list[tuple[Function, Summary]]:
        """Each function no entry point runs and no code names whose own code seeds one of
        ``libraries``, with its summary, in the project's order.

        Summaries are what :attr:`unreached` holds; they are made (every unreached
        function's, in order, as a cycle's summary depends on where it is entered) only
        when some such function has a seeding call of its own, which is seldom.
        """
        candidates = [
            function
            for key, functions in self.graph.functions.items()
            if key not in self._reached
            for function in functions
            if function.scope.name not in names and _seeds_itself(function, libraries)
        ]
        return [(function, self.unreached[function.key]) for function in candidates]

    @functools.cached_property
    def unreached(self) -> dict[str, Summary]:
        """Function key -> summary of each function no entry point runs, for seeding helpers.

        Summarised when first asked (only when some library goes unseeded): nothing else
        uses the walker, so it is as the entry points left it.
        """
        return {
            key: self._walker.function(key)
            for key in self.graph.functions
            if key not in self._reached
        }


def _seeds_itself(function: Function, libraries: Collection[str]) -> bool:
    """Whether a call in the function's lines seeds one of ``libraries``."""
    unit, node, program = function.unit, function.scope.node, function.program
    inside = range(node.lineno, (node.end_lineno or node.lineno) + 1)
    return any(
        call.lineno in inside
        and not seed_targets(Call(unit, call, program.resolve(call.func)), program).isdisjoint(
            libraries
        )
        for call in unit.of_type(ast.Call)
    )


def shadowed_libraries(snapshot: Snapshot) -> frozenset[str]:
    """Library names the repository shadows with its own module (a ``random.py``)."""
    roots = {info.path.split("/")[0].removesuffix(".py") for info in snapshot.files}
    return frozenset(LIBRARIES) & frozenset(roots)


@per_object
def path_randomness(snapshot: Snapshot) -> PathRandomness:
    """Randomness on the path of each entry point of the snapshot's non-test code."""
    found = project(snapshot)
    walker = _Walker(found.graph, shadowed_libraries(snapshot), snapshot)
    results = []
    workers = _Workers(snapshot, walker)
    for entry in found.entries:
        summary = walker.entry(entry)
        unseeded = {lib: list(uses) for lib, uses in summary.early.items() if uses}
        in_workers: set[int] | None = None
        for library, uses in summary.later.items():
            if library in summary.seeds or not uses:
                continue
            if library in _WORKER_SEEDED and "torch" in summary.seeds:
                if in_workers is None:
                    in_workers = workers.draws(entry)
                uses = [use for use in uses if id(use.call.node) not in in_workers]
            if uses:
                add_draws(unseeded, library, uses)
        used = set(summary.used)
        if _initialises(unseeded) and not _trains(snapshot, entry):
            # A path that shows pictures, or answers a person who types (a chatbot's reply),
            # and measures nothing: its picks choose what that person sees.
            # A script asking for a confirmation before it moves the files it picked (a
            # validation split) converses with no one: what it picks lasts.
            shows = _reached(snapshot, entry, "shows", body_shows) or (
                _reached(snapshot, entry, "converses", body_converses)
                and not _reached(snapshot, entry, "arranges files", body_arranges_files)
            )
            looks = shows and not _reached(snapshot, entry, "measures", body_measures)
            used, unseeded = _without_initialisation(used, unseeded, summary.seeds, looks=looks)
        if unseeded and _only_weighs(snapshot, entry):
            used, unseeded = {lib for lib in used if lib in summary.seeds}, {}
        if used:
            results.append(EntryRandomness(entry, frozenset(used), summary.seeds, unseeded))
    reached = frozenset(walker.functions)
    return PathRandomness(tuple(results), len(found.entries), found.graph, walker, reached)


def seeded_where_it_trains(snapshot: Snapshot, library: str) -> bool | None:
    """Whether some entry point whose path trains and draws from ``library`` seeds it on that
    path; None when no such entry point exists (then where the seed is cannot be told this
    way: a scikit-learn run says nothing of where torch is seeded).

    A seed in an exploration notebook that trains nothing makes no training run repeat
    itself: ``notebooks/eda.ipynb`` seeding torch says nothing of ``train.py``.
    """
    training = [
        entry
        for entry in path_randomness(snapshot).entries
        if library in entry.used and _trains(snapshot, entry.entry)
    ]
    if not training:
        return None
    return any(library in entry.seeds for entry in training)
