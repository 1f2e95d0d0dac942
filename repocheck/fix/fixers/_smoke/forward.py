"""The layers ``forward`` runs its input through, in the order it runs them.

``forward`` is read statement by statement; a call counts when the data reaches it (its
arguments hold the input or a name computed from it). Reading the input's size
(``x.size(0)``, ``x.shape``) does not carry the data, so ``t = x.size(1)`` stays a number.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from repocheck.analysis.ml_names import method
from repocheck.analysis.torch_models import ModelClass
from repocheck.fix.fixers._smoke.layers import Layer, argument, layer_of, unknown
from repocheck.fix.fixers._smoke.values import Env, Unknown, int_of, shown, value_of

_QUERY_METHODS = frozenset({"size", "dim", "numel", "ndimension", "type", "get_device"})
_QUERY_ATTRIBUTES = frozenset({"shape", "ndim", "device", "dtype", "is_cuda", "requires_grad"})
_QUERY_FUNCTIONS = frozenset({"print", "len", "isinstance", "type", "id", "repr", "str"})
#: Methods that, without a dimension, reduce a tensor to one number.
_WHOLE_REDUCTIONS = frozenset({"mean", "sum", "item", "norm", "max", "min", "prod"})
#: Methods that reduce dimensions: over all spatial ones, a global pooling.
_REDUCING_METHODS = frozenset({"mean", "amax", "sum"})
_KEEPING_METHODS = frozenset(
    {"relu", "sigmoid", "tanh", "contiguous", "float", "clone", "softmax", "log_softmax"}
    | {"relu_", "to", "cpu", "detach", "exp", "abs", "neg", "long", "int", "double"}
)


class ForwardReader:
    """Reads one model's ``forward`` into the layers its input meets."""

    def __init__(self, model: ModelClass, layers: dict[str, Layer], env: Env) -> None:
        self.model = model
        self.layers = layers
        self.env = env
        self.tracked: set[str] = set()
        self.loops: dict[str, str] = {}  # loop variable -> the self attribute it walks
        self.met: list[Layer] = []
        self.input_name = ""
        #: Checks on the input before its first layer: (test, whether it must hold).
        self.checks: list[tuple[ast.expr, bool]] = []

    def read(self) -> list[Layer] | str:
        """The layers in the order the input meets them, or why they cannot be read."""
        forward = self.model.method("forward")
        if forward is None:
            return f"{self.model.name} defines no forward() of its own"
        arguments = forward.args
        inputs = [*arguments.posonlyargs, *arguments.args][1:]
        if not inputs:
            return f"{self.model.name}.forward() takes no input"
        required = len(inputs) - len(arguments.defaults)
        required += sum(1 for d in arguments.kw_defaults if d is None)
        if required != 1:
            return f"{self.model.name}.forward() takes {required} inputs; one is read here"
        if any(self._returns_several(node) for node in ast.walk(forward)):
            return f"{self.model.name}.forward() returns several values"
        self.input_name = inputs[0].arg
        self.tracked.add(self.input_name)
        self._statements(forward.body)
        wrapped = next(filter(None, map(self._wrapped, ast.walk(forward))), None)
        if wrapped:
            return f"{self.model.name}.forward() returns {wrapped}: no batch of outputs to check"
        return [leaf for layer in self.met for leaf in layer.flat()]

    @staticmethod
    def _returns_several(node: ast.AST) -> bool:
        return isinstance(node, ast.Return) and isinstance(
            node.value, (ast.Tuple, ast.List, ast.Dict)
        )

    def _wrapped(self, node: ast.AST) -> str | None:
        """``return Output(logits=x)``: a return value built by something other than a layer,
        a torch function or a tensor method; or one with no batch dimension left
        (``return loss.mean()``, ``return F.mse_loss(out, x)``)."""
        if not isinstance(node, ast.Return) or not isinstance(node.value, ast.Call):
            return None
        call = node.value
        func = call.func
        if _reduces_the_batch(call, self.model.resolve(func)):
            return shown(call)[:60]
        if isinstance(func, ast.Attribute) and (
            (isinstance(func.value, ast.Name) and func.value.id == "self")
            or self._carries(func.value)
        ):
            return None
        if isinstance(func, ast.Name) and func.id in self.loops:
            return None
        if self.model.resolve(func).startswith("torch."):
            return None
        return shown(node.value)[:60]

    def _statements(self, body: list[ast.stmt]) -> None:
        for statement in body:
            self._check(statement)
            if isinstance(statement, (ast.For, ast.AsyncFor)):
                self._loop(statement)
            elif isinstance(statement, (ast.If, ast.While)):
                self._visit(statement.test)
                self._statements(statement.body)
                self._statements(statement.orelse)
            elif isinstance(statement, (ast.With, ast.AsyncWith)):
                self._statements(statement.body)
            elif isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                self._assign(statement)
            elif isinstance(statement, (ast.Expr, ast.Return)) and statement.value is not None:
                self._visit(statement.value)

    def _check(self, statement: ast.stmt) -> None:
        """``assert <test>`` and ``if <test>: raise`` on the input, before any layer ran."""
        if self.met:
            return
        if isinstance(statement, ast.Assert):
            test, must_hold = statement.test, True
        elif isinstance(statement, ast.If) and any(
            isinstance(s, ast.Raise) for s in statement.body
        ):
            test, must_hold = statement.test, False
        else:
            return
        if any(isinstance(n, ast.Name) and n.id in self.tracked for n in ast.walk(test)):
            self.checks.append((test, must_hold))

    def _loop(self, loop: ast.For | ast.AsyncFor) -> None:
        walked = loop.iter
        if (
            isinstance(loop.target, ast.Name)
            and isinstance(walked, ast.Attribute)
            and isinstance(walked.value, ast.Name)
            and walked.value.id == "self"
        ):
            self.loops[loop.target.id] = walked.attr
        else:
            self._visit(walked)
        self._statements(loop.body)

    def _assign(self, statement: ast.Assign | ast.AnnAssign | ast.AugAssign) -> None:
        if statement.value is None:
            return
        if isinstance(statement, ast.AugAssign) and isinstance(statement.target, ast.Name):
            # x += self.pos is x = x + self.pos: read the operation as one.
            current = ast.Name(statement.target.id, ast.Load())
            operation = ast.BinOp(current, statement.op, statement.value)
            self._visit(ast.copy_location(operation, statement))
        else:
            self._visit(statement.value)
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        carried = self._carries(statement.value)
        for target in targets:
            for name in (n.id for n in ast.walk(target) if isinstance(n, ast.Name)):
                if carried:
                    self.tracked.add(name)
                elif not isinstance(statement, ast.AugAssign):
                    self.tracked.discard(name)

    def _carries(self, expr: ast.AST) -> bool:
        """Whether the data flows through ``expr`` (not only its size)."""
        return any(isinstance(n, ast.Name) and n.id in self.tracked for n in _data_nodes(expr))

    def _visit(self, expr: ast.AST) -> None:
        """Every call in ``expr`` in the order Python evaluates them."""
        if _is_query(expr) or isinstance(expr, (ast.Lambda, ast.comprehension)):
            return
        if not isinstance(expr, ast.Call):
            for child in ast.iter_child_nodes(expr):
                self._visit(child)
            shaping = self._shaping(expr)
            if shaping is not None:
                self.met.append(shaping)
            return
        if isinstance(expr.func, ast.Attribute):
            self._visit(expr.func.value)
        for passed in expr.args:
            self._visit(passed)
        for item in expr.keywords:
            self._visit(item.value)
        if self._carries(expr):
            met = self._layer(expr)
            if met is not None:
                self.met.append(met)

    def _shaping(self, expr: ast.AST) -> Layer | None:
        """What an operator does to the data's shape: ``x[:, 0]`` and ``x.T`` change it in
        ways not read; ``x + self.pos`` (a parameter or buffer) fixes it to the tensor's."""
        label = shown(expr)[:80]
        if isinstance(expr, ast.Subscript) and self._carries(expr.value):
            return unknown(label)
        if isinstance(expr, ast.Attribute) and expr.attr in ("T", "mT", "H", "mH"):
            return unknown(label) if self._carries(expr.value) else None
        if isinstance(expr, ast.BinOp) and not isinstance(expr.op, ast.MatMult):
            sides = (expr.left, expr.right)
            if any(map(self._carries, sides)) and any(map(self._held_tensor, sides)):
                return Layer("parameter", label)
        return None

    def _held_tensor(self, expr: ast.expr) -> bool:
        """``self.pos`` in arithmetic: a tensor (a parameter, a buffer), unless it is a value
        read from the code (``self.scale = d ** -0.5``). A layer would be called, not added."""
        return (
            isinstance(expr, ast.Attribute)
            and isinstance(expr.value, ast.Name)
            and expr.value.id == "self"
            and f"self.{expr.attr}" not in self.env
        )

    def _layer(self, call: ast.Call) -> Layer | None:
        func = call.func
        label = shown(call)[:80]
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            if func.value.id == "self":
                return self.layers.get(func.attr, unknown(label))
            if func.value.id in self.tracked:
                return _tensor_method(call, func.attr, self.env)
        if isinstance(func, ast.Name) and func.id in self.loops:
            return self.layers.get(self.loops[func.id], unknown(label))
        if isinstance(func, ast.Name) and func.id in _QUERY_FUNCTIONS:
            return None
        if isinstance(func, ast.Attribute) and self._carries(func.value):
            return _tensor_method(call, func.attr, self.env)
        name = self.model.resolve(func)
        if name.startswith("torch."):
            return layer_of(call, self.model.resolve, self.env, offset=1)
        return unknown(label)


