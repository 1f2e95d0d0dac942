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
from collections.abc import Iterable, Iterator

from repocheck.analysis.imports import Program
from repocheck.analysis.ml_code import Code
from repocheck.analysis.ml_names import runs_a_trainer
from repocheck.analysis.toplevel import is_main_guard
from repocheck.facts.snapshot import SourceUnit

_BUILTINS = frozenset(dir(builtins))


def _bound_names(code: Code) -> frozenset[str] | None:
    """Every name some statement of the program binds, or None when a star import may bind
    any name."""
    return _bound_in(code.units)


def _bound_in(units: Iterable[SourceUnit]) -> frozenset[str] | None:
    bound: set[str] = set()
    for unit in units:
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


#: Names a module has without binding them, and IPython's, which a script exported from a
#: notebook may read when run in IPython.
_MODULE_NAMES = frozenset({"__file__", "__builtins__", "__cached__", "__path__"})
_IPYTHON_NAMES = frozenset({"get_ipython", "display"})
#: Calls that may bind any name: a configurator run with exec(), a write to globals().
_BINDS_ANY = frozenset({"exec", "execfile", "globals", "vars", "locals", "__import__"})


def first_unbound_read(program: Program) -> tuple[SourceUnit, int, str] | None:
    """The first statement of a script's top-level code (its ``__main__`` block included)
    that surely runs and reads a name nothing in the file binds, as (unit, line, name): the
    script stops there with a NameError. A sketch left under ``if __name__ == "__main__":``
    (``for epoch in range(n_epochs):`` with ``n_epochs`` defined nowhere) never gets past it.

    Says less rather than wrong: a name bound anywhere in the file counts as bound, a star
    import or exec() may bind any name, statements inside try, if (other than the main guard)
    or loop bodies are not read, nor lambdas, comprehensions and the branches of a
    conditional; notebooks, whose names other notebooks may bring, are not read (cached)."""
    if "first_unbound_read" not in program.derived:
        program.derived["first_unbound_read"] = _first_unbound_read(program)
    return program.derived["first_unbound_read"]  # type: ignore[return-value]


def _first_unbound_read(program: Program) -> tuple[SourceUnit, int, str] | None:
    if len(program.units) != 1 or not program.path.endswith(".py"):
        return None
    (unit,) = program.units
    if unit.tree is None:
        return None
    bound = _bound_in(program.units)
    if bound is None or any(
        type(call.func) is ast.Name and call.func.id in _BINDS_ANY
        for call in unit.of_type(ast.Call)
    ):
        return None
    known = bound | _BUILTINS | _MODULE_NAMES | _IPYTHON_NAMES
    for statement in _top_level_flow(unit.tree.body):
        for part in _evaluated_first(statement):
            for node in _eager(part):
                if type(node) is ast.Name and type(node.ctx) is ast.Load and node.id not in known:
                    return unit, statement.lineno, node.id
    return None


def _top_level_flow(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The module's statements in order, with its ``__main__`` block's in place of it."""
    for statement in body:
        if is_main_guard(statement):
            assert isinstance(statement, ast.If)
            yield from _top_level_flow(statement.body)
        else:
            yield statement


def _evaluated_first(statement: ast.stmt) -> list[ast.AST]:
    """What runs of a statement as soon as it is reached: a simple statement whole, a
    compound one's header (a loop's iterable, a condition, a with's context)."""
    if isinstance(statement, (ast.For, ast.AsyncFor)):
        return [statement.iter]
    if isinstance(statement, (ast.While, ast.If)):
        return [statement.test]
    if isinstance(statement, (ast.With, ast.AsyncWith)):
        return [item.context_expr for item in statement.items]
    if isinstance(statement, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr)):
        return [statement]
    return []  # definitions, imports, try, match, return, raise, assert, del, pass


def _eager(root: ast.AST) -> Iterator[ast.AST]:
    """The nodes of ``root`` evaluated whenever it is, leaving out lambdas, comprehensions,
    the branches of ``a if c else b`` and all but the first operand of ``and``/``or``."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp)):
            continue
        if isinstance(node, ast.GeneratorExp):
            continue
        if isinstance(node, ast.IfExp):
            stack.append(node.test)
        elif isinstance(node, ast.BoolOp):
            stack.append(node.values[0])
        else:  # in the order Python evaluates them: a call's function before its arguments
            stack.extend(reversed(list(ast.iter_child_nodes(node))))
