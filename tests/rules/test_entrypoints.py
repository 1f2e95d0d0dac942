"""Entry points are the scripts a user runs; a library module's self-demo is not one."""

from __future__ import annotations

from repocheck.analysis.entrypoints import project
from repocheck.model import Status
from tests.helpers import check, snapshot_from

RESNET = (
    "import torch\nimport torch.nn as nn\n\n"
    "class ResNet(nn.Module):\n    def forward(self, x):\n        return x\n\n"
    "if __name__ == '__main__':\n"
    "    net = ResNet()\n    print(net(torch.randn(1, 3, 32, 32)).size())\n"
)
MAIN = (
    "import argparse\nimport torch\nfrom models.resnet import ResNet\n\n"
    "if __name__ == '__main__':\n"
    "    args = argparse.ArgumentParser().parse_args()\n"
    "    torch.manual_seed(0)\n    net = ResNet()\n    x = torch.randn(4, 3)\n"
)


def _entries(files: dict[str, str]) -> list[str]:
    return sorted(entry.path for entry in project(snapshot_from(files)).entries)


def test_a_library_modules_self_demo_is_not_an_entry_point() -> None:
    files = {"models/__init__.py": "", "models/resnet.py": RESNET, "main.py": MAIN}
    assert _entries(files) == ["main.py"]
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.PASS, result.evidence


def test_a_self_demo_nothing_imports_deep_in_a_package_is_not_an_entry_point() -> None:
    files = {"pkg/__init__.py": "", "pkg/layers.py": RESNET}
    assert _entries(files) == []
    # Without any entry point the rule reads all code as one program, leaving out self-demos
    # and layer initialisation (the caller seeds); a library draw only warns.
    assert check("REPRO001", snapshot_from(files)).status is Status.SKIP
    library = "import random\n\ndef shuffled(xs):\n    random.shuffle(xs)\n    return xs\n"
    result = check("REPRO001", snapshot_from({**files, "pkg/data.py": library}))
    assert result.status is Status.WARN
    assert [(e.path, e.line) for e in result.evidence] == [("pkg/data.py", 4)]


def test_an_installable_librarys_draws_are_its_callers_to_seed() -> None:
    # torchsummary: setup.py ships the package, nothing in it runs on its own; the dummy input
    # its summary() draws is drawn from the generator the caller seeds (or not).
    summary = (
        "import torch\n\n"
        "def summary(model, input_size):\n"
        "    x = torch.rand(2, *input_size)\n"
        "    model(x)\n"
    )
    setup = "from setuptools import setup\nsetup(name='summary', packages=['summary'])\n"
    files = {"summary/__init__.py": "", "summary/core.py": summary, "setup.py": setup}
    assert _entries(files) == []
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.SKIP
    assert "library code its caller seeds" in result.message
    # A generator the library builds without a seed is one no caller can seed.
    private = (
        "import numpy as np\n\ndef noise(n):\n    return np.random.default_rng().normal(size=n)\n"
    )
    result = check("REPRO001", snapshot_from({**files, "summary/noise.py": private}))
    assert result.status is Status.WARN
    assert [(e.path, e.line) for e in result.evidence] == [("summary/noise.py", 4)]
    # Without the setup.py the code is not known to be a library: its draws still warn.
    files.pop("setup.py")
    assert check("REPRO001", snapshot_from(files)).status is Status.WARN


def test_scripts_a_user_runs_are_entry_points() -> None:
    demo = "import torch\n\nif __name__ == '__main__':\n    print(torch.randn(2))\n"
    trainer = (
        "import torch\n\ndef fit(model, opt, x):\n    for _ in range(3):\n"
        "        model(x).sum().backward()\n        opt.step()\n\n"
        "if __name__ == '__main__':\n    fit(model, opt, x)\n"
    )
    parsed = "import argparse\n" + demo
    files = {
        "scripts/sample.py": parsed,  # it reads a command line
        "pkg/__init__.py": "",
        "pkg/readme_named.py": demo,  # the README runs it
        "pkg/trainer.py": trainer,  # it trains
        "demo.py": demo,  # none of these: where a file sits decides nothing
        "scripts/quiet.py": demo,
        "README.md": "Sample with\n\n    python -m pkg.readme_named --n 3\n",
    }
    assert _entries(files) == ["pkg/readme_named.py", "pkg/trainer.py", "scripts/sample.py"]


