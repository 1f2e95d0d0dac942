"""Functions whose signatures state tensor shapes that a type checker verifies at run time.

``def forward(self, x: Float[Tensor, "batch pos d_model"]) -> Float[Tensor, "batch pos
vocab"]`` states the shapes a function expects as plainly as ``assert x.shape == ...``, and
once jaxtyping checks them at run time (pytest's ``--jaxtyping-packages`` option, jaxtyping's
import hook, or a ``@jaxtyped``/``@beartype``/``@typechecked`` decorator on the function) a
wrong shape stops the run like a failed assert. Without such a checker the annotations are
documentation only, and nothing here counts them.

Shape types are read through the project's own aliases too (``BatchLogits = Float[Tensor,
"batch pos vocab"]`` in a ``types.py``), which is how such projects usually write them.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from repocheck.analysis.ml_code import Code
from repocheck.analysis.ml_names import terminal
from repocheck.analysis.pytest_config import pytest_options
from repocheck.facts.snapshot import Snapshot, SourceUnit

#: Libraries whose subscripted types state a tensor's shape.
_SHAPE_LIBRARIES = ("jaxtyping.", "torchtyping.")
#: Decorators that check a function's annotations each time it is called.
_CHECKING_DECORATORS = frozenset({"jaxtyped", "typechecked", "beartype"})
#: The pytest option of jaxtyping's plugin: every module of the named packages is checked.
_PYTEST_OPTION = "--jaxtyping-packages"


@dataclass(frozen=True)
class ShapeTyped:
    """A function whose signature states a shape, checked at run time."""

    unit: SourceUnit
    line: int


def checked_everywhere(snapshot: Snapshot) -> bool:
    """The project has jaxtyping check every annotated function of its packages: through
    pytest's ``--jaxtyping-packages`` option or ``jaxtyping.install_import_hook``."""
    options = pytest_options(snapshot)
    if any(word.startswith(_PYTEST_OPTION) for word in options.get("addopts", ())):
        return True
    return any(
        terminal(call.func) == "install_import_hook"
        for unit in snapshot.parsed()
        if "install_import_hook" in unit.source  # a text search spares walking every call
        for call in unit.of_type(ast.Call)
        if isinstance(call, ast.Call)
    )


def shape_aliases(codes: Iterable[Code]) -> frozenset[str]:
    """Names the project gives shape types at module level: ``Logits = Float[Tensor, "b v"]``."""
    names: set[str] = set()
    for code in codes:
        for unit in code.units:
            for node in unit.tree.body if unit.tree else ():
                value: ast.expr | None
                if isinstance(node, ast.Assign):
                    value, targets = node.value, node.targets
                elif isinstance(node, ast.AnnAssign):
                    value, targets = node.value, [node.target]
                else:
                    continue
                if value is not None and _is_shape_type(code, value, frozenset()):
                    names.update(t.id for t in targets if isinstance(t, ast.Name))
    return frozenset(names)


def shape_typed_functions(
    code: Code, aliases: frozenset[str], everywhere: bool
) -> Iterator[ShapeTyped]:
    """The program's functions with a shape type in their signature that a checker verifies:
    all of them when ``everywhere``, else those decorated with a checker."""
    for unit in code.units:
        for node in unit.of_type(ast.FunctionDef, ast.AsyncFunctionDef):
            assert isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            if not (everywhere or _decorated_with_checker(node)):
                continue
            if any(_is_shape_type(code, note, aliases) for note in _annotations(node)):
                yield ShapeTyped(unit, node.lineno)


def _annotations(node: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[ast.expr]:
    arguments = node.args
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    every += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
    yield from (a.annotation for a in every if a.annotation is not None)
    if node.returns is not None:
        yield node.returns


def _decorated_with_checker(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Name | ast.Attribute) and terminal(target) in (
            _CHECKING_DECORATORS
        ):
            return True
    return False


def _is_shape_type(code: Code, annotation: ast.expr, aliases: frozenset[str]) -> bool:
    """A jaxtyping/torchtyping subscript, or one of the project's aliases of one, anywhere in
    the annotation (``Optional[Float[Tensor, "b"]]`` too)."""
    for node in ast.walk(annotation):
        if isinstance(node, ast.Subscript) and code.resolve(node.value).startswith(
            _SHAPE_LIBRARIES
        ):
            return True
        if isinstance(node, ast.Name | ast.Attribute) and terminal(node) in aliases:
            return True
    return False
