"""Networks written from scratch in numpy: training by hand-written gradient-descent updates.

A perceptron trained with ``weights += X.T @ delta`` or a deep network updated with
``parameters["W1"] -= learning_rate * grads["dW1"]`` is ML code though it imports no framework;
the sanity rules read it as such. What marks it is the update itself: a weight-like name
(weights, W1, bias, theta, params) moved by a gradient-like amount (a learning rate, a gradient,
a delta) with ``+=`` or ``-=``, or written out (``self.W = self.W - lr * dW``). A running
total (``total += loss``) is no update. An update may also be a call that moves the weight in
place: numpy's unbuffered ``np.add.at(W, ids, -lr * grad)`` (embedding rows, word2vec), or a
helper named for the step and handed the weight and its step (``apply_sparse_updates(w_in, ids,
-lr * grad_center)``, ``sgd_update(w, grad_w, lr)``).

Tabular reinforcement learning trains the same way, often in plain Python: a Q (or V) table
moved toward its target, ``Q[s][a] += alpha * (target - Q[s][a])``, or the temporal-difference
step written out, ``new = old + lr * (reward + gamma * next_max - old)``. A discounted return
summed for a report (``g = reward + gamma * g``) has no step size: it moves nothing.
"""

from __future__ import annotations

import ast
from typing import cast

from repocheck.analysis.ml_code import Code, FunctionFacts, each
from repocheck.analysis.ml_names import identifiers, terminal, tokens
from repocheck.facts.snapshot import SourceUnit

#: A value table's names (``q_table``, ``Q1``, ``self.V``): what tabular RL trains.
_TABLE_WORDS = frozenset({"q", "v", "qtable"})
_WEIGHT_WORDS = frozenset(
    {"w", "weight", "weights", "b", "bias", "biases", "theta", "param", "params", "parameters"}
    | {"coef", "kernel", "kernels"}
    | _TABLE_WORDS
)
_STEP_WORDS = frozenset(
    {"lr", "learning", "alpha", "eta", "grad", "grads", "gradient", "gradients", "delta", "deltas"}
)
_NUMPY = frozenset({"numpy", "cupy"})
#: A temporal-difference target's parts: the reward, and the discount on what follows it.
_REWARD_WORDS = frozenset({"reward", "rewards", "rew"})
_DISCOUNT_WORDS = frozenset({"gamma", "discount"})
#: numpy's products, an amount a perceptron's update is often written as.
_PRODUCTS = frozenset({"dot", "matmul", "outer", "multiply", "einsum", "tensordot"})
#: What an update can move: a name, an attribute, an item.
_PLACES = (ast.Name, ast.Attribute, ast.Subscript)
#: A helper that moves weights in place is named for it: ``sgd_update``, ``apply_updates``.
_UPDATE_CALL_WORDS = frozenset({"update", "updates", "sgd", "step"})
#: numpy's ufuncs whose ``.at`` adds into an array in place: ``np.add.at(W, ids, -lr * g)``.
_UFUNCS_AT = frozenset({"add", "subtract"})
_GRAD_WORDS = frozenset({"grad", "grads", "gradient", "gradients"})
_DELTA_WORDS = frozenset({"delta", "deltas"})


Update = ast.AugAssign | ast.Assign | ast.Call

#: A linear system solved or a matrix inverted (``np.linalg.solve``, ``lstsq``, ``inv``, a
#: learner's ``manual_solve``): how least squares is fitted in closed form.
_SOLVE_WORDS = frozenset({"solve", "lstsq", "inv", "pinv", "cholesky"})
#: A fit that prepares the data rather than a model: a scaler's, an encoder's, a tokenizer's.
_PREPARING_WORDS = frozenset(
    {"scaler", "scale", "transform", "transformer", "tokenizer", "encoder", "encode"}
    | {"normalizer", "normalize", "normalise", "imputer", "vocab", "whitening"}
)


