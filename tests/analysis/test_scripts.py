"""Which ``__main__`` blocks do a script's work (tests for repocheck.analysis.scripts)."""

from __future__ import annotations

from repocheck.analysis.entrypoints import project
from repocheck.analysis.scripts import main_block_works
from tests.helpers import snapshot_from

PREPARE = """\
import numpy as np
from sklearn.model_selection import train_test_split


class Features:
    def __init__(self, X, y):
        self.X, self.y = X, y

    def split(self):
        self.X_train, self.X_test, _, _ = train_test_split(self.X, self.y, test_size=0.15)

    def save(self):
        self._write()

    def _write(self):
        np.save("X_train.npy", self.X_train)


if __name__ == "__main__":
    features = Features(np.load("X.npy"), np.load("y.npy"))
    features.split()
    features.save()
"""


def _works(source: str) -> bool:
    snapshot = snapshot_from({"prepare.py": source})
    (program,) = [p for p in project(snapshot).graph.programs if p.path == "prepare.py"]
    return main_block_works(program)


def test_a_method_of_the_modules_own_class_that_writes_a_result_is_the_scripts_work():
    # The main block builds the module's own class and calls a method that saves the
    # split arrays (through self._write()): a data-preparation script, run for its files.
    assert _works(PREPARE)


def test_an_unrelated_objects_method_of_the_same_name_is_not_followed():
    # ``data.save()`` on something the module's class did not build is not its method.
    source = PREPARE.replace(
        "    features.save()\n", "    data = np.load('y.npy')\n    data.save()\n"
    ).replace("    features.split()\n", "")
    assert not _works(source)


def test_the_data_preparation_script_becomes_an_entry_point():
    snapshot = snapshot_from({"prepare.py": PREPARE, "train.py": "import numpy as np\n"})
    assert "prepare.py" in [entry.path for entry in project(snapshot).entries]


def test_a_web_server_command_names_the_module_it_serves() -> None:
    # ``web: gunicorn app:app --preload`` in a Procfile (or ``uvicorn api.main:app`` in a
    # README) runs that module: it is an entry point even though its main block only starts
    # the development server, and the modules it imports run their top level on its path.
    from repocheck.analysis.scripts import run_commands

    app = (
        "from flask import Flask\n"
        "from model.predict import Predict\n"
        "app = Flask(__name__)\n"
        "if __name__ == '__main__':\n"
        "    app.run()\n"
    )
    files = {
        "app.py": app,
        "api/main.py": app,
        "model/predict.py": "class Predict:\n    pass\n",
        "Procfile": "web: gunicorn app:app --preload --bind 0.0.0.0:8000\n",
        "README.md": "Serve it with `uvicorn api.main:app --host localhost:8000`.\n",
    }
    snapshot = snapshot_from(files)
    assert {"app", "api.main"} <= run_commands(snapshot)[1]
    assert {entry.path for entry in project(snapshot).entries} >= {"app.py", "api/main.py"}


#: pix2pix's and CycleGAN's layout: train.py builds the model a command line names through a
#: factory that imports ``"model." + name + "_model"``; the model modules train.
FACTORY_LAYOUT = {
    "train.py": (
        "from model import create_model\n\n"
        "if __name__ == '__main__':\n"
        "    model = create_model('gan')\n"
        "    for epoch in range(10):\n"
        "        model.optimize_parameters()\n"
    ),
    "model/__init__.py": (
        "import importlib\n\n\n"
        "def create_model(name):\n"
        "    filename = 'model.' + name + '_model'\n"
        "    module = importlib.import_module(filename)\n"
        "    return module.Model()\n"
    ),
    "model/gan_model.py": (
        "class Model:\n"
        "    def optimize_parameters(self):\n"
        "        self.loss.backward()\n"
        "        self.optimizer.step()\n"
    ),
}


def test_a_main_block_building_its_model_through_a_factory_by_name_is_a_run() -> None:
    entries = [entry.path for entry in project(snapshot_from(FACTORY_LAYOUT)).entries]
    assert "train.py" in entries
    # A factory whose modules train nothing hands the run to no training.
    idle = {**FACTORY_LAYOUT, "model/gan_model.py": "class Model:\n    pass\n"}
    assert "train.py" not in [entry.path for entry in project(snapshot_from(idle)).entries]


