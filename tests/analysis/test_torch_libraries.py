"""Libraries built on PyTorch read as the draws they make: torchmeta's ``Meta*`` layers
initialise their weights as the torch layers they subclass, and its meta data loaders pick
each task's classes with Python's ``random.sample`` (shuffling is their default)."""

from __future__ import annotations

import pytest

from repocheck.analysis.torch_libraries import torch_equivalent
from repocheck.model import Status
from tests.helpers import check, snapshot_from

MAML_MODEL = (
    "import torch.nn as nn\n"
    "from torchmeta.modules import MetaBatchNorm2d, MetaConv2d, MetaLinear, MetaModule\n"
    "from torchmeta.modules import MetaSequential\n"
    "\n"
    "class MetaModel(MetaModule):\n"
    "    def __init__(self, ways):\n"
    "        super().__init__()\n"
    "        self.conv = MetaSequential(\n"
    "            MetaConv2d(1, 64, 3, padding=1),\n"
    "            MetaBatchNorm2d(64, track_running_stats=False),\n"
    "            nn.ReLU(),\n"
    "        )\n"
    "        self.linear = MetaLinear(64, ways)\n"
    "\n"
    "    def forward(self, x, params=None):\n"
    "        x = self.conv(x, params=self.get_subdict(params, 'conv'))\n"
    "        return self.linear(x.flatten(1), params=self.get_subdict(params, 'linear'))\n"
)
MAML_RUN = (
    "import random\n"
    "import torch\n"
    "import torch.nn as nn\n"
    "from torchmeta.datasets.helpers import omniglot\n"
    "from torchmeta.utils.data import BatchMetaDataLoader\n"
    "from torchmeta.utils.gradient_based import gradient_update_parameters\n"
    "from model import MetaModel\n"
    "\n"
    "{seed}"
    "dataset = omniglot('data', shots=5, ways=5, meta_train=True, download=True)\n"
    "loader = BatchMetaDataLoader(dataset, batch_size=16{shuffle})\n"
    "model = MetaModel(5)\n"
    "optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)\n"
    "criterion = nn.CrossEntropyLoss()\n"
    "for batch in loader:\n"
    "    for xs, ys, xq, yq in zip(*batch['train'], *batch['test']):\n"
    "        params = gradient_update_parameters(model, criterion(model(xs), ys))\n"
    "        loss = criterion(model(xq, params=params), yq)\n"
    "        model.zero_grad()\n"
    "        loss.backward()\n"
    "        optimizer.step()\n"
)


def _maml(seed: str = "", shuffle: str = "") -> dict[str, str]:
    return {"model.py": MAML_MODEL, "train.py": MAML_RUN.format(seed=seed, shuffle=shuffle)}


@pytest.mark.parametrize(
    ("name", "equivalent"),
    [
        ("torchmeta.modules.MetaConv2d", "torch.nn.Conv2d"),
        ("torchmeta.modules.conv.MetaConv1d", "torch.nn.Conv1d"),
        ("torchmeta.modules.MetaLinear", "torch.nn.Linear"),
        ("torchmeta.modules.MetaBilinear", "torch.nn.Bilinear"),
        # No weights drawn: a batch norm starts at ones and zeros; a container holds others.
        ("torchmeta.modules.MetaBatchNorm2d", "torchmeta.modules.MetaBatchNorm2d"),
        ("torchmeta.modules.MetaSequential", "torchmeta.modules.MetaSequential"),
        ("torchmeta.utils.data.BatchMetaDataLoader", "torchmeta.utils.data.BatchMetaDataLoader"),
    ],
)
def test_torchmeta_layers_draw_as_the_torch_layers_they_subclass(
    name: str, equivalent: str
) -> None:
    assert torch_equivalent(name) == equivalent


def test_repro001_unseeded_torchmeta_maml_fails_on_its_layers_and_task_loader() -> None:
    result = check("REPRO001", snapshot_from(_maml()))
    assert result.status is Status.FAIL, result.message
    assert "PyTorch" in result.message and "Python's random" in result.message
    snippets = [e.snippet for e in result.evidence]
    assert any("MetaConv2d(1, 64" in s for s in snippets), snippets
    assert any("MetaLinear(64, ways)" in s for s in snippets), snippets
    assert any("BatchMetaDataLoader(dataset" in s for s in snippets), snippets
    assert not any("MetaBatchNorm2d" in s for s in snippets), snippets


def test_repro001_torchmeta_loader_needs_random_seed_not_torch_manual_seed() -> None:
    result = check("REPRO001", snapshot_from(_maml(seed="torch.manual_seed(0)\n")))
    assert result.status is not Status.PASS, result.message
    assert "Python's random" in result.message
    assert "PyTorch" not in result.message.split("not seeded")[-1], result.message


def test_repro001_torchmeta_loader_without_shuffle_draws_nothing() -> None:
    result = check(
        "REPRO001", snapshot_from(_maml(seed="torch.manual_seed(0)\n", shuffle=", shuffle=False"))
    )
    assert result.status is Status.PASS, result.message


def test_repro001_torchmeta_maml_seeded_both_ways_passes() -> None:
    seed = "random.seed(0)\ntorch.manual_seed(0)\n"
    result = check("REPRO001", snapshot_from(_maml(seed=seed)))
    assert result.status is Status.PASS, result.message
