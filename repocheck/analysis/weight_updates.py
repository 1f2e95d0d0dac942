"""Whether a program moves any weight: what makes gradients computed in a loop a training run.

Autograd's ``loss.backward()`` only fills ``.grad``; the weights move where an optimizer
steps (``optimizer.step()``, ``scaler.step(opt)``, ``apply_gradients``) or where code moves
them by their gradient (``p.data -= lr * p.grad``, ``w.sub_(lr * w.grad)``, a hand-written
update of a network from scratch). A lecture cell that sums gradients over micro-batches and
prints them moves none.
"""

from __future__ import annotations

import ast

from repocheck.analysis.imports import Program
from repocheck.analysis.ml_names import is_optimizer_name, method, terminal, tokens
from repocheck.analysis.scratch_training import is_hand_update

#: Methods that apply gradients: optimizers (PyTorch, JAX/optax wrappers, Keras, TF1).
_STEP_METHODS = frozenset({"step", "apply_gradients", "minimize", "apply_updates"})
#: First words of a method that reads or resets a step count rather than taking a step.
_COUNT_WORDS = frozenset({"get", "set", "reset", "current", "last", "num", "n", "total", "is"})


def steps_a_wrapped_optimizer(call: ast.Call) -> bool:
    """``optimizer.step_and_update_lr()``, ``self.optim.update_lr_and_step()``: a project's
    optimizer wrapper (a learning-rate schedule around the optimizer it holds) asked to take
    its step; not ``optimizer.get_step()``, which reads a count."""
    func = call.func
    if type(func) is not ast.Attribute or not is_optimizer_name(terminal(func.value)):
        return False
    words = tokens(func.attr)
    return "step" in words and words[0] not in _COUNT_WORDS


def steps_through_a_scaler(call: ast.Call) -> bool:
    """``scaler.step(optimizer)``, ``self.grad_scaler.step(opt)``: mixed precision's gradient
    scaler takes the step of the optimizer handed to it (unless the gradients overflowed)."""
    func = call.func
    if type(func) is not ast.Attribute or func.attr != "step" or not call.args:
        return False
    return "scaler" in tokens(terminal(func.value) or "") and is_optimizer_name(
        terminal(call.args[0])
    )


def updates_weights(program: Program) -> bool:
    """Some unit of the program steps an optimizer or moves a value by its gradient (cached
    on the program)."""
    found = program.derived.get("updates_weights")
    if found is None:
        found = program.derived["updates_weights"] = any(
            _updates(node)
            for unit in program.units
            for node in unit.of_type(ast.Call, ast.AugAssign, ast.Assign)
        )
    return bool(found)


def _updates(node: ast.AST) -> bool:
    if isinstance(node, ast.Call):
        name = method(node) or ""
        if name in _STEP_METHODS or steps_a_wrapped_optimizer(node):
            return True
        # An in-place tensor method fed a gradient: ``p.sub_(lr * p.grad)``, ``w.add_(-lr, g)``.
        if name.endswith("_") and any(_reads_grad(arg) for arg in node.args):
            return True
        return is_hand_update(node)
    if is_hand_update(node):
        return True
    if not isinstance(node, (ast.AugAssign, ast.Assign)):
        return False
    return _reads_grad(node.value) and _moves_data(node)


def _moves_data(node: ast.AugAssign | ast.Assign) -> bool:
    """``p -= lr * p.grad`` or ``p.data = p.data - lr * p.grad``: a value updated, not a
    gradient copied into a new name to print or log."""
    if isinstance(node, ast.AugAssign):
        return True
    return any(isinstance(target, (ast.Attribute, ast.Subscript)) for target in node.targets)


def _reads_grad(expr: ast.AST) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "grad" for n in ast.walk(expr))
