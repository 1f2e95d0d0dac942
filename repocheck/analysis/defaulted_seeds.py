"""Seeds handed down through a parameter that no caller fills (REPRO001).

``def create_splits(..., random_seed=None)`` passing ``random_state=random_seed`` on to
``train_test_split`` lets the caller fix the split. Where every call of the function leaves
``random_seed`` out, the split is drawn with ``random_state=None``: a new one on every run,
though the draw carries a seed argument. Read only where that is certain: the function is
called by its name somewhere, never handed on (``run(create_splits)``), imported under no
other name, not decorated (a framework may call it), and neither assigns the parameter nor
tests it; no call gives the parameter a value, by keyword, by position, or through ``*args``
or ``**options``.

The same holds for a seeding call behind a test of such a parameter: a card game's
``def reset(self, seed=None): if seed is not None: random.seed(seed)``, only ever called as
``game.reset()``, never seeds (:func:`unfilled_switches`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from repocheck.analysis.draws import Use, own_seed
from repocheck.analysis.imports import Call, Program
from repocheck.analysis.scopes import Function, Scope
from repocheck.analysis.seed_sources import callee_name
from repocheck.analysis.torch_libraries import torch_equivalent

_TESTS = (ast.If, ast.IfExp, ast.While, ast.Assert)


def unfilled_seeds(
    found: Iterable[tuple[Use, tuple[Scope, ...]]],
    calls: Iterable[tuple[Call, tuple[Scope, ...], Program]],
    programs: Iterable[Program],
) -> frozenset[int]:
    """The ids of the calls among ``found``'s draws seeded by a parameter no caller fills."""
    candidates = {
        id(use.call.node): (chain[-1].node, parameter, _called_as(chain[-1]))
        for use, chain in found
        if (parameter := _defaulted_parameter(use, chain)) is not None
    }
    return _unfilled(candidates, calls, programs)


def unfilled_switches(
    seeding: Iterable[tuple[Call, tuple[Scope, ...]]],
    calls: Iterable[tuple[Call, tuple[Scope, ...], Program]],
    programs: Iterable[Program],
) -> frozenset[int]:
    """The ids of the seeding calls among ``seeding`` that run only under ``if seed:`` or
    ``if seed is not None:``, ``seed`` a parameter defaulting to None that no caller fills."""
    candidates = {
        id(call.node): (chain[-1].node, parameter, _called_as(chain[-1]))
        for call, chain in seeding
        if chain and (parameter := _guarding_parameter(call.node, chain[-1].node)) is not None
    }
    return _unfilled(candidates, calls, programs)


def _guarding_parameter(node: ast.Call, function: Function) -> str | None:
    """The parameter defaulting to None whose test alone lets ``node`` run, when the function
    never assigns it and is not decorated."""
    if function.decorator_list:
        return None
    guards = [
        name
        for branch in ast.walk(function)
        if isinstance(branch, ast.If)
        and (name := _tested_name(branch.test)) is not None
        and any(inner is node for statement in branch.body for inner in ast.walk(statement))
    ]
    if len(guards) != 1 or not _defaults_to_none(function, guards[0]):
        return None
    for inner in ast.walk(function):
        if (
            isinstance(inner, ast.Name)
            and inner.id == guards[0]
            and not isinstance(inner.ctx, ast.Load)
        ):
            return None  # seed = seed or 0
    return guards[0]


def _tested_name(test: ast.expr) -> str | None:
    """``seed`` of ``if seed:``, ``if seed is not None:`` or ``if seed != None:``."""
    if isinstance(test, ast.Name):
        return test.id
    if (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and len(test.ops) == 1
        and isinstance(test.ops[0], (ast.IsNot, ast.NotEq))
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value is None
    ):
        return test.left.id
    return None


def _unfilled(
    candidates: dict[int, tuple[Function, str, str]],
    calls: Iterable[tuple[Call, tuple[Scope, ...], Program]],
    programs: Iterable[Program],
) -> frozenset[int]:
    """The keys of ``candidates`` whose function is called by its name, never handed on, and
    never given a value for the parameter."""
    if not candidates:
        return frozenset()
    names = {name for _, _, name in candidates.values()}
    calls_of = _calls_by_name(calls, names)
    handed = _handed_on(programs, names, calls_of)
    return frozenset(
        key
        for key, (function, parameter, name) in candidates.items()
        if name not in handed
        and calls_of.get(name)
        and not any(
            _fills(call, function, parameter, constructed=name != function.name)
            for call in calls_of[name]
        )
    )


