"""The ways a repository's code gets run: its entry points.

An entry point is a script that runs code at module level and that no other module imports
(nanoGPT's ``train.py``), a notebook, a console-script target named in packaging files
(``repocheck = "repocheck.cli:main"``), a command a CLI framework loads by name from a module
nothing imports (``@click.command()`` in a plugin folder), or a module with
``if __name__ == "__main__":`` that is run to get a result (see ``scripts.py``), not a
library module's self-demo, or a module a framework loads to run an app object its packaging
names (a Flower app's ``serverapp``). Test
code is never an entry point, nor are packaging and documentation scripts. A module other
modules import is library code: its top-level code runs as part of their path.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from repocheck.analysis.cache import per_object, walk_branches
from repocheck.analysis.callgraph import ProjectGraph
from repocheck.analysis.config_targets import configured_targets
from repocheck.analysis.imports import Program, programs
from repocheck.analysis.scripts import (
    Commands,
    hands_run_to_training,
    main_block_works,
    named_in_commands,
    reads_command_line,
    run_commands,
    tests_itself_on_drawn_data,
    trains,
)
from repocheck.analysis.toplevel import is_main_guard
from repocheck.facts.snapshot import Snapshot
from repocheck.facts.toml_text import table_at, toml_or_none
from repocheck.patterns import compile_on_use

_IMPORTS = (ast.Import, ast.ImportFrom)
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_LOOPS = (ast.For, ast.AsyncFor, ast.While)
#: Files run by tools, not by the project's users.
_TOOLING_NAMES = frozenset({"setup.py", "noxfile.py", "fabfile.py", "conftest.py", "conf.py"})
_TOOLING_FOLDERS = frozenset({"docs", "doc"})
#: Starts at the start of a name only: from every character of a long name it is quadratic.
_CONSOLE_TARGET = compile_on_use(r"(?<![\w-])[\w-]+\s*=\s*([\w.]+)\s*:\s*(\w+)")


@dataclass(frozen=True)
class EntryPoint:
    """One way the code is run: ``kind`` is main, script, notebook, console or app."""

    kind: str
    program: Program
    function: str | None = None  # the target's key, for a console script

    @property
    def path(self) -> str:
        """The file the entry point is in."""
        return self.program.path

    @property
    def label(self) -> str:
        """How evidence names it: the path, or ``path:function`` for a console script."""
        if self.function:
            return f"{self.path}:{self.function.rsplit('.', 1)[-1]}"
        return self.path


#: Decorators that hand a function to a framework that calls it (``@app.command()``).
_REGISTERING = frozenset(
    {"command", "callback", "group", "main", "task", "job", "local_entrypoint"}
)
#: Modal's ``@app.local_entrypoint()``: ``modal run app.py`` runs the function, whoever
#: else imports the module (a smoke script importing its model class).
_RUN_BY_PATH = "local_entrypoint"
_CLI_PACKAGES = ("click.", "typer.", "hydra.", "fire.")


def is_registered(node: ast.AST, program: Program) -> bool:
    """A function a command-line framework runs: ``@click.command()``, ``@app.command()``,
    ``@hydra.main(...)``, or any public function of a module that calls ``fire.Fire()``
    without naming what to expose; its module's users never call it by name."""
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    if not node.name.startswith("_") and exposed_by_fire(program):
        return True
    if node.name == "main" and runs_main_by_app(program):
        return True
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = program.resolve(target) or ""
        if name.startswith(_CLI_PACKAGES):
            return True
        if isinstance(target, ast.Attribute) and target.attr in _REGISTERING:
            return True
    return False


def registers_by_call(statement: ast.stmt) -> bool:
    """``app.command(name="train")(train)``: a function handed to a command-line framework by
    calling its decorator, which the framework runs only when the app itself runs."""
    value = statement.value if isinstance(statement, ast.Expr) else None
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Call)):
        return False
    target = value.func.func
    return isinstance(target, ast.Attribute) and target.attr in _REGISTERING


