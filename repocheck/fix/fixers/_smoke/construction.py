"""The values a model's constructor gets: those a build site passes, else its defaults.

Only literals, module constants and simple arithmetic are read; a required parameter without
such a value means no test, and a value that is not a literal where a default exists is
replaced by the default, with a note.
"""

from __future__ import annotations

import ast
import contextlib
from dataclasses import dataclass, field

from repocheck.analysis.torch_models import ModelClass
from repocheck.fix.fixers._smoke.model import BuildSite
from repocheck.fix.fixers._smoke.values import Unknown, module_constants, shown, value_of


@dataclass(frozen=True)
class Construction:
    """The arguments the test passes (``passed``, in signature order) and every value the
    constructor sees (``values``: passed or default)."""

    passed: tuple[tuple[str, object, bool], ...]  # (name, value, as keyword)
    values: dict[str, object] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def _signature(init: ast.FunctionDef | None) -> list[tuple[str, ast.expr | None, str]]:
    """(name, default expression, kind) of each parameter after ``self``; kind is
    positional, either or keyword."""
    if init is None:
        return []
    arguments = init.args
    ordered = [*arguments.posonlyargs, *arguments.args][1:]
    defaults: list[ast.expr | None] = [None] * (len(ordered) - len(arguments.defaults))
    defaults += list(arguments.defaults)
    kinds = ["positional"] * max(len(arguments.posonlyargs) - 1, 0)
    kinds += ["either"] * (len(ordered) - len(kinds))
    found = [(a.arg, d, k) for a, d, k in zip(ordered, defaults, kinds, strict=True)]
    found += [
        (a.arg, d, "keyword")
        for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True)
    ]
    return found


def required_arguments(model: ModelClass) -> list[str]:
    """The constructor's parameters without a default."""
    return [name for name, default, _ in _signature(model.method("__init__")) if default is None]


def construct(model: ModelClass, sites: list[BuildSite]) -> Construction | str:
    """How to build ``model``: from the first build site whose values are all readable for
    the required parameters, else from the defaults; a reason when nothing works."""
    init = model.method("__init__")
    signature = _signature(init)
    defaults = _defaults(model)
    required = [name for name, default, _ in signature if default is None]
    if init is not None and (init.args.vararg or init.args.kwarg) and not signature:
        return f"{model.name}(*args, **kwargs): its arguments are not named in its signature"
    reasons = []
    for _, unit, call in sites:
        env = module_constants(unit.tree) if unit.tree else {}
        read = _passed(call, signature, env, f"{unit.path}:{call.lineno}")
        if isinstance(read, str):
            reasons.append(read)
            continue
        passed, unread = read
        missing = [name for name in required if name not in passed]
        if missing:
            where = f"{unit.path}:{call.lineno}"
            reasons.append(f"{', '.join(missing)} has no literal value at {where}")
            continue
        chosen = tuple(
            (name, passed[name], kind == "keyword" or kind == "either")
            for name, _, kind in signature
            if name in passed
        )
        notes = tuple(
            f"{where} is not a literal: the test builds {model.name} with the default {name}"
            for name, where in unread
        )
        return Construction(chosen, {**defaults, **passed}, notes)
    if not required:
        return Construction((), defaults)
    where = "; ".join(reasons) or "nothing outside the model classes builds it"
    return f"{model.name}() needs {', '.join(required)}: {where}"


def _defaults(model: ModelClass) -> dict[str, object]:
    """The constructor's default values that can be read."""
    module_env = module_constants(model.unit.tree) if model.unit.tree else {}
    defaults: dict[str, object] = {}
    for name, default, _ in _signature(model.method("__init__")):
        if default is not None:
            with contextlib.suppress(Unknown):
                defaults[name] = value_of(default, module_env)
    return defaults


def call_values(model: ModelClass, call: ast.Call, env: dict[str, object]) -> dict | str:
    """Every value the constructor sees when ``call`` (in a scope with ``env``) builds it."""
    signature = _signature(model.method("__init__"))
    read = _passed(call, signature, env, shown(call)[:60])
    if isinstance(read, str):
        return read
    passed, _ = read
    missing = [name for name, default, _ in signature if default is None and name not in passed]
    if missing:
        return f"{shown(call)[:60]} passes no readable {', '.join(missing)}"
    return {**_defaults(model), **passed}


def _passed(
    call: ast.Call,
    signature: list[tuple[str, ast.expr | None, str]],
    env: dict[str, object],
    where: str,
) -> tuple[dict[str, object], list[tuple[str, str]]] | str:
    """The readable values a build site passes, by parameter name, and the parameters it
    passes something unreadable for (with where: ``hidden=args.hidden at train.py:8``)."""
    if any(isinstance(a, ast.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords
    ):
        return f"{where} passes *args or **kwargs"
    positional = [name for name, _, kind in signature if kind != "keyword"]
    if len(call.args) > len(positional):
        return f"{where} passes more arguments than the signature names"
    given = list(zip(positional, call.args, strict=False))
    given += [(k.arg, k.value) for k in call.keywords if k.arg is not None]
    found: dict[str, object] = {}
    unread: list[tuple[str, str]] = []
    for name, expr in given:
        try:
            found[name] = value_of(expr, env)
        except Unknown:  # the default, if there is one, stands in
            unread.append((name, f"{name}={shown(expr)} at {where}"))
    return found, unread
