"""GIT003's advice covers a script run from its own folder (``cd cgan && python train.py``):
``data/mnist/`` in the top .gitignore holds only the top folder's, ``**/data/mnist/`` both."""

from __future__ import annotations

import re

from repocheck.model import Status
from tests.helpers import check, snapshot_from

LOADER = """\
from torchvision import datasets

mnist = datasets.MNIST("data/mnist", train=True, download=True)
"""


def _advised(message: str) -> list[str]:
    found = re.search(r"\(add: ([^)]*)\)", message)
    assert found, message
    return found.group(1).split(", ")


def test_git003_advice_for_a_subfolder_script_covers_its_own_folder_too() -> None:
    files = {".gitignore": "__pycache__/\n", "cgan/dataloader.py": LOADER}
    result = check("GIT003", snapshot_from(files))
    assert result.status is not Status.PASS
    advised = _advised(result.message)
    assert advised == ["**/data/mnist/"]
    files[".gitignore"] += "\n".join(advised) + "\n"
    assert check("GIT003", snapshot_from(files)).status is Status.PASS


def test_git003_advice_for_a_top_level_script_stays_anchored() -> None:
    result = check("GIT003", snapshot_from({".gitignore": "__pycache__/\n", "load.py": LOADER}))
    assert _advised(result.message) == ["data/mnist/"]


def test_git003_a_download_kept_out_beside_its_script_is_covered() -> None:
    # The author runs each folder's script from there and ignores each folder's data.
    files = {".gitignore": "__pycache__/\ncgan/data\n", "cgan/dataloader.py": LOADER}
    assert check("GIT003", snapshot_from(files)).status is Status.PASS


def test_git003_a_folder_named_by_an_f_string_is_advised_as_a_pattern() -> None:
    # diffusers' conversion script saves to f"hub/unet/hor{hor}/model.bin": the folder's
    # unknown part is a wildcard in the advice, never a raw placeholder character.
    saver = (
        "import torch\n\nfor hor in (32, 128):\n"
        "    torch.save(model.state_dict(), f'hub/unet/hor{hor}/model.bin')\n"
    )
    files = {".gitignore": "__pycache__/\n", "convert.py": saver}
    result = check("GIT003", snapshot_from(files))
    assert "\x00" not in result.message
    advised = _advised(result.message)
    assert advised == ["hub/unet/hor*/"]
    files[".gitignore"] += "\n".join(advised) + "\n"
    assert check("GIT003", snapshot_from(files)).status is Status.PASS


def test_git003_advises_no_line_another_advised_line_already_covers() -> None:
    # data/ in a .gitignore keeps out every folder named data, 06-conditional/data/ too.
    sub = LOADER.replace('"data/mnist"', '"06-conditional/data"')
    files = {
        ".gitignore": "__pycache__/\n",
        "train.py": LOADER.replace('"data/mnist"', '"data"'),
        "06-conditional/train.py": sub,
        "06-conditional/model.py": "import torch\n",
    }
    result = check("GIT003", snapshot_from(files))
    advised = _advised(result.message)
    assert advised == ["data/"]
    files[".gitignore"] += "\n".join(advised) + "\n"
    assert check("GIT003", snapshot_from(files)).status is Status.PASS


def test_git003_a_default_event_folder_kept_out_beside_its_script_is_covered() -> None:
    # SummaryWriter() writes runs/ in the folder the script is run from; a project whose
    # script lives in code/ and is run from there keeps out code/runs/, as it does the
    # weights the same script saves to "Weights/".
    trainer = (
        "import torch\nfrom tensorboardX import SummaryWriter\n\n"
        "writer = SummaryWriter()\n"
        "torch.save(net.state_dict(), 'Weights/w.pth')\n"
    )
    files = {
        ".gitignore": "__pycache__/\ncode/runs/\ncode/Weights\n",
        "code/train_model.py": trainer,
    }
    assert check("GIT003", snapshot_from(files)).status is Status.PASS
    files[".gitignore"] = "__pycache__/\ncode/Weights\n"
    result = check("GIT003", snapshot_from(files))
    assert result.status is not Status.PASS
    assert _advised(result.message) == ["runs/"]


def test_git003_lightning_logs_kept_out_beside_the_script_that_makes_them_are_covered() -> None:
    # source/train.py builds a Trainer with no root: lightning_logs/ is made where the script
    # runs. Run from source/ (its paths climb out with "../"), it is source/lightning_logs/,
    # which the .gitignore names: nothing is missing.
    train = (
        "import pytorch_lightning as pl\n"
        "DATA = '../data/raw/sample_dataset/'\n"
        "trainer = pl.Trainer(max_epochs=3)\n"
        "trainer.fit(model)\n"
    )
    files = {".gitignore": "__pycache__/\nsource/lightning_logs/\n", "source/train.py": train}
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    # Kept out at the top only, the run from source/ is covered the same way.
    files[".gitignore"] = "__pycache__/\n/lightning_logs/\n"
    assert check("GIT003", snapshot_from(files)).status is Status.PASS


def test_git003_a_small_file_committed_beside_its_subfolder_script_is_kept_on_purpose() -> None:
    # vanilla/run.py, run from vanilla/, saves ./model/my_model.h5, and the project commits
    # vanilla/model/my_model.h5 (25 KB): a demo model kept on purpose, as at the top folder.
    # "model/" would keep its next version out.
    saver = (
        "from keras import models\n"
        "from keras.layers import Dense\n\n"
        "model = models.Sequential([Dense(1)])\n"
        "model.fit(x, y)\n"
        "model.save('./model/my_model.h5')\n"
    )
    files: dict[str, str | bytes] = {
        ".gitignore": "__pycache__/\n",
        "vanilla/run.py": saver,
        "vanilla/model/my_model.h5": b"\x89HDF" + b"\x00" * 25_000,
    }
    result = check("GIT003", snapshot_from(files))
    assert "model/" not in result.message, result.message
    assert result.status is Status.PASS, result.message


def test_git003_a_write_kept_out_under_a_folder_above_its_script_is_covered() -> None:
    # LSTM/src/train.py saves to ./ml_model/ and the .gitignore keeps out LSTM/ml_model:
    # the author runs the code from LSTM/, a folder between the top and the script's own.
    saver = (
        "import joblib\nfrom tensorflow.keras.models import Sequential\n\n"
        "model = Sequential()\nmodel.save('./ml_model/model.h5')\n"
        "joblib.dump(model, './ml_model/scaler.pkl')\n"
    )
    files = {".gitignore": "__pycache__\nLSTM/ml_model\n", "LSTM/src/train.py": saver}
    assert check("GIT003", snapshot_from(files)).status is Status.PASS
    # Kept out under a folder that is not above the script, the write is still missed.
    files[".gitignore"] = "__pycache__\nother/ml_model\n"
    assert check("GIT003", snapshot_from(files)).status is not Status.PASS
