"""REPRO001 on PyTorch Geometric: its graph layers draw their initial weights, and its loaders
shuffle, from torch's global generator, so ``torch.manual_seed`` is what fixes them."""

from __future__ import annotations

import pytest

from repocheck.model import Status
from tests.helpers import check, snapshot_from

GCN_SCRIPT = (
    "import torch\n"
    "import torch.nn.functional as F\n"
    "{imports}"
    "\n"
    "class Net(torch.nn.Module):\n"
    "    def __init__(self, dim, classes):\n"
    "        super().__init__()\n"
    "        self.conv1 = {nn}GCNConv(dim, 64)\n"
    "        self.conv2 = {nn}SAGEConv(64, classes)\n"
    "\n"
    "    def forward(self, data):\n"
    "        return self.conv2(F.relu(self.conv1(data.x, data.edge_index)), data.edge_index)\n"
    "\n"
    "{seed}"
    "loader = {loader}DataLoader(dataset, batch_size=32, shuffle=True)\n"
    "model = Net(7, 2)\n"
    "optimizer = torch.optim.Adam(model.parameters(), lr=0.01)\n"
    "for epoch in range(10):\n"
    "    for batch in loader:\n"
    "        optimizer.zero_grad()\n"
    "        F.cross_entropy(model(batch), batch.y).backward()\n"
    "        optimizer.step()\n"
)
SPELLINGS = [
    (
        "from torch_geometric.loader import DataLoader\n"
        "from torch_geometric.nn import GCNConv, SAGEConv\n",
        "",
        "",
    ),
    (
        "import torch_geometric.nn as pyg_nn\nimport torch_geometric.data as pyg_data\n",
        "pyg_nn.",
        "pyg_data.",
    ),
]


@pytest.mark.parametrize(("imports", "nn", "loader"), SPELLINGS)
def test_repro001_unseeded_graph_layers_and_loader_are_torch_draws(
    imports: str, nn: str, loader: str
) -> None:
    code = GCN_SCRIPT.format(imports=imports, nn=nn, loader=loader, seed="")
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status in (Status.FAIL, Status.WARN), result.message
    assert "PyTorch" in result.message
    snippets = [e.snippet for e in result.evidence]
    assert any("GCNConv(dim, 64)" in s for s in snippets), snippets
    assert any("DataLoader(dataset" in s for s in snippets), snippets


@pytest.mark.parametrize(("imports", "nn", "loader"), SPELLINGS)
def test_repro001_graph_script_seeded_with_torch_manual_seed_passes(
    imports: str, nn: str, loader: str
) -> None:
    code = GCN_SCRIPT.format(imports=imports, nn=nn, loader=loader, seed="torch.manual_seed(0)\n")
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS, result.message
