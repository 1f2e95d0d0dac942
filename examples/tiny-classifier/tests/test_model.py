"""Cheap checks that catch a broken model or training loop before a long run does."""

from __future__ import annotations

import torch

from tinyclf.data import make_blobs, split
from tinyclf.model import MLP
from tinyclf.train import evaluate, set_seed, train_epoch


def test_forward_returns_one_logit_per_class() -> None:
    logits = MLP()(torch.zeros(8, 2))
    assert logits.shape == (8, 2)


def test_blobs_are_balanced_and_labelled() -> None:
    points, labels = make_blobs(10, torch.Generator().manual_seed(0))
    assert points.shape == (10, 2)
    assert labels.sum().item() == 5


def test_split_keeps_every_point_once() -> None:
    generator = set_seed(0)
    points, labels = make_blobs(20, generator)
    (train_x, _), (val_x, _) = split(points, labels, 0.25, generator)
    assert len(train_x) + len(val_x) == 20


def test_model_overfits_one_batch() -> None:
    generator = set_seed(0)
    points, labels = make_blobs(16, generator)
    model = MLP()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    losses = [train_epoch(model, optimizer, points, labels) for _ in range(200)]
    assert losses[-1] < losses[0] / 4
    assert evaluate(model, points, labels) == 1.0