def _reduces_the_batch(call: ast.Call, resolved: str) -> bool:
    """``x.mean()``, ``x.sum()``, ``x.item()`` without a dimension, or a loss function: what
    such a forward() returns has no batch dimension to check."""
    name = resolved.rpartition(".")[2] if resolved else (method(call) or "")
    if "loss" in name.lower() or name in ("cross_entropy", "nll_loss", "mse_loss", "l1_loss"):
        return True
    whole = not call.args and not any(k.arg == "dim" for k in call.keywords)
    return isinstance(call.func, ast.Attribute) and name in _WHOLE_REDUCTIONS and whole


def _is_query(expr: ast.AST) -> bool:
    """``x.size(0)``, ``x.shape``, ``len(x)``: the input's size, not the input."""
    if isinstance(expr, ast.Attribute) and expr.attr in _QUERY_ATTRIBUTES:
        return True
    if isinstance(expr, ast.Call):
        func = expr.func
        if isinstance(func, ast.Attribute) and func.attr in _QUERY_METHODS:
            return True
        return isinstance(func, ast.Name) and func.id in _QUERY_FUNCTIONS
    return False


def _data_nodes(expr: ast.AST) -> Iterator[ast.AST]:
    """The nodes of ``expr`` outside size queries."""
    if _is_query(expr):
        return
    yield expr
    for child in ast.iter_child_nodes(expr):
        yield from _data_nodes(child)


