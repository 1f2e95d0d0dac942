"""Train the MLP: ``python -m tinyclf.train --help`` lists the hyperparameters."""

from __future__ import annotations

import argparse
import random

import numpy as np
import torch
from torch import nn

from tinyclf.data import make_blobs, split
from tinyclf.model import MLP


def set_seed(seed: int) -> torch.Generator:
    """Seed every random generator the project uses, and return a seeded torch generator."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    return torch.Generator().manual_seed(seed)


def train_epoch(
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    points: torch.Tensor,
    labels: torch.Tensor,
) -> float:
    """One full-batch step; returns the loss as a float so no graph is kept alive."""
    model.train()
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(points), labels)
    if not torch.isfinite(loss):
        raise FloatingPointError(f"loss became {loss.item()}")
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
    optimizer.step()
    return loss.item()


def evaluate(model: nn.Module, points: torch.Tensor, labels: torch.Tensor) -> float:
    """Accuracy on a held-out split, without building a graph."""
    model.eval()
    with torch.no_grad():
        predictions = model(points).argmax(dim=1)
    return (predictions == labels).float().mean().item()


def main(argv: list[str] | None = None) -> float:
    """Parse the flags, train, and return the validation accuracy."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--points", type=int, default=512)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    generator = set_seed(args.seed)
    points, labels = make_blobs(args.points, generator)
    (train_x, train_y), (val_x, val_y) = split(points, labels, 0.2, generator)
    model = MLP()
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)
    for epoch in range(args.epochs):
        loss = train_epoch(model, optimizer, train_x, train_y)
        print(f"epoch {epoch:3d}  loss {loss:.3f}")
    accuracy = evaluate(model, val_x, val_y)
    print(f"validation accuracy {accuracy:.3f}")
    return accuracy


if __name__ == "__main__":
    main()
