"""Synthetic data: two Gaussian blobs, split into train and validation sets."""

from __future__ import annotations

import torch


def make_blobs(n: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Return ``n`` points in 2-D and their 0/1 labels, half from each blob."""
    if n < 2:
        raise ValueError(f"need at least 2 points, got {n}")
    half = n // 2
    centers = torch.tensor([[-1.0, -1.0], [1.0, 1.0]])
    labels = torch.cat([torch.zeros(half), torch.ones(n - half)]).long()
    points = centers[labels] + 0.6 * torch.randn(n, 2, generator=generator)
    assert points.shape == (n, 2), points.shape
    return points, labels


def split(
    points: torch.Tensor,
    labels: torch.Tensor,
    val_fraction: float,
    generator: torch.Generator,
) -> tuple[tuple[torch.Tensor, torch.Tensor], ...]:
    """Shuffle once with ``generator`` and cut off the last ``val_fraction`` for validation."""
    if not 0.0 < val_fraction < 1.0:
        raise ValueError(f"val_fraction must be in (0, 1), got {val_fraction}")
    order = torch.randperm(len(points), generator=generator)
    cut = int(len(points) * (1 - val_fraction))
    train, val = order[:cut], order[cut:]
    return (points[train], labels[train]), (points[val], labels[val])