def _tensor_method(call: ast.Call, name: str, env: Env) -> Layer:
    """``x.view(x.size(0), -1)`` and ``x.flatten(1)`` flatten; ``x.relu()`` keeps the shape."""
    label = shown(call)[:80]
    if name in _KEEPING_METHODS:
        return Layer("keep", label)
    try:
        reshapes = name in ("view", "reshape") and len(call.args) == 2 and not call.keywords
        if reshapes and any(_minus_one(arg, env) for arg in call.args):
            return Layer("flatten", label)
        start = argument(call, 0, "start_dim")
        if name == "flatten" and start is not None and int_of(start, env) == 1:
            return Layer("flatten", label)
        if name in _REDUCING_METHODS:
            return _reduction(call, label, env)
    except Unknown:
        pass
    return unknown(label)


def _reduction(call: ast.Call, label: str, env: Env) -> Layer:
    """``x.mean((2, 3))``: a global pooling over the dimensions named (which ones they are is
    checked against the tensor's rank when the shapes are run); ``keepdim`` keeps them as 1."""
    dims = argument(call, 0, "dim")
    keep = argument(call, 1, "keepdim")
    found = value_of(dims, env)
    named = found if isinstance(found, tuple) else (found,)
    if not named or not all(type(d) is int for d in named):
        raise Unknown(label)
    kept = keep is not None and value_of(keep, env) is True
    sizes = tuple(d for d in named if type(d) is int)
    return Layer("reduce", label, output=sizes, dims=int(kept))


def _minus_one(expr: ast.expr, env: Env) -> bool:
    try:
        return int_of(expr, env) == -1
    except Unknown:
        return False