@per_object
def exposed_by_fire(program: Program) -> bool:
    """``fire.Fire()`` with no component makes every public function of its module a command
    (``python main.py train --lr 0.1`` runs ``train``)."""
    for unit in program.units:
        for call in unit.of_type(ast.Call):
            if call.args or any(k.arg == "component" for k in call.keywords):
                continue
            if program.resolve(call.func) == "fire.Fire":
                return True
    return False


#: TensorFlow 1.x's runner, which calls ``sys.modules["__main__"].main`` when given no main.
_APP_RUNNERS = frozenset({"tensorflow.app.run", "tensorflow.compat.v1.app.run"})


@per_object
def runs_main_by_app(program: Program) -> bool:
    """``tf.app.run()`` with no main runs the module's own ``main(argv)``: the graph-mode
    script's training is in a function nothing in the source calls by name."""
    for unit in program.units:
        for call in unit.of_type(ast.Call):
            if call.args or any(k.arg == "main" for k in call.keywords):
                continue
            if program.resolve(call.func) in _APP_RUNNERS:
                return True
    return False


_SHELVED = frozenset(
    {"archive", "archived", "old", "legacy", "deprecated", "attic", "backup", "unused"}
)
#: The words of a folder's name: ``old_files_backup``, ``legacy-notebooks``.
_WORDS = compile_on_use(r"[a-z0-9]+")


def is_shelved(path: str) -> bool:
    """True for a file in a folder kept for reference (archive/, old/, legacy/, or a name
    made of such words, old_files_backup/)."""
    folders = path.lower().split("/")[:-1]
    return any(word in _SHELVED for folder in folders for word in _WORDS.findall(folder))


_DEMOS = frozenset({"examples", "example", "demo", "demos", "debug", "playground", "sandbox"})


def is_demo(path: str) -> bool:
    """True for a file in a folder of examples, demos or debugging scripts."""
    return any(part in _DEMOS for part in path.lower().split("/")[:-1])


def preference(path: str) -> tuple[bool, bool, int, str]:
    """Sort key putting first the file a reader thinks of as "the" run: a training script in
    use (src/train.py) before archived experiments and other scripts."""
    parts = path.lower().split("/")
    return (is_shelved(path), "train" not in parts[-1], len(parts), path)


def is_tooling(path: str) -> bool:
    """Packaging and documentation scripts, which no user of the project runs."""
    parts = path.split("/")
    return parts[-1] in _TOOLING_NAMES or parts[0] in _TOOLING_FOLDERS


def _blocks(node: ast.stmt) -> list[list[ast.stmt]]:
    """The statement lists an ``if`` or ``try`` at module level runs."""
    if isinstance(node, ast.If):
        return [node.body, node.orelse]
    if isinstance(node, ast.Try):
        return [node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)]
    return []


def _has_call(node: ast.AST) -> bool:
    return any(isinstance(inner, ast.Call) for inner in walk_branches([node]))


def _skipped(node: ast.stmt) -> bool:
    """Definitions, imports and the main block: code that does no work when read."""
    return isinstance(node, (*_DEFINITIONS, *_IMPORTS)) or is_main_guard(node)


def _works(node: ast.stmt) -> bool:
    if isinstance(node, _LOOPS):
        return True
    blocks = _blocks(node)
    if not blocks:
        return _has_call(node)
    tested = isinstance(node, ast.If) and _has_call(node.test)
    return tested or any(runs_code(block) for block in blocks)


def runs_code(body: Sequence[ast.stmt]) -> bool:
    """Whether importing or running these statements does work: a loop, or a call outside
    definitions, imports and the ``__main__`` block."""
    return any(_works(node) for node in body if not _skipped(node))


#: What ``_imported_names`` records for a module imported whole (``import scripts.train``,
#: ``from scripts.train import *``): any of its names may be used.
_WHOLE = "*"


