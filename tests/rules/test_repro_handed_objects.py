"""REPRO001 on objects of project classes handed to a function that calls their methods.

A pipeline runner takes each stage as a parameter and calls ``stage.run()``: by the method's
name alone the call could be any project method ``run``, so it was matched loosely (its
seeds counted, never its draws). Where every call the walk follows hands a built object of a
project class (``run_pipeline(ModelSelection(data))``), the parameter holds that class, and
its method's draws are the run's.
"""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

STAGES = (
    "from sklearn.ensemble import RandomForestClassifier\n"
    "from sklearn.model_selection import RandomizedSearchCV\n"
    "class ModelSelection:\n"
    "    def __init__(self, data):\n        self.data = data\n"
    "    def run(self):\n"
    "        search = RandomizedSearchCV(RandomForestClassifier(), {'n_estimators': [10]})\n"
    "        search.fit(self.data[0], self.data[1])\n"
    "        return search.best_estimator_\n"
    "class Ingestion:\n"
    "    def run(self):\n        return ([[0], [1]], [0, 1])\n"
)
RUNNER = (
    "from src.stages import Ingestion, ModelSelection\n"
    "def run_pipeline(pipeline, name):\n"
    "    print('running', name)\n"
    "    return pipeline.run()\n"
    "def main():\n"
    "    data = run_pipeline(Ingestion(), 'ingestion')\n"
    "    model = run_pipeline(ModelSelection(data), 'selection')\n"
    "    print(model)\n"
    "if __name__ == '__main__':\n    main()\n"
)


def test_repro001_a_stage_handed_to_a_runner_draws_on_the_runs_path() -> None:
    files = {"src/__init__.py": "", "src/stages.py": STAGES, "src/run.py": RUNNER}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.FAIL, result.message
    assert "scikit-learn" in result.message and "src/run.py" in result.message
    assert ("src/stages.py", 7) in [(e.path, e.line) for e in result.evidence]
    # Seeded at the stage, nothing is left to seed.
    seeded = STAGES.replace(
        "RandomizedSearchCV(RandomForestClassifier(), {'n_estimators': [10]})",
        "RandomizedSearchCV(RandomForestClassifier(random_state=0), {'n_estimators': [10]},"
        " random_state=0)",
    )
    result = check("REPRO001", snapshot_from({**files, "src/stages.py": seeded}))
    assert result.status is Status.PASS, result.message


def test_repro001_a_stage_built_into_a_local_and_handed_on_is_still_that_class() -> None:
    runner = RUNNER.replace(
        "    model = run_pipeline(ModelSelection(data), 'selection')\n",
        "    stage = ModelSelection(data)\n    model = run_pipeline(stage, 'selection')\n",
    )
    files = {"src/__init__.py": "", "src/stages.py": STAGES, "src/run.py": runner}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.FAIL, result.message
    assert ("src/stages.py", 7) in [(e.path, e.line) for e in result.evidence]


def test_repro001_a_model_built_through_a_classmethod_factory_draws_its_weights() -> None:
    # Net.from_config(n) returns cls(n): the layers are built, and drawn, before the seed
    # the training function sets.
    model = (
        "import torch.nn as nn\n"
        "class Net(nn.Module):\n"
        "    def __init__(self, n):\n        super().__init__()\n        self.fc = nn.Linear(n, 1)\n"
        "    @classmethod\n    def from_config(cls, n):\n        return cls(n)\n"
    )
    train = (
        "import torch\n"
        "def train(model, data):\n"
        "    torch.manual_seed(0)\n"
        "    opt = torch.optim.Adam(model.parameters())\n"
        "    for x, y in data:\n"
        "        opt.zero_grad()\n        loss = (model(x) - y).mean()\n"
        "        loss.backward()\n        opt.step()\n"
    )
    main = (
        "import argparse\nimport torch\nfrom src.model import Net\nfrom src.train import train\n"
        "def main():\n"
        "    args = argparse.ArgumentParser().parse_args()\n"
        "    model = Net.from_config(3)\n"
        "    train(model, [(torch.zeros(2, 3), torch.zeros(2, 1))])\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    files = {"src/__init__.py": "", "src/model.py": model, "src/train.py": train, "main.py": main}
    result = check("REPRO001", snapshot_from(files))
    assert result.status in (Status.FAIL, Status.WARN), result.message
    assert ("src/model.py", 5) in [(e.path, e.line) for e in result.evidence]