def fits_in_closed_form(facts: FunctionFacts) -> bool:
    """``ols_fit(X, y)``, ``fit_ridge(X, y, alpha)``: a function named for fitting (the word
    ``fit`` in its name) that solves a linear system or inverts a matrix itself, the normal
    equations of least squares; not a scaler's or an encoder's fit."""
    words = set(tokens(facts.name))
    if "fit" not in words or words & _PREPARING_WORDS:
        return False
    return any(set(tokens(callee)) & _SOLVE_WORDS for callee in facts.callees)


def hand_updates(code: Code) -> list[tuple[SourceUnit, Update]]:
    """``weights += X.T @ delta``, ``self.W = self.W - self.lr * dW`` in a numpy program, and
    a value table's updates in any (cached on the program: several rules ask)."""
    found = code.program.derived.get("hand_updates")
    if found is None:
        found = code.program.derived["hand_updates"] = tuple(_hand_updates(code))
    return list(cast("tuple[tuple[SourceUnit, Update], ...]", found))


def _hand_updates(code: Code) -> list[tuple[SourceUnit, Update]]:
    numpy = bool(code.libraries & _NUMPY)
    found: list[tuple[SourceUnit, Update]] = []
    for _, unit, node in each([code], ast.AugAssign, ast.Assign, ast.Call):
        if isinstance(node, ast.Call):
            if numpy and _update_call(node):
                found.append((unit, node))
            continue
        if not isinstance(node, (ast.AugAssign, ast.Assign)):
            continue
        parts = _moved_by(node)
        # Without numpy only a value table trains by hand: plain lists of weights are rare,
        # plain-Python totals and counters many.
        if parts and _is_update(*parts) and (numpy or _moves_a_table(parts[0])) or _td_step(node):
            found.append((unit, node))
    return found


def _moves_a_table(moved: ast.expr) -> bool:
    return bool(set(tokens(_moved_name(moved))) & _TABLE_WORDS)


def _td_step(node: ast.AST) -> bool:
    """``new = old + lr * (reward + gamma * next_max - old)``: a step size times an amount
    holding a temporal-difference target (a reward plus a discounted value)."""
    # Asked of every assignment a reached body holds: only arithmetic can be such a step, and
    # only its skeleton of operators is walked, not the calls and subscripts inside it.
    if not isinstance(node, (ast.Assign, ast.AugAssign)) or type(node.value) is not ast.BinOp:
        return False
    for part in _arithmetic(node.value):
        if isinstance(part.op, ast.Mult):
            sides = (part.left, part.right)
            if any(_has_word(side, _STEP_WORDS) for side in sides) and any(
                _td_target(side) for side in sides
            ):
                return True
    return False


def _td_target(expr: ast.expr) -> bool:
    for part in _arithmetic(expr):
        if isinstance(part.op, ast.Add):
            sides = (part.left, part.right)
            rewarded = any(_has_word(side, _REWARD_WORDS) for side in sides)
            discounted = any(
                type(side) is ast.BinOp
                and isinstance(side.op, ast.Mult)
                and _has_word(side, _DISCOUNT_WORDS)
                for side in sides
            )
            if rewarded and discounted:
                return True
    return False


def _arithmetic(expr: ast.expr) -> list[ast.BinOp]:
    """The binary operations of ``expr`` reached through operators alone (``a + b * (c - d)``),
    not those inside a call's arguments or a subscript."""
    found: list[ast.BinOp] = []
    stack = [expr]
    while stack:
        part = stack.pop()
        if type(part) is ast.UnaryOp:
            stack.append(part.operand)
        elif type(part) is ast.BinOp:
            found.append(part)
            stack += (part.left, part.right)
    return found


def _has_word(expr: ast.expr, words: frozenset[str]) -> bool:
    return any(set(tokens(name)) & words for name in identifiers(expr))


