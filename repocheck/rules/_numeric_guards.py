"""Numeric guards written by hand, and whether a program computes gradients (SANITY002).

Library guards (``torch.isfinite``, ``clip_grad_norm_``) are matched by name in sanity.py.
Here are the guards a reviewer recognises in plain code: probabilities clamped away from zero
before a log (``torch.log(p.clamp(min=1e-7))``, ``np.log(np.clip(p, eps, 1 - eps))``,
``np.log(p + 1e-8)``), and gradients clipped by hand (``p.grad.data.clamp_(-1, 1)``,
``p.grad.mul_(clip_coef)``). A guard against exploding values only matters where gradients
are computed: a random forest has none.
"""

from __future__ import annotations

import ast

from repocheck.facts.snapshot import SourceUnit
from repocheck.rules._ml_code import (
    Code,
    identifiers,
    is_backward,
    is_fit,
    method,
    terminal,
    tokens,
)

#: Libraries whose programs can train by gradient descent.
GRADIENT_LIBRARIES = frozenset(
    {"torch", "lightning", "pytorch_lightning", "tensorflow", "keras", "jax", "flax", "optax"}
    | {"transformers", "accelerate", "timm"}
)
_GRADIENT_CALLS = frozenset(
    {"jax.grad", "jax.value_and_grad", "tensorflow.GradientTape", "torch.autograd.grad"}
)
_CLIPS = frozenset({"clamp", "clamp_", "clip", "clip_", "clip_by_value"})
_LOGS = frozenset({"log", "log2", "log10", "log1p", "xlogy"})
_SCALES = frozenset({"mul_", "div_", "mul", "div"})
#: An added constant at most this small is an epsilon keeping a log finite.
_EPSILON = 1e-3


def computes_gradients(code: Code) -> bool:
    """The program trains by gradient descent: ``backward()``, an optimizer step,
    ``jax.grad``, ``tf.GradientTape``, or a Keras/Lightning/transformers ``fit``."""
    found = code.program.derived.get("computes_gradients")
    if found is None:
        found = code.program.derived["computes_gradients"] = _computes_gradients(code)
    return bool(found)


def _computes_gradients(code: Code) -> bool:
    if not code.libraries & GRADIENT_LIBRARIES:
        return False
    for unit in code.units:
        for call in unit.of_type(ast.Call):
            if is_backward(call) or is_fit(call) or code.is_optimizer_step(call):
                return True
            if code.resolve(call.func) in _GRADIENT_CALLS:
                return True
    return False


def manual_guard(call: ast.Call, code: Code, unit: SourceUnit) -> str | None:
    """What numeric guard a plain call is: a clamped log, or gradients clipped by hand."""
    if _last(call, code) in _LOGS and any(_kept_from_zero(a, code) for a in _log_inputs(call)):
        return "clamped log"
    if "grad" in identifiers(call.func) and _clips(call):
        return "gradient clipping"
    return None


def _clips(call: ast.Call) -> bool:
    """``p.grad.clamp_(-1, 1)``, or ``p.grad.mul_(clip_coef)`` scaling by a clipping factor
    (not ``p.grad.mul_(1 / loss_scale)``, which undoes mixed-precision scaling)."""
    name = method(call)
    if name in _CLIPS:
        return True
    if name not in _SCALES:
        return False
    words = {w for arg in call.args for n in identifiers(arg) for w in tokens(n)}
    return bool(words & {"clip", "coef", "norm", "max"})


def _last(call: ast.Call, code: Code) -> str:
    name = code.resolve(call.func) or terminal(call.func) or ""
    return name.rpartition(".")[2]


def _log_inputs(call: ast.Call) -> list[ast.expr]:
    """What a log is taken of: its first argument, or the tensor of ``p.log()``."""
    if isinstance(call.func, ast.Attribute) and not call.args:
        return [call.func.value]  # p.log()
    return call.args[:1]


def _kept_from_zero(expr: ast.expr, code: Code) -> bool:
    """``clamp(p, min=eps)``, ``np.clip(p, eps, 1)``, ``p + 1e-8``, ``p + eps``."""
    if isinstance(expr, ast.Call):
        return _last(expr, code) in _CLIPS
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        return any(_epsilon(side) for side in (expr.left, expr.right))
    return False


def _epsilon(expr: ast.expr) -> bool:
    if isinstance(expr, ast.Constant) and isinstance(expr.value, float):
        return 0 < expr.value <= _EPSILON
    name = terminal(expr) or ""
    return name.lower().startswith("eps")
