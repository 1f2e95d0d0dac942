"""The command-line defaults a script's ``args.<dest>`` may hold: ``--out_dir`` declared with
``default="checkpoints"`` makes ``args.out_dir`` that path. Read per program, from its own
parser and the project modules it shares options with, never from an unrelated script's.
"""

from __future__ import annotations

import ast
import functools
import operator
from collections.abc import Iterable
from pathlib import PurePosixPath

from repocheck.analysis.components import condense
from repocheck.analysis.imports import Program, constant_of, keyword
from repocheck.analysis.toplevel import is_main_guard


def _options(program: Program) -> Iterable[tuple[str, object]]:
    """(dest, default) of each ``add_argument`` call of ``program``; a default named by a
    module-level constant (``default=OUTPUT_PATH``) is read as that constant's string."""
    constants = _string_constants(program)
    for unit in program.units:
        for call in unit.of_type(ast.Call):
            if getattr(call.func, "attr", None) != "add_argument":
                continue
            dest = constant_of(keyword(call, "dest")) or _dest_of(call)
            if isinstance(dest, str):
                default = keyword(call, "default")
                if isinstance(default, ast.Name):
                    yield dest, constants.get(default.id)
                else:
                    yield dest, constant_of(default)


def argument_defaults(programs: Iterable[Program]) -> dict[str, list[object]]:
    """``dest -> the default of each add_argument declaring it`` (None where no constant is
    given): ``--workers`` with ``default=4`` makes ``args.workers`` 4 unless the command says
    otherwise. Only modules whose text calls ``add_argument`` are read."""
    found: dict[str, list[object]] = {}
    for program in programs:
        if any("add_argument" in unit.source for unit in program.units):
            for dest, default in _options(program):
                found.setdefault(dest, []).append(default)
    return found


def _string_constants(program: Program) -> dict[str, str]:
    """``NAME = "text"`` at the top level of the program, the last assignment winning."""
    found: dict[str, str] = {}
    for unit in program.units:
        for node in unit.tree.body if unit.tree is not None else ():
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                found[node.targets[0].id] = node.value.value
    return found


def cli_defaults(programs: Iterable[Program]) -> dict[str, str]:
    """``dest -> default`` of every ``add_argument`` whose default is a non-empty string
    literal. ``default=""`` says none is given, as ``None`` does ("empty for no saving"):
    a run writes where it is told, which the source does not say. A dest a program declares
    with different string defaults (``--out`` of each subcommand: a report's file, a batch's
    folder) holds whichever the command line chose, so it stays unknown."""
    found: dict[str, str] = {}
    differing: set[str] = set()
    for program in programs:
        for dest, default in _options(program):
            if isinstance(default, str) and default and found.setdefault(dest, default) != default:
                differing.add(dest)
    return {dest: default for dest, default in found.items() if dest not in differing}


def _has_main_block(program: Program) -> bool:
    """The module's top level holds ``if __name__ == "__main__":`` (its statements only)."""
    return any(
        is_main_guard(node)
        for unit in program.units
        if unit.tree is not None
        for node in unit.tree.body
    )


