"""Guards a DeepSpeed engine applies by itself, set in the config a script writes out
(SANITY002).

``deepspeed.initialize(config=..., model=...)`` builds an engine whose ``backward`` and
``step`` train the model. With ``"fp16": {"enabled": true}`` and no fixed ``loss_scale`` the
engine scales the loss dynamically: it checks each step's gradients for inf/NaN and skips the
step, as PyTorch's ``GradScaler.step`` does. ``"gradient_clipping": 1.0`` clips the gradients
inside that step. Read only where the config is a dict literal in the call, or a name the
same file (or notebook) binds once to a dict literal; a JSON file or a command-line argument says nothing.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator

from repocheck.analysis.imports import keyword
from repocheck.analysis.ml_code import Code, each
from repocheck.facts.snapshot import SourceUnit
from repocheck.patterns import compile_on_use

_INITIALIZE = compile_on_use(r"^deepspeed(\.deepspeed)?\.initialize$")
_CONFIG_KEYWORDS = ("config", "config_params")


def deepspeed_guards(codes: Iterable[Code]) -> list[tuple[SourceUnit, int, str]]:
    """(unit, line, guard kind) of each ``deepspeed.initialize`` whose written-out config
    turns on dynamic fp16 loss scaling or gradient clipping."""
    codes = [code for code in codes if "deepspeed" in code.libraries]
    found: list[tuple[SourceUnit, int, str]] = []
    for code, unit, call in each(codes, ast.Call):
        if not _INITIALIZE.match(code.resolve(call.func) or ""):
            continue
        config = _config_dict(code, call)
        if config is not None:
            found.extend((unit, call.lineno, kind) for kind in _guards_in(config))
    return found


def _config_dict(code: Code, call: ast.Call) -> ast.Dict | None:
    value = next(filter(None, (keyword(call, name) for name in _CONFIG_KEYWORDS)), None)
    if isinstance(value, ast.Dict):
        return value
    if not isinstance(value, ast.Name):
        return None
    bound: list[ast.expr | None] = []
    for unit in code.units:
        assignments: list[ast.Assign | ast.AnnAssign | ast.AugAssign] = [
            *unit.of_type(ast.Assign),
            *unit.of_type(ast.AnnAssign),
            *unit.of_type(ast.AugAssign),
        ]
        bound.extend(
            node.value
            for node in assignments
            if any(_names(target, value.id) for target in _targets(node))
        )
    # One binding, to a dict literal: anything else may carry other settings.
    return bound[0] if len(bound) == 1 and isinstance(bound[0], ast.Dict) else None


def _targets(node: ast.Assign | ast.AnnAssign | ast.AugAssign) -> list[ast.expr]:
    return list(node.targets) if isinstance(node, ast.Assign) else [node.target]


def _names(target: ast.expr, name: str) -> bool:
    if isinstance(target, ast.Name):
        return target.id == name
    if isinstance(target, (ast.Tuple, ast.List)):
        return any(_names(item, name) for item in target.elts)
    return False


def _entries(mapping: ast.Dict) -> dict[str, ast.expr]:
    return {
        key.value: value
        for key, value in zip(mapping.keys, mapping.values, strict=False)
        if isinstance(key, ast.Constant) and isinstance(key.value, str)
    }


def _guards_in(config: ast.Dict) -> Iterator[str]:
    entries = _entries(config)
    fp16 = entries.get("fp16")
    if isinstance(fp16, ast.Dict):
        settings = _entries(fp16)
        enabled = settings.get("enabled")
        scale = settings.get("loss_scale")
        dynamic = scale is None or (isinstance(scale, ast.Constant) and scale.value == 0)
        if isinstance(enabled, ast.Constant) and enabled.value is True and dynamic:
            yield "loss scaling"
    clipping = entries.get("gradient_clipping")
    if (
        isinstance(clipping, ast.Constant)
        and isinstance(clipping.value, (int, float))
        and not isinstance(clipping.value, bool)
        and clipping.value > 0
    ):
        yield "gradient clipping"
