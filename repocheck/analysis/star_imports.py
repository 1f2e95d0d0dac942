"""Names a module takes from the project's own modules with ``from utils import *``.

Learner projects often keep one ``utils.py`` of "common imports and methods" and start every
script with ``from utils import *``: the script's ``torch`` and ``np`` are bound there. Without
these names the script would not use PyTorch at all, and its ``loss.backward()`` would train
nothing. Python binds every public name of the module (only those ``__all__`` lists, when it
lists them); the importer's own bindings are kept, so a name it binds itself still wins.

A package's ``__all__`` may list its submodules (``util/__init__.py``:
``__all__ = ["dataloader", "learning"]``), which the package itself never binds: ``from util
import *`` imports each of them, and the script's ``learning.train(...)`` runs
``util/learning.py``.

A package's ``__init__.py`` that imports its own submodules (``from .seed import *``, ``from
.trainer import model_train``) binds each of them in the package as it loads it, so without an
``__all__`` ``from pkg.utils import *`` brings ``seed`` and ``trainer`` themselves: the
script's ``seed.seed_everything(21)`` runs ``pkg/utils/seed.py``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from repocheck.analysis.public_api import all_names

if TYPE_CHECKING:
    from repocheck.analysis.imports import Program


def _listed(program: Program) -> set[str] | None:
    """What ``__all__`` lists, when the module (its first unit) defines one."""
    tree = program.units[0].tree if program.units else None
    return all_names(tree) if tree is not None else None


def _star_sources(program: Program, by_module: Mapping[str, Program]) -> list[Program]:
    found = []
    for unit in program.units:
        for node in unit.of_type(ast.ImportFrom):
            if any(alias.name == "*" for alias in node.names):
                source = _star_source(program, node, by_module)
                if source is not None and source is not program:
                    found.append(source)
    return found


def _star_source(
    program: Program, node: ast.ImportFrom, by_module: Mapping[str, Program]
) -> Program | None:
    """The project module ``from <module> import *`` loads: as imported, else, for a bare
    name no module of the repository has, the sibling of that name in the importer's own
    package folder (``src/`` with an ``__init__.py``, its scripts run from there: ``from
    ocr_utils import *`` loads ``src/ocr_utils.py``)."""
    name = program.source_of(node)
    source = by_module.get(name)
    if source is not None or node.level or not name:
        return source
    folder = program.module.rpartition(".")[0]
    return by_module.get(f"{folder}.{name}") if folder else None


def _imported_submodules(program: Program, by_module: Mapping[str, Program]) -> dict[str, str]:
    """The submodules of package ``program`` that its own ``from .sub import ...`` (or ``from
    .sub.deeper import ...``) loads, by the name the import binds in the package."""
    prefix = f"{program.module}."
    found: dict[str, str] = {}
    for unit in program.units:
        for node in unit.of_type(ast.ImportFrom):
            source = program.source_of(node)
            if not source.startswith(prefix):
                continue
            name = source[len(prefix) :].split(".")[0]
            if f"{prefix}{name}" in by_module:
                found.setdefault(name, f"{prefix}{name}")
    return found


def take_star_names(found: Iterable[Program]) -> None:
    """Add to each program the names its star imports of project modules bind."""
    programs = list(found)
    by_module = {program.module: program for program in programs}
    sources = {id(program): _star_sources(program, by_module) for program in programs}
    done: set[int] = set()

    def complete(program: Program, visiting: set[int]) -> None:
        if id(program) in done or id(program) in visiting:
            return  # a cycle: each side keeps what it has so far
        visiting.add(id(program))
        for source in sources[id(program)]:
            complete(source, visiting)
            listed = _listed(source)
            for name, dotted in list(source.names.items()):
                exported = name in listed if listed is not None else not name.startswith("_")
                if exported:
                    program.names.setdefault(name, dotted)
            for name in sorted(listed or ()):
                submodule = f"{source.module}.{name}"
                if name not in source.names and submodule in by_module:
                    program.names.setdefault(name, submodule)
            if listed is None:
                for name, submodule in _imported_submodules(source, by_module).items():
                    if name not in source.names and not name.startswith("_"):
                        program.names.setdefault(name, submodule)
        visiting.discard(id(program))
        done.add(id(program))

    for program in programs:
        if sources[id(program)]:
            complete(program, set())
