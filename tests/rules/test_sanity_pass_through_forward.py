"""SANITY001 evidence: a layer whose ``forward`` (or Keras ``call``) only hands its input on to
one function, a gradient reversal layer above all (``return GradReverse.apply(x, self.alpha)``,
``return reverse_gradient(inputs)``), assumes no shape: it is built to take any tensor, so it
is no place to "assert the input's shape here". A forward that runs the model's own parts
(``return self.net(x)``) still is."""

from __future__ import annotations

from textwrap import dedent

from repocheck.model import Status
from tests.helpers import check, snapshot_from

TORCH_GRL = """\
import torch
from torch import nn
from torch.autograd import Function


class GradReverse(Function):
    @staticmethod
    def forward(ctx, x, alpha):
        ctx.alpha = alpha
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad):
        return grad.neg() * ctx.alpha, None


class GradientReversal(nn.Module):
    def __init__(self, alpha=1.0):
        super().__init__()
        self.alpha = alpha

    def forward(self, x):
        return GradReverse.apply(x, self.alpha)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Linear(4, 2)

    def forward(self, x):
        return self.features(x)
"""

KERAS_GRL = """\
import tensorflow as tf


@tf.custom_gradient
def reverse_gradient(x):
    def grad(dy):
        return -1 * dy
    return x, grad


class GradientReversalLayer(tf.keras.layers.Layer):
    def __init__(self):
        super().__init__()

    def call(self, inputs):
        return reverse_gradient(inputs)
"""


def test_sanity001_points_at_the_models_forward_not_the_reversal_layers() -> None:
    result = check("SANITY001", snapshot_from({"model.py": dedent(TORCH_GRL)}))
    assert result.status is Status.WARN
    assert [(e.path, e.line) for e in result.evidence] == [("model.py", 31)]


def test_sanity001_points_at_no_keras_layer_that_only_reverses_the_gradient() -> None:
    result = check("SANITY001", snapshot_from({"layers.py": dedent(KERAS_GRL)}))
    assert result.status is Status.WARN
    assert not result.evidence