def test_a_readme_command_names_an_imported_module_as_a_script() -> None:
    files = {
        "models/__init__.py": "",
        "models/resnet.py": RESNET,
        "main.py": MAIN,
        "README.md": "```\npython models/resnet.py --demo\n```\n",
    }
    assert _entries(files) == ["main.py", "models/resnet.py"]


def test_a_module_with_no_main_block_that_a_command_runs_is_a_script() -> None:
    # Rap-lyrics generation: train_model.sh runs `python rnn.py`, whose top level trains;
    # train_cont.py imports it too. Both run rnn.py's code; rnn.py is an entry point itself.
    rnn = "import random\n\nrandom.shuffle(LINES)\nfor epoch in range(3):\n    fit(epoch)\n"
    cont = "import sys\nimport rnn\n\nrnn.fit(int(sys.argv[1]))\n"
    files = {"rnn.py": rnn, "train_cont.py": cont, "train_model.sh": "python rnn.py\n"}
    assert _entries(files) == ["rnn.py", "train_cont.py"]
    # Not run by any command, the imported module stays the importer's code.
    del files["train_model.sh"]
    assert _entries(files) == ["train_cont.py"]


def test_a_bare_script_name_runs_the_one_file_of_that_name() -> None:
    # "Go to scripts/ and run `python3 evaluation.py`": the only evaluation.py is meant.
    demo = "import torch\n\nif __name__ == '__main__':\n    print(torch.randn(2))\n"
    files = {
        "scripts/evaluation.py": demo,
        "README.md": "Go to `scripts/`, then\n\n    python3 evaluation.py\n",
    }
    assert _entries(files) == ["scripts/evaluation.py"]
    # Two files of that name: which one is meant is not said, so neither is taken.
    assert _entries({**files, "old/evaluation.py": demo}) == []


def test_another_modules_main_block_is_never_on_a_scripts_path() -> None:
    utils = (
        "import argparse\n\ndef helper():\n    return 1\n\n"
        "if __name__ == '__main__':\n    argparse.ArgumentParser().parse_args()\n"
    )
    train = (
        "import torch\nfrom utils import helper\n\n"
        "for epoch in range(10):\n    loss = model(x)\n    loss.backward()\n"
        "    optimizer.step()\n"
    )
    result = check("REPRO006", snapshot_from({"utils.py": utils, "train.py": train}))
    assert result.status is Status.WARN
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 4)]


def test_an_imported_modules_main_block_counts_only_when_it_is_a_run() -> None:
    # A library module that trains, whose main block is a self-check on made-up input.
    classifier = (
        "import argparse\nimport torch\n\n"
        "def fit(model, opt, loader):\n    for x, y in loader:\n"
        "        model(x).sum().backward()\n        opt.step()\n\n"
        "def _self_check():\n    x = torch.randn(4, 3)\n    assert x.shape == (4, 3)\n\n"
        "if __name__ == '__main__':\n    _self_check()\n"
    )
    user = "import classifier\n\nclassifier.fit(model, opt, loader)\n"
    files = {"classifier.py": classifier, "scripts/run.py": user}
    assert _entries(files) == ["scripts/run.py"]
    # Its main block runs main(), which parses arguments: a script others also import from.
    cli = classifier.replace(
        "if __name__ == '__main__':\n    _self_check()\n",
        "def main():\n    argparse.ArgumentParser().parse_args()\n\n"
        "if __name__ == '__main__':\n    main()\n",
    )
    assert _entries({**files, "classifier.py": cli}) == ["classifier.py", "scripts/run.py"]


