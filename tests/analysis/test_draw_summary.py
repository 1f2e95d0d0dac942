"""What a summary keeps of the draws it sees: a few of each kind, for the evidence."""

from __future__ import annotations

from repocheck.analysis.draw_summary import MAX_DRAWS
from repocheck.analysis.seed_paths import path_randomness
from tests.helpers import snapshot_from

LAYERS = "\n".join(f"        self.conv{i} = nn.Conv3d(3, 3, 3)" for i in range(MAX_DRAWS + 2))
MODEL = (
    "import torch.nn as nn\n\n"
    "class Net(nn.Module):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    f"{LAYERS}\n"
)
TRAIN = (
    "import torch\n"
    "from torch.utils.data import DataLoader\n"
    "from model import Net\n\n"
    "model = Net()\n"
    "loader = DataLoader(list(range(8)), batch_size=2, shuffle=True)\n"
    "opt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
    "for x in loader:\n"
    "    opt.zero_grad()\n"
    "    model(x).sum().backward()\n"
    "    opt.step()\n"
)


def test_layer_initialisations_leave_room_for_the_shuffling_loader() -> None:
    """A deep model's layers fill the kept draws first; the shuffling DataLoader after them,
    the draw that changes the order of the data, must still be among those shown."""
    paths = path_randomness(snapshot_from({"model.py": MODEL, "train.py": TRAIN}))
    (entry,) = paths.entries
    kept = [use for uses in entry.unseeded.values() for use in uses]
    assert len(kept) == MAX_DRAWS
    assert any(use.call.name == "torch.utils.data.DataLoader" for use in kept)
    assert sum(use.initialises for use in kept) == MAX_DRAWS - 1


def test_a_models_own_training_draws_do_not_displace_its_initialisations() -> None:
    """Keras's Dropout layers draw while the model trains, as its Dense layers draw their
    weights: both are the model's draws, and the first kept stay."""
    dense = "".join(f"    layers.Dense({i + 1}),\n" for i in range(MAX_DRAWS))
    train = (
        "from tensorflow.keras import Sequential, layers\n\n"
        f"model = Sequential([\n{dense}    layers.Dropout(0.5),\n])\n"
        "model.compile(loss='mse')\n"
        "model.fit([[0.0]], [[0.0]])\n"
    )
    (entry,) = path_randomness(snapshot_from({"train.py": train})).entries
    kept = [use for uses in entry.unseeded.values() for use in uses]
    assert len(kept) == MAX_DRAWS
    assert all(use.initialises for use in kept)
