"""The torch.nn layers a model builds, read from their constructor calls.

Only what decides the shape of the data matters here: sizes in and out, kernels, strides and
padding. Every other layer is either known to keep the shape (activations, dropout, norms) or
``unknown``, and an unknown layer on the input's way to the first sized one stops the fixer.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

from repocheck.fix.fixers._smoke.values import Env, Unknown, int_of, shown, value_of
from repocheck.patterns import compile_on_use

#: Layers and functions that keep the shape of their input.
_SHAPE_KEEPING = compile_on_use(
    r"^(ReLU\d*|LeakyReLU|PReLU|RReLU|GELU|SiLU|Mish|ELU|CELU|SELU|GLU|Tanh|Sigmoid|Softplus"
    r"|Softsign|Hardtanh|Hardswish|Hardsigmoid|Tanhshrink|LogSigmoid|Softmax|LogSoftmax"
    r"|Dropout\w*|AlphaDropout|\w*BatchNorm\w*|LayerNorm|GroupNorm|InstanceNorm\w*|Identity"
    r"|relu\w*|leaky_relu|gelu|silu|mish|elu|selu|celu|tanh|sigmoid|softplus|softmax"
    r"|log_softmax|dropout\w*|batch_norm|layer_norm|group_norm|hardtanh|hardswish)$"
)
_CONV = compile_on_use(r"^Conv([123])d$")
_POOL = compile_on_use(r"^(Max|Avg)Pool([123])d$|^(max|avg)_pool([123])d$")
_ADAPTIVE = compile_on_use(r"^Adaptive(Max|Avg)Pool([123])d$|^adaptive_(max|avg)_pool([123])d$")
#: What a callee expression resolves to through the imports (``nn.Linear`` -> torch.nn.Linear).
Resolve = Callable[[ast.expr], str]
#: How many copies of one block a ModuleList comprehension may make before it is unread.
_MOST_COPIES = 64


@dataclass(frozen=True)
class Layer:
    """One step the data takes: ``kind`` is linear, conv, pool, adaptive, flatten, embedding,
    recurrent (batch first), reduce (a mean over the dimensions in ``output``; ``dims`` 1 when
    it keeps them), keep (the shape is kept), sequence (``children`` in order), submodel (a
    project model's layers), parameter (arithmetic with a tensor that fixes the shape) or
    unknown."""

    kind: str
    label: str
    dims: int = 0
    size_in: int | None = None
    size_out: int | None = None
    kernel: tuple[int, ...] = ()
    stride: tuple[int, ...] = ()
    padding: tuple[int, ...] = ()
    dilation: tuple[int, ...] = ()
    output: tuple[int, ...] = ()
    children: tuple[Layer, ...] = ()

    def flat(self) -> list[Layer]:
        """The layer, or a sequence's layers in the order they run."""
        if self.kind != "sequence":
            return [self]
        return [leaf for child in self.children for leaf in child.flat()]


def unknown(label: str) -> Layer:
    return Layer("unknown", label)


def argument(call: ast.Call, index: int, name: str) -> ast.expr | None:
    """The call's argument at position ``index`` or given as ``name=``."""
    for item in call.keywords:
        if item.arg == name:
            return item.value
    if index < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args):
        return call.args[index]
    return None


def _sizes(expr: ast.expr | None, env: Env, dims: int, default: int | None) -> tuple[int, ...]:
    """A kernel, stride or padding: one int or a tuple of ``dims`` ints."""
    if expr is None or (isinstance(expr, ast.Constant) and expr.value is None):
        if default is None:
            raise Unknown("no default")
        return (default,) * dims
    found = value_of(expr, env)
    if isinstance(found, str):
        raise Unknown(found)  # padding="same": read below when it matters
    values = found if isinstance(found, tuple) else (found,) * dims
    sizes = tuple(v for v in values if type(v) is int)
    if len(sizes) != dims or len(values) != dims:
        raise Unknown(repr(found))
    return sizes


def layer_of(call: ast.Call, resolve: Resolve, env: Env, *, offset: int = 0) -> Layer:
    """The layer a ``torch.nn`` constructor call (or, with ``offset=1``, a functional call
    whose first argument is the data) builds."""
    label = shown(call)[:80]
    name = resolve(call.func)
    if not name.startswith("torch."):
        return unknown(label)
    last = name.rpartition(".")[2]
    try:
        return _read(call, last, (resolve, env), offset, label)
    except Unknown:
        return unknown(label)