def test_a_package_modules_main_reaching_its_parser_through_helpers_is_a_run() -> None:
    # python -m nanogpt.train: main() calls _parse_args() and train(), which trains; the
    # parser and the loop sit two calls below the main block.
    train = (
        "import argparse\nimport torch\n\n\n"
        "def train(lr):\n    torch.manual_seed(0)\n    model = torch.nn.Linear(2, 2)\n"
        "    opt = torch.optim.SGD(model.parameters(), lr=lr)\n"
        "    for _ in range(3):\n        opt.zero_grad()\n"
        "        model(torch.ones(1, 2)).sum().backward()\n        opt.step()\n\n\n"
        "def _parse_args():\n    p = argparse.ArgumentParser()\n"
        "    p.add_argument('--lr', type=float, default=0.1)\n    return p.parse_args()\n\n\n"
        "def main():\n    args = _parse_args()\n    train(args.lr)\n\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    files = {"src/nanogpt/__init__.py": "", "src/nanogpt/train.py": train}
    assert _entries(files) == ["src/nanogpt/train.py"]
    assert check("REPRO006", snapshot_from(files)).status is Status.PASS


def test_a_main_block_loading_its_runs_config_is_a_script() -> None:
    infer = (
        "from omegaconf import OmegaConf\nimport torch\n\n"
        "if __name__ == '__main__':\n    cfg = OmegaConf.load('infer.yaml')\n"
        "    print(torch.randn(cfg.n))\n"
    )
    assert _entries({"src/infer.py": infer}) == ["src/infer.py"]


def test_a_package_modules_demo_training_on_made_up_data_is_not_a_run() -> None:
    # denoising-diffusion-pytorch's modules end with a usage demo: build, one step on
    # torch.randn "images", sample.
    module = (
        "import torch\n\nclass Diffusion(torch.nn.Module):\n    pass\n\n"
        "if __name__ == '__main__':\n    diffusion = Diffusion()\n"
        "    images = torch.randn(8, 3, 128, 128)\n    loss = diffusion(images)\n"
        "    loss.backward()\n"
    )
    files = {"diffusion/__init__.py": "", "diffusion/guided.py": module}
    assert _entries(files) == []
    parsed = "import argparse\n" + module.replace(
        "    diffusion = Diffusion()\n",
        "    args = argparse.ArgumentParser().parse_args()\n    diffusion = Diffusion()\n",
    )
    assert _entries({**files, "diffusion/guided.py": parsed}) == ["diffusion/guided.py"]
    # The same file alone at the top of a repository is a script that trains.
    assert _entries({"guided.py": module}) == ["guided.py"]


def test_a_main_block_that_writes_a_result_to_a_file_is_an_entry_point() -> None:
    # A data-preparation script in a package: it neither trains nor reads a command line,
    # but it is run for the file it writes (the folds every training run then reads).
    folds = (
        "import pandas as pd\n\nif __name__ == '__main__':\n"
        "    df = pd.read_csv('train.csv').sample(frac=1)\n    df.to_csv('folds.csv')\n"
    )
    files = {"src/__init__.py": "", "src/create_folds.py": folds, "src/models.py": RESNET}
    assert _entries(files) == ["src/create_folds.py"]
    assert _entries({"create_folds.py": folds}) == ["create_folds.py"]


def test_a_command_a_cli_loads_from_a_plugin_folder_is_an_entry_point() -> None:
    # main.py builds its click group from the modules of commands/ (import_module by name):
    # no import reaches commands/train.py, yet `python main.py train` runs its command.
    files = {
        "main.py": (
            "import click\nfrom importlib import import_module\n\n"
            "@click.group()\ndef main():\n    pass\n\n"
            "for name in ['train']:\n"
            "    main.add_command(getattr(import_module(f'commands.{name}'), name))\n\n"
            "if __name__ == '__main__':\n    main()\n"
        ),
        "commands/__init__.py": "",
        "commands/train.py": (
            "import click\nimport torch\n\n"
            "@click.command()\n@click.option('--lr', type=float, default=0.1)\n"
            "def train(lr):\n"
            "    model = torch.nn.Linear(3, 1)\n"
            "    opt = torch.optim.SGD(model.parameters(), lr=lr)\n"
            "    for step in range(10):\n"
            "        opt.zero_grad()\n"
            "        loss = model(torch.ones(2, 3)).sum()\n"
            "        loss.backward()\n"
            "        opt.step()\n"
        ),
        "commands/helpers.py": "import click\n\ndef clamp(x):\n    return x\n",
    }
    assert _entries(files) == ["commands/train.py", "main.py"]
    result = check("REPRO006", snapshot_from(files))
    assert result.status is Status.PASS and "click" in result.message
    # The unseeded weights the command draws are on a path now, not "no draw".
    assert check("REPRO001", snapshot_from(files)).status in (Status.WARN, Status.FAIL)


def test_a_command_nothing_adds_or_loads_by_name_is_not_an_entry_point() -> None:
    # main.py adds the commands it imports; view.py's command is added nowhere, and nothing
    # loads a module by name: no run reaches it, whatever it draws.
    files = {
        "main.py": (
            "import click\nfrom commands.train import train\n\n"
            "@click.group()\ndef main():\n    pass\n\n"
            "main.add_command(train)\n\n"
            "if __name__ == '__main__':\n    main()\n"
        ),
        "commands/__init__.py": "",
        "commands/train.py": (
            "import click\n\n@click.command()\ndef train():\n    print('training')\n"
        ),
        "commands/view.py": (
            "import random\nimport click\n\n"
            "@click.command()\ndef view():\n    print(random.randint(0, 9))\n"
        ),
    }
    assert _entries(files) == ["main.py"]
    assert check("REPRO001", snapshot_from(files)).status is Status.SKIP
    # Where the project adds no command by hand, a framework may load the module from a
    # folder (a plugin or DAG folder): the command stays a way the code runs.
    alone = {"commands/__init__.py": "", "commands/view.py": files["commands/view.py"]}
    assert _entries(alone) == ["commands/view.py"]


PIPELINE = (
    "import torch\n\n"
    "class Pipeline:\n"
    "    def __init__(self, model):\n        self.model = model\n\n"
    "    def train_model(self, optimizer_cls):\n"
    "        optimizer = optimizer_cls(self.model.parameters())\n"
    "        for x, y in [(torch.ones(2), torch.ones(1))]:\n"
    "            loss = (self.model(x) - y).pow(2).sum()\n"
    "            loss.backward()\n            optimizer.step()\n"
)
CLASSIFIER = (
    "import torch.nn as nn\n\n"
    "class Classifier(nn.Module):\n"
    "    def __init__(self):\n        super().__init__()\n        self.linear = nn.Linear(2, 1)\n"
)


def test_a_main_block_handing_its_run_to_the_projects_training_code_is_an_entry_point() -> None:
    # run.py reads no command line and does not train itself: it builds the project's
    # Pipeline, whose method trains, behind `if __name__ == "__main__":`.
    run = (
        "import torch.optim as optim\n"
        "from classifiers import Classifier\nfrom pipeline import Pipeline\n\n"
        "def run():\n"
        "    pipeline = Pipeline(Classifier())\n    pipeline.train_model(optim.Adam)\n\n"
        "if __name__ == '__main__':\n    run()\n"
    )
    files = {"pipeline.py": PIPELINE, "classifiers.py": CLASSIFIER, "run.py": run}
    assert _entries(files) == ["run.py"]
    assert check("REPRO002", snapshot_from(files)).status is Status.PASS  # on the CPU
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.FAIL  # nothing seeds torch
    assert ("classifiers.py", 6) in [(e.path, e.line) for e in result.evidence]
    # Only a direct import counts: through a chain of imports, a library's every module
    # reaches some training code, and its tool scripts are no runs.
    facade = "from pipeline import Pipeline\n\ndef describe():\n    print(Pipeline)\n"
    tool = "from facade import describe\n\nif __name__ == '__main__':\n    describe()\n"
    chained = {**files, "facade.py": facade, "tools/check.py": tool}
    assert _entries(chained) == ["run.py"]


def test_a_main_block_handing_its_run_to_training_code_it_star_imports_is_an_entry_point() -> None:
    # Main/main.py takes `training` from a sibling module with `from training import *` and
    # calls it from main(); training.py steps a TF2 optimizer under a GradientTape.
    training = (
        "import tensorflow as tf\n\n"
        "def train_step(model, optimizer, x, y):\n"
        "    with tf.GradientTape() as tape:\n        loss = tf.reduce_mean((model(x) - y) ** 2)\n"
        "    grads = tape.gradient(loss, model.trainable_variables)\n"
        "    optimizer.apply_gradients(zip(grads, model.trainable_variables))\n\n"
        "def training(model, data):\n"
        "    optimizer = tf.keras.optimizers.Adam()\n"
        "    for x, y in data.shuffle(1000).batch(8):\n"
        "        train_step(model, optimizer, x, y)\n"
    )
    main = (
        "import tensorflow as tf\nfrom training import *\n\n"
        "def main():\n"
        "    model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
        "    training(model, load())\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    files = {"Main/training.py": training, "Main/main.py": main}
    assert _entries(files) == ["Main/main.py"]
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.FAIL  # nothing seeds TensorFlow
    assert ("Main/main.py", 5) in [(e.path, e.line) for e in result.evidence]
    assert check("REPRO006", snapshot_from(files)).status is not Status.SKIP


def test_a_self_demo_importing_the_training_code_is_still_no_entry_point() -> None:
    demo = (
        "import torch\nfrom pipeline import Pipeline\nfrom classifiers import Classifier\n\n"
        "if __name__ == '__main__':\n"
        "    print(Classifier()(torch.randn(4, 2)).shape)\n"
    )
    files = {"pipeline.py": PIPELINE, "classifiers.py": CLASSIFIER, "demo.py": demo}
    assert _entries(files) == []


FIRE_MAIN = """\
import fire
import torch

def train(**kwargs):
    model = torch.nn.Linear(2, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    for x in data:
        opt.zero_grad()
        model(x).sum().backward()
        opt.step()

def _helper():
    return 1

if __name__ == '__main__':
    fire.Fire()
"""


def test_fire_without_a_component_runs_every_public_function_of_its_module() -> None:
    # `python main.py train`: fire.Fire() with nothing named exposes the module's functions,
    # so train() is on the script's path (it was read as a script that runs nothing).
    result = check("REPRO001", snapshot_from({"main.py": FIRE_MAIN}))
    assert result.status is Status.FAIL, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("main.py", 5)]
    assert check("SANITY004", snapshot_from({"main.py": FIRE_MAIN})).status is Status.PASS
    # fire.Fire(other) exposes only what it is given: train() is no command then.
    named = FIRE_MAIN.replace("fire.Fire()", "fire.Fire(_helper)")
    assert check("REPRO001", snapshot_from({"main.py": named})).status is Status.SKIP


TF_APP_RUN = """\
import tensorflow as tf

flags = tf.app.flags
flags.DEFINE_integer("steps", 10, "steps")
FLAGS = flags.FLAGS


def main(_):
    w = tf.Variable(tf.random_uniform([3, 3], -1.0, 1.0))
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(w))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(FLAGS.steps):
            sess.run(train_op)


if __name__ == "__main__":
    tf.app.run()
"""


def test_tf_app_run_without_a_function_runs_the_modules_main() -> None:
    # TensorFlow 1.x's `tf.app.run()` with no main calls the script's own main(): the
    # training in main() is on the script's path (it was read as a script that runs nothing).
    result = check("REPRO001", snapshot_from({"train.py": TF_APP_RUN}))
    assert result.status is Status.FAIL, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 9)]
    assert check("REPRO006", snapshot_from({"train.py": TF_APP_RUN})).status is Status.PASS
    # The compat spelling is the same call; a function named to run is followed as before.
    compat = TF_APP_RUN.replace("tf.app.run()", "tf.compat.v1.app.run(argv=None)")
    assert check("REPRO001", snapshot_from({"train.py": compat})).status is Status.FAIL
    # Another function handed to run leaves main() unreached.
    other = TF_APP_RUN.replace("tf.app.run()", "tf.app.run(main=print)")
    assert check("REPRO001", snapshot_from({"train.py": other})).status is Status.SKIP


