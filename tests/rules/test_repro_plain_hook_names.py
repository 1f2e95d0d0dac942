"""REPRO001: a plain class (no base class) with methods named like Lightning's hooks
(``train_dataloader``, ``test_dataloader``) is no LightningDataModule: nothing calls its
``train_dataloader`` unless the code does. An evaluation script that builds it and asks for
the test loader never shuffles the training loader, so it has no unseeded draw."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

PLAIN_MODULE = (
    "from torch.utils.data import DataLoader\n\n\n"
    "class DataModule:\n"
    "    def __init__(self, rows):\n"
    "        self.rows = rows\n\n"
    "    def train_dataloader(self):\n"
    "        return DataLoader(self.rows['train'], batch_size=32, shuffle=True)\n\n"
    "    def test_dataloader(self):\n"
    "        return DataLoader(self.rows['test'], batch_size=32)\n"
)
EVAL = (
    "import argparse\nimport torch\nfrom torch import nn\n\nfrom data import DataModule\n\n\n"
    "def main():\n"
    "    parser = argparse.ArgumentParser()\n"
    "    parser.add_argument('--weights', default='model.pt')\n"
    "    args = parser.parse_args()\n"
    "    data = DataModule({'train': [], 'test': []})\n"
    "    loader = data.test_dataloader()\n"
    "    model = nn.Linear(4, 2)\n"
    "    model.load_state_dict(torch.load(args.weights))\n"
    "    model.eval()\n"
    "    with torch.no_grad():\n"
    "        for x, y in loader:\n"
    "            print((model(x).argmax(1) == y).float().mean())\n\n\n"
    "if __name__ == '__main__':\n"
    "    main()\n"
)
TRAIN = (
    "import torch\nfrom torch import nn\n\nfrom data import DataModule\n\n\n"
    "def main():\n"
    "    torch.manual_seed(0)\n"
    "    loader = DataModule({'train': [], 'test': []}).train_dataloader()\n"
    "    model = nn.Linear(4, 2)\n"
    "    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n"
    "    for x, y in loader:\n"
    "        optimizer.zero_grad()\n"
    "        nn.functional.cross_entropy(model(x), y).backward()\n"
    "        optimizer.step()\n"
    "    torch.save(model.state_dict(), 'model.pt')\n\n\n"
    "if __name__ == '__main__':\n"
    "    main()\n"
)


def test_repro001_a_plain_class_s_train_dataloader_runs_only_when_called() -> None:
    files = {"data.py": PLAIN_MODULE, "evaluate.py": EVAL, "train.py": TRAIN}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert result.message == "seeded before use: PyTorch (train.py)"
