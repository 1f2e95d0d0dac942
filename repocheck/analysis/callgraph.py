"""Where a call goes inside the project: its functions, classes, methods and modules.

Rules that follow a program's path (REPRO001, REPRO006) ask "which of the project's own
functions can this call run?". Names resolve through the imports (``set_seed`` imported from
``mingpt.utils`` is ``mingpt.utils.set_seed``), a class call runs its ``__init__``,
``self.f()`` runs the method of the class or a project base class, ``x.f()`` runs the
method of the class ``x`` was built from in the same function, and ``self.x.f()`` that of
the classes the class, its bases and its subclasses build into ``self.x``. A method called on an object
whose class is unknown is matched by name only: callers decide what such a loose match may
count for.
"""

from __future__ import annotations

import ast
import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeGuard

from repocheck.analysis.imports import Program, dotted_index
from repocheck.analysis.missing_modules import is_project_module_name
from repocheck.analysis.scopes import Scope, walk_scoped
from repocheck.analysis.toplevel import module_level
from repocheck.facts.snapshot import SourceUnit

if TYPE_CHECKING:
    from repocheck.analysis.config_targets import ConfiguredTargets

_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)
#: How many ``__init__.py`` files a name may be passed on through before it is given up.
_MAX_REEXPORT_HOPS = 3
#: Methods a class's users run without naming them: constructors ...
CONSTRUCTORS = ("__init__", "__post_init__")
#: ... and those a framework calls later: a DataLoader indexes the dataset, a model is called,
#: Lightning and Keras run their hooks. Lightning's hooks run only on a class deriving from
#: something (Lightning's base), never on a plain class that merely names a method
#: ``train_dataloader``: there it runs only where the code calls it.
PROTOCOL = (
    "__call__", "forward", "__getitem__", "__iter__", "__next__", "call", "build",
    "setup", "prepare_data", "train_dataloader", "val_dataloader", "test_dataloader",
    "predict_dataloader", "training_step", "validation_step", "test_step", "predict_step",
    "configure_optimizers", "on_fit_start", "on_train_start", "on_train_epoch_start",
)  # fmt: skip
#: The protocol of a class deriving from nothing outside the project.
PLAIN_PROTOCOL = PROTOCOL[: PROTOCOL.index("setup")]
#: Methods a library calls on subclasses of its classes, by the library's package: Flower runs
#: a client's ``fit`` and a strategy's ``configure_fit`` each round. Names as common as
#: ``fit`` are protocol only where the class derives from that library.
LIBRARY_PROTOCOLS = {
    "flwr.": (
        "fit", "evaluate", "get_parameters", "set_parameters", "get_properties",
        "initialize_parameters", "configure_fit", "aggregate_fit", "configure_evaluate",
        "aggregate_evaluate",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Function:
    """A function or method of the project; ``owner`` is its class key for a method."""

    key: str
    scope: Scope
    program: Program
    owner: str | None

    @property
    def unit(self) -> SourceUnit:
        """The module or notebook cell that defines it."""
        return self.scope.unit


@dataclass(frozen=True)
class ClassInfo:
    """A top-level class of the project, with its base-class expressions."""

    key: str
    program: Program
    node: ast.ClassDef


@dataclass
class Targets:
    """The project functions a call may run: ``now`` when called, ``later`` (protocol methods
    of a class it builds); ``exact`` is False for a match by method name alone."""

    now: list[str] = field(default_factory=list)
    later: list[str] = field(default_factory=list)
    exact: bool = True


#: What ``_assigned_in`` records for a library object stored in an attribute.
_LIBRARY = "<library object>"
#: Methods that move a library object and return it (``.to(device)``): still the library's.
_MOVES = frozenset({"to", "cuda", "cpu", "eval", "train", "half", "float", "double"})
#: Library calls whose result may be a project object all the same: one read back from a
#: file, a copy, a wrapper that passes attribute look-ups on to the object it wraps, or one
#: a registry or a configuration builds (``gym.make``, ``hydra.utils.instantiate``).
_PASSING_ON = frozenset(
    {"load", "loads", "load_model", "copy", "deepcopy", "compile", "prepare", "script"}
    | {"trace", "wrap", "DataParallel", "DistributedDataParallel", "FullyShardedDataParallel"}
    | {"getattr", "get_peft_model", "prepare_model_for_kbit_training", "cast", "make"}
    | {"instantiate", "call", "build", "build_from_cfg", "create_model", "import_module"}
)


#: The calls that build what a config names by its ``_target_`` (:mod:`config_targets`).
CONFIG_BUILDERS = frozenset(
    {
        "hydra.utils.instantiate",
        "hydra.utils.call",
        "hydra.utils.get_class",
        "hydra.utils.get_method",
        "hydra.utils.get_object",
        "hydra.instantiate",
    }
)


def config_key(call: ast.Call | None) -> str | None:
    """The key of the config a building call is handed: ``cfg.model`` and ``cfg["model"]``
    are ``model``; None for a variable (a loop over callbacks) or no call."""
    config = call.args[0] if call is not None and call.args else None
    if call is not None and config is None:
        config = next((k.value for k in call.keywords if k.arg == "config"), None)
    if isinstance(config, ast.Attribute):
        return config.attr
    if isinstance(config, ast.Subscript):
        key = config.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            return key.value
    return None


def module_names(module: str) -> list[str]:
    """``a.b.c`` -> ``[a.b.c, b.c, c]``: the names a module answers to from some folder."""
    parts = module.split(".")
    return [".".join(parts[start:]) for start in range(len(parts))]


class ProjectGraph:
    """Every function and class of the given programs, indexed for call resolution."""

    def __init__(
        self, programs: list[Program], configured: ConfiguredTargets | None = None
    ) -> None:
        self.programs = programs
        #: The dotted names the project's configs build by name (Hydra's ``_target_``).
        self.configured = configured
        self._built_by_config: dict[tuple[str, ...], tuple[list[str], list[str]]] = {}
        self._configured_calls: dict[str | None, Targets] = {}
        self.functions: dict[str, list[Function]] = {}
        self.classes: dict[str, list[ClassInfo]] = {}
        self.by_method: dict[str, list[str]] = {}
        self._modules: dict[str, list[Program]] = {}
        for program in programs:
            self._index(program)
        #: The first part of every name a module answers to: a package the project holds.
        self._heads = frozenset(name.partition(".")[0] for name in self._modules)
        self._suffixes = dotted_index({**self.functions, **self.classes})
        #: The last part of every function and class key: a name ending otherwise names none.
        self.last_names = frozenset(
            key.rpartition(".")[2] for key in [*self.functions, *self.classes]
        )
        self._stars = {id(p): list(self._star_modules(p)) for p in programs}
        #: lookup's answers: a library of a thousand modules asks for the same names again
        #: and again, and following re-exports through packages costs more than a dict.
        self._looked_up: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._mros: dict[str, tuple[str, ...]] = {}
        self._protocols: dict[str, tuple[str, ...]] = {}
        self._library_protocols: dict[str, tuple[str, ...]] = {}
        self._held: dict[tuple[str, str], tuple[str, ...]] = {}
        self._assigned: dict[str, dict[str, list[str | None]]] = {}
        self._self_assignments: dict[int, tuple[list[int], list[_SelfAssignment]]] = {}
        self._family_index: tuple[dict[str, list[str]], dict[str, list[Function]]] | None = None
        #: What analyses derive from the whole graph, kept with it (as Program.derived).
        self.derived: dict[object, object] = {}

    def _index(self, program: Program) -> None:
        for name in module_names(program.module):
            self._modules.setdefault(name, []).append(program)
        for _, _, chain in walk_scoped(program, _DEFS):
            scope = chain[-1]
            owner = scope.key.rsplit(".", 1)[0] if scope.is_method else None
            self.functions.setdefault(scope.key, []).append(
                Function(scope.key, scope, program, owner)
            )
            if scope.is_method and not scope.name.startswith("__"):
                self.by_method.setdefault(scope.name, []).append(scope.key)
        for unit in program.units:
            assert unit.tree is not None
            for node in module_level(unit.tree.body):
                if isinstance(node, ast.ClassDef):
                    key = f"{program.module}.{node.name}"
                    self.classes.setdefault(key, []).append(ClassInfo(key, program, node))

    # ------------------------------------------------------------------ modules

    def _unpacked(self, dotted: str) -> str | None:
        """``config`` for ``src.config`` where the repository holds no ``src`` at all: a
        package's modules uploaded without their folder (GitHub's web upload drops it), which
        the code still imports from the package. Only a package named as projects name their
        own (``src``, ``utils``, ``models``), never a library's."""
        head, _, rest = dotted.partition(".")
        if rest and head not in self._heads and is_project_module_name(head):
            return rest
        return None

    def modules(self, dotted: str) -> list[Program]:
        """The project programs an import of ``dotted`` may load (exact name first); for a
        package the repository lacks, those of the rest of the name (see :meth:`_unpacked`)."""
        found = self._modules.get(dotted, [])
        if not found and (rest := self._unpacked(dotted)):
            return self.modules(rest)
        exact = [program for program in found if program.module == dotted]
        return exact or found

    def imported_by(self, program: Program, node: ast.Import | ast.ImportFrom) -> list[Program]:
        """The project modules an import statement loads, packages included."""
        names: list[str] = []
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = program.absolute(alias.name).split(".")
                names += [".".join(parts[:end]) for end in range(1, len(parts) + 1)]
        else:
            base = program.source_of(node)
            names.append(base)
            names += [f"{base}.{alias.name}" for alias in node.names if alias.name != "*"]
        found: dict[int, Program] = {}
        for name in filter(None, names):
            for other in self.modules(name):
                if other is not program:
                    found[id(other)] = other
        return list(found.values())

    def _star_modules(self, program: Program) -> Iterator[str]:
        for unit in program.units:
            for node in unit.of_type(ast.ImportFrom):
                if any(alias.name == "*" for alias in node.names):
                    yield from (p.module for p in self.modules(program.source_of(node)))

    # ------------------------------------------------------------------ names

    def lookup(self, dotted: str) -> tuple[list[str], list[str]]:
        """(function keys, class keys) a resolved dotted name refers to."""
        found = self._looked_up.get(dotted)
        if found is None:
            keys = self._keys(dotted)
            if not keys and dotted.rpartition(".")[2] in self.last_names:
                keys = self._passed_on(dotted, _MAX_REEXPORT_HOPS)
            functions = tuple(k for k in keys if k in self.functions)
            found = self._looked_up[dotted] = (
                functions,
                tuple(k for k in keys if k in self.classes),
            )
        return list(found[0]), list(found[1])

    def _keys(self, dotted: str) -> list[str]:
        if dotted in self.functions or dotted in self.classes:
            return [dotted]
        found = self._suffixes.get(dotted, [])
        if not found and (rest := self._unpacked(dotted)):
            return self._keys(rest)
        return found

    def _passed_on(self, dotted: str, hops: int) -> list[str]:
        """The definitions a package's ``__init__.py`` passes on under ``dotted``:
        ``pkg.utils.set_seed`` where ``pkg/utils/__init__.py`` imports ``set_seed`` from
        ``pkg/utils/seed.py``, followed through packages that pass it on again."""
        module, _, name = dotted.rpartition(".")
        for program in self.modules(module) if module and hops else ():
            bound = program.names.get(name) if program.path.endswith("__init__.py") else None
            if bound and bound != dotted:
                return self._keys(bound) or self._passed_on(bound, hops - 1)
        return []

    def mro(self, cls: str) -> list[str]:
        """The class and its project base classes, depth first, each once."""
        found = self._mros.get(cls)
        if found is None:
            found = self._mros[cls] = tuple(self._bases_in_order(cls))
        return list(found)

    def _bases_in_order(self, cls: str) -> list[str]:
        order: list[str] = []
        pending = [cls]
        while pending:
            key = pending.pop(0)
            if key in order or key not in self.classes:
                continue
            order.append(key)
            for info in self.classes[key]:
                for base in info.node.bases:
                    dotted = info.program.resolve(base)
                    if dotted:
                        pending += self.lookup(dotted)[1]
        return order

    def method(self, cls: str, name: str, *, skip_own: bool = False) -> list[str]:
        """The method ``name`` as class ``cls`` (or its first project base defining it) has it."""
        for key in self.mro(cls)[1 if skip_own else 0 :]:
            if f"{key}.{name}" in self.functions:
                return [f"{key}.{name}"]
        return []

    def builds_library_object(self, program: Program, value: ast.expr) -> bool:
        """Whether ``value`` calls a library function or class (``AutoModel.from_pretrained(
        name)``, moved by ``.to(device)`` or not): what it returns is the library's object,
        whose methods are the library's own, never a project method of the same name. Not a
        load, a copy or a wrapper, which may hand back or pass on to a project object."""
        while isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
            if value.func.attr not in _MOVES or not isinstance(value.func.value, ast.Call):
                break
            value = value.func.value
        if not isinstance(value, ast.Call):
            return False
        dotted = program.resolve(value.func)
        if not dotted or "." not in dotted or dotted.rpartition(".")[2] in _PASSING_ON:
            return False
        if dotted.partition(".")[0] in self._heads:
            return False
        functions, classes = self.lookup(dotted)
        return not functions and not classes

    def holds_library_object(self, cls: str, attr: str) -> bool:
        """Whether every assignment to ``self.<attr>`` in ``cls``, its project bases and its
        subclasses stores a library object (see :meth:`builds_library_object`)."""
        subclasses, _ = self._family()
        values = [
            value
            for owner in [*self.mro(cls), *subclasses.get(cls, ())]
            for value in self._assigned_in(owner).get(attr, ())
        ]
        return bool(values) and all(value == _LIBRARY for value in values)

    def attribute_classes(self, cls: str, attr: str) -> tuple[str, ...]:
        """The project classes ``self.<attr>`` may hold in an object of ``cls``, as the
        methods of the class, its project bases and its subclasses build it
        (``self.search = MCTS(...)``); none when one of them gives it anything else (a
        parameter, a library object), which may be of any class."""
        found = self._held.get((cls, attr))
        if found is None:
            subclasses, _ = self._family()
            held: dict[str, None] = {}
            for owner in [*self.mro(cls), *subclasses.get(cls, ())]:
                values = self._assigned_in(owner).get(attr, ())
                if None in values or _LIBRARY in values:
                    held = {}
                    break
                held.update(dict.fromkeys(value for value in values if value))
            found = self._held[(cls, attr)] = tuple(held)
        return found

    def methods_of(self, cls: str) -> list[Function]:
        """The methods the class ``cls`` itself defines (not its bases')."""
        return self._family()[1].get(cls, [])

    def _family(self) -> tuple[dict[str, list[str]], dict[str, list[Function]]]:
        """(each class's project subclasses, each class's methods), indexed once when asked."""
        if self._family_index is None:
            subclasses: dict[str, list[str]] = {}
            for cls in self.classes:
                for base in self.mro(cls)[1:]:
                    subclasses.setdefault(base, []).append(cls)
            methods: dict[str, list[Function]] = {}
            for functions in self.functions.values():
                for function in functions:
                    if function.owner is not None:
                        methods.setdefault(function.owner, []).append(function)
            self._family_index = (subclasses, methods)
        return self._family_index

    def _assigned_in(self, cls: str) -> dict[str, list[str | None]]:
        """What the methods of ``cls`` assign to each ``self.<attr>``: a project class built
        there, :data:`_LIBRARY` for a library object, or None for anything else
        (``self.x = None`` placeholders left out)."""
        found = self._assigned.get(cls)
        if found is None:
            found = self._assigned[cls] = {}
            for method in self._family()[1].get(cls, ()):
                node = method.scope.node
                lines, assignments = self._assignments_of(method.unit)
                first = bisect.bisect_left(lines, node.lineno)
                last = bisect.bisect_right(lines, node.end_lineno or node.lineno)
                for assignment in assignments[first:last]:
                    value = assignment.value
                    if isinstance(value, ast.Constant) and value.value is None:
                        continue
                    built = (
                        self.class_of(method.program.resolve(value.func))
                        if isinstance(value, ast.Call) and assignment.whole
                        else None
                    )
                    if built is None and assignment.whole:
                        library = self.builds_library_object(method.program, value)
                        built = _LIBRARY if library else None
                    found.setdefault(assignment.attr, []).append(built)
        return found

    def _assignments_of(self, unit: SourceUnit) -> tuple[list[int], list[_SelfAssignment]]:
        """The unit's assignments to ``self.<attr>``, by line (read once per unit)."""
        found = self._self_assignments.get(id(unit))
        if found is None:
            assignments: list[_SelfAssignment] = []
            for node in unit.of_type(ast.Assign, ast.AnnAssign):
                assert isinstance(node, (ast.Assign, ast.AnnAssign))
                value = node.value
                if value is None:
                    continue
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if is_self_attribute(target):
                        assignments.append(_SelfAssignment(node.lineno, target.attr, value))
                    elif isinstance(target, (ast.Tuple, ast.List)):
                        # ``self.a, self.b = ...``: values of unknown class.
                        assignments += [
                            _SelfAssignment(node.lineno, item.attr, value, whole=False)
                            for item in target.elts
                            if is_self_attribute(item)
                        ]
            assignments.sort(key=lambda assignment: assignment.line)
            found = ([assignment.line for assignment in assignments], assignments)
            self._self_assignments[id(unit)] = found
        return found

    def construct(self, cls: str) -> Targets:
        """What ``Cls(...)`` runs now (constructors) and later (protocol methods)."""
        now = [key for name in CONSTRUCTORS for key in self.method(cls, name)]
        protocol = self._protocols.get(cls)
        if protocol is None:
            if self.derives_from_nothing(cls):
                protocol = self._protocols[cls] = PLAIN_PROTOCOL
            else:
                protocol = self._protocols[cls] = PROTOCOL + self.library_protocol(cls)
        later = [key for name in protocol for key in self.method(cls, name)]
        return Targets(now, later)

    def derives_from_nothing(self, cls: str) -> bool:
        """The class and its project bases name no base outside the project (``class
        DataModule:``): no framework runs its hooks. A base that does not resolve may be one."""
        for key in self.mro(cls):
            for info in self.classes[key]:
                for base in info.node.bases:
                    dotted = info.program.resolve(base)
                    if dotted not in ("object", "builtins.object") and not (
                        dotted and self.lookup(dotted)[1]
                    ):
                        return False
        return True

    def library_protocol(self, cls: str) -> tuple[str, ...]:
        """The methods a library calls on ``cls`` because it derives from one of its classes
        (a Flower client's ``fit``), which no code of the project need name."""
        found = self._library_protocols.get(cls)
        if found is None:
            found = self._library_protocols[cls] = self._library_protocol(cls)
        return found

    def _library_protocol(self, cls: str) -> tuple[str, ...]:
        bases = {
            info.program.resolve(base) or ""
            for key in self.mro(cls)
            for info in self.classes[key]
            for base in info.node.bases
        }
        return tuple(
            name
            for package, methods in LIBRARY_PROTOCOLS.items()
            if any(dotted.startswith(package) for dotted in bases)
            for name in methods
        )

    def built_by_config(self, key: str | None = None) -> tuple[list[str], list[str]]:
        """(function keys, class keys) of the project definitions the configs name under
        ``key`` (all of them where it holds none)."""
        names = self.configured.under(key) if self.configured else ()
        found = self._built_by_config.get(names)
        if found is None:
            functions: dict[str, None] = {}
            classes: dict[str, None] = {}
            for dotted in names:
                found_functions, found_classes = self.lookup(dotted)
                functions.update(dict.fromkeys(found_functions))
                classes.update(dict.fromkeys(found_classes))
            found = self._built_by_config[names] = (list(functions), list(classes))
        return found

    def configured_call(self, key: str | None = None) -> Targets:
        """What a call building the config under ``key`` (``instantiate(cfg.model)``) may run:
        the constructors of every class and every function the configs name there, and the
        classes' protocol methods later. Exact: each config committed is one some run uses."""
        found = self._configured_calls.get(key)
        if found is None:
            functions, classes = self.built_by_config(key)
            now, later = list(functions), []
            for cls in classes:
                built = self.construct(cls)
                now += built.now
                later += built.later
            found = Targets(list(dict.fromkeys(now)), list(dict.fromkeys(later)))
            self._configured_calls[key] = found
        return Targets(list(found.now), list(found.later))

    def class_of(self, dotted: str | None) -> str | None:
        """The project class a resolved name refers to, if it is one."""
        if not dotted:
            return None
        classes = self.lookup(dotted)[1]
        return classes[0] if classes else None


@dataclass(frozen=True)
class _SelfAssignment:
    """``self.<attr> = value`` on ``line``; ``whole``: the value is the attribute's own (not
    one part of a tuple unpacked into several)."""

    line: int
    attr: str
    value: ast.expr
    whole: bool = True


def is_self_attribute(node: ast.expr) -> TypeGuard[ast.Attribute]:
    """``self.name``: an attribute of the instance a method runs for."""
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    )


@dataclass
class Place:
    """Where a call is: its program, the function around it, and local variable classes."""

    program: Program
    function: Function | None = None
    types: dict[str, str] = field(default_factory=dict)
    #: Local names that hold a library object (see ProjectGraph.builds_library_object).
    library: set[str] = field(default_factory=set)
    #: Local names bound to instances of several project classes, or of one wrapped in a
    #: library's object (``env = SkipFrame(env)``, ``env = FrameStack(env, 4)``): their methods
    #: are those classes' own, never every project method of the name.
    held: dict[str, tuple[str, ...]] = field(default_factory=dict)


#: How a decorated function is run through its framework's handle: Modal's
#: ``train.remote(...)``, ``.local``, ``.spawn``, ``.map``, ``.starmap``; Ray's ``f.remote(...)``.
_HANDLE_CALLS = frozenset({"remote", "local", "spawn", "map", "starmap"})


def _handled(func: ast.expr) -> ast.expr | None:
    """``train`` in ``train.remote``: the name a handle call is made on, else None."""
    if not (isinstance(func, ast.Attribute) and func.attr in _HANDLE_CALLS):
        return None
    return func.value if isinstance(func.value, (ast.Name, ast.Attribute)) else None


def may_name(graph: ProjectGraph, func: ast.expr, place: Place, dotted: str | None) -> bool:
    """Whether ``func`` (resolved to ``dotted``) may name a project function or class.

    Every way :func:`call_targets` finds one ends with the same name as the one found, but
    for a variable holding a project object: most names (locals, parameters, library calls)
    are ruled out with one look-up.
    """
    if type(func) is ast.Attribute and func.attr in _HANDLE_CALLS:  # few calls: ask them only
        handled = _handled(func)
        if handled is not None and _handled_function(graph, handled, place):
            return True
    if dotted:
        return dotted.rpartition(".")[2] in graph.last_names
    if isinstance(func, ast.Name):
        return func.id in graph.last_names or func.id in place.types or func.id in place.held
    if isinstance(func, ast.Attribute):
        return func.attr in graph.last_names
    return False


def call_targets(
    graph: ProjectGraph, func: ast.expr, place: Place, call: ast.Call | None = None
) -> Targets:
    """The project functions calling ``func`` may run, from where the call is (none: an
    empty answer, whatever its ``exact``); ``call``: the call itself, where its arguments
    tell (the config an ``instantiate`` builds)."""
    handled = _handled(func) if type(func) is ast.Attribute else None
    if handled is not None:
        functions = _handled_function(graph, handled, place)
        if functions:
            return Targets(functions)
    dotted = place.program.resolve(func)
    if dotted in CONFIG_BUILDERS:
        return graph.configured_call(config_key(call))
    if not may_name(graph, func, place, dotted):
        return Targets()
    if dotted:
        functions, classes = graph.lookup(dotted)
        if classes:
            return graph.construct(classes[0])
        return Targets(functions)
    if isinstance(func, ast.Name):
        return _bare_name(graph, func.id, place)
    if isinstance(func, ast.Attribute):
        return _method_call(graph, func, place)
    return Targets()


def _handled_function(graph: ProjectGraph, handle: ast.expr, place: Place) -> list[str]:
    """The project function a handle call is made on (``train`` of ``train.remote(...)``):
    only a module-level function, named or imported; a class or an object is not one."""
    dotted = place.program.resolve(handle)
    if not dotted or dotted.rpartition(".")[2] not in graph.last_names:
        return []
    functions, classes = graph.lookup(dotted)
    if classes:
        return []
    return [key for key in functions if all(f.owner is None for f in graph.functions[key])]


def _bare_name(graph: ProjectGraph, name: str, place: Place) -> Targets:
    """A nested function, an instance of a project class called, or a star import."""
    if place.function is not None:
        # A bare name inside a function reads the enclosing functions' names too: an inner
        # function a model factory returns calls its sibling helpers (``Dense(units)``).
        # A class body encloses nothing its methods can read by a bare name.
        enclosing = place.function.key
        while enclosing in graph.functions:
            nested = f"{enclosing}.{name}"
            if nested in graph.functions:
                return Targets([nested])
            enclosing = enclosing.rpartition(".")[0]
    if name in place.types or name in place.held:
        called = place.held.get(name) or (place.types[name],)
        return Targets(
            list(
                dict.fromkeys(
                    k
                    for cls in called
                    for m in ("__call__", "forward")
                    for k in graph.method(cls, m)
                )
            )
        )
    # A module function whose name some function also assigns elsewhere (``train = ...``
    # in a data helper) is no longer resolved by name, yet still the module's own function.
    own = f"{place.program.module}.{name}"
    if own in graph.classes:
        return graph.construct(own)
    if own in graph.functions:
        return Targets([own])
    for module in graph._stars.get(id(place.program), ()):
        functions, classes = graph.lookup(f"{module}.{name}")
        if classes:
            return graph.construct(classes[0])
        if functions:
            return Targets(functions)
    return Targets()


def _owner_class(graph: ProjectGraph, owner: ast.expr, place: Place) -> str | None:
    """The project class of the object a method is called on, when the code shows it:
    ``self``, a variable assigned ``Cls(...)``, or ``Cls(...)`` itself."""
    if isinstance(owner, ast.Name):
        if owner.id in ("self", "cls") and place.function is not None:
            return place.function.owner
        return place.types.get(owner.id)
    if isinstance(owner, ast.Call) and not _is_super(owner):
        return graph.class_of(place.program.resolve(owner.func))
    return None


def _method_call(graph: ProjectGraph, func: ast.Attribute, place: Place) -> Targets:
    owner = func.value
    own_class = place.function.owner if place.function else None
    if _is_super(owner) and own_class:
        return Targets(graph.method(own_class, func.attr, skip_own=True))
    cls = _owner_class(graph, owner, place)
    if cls:
        return Targets(graph.method(cls, func.attr))
    if own_class and is_self_attribute(owner):
        held = graph.attribute_classes(own_class, owner.attr)
        if held:
            return Targets(
                list(dict.fromkeys(key for cls in held for key in graph.method(cls, func.attr)))
            )
        if graph.holds_library_object(own_class, owner.attr):
            return Targets()  # ``self.model.train()`` on a library model: the library's own
    if isinstance(owner, ast.Name) and owner.id in place.held:
        classes = place.held[owner.id]
        return Targets(list(dict.fromkeys(k for c in classes for k in graph.method(c, func.attr))))
    if isinstance(owner, ast.Name) and owner.id in ("self", "cls", *place.library):
        return Targets()
    return Targets(list(graph.by_method.get(func.attr, ())), exact=False)


def _is_super(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"
    )