def test_a_package_script_handing_its_run_to_an_imported_trainer_is_a_run() -> None:
    # src/cli/run_training.py (python -m src.cli.run_training): its main() builds a Hugging
    # Face Trainer through the project's helpers and trains it with their train_model().
    trainer = (
        "from transformers import Trainer, TrainingArguments\n\n\n"
        "def create_trainer(model, dataset):\n"
        "    args = TrainingArguments(output_dir='out', learning_rate=2e-4)\n"
        "    return Trainer(model=model, args=args, train_dataset=dataset)\n\n\n"
        "def train_model(trainer):\n    return trainer.train()\n"
    )
    cli = (
        "from src.training.trainer import create_trainer, train_model\n\n\n"
        "def main():\n    trainer = create_trainer(None, None)\n    train_model(trainer)\n\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    files = {
        "src/__init__.py": "",
        "src/cli/__init__.py": "",
        "src/cli/run_training.py": cli,
        "src/training/__init__.py": "",
        "src/training/trainer.py": trainer,
    }
    assert _entries(files) == ["src/cli/run_training.py"]
    result = check("REPRO002", snapshot_from(files))
    assert result.status is not Status.SKIP
    # A module the project imports is library code: its main block must itself be a run.
    uses = "from src.cli.run_training import main\n\nmain()\n"
    assert "src/cli/run_training.py" not in _entries({**files, "run.py": uses})