def _moved_by(node: ast.AST) -> tuple[ast.expr, ast.expr] | None:
    """(the value moved, the amount) of ``w -= step`` or ``w = w - step``: ``+`` or ``-``, and
    for an assignment the value itself on the left of the operator."""
    if isinstance(node, ast.AugAssign):
        return (node.target, node.value) if isinstance(node.op, (ast.Add, ast.Sub)) else None
    if not isinstance(node, ast.Assign) or len(node.targets) != 1:
        return None
    value, target = node.value, node.targets[0]
    if not isinstance(value, ast.BinOp) or not isinstance(value.op, (ast.Add, ast.Sub)):
        return None
    if not _same_place(target, value.left) or not _step_shaped(value.right):
        return None
    return target, value.right


def _step_shaped(amount: ast.expr) -> bool:
    """A step's shape, written out: a product (``lr * dW``, ``X.T @ delta``, ``grad / n``,
    ``np.dot(rate * delta, x)``) or a gradient itself (``dLdW``). A renderer's ``weights =
    weights + self.alpha`` or ``params = params + list(...)`` (a list grown) moves nothing
    by a gradient."""
    while isinstance(amount, ast.UnaryOp) and isinstance(amount.op, ast.USub):
        amount = amount.operand
    if isinstance(amount, ast.BinOp):
        return isinstance(amount.op, (ast.Mult, ast.MatMult, ast.Div))
    if isinstance(amount, ast.Call):
        return terminal(amount.func) in _PRODUCTS
    name = (
        terminal(amount) if isinstance(amount, (ast.Name, ast.Attribute, ast.Subscript)) else None
    )
    return bool(name) and _gradient_name(name or "")


def _same_place(target: ast.expr, read: ast.expr) -> bool:
    """``self.W`` and ``self.W``, ``params[k]`` and ``params[k]``: one place written and read."""
    if type(target) is not type(read) or not isinstance(target, _PLACES):
        return False
    return ast.dump(target, annotate_fields=False).replace("Store()", "Load()") == ast.dump(
        read, annotate_fields=False
    )


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
    gradient summed up (``grad_w += ...``, ``dW += ...``) moves no weight. A call that moves
    one in place counts too (``np.add.at(W, ids, -lr * grad)``, ``sgd_update(w, grad_w, lr)``)."""
    if isinstance(node, ast.Call):
        return _update_call(node)
    parts = _moved_by(node)
    if parts is None:
        return _td_step(node)
    target = _moved_name(parts[0])
    if set(tokens(target)) & _STEP_WORDS or _gradient_name(target):
        return False
    return _is_update(*parts) or _td_step(node)


def moves_weights_by_hand(code: Code, node: ast.AST) -> bool:
    """``is_hand_update``, read as ``hand_updates`` reads it: in a numpy program, or a value
    table's step in any. Plain Python's ``theta_sum += delta_theta`` (a robot's odometry adding
    up the angle its feet turned) moves no network's weight."""
    if not is_hand_update(node):
        return False
    if code.libraries & _NUMPY or _td_step(node):
        return True
    parts = _moved_by(node)
    if parts is None:
        return False
    # Without numpy, a rate or a gradient still makes a step (micrograd's ``p.data += -0.1 *
    # p.grad``); a bare ``delta`` of the same quantity is a change measured, not learnt.
    names = identifiers(parts[1])
    words = {word for name in names for word in tokens(name)}
    # (``delta_theta`` is no ``d`` of ``elta_theta``.)
    gradients = (name for name in names if not set(tokens(name)) & _DELTA_WORDS)
    stepped = bool(words & (_STEP_WORDS - _DELTA_WORDS)) or any(map(_gradient_name, gradients))
    return stepped or _moves_a_table(parts[0])


