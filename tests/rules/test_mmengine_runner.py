"""An MMEngine runner's ``runner.train()`` is a training run (the loop, the optimizer step and
the backward pass are the runner's): the rules that look for training read it as one."""

from __future__ import annotations

import ast

from repocheck.analysis.ml_names import is_fit, is_train_switch
from repocheck.model import Status
from tests.helpers import check, snapshot_from

TRAIN = """\
import argparse

import torch.nn as nn
from mmengine.model import BaseModel
from mmengine.runner import Runner
from torch.utils.data import DataLoader
from torchvision import datasets, models, transforms


class Wrapper(BaseModel):
    def __init__(self):
        super().__init__()
        self.model = models.resnet18(num_classes=10)

    def forward(self, images, labels, mode='tensor'):
        logits = self.model(images)
        if mode == 'loss':
            return dict(loss=nn.functional.cross_entropy(logits, labels))
        return logits, labels


def main(opts):
    data = datasets.CIFAR10('data', train=True, download=True, transform=transforms.ToTensor())
    runner = Runner(
        model=Wrapper(),
        work_dir=opts.work_dir,
        train_dataloader=DataLoader(data, batch_size=opts.batch_size, shuffle=True),
        optim_wrapper=dict(optimizer=dict(type='Adam', lr=opts.lr)),
        train_cfg=dict(by_epoch=True, max_epochs=opts.max_epochs),
    )
    runner.train()


if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    parser.add_argument('--work-dir', default='runs')
    parser.add_argument('--batch-size', type=int, default=100)
    parser.add_argument('--lr', type=float, default=1e-3)
    parser.add_argument('--max-epochs', type=int, default=50)
    main(parser.parse_args())
"""


def _call(code: str) -> ast.Call:
    node = ast.parse(code).body[0]
    assert isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
    return node.value


def test_a_runners_train_is_a_training_run_not_a_mode_switch() -> None:
    for code in ("runner.train()", "self.runner.train()", "train_runner.train()"):
        assert is_fit(_call(code)) and not is_train_switch(_call(code)), code
    # A model's mode switch stays one; a runner's own test or validation trains nothing.
    assert is_train_switch(_call("model.train()"))
    assert not is_fit(_call("runner.test()")) and not is_fit(_call("runner.val()"))


def test_the_rules_that_look_for_training_read_the_runner() -> None:
    snapshot = snapshot_from({"train.py": TRAIN})
    guards = check("SANITY002", snapshot)
    assert "no gradient-based training" not in guards.message, guards.message
    determinism = check("REPRO002", snapshot)
    assert "no PyTorch training" not in determinism.message, determinism.message
    configured = check("REPRO006", snapshot)
    assert configured.status is Status.PASS, configured.message
    loop = check("SANITY004", snapshot)
    assert loop.status is Status.PASS, loop.message
    assert loop.metrics["training_calls"] == 1


def test_a_runner_given_a_seed_seeds_and_is_asked_for_determinism() -> None:
    # With no seed, the runner draws a new one on every run: nothing seeds PyTorch.
    assert "nothing seeds it" in check("REPRO002", snapshot_from({"train.py": TRAIN})).message
    seeded = TRAIN.replace(
        "        train_cfg=", "        randomness=dict(seed=0),\n        train_cfg="
    )
    assert check("REPRO001", snapshot_from({"train.py": seeded})).status is Status.PASS
    result = check("REPRO002", snapshot_from({"train.py": seeded}))
    assert result.status is Status.WARN, result.message
    switched = seeded.replace("dict(seed=0)", "dict(seed=0, deterministic=True)")
    assert check("REPRO002", snapshot_from({"train.py": switched})).status is Status.PASS