def test_a_script_another_script_imports_helpers_from_is_still_a_run() -> None:
    # scripts/train_models.py: its main() trains through src/forecasting/lstm.py's
    # train_lstm(); scripts/evaluate.py imports only its data loader, so the training run is
    # the script's own and no importer makes it.
    trainer = (
        "import torch\n\n\n"
        "def train_lstm(model, batches):\n"
        "    optimizer = torch.optim.Adam(model.parameters())\n"
        "    for x, y in batches:\n"
        "        optimizer.zero_grad()\n"
        "        loss = torch.nn.functional.mse_loss(model(x), y)\n"
        "        loss.backward()\n"
        "        optimizer.step()\n"
        "    return model\n"
    )
    script = (
        "import numpy as np\n\n"
        "from src.forecasting.lstm import train_lstm\n\n\n"
        "def load_data():\n    return np.load('windows.npy')\n\n\n"
        "def main():\n    train_lstm(None, load_data())\n\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    evaluate = (
        "import torch\n\n"
        "from scripts.train_models import load_data\n\n"
        "if __name__ == '__main__':\n"
        "    model = torch.load('lstm.pt')\n"
        "    print(model(load_data()))\n"
    )
    files = {
        "src/forecasting/lstm.py": trainer,
        "scripts/train_models.py": script,
        "scripts/evaluate.py": evaluate,
    }
    assert "scripts/train_models.py" in _entries(files)
    assert check("REPRO002", snapshot_from(files)).status is not Status.SKIP
    # An importer that runs the script's main() itself makes the run: the script stays library.
    runs_main = evaluate.replace("import load_data", "import load_data, main")
    runs_main = runs_main.replace("print(model(load_data()))", "main()")
    assert "scripts/train_models.py" not in _entries({**files, "scripts/evaluate.py": runs_main})


