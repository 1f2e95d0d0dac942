"""Training runs through names the file never binds: a notebook's cells saved as scripts.

A project may keep a notebook's cells as scripts meant to run one after another in one
session: ``prepare.py`` imports transformers and builds the data, ``train.py`` holds
``trainer = Trainer(model, args, ...)`` and ``trainer.train()`` without a single import.
Read alone, ``train.py`` trains with no framework, so the rules that know training by its
library see none. They must not say "no training" of it: they say they cannot tell what runs
it. Only a trainer built by a name nothing in its file binds counts (no import, definition,
assignment or parameter, no star import that might bring it, not a builtin); a trainer class
the project defines or imports is read as before.
"""

from __future__ import annotations

import ast
import builtins

from repocheck.analysis.ml_code import Code
from repocheck.analysis.ml_names import runs_a_trainer
from repocheck.facts.snapshot import SourceUnit

_BUILTINS = frozenset(dir(builtins))


def _bound_names(code: Code) -> frozenset[str] | None:
    """Every name some statement of the program binds, or None when a star import may bind
    any name."""
    bound: set[str] = set()
    for unit in code.units:
        imports: list[ast.Import | ast.ImportFrom] = unit.of_type(ast.Import, ast.ImportFrom)
        for node in imports:
            for alias in node.names:
                if alias.name == "*":
                    return None
                bound.add(alias.asname or alias.name.split(".")[0])
        defined: list[ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef]
        defined = unit.of_type(ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
        bound.update(node.name for node in defined)
        bound.update(node.arg for node in unit.of_type(ast.arg))
        bound.update(node.id for node in unit.of_type(ast.Name) if type(node.ctx) is ast.Store)
        declared: list[ast.Global | ast.Nonlocal] = unit.of_type(ast.Global, ast.Nonlocal)
        bound.update(name for node in declared for name in node.names)
        bound.update(node.name for node in unit.of_type(ast.ExceptHandler) if node.name)
    return frozenset(bound)


def _unbound_builder(call: ast.Call, bound: frozenset[str]) -> str | None:
    """``Trainer`` of ``Trainer(...)`` when nothing binds that name, else None."""
    func = call.func
    if type(func) is not ast.Name or func.id in bound or func.id in _BUILTINS:
        return None
    return func.id


def unbound_trainer_runs(code: Code) -> list[tuple[SourceUnit, ast.Call, str]]:
    """``trainer.train()`` calls whose trainer was built by a name the program never binds,
    with that name: training whose framework the file leaves to another file's session."""
    runs = [
        (unit, call)
        for unit in code.units
        for call in unit.of_type(ast.Call)
        if runs_a_trainer(call)
        and type(call.func) is ast.Attribute
        and type(call.func.value) is ast.Name
    ]
    if not runs:
        return []
    bound = _bound_names(code)
    if bound is None:
        return []
    builders: dict[str, str] = {}
    for unit in code.units:
        for node in unit.of_type(ast.Assign):
            target = node.targets[0] if len(node.targets) == 1 else None
            if type(target) is ast.Name and type(node.value) is ast.Call:
                maker = _unbound_builder(node.value, bound)
                if maker is not None:
                    builders[target.id] = maker
    found = []
    for unit, call in runs:
        assert isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name)
        maker = builders.get(call.func.value.id)
        if maker is not None:
            found.append((unit, call, maker))
    return found


def unbound_training_said(codes: list[Code], judged: str) -> str | None:
    """The skip reason for training through a trainer no import binds (see the module), or
    None when there is none: ``judged`` says what is left unjudged."""
    for code in codes:
        for unit, call, maker in unbound_trainer_runs(code):
            return (
                f"{unit.path}:{call.lineno} runs trainer.train() on a {maker} the file never"
                " imports or defines (code written for another file's session, like a"
                f" notebook's cells saved as scripts): {judged} is not judged"
            )
    return None