def _update_call(call: ast.Call) -> bool:
    """``np.add.at(w_in, ids, -lr * grad)``, or ``apply_sparse_updates(w_in, ids, -lr * g)``:
    a weight handed to an in-place update with its step. Only a helper named for an update or
    a step: ``plot(weights, grads)`` moves nothing; and ``np.add.at(grad_w, ids, g)`` sums a
    gradient, no weight."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == "at":
        if terminal(func.value) not in _UFUNCS_AT or len(call.args) < 3:
            return False
        return _weight_place(call.args[0]) and _step_amount(call.args[2])
    if not set(tokens(terminal(func) or "")) & _UPDATE_CALL_WORDS:
        return False
    args = [*call.args, *(item.value for item in call.keywords)]
    weights = [arg for arg in args if _weight_place(arg)]
    return bool(weights) and any(_step_amount(arg) for arg in args if arg not in weights)


def _weight_place(expr: ast.expr) -> bool:
    """``w_in``, ``self.W``, ``params["W1"]``: a weight, not its gradient (``grad_w``, ``dW``)."""
    if not isinstance(expr, _PLACES):
        return False
    words = set(tokens(_moved_name(expr)))
    return (
        bool(words & _WEIGHT_WORDS)
        and not words & _STEP_WORDS
        and not _gradient_name(_moved_name(expr))
    )


def _step_amount(expr: ast.expr) -> bool:
    """``-lr * grad_center``, ``eta * delta``, or a gradient itself (``grad_w``, ``dW``)."""
    while isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.USub):
        expr = expr.operand
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Mult, ast.MatMult, ast.Div)):
        names = identifiers(expr)
        words = {word for name in names for word in tokens(name)}
        return bool(words & _STEP_WORDS) or any(map(_gradient_name, names))
    if isinstance(expr, _PLACES):
        name = terminal(expr) or ""
        return bool(set(tokens(name)) & _GRAD_WORDS) or _gradient_name(name)
    return False


def _is_update(moved: ast.expr, amount: ast.expr) -> bool:
    target = _moved_name(moved)
    if not set(tokens(target)) & _WEIGHT_WORDS:
        return _rate_times_gradient(amount)
    names = identifiers(amount)
    words = {word for name in names for word in tokens(name)}
    return bool(words & _STEP_WORDS) or any(_gradient_name(name) for name in names)


#: A learning rate's names, and those of what a step multiplies it by.
_RATE_WORDS = frozenset({"lr", "learning", "eta"})
_DERIVATIVE_WORDS = _GRAD_WORDS | {"derivative", "derivatives", "deriv"}


def _rate_times_gradient(amount: ast.expr) -> bool:
    """``lr * derivative_bu(...)``, ``learning_rate * np.sum(grad_bi)``: a learning rate
    times a gradient or derivative moves a weight whatever it is called (a recommender's
    ``bu`` and ``bi``); a rate alone (``alpha * (x - avg)``) may smooth an average."""
    while isinstance(amount, ast.UnaryOp) and isinstance(amount.op, ast.USub):
        amount = amount.operand
    if not isinstance(amount, ast.BinOp) or not isinstance(amount.op, ast.Mult):
        return False
    words = {word for name in identifiers(amount) for word in tokens(name)}
    return bool(words & _RATE_WORDS) and bool(words & _DERIVATIVE_WORDS)


def _gradient_name(name: str) -> bool:
    """``dW``, ``dw1``, ``db``, ``d_weights``: the derivative of a weight-like name."""
    rest = name[1:].lstrip("_")
    return name[:1] == "d" and bool(rest) and bool(set(tokens(rest)) & _WEIGHT_WORDS)


def trains_a_table(code: Code) -> bool:
    """Whether every update the program makes by hand moves a value table (tabular RL)."""
    updates = hand_updates(code)
    return bool(updates) and all(
        _td_step(node) or ((parts := _moved_by(node)) is not None and _moves_a_table(parts[0]))
        for _, node in updates
    )


def trains_from_scratch(code: Code) -> bool:
    """Whether the program updates weights by hand (cached on the program)."""
    found = code.program.derived.get("trains_from_scratch")
    if found is None:
        found = code.program.derived["trains_from_scratch"] = bool(hand_updates(code))
    return bool(found)