class CliDefaults:
    """The command-line defaults ``args.<dest>`` may hold in each program: those it declares,
    then those of the project's modules it imports (``from options import get_args``) or that
    import it (``main.py`` parsing the options ``trainer.py`` reads), then any the whole
    project declares with one default. A dest that unrelated scripts declare with different
    defaults stays unknown: ``args.output_dir`` of one example is not another's."""

    def __init__(self, every: list[Program]) -> None:
        self.own = {program.path: cli_defaults([program]) for program in every}
        # A notebook is no module: ``import x`` finds x.py, never x.ipynb beside it.
        self.by_module = {
            program.module: program.path for program in every if program.path.endswith(".py")
        }
        self.imports = {program.path: self._imported(program) for program in every}
        # A script with a ``__main__`` block is run itself even when a notebook imports it for
        # one of its functions: what it runs is not the notebook's alone.
        self.scripts = frozenset(program.path for program in every if _has_main_block(program))
        self.importers_of: dict[str, list[str]] = {}
        for path, imported in self.imports.items():
            for target in imported:
                self.importers_of.setdefault(target, []).append(path)
        declared: dict[str, set[str]] = {}
        for defaults in self.own.values():
            for dest, default in defaults.items():
                declared.setdefault(dest, set()).add(default)
        self.agreed = {dest: min(values) for dest, values in declared.items() if len(values) == 1}

    def of(self, program: Program) -> dict[str, str]:
        """``dest -> default`` as ``program`` sees them, the closest declaration winning; an
        option it declares itself without a path (``default=""``) borrows no other's."""
        found = dict(self.agreed)
        related = [*self.importers(program.path), *self.imports.get(program.path, [])]
        for path in related:
            found.update(self.own.get(path, {}))
        for dest, _ in _options(program):
            found.pop(dest, None)
        found.update(self.own.get(program.path, {}))
        return found

    def importers(self, path: str) -> list[str]:
        """Paths of the project's programs that import the module at ``path``."""
        return self.importers_of.get(path, [])

    def runners(self, path: str) -> set[str]:
        """The programs nothing imports that import the module at ``path``, directly or
        through other modules (a notebook importing a package that re-exports it): what
        runs its code, with the scripts among those importers (a ``__main__`` block runs one
        even when a notebook imports it too). Empty when nothing imports it."""
        return set(self._runners.get(path, frozenset())) - {path}

    @functools.cached_property
    def _runners(self) -> dict[str, frozenset[str]]:
        """Each program -> the programs nothing imports that it is, or that import it through
        any chain: folded once over the import graph with its cycles condensed, where asking
        it of every module of a library walked most of the graph again (a package's
        ``__init__`` imports it all)."""
        paths = list(dict.fromkeys([*self.importers_of, *self.imports]))
        number = {path: index for index, path in enumerate(paths)}
        graph = condense([[number[up] for up in self.importers(path)] for path in paths])
        folded = graph.fold(
            lambda node: (
                None
                if self.importers(paths[node]) and paths[node] not in self.scripts
                else frozenset({paths[node]})
            ),
            operator.or_,
        )
        return {path: folded[graph.component[number[path]]] or frozenset() for path in paths}

    def _submodule(self, program: Program, dotted: str) -> bool:
        """``src.data.features.Features`` in package ``src.data``: a name its ``__init__.py``
        re-exports from a module of the package, not one it defines."""
        inner = dotted[len(program.module) + 1 :].split(".")[0]
        return f"{program.module}.{inner}" in self.by_module

    def _imported(self, program: Program) -> list[str]:
        """Paths of the project's modules ``program`` binds a name from: by their name from
        the top, beside it (``import helper`` run from the folder it shares with helper.py),
        or from a folder above it, nearest first (src/models/bert.py's ``import utils.utils``
        finds src/utils/utils.py when src/app.py runs it)."""
        folder = PurePosixPath(program.path).parent.parts
        # The folder itself, then each folder above it; the top is tried first, by name alone.
        bases = [folder[:end] for end in range(len(folder), 0, -1)]
        paths = []
        for dotted in program.names.values():
            if dotted == program.module or (
                dotted.startswith(program.module + ".") and not self._submodule(program, dotted)
            ):
                continue  # its own definitions
            parts = dotted.split(".")
            for end in range(len(parts), 0, -1):
                name = ".".join(parts[:end])
                path = self.by_module.get(name) or next(
                    (
                        found
                        for base in bases
                        if (found := self.by_module.get(".".join([*base, name]))) is not None
                    ),
                    None,
                )
                if path is not None and path != program.path:
                    paths.append(path)
                    break
        return list(dict.fromkeys(paths))


def _dest_of(call: ast.Call) -> str | None:
    """The attribute argparse stores the value in: a positional's own name, else the first
    ``--`` option's (or the first option's), dashes made underscores."""
    names = [arg.value for arg in call.args if isinstance(arg, ast.Constant)]
    flags = [name for name in names if isinstance(name, str)]
    if not flags:
        return None
    if not flags[0].startswith("-"):
        return flags[0]
    chosen = next((flag for flag in flags if flag.startswith("--")), flags[0])
    return chosen.lstrip("-").replace("-", "_") or None