def test_a_package_script_running_its_own_class_that_trains_through_an_import_is_a_run() -> None:
    # src/pipeline/train_pipeline.py: its main block builds the module's TrainPipeline and
    # calls train(), which hands the data to the imported ModelTrainer that fits a forest.
    trainer = (
        "from sklearn.ensemble import RandomForestClassifier\n\n\n"
        "class ModelTrainer:\n"
        "    def apply_model_trainer(self, X, y):\n"
        "        model = RandomForestClassifier(max_depth=7)\n"
        "        model.fit(X, y)\n        return model\n"
    )
    pipeline = (
        "from src.components.model_trainer import ModelTrainer\n\n\n"
        "class TrainPipeline:\n"
        "    def train(self):\n"
        "        return ModelTrainer().apply_model_trainer([[0]], [0])\n\n\n"
        "if __name__ == '__main__':\n    train_pipeline = TrainPipeline()\n"
        "    train_pipeline.train()\n"
    )
    files = {
        "src/__init__.py": "",
        "src/components/__init__.py": "",
        "src/components/model_trainer.py": trainer,
        "src/pipeline/__init__.py": "",
        "src/pipeline/train_pipeline.py": pipeline,
    }
    assert _entries(files) == ["src/pipeline/train_pipeline.py"]
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.FAIL, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("src/components/model_trainer.py", 6)]
    # A class the main block never builds is not on its path.
    idle = pipeline.replace(
        "    train_pipeline = TrainPipeline()\n    train_pipeline.train()\n", "    print('ok')\n"
    )
    assert _entries({**files, "src/pipeline/train_pipeline.py": idle}) == []