#: An evaluation script: its main block loads trained weights (through the module's own
#: helper) and measures the model on a random split of files read from disk. It reads no
#: command line, trains nothing (the loop is commented out) and writes no file.
EVALUATE = """\
import glob

import torch
from torch.utils.data import DataLoader, Dataset, random_split

from clips import read_clip


class Clips(Dataset):
    def __init__(self):
        self.paths = sorted(glob.glob("/dataset/grid/**/*.mpg", recursive=True))

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, idx):
        return read_clip(self.paths[idx])


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(8, 2)

    def forward(self, x):
        return self.linear(x)


def load(model, path):
    model.load_state_dict(torch.load(path))


def accuracy(loader, model):
    with torch.no_grad():
        return sum((model(x).argmax(1) == y).sum().item() for x, y in loader)


if __name__ == "__main__":
    dataset = Clips()
    train_set, test_set = random_split(dataset, [0.9, 0.1])
    test_loader = DataLoader(test_set, batch_size=4)
    model = Net()
    load(model, "/exp_logs/whole_72.pth")
    print(accuracy(test_loader, model))
"""


def test_a_main_block_that_evaluates_saved_weights_is_a_run() -> None:
    # Loading a checkpoint is no self-check's business (that builds a fresh model on
    # made-up input): the block measures a trained model, which is what the file is for.
    assert _works(EVALUATE)
    snapshot = snapshot_from({"evaluate.py": EVALUATE})
    assert "evaluate.py" in [entry.path for entry in project(snapshot).entries]


def test_a_self_check_on_made_up_input_stays_one_even_if_it_loads_weights() -> None:
    demo = EVALUATE.replace(
        "    print(accuracy(test_loader, model))\n", "    print(model(torch.randn(2, 8)).shape)\n"
    )
    assert not _works(demo)


#: A script whose main block extracts features and whose training was appended below the
#: block, at module level: running the file runs the block and then the training.
TRAINING_BELOW_THE_BLOCK = {
    "main/main.py": (
        "import csv\n"
        "\n"
        "\n"
        "def main():\n"
        "    rows = list(csv.reader(open('posts.csv')))\n"
        "    print(len(rows))\n"
        "\n"
        "\n"
        "if __name__ == '__main__':\n"
        "    main()\n"
        "\n"
        "import pandas as pd\n"
        "from classification import NaiveBayes\n"
        "\n"
        "nb = NaiveBayes.NaiveBayes()\n"
        "df = pd.read_csv('dataset/features.csv')\n"
        "nb.train(df.values, df['Label'].values)\n"
        "print(nb.predict(df.values, df['Label'].values))\n"
    ),
    "main/classification/NaiveBayes.py": (
        "from sklearn.naive_bayes import GaussianNB\n"
        "\n"
        "\n"
        "class NaiveBayes:\n"
        "    def train(self, X, y):\n"
        "        self.model = GaussianNB().fit(X, y)\n"
        "\n"
        "    def predict(self, X, y):\n"
        "        return self.model.score(X, y)\n"
    ),
}


def test_module_level_work_below_the_main_block_is_the_scripts_run() -> None:
    snapshot = snapshot_from(TRAINING_BELOW_THE_BLOCK)
    assert "main/main.py" in [entry.path for entry in project(snapshot).entries]
    # Above the block, module-level set-up is not read as the run: a self-check stays one.
    above = {
        "main/main.py": (
            "import logging\n"
            "logger = logging.getLogger(__name__)\n"
            "\n"
            "if __name__ == '__main__':\n"
            "    print('ok')\n"
        )
    }
    assert "main/main.py" not in [entry.path for entry in project(snapshot_from(above)).entries]


