"""The two reference repositories: an exemplary small project and a typical learner dump."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import Step, make_repo

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "tiny-classifier"


def notebook(*cells: str, executed: bool = True) -> str:
    """An nbformat-4 notebook whose code cells hold ``cells``, executed in order."""
    raw = [
        {
            "cell_type": "code",
            "execution_count": index + 1 if executed else None,
            "metadata": {},
            "outputs": [],
            "source": source.splitlines(keepends=True),
        }
        for index, source in enumerate(cells)
    ]
    document = {"cells": raw, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(document, indent=1)


def _example(*paths: str) -> dict[str, str | bytes | None]:
    return {path: (EXAMPLE / path).read_text(encoding="utf-8") for path in paths}


def _without(text: str, marker: str) -> str:
    """``text`` cut before ``marker``: an earlier version of a file that grew later."""
    return text[: text.index(marker)].rstrip() + "\n"


def exemplary_repo(path: Path) -> Path:
    """examples/tiny-classifier committed in honest steps over a week."""
    files = _example(
        "README.md", "LICENSE", ".gitignore", "tinyclf/__init__.py", "tinyclf/data.py",
        "requirements.txt", "pyproject.toml", "tinyclf/model.py", "tests/test_model.py",
        "tinyclf/train.py", ".github/workflows/ci.yml",
    )  # fmt: skip
    readme, tests = str(files["README.md"]), str(files["tests/test_model.py"])
    early_tests = _without(tests, "def test_split_keeps_every_point_once")
    steps = [
        Step("Describe the project and pick a licence",
             {"README.md": _without(readme, "## Test"), "LICENSE": files["LICENSE"],
              ".gitignore": files[".gitignore"]}, days=0),
        Step("Generate two Gaussian blobs as training data",
             {p: files[p] for p in ("tinyclf/__init__.py", "tinyclf/data.py",
                                     "requirements.txt", "pyproject.toml")}, days=1),
        Step("Add the two-layer MLP with a shape test",
             {"tinyclf/model.py": files["tinyclf/model.py"],
              "tests/test_model.py": _without(early_tests, "def test_blobs_are_balanced")},
             days=2.2),
        Step("Test that the blobs are balanced and labelled",
             {"tests/test_model.py": early_tests}, days=2.4),
        Step("Train with seeded runs configured from the command line",
             {"tinyclf/train.py": files["tinyclf/train.py"]}, days=3.1),
        Step("Run the tests on every push",
             {".github/workflows/ci.yml": files[".github/workflows/ci.yml"]}, days=4),
        Step("Check that the model can overfit one batch",
             {"tests/test_model.py": tests}, days=5),
        Step("Report validation accuracy in the README", {"README.md": readme}, days=6.3),
    ]  # fmt: skip
    return make_repo(path, steps)


DUMP_NOTEBOOK = notebook(
    "from google.colab import drive\ndrive.mount('/content/drive')",
    "import torch\nimport torch.nn as nn\nimport numpy as np",
    "data = np.load('/content/drive/MyDrive/mnist.npy')\nx = torch.randn(64, 784)",
    "model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))\n"
    "opt = torch.optim.Adam(model.parameters())\n"
    "for epoch in range(10):\n"
    "    for xb, yb in loader:\n"
    "        loss = nn.CrossEntropyLoss()(model(xb), yb)\n"
    "        loss.backward()\n"
    "        opt.step()\n"
    "        opt.zero_grad()\n"
    "    print(epoch, loss.item())",
    "torch.save(model.state_dict(), 'model.pt')",
)


def learner_dump(path: Path) -> Path:
    """One "Add files via upload" commit of notebooks, a checkpoint and no README."""
    return make_repo(
        path,
        [
            Step(
                "Add files via upload",
                {
                    "MNIST_final.ipynb": DUMP_NOTEBOOK,
                    "Untitled1.ipynb": notebook(
                        "import pandas as pd\ndf = pd.read_csv('train.csv')"
                    ),
                    ".ipynb_checkpoints/MNIST_final-checkpoint.ipynb": DUMP_NOTEBOOK,
                    "model.pt": b"\x80\x02" + bytes(1_500_000),
                },
            ),
        ],
    )
