"""The smallest input a model takes, from the first layers its ``forward`` runs.

``nn.Linear(784, ...)`` first takes a batch of 784 features; ``nn.Embedding(100, ...)`` takes
token ids below 100; ``nn.LSTM(10, ..., batch_first=True)`` a batch of sequences of 10
features; a convolution takes its channels and an image size, which the first ``nn.Linear``
after the flatten fixes (16 channels of 8x8 make 1024 features): the size is found by running
the layer arithmetic forward over candidate sizes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from repocheck.fix.fixers._smoke.layers import Layer

#: Rows in the test batch: two, so a layer that mixes the batch (batch norm) still works.
BATCH = 2
#: Token sequence length, shortened to fit a position table smaller than this.
SEQUENCE = 8
#: Image sizes tried first (common ones read best in a test), then every size up to the last.
_PREFERRED_SIZES = (32, 28, 64, 16, 224, 96, 128)
_LARGEST_SIZE = 512


@dataclass(frozen=True)
class ModelInput:
    """The input tensor as test code, and what fixed its shape (for the test's comment)."""

    code: str
    because: str  # a comment for the test: the layer that fixed the shape
    shape: tuple[int, ...] = ()
    kind: str = ""  # the kind of that layer

    @classmethod
    def read_from(cls, code: str, layer: Layer, shape: tuple[int, ...]) -> ModelInput:
        because = f"Shaped for {layer.label}, the first layer the input meets."
        return cls(code, because, shape, layer.kind)


def infer_input(layers: list[Layer]) -> ModelInput | str:
    """The input for a model whose ``forward`` runs ``layers``, or why it cannot be read."""
    flattened = False
    for index, layer in enumerate(layers):
        if layer.kind == "keep":
            continue
        if layer.kind == "flatten":
            flattened = True
            continue
        if layer.kind == "linear" and layer.size_in:
            code = f"torch.randn(BATCH, {layer.size_in})"
            return ModelInput.read_from(code, layer, (BATCH, layer.size_in))
        if layer.kind == "recurrent" and not flattened and layer.size_in:
            code = f"torch.randn(BATCH, {SEQUENCE}, {layer.size_in})"
            return ModelInput.read_from(code, layer, (BATCH, SEQUENCE, layer.size_in))
        if layer.kind == "embedding" and not flattened and layer.size_in:
            return _tokens(layer, layers[index + 1 :])
        if layer.kind == "conv" and not flattened and layer.size_in:
            return _image(layers[index:])
        if layer.kind == "submodel":
            return _inside(layer, layers[index + 1 :], flattened)
        return f"the input meets {layer.label} first, whose input shape is not read"
    return "forward() runs the input through no layer whose size is read"


def _inside(model: Layer, rest: list[Layer], flattened: bool) -> ModelInput | str:
    """The input of a project model met first: its own first layer decides, unless that is a
    convolution (whose image size the layers after it would have to fix), or the input was
    flattened before and that layer is not a linear one."""
    found = infer_input([*model.children, *rest])
    if isinstance(found, ModelInput) and found.kind == "conv":
        return f"the input meets {model.label} first, a convolution whose image size is not read"
    if isinstance(found, ModelInput) and flattened and found.kind != "linear":
        return f"the input is flattened for {model.label}, whose first layer is no linear one"
    return found


def _tokens(first: Layer, rest: list[Layer]) -> ModelInput | str:
    """Token ids; a later, smaller embedding (a position table) caps the length."""
    fixed = next((layer for layer in rest if layer.kind == "parameter"), None)
    if fixed is not None:  # x + self.pos: the sequence length is the parameter's
        return f"forward() computes {fixed.label}, whose size fixes the sequence length"
    length = min(
        [SEQUENCE, *(layer.size_in or SEQUENCE for layer in rest if layer.kind == "embedding")]
    )
    code = f"torch.randint(0, {first.size_in}, (BATCH, {length}))"
    return ModelInput.read_from(code, first, (BATCH, length))


def _image(layers: list[Layer]) -> ModelInput | str:
    first = layers[0]
    sizes = [*_PREFERRED_SIZES, *range(1, _LARGEST_SIZE + 1)]
    outcome = "unread"
    for size in sizes:
        outcome = _run(layers, (size,) * first.dims)
        if outcome in ("fits", "open"):
            shape = ", ".join(str(size) for _ in range(first.dims))
            code = f"torch.randn(BATCH, {first.size_in}, {shape})"
            dims = (BATCH, first.size_in or 0, *(size for _ in range(first.dims)))
            return ModelInput.read_from(code, first, dims)
        if outcome.startswith("unread"):
            break
    if outcome.startswith("unread"):
        return f"the size of the input of {first.label} is not read: {outcome[7:]}"
    return f"no input size up to {_LARGEST_SIZE} fits the layers after {first.label}"


def _run(layers: list[Layer], spatial: tuple[int, ...]) -> str:
    """Run the shape arithmetic: ``fits`` (the first linear layer gets its size), ``open``
    (no linear layer fixes the size, and every layer got a valid one), ``too small`` or
    ``wrong`` (this size does not fit), or ``unread <layer>``."""
    channels = layers[0].size_in
    features: int | None = None
    for layer in layers:
        if features is not None:  # flattened: the next sized layer must take the features
            if layer.kind == "keep":
                continue
            if layer.kind == "linear":
                return "fits" if layer.size_in == features else "wrong"
            return f"unread {layer.label}"
        if layer.kind == "conv":
            if layer.size_in != channels or layer.dims != len(spatial):
                return f"unread {layer.label}"
            spatial = _slide(spatial, layer)
            channels = layer.size_out
        elif layer.kind == "pool" and layer.dims == len(spatial):
            spatial = _slide(spatial, layer)
        elif layer.kind == "adaptive" and layer.dims == len(spatial):
            spatial = layer.output
        elif layer.kind == "flatten" and channels is not None:
            features = channels * math.prod(spatial)
        elif layer.kind == "reduce" and channels is not None:
            rank = 2 + len(spatial)
            if {d % rank for d in layer.output} != set(range(2, rank)):
                return f"unread {layer.label}"  # not every spatial dimension: not read
            if layer.dims:  # keepdim=True: the spatial dimensions stay, as 1
                spatial = (1,) * len(spatial)
            else:
                features = channels
        elif layer.kind != "keep":
            return f"unread {layer.label}"
        if min(spatial) < 1:
            return "too small"
    return "open"


def _slide(spatial: tuple[int, ...], layer: Layer) -> tuple[int, ...]:
    """A convolution's or pooling's output size, per dimension (PyTorch's formula)."""
    dilation = layer.dilation or (1,) * len(spatial)
    return tuple(
        (size + 2 * pad - step * (kernel - 1) - 1) // stride + 1
        for size, pad, step, kernel, stride in zip(
            spatial, layer.padding, dilation, layer.kernel, layer.stride, strict=True
        )
    )
