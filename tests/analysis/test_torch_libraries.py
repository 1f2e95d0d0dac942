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


MONAI_TRAIN = (
    "import torch\n"
    "from monai.data import CacheDataset, DataLoader\n"
    "from monai.losses import DiceLoss\n"
    "from monai.networks.nets import UNet\n"
    "from monai.utils import set_determinism\n"
    "\n"
    "{seed}"
    "ds = CacheDataset(data=files, transform=transforms)\n"
    "loader = DataLoader(ds, batch_size=2, shuffle=True)\n"
    "model = UNet(spatial_dims=3, in_channels=1, out_channels=2, channels=(16, 32, 64),\n"
    "             strides=(2, 2))\n"
    "optimizer = torch.optim.Adam(model.parameters(), 1e-4)\n"
    "loss_function = DiceLoss(to_onehot_y=True, softmax=True)\n"
    "for batch in loader:\n"
    "    optimizer.zero_grad()\n"
    "    loss = loss_function(model(batch['image']), batch['label'])\n"
    "    loss.backward()\n"
    "    optimizer.step()\n"
)


@pytest.mark.parametrize(
    ("name", "equivalent"),
    [
        ("monai.networks.nets.UNet", "torch.nn.Linear"),
        ("monai.networks.nets.unetr.UNETR", "torch.nn.Linear"),
        ("monai.networks.blocks.Convolution", "torch.nn.Linear"),
        ("monai.data.DataLoader", "torch.utils.data.DataLoader"),
        ("monai.data.ThreadDataLoader", "torch.utils.data.DataLoader"),
        ("monai.networks.layers.Norm", "monai.networks.layers.Norm"),
        ("monai.data.CacheDataset", "monai.data.CacheDataset"),
    ],
)
def test_monai_networks_and_loaders_draw_as_torch_does(name: str, equivalent: str) -> None:
    assert torch_equivalent(name) == equivalent


def test_repro001_an_unseeded_monai_training_fails_on_its_network_and_loader() -> None:
    result = check("REPRO001", snapshot_from({"train.py": MONAI_TRAIN.format(seed="")}))
    assert result.status is Status.FAIL, result.message
    assert [e.line for e in result.evidence] == [8, 9], result.evidence


@pytest.mark.parametrize(
    "seed", ["set_determinism(seed=0)\n", "set_determinism()\n", "torch.manual_seed(0)\n"]
)
def test_repro001_monai_set_determinism_seeds_torch(seed: str) -> None:
    # set_determinism seeds torch, numpy and random; left without a seed it uses its default.
    result = check("REPRO001", snapshot_from({"train.py": MONAI_TRAIN.format(seed=seed)}))
    assert result.status is Status.PASS, result.message


def test_repro001_monai_set_determinism_given_none_seeds_nothing() -> None:
    seed = "set_determinism(seed=None)\n"
    result = check("REPRO001", snapshot_from({"train.py": MONAI_TRAIN.format(seed=seed)}))
    assert result.status is Status.FAIL, result.message


# A learner's fine-tune of MOMENT, the time-series foundation model: momentfm's
# control_randomness(seed=13) seeds random, NumPy and torch (13 when given no seed) and sets
# cuDNN's deterministic mode, before another module builds the shuffled loaders.
MOMENT_TRAIN = {
    "loaders.py": (
        "from torch.utils.data import DataLoader\n"
        "from momentfm.utils.utils import control_randomness\n"
        "def create_dataloaders(train_set):\n"
        "    control_randomness(seed=13)\n"
        "    return DataLoader(train_set, batch_size=32, shuffle=True)\n"
    ),
    "train.py": (
        "import numpy as np\n"
        "import torch\n"
        "from momentfm.utils.utils import control_randomness\n"
        "from loaders import create_dataloaders\n"
        "{seed}"
        "noise = np.random.rand(10)\n"
        "loader = create_dataloaders(noise)\n"
        "for x in loader:\n"
        "    loss = torch.zeros(1).sum()\n"
        "    loss.backward()\n"
    ),
}


@pytest.mark.parametrize("seed", ["control_randomness(seed=13)\n", "control_randomness()\n"])
def test_repro001_momentfm_control_randomness_seeds_numpy_and_torch(seed: str) -> None:
    files = {**MOMENT_TRAIN, "train.py": MOMENT_TRAIN["train.py"].format(seed=seed)}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    unseeded = {**MOMENT_TRAIN, "train.py": MOMENT_TRAIN["train.py"].format(seed="")}
    result = check("REPRO001", snapshot_from(unseeded))
    # loaders.py seeds torch before its loader shuffles; the script's own draw is unseeded.
    assert result.status is Status.WARN, result.message
    assert result.message.startswith("seeded: PyTorch; not seeded before use: NumPy")
    assert [e.snippet for e in result.evidence] == ["np.random.rand(10)  # before the seed"]