FLOWER_PYPROJECT = """\
[project]
name = "fedapp"
dependencies = ["flwr", "torch"]

[tool.flwr.app.components]
serverapp = "fedapp.server_app:app"
clientapp = "fedapp.client_app:app"
"""
FLOWER_CLIENT = """\
import random

from flwr.client import ClientApp, NumPyClient


class FlowerClient(NumPyClient):
    def fit(self, parameters, config):
        lr = random.choice([0.003, 0.004])
        return parameters, 1, {"lr": lr}


def client_fn(context):
    return FlowerClient().to_client()


app = ClientApp(client_fn=client_fn)
"""
FLOWER_SERVER = """\
import random

from flwr.server import ServerApp, ServerAppComponents
from flwr.server.strategy import FedAvg


class PickAttackers(FedAvg):
    def configure_fit(self, server_round, parameters, client_manager):
        self.attackers = random.sample(range(10), 2)
        return super().configure_fit(server_round, parameters, client_manager)


def server_fn(context):
    return ServerAppComponents(strategy=PickAttackers())


app = ServerApp(server_fn=server_fn)
"""


def test_a_flower_apps_components_are_entry_points_and_their_hooks_run() -> None:
    # `flwr run .` loads the modules pyproject names and calls what their apps were handed;
    # Flower calls the client's fit and the strategy's configure_fit every round.
    files = {
        "pyproject.toml": FLOWER_PYPROJECT,
        "fedapp/__init__.py": "",
        "fedapp/client_app.py": FLOWER_CLIENT,
        "fedapp/server_app.py": FLOWER_SERVER,
    }
    assert _entries(files) == ["fedapp/client_app.py", "fedapp/server_app.py"]
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.FAIL, result.message
    assert [(e.path, e.line) for e in result.evidence] == [
        ("fedapp/client_app.py", 8),
        ("fedapp/server_app.py", 9),
    ]


def test_a_method_named_like_a_flower_hook_runs_only_on_a_flower_class() -> None:
    # `fit` is no hook of a class of one's own: nothing calls it here.
    own = FLOWER_CLIENT.replace("from flwr.client import ClientApp, NumPyClient", "")
    own = own.replace("(NumPyClient)", "").replace("ClientApp(", "dict(")
    files = {
        "pyproject.toml": FLOWER_PYPROJECT,
        "fedapp/__init__.py": "",
        "fedapp/client_app.py": own,
    }
    assert _entries(files) == ["fedapp/client_app.py"]
    result = check("REPRO001", snapshot_from(files))
    assert "fedapp/client_app.py" not in {e.path for e in result.evidence}, result.evidence


def test_a_pipeline_file_naming_its_script_through_variables_runs_it() -> None:
    # The Makefile's tune target runs experiments/train_with_optuna.py through make variables;
    # train_final_model.py imports the split from it, and its main block runs the unseeded
    # study.
    tune = (
        "import optuna\nfrom torch.utils.data import random_split\n\n"
        "train, test = random_split(list(range(10)), [8, 2])\n\n"
        "def objective(trial):\n    return trial.suggest_float('lr', 1e-4, 1e-1)\n\n"
        "if __name__ == '__main__':\n"
        "    study = optuna.create_study(direction='maximize')\n"
        "    study.optimize(objective, n_trials=10)\n"
    )
    final = "from train_with_optuna import train, test\nprint(train, test)\n"
    makefile = (
        "PYTHON = ../venv/Scripts/python.exe\nSRC_DIR = .\n"
        "EXPERIMENTS_DIR = $(SRC_DIR)/experiments\nPYTHON=python\n\n"
        "tune:\n\t$(PYTHON) $(EXPERIMENTS_DIR)/train_with_optuna.py\n"
    )
    files = {
        "experiments/train_with_optuna.py": tune,
        "experiments/train_final_model.py": final,
    }
    assert _entries(files) == ["experiments/train_final_model.py"]
    ran = {**files, "Makefile": makefile}
    assert _entries(ran) == [
        "experiments/train_final_model.py",
        "experiments/train_with_optuna.py",
    ]
    result = check("REPRO001", snapshot_from(ran))
    assert "Optuna" in result.message, result.message
    # A shell script's ${VAR} and $VAR, and a folder variable set outside the file (the
    # script's own name decides when only one file has it).
    for script in (
        'ROOT="."\nEXP=${ROOT}/experiments\npython "$EXP/train_with_optuna.py"\n',
        "python $PROJECT_DIR/experiments/train_with_optuna.py --trials 5\n",
        "PY=../venv/bin/python\n$PY experiments/train_with_optuna.py\n",  # a venv's python
    ):
        assert "experiments/train_with_optuna.py" in _entries({**files, "tune.sh": script})


