"""ClearML's ``Task.init`` seeds Python's random, NumPy and torch (TensorFlow too when it is
imported) with the task's seed, 1337 unless ``Task.set_random_seed`` changed it: a script that
opens a task before it builds its model has seeded what it draws."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

TRAIN = """\
import torch
import torch.nn as nn
from clearml import Task


def main():
    model = nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(10):
        opt.zero_grad()
        model(torch.zeros(8, 4)).sum().backward()
        opt.step()


if __name__ == "__main__":
    task = Task.init(project_name="flow", task_name="baseline")
    main()
"""


def test_repro001_a_clearml_task_opened_first_seeds_torch() -> None:
    result = check("REPRO001", snapshot_from({"train.py": TRAIN}))
    assert result.status is Status.PASS, result.message
    assert any("Task.init" in e.snippet for e in result.evidence)
    # Opened after the model is built, it seeds too late for the weights.
    late = TRAIN.replace(
        '    task = Task.init(project_name="flow", task_name="baseline")\n    main()\n',
        '    main()\n    task = Task.init(project_name="flow", task_name="baseline")\n',
    )
    assert check("REPRO001", snapshot_from({"train.py": late})).status is Status.WARN
    # Task.set_random_seed(None) before it turns the seeding off.
    off = TRAIN.replace(
        "    task = Task.init", "    Task.set_random_seed(None)\n    task = Task.init"
    )
    assert check("REPRO001", snapshot_from({"train.py": off})).status is Status.FAIL
    # Any other seed it is given is still a seed.
    other = TRAIN.replace(
        "    task = Task.init", "    Task.set_random_seed(7)\n    task = Task.init"
    )
    assert check("REPRO001", snapshot_from({"train.py": other})).status is Status.PASS
