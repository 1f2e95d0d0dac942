"""Networks written from scratch in numpy: training by hand-written gradient-descent updates.

A perceptron trained with ``weights += X.T @ delta`` or a deep network updated with
``parameters["W1"] -= learning_rate * grads["dW1"]`` is ML code though it imports no framework;
the sanity rules read it as such. What marks it is the update itself: a weight-like name
(weights, W1, bias, theta, params) moved by a gradient-like amount (a learning rate, a gradient,
a delta) with ``+=`` or ``-=``. A running total (``total += loss``) is no update.
"""

from __future__ import annotations

import ast

from repocheck.analysis.ml_code import Code, each, identifiers, terminal, tokens
from repocheck.facts.snapshot import SourceUnit

_WEIGHT_WORDS = frozenset(
    {"w", "weight", "weights", "b", "bias", "biases", "theta", "param", "params", "parameters"}
    | {"coef", "kernel", "kernels"}
)
_STEP_WORDS = frozenset(
    {"lr", "learning", "alpha", "eta", "grad", "grads", "gradient", "gradients", "delta", "deltas"}
)
_NUMPY = frozenset({"numpy", "cupy"})


def hand_updates(code: Code) -> list[tuple[SourceUnit, ast.AugAssign]]:
    """``weights += X.T @ delta``, ``self.W -= self.lr * dW`` in a numpy program."""
    if not code.libraries & _NUMPY:
        return []
    return [
        (unit, node)
        for _, unit, node in each([code], ast.AugAssign)
        if isinstance(node.op, (ast.Add, ast.Sub)) and _is_update(node)
    ]


def _moved_name(target: ast.expr) -> str:
    """What a reader calls the value an update moves: ``param`` for ``param.data``, whose
    array is the weight's (a from-scratch optimizer's ``param.data -= lr * m_hat``). Only a
    plain name's: an optimizer moves the parameters it loops over, while
    ``layer.weight.data += alpha * up @ down`` edits one layer (merging LoRA weights)."""
    if isinstance(target, ast.Attribute) and target.attr == "data":
        return target.value.id if isinstance(target.value, ast.Name) else ""
    return terminal(target) or ""


def is_hand_update(node: ast.AST) -> bool:
    """``weights -= lr * grad``, ``param[i] += -self.learning_rate * grad[i]``: one weight
    moved by a gradient-like amount, the training step of a network written by hand. A
    gradient summed up (``grad_w += ...``, ``dW += ...``) moves no weight."""
    if not isinstance(node, ast.AugAssign) or not isinstance(node.op, (ast.Add, ast.Sub)):
        return False
    target = _moved_name(node.target)
    if set(tokens(target)) & _STEP_WORDS or _gradient_name(target):
        return False
    return _is_update(node)


def _is_update(node: ast.AugAssign) -> bool:
    target = _moved_name(node.target)
    if not set(tokens(target)) & _WEIGHT_WORDS:
        return False
    names = identifiers(node.value)
    words = {word for name in names for word in tokens(name)}
    return bool(words & _STEP_WORDS) or any(_gradient_name(name) for name in names)


def _gradient_name(name: str) -> bool:
    """``dW``, ``dw1``, ``db``, ``d_weights``: the derivative of a weight-like name."""
    rest = name[1:].lstrip("_")
    return name[:1] == "d" and bool(rest) and bool(set(tokens(rest)) & _WEIGHT_WORDS)


def trains_from_scratch(code: Code) -> bool:
    """Whether the program updates weights by hand (cached on the program)."""
    found = code.program.derived.get("trains_from_scratch")
    if found is None:
        found = code.program.derived["trains_from_scratch"] = bool(hand_updates(code))
    return bool(found)
