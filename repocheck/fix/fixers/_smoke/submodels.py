"""A project model built inside another (``self.encoder = Encoder(784, 32)``), read as the
layers its own ``forward`` runs, so that an input meeting it first still gets a shape.

Only its first layer decides the input: the arithmetic of a convolution chain is not run
through a project block (a residual block's shortcut is a second path a chain cannot hold).
"""

from __future__ import annotations

import ast

from repocheck.analysis.ml_names import terminal
from repocheck.analysis.torch_models import ModelClass
from repocheck.fix.fixers._smoke.construction import call_values
from repocheck.fix.fixers._smoke.forward import ForwardReader
from repocheck.fix.fixers._smoke.layers import Layer, unknown
from repocheck.fix.fixers._smoke.model import Expand, init_layers
from repocheck.fix.fixers._smoke.values import shown

#: How deep models built inside models are read.
DEPTH = 3


def expander(models: list[ModelClass], depth: int = 0) -> Expand:
    """Reads a call building one of ``models`` into a ``submodel`` layer."""
    by_name = {model.name: model for model in models}

    def expand(call: ast.Call, env: dict[str, object]) -> Layer | None:
        found = by_name.get(terminal(call.func) or "")
        if found is None:
            return None
        label = shown(call)[:80]
        values = call_values(found, call, env)
        if depth >= DEPTH or isinstance(values, str):
            return unknown(label)
        layers, inner_env = init_layers(found, values, expander(models, depth + 1))
        reader = ForwardReader(found, layers, inner_env)
        met = reader.read()
        if isinstance(met, str) or reader.checks:
            return unknown(label)  # its own input checks are not carried up: not guessed
        return Layer("submodel", label, children=tuple(met))

    return expand