#: A package's training entry: main() calls catboost/main.py's main(), which builds
#: catboost/model.py's model and trains it through a method of the project's own.
TRAINING_TWO_IMPORTS_AWAY = {
    "src/__init__.py": "",
    "src/training/__init__.py": "",
    "src/training/catboost/__init__.py": "",
    "src/training/main.py": (
        "from src.training.catboost.main import main as train_catboost\n"
        "\n"
        "\n"
        "def main():\n"
        "    results = train_catboost()\n"
        "    print(results)\n"
        "\n"
        "\n"
        "if __name__ == '__main__':\n"
        "    main()\n"
    ),
    "src/training/catboost/main.py": (
        "from src.training.catboost.model import CatBoostModel\n"
        "from src.training.catboost.utils import load_data\n"
        "\n"
        "\n"
        "def main():\n"
        "    model = CatBoostModel()\n"
        "    return model.train_and_evaluate(load_data())\n"
        "\n"
        "\n"
        "def describe():\n"
        "    return load_data().describe()\n"
    ),
    "src/training/catboost/model.py": (
        "from catboost import CatBoostRegressor\n"
        "\n"
        "\n"
        "class CatBoostModel:\n"
        "    def train_and_evaluate(self, pool):\n"
        "        self.model = CatBoostRegressor().fit(pool)\n"
        "        return self.model.get_best_score()\n"
    ),
    "src/training/catboost/utils.py": (
        "import pandas as pd\n\n\ndef load_data():\n    return pd.read_csv('salaries.csv')\n"
    ),
}


def test_a_main_block_handing_its_run_through_an_imported_function_that_trains_is_a_run() -> None:
    snapshot = snapshot_from(TRAINING_TWO_IMPORTS_AWAY)
    assert "src/training/main.py" in [entry.path for entry in project(snapshot).entries]
    # The function taken must be the one that hands on: describe() trains nothing.
    other = dict(TRAINING_TWO_IMPORTS_AWAY)
    other["src/training/main.py"] = other["src/training/main.py"].replace(
        "import main as train_catboost", "import describe as train_catboost"
    )
    assert "src/training/main.py" not in [
        entry.path for entry in project(snapshot_from(other)).entries
    ]


#: An agent module in a package, whose main block is its author's quick test: it fills the
#: replay buffer with states drawn by NumPy (no game runs) and takes a few training steps.
AGENT_SELF_TEST = {
    "agent/__init__.py": "from .dqn import Agent\n",
    "agent/dqn.py": (
        "import numpy as np\n"
        "import torch\n"
        "\n"
        "\n"
        "class Agent:\n"
        "    def __init__(self, batch_size=32):\n"
        "        self.net = torch.nn.Linear(4, 2)\n"
        "        self.opt = torch.optim.Adam(self.net.parameters())\n"
        "        self.memory = []\n"
        "        self.batch_size = batch_size\n"
        "\n"
        "    def store(self, state):\n"
        "        self.memory.append(state)\n"
        "\n"
        "    def train_step(self):\n"
        "        x = torch.tensor(np.array(self.memory[-self.batch_size:]), dtype=torch.float32)\n"
        "        loss = self.net(x).pow(2).mean()\n"
        "        self.opt.zero_grad()\n"
        "        loss.backward()\n"
        "        self.opt.step()\n"
        "        return loss.item()\n"
        "\n"
        "\n"
        "if __name__ == '__main__':\n"
        "    agent = Agent(batch_size=4)\n"
        "    for i in range(20):\n"
        "        agent.store({'pov': np.random.randint(0, 256, (4, 84, 84))}['pov'][0, 0, :4])\n"
        "    for i in range(5):\n"
        "        print(agent.train_step())\n"
    ),
    "train.py": (
        "import argparse\n"
        "from agent import Agent\n"
        "\n"
        "parser = argparse.ArgumentParser()\n"
        "parser.add_argument('--batch-size', type=int, default=32)\n"
        "agent = Agent(parser.parse_args().batch_size)\n"
        "agent.train_step()\n"
    ),
}


def test_a_packaged_modules_quick_test_on_numpy_drawn_states_is_no_run() -> None:
    # States drawn by NumPy stand in for data as torch.randn's do: the block checks that the
    # agent runs, and the project's run is train.py.
    entries = [entry.path for entry in project(snapshot_from(AGENT_SELF_TEST)).entries]
    assert entries == ["train.py"]


def test_a_script_training_on_numpy_drawn_data_stays_a_run() -> None:
    # A script nothing imports that trains on data it draws is still run to get a result.
    code = (
        "import numpy as np\n"
        "from sklearn.linear_model import LinearRegression\n"
        "\n"
        "if __name__ == '__main__':\n"
        "    X = np.random.rand(100, 1)\n"
        "    y = 3 * X[:, 0] + np.random.randn(100)\n"
        "    print(LinearRegression().fit(X, y).coef_)\n"
    )
    entries = [entry.path for entry in project(snapshot_from({"fit.py": code})).entries]
    assert entries == ["fit.py"]