def _read(call: ast.Call, last: str, scope: tuple[Resolve, Env], offset: int, label: str) -> Layer:
    resolve, env = scope
    at = offset
    if _SHAPE_KEEPING.match(last):
        return Layer("keep", label)
    if last == "Linear":
        size_in = int_of(argument(call, 0, "in_features"), env)
        return Layer("linear", label, size_in=size_in, size_out=_optional_int(call, 1, env))
    if last in ("LSTM", "GRU", "RNN"):
        batch_first = argument(call, 4, "batch_first")
        if batch_first is None or value_of(batch_first, env) is not True:
            return unknown(label)  # (length, batch, features): which output axis is the batch?
        return Layer("recurrent", label, size_in=int_of(argument(call, 0, "input_size"), env))
    if last == "Embedding":
        return Layer("embedding", label, size_in=int_of(argument(call, 0, "num_embeddings"), env))
    if last in ("Flatten", "flatten"):
        start = argument(call, at, "start_dim")
        end = argument(call, at + 1, "end_dim")
        starts = 1 if start is None and last == "Flatten" else value_of(start, env)
        if starts == 1 and (end is None or value_of(end, env) == -1):
            return Layer("flatten", label)
        return unknown(label)
    conv = _CONV.match(last)
    if conv:
        return _conv(call, int(conv.group(1)), env, label)
    pool = _POOL.match(last)
    if pool:
        dims = int(pool.group(2) or pool.group(4))
        kernel = _sizes(argument(call, at, "kernel_size"), env, dims, None)
        stride = _sizes(argument(call, at + 1, "stride"), env, dims, kernel[0])
        if len(set(stride)) > 1:
            stride = _sizes(argument(call, at + 1, "stride"), env, dims, None)
        padding = _sizes(argument(call, at + 2, "padding"), env, dims, 0)
        ceil = argument(call, at + 4, "ceil_mode")
        if ceil is not None and value_of(ceil, env):
            return unknown(label)
        return Layer("pool", label, dims, kernel=kernel, stride=stride, padding=padding)
    adaptive = _ADAPTIVE.match(last)
    if adaptive:
        dims = int(adaptive.group(2) or adaptive.group(4))
        output = _sizes(argument(call, at, "output_size"), env, dims, None)
        return Layer("adaptive", label, dims, output=output)
    if last in ("Sequential", "ModuleList"):
        return Layer("sequence", label, children=_children(call, resolve, env))
    return unknown(label)


def _optional_int(call: ast.Call, index: int, env: Env) -> int | None:
    try:
        return int_of(argument(call, index, "out_features"), env)
    except Unknown:
        return None


def _conv(call: ast.Call, dims: int, env: Env, label: str) -> Layer:
    size_in = int_of(argument(call, 0, "in_channels"), env)
    size_out = int_of(argument(call, 1, "out_channels"), env)
    kernel = _sizes(argument(call, 2, "kernel_size"), env, dims, None)
    stride = _sizes(argument(call, 3, "stride"), env, dims, 1)
    dilation = _sizes(argument(call, 5, "dilation"), env, dims, 1)
    padding_expr = argument(call, 4, "padding")
    padding_value = value_of(padding_expr, env) if padding_expr is not None else 0
    if padding_value == "same" and stride == (1,) * dims:
        # "same" keeps the size: the padding that does so for an odd kernel.
        padding = tuple(d * (k - 1) // 2 for d, k in zip(dilation, kernel, strict=True))
        if any((d * (k - 1)) % 2 for d, k in zip(dilation, kernel, strict=True)):
            raise Unknown("same padding of an even kernel")
    elif padding_value == "valid":
        padding = (0,) * dims
    else:
        padding = _sizes(padding_expr, env, dims, 0)
    return Layer("conv", label, dims, size_in, size_out, kernel, stride, padding, dilation)


def _children(call: ast.Call, resolve: Resolve, env: Env) -> tuple[Layer, ...]:
    """A Sequential's or ModuleList's layers: listed, or one block repeated ``n`` times."""
    items: list[ast.expr] = list(call.args)
    if len(items) == 1 and _ordered_dict(items[0], resolve):
        # Sequential(OrderedDict([("fc", nn.Linear(...)), ...])): the layers, in order.
        pairs = items[0].args[0] if isinstance(items[0], ast.Call) else None
        if not isinstance(pairs, (ast.List, ast.Tuple)) or not all(
            isinstance(pair, ast.Tuple) and len(pair.elts) == 2 for pair in pairs.elts
        ):
            raise Unknown(shown(items[0]))
        items = [pair.elts[1] for pair in pairs.elts if isinstance(pair, ast.Tuple)]
    if len(items) == 1 and isinstance(items[0], (ast.List, ast.Tuple)):
        items = list(items[0].elts)
    if len(items) == 1 and isinstance(items[0], ast.ListComp):
        return _repeated(items[0], resolve, env)
    layers = []
    for item in items:
        if not isinstance(item, ast.Call):
            raise Unknown(shown(item))
        layers.append(layer_of(item, resolve, env))
    return tuple(layers)


def _ordered_dict(expr: ast.expr, resolve: Resolve) -> bool:
    return (
        isinstance(expr, ast.Call)
        and len(expr.args) == 1
        and resolve(expr.func) in ("collections.OrderedDict", "typing.OrderedDict")
    )


def _repeated(comprehension: ast.ListComp, resolve: Resolve, env: Env) -> tuple[Layer, ...]:
    """``[Block(d) for _ in range(n)]``: the block's layer, ``n`` times."""
    (generator,) = comprehension.generators
    looped = generator.iter
    if (
        generator.ifs
        or not isinstance(comprehension.elt, ast.Call)
        or not isinstance(looped, ast.Call)
        or not isinstance(looped.func, ast.Name)
        or looped.func.id != "range"
        or len(looped.args) != 1
    ):
        raise Unknown(shown(comprehension))
    copies = int_of(looped.args[0], env)
    if not 0 <= copies <= _MOST_COPIES:
        raise Unknown(shown(comprehension))
    return (layer_of(comprehension.elt, resolve, env),) * copies
