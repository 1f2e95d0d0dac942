"""The model: a two-layer perceptron."""

from __future__ import annotations

import torch
from torch import nn


class MLP(nn.Module):
    """Two linear layers with a ReLU between them, returning class logits."""

    def __init__(
        self, in_features: int = 2, hidden: int = 16, classes: int = 2
    ) -> None:
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(in_features, hidden), nn.ReLU(), nn.Linear(hidden, classes)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Map a batch of shape (N, in_features) to logits of shape (N, classes)."""
        assert x.ndim == 2, f"expected a 2-D batch, got shape {tuple(x.shape)}"
        return self.layers(x)
