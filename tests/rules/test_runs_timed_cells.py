"""REPRO002 on a notebook that trains in a cell timed with %%time."""

from __future__ import annotations

from repocheck.model import Status
from tests.fixtures import notebook
from tests.helpers import check, snapshot_from

SEED = "import torch\nfrom torch import nn\ntorch.manual_seed(13)\ndevice = torch.device('cuda')"
MODEL = "model = nn.Linear(8, 2).to(device)\nopt = torch.optim.AdamW(model.parameters())"
TIMED_LOOP = (
    "%%time\n"
    "for epoch in range(10):\n"
    "    for x, y in loader:\n"
    "        loss = nn.functional.cross_entropy(model(x.to(device)), y.to(device))\n"
    "        loss.backward()\n"
    "        opt.step()\n"
    "        opt.zero_grad()\n"
)


def test_repro002_training_in_a_time_cell_is_training_the_seed_reaches() -> None:
    # The seed and the GPU loop are in one notebook: it is no "code that trains nothing".
    files = {"FineTune.ipynb": notebook(SEED, MODEL, TIMED_LOOP)}
    result = check("REPRO002", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert "trains nothing" not in result.message
