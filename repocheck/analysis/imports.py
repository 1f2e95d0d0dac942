"""What the names in a module refer to: imports and aliases resolved to dotted names.

A rule asks "is this call ``numpy.random.rand``?", never "is it spelled ``np.random.rand``?".
Each module is one Program; all code cells of one notebook are one Program, because a notebook
runs top to bottom in one namespace (an import in cell 1 still holds in cell 5).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from repocheck.analysis.cache import blocks, in_walk_order, per_object
from repocheck.analysis.handlers import catches
from repocheck.analysis.keras_layers import KERAS_INITIALISED_LAYERS, KERAS_RANDOM_LAYERS
from repocheck.analysis.ml_names import identifiers
from repocheck.analysis.nested_projects import nearest_above, shared_names
from repocheck.analysis.setup_py import built_extensions, built_rust_modules
from repocheck.analysis.spans import contains, start_of
from repocheck.analysis.star_imports import take_star_names
from repocheck.analysis.test_code import code_units
from repocheck.facts.snapshot import Snapshot, SourceUnit
from repocheck.patterns import compile_on_use

#: Editor autosave copies of notebooks: the same code twice, never the program a teammate runs.
CHECKPOINT_DIR = ".ipynb_checkpoints"
#: Exceptions whose handler makes an import optional (``try: import wandb except ImportError``).
_OPTIONAL_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception"})
#: Names in an ``if`` test that make its imports depend on the Python version.
_VERSION_TESTS = frozenset({"version_info", "PY2", "PY3"})
#: Names in an ``if`` test that ask whether a package is installed: ``module_available("x")``,
#: ``find_spec("x")``, ``is_x_available()``, ``_X_AVAILABLE``, ``RequirementCache("x")``.
#: Not ``torch.cuda.is_available()``: that asks for a GPU, not a package.
_AVAILABILITY = compile_on_use(
    r"^is_\w+_available$|^_?\w+_AVAILABLE$|^(module|package)_available$"
    r"|^find_spec$|^find_loader$|^RequirementCache$"
)


#: Keras 3 ships tf.keras as ``keras._tf_keras.keras``, where an editor's auto-import finds
#: the layers it cannot see under ``tensorflow.keras``; ``tf_keras`` is the same Keras 2 as a
#: package of its own, which TensorFlow Probability needs beside Keras 3; Keras 2 generates
#: its public API as ``keras.api.keras`` (``keras.api._v2.keras`` from 2.9), where an
#: auto-import finds it too. All are read as the public names.
_TF_KERAS_COPIES = ("keras._tf_keras.keras", "tf_keras", "keras.api.keras", "keras.api._v2.keras")


def public_name(dotted: str) -> str:
    """``dotted`` under the public module it re-exports (``tensorflow.keras.layers.LSTM`` for
    ``keras._tf_keras.keras.layers.LSTM`` or ``tf_keras.layers.LSTM``)."""
    for copy in _TF_KERAS_COPIES:
        if dotted == copy or dotted.startswith(copy + "."):
            return "tensorflow.keras" + dotted.removeprefix(copy)
    return dotted


#: Marks a notebook's program name: no import can load a notebook, and an exported copy
#: beside it (``code.ipynb``, ``code.py``) must not share its name, or each would run the
#: other's functions.
NOTEBOOK_MARK = "@ipynb"


def module_name(path: str) -> str:
    """The dotted module name of a file, counted from the repository root (a notebook's name
    carries :data:`NOTEBOOK_MARK`, which no import names)."""
    pure = PurePosixPath(path)
    parts = list(pure.parent.parts)
    if pure.suffix == ".ipynb":
        parts.append(pure.stem + NOTEBOOK_MARK)
    elif pure.stem != "__init__":
        parts.append(pure.stem)
    return ".".join(parts)


def _package_of(path: str) -> list[str]:
    return list(PurePosixPath(path).parent.parts)


def absolute_from(path: str, node: ast.ImportFrom) -> str:
    """The absolute module of ``from <module> import ...``, resolving leading dots."""
    if not node.level:
        return node.module or ""
    package = _package_of(path)
    base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
    return ".".join([*base, *([node.module] if node.module else [])])


@dataclass(frozen=True, eq=False)
class Call:
    """One call site, with the dotted name its callee resolves to (None when unknowable).

    Each call site has one Call, so identity is equality, and hashing it is cheap.
    """

    unit: SourceUnit
    node: ast.Call
    name: str | None


#: What a library's star import binds, where its course teaches code to start with one and
#: use the names it brings: ``from fastai.vision.all import *`` gives torch, numpy and
#: fastai's own seeding and learners (the names the analyses read; the rest stay unknown).
STAR_EXPORTS: dict[str, dict[str, str]] = {
    "fastai": {
        "torch": "torch",
        "nn": "torch.nn",
        "F": "torch.nn.functional",
        "np": "numpy",
        "pd": "pandas",
        "random": "random",
        "set_seed": "fastai.torch_core.set_seed",
        "Learner": "fastai.learner.Learner",
        "vision_learner": "fastai.vision.learner.vision_learner",
        "cnn_learner": "fastai.vision.learner.cnn_learner",
        "unet_learner": "fastai.vision.learner.unet_learner",
        "tabular_learner": "fastai.tabular.learner.tabular_learner",
        "text_classifier_learner": "fastai.text.learner.text_classifier_learner",
        "language_model_learner": "fastai.text.learner.language_model_learner",
        "collab_learner": "fastai.collab.collab_learner",
        "ImageDataLoaders": "fastai.vision.data.ImageDataLoaders",
        "SegmentationDataLoaders": "fastai.vision.data.SegmentationDataLoaders",
        "TextDataLoaders": "fastai.text.data.TextDataLoaders",
        "TabularDataLoaders": "fastai.tabular.data.TabularDataLoaders",
        "RandomSplitter": "fastai.data.transforms.RandomSplitter",
        "GradientClip": "fastai.callback.training.GradientClip",
        "TerminateOnNaNCallback": "fastai.callback.tracker.TerminateOnNaNCallback",
    }
}

#: ``from keras.layers import *`` (a notebook's first cell) binds every layer: those that draw
#: are the names a rule asks about, bound under the public module that exports them.
_KERAS_STAR_MODULES = ("keras.layers", "tensorflow.keras.layers")
_KERAS_STAR_NAMES = KERAS_INITIALISED_LAYERS | KERAS_RANDOM_LAYERS


def star_exports(source: str) -> Mapping[str, str]:
    """The names ``from <source> import *`` binds that the analysis knows, for a library."""
    top = source.split(".", 1)[0]
    if top in STAR_EXPORTS:
        return STAR_EXPORTS[top]
    public = public_name(source)
    if public in _KERAS_STAR_MODULES:
        return {name: f"{public}.{name}" for name in _KERAS_STAR_NAMES}
    return {}


#: The most attributes a dotted name is resolved through: names a library exports are a few
#: deep (``torch.nn.functional.cross_entropy``), never 64; a chain past it names nothing.
RESOLVED_PARTS = 64


@dataclass
class Program:
    """One module, or one notebook's code cells read in order as one program."""

    path: str
    units: tuple[SourceUnit, ...]
    module: str
    names: dict[str, str] = field(default_factory=dict)
    #: Modules of its own folder that an absolute import finds first (see :func:`_own_folder`).
    siblings: frozenset[str] = frozenset()
    #: Names several subprojects hold, by the dotted folder nearest above that holds one
    #: (see :mod:`repocheck.analysis.nested_projects`).
    above: Mapping[str, str] = field(default_factory=dict)
    #: What rules derive from the program alone, kept with it (it lives as long as they may).
    derived: dict[str, object] = field(default_factory=dict, repr=False, compare=False)
    #: ids of the names a function's own assignment makes local (``nn = NeuralNetwork(3)`` in
    #: ``main``): there they mean that local; everywhere else the import keeps its name.
    local_names: set[int] = field(default_factory=set, repr=False, compare=False)

    def resolve(self, node: ast.expr) -> str | None:
        """The dotted name ``node`` (a name or an attribute chain) refers to, or None."""
        # Asked millions of times on a library: exact types (the parser makes no others) and
        # no list for a plain name.
        local = self.local_names
        if type(node) is ast.Name:
            if local and id(node) in local:
                return None
            return self.names.get(node.id)  # unbound (a builtin, a parameter): anything
        parts: list[str] = []
        while type(node) is ast.Attribute:
            parts.append(node.attr)
            if len(parts) > RESOLVED_PARTS:
                return None  # asked of each link of a.b.b...: the whole chain, again each time
            node = node.value
        if type(node) is not ast.Name or (local and id(node) in local):
            return None
        base = self.names.get(node.id)
        if base is None:
            return None
        parts.append(base)
        parts.reverse()
        return ".".join(parts)

    def absolute(self, dotted: str) -> str:
        """The project module an absolute import of ``dotted`` loads from this file."""
        top = dotted.split(".", 1)[0]
        if top in self.siblings:
            return f"{PurePosixPath(self.path).parent.as_posix().replace('/', '.')}.{dotted}"
        if top in self.above:
            return f"{self.above[top]}.{dotted}"
        return dotted

    def source_of(self, node: ast.ImportFrom) -> str:
        """The absolute module of ``from <module> import ...`` as this file loads it: leading
        dots resolved, a sibling of a script found in the script's own folder."""
        if not node.level:
            return self.absolute(node.module) if node.module else ""
        return absolute_from(self.path, node)

    def bind(self, unit: SourceUnit) -> None:
        """Record the names ``unit`` binds, in source order, after those of earlier cells."""
        fallbacks = _import_fallbacks(unit)
        for node in _binding_nodes(unit):
            if id(node) in fallbacks:
                continue
            if isinstance(node, ast.Import):
                self._bind_import(node)
            elif isinstance(node, ast.ImportFrom):
                source = self.source_of(node)
                for alias in node.names:
                    if alias.name != "*":
                        bound = public_name(f"{source}.{alias.name}")
                        self.names[alias.asname or alias.name] = bound
                    elif not node.level:
                        self.names.update(star_exports(source))
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.names[node.name] = f"{self.module}.{node.name}"
            elif isinstance(node, ast.Assign):
                self._assign(node, unit)

    def _bind_import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self.names[alias.asname] = public_name(self.absolute(alias.name))
            else:  # ``import torch.nn`` binds ``torch``
                top = alias.name.split(".")[0]
                self.names[top] = public_name(self.absolute(top))

    def _assign(self, node: ast.Assign, unit: SourceUnit) -> None:
        if len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name):
            return
        name, value = node.targets[0].id, node.value
        # ``rnd = np.random`` is an alias by assignment; ``random = np.random.RandomState(0)``
        # means the name no longer refers to what it was imported as.
        target = self.resolve(value) if isinstance(value, (ast.Name, ast.Attribute)) else None
        if target:
            self.names[name] = target
            return
        if name in self.names:
            # Inside a function (without ``global``) the assignment binds a local of that
            # function alone: the name means the local there, and the import elsewhere.
            function = _enclosing_function(unit, node)
            if function is not None and not _declares_global(function, name):
                self.local_names.update(_uses_of(function, name))
                return
        self.names.pop(name, None)


