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