def _imported(graph: ProjectGraph) -> set[int]:
    """ids of the programs some other program imports."""
    return set(_imported_names(graph))


@per_object
def _imported_names(graph: ProjectGraph) -> dict[int, frozenset[str]]:
    """For each program some other program imports (by id), the names taken from it
    (``from scripts.train_models import load_data``), ``*`` where it is imported whole."""
    found: dict[int, set[str]] = {}
    for program in graph.programs:
        for unit in program.units:
            imports: list[ast.Import | ast.ImportFrom] = [
                *unit.of_type(ast.Import),
                *unit.of_type(ast.ImportFrom),
            ]
            for node in imports:
                for other in graph.imported_by(program, node):
                    names = found.setdefault(id(other), set())
                    if isinstance(node, ast.Import) or program.source_of(node) != other.module:
                        names.add(_WHOLE)  # the module itself, or a package above it
                    else:
                        names.update(alias.name for alias in node.names)
    return {key: frozenset(names) for key, names in found.items()}


def _runs_its_own_main(program: Program, graph: ProjectGraph) -> bool:
    """No importer takes what the module's ``__main__`` block calls: another script imports
    only its helpers (``from scripts.train_models import load_data``), so the block's run
    (``main()``) is made by running the file and by nothing else."""
    taken = _imported_names(graph).get(id(program), frozenset())
    if _WHOLE in taken:
        return False
    called = {
        node.func.id
        for unit in program.units
        for statement in (unit.tree.body if unit.tree else ())
        if isinstance(statement, ast.If) and is_main_guard(statement)
        for node in ast.walk(statement)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    return taken.isdisjoint(called)


def imported_paths(snapshot: Snapshot) -> frozenset[str]:
    """Paths of the non-test modules some other module of the project imports."""
    graph = project(snapshot).graph
    imported = _imported(graph)
    return frozenset(program.path for program in graph.programs if id(program) in imported)


def _console_targets(snapshot: Snapshot) -> Iterator[tuple[str, str]]:
    """(module, function) of each console script in pyproject.toml, setup.cfg or setup.py."""
    for path, text in sorted(snapshot.texts.items()):
        name = path.rsplit("/", 1)[-1]
        if name == "pyproject.toml":
            yield from _pyproject_targets(text)
        elif name in ("setup.cfg", "setup.py") and "console_scripts" in text:
            yield from ((m, f) for m, f in _CONSOLE_TARGET.findall(text))


def _pyproject_targets(text: str) -> Iterator[tuple[str, str]]:
    data = toml_or_none(text)
    if data is None:
        return
    project = table_at(data, "project")
    poetry = table_at(data, "tool", "poetry")
    scripts = [
        table_at(project, "scripts"),
        table_at(project, "gui-scripts"),
        table_at(poetry, "scripts"),
    ]
    for named in scripts:
        for target in named.values():
            if isinstance(target, str) and ":" in target:
                module, _, function = target.partition(":")
                yield module.strip(), function.strip().split(".")[0]


def _app_modules(snapshot: Snapshot) -> Iterator[str]:
    """Modules a framework loads to run the project's app objects: a Flower app's
    ``serverapp = "pkg.server_app:app"`` in ``[tool.flwr.app.components]``, which
    ``flwr run .`` imports before calling the functions handed to ``ServerApp(...)``."""
    for path, text in sorted(snapshot.texts.items()):
        if path.rsplit("/", 1)[-1] != "pyproject.toml" or "tool.flwr" not in text:
            continue
        components = table_at(toml_or_none(text), "tool", "flwr", "app", "components")
        for target in components.values():
            if isinstance(target, str) and ":" in target:
                yield target.partition(":")[0].strip()


#: A function named as a call in backticks (``Run the `TrainingModule()` function``).
_NAMED_CALL = compile_on_use(r"`([A-Za-z_]\w*)\(\)`")
#: Words of a README line that tell the reader to run what it names.
_RUN_WORDS = frozenset({"run", "call", "execute", "invoke"})


def _readme_step_entries(snapshot: Snapshot, graph: ProjectGraph) -> Iterator[EntryPoint]:
    """Functions a README's step tells the reader to run (``Run the `TrainingModule()`
    function to train the model``) that no code of the project calls or names: the step is
    how they run, as a console script's target runs. A name defined by more than one module
    names no one function."""
    named: set[str] = set()
    for path, text in snapshot.texts.items():
        if not PurePosixPath(path).name.lower().startswith("readme"):
            continue
        for line in text.splitlines():
            calls = _NAMED_CALL.findall(line)
            if calls and _RUN_WORDS.intersection(line.lower().split()):
                named.update(calls)
    if not named:
        return
    defined: dict[str, list[str]] = {}
    for key, functions in graph.functions.items():
        name = key.rpartition(".")[2]
        if name in named and all(f.owner is None for f in functions):
            defined.setdefault(name, []).append(key)
    candidates = {keys[0]: name for name, keys in defined.items() if len(keys) == 1}
    if not candidates:
        return
    used: set[str] = set()
    for program in graph.programs:
        for unit in program.units:
            for node in unit.of_type(ast.Name, ast.Attribute):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                    used.add(node.id)
                elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
                    used.add(node.attr)
    for key, name in candidates.items():
        if name not in used:
            program = graph.functions[key][0].program
            yield EntryPoint("console", program, key)


def _console_entries(snapshot: Snapshot, graph: ProjectGraph) -> Iterator[EntryPoint]:
    for module, function in _console_targets(snapshot):
        for program in graph.modules(module):
            key = f"{program.module}.{function}"
            if key in graph.functions:
                yield EntryPoint("console", program, key)


#: Calls that load code by name or from a file: a command in a module no import reaches may
#: still be loaded by one of them (``import_module(f"commands.{name}")``, or click's plugin
#: folder read with ``compile`` and ``eval``).
_LOADERS = compile_on_use(r"^(importlib|runpy|pkgutil)\.|^(__import__|exec|eval)$")
#: A click group that finds its commands itself (``MultiCommand.get_command``).
_FINDS_COMMANDS = "get_command"
#: How a project puts commands into its own click group by hand.
_ADDS_COMMAND = "add_command"


def _commands_only_added(graph: ProjectGraph) -> bool:
    """The project adds its commands to its group by hand (``cli.add_command(train)``) and
    loads no module by name: a command it does not add is run by nothing. Without such
    calls a framework may load the module from a folder (a DAG folder, a plugin folder)."""
    adds = False
    for program in graph.programs:
        for unit in program.units:
            if any(node.name == _FINDS_COMMANDS for node in unit.of_type(ast.FunctionDef)):
                return False
            for call in unit.of_type(ast.Call):
                func = call.func
                name = program.resolve(func) or (func.id if isinstance(func, ast.Name) else "")
                if _LOADERS.match(name):
                    return False
                adds = adds or (isinstance(func, ast.Attribute) and func.attr == _ADDS_COMMAND)
    return adds


def _command_entries(
    graph: ProjectGraph, imported: set[int], entries: dict[tuple[str, str | None], EntryPoint]
) -> Iterator[EntryPoint]:
    """The commands of modules a command-line framework loads by name (a plugin folder read
    with ``import_module``): ``@click.command()`` functions that no import and no entry point
    of the project reaches are run by that framework, so each is a way the code is run. In a
    project that adds its commands by hand and loads nothing by name, such a command is added
    nowhere and never runs."""
    dead: bool | None = None  # asked once, and only when there is such a command
    for program in graph.programs:
        if id(program) in imported or (program.path, None) in entries:
            continue
        if program.path.endswith(".ipynb") or is_tooling(program.path):
            continue
        for unit in program.units:
            for node in unit.tree.body if unit.tree else ():
                if not is_registered(node, program):
                    continue
                assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                key = f"{program.module}.{node.name}"
                if key not in graph.functions:
                    continue
                if dead is None:
                    dead = _commands_only_added(graph)
                if not dead:
                    yield EntryPoint("console", program, key)


def _kind(
    program: Program, graph: ProjectGraph, imported: bool, packaged: bool, commands: Commands
) -> str | None:
    if program.path.endswith(".ipynb"):
        return "notebook"
    if is_tooling(program.path):
        return None
    body = [node for unit in program.units for node in unit.tree.body]  # type: ignore[union-attr]
    if not any(is_main_guard(node) for node in body):
        # An imported module whose top level works is a script too where a README or a
        # pipeline file runs it (``train_model.sh``: ``python rnn.py``).
        run = not imported or named_in_commands(program, commands) or _run_by_path(program)
        return "script" if run and runs_code(body) else None
    # A main block may be a module's self-demo (printing an output shape): only a file the
    # README or a pipeline file runs, or one that reads a command line or trains, is run to
    # get a result. What the code does decides, never where the file sits.
    if named_in_commands(program, commands):
        return "main"
    if imported or packaged:  # library code: its main block must be a run, not a self-check
        if tests_itself_on_drawn_data(program):
            return None
        if main_block_works(program):
            return "main"
        # A package's script no project module imports (``python -m src.cli.run_training``)
        # whose main block hands the run to a training function it imports is a run too; so
        # is a script whose importers take only its helpers, never what its block runs.
        own = not imported or _runs_its_own_main(program, graph)
        return "main" if own and hands_run_to_training(program, graph) else None
    works = reads_command_line(program) or trains(program) or main_block_works(program)
    return "main" if works or hands_run_to_training(program, graph) else None


def _run_by_path(program: Program) -> bool:
    """A module holding a function its framework's command line runs by the file's path
    (``@app.local_entrypoint()`` for ``modal run app.py``)."""
    for unit in program.units:
        for node in unit.tree.body if unit.tree else ():
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for decorator in node.decorator_list:
                    target = decorator.func if isinstance(decorator, ast.Call) else decorator
                    if isinstance(target, ast.Attribute) and target.attr == _RUN_BY_PATH:
                        return True
    return False


def _packaged(path: str, paths: set[str]) -> bool:
    """The module sits in a package (its folder has an ``__init__.py``): library code."""
    folder = path.rpartition("/")[0]
    return bool(folder) and f"{folder}/__init__.py" in paths


@dataclass(frozen=True)
class Project:
    """The non-test code read as a whole: its call graph and its entry points."""

    graph: ProjectGraph
    entries: tuple[EntryPoint, ...]


@per_object
def project(snapshot: Snapshot) -> Project:
    """The project's call graph and entry points, computed once per snapshot."""
    graph = ProjectGraph(programs(snapshot), configured_targets(snapshot))
    imported = _imported(graph)
    commands = run_commands(snapshot)
    paths = {program.path for program in graph.programs}
    entries: dict[tuple[str, str | None], EntryPoint] = {}
    for program in graph.programs:
        packaged = _packaged(program.path, paths)
        kind = _kind(program, graph, id(program) in imported, packaged, commands)
        if kind:
            entries[(program.path, None)] = EntryPoint(kind, program)
    for module in _app_modules(snapshot):
        for program in graph.modules(module):
            entries.setdefault((program.path, None), EntryPoint("app", program))
    for entry in _command_entries(graph, imported, entries):
        entries.setdefault((entry.path, entry.function), entry)
    for entry in _console_entries(snapshot, graph):
        # A module run as a script already has its own entry, whose main block runs it.
        if (entry.path, None) not in entries:
            entries.setdefault((entry.path, entry.function), entry)
    for entry in _readme_step_entries(snapshot, graph):
        entries.setdefault((entry.path, entry.function), entry)
    return Project(graph, tuple(entries.values()))