def _called_as(scope: Scope) -> str:
    """The name a call of the function goes by: a constructor's is its class's
    (``Sampler(items, seed=42)`` runs ``Sampler.__init__``); a ``super().__init__()`` is
    another class's constructor and fills nothing of this one."""
    if scope.is_method and scope.name == "__init__" and "." in scope.key:
        return scope.key.rsplit(".", 2)[-2]
    return scope.name


def _defaulted_parameter(use: Use, chain: tuple[Scope, ...]) -> str | None:
    """The parameter of the function around the draw that the draw takes its seed from, when
    it defaults to None and the function neither assigns nor tests it."""
    if not use.seeded or not chain:
        return None
    argument = own_seed(torch_equivalent(use.call.name or ""), use.call.node)
    function = chain[-1].node
    if not isinstance(argument, ast.Name) or function.decorator_list:
        return None
    if not _defaults_to_none(function, argument.id):
        return None
    for node in ast.walk(function):
        if (
            isinstance(node, ast.Name)
            and node.id == argument.id
            and not isinstance(node.ctx, ast.Load)
        ):
            return None  # random_seed = random_seed or 0
        if isinstance(node, _TESTS) and _reads(node.test, argument.id):
            return None  # if random_seed is not None: ...
    return argument.id


def _defaults_to_none(function: Function, name: str) -> bool:
    arguments = function.args
    positional = [*arguments.posonlyargs, *arguments.args]
    defaults: dict[str, ast.expr | None] = dict.fromkeys((a.arg for a in positional), None)
    for argument, default in zip(
        positional[len(positional) - len(arguments.defaults) :], arguments.defaults, strict=True
    ):
        defaults[argument.arg] = default
    for keyword_only, kw_default in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True):
        defaults[keyword_only.arg] = kw_default
    given = defaults.get(name)
    return isinstance(given, ast.Constant) and given.value is None


def _reads(node: ast.expr, name: str) -> bool:
    return any(isinstance(inner, ast.Name) and inner.id == name for inner in ast.walk(node))


def _calls_by_name(
    calls: Iterable[tuple[Call, tuple[Scope, ...], Program]], names: set[str]
) -> dict[str, list[ast.Call]]:
    found: dict[str, list[ast.Call]] = {}
    for call, _, _ in calls:
        name = callee_name(call.node.func)
        if name in names:
            found.setdefault(name, []).append(call.node)
    return found


def _handed_on(
    programs: Iterable[Program], names: set[str], calls_of: dict[str, list[ast.Call]]
) -> set[str]:
    """Names used otherwise than as the callee of a call, or imported under another name:
    the function may then be called with arguments the program does not show. Only the
    units whose text holds one of the names are read."""
    callees = {id(call.func) for found in calls_of.values() for call in found}
    handed: set[str] = set()
    for program in programs:
        for unit in program.units:
            if not any(name in unit.source for name in names):
                continue
            used: list[tuple[str, ast.AST]] = [(n.id, n) for n in unit.of_type(ast.Name)]
            used.extend((a.attr, a) for a in unit.of_type(ast.Attribute))
            handed.update(name for name, node in used if name in names and id(node) not in callees)
            imports: list[ast.Import | ast.ImportFrom] = [*unit.of_type(ast.Import)]
            imports.extend(unit.of_type(ast.ImportFrom))
            for statement in imports:
                handed.update(
                    alias.name.rsplit(".", 1)[-1]
                    for alias in statement.names
                    if alias.asname and alias.name.rsplit(".", 1)[-1] in names
                )
    return handed


def _fills(call: ast.Call, function: Function, parameter: str, *, constructed: bool) -> bool:
    """The call may give ``parameter`` a value other than None; ``constructed``: the call
    names the function's class, which hands the new object to it as ``self``."""
    for item in call.keywords:
        if item.arg is None:
            return True  # **options: what it holds is not known
        if item.arg == parameter:
            return not (isinstance(item.value, ast.Constant) and item.value.value is None)
    if any(isinstance(argument, ast.Starred) for argument in call.args):
        return True
    arguments = function.args
    positional = [a.arg for a in [*arguments.posonlyargs, *arguments.args]]
    if parameter not in positional:
        return False
    index = positional.index(parameter)
    if (constructed or isinstance(call.func, ast.Attribute)) and positional[:1] in (
        ["self"],
        ["cls"],
    ):
        index -= 1  # obj.method(...), Class(...): the object is the first argument
    return len(call.args) > index
