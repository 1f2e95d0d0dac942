"""A learning-rate scheduler built and never stepped nor handed on (SANITY004)."""

from __future__ import annotations

from repocheck.model import Status
from tests.fixtures import notebook
from tests.helpers import check, snapshot_from

TRAIN = """\
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau

model = torch.nn.Linear(3, 1)
opt = torch.optim.Adam(model.parameters())
scheduler = ReduceLROnPlateau(opt, patience=2)
print("scheduler: ReduceLROnPlateau")
for epoch in range(10):
    for x, y in loader:
        opt.zero_grad()
        loss = (model(x) - y).pow(2).mean()
        loss.backward()
        opt.step()
"""


def test_a_scheduler_nothing_steps_warns_at_its_line() -> None:
    result = check("SANITY004", snapshot_from({"train.py": TRAIN}))
    assert result.status is Status.WARN, result.message
    assert "scheduler never stepped" in result.message
    assert [e.line for e in result.evidence] == [6]


def test_a_scheduler_stepped_handed_on_or_imported_is_used() -> None:
    stepped = TRAIN + "    scheduler.step(loss)\n"
    assert check("SANITY004", snapshot_from({"train.py": stepped})).status is Status.PASS
    handed = TRAIN + "run(model, opt, scheduler)\n"
    assert check("SANITY004", snapshot_from({"train.py": handed})).status is Status.PASS
    imported = {"train.py": TRAIN, "loop.py": "from train import scheduler\n\nscheduler.step()\n"}
    assert check("SANITY004", snapshot_from(imported)).status is Status.PASS


def test_a_notebooks_scheduler_is_unused_whatever_other_files_read() -> None:
    # Scripts beside it step their own `scheduler`; nothing can import the notebook's.
    files = {
        "experiments.ipynb": notebook(TRAIN),
        "train.py": "scheduler = make()\nscheduler.step()\n",
    }
    result = check("SANITY004", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert [e.path for e in result.evidence] == ["experiments.ipynb"]
