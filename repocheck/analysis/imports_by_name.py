"""Modules a program imports by a name made at run time.

``importlib.import_module(f"envs.{name}")``, ``"models." + name + "_model"`` (pix2pix's and
CycleGAN's model finder): the text written out around the name says which of the project's
modules it can be. Entry points, reach and the rules read it alike.
"""

from __future__ import annotations

import ast

from repocheck.analysis.callgraph import ProjectGraph, module_names
from repocheck.analysis.imports import Program, assigned_values

#: Calls that import a module named at run time.
_IMPORTERS = frozenset({"importlib.import_module", "__import__"})
_IMPORTER_NAMES = frozenset({"import_module", "__import__"})


def imports_by_name(call: ast.Call, program: Program) -> bool:
    """``import_module('models.' + args.model)`` or ``__import__(name)``: a module whose name
    is not written out."""
    func = call.func  # most calls are neither: their last name says so before any look-up
    last = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if last not in _IMPORTER_NAMES or not call.args or isinstance(call.args[0], ast.Constant):
        return False
    name = program.resolve(func)
    if name is None and isinstance(call.func, ast.Name):
        name = call.func.id  # a built-in: __import__
    return name in _IMPORTERS


def loaded_by_name(call: ast.Call, program: Program, graph: ProjectGraph) -> list[Program]:
    """The project modules ``import_module(f"envs.{name}")`` (or ``'envs.' + name``) may
    load: each one name below the package written out, a package's ``__init__`` among them;
    with a suffix written after the name (pix2pix's ``"models." + name + "_model"``, often
    bound to a local name first), each such module ending in it. A name with nothing written
    out before it names none."""
    if not imports_by_name(call, program):
        return []
    given = call.args[0]
    if isinstance(given, ast.Name):
        given = _bound_once(given.id, program) or given
    written = _written_parts(given)
    if written is None:
        return []
    head, tail = written
    if not head.endswith(".") or head.startswith("."):
        return []
    key = ("loaded by name", head, tail)
    found = graph.derived.get(key)
    if found is None:
        found = graph.derived[key] = tuple(
            other
            for other in graph.programs
            if any(_one_below(name, head, tail) for name in module_names(other.module))
        )
    return list(found)  # type: ignore[call-overload]


def _one_below(name: str, head: str, tail: str) -> bool:
    rest = name[len(head) :] if name.startswith(head) else ""
    return "." not in rest and len(rest) > len(tail) and rest.endswith(tail)


def _bound_once(name: str, program: Program) -> ast.expr | None:
    """The value of the one assignment of ``name`` in the program, if there is just one."""
    values = assigned_values(name, program)
    return values[0] if len(values) == 1 else None


def _written_parts(name: ast.expr) -> tuple[str, str] | None:
    """``("envs.", "")`` of ``f"envs.{name}"`` or ``"envs." + name``, ``("models.", "_model")``
    of ``"models." + name + "_model"``: the constant text around the one part made at run
    time."""
    if isinstance(name, ast.JoinedStr):
        pieces: list[ast.expr] = list(name.values)
    elif isinstance(name, ast.BinOp) and isinstance(name.op, ast.Add):
        pieces = _added(name)
    else:
        return None
    texts = [_text(piece) for piece in pieces]
    if len(pieces) not in (2, 3) or texts[0] is None or texts[1] is not None:
        return None
    if isinstance(name, ast.JoinedStr) and not isinstance(pieces[1], ast.FormattedValue):
        return None
    tail = texts[2] if len(pieces) == 3 else ""
    return None if tail is None else (texts[0], tail)


def _added(node: ast.BinOp) -> list[ast.expr]:
    left = node.left
    pieces = (
        _added(left) if isinstance(left, ast.BinOp) and isinstance(left.op, ast.Add) else [left]
    )
    return [*pieces, node.right]


def _text(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None
