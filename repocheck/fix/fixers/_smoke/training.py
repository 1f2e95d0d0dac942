"""The training step the project takes: its loss function and its optimizer.

Read from the programs that build the model and the model's own module (a Lightning module's
``training_step``). The test builds the same loss and optimizer class; targets are made for
the loss's kind (class ids below the output size, or values shaped like the output).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from repocheck.analysis.ml_code import Code, each
from repocheck.fix.fixers._smoke.layers import argument
from repocheck.fix.fixers._smoke.values import Unknown, module_constants, shown, value_of

#: Loss -> (its torch.nn class, the targets it takes).
_LOSSES = {
    "CrossEntropyLoss": ("CrossEntropyLoss", "classes"),
    "cross_entropy": ("CrossEntropyLoss", "classes"),
    "NLLLoss": ("NLLLoss", "classes"),
    "nll_loss": ("NLLLoss", "classes"),
    "MSELoss": ("MSELoss", "values"),
    "mse_loss": ("MSELoss", "values"),
    "L1Loss": ("L1Loss", "values"),
    "l1_loss": ("L1Loss", "values"),
    "SmoothL1Loss": ("SmoothL1Loss", "values"),
    "smooth_l1_loss": ("SmoothL1Loss", "values"),
    "HuberLoss": ("HuberLoss", "values"),
    "huber_loss": ("HuberLoss", "values"),
    "BCEWithLogitsLoss": ("BCEWithLogitsLoss", "probabilities"),
    "binary_cross_entropy_with_logits": ("BCEWithLogitsLoss", "probabilities"),
    # BCELoss needs probabilities, and a sigmoid applied in the training loop rather than in
    # forward() would make it fail on a correct model; on probabilities as on logits, the
    # logits form is defined, and one step must lower it all the same.
    "BCELoss": ("BCEWithLogitsLoss", "probabilities"),
    "binary_cross_entropy": ("BCEWithLogitsLoss", "probabilities"),
}
#: Optimizers one ``step()`` runs without a closure.
_OPTIMIZERS = frozenset(
    {"SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam", "RAdam"}
)
#: The learning rate of the test's step when the project's is not a literal.
DEFAULT_LR = 1e-3


@dataclass(frozen=True)
class TrainingStep:
    """``nn.<loss>()``, its target kind, ``torch.optim.<optimizer>`` and the learning rate."""

    loss: str
    targets: str  # classes, values or probabilities
    optimizer: str
    lr: float
    notes: tuple[str, ...] = ()


def training_step(codes: list[Code]) -> TrainingStep | str:
    """The first loss and optimizer built in ``codes``, or what is missing."""
    loss = optimizer = None
    lr_expr: ast.expr | None = None
    env: dict[str, object] = {}
    for code, unit, call in each(codes, ast.Call):
        name = code.resolve(call.func)
        if not name.startswith("torch."):
            continue
        last = name.rpartition(".")[2]
        if loss is None and last in _LOSSES:
            loss = _LOSSES[last]
        if optimizer is None and name.startswith("torch.optim.") and last in _OPTIMIZERS:
            optimizer, lr_expr = last, argument(call, 1, "lr")
            env = module_constants(unit.tree) if unit.tree else {}
    if loss is None:
        return "no torch.nn loss (CrossEntropyLoss, MSELoss, ...) is built in the training code"
    if optimizer is None:
        return "no torch.optim optimizer (SGD, Adam, ...) is built in the training code"
    lr = _learning_rate(lr_expr, env)
    notes: tuple[str, ...] = ()
    if lr is None:
        lr = DEFAULT_LR
        if lr_expr is not None:
            notes = (f"the learning rate {shown(lr_expr)} is not a literal: the test uses {lr}",)
    return TrainingStep(loss[0], loss[1], optimizer, float(lr), notes)


def _learning_rate(expr: ast.expr | None, env: dict[str, object]) -> float | None:
    """The learning rate the project passes, when it is a positive number read from the code."""
    try:
        found = value_of(expr, env)
    except Unknown:
        return None
    if isinstance(found, bool) or not isinstance(found, (int, float)) or found <= 0:
        return None
    return float(found)
