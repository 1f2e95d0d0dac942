"""Evaluation mistakes read around the loop that evaluates: which mode the model is in there."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

NET = """\
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)
        self.drop = nn.Dropout(0.5)

    def forward(self, x):
        return self.fc(self.drop(x))


"""
FIT = """\
def main(train_loader, test_loader):
    model = Net()
    opt = torch.optim.Adam(model.parameters())
    loss_func = nn.CrossEntropyLoss()
    for epoch in range(10):
        model.train()
        for x, y in train_loader:
            opt.zero_grad()
            loss = loss_func(model(x), y)
            loss.backward()
            opt.step()
        model.eval()
    with torch.no_grad():
        for x, y in test_loader:
            print(loss_func(model(x), y))
"""


def test_eval_switched_last_in_the_loop_before_holds_for_the_test_loop_after() -> None:
    # The epoch loop ends with model.eval(): the test loop after it runs in eval mode.
    result = check("SANITY004", snapshot_from({"train.py": NET + FIT}))
    assert result.status is Status.PASS, result.message


def test_a_train_switch_after_the_eval_switch_still_leaves_train_mode() -> None:
    code = NET + FIT.replace(
        "        model.eval()\n", "        model.eval()\n        model.train()\n"
    )
    result = check("SANITY004", snapshot_from({"train.py": code}))
    assert result.status is Status.WARN
    assert [e.line for e in result.evidence] == [29]
    without = NET + FIT.replace("        model.eval()\n", "")
    assert check("SANITY004", snapshot_from({"train.py": without})).status is Status.WARN