def test_a_made_up_tensor_only_exported_with_the_model_leaves_a_training_run_a_run() -> None:
    # train.py trains on the project's data through Pipeline, and builds an empty tensor only
    # as the example input of torch.onnx.export (moved to the device first): the export's
    # stand-in, not the data a demo runs on. The same tensor fed to the model is a demo.
    run = (
        "import torch\nfrom classifiers import Classifier\nfrom pipeline import Pipeline\n\n"
        "if __name__ == '__main__':\n"
        "    model = Classifier()\n"
        "    dummy = torch.empty((32, 2))\n    dummy.to('cpu')\n"
        "    torch.onnx.export(model, dummy, 'model/empty.onnx')\n"
        "    Pipeline(model).train_model(torch.optim.Adam)\n"
        "    torch.onnx.export(model, args=(dummy,), f='model/best.onnx')\n"
    )
    files = {"pipeline.py": PIPELINE, "classifiers.py": CLASSIFIER, "train.py": run}
    assert _entries(files) == ["train.py"]
    result = check("REPRO001", snapshot_from(files))
    assert ("classifiers.py", 6) in [(e.path, e.line) for e in result.evidence]
    demo = run.replace("    dummy.to('cpu')\n", "    print(model(dummy))\n")
    assert _entries({**files, "train.py": demo}) == []


def test_a_main_block_running_a_trainer_its_package_re_exports_is_an_entry_point() -> None:
    # A learner's video predictor: experiments/toy/main.py draws its training clips with
    # np.random and trains the VideoPredictor that vp/__init__.py re-exports from
    # vp/model.py, a GradientTape loop with apply_gradients.
    model = (
        "import tensorflow as tf\n\n\n"
        "class VideoPredictor:\n"
        "    def __init__(self):\n"
        "        self.net = tf.keras.layers.Dense(4)\n"
        "        self.optimizer = tf.keras.optimizers.Adam()\n\n"
        "    def train(self, x, y, epochs):\n"
        "        for _ in range(epochs):\n"
        "            with tf.GradientTape() as tape:\n"
        "                loss = tf.reduce_mean((self.net(x) - y) ** 2)\n"
        "            grads = tape.gradient(loss, self.net.trainable_variables)\n"
        "            self.optimizer.apply_gradients(zip(grads, self.net.trainable_variables))\n"
    )
    main = (
        "import numpy as np\nfrom vp import VideoPredictor\n\n\n"
        "def make_clips(n):\n"
        "    starts = np.random.randint(0, 60, size=n)\n"
        "    return np.stack([np.roll(np.eye(64), s) for s in starts])\n\n\n"
        "def main():\n"
        "    clips = make_clips(100)\n"
        "    VideoPredictor().train(clips[:, :5], clips[:, 5:], 10)\n\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    files = {
        "vp/__init__.py": "from .model import VideoPredictor\n",
        "vp/model.py": model,
        "experiments/toy/main.py": main,
    }
    assert _entries(files) == ["experiments/toy/main.py"]
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.FAIL, result.message
    assert ("experiments/toy/main.py", 6) in [(e.path, e.line) for e in result.evidence]
    # A package whose __init__ re-exports only a helper that trains nothing hands no run on.
    helper = "def VideoPredictor():\n    return None\n"
    assert _entries({**files, "vp/model.py": helper}) == []
