"""What a statement's surroundings say about its draws: a shuffling loader nothing reads."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

# The data-preparation script of a DNA promoter classifier: it builds a shuffling loader beside
# the datasets it saves, and never iterates it; the training script builds its own.
PREPARE = """\
import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

if __name__ == "__main__":
    train_dataset = TensorDataset(torch.tensor(np.load("x.npy")), torch.tensor(np.load("y.npy")))
    train_loader = DataLoader(train_dataset, batch_size=2, shuffle=True)
    print(len(train_dataset))
    torch.save(train_dataset, "train_dataset.pt")
"""
TRAIN = """\
import torch
from torch.utils.data import DataLoader

torch.manual_seed(0)
model = torch.nn.Linear(2, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for x, y in DataLoader(torch.load("train_dataset.pt"), batch_size=2, shuffle=True):
    optimizer.zero_grad()
    model(x).sum().backward()
    optimizer.step()
"""


def test_a_shuffling_loader_nothing_reads_draws_nothing() -> None:
    result = check("REPRO001", snapshot_from({"prepare.py": PREPARE, "train.py": TRAIN}))
    assert result.status is Status.PASS, result.evidence


def test_a_shuffling_loader_that_is_iterated_still_draws() -> None:
    iterated = PREPARE.replace(
        "    print(len(train_dataset))\n", "    for batch in train_loader:\n        print(batch)\n"
    )
    result = check("REPRO001", snapshot_from({"prepare.py": iterated, "train.py": TRAIN}))
    assert result.status is Status.WARN, result.message
    assert [e.line for e in result.evidence] == [7]


def test_a_loader_kept_on_an_attribute_or_read_through_a_star_import_still_draws() -> None:
    kept = PREPARE.replace("    train_loader = DataLoader(", "    self.train_loader = DataLoader(")
    result = check("REPRO001", snapshot_from({"prepare.py": kept, "train.py": TRAIN}))
    assert result.status is Status.WARN, result.message
    module = PREPARE.replace('if __name__ == "__main__":\n', "if True:\n")
    user = "from prepare import *\n\nfor batch in train_loader:\n    print(batch)\n"
    result = check(
        "REPRO001", snapshot_from({"prepare.py": module, "run.py": user, "train.py": TRAIN})
    )
    assert result.status is Status.WARN, result.message


def test_a_functions_unread_loader_draws_nothing_though_its_module_is_star_imported() -> None:
    # A helper builds a shuffling loader into a local it never returns; the main script takes
    # the helper through `from loaders import *`. A star import hands over a module's
    # top-level names, never a function's locals: the loader is never iterated.
    loaders = (
        "import torch\nfrom torch.utils.data import DataLoader\n\n\n"
        "def make(train, test):\n"
        "    test_loader = DataLoader(test, batch_size=2)\n"
        "    train_loader = DataLoader(train, batch_size=2, shuffle=True)\n"
        "    return test_loader\n"
    )
    main = (
        "import torch\nfrom loaders import *\n\n"
        "for batch in make(torch.ones(4, 2), torch.ones(4, 2)):\n    print(batch)\n"
    )
    result = check("REPRO001", snapshot_from({"loaders.py": loaders, "main.py": main}))
    assert not result.evidence, result.evidence
    # At the top level, the same name is one the star import hands over: it still draws.
    top = (
        "import torch\nfrom torch.utils.data import DataLoader\n\n"
        "train_loader = DataLoader(torch.ones(4, 2), batch_size=2, shuffle=True)\n"
    )
    user = "import torch\nfrom loaders import *\n\nfor batch in train_loader:\n    print(batch)\n"
    result = check("REPRO001", snapshot_from({"loaders.py": top, "main.py": user}))
    assert result.status is not Status.PASS, result.message


# An image classifier's fine-tuning script: it builds the network, loads the pretrained weights
# into it through a helper of the project's utility module, called through the module's name
# (``helpers.load_ckpt(model, ckpt)``), then trains on batches read in a fixed order.
NETWORK = """\
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(x)
"""
HELPERS = """\
def load_ckpt(model, ckpt):
    model.load_state_dict(ckpt, strict=False)
    return model
"""
FINETUNE = """\
import torch

import helpers
from net import Net


def prepare_model(path):
    model = Net()
    ckpt = torch.load(path)
    model = helpers.load_ckpt(model, ckpt)
    return model


if __name__ == "__main__":
    model = prepare_model("pretrained.pt")
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for x in torch.load("batches.pt"):
        optimizer.zero_grad()
        model(x).sum().backward()
        optimizer.step()
    torch.save(model.state_dict(), "finetuned.pt")
"""


def test_weights_loaded_by_a_helper_called_through_its_module_overwrite_the_draws() -> None:
    files = {"net.py": NETWORK, "helpers.py": HELPERS, "finetune.py": FINETUNE}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is not Status.WARN and result.status is not Status.FAIL, result.evidence


def test_a_helper_through_its_module_restores_only_the_names_it_is_given() -> None:
    # The weights go into a second network; the one the script built and trains keeps its
    # drawn weights.
    other = FINETUNE.replace(
        "model = helpers.load_ckpt(model, ckpt)", "helpers.load_ckpt(Net(), ckpt)"
    )
    files = {"net.py": NETWORK, "helpers.py": HELPERS, "finetune.py": other}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.FAIL, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("net.py", 7)]


# A traffic forecaster's runner: the model goes to the project's training function by
# keyword, which saves the best epoch's weights; the runner then reloads them to test.
KEYWORD_TRAINER = """\
import torch
from loop import train
from net import Net


def main():
    model = Net()
    optimizer = torch.optim.Adam(model.parameters())
    train(model=model, optimizer=optimizer, epochs=10)
    model.load_state_dict(torch.load("best_model.pt"))
    torch.save(model(torch.ones(1, 12)), "predictions.pt")


if __name__ == "__main__":
    main()
"""
KEYWORD_NET = """\
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(12, 12)

    def forward(self, x):
        return self.fc(x)
"""
KEYWORD_LOOP = """\
import torch


def train(model, optimizer, epochs):
    for _ in range(epochs):
        optimizer.zero_grad()
        model(torch.ones(1, 12)).sum().backward()
        optimizer.step()
        torch.save(model.state_dict(), "best_model.pt")
"""


def test_a_model_handed_by_keyword_to_a_training_function_keeps_its_drawn_weights() -> None:
    # The reload after training gives back weights grown from the drawn ones: the draw counts.
    files = {"runner.py": KEYWORD_TRAINER, "loop.py": KEYWORD_LOOP, "net.py": KEYWORD_NET}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.FAIL, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("net.py", 7)]
    # Seeded where it runs: REPRO002 does not say that only code training nothing seeds it.
    seeded = KEYWORD_TRAINER.replace("    main()", "    torch.manual_seed(0)\n    main()")
    files = {"runner.py": seeded, "loop.py": KEYWORD_LOOP, "net.py": KEYWORD_NET}
    assert check("REPRO001", snapshot_from(files)).status is Status.PASS
    assert "trains nothing" not in check("REPRO002", snapshot_from(files)).message


# A data class of a building-energy project keeps a shuffling loader for each split on
# itself; the training code iterates the training one only.
DATA_CLASS = """\
import torch
from torch.utils.data import DataLoader, TensorDataset


class Data:
    def __init__(self, x, y):
        self.train = TensorDataset(x[:80], y[:80])
        self.test = TensorDataset(x[80:], y[80:])
        self.train_loader = DataLoader(self.train, batch_size=16, shuffle=True)
        self.test_loader = DataLoader(self.test, batch_size=1, shuffle=True)
"""
FIT_DATA = """\
import torch
from data import Data

torch.manual_seed(0)
data = Data(torch.ones(100, 2), torch.ones(100, 1))
model = torch.nn.Linear(2, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for x, y in data.train_loader:
    optimizer.zero_grad()
    model(x).sum().backward()
    optimizer.step()
"""


def test_a_shuffling_loader_kept_on_self_that_no_program_reads_draws_nothing() -> None:
    unseeded = FIT_DATA.replace("torch.manual_seed(0)\n", "")
    files = {"data.py": DATA_CLASS, "train.py": unseeded}
    result = check("REPRO001", snapshot_from(files))
    assert ("data.py", 10) not in [(e.path, e.line) for e in result.evidence], result.evidence
    assert ("data.py", 9) in [(e.path, e.line) for e in result.evidence], result.evidence
    # Read somewhere (the test loop iterates it): it draws.
    tested = unseeded + "for x, y in data.test_loader:\n    print(model(x))\n"
    result = check("REPRO001", snapshot_from({**files, "train.py": tested}))
    assert ("data.py", 10) in [(e.path, e.line) for e in result.evidence], result.evidence
    # On a class built on a framework's, the framework may read it: it still draws.
    framed = DATA_CLASS.replace("class Data:", "class Data(pl.LightningDataModule):")
    framed = "import pytorch_lightning as pl\n" + framed
    result = check("REPRO001", snapshot_from({**files, "data.py": framed}))
    assert ("data.py", 11) in [(e.path, e.line) for e in result.evidence], result.evidence


# The super-resolution layout many learners copy: training seeds before it builds the
# network; the image test builds one and copies a checkpoint into its state dict key by key,
# so its drawn initial weights never reach a result, though the command line may run it
# before the seed.
SR_MODELS = """\
from torch import nn


class ESPCN(nn.Module):
    def __init__(self, scale):
        super().__init__()
        self.conv = nn.Conv2d(1, scale * scale, kernel_size=3, padding=1)
        nn.init.normal_(self.conv.weight.data, mean=0.0, std=0.001)

    def forward(self, x):
        return self.conv(x)
"""
SR_TRAIN = """\
import torch

from models import ESPCN


def training(seed):
    torch.manual_seed(seed)
    model = ESPCN(3)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for inputs, labels in torch.load("train.pt"):
        optimizer.zero_grad()
        torch.nn.functional.mse_loss(model(inputs), labels).backward()
        optimizer.step()
    torch.save(model.state_dict(), "best.pth")
"""
SR_TEST = """\
import torch

from models import ESPCN


def testing_image(weights_file):
    model = ESPCN(3)
    state_dict = model.state_dict()
    for n, p in torch.load(weights_file, map_location=lambda storage, loc: storage).items():
        if n in state_dict.keys():
            state_dict[n].copy_(p)
        else:
            raise KeyError(n)
    model.eval()
    with torch.no_grad():
        print(model(torch.load("image.pt")).mean())
"""
SR_MAIN = """\
import sys

from test_image import testing_image
from train import training

if __name__ == "__main__":
    testing_image("best.pth") if "--image" in sys.argv else None
    training(123) if "--train" in sys.argv else None
"""


def _sr_files(test: str = SR_TEST) -> dict[str, str]:
    return {"models.py": SR_MODELS, "train.py": SR_TRAIN, "test_image.py": test, "main.py": SR_MAIN}


def test_a_checkpoint_copied_into_the_state_dict_key_by_key_overwrites_the_draws() -> None:
    result = check("REPRO001", snapshot_from(_sr_files()))
    assert result.status is Status.PASS, result.evidence


def test_a_loop_over_a_checkpoint_that_copies_nothing_into_the_model_keeps_the_draws() -> None:
    # The loop only prints the checkpoint's keys: the network keeps its drawn weights.
    printing = SR_TEST.replace("state_dict[n].copy_(p)", "print(n, p.shape)")
    result = check("REPRO001", snapshot_from(_sr_files(printing)))
    assert result.status is Status.WARN, result.message
    assert ("models.py", 7) in [(e.path, e.line) for e in result.evidence]


def test_a_loader_loop_that_copies_batches_into_a_state_dict_loads_nothing() -> None:
    # Iterating a DataLoader is not loading a checkpoint, whatever its body copies.
    loader = SR_TEST.replace(
        "torch.load(weights_file, map_location=lambda storage, loc: storage).items()",
        "enumerate(torch.utils.data.DataLoader(torch.zeros(4, 1)))",
    )
    result = check("REPRO001", snapshot_from(_sr_files(loader)))
    assert result.status is Status.WARN, result.message


# A lottery-number predictor's training script: it builds a Keras network, hands it to its own
# loader ``model_load(model)``, which loads the saved weights only when the file is there
# (resuming), then trains it. A first run trains from the drawn weights.
RESUMING = """\
import os

from keras.layers import Dense
from keras.models import Sequential

FILEPATH = "weights.hdf5"


def build():
    model = Sequential()
    model.add(Dense(10))
    model.compile(optimizer="adam", loss="mse")
    return model


def model_load(model):
    if os.path.exists(FILEPATH):
        model.load_weights(FILEPATH)


model = build()
model_load(model)
model.fit([[1.0]], [[1.0]], epochs=3)
"""


def test_a_loader_that_loads_only_when_a_file_is_there_keeps_the_draws() -> None:
    result = check("REPRO001", snapshot_from({"train.py": RESUMING}))
    assert result.status is Status.FAIL, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 11)]


def test_a_loader_that_loads_every_time_overwrites_the_draws() -> None:
    always = RESUMING.replace(
        "    if os.path.exists(FILEPATH):\n        model.load_weights(FILEPATH)",
        "    model.load_weights(FILEPATH)",
    )
    result = check("REPRO001", snapshot_from({"train.py": always}))
    assert result.status is not Status.FAIL and result.status is not Status.WARN, result.evidence


def test_a_loader_that_loads_or_stops_overwrites_the_draws() -> None:
    stopping = RESUMING.replace(
        "        model.load_weights(FILEPATH)",
        "        model.load_weights(FILEPATH)\n    else:\n        raise SystemExit('no weights')",
    )
    result = check("REPRO001", snapshot_from({"train.py": stopping}))
    assert result.status is not Status.FAIL and result.status is not Status.WARN, result.evidence


def test_a_loader_that_loads_or_exits_overwrites_the_draws() -> None:
    exiting = RESUMING.replace(
        "        model.load_weights(FILEPATH)",
        "        model.load_weights(FILEPATH)\n    else:\n        sys.exit(1)",
    ).replace("import os\n", "import os\nimport sys\n")
    result = check("REPRO001", snapshot_from({"train.py": exiting}))
    assert result.status is not Status.FAIL and result.status is not Status.WARN, result.evidence


# A turbofan notebook of a held-out pass (479): a forest fitted and scored in one cell, and a
# fresh estimator built in the last only to load saved weights into.
LOADED_ESTIMATOR = """\
import pandas as pd
from sklearn.ensemble import RandomForestRegressor

X = pd.read_csv("engines.csv")
new_rf = RandomForestRegressor()
new_rf.load_model("rf.h5")
print(new_rf.predict(X))
"""


def test_an_estimator_built_only_to_load_saved_weights_into_draws_nothing() -> None:
    result = check("REPRO001", snapshot_from({"predict.py": LOADED_ESTIMATOR}))
    assert result.status is not Status.FAIL and result.status is not Status.WARN, result.evidence
    # Fitted before the load (the run's own best model reloaded), its draws still count.
    fitted = LOADED_ESTIMATOR.replace(
        'new_rf.load_model("rf.h5")', 'new_rf.fit(X, X["y"])\nnew_rf.load_model("rf.h5")'
    )
    result = check("REPRO001", snapshot_from({"predict.py": fitted}))
    assert result.status is Status.FAIL, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("predict.py", 5)]


# A font classifier's notebook: it wraps its dataset in a shuffling loader, hands only the
# loader's `.dataset` to a seeded split and iterates the loaders it builds on the parts.
DATASET_ONLY = """\
import torch
from torch.utils.data import DataLoader, random_split

torch.manual_seed(0)
custom_dataset = torch.load("images.pt")
model = torch.nn.Linear(2, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
all_data_loader = DataLoader(custom_dataset, batch_size=16, shuffle=True)
train_set, test_set = random_split(all_data_loader.dataset, [80, 20])
for x, y in DataLoader(train_set, batch_size=16, shuffle=True):
    optimizer.zero_grad()
    model(x).sum().backward()
    optimizer.step()
"""


def test_a_shuffling_loader_read_only_for_its_dataset_draws_nothing() -> None:
    # `all_data_loader.dataset` is the dataset it was given: the loader is never iterated,
    # so its shuffle draws nothing, seeded or not.
    unseeded = DATASET_ONLY.replace("torch.manual_seed(0)\n", "")
    result = check("REPRO001", snapshot_from({"train.py": unseeded}))
    assert result.status is Status.FAIL, result.message
    # The layer, the split and the training loader; not the loader on line 7.
    assert [e.line for e in result.evidence] == [5, 8, 9], result.evidence


def test_a_loader_read_for_its_dataset_and_iterated_still_draws() -> None:
    iterated = DATASET_ONLY.replace("torch.manual_seed(0)\n", "") + (
        "for batch in all_data_loader:\n    print(batch)\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": iterated}))
    assert 7 in [e.line for e in result.evidence], result.evidence