def _enclosing_function(
    unit: SourceUnit, node: ast.stmt
) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The innermost function whose body holds ``node``, told by source spans (no walk)."""
    around = [
        function
        for function in unit.of_type(ast.FunctionDef, ast.AsyncFunctionDef)
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef))
        and contains(function, node)
    ]
    return max(around, key=start_of, default=None)


def _declares_global(function: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    return any(
        isinstance(inner, ast.Global) and name in inner.names for inner in ast.walk(function)
    )


def _uses_of(function: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> Iterator[int]:
    """ids of the ``name`` nodes in ``function``: Python makes the name local to the whole
    function once it assigns it (a read before the assignment fails, it never reaches the
    module's name)."""
    return (
        id(inner) for inner in ast.walk(function) if type(inner) is ast.Name and inner.id == name
    )


def _catches_import_errors(node: ast.Try) -> bool:
    return any(catches(handler.type, _OPTIONAL_IMPORT_ERRORS) for handler in node.handlers)


def _import_fallbacks(unit: SourceUnit) -> set[int]:
    """ids of the assignments an optional import's handler makes to the very name the import
    binds (``try: import torch`` / ``except ImportError: torch = None``). Where the library is
    installed the name is the library; where it is not, nothing the code would seed or draw
    through it runs either, so the import is what the name means."""
    found: set[int] = set()
    for node in unit.of_type(ast.Try):
        if not _catches_import_errors(node):
            continue
        imported: set[str] = set()
        for statement in node.body:
            if isinstance(statement, ast.Import):
                imported |= {a.asname or a.name.split(".")[0] for a in statement.names}
            elif isinstance(statement, ast.ImportFrom):
                imported |= {a.asname or a.name for a in statement.names}
        for handler in node.handlers:
            for statement in handler.body:
                if (
                    isinstance(statement, ast.Assign)
                    and len(statement.targets) == 1
                    and isinstance(statement.targets[0], ast.Name)
                    and statement.targets[0].id in imported
                ):
                    found.add(id(statement))
    return found


def _binding_nodes(unit: SourceUnit) -> list[ast.stmt]:
    """Imports and assignments anywhere, definitions at top level, in source order."""
    assert unit.tree is not None
    found: list[ast.stmt] = unit.of_type(ast.Import, ast.ImportFrom, ast.Assign)
    found.extend(
        node
        for node in unit.tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    )
    # Two statements never start at one position, so this order is the same for any input order.
    return sorted(found, key=lambda node: (node.lineno, node.col_offset))


def in_checkpoint(path: str) -> bool:
    """True for files inside a ``.ipynb_checkpoints`` folder."""
    return CHECKPOINT_DIR in PurePosixPath(path).parts


def programs(snapshot: Snapshot, *, tests: bool | None = False) -> list[Program]:
    """One Program per module or notebook (non-test code by default, test code as
    :mod:`repocheck.analysis.test_code` decides it), names resolved.

    Built once per snapshot and shared: callers read the Programs, never change them.
    """
    return list(_programs(snapshot, tests))


@per_object
def _programs(snapshot: Snapshot, tests: bool | None) -> tuple[Program, ...]:
    grouped: dict[str, list[SourceUnit]] = {}
    for unit in code_units(snapshot, tests=tests):
        if not in_checkpoint(unit.path):
            grouped.setdefault(unit.path, []).append(unit)
    result = []
    local = local_modules(snapshot)
    shared = shared_names(local.by_folder)
    for path, units in grouped.items():
        units.sort(key=lambda unit: unit.cell or 0)
        siblings = _own_folder(local, path)
        above = nearest_above(local.by_folder, shared - siblings, path)
        program = Program(path, tuple(units), module_name(path), siblings=siblings, above=above)
        for unit in units:
            program.bind(unit)
        result.append(program)
    take_star_names(result)
    return tuple(result)


def _own_folder(local: LocalModules, path: str) -> frozenset[str]:
    """The modules beside a script in a plain folder: running ``python llm/chat.py`` puts
    ``llm/`` first on ``sys.path``, so its ``model.py`` hides the repository root's. In a
    package (or at the root, where the names are already absolute) imports stay absolute."""
    folder = PurePosixPath(path).parent.as_posix()
    if folder == "." or folder in local.packages:
        return frozenset()
    return local.by_folder.get(folder, frozenset())


#: Source roots whose children are importable as top-level names (src layout, lib/).
SOURCE_ROOTS = ("src", "lib")


@dataclass(frozen=True)
class LocalModules:
    """The repository's own importable names, per folder.

    ``by_folder[folder]`` holds the modules directly in that folder and its subfolders that
    directly hold Python code. A script sees the names of the repository root, of ``src/``,
    of its own folder and each folder above it, and of every folder that is not a package
    (script folders get put on ``sys.path`` by hand). A module inside a package, like
    ``app/rules/git.py``, does not hide the ``git`` that ``app/facts/history.py`` imports.
    """

    by_folder: Mapping[str, frozenset[str]]
    packages: frozenset[str]  # folders holding an __init__.py
    #: Folders holding Python code only in subfolders (namespace packages), by parent folder.
    namespaces: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def visible_from(self, path: str) -> frozenset[str]:
        """Local names an import in ``path`` may refer to."""
        roots = {str(parent) for parent in PurePosixPath(path).parents} | set(SOURCE_ROOTS)
        folders = roots | (set(self.by_folder) - self.packages)
        empty: frozenset[str] = frozenset()
        names = empty.union(*(self.by_folder.get(folder, empty) for folder in folders))
        return names.union(*(self.namespaces.get(folder, empty) for folder in roots))


@per_object
def local_modules(snapshot: Snapshot) -> LocalModules:
    """Where the repository's own modules and packages live (see :class:`LocalModules`); read
    once per snapshot: the dependency, sanity and import readings each ask for it."""
    names: dict[str, set[str]] = {}
    namespaces: dict[str, set[str]] = {}
    packages: set[str] = set()
    for info in snapshot.files:
        pure = PurePosixPath(info.path)
        if pure.suffix not in (".py", ".pyi"):
            continue
        folder = pure.parent
        names.setdefault(str(folder), set()).add(pure.stem)
        # ``my-project/__init__.py`` makes no package: no import can name ``my-project``, so
        # its files run as scripts, their folder first on ``sys.path`` like a plain folder's.
        if pure.stem == "__init__" and (folder.name.isidentifier() or str(folder) == "."):
            packages.add(str(folder))
        if folder.parent != folder:  # a folder of Python code is importable from its parent
            names.setdefault(str(folder.parent), set()).add(folder.name)
        # So is each folder above it, as a namespace package (``import ns.sub.mod`` without
        # __init__.py files), but only from where that folder's parent is on the path.
        for above in list(folder.parents)[:-1]:
            namespaces.setdefault(str(above.parent), set()).add(above.name)
    for info in snapshot.files:
        pure = PurePosixPath(info.path)
        if pure.suffix == ".proto":  # protoc writes x_pb2.py (and x_pb2_grpc.py) beside x.proto
            folder_names = names.setdefault(str(pure.parent), set())
            folder_names |= {f"{pure.stem}_pb2", f"{pure.stem}_pb2_grpc"}
    # An extension the repository's own setup.py builds is installed for every file to import.
    names.setdefault(".", set()).update(built_extensions(snapshot.sources))
    # So is a Rust extension a pyproject.toml builds with maturin (``pip install ./fastchess``).
    names["."].update(built_rust_modules(snapshot.texts))
    by_folder = {folder: frozenset(found) for folder, found in names.items()}
    spaces = {folder: frozenset(found) for folder, found in namespaces.items()}
    return LocalModules(by_folder, frozenset(packages), spaces)


@dataclass(frozen=True)
class ImportSite:
    """An absolute import of a top-level module outside any ImportError guard."""

    top: str
    unit: SourceUnit
    node: ast.Import | ast.ImportFrom


def _guarded_body(node: ast.AST) -> list[ast.stmt]:
    """Statements whose imports are optional or conditional: a try/except ImportError (both
    sides), ``if TYPE_CHECKING:``, branches on the Python version, and the body of an ``if``
    that asks whether a package is installed."""
    if isinstance(node, ast.Try):
        catches = _catches_import_errors(node)
        fallbacks = [statement for handler in node.handlers for statement in handler.body]
        return node.body + fallbacks if catches else []
    if isinstance(node, ast.If):
        tested = _names_in(node.test)
        if "TYPE_CHECKING" in tested:
            return node.body
        if tested & _VERSION_TESTS:
            return node.body + node.orelse
        if any(_AVAILABILITY.search(name) for name in tested):
            return node.body  # the else branch runs without the package: not guarded
    return []


def optional_import_ids(unit: SourceUnit) -> set[int]:
    """ids of the imports that :func:`_guarded_body` marks optional."""
    guarded: set[int] = set()
    for node in unit.of_type(ast.Try, ast.If):
        # Imports are statements: the statement blocks hold them all.
        pending: list[ast.AST] = list(_guarded_body(node))
        for inner in pending:  # a list iterator sees what is appended while it runs
            if isinstance(inner, (ast.Import, ast.ImportFrom)):
                guarded.add(id(inner))
            else:
                pending.extend(blocks(inner))
    return guarded


def _names_in(node: ast.expr) -> set[str]:
    return set(identifiers(node))


_IMPORTS = (ast.Import, ast.ImportFrom)


def import_sites(program: Program) -> Iterator[ImportSite]:
    """The absolute, unguarded imports of a program, each with its top-level module name."""
    for unit in program.units:
        guarded = optional_import_ids(unit)
        # Walk order across both kinds: the first import of a module is the one shown.
        for node in in_walk_order(unit, _IMPORTS):
            if id(node) in guarded:
                continue
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield ImportSite(alias.name.split(".")[0], unit, node)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                yield ImportSite(node.module.split(".")[0], unit, node)


def source_line(unit: SourceUnit, line: int) -> str:
    """Line ``line`` (1-based) of a unit's source, stripped."""
    lines = unit.source.splitlines()
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def keyword(node: ast.Call, name: str) -> ast.expr | None:
    """The value passed as keyword ``name``, or None."""
    for item in node.keywords:
        if item.arg == name:
            return item.value
    return None


def has_star_kwargs(node: ast.Call) -> bool:
    """True when the call passes ``**kwargs``, so any keyword may hide in it."""
    return any(item.arg is None for item in node.keywords)


def assigned_values(name: str, program: Program) -> list[ast.expr]:
    """The values every ``name = ...`` of the program gives the plain name ``name``, in the
    order of its units (a module-level constant, a local bound once)."""
    return [
        node.value
        for unit in program.units
        for node in unit.of_type(ast.Assign)
        if any(isinstance(target, ast.Name) and target.id == name for target in node.targets)
    ]


def constant_of(node: ast.expr | None, default: object = None) -> object:
    """The value of a literal constant, or ``default`` when ``node`` is not one."""
    return node.value if isinstance(node, ast.Constant) else default


def turned_off(node: ast.expr | None) -> bool:
    """A literal None, False or 0: a keyword argument that switches its feature off."""
    return isinstance(node, ast.Constant) and node.value in (None, False, 0)


def name_suffixes(dotted: str) -> list[str]:
    """``a.b.c`` -> ``[a.b.c, b.c]``: how a module may be imported from a subfolder."""
    parts = dotted.split(".")
    return [".".join(parts[start:]) for start in range(len(parts) - 1)]


def dotted_index(keys: Mapping[str, object]) -> dict[str, list[str]]:
    """Map every suffix of each dotted key (see :func:`name_suffixes`) to the keys."""
    index: dict[str, list[str]] = {}
    for key in keys:
        for suffix in name_suffixes(key):
            index.setdefault(suffix, []).append(key)
    return index
