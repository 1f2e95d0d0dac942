"""Which random draws on an entry point's path can change its result (REPRO001)."""

from __future__ import annotations

import json

from repocheck.model import Status
from tests.helpers import check, snapshot_from

NET = (
    "import torch\nimport torch.nn as nn\n\n"
    "class Net(nn.Module):\n"
    "    def __init__(self):\n        super().__init__()\n"
    "        self.fc = nn.Linear(2, 2)\n"
    "        nn.init.normal_(self.fc.weight)\n\n"
    "    def forward(self, x):\n        return self.fc(x)\n"
)


def notebook(*cells: str) -> str:
    raw = [
        {"cell_type": "code", "execution_count": i + 1, "metadata": {}, "outputs": [], "source": c}
        for i, c in enumerate(cells)
    ]
    return json.dumps({"cells": raw, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_a_shuffling_dataloader_draws_when_iterated_not_when_built() -> None:
    train = (
        "import torch\nfrom torch.utils.data import DataLoader, RandomSampler\n\n"
        "loader = DataLoader(ds, batch_size=8, shuffle=True)\n"
        "sampled = DataLoader(ds, sampler=RandomSampler(ds))\n"
        "torch.manual_seed(0)\n"
        "for x in loader:\n    pass\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": train}))
    assert result.status is Status.PASS, result.evidence
    unseeded = train.replace("torch.manual_seed(0)\n", "")
    result = check("REPRO001", snapshot_from({"train.py": unseeded}))
    assert result.status is Status.FAIL
    assert [e.line for e in result.evidence] == [4, 5]


def test_weights_loaded_after_building_the_model_are_not_drawn() -> None:
    predict = (
        "import argparse\nimport torch\nfrom net import Net\n\n"
        "if __name__ == '__main__':\n"
        "    args = argparse.ArgumentParser().parse_args()\n"
        "    model = Net()\n"
        "    model.load_state_dict(torch.load(args.weights))\n"
        "    model(x).sum().backward()\n"
    )
    # Fine-tuning loaded weights: the initial draw is overwritten before it matters.
    result = check("REPRO001", snapshot_from({"net.py": NET, "predict.py": predict}))
    assert result.status is Status.SKIP, result.evidence
    # Loading only when resuming leaves the drawn weights in use otherwise.
    resumed = predict.replace(
        "    model.load_state_dict", "    if args.resume:\n        model.load"
    )
    result = check("REPRO001", snapshot_from({"net.py": NET, "predict.py": resumed}))
    assert result.status is Status.FAIL
    assert [(e.path, e.line) for e in result.evidence] == [("net.py", 7), ("net.py", 8)]


def test_parameters_drawn_in_a_constructor_are_initialisation() -> None:
    embedding = (
        "import torch\nfrom torch import nn\n\nclass Pos(nn.Module):\n"
        "    def __init__(self):\n        super().__init__()\n"
        "        self.pos = nn.Parameter(torch.randn(16, 8))\n"
    )
    run = (
        "import sys\nimport torch\nfrom pos import Pos\n\n"
        "if __name__ == '__main__':\n    model = Pos()\n"
        "    model.load_state_dict(torch.load(sys.argv[1]))\n"
        "    model(x).sum().backward()\n"
    )
    result = check("REPRO001", snapshot_from({"pos.py": embedding, "run.py": run}))
    assert result.status is Status.SKIP, result.evidence
    trained = run.replace("    model.load_state_dict(torch.load(sys.argv[1]))\n", "")
    result = check("REPRO001", snapshot_from({"pos.py": embedding, "run.py": trained}))
    assert result.status is Status.FAIL
    assert [(e.path, e.line) for e in result.evidence] == [("pos.py", 7)]


def test_a_hand_written_initialiser_draws_initial_weights() -> None:
    # A helper named for initialising fills the tensor it is given, as nn.init.uniform_ does.
    layers = (
        "import math\nimport torch\nfrom torch import nn\n\n"
        "@torch.no_grad()\n"
        "def variance_scaling_init_(tensor, scale=1):\n"
        "    bound = math.sqrt(3 * scale)\n"
        "    return tensor.uniform_(-bound, bound)\n\n"
        "def scaled_noise_(tensor):\n    return tensor.normal_(0, 1)\n\n"
        "class Net(nn.Module):\n"
        "    def __init__(self):\n        super().__init__()\n"
        "        self.fc = nn.Linear(2, 2)\n"
        "        variance_scaling_init_(self.fc.weight)\n\n"
        "    def forward(self, x):\n        return self.fc(x)\n"
    )
    run = (
        "import sys\nimport torch\nfrom layers import Net\n\n"
        "if __name__ == '__main__':\n    model = Net()\n"
        "    model.load_state_dict(torch.load(sys.argv[1]))\n"
        "    print(model(torch.ones(1, 2)))\n"
    )
    result = check("REPRO001", snapshot_from({"layers.py": layers, "run.py": run}))
    assert result.status is Status.SKIP, result.evidence
    # Without the load, the drawn weights are the model's: the draw still counts.
    trained = run.replace(
        "    model.load_state_dict(torch.load(sys.argv[1]))\n    print(model(torch.ones(1, 2)))\n",
        "    model(torch.ones(1, 2)).sum().backward()\n",
    )
    result = check("REPRO001", snapshot_from({"layers.py": layers, "run.py": trained}))
    assert result.status is Status.FAIL
    assert [(e.path, e.line) for e in result.evidence] == [("layers.py", 8), ("layers.py", 16)]
    # A helper not named for initialising draws noise, not weights: loading does not cover it.
    noisy = layers.replace("variance_scaling_init_(self", "scaled_noise_(self")
    result = check("REPRO001", snapshot_from({"layers.py": noisy, "run.py": run}))
    assert result.status is not Status.SKIP
    assert [(e.path, e.line) for e in result.evidence] == [("layers.py", 11)]


def test_weights_loaded_after_an_if_that_picks_the_architecture_are_not_drawn() -> None:
    # A loader builds the model its saved config names, in the branches of an if, and loads
    # the saved weights into it after the if: no branch's drawn weights reach the caller,
    # which here trains on (fine-tunes) what it loaded.
    loader = (
        "import torch\nfrom net import Net\n\n"
        "def load_model(path, kind):\n"
        "    if kind == 'net':\n        model = Net()\n"
        "    else:\n        model = torch.nn.Linear(2, 2)\n"
        "    model.load_state_dict(torch.load(path))\n"
        "    return model\n"
    )
    run = (
        "import sys\nfrom loader import load_model\n\n"
        "if __name__ == '__main__':\n"
        "    model = load_model(sys.argv[1], sys.argv[2])\n"
        "    model(x).sum().backward()\n"
    )
    files = {"net.py": NET, "loader.py": loader, "run.py": run}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.SKIP, result.evidence
    # Loading only on one branch leaves the other branch's drawn weights in use.
    one = loader.replace(
        "    model.load_state_dict(torch.load(path))\n",
        "        model.load_state_dict(torch.load(path))\n",
    )
    result = check("REPRO001", snapshot_from({**files, "loader.py": one}))
    assert result.status is Status.FAIL
    assert [(e.path, e.line) for e in result.evidence] == [("net.py", 7), ("net.py", 8)]
    # A branch that trains its model before the load trained from the drawn weights.
    trained = loader.replace(
        "        model = Net()\n", "        model = Net()\n        fit(model)\n"
    )
    result = check("REPRO001", snapshot_from({**files, "loader.py": trained}))
    assert result.status is Status.FAIL


def test_weights_loaded_in_a_try_block_are_not_drawn() -> None:
    app = (
        "import torch\nfrom net import Net\n\n"
        "class Predictor:\n    def __init__(self, path):\n"
        "        self.model = Net().to('cpu')\n"
        "        try:\n"
        "            self.model.load_state_dict(torch.load(path))\n"
        "        except OSError as error:\n            raise RuntimeError(path) from error\n\n"
        "if __name__ == '__main__':\n    import sys\n    predictor = Predictor(sys.argv[1])\n"
        "    predictor.model(x).sum().backward()\n"
    )
    result = check("REPRO001", snapshot_from({"net.py": NET, "app.py": app}))
    assert result.status is Status.SKIP, result.evidence


def test_initialisation_counts_only_on_a_path_that_trains() -> None:
    # A script that builds the model and exports or inspects it uses no drawn weight for a
    # result; weights may come in a way not seen (a helper, a resumed run).
    export = (
        "import argparse\nimport torch\nfrom net import Net\n\n"
        "if __name__ == '__main__':\n    args = argparse.ArgumentParser().parse_args()\n"
        "    model = Net()\n    print(sum(p.numel() for p in model.parameters()))\n"
    )
    result = check("REPRO001", snapshot_from({"net.py": NET, "count.py": export}))
    assert result.status is Status.SKIP, result.evidence
    trained = export + "    model(x).sum().backward()\n"
    result = check("REPRO001", snapshot_from({"net.py": NET, "count.py": trained}))
    assert result.status is Status.FAIL
    assert [(e.path, e.line) for e in result.evidence] == [("net.py", 7), ("net.py", 8)]


def test_a_notebook_loading_weights_a_cell_later_draws_nothing() -> None:
    cells = (
        "from net import Net\nmodel = Net()\n",
        "model.load_state_dict(sd)\nmodel(x).sum().backward()\n",
    )
    result = check("REPRO001", snapshot_from({"net.py": NET, "use.ipynb": notebook(*cells)}))
    assert result.status is Status.SKIP


def test_an_unused_generator_object_is_not_a_draw() -> None:
    code = (
        "import argparse\nimport random\nimport numpy as np\n\n"
        "_rng = random.Random()\nstate = np.random.RandomState()\n\n"
        "if __name__ == '__main__':\n    argparse.ArgumentParser().parse_args()\n"
    )
    result = check("REPRO001", snapshot_from({"tool.py": code}))
    assert result.status is Status.SKIP
    used = code + "    print(_rng.random())\n"
    result = check("REPRO001", snapshot_from({"tool.py": used}))
    assert result.status is Status.FAIL
    assert [e.snippet for e in result.evidence] == ["random.Random()"]


def test_naming_a_class_does_not_build_it() -> None:
    load = (
        "import argparse\nimport torch\nfrom net import Net\n\n"
        "torch.serialization.add_safe_globals([Net])\n"
        "kinds = {'net': Net}\n"
        "if __name__ == '__main__':\n    argparse.ArgumentParser().parse_args()\n"
    )
    result = check("REPRO001", snapshot_from({"net.py": NET, "load.py": load}))
    assert result.status is Status.SKIP


def test_an_unseeded_notebook_that_builds_and_trains_a_model_fails() -> None:
    cells = (
        "import torch\nfrom torch import nn\n",
        "model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))\n"
        "opt = torch.optim.SGD(model.parameters(), lr=0.1)\n",
        "for step in range(100):\n    loss = model(x).pow(2).mean()\n"
        "    opt.zero_grad()\n    loss.backward()\n    opt.step()\n",
    )
    result = check("REPRO001", snapshot_from({"train.ipynb": notebook(*cells)}))
    assert result.status is Status.FAIL
    assert [(e.cell, e.line) for e in result.evidence] == [(1, 1), (1, 1)]
    seeded = ("import torch\nfrom torch import nn\ntorch.manual_seed(0)\n", *cells[1:])
    result = check("REPRO001", snapshot_from({"train.ipynb": notebook(*seeded)}))
    assert result.status is Status.PASS


def test_an_example_input_for_tracing_is_not_a_result_changing_draw() -> None:
    convert = (
        "import torch\nfrom torchvision import models\n\n"
        "model = models.resnet18(weights='IMAGENET1K_V1')\n"
        "example = torch.rand(1, 3, 224, 224)\n"
        "torch.jit.trace(model, example).save('m.pt')\n"
        "torch.onnx.export(model, torch.randn(1, 3, 224, 224), 'm.onnx')\n"
    )
    result = check("REPRO001", snapshot_from({"convert.py": convert}))
    assert result.status is Status.SKIP, result.evidence
    used = convert + "print(model(example))\n"
    result = check("REPRO001", snapshot_from({"convert.py": used}))
    assert result.status is Status.FAIL
    assert [e.line for e in result.evidence] == [5]


def test_example_inputs_handed_to_torch_jit_script_are_not_result_changing_draws() -> None:
    # torch.jit.script compiles the model's code; inputs given beside it (the old positional
    # `optimize`, or `example_inputs=` for type hints) are never computed on.
    convert = (
        "import torch\nfrom model import Net\n\n"
        "net = Net()\nnet.load_state_dict(torch.load('net.pth'))\n"
        "z1 = torch.randn(1, 512)\nz2 = torch.randn(1, 512)\n"
        "scripted = torch.jit.script(net, (z1, z2))\n"
        "typed = torch.jit.script(net, example_inputs=[(torch.randn(1, 512),)])\n"
        "scripted.save('net.pt')\n"
    )
    result = check("REPRO001", snapshot_from({"script_model.py": convert}))
    assert result.status is Status.SKIP, result.evidence
    used = convert + "print(scripted(z1, z2))\n"
    result = check("REPRO001", snapshot_from({"script_model.py": used}))
    assert result.status is Status.FAIL
    assert [e.line for e in result.evidence] == [6, 7]


def test_a_permutation_read_only_for_its_length_is_not_a_result_changing_draw() -> None:
    # The split takes the first 90% of the list in file order: the shuffle never happens.
    split = (
        "import numpy as np\n\n"
        "names = sorted(open('list.txt').read().split())\n"
        "random_index = np.random.choice(len(names), len(names), replace=False)\n"
        "cut = int(0.9 * len(random_index))\n"
        "train, val = names[:cut], names[cut:]\n"
        "print(len(train), len(val), len(np.random.permutation(10)))\n"
    )
    result = check("REPRO001", snapshot_from({"split.py": split}))
    assert result.status is Status.SKIP, result.evidence
    used = split.replace("names[:cut], names[cut:]", "names[random_index[:cut]], names[cut:]")
    result = check("REPRO001", snapshot_from({"split.py": used}))
    assert result.status is Status.FAIL
    assert [e.line for e in result.evidence] == [4]


def test_a_random_input_only_measured_for_its_shape_is_not_a_result_changing_draw() -> None:
    probe = (
        "import torch\nimport torch.nn as nn\n\n"
        "def flat_size(encoder):\n"
        "    pseudo_input = torch.randn(1, 3, 32, 32)\n"
        "    output = encoder(pseudo_input)\n"
        "    return output.shape[1] * output.size(2)\n\n"
        "print(flat_size(nn.Flatten()))\n"
    )
    result = check("REPRO001", snapshot_from({"size.py": probe}))
    assert result.status is Status.SKIP, result.evidence
    returned = probe.replace("output.shape[1] * output.size(2)", "output")
    result = check("REPRO001", snapshot_from({"size.py": returned}))
    assert result.status is Status.FAIL
    assert [e.line for e in result.evidence] == [5]
    cells = (
        "import torch\nfrom torch import nn\nnet = nn.Flatten()\nx = torch.rand(2, 3)\n",
        "out = net(x)\n",
        "print(out.shape)\n",
    )
    result = check("REPRO001", snapshot_from({"shapes.ipynb": notebook(*cells)}))
    assert result.status is Status.SKIP, result.evidence
    shown = (*cells, "print(out)\n")
    result = check("REPRO001", snapshot_from({"shapes.ipynb": notebook(*shown)}))
    assert [(e.cell, e.line) for e in result.evidence] == [(0, 4)]


def test_an_export_input_also_run_once_for_nothing_is_not_a_result_changing_draw() -> None:
    convert = (
        "import torch\nfrom torchvision import models\n\n"
        "model = models.resnet18(weights='IMAGENET1K_V1')\n"
        "x = torch.randn(1, 3, 224, 224)\n"
        "torch_out = model(x)\n"
        "torch.onnx.export(model, x, 'm.onnx')\n"
    )
    result = check("REPRO001", snapshot_from({"convert.py": convert}))
    assert result.status is Status.SKIP, result.evidence
    printed = convert + "print(torch_out)\n"
    result = check("REPRO001", snapshot_from({"convert.py": printed}))
    assert result.status is Status.FAIL
    assert [e.line for e in result.evidence] == [5]


def test_an_input_only_counted_for_flops_or_summarised_is_not_a_result_changing_draw() -> None:
    # thop's profile and the summaries of pytorch_model_summary, torchsummaryX and fvcore
    # read a dummy input only to count operations and list shapes.
    info = (
        "import torch\nfrom torchvision import models\n"
        "from thop import profile\nfrom pytorch_model_summary import summary\n\n"
        "model = models.resnet18(weights='IMAGENET1K_V1').eval()\n"
        "x = torch.randn(1, 3, 1080, 1920)\n"
        "flops, params = profile(model, inputs=(x,))\n"
        "print(summary(model, x, max_depth=None, print_summary=True))\n"
    )
    result = check("REPRO001", snapshot_from({"model_info.py": info}))
    assert result.status is Status.SKIP, result.evidence
    counters = {
        "torchsummaryX": "torchsummaryX.summary(model, x)",
        "fvcore.nn": "fvcore.nn.FlopCountAnalysis(model, x).total()",
    }
    for module, call in counters.items():
        other = info.replace("summary(model, x, max_depth=None, print_summary=True)", call)
        other = other.replace("from thop", f"import {module}\nfrom thop")
        result = check("REPRO001", snapshot_from({"model_info.py": other}))
        assert result.status is Status.SKIP, (call, result.evidence)
    used = info + "print(model(x).argmax())\n"
    result = check("REPRO001", snapshot_from({"model_info.py": used}))
    assert result.status is Status.FAIL
    assert [e.line for e in result.evidence] == [7]


def test_liblinears_default_primal_solver_draws_nothing() -> None:
    code = (
        "from sklearn.linear_model import LogisticRegression\n\n"
        "LogisticRegression(solver='liblinear').fit(X, y)\n"
    )
    assert check("REPRO001", snapshot_from({"fit.py": code})).status is Status.SKIP
    for random in ("solver='liblinear', dual=True", "solver='liblinear', penalty='l1'"):
        drawn = code.replace("solver='liblinear'", random)
        assert check("REPRO001", snapshot_from({"fit.py": drawn})).status is Status.FAIL


def test_the_hugging_face_trainer_seeds_when_built() -> None:
    train = (
        "import random\nfrom transformers import Trainer, TrainingArguments\n\n"
        "trainer = Trainer(model=model, args=TrainingArguments('out'))\n"
        "subset = random.sample(rows, 100)\n"
        "trainer.train()\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": train}))
    assert result.status is Status.PASS, result.evidence
    early = train.replace("subset = random.sample(rows, 100)\n", "")
    early = early.replace(
        "trainer = Trainer(", "subset = random.sample(rows, 100)\ntrainer = Trainer("
    )
    result = check("REPRO001", snapshot_from({"train.py": early}))
    assert result.status is Status.WARN
    assert [e.snippet for e in result.evidence] == ["random.sample(rows, 100)  # before the seed"]


def test_a_seeding_helper_some_code_calls_is_not_called_idle() -> None:
    utils = "import torch\n\ndef set_seed(s):\n    torch.manual_seed(s)\n\ndef unused(s):\n"
    utils += "    torch.manual_seed(s)\n"
    demo = "from utils import set_seed\n\nif __name__ == '__main__':\n    set_seed(0)\n"
    train = "import argparse\nimport torch\n\nx = torch.randn(3)\n"
    files = {"utils.py": utils, "demo.py": demo, "train.py": train}
    result = check("REPRO001", snapshot_from(files))
    # demo.py's seed runs, so seeding is there, only not on train.py's path: a warn.
    assert result.status is Status.WARN
    assert [(e.path, e.line, e.snippet) for e in result.evidence] == [
        ("train.py", 4, "torch.randn(3)"),
        ("utils.py", 6, "def unused() seeds PyTorch but is never called"),
    ]


def test_a_seeding_helper_a_package_re_exports_seeds_the_run() -> None:
    # src/utils/__init__.py passes set_seed on from src/utils/seed.py: the call runs it.
    files = {
        "src/__init__.py": "",
        "src/utils/__init__.py": "from src.utils.seed import set_seed\n",
        "src/utils/seed.py": "import torch\n\n\ndef set_seed(seed):\n    torch.manual_seed(seed)\n",
        "src/train.py": (
            "import argparse\nfrom torch.utils.data import DataLoader\n"
            "from src.utils import set_seed\n\n\n"
            "def main():\n"
            "    args = argparse.ArgumentParser().parse_args()\n"
            "    set_seed(1)\n"
            "    loader = DataLoader(range(8), batch_size=2, shuffle=True)\n"
            "    for x in loader:\n        print(x)\n\n\n"
            "if __name__ == '__main__':\n    main()\n"
        ),
    }
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.PASS, result.evidence
    assert [(e.path, e.line) for e in result.evidence] == [("src/utils/seed.py", 5)]
    unseeded = {**files, "src/train.py": files["src/train.py"].replace("    set_seed(1)\n", "")}
    assert check("REPRO001", snapshot_from(unseeded)).status is Status.FAIL


def test_a_pytest_test_in_a_file_named_outside_the_patterns_is_not_an_idle_seeder() -> None:
    # ch04/tests.py is run as 'pytest tests.py' from its folder: its test functions seed
    # for themselves, they are not seeding helpers that nothing calls.
    tests = (
        "import pytest\nimport torch\n\n\n"
        "def test_cached_matches_uncached():\n"
        "    torch.manual_seed(123)\n    assert torch.rand(2).shape == (2,)\n"
    )
    train = "import torch\n\nx = torch.rand(3)\nprint(x)\n"
    result = check("REPRO001", snapshot_from({"ch04/tests.py": tests, "train.py": train}))
    assert result.status is Status.FAIL
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 3)]
    helper = tests.replace("import pytest\n", "").replace("def test_", "def seed_")
    result = check("REPRO001", snapshot_from({"ch04/helpers.py": helper, "train.py": train}))
    assert ("ch04/helpers.py", 4) in [(e.path, e.line) for e in result.evidence]


def test_an_entry_point_that_picks_its_class_by_name_is_not_called_seeded() -> None:
    # main.py runs the agent a config names (globals()[config.agent]): the draws of the agents
    # are not followed, so the skip says that instead of "library code its caller seeds".
    files = {
        "agents/__init__.py": "from .dqn import *\n",
        "agents/dqn.py": (
            "import random\n\n\nclass DQNAgent:\n    def run(self):\n"
            "        return random.random()\n"
        ),
        "main.py": (
            "import sys\nfrom agents import *\n\n\ndef main():\n"
            "    agent_class = globals()[sys.argv[1]]\n    agent_class().run()\n\n\n"
            "if __name__ == '__main__':\n    main()\n"
        ),
    }
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.SKIP
    assert "caller seeds" not in result.message
    assert "main.py:6 picks what it runs by name at run time" in result.message
    # getattr on a project module does the same.
    files["main.py"] = (
        files["main.py"]
        .replace("from agents import *", "import agents")
        .replace("globals()[sys.argv[1]]", "getattr(agents, sys.argv[1])")
    )
    assert "getattr(agents, sys.argv[1])" in files["main.py"]
    assert "picks what it runs by name" in check("REPRO001", snapshot_from(files)).message
    # A name written out is a call the graph can follow, not a pick.
    files["main.py"] = files["main.py"].replace("getattr(agents, sys.argv[1])", "agents.DQNAgent")
    assert "picks what it runs by name" not in check("REPRO001", snapshot_from(files)).message


def test_an_entry_point_that_imports_its_model_module_by_name_is_not_judged() -> None:
    # run.py imports models.<name> from the command line: the model's draws are not
    # followed, so the skip says so, not "no entry point makes a random draw".
    files = {
        "models/__init__.py": "",
        "models/bert.py": (
            "import torch\n\n\nclass Model(torch.nn.Module):\n    def __init__(self):\n"
            "        super().__init__()\n        self.fc = torch.nn.Linear(2, 2)\n"
        ),
        "run.py": (
            "import sys\nfrom importlib import import_module\n\n"
            "if __name__ == '__main__':\n"
            "    x = import_module('models.' + sys.argv[1])\n    model = x.Model()\n"
        ),
    }
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.SKIP
    assert "run.py:5 picks what it runs by name at run time" in result.message, result.message
    # A module named in full is an import the graph follows.
    named = files["run.py"].replace("'models.' + sys.argv[1]", "'models.bert'")
    result = check("REPRO001", snapshot_from({**files, "run.py": named}))
    assert "picks what it runs by name" not in result.message


def test_an_entry_point_that_picks_its_model_from_a_dict_of_classes_is_not_judged() -> None:
    # vae_models[config.model_type]: a key from the command line picks one of the project's
    # classes; a dict of other values (a learning-rate table) is no pick.
    files = {
        "models/__init__.py": (
            "from .vae import VAE\nfrom .conv_vae import ConvVAE\n\n"
            "vae_models = {'vae': VAE, 'conv_vae': ConvVAE}\n"
            "learning_rates = {'vae': 1e-3, 'conv_vae': 3e-4}\n"
        ),
        "models/vae.py": (
            "import torch\n\n\nclass VAE(torch.nn.Module):\n    def __init__(self):\n"
            "        super().__init__()\n        self.fc = torch.nn.Linear(2, 2)\n"
        ),
        "models/conv_vae.py": "import torch\n\n\nclass ConvVAE(torch.nn.Module):\n    pass\n",
        "train.py": (
            "import sys\nfrom models import vae_models\n\n"
            "if __name__ == '__main__':\n    model = vae_models[sys.argv[1]]()\n"
        ),
    }
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.SKIP
    assert "train.py:5 picks what it runs by name at run time" in result.message, result.message
    rates = files["train.py"].replace("vae_models", "learning_rates")
    result = check("REPRO001", snapshot_from({**files, "train.py": rates}))
    assert "picks what it runs by name" not in result.message


def test_a_factory_listed_beside_classes_in_a_table_of_models_is_not_a_callback() -> None:
    # MODELS = {"conformer": Conformer, "large": conformer_large}: the factory is built where
    # a key picks it, here by a checkpoint loader that loads saved weights into it; an
    # evaluation script that imports the loader's module does not run it by importing.
    files = {
        "pkg/__init__.py": "",
        "pkg/models.py": (
            "import torch.nn as nn\n\n\nclass Conformer(nn.Module):\n"
            "    def __init__(self, dropout=0.1):\n        super().__init__()\n"
            "        self.fc = nn.Linear(2, 2)\n\n\n"
            "def conformer_large(dropout=0.1):\n    return Conformer(dropout)\n\n\n"
            "MODELS = {'conformer': Conformer, 'large': conformer_large}\n\n\n"
            "def create_model(name, **kwargs):\n    return MODELS[name](**kwargs)\n"
        ),
        "pkg/engine.py": (
            "import torch\nfrom pkg.models import create_model\n\n\n"
            "def load_checkpoint(path):\n    payload = torch.load(path)\n"
            "    model = create_model(payload['name'])\n"
            "    model.load_state_dict(payload['state'])\n    return model.eval()\n"
        ),
        "evaluate.py": (
            "import sys\nfrom sklearn.linear_model import LogisticRegression\n"
            "from pkg.engine import load_checkpoint\n\n"
            "if __name__ == '__main__':\n    model = load_checkpoint(sys.argv[1])\n"
            "    LogisticRegression().fit([[0.0], [1.0]], [0, 1])\n"
        ),
    }
    result = check("REPRO001", snapshot_from(files))
    assert result.status is not Status.FAIL, result.evidence
    # A table of functions alone (commands a key picks) still counts them as callbacks.
    commands = files["pkg/models.py"].replace("'conformer': Conformer, ", "")
    result = check("REPRO001", snapshot_from({**files, "pkg/models.py": commands}))
    assert result.status is Status.FAIL
    assert [(e.path, e.line) for e in result.evidence] == [("pkg/models.py", 7)]


def test_a_loader_shuffling_on_train_and_no_sampler_does_not_shuffle_to_predict() -> None:
    engine = (
        "import torch\nfrom torch.utils.data import DataLoader\n\n\n"
        "def make_loader(ds, train, sampler=None):\n"
        "    return DataLoader(ds, sampler=sampler, shuffle=train and sampler is None)\n\n\n"
        "def predict(model, ds):\n    with torch.no_grad():\n"
        "        return [model(x) for x in make_loader(ds, False)]\n"
    )
    predict = (
        "import sys\nimport torch\nfrom engine import predict\n\n"
        "if __name__ == '__main__':\n    model = torch.jit.load(sys.argv[1])\n"
        "    print(predict(model, torch.load(sys.argv[2])))\n"
    )
    files = {"engine.py": engine, "predict.py": predict}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is not Status.FAIL, result.evidence
    # The same loader built to train shuffles.
    training = {
        **files,
        "engine.py": engine.replace("make_loader(ds, False)", "make_loader(ds, True)"),
    }
    result = check("REPRO001", snapshot_from(training))
    assert result.status is Status.FAIL
    assert [(e.path, e.line) for e in result.evidence] == [("engine.py", 6)]


def test_reloading_the_best_checkpoint_after_training_keeps_the_drawn_weights() -> None:
    # The model is trained from its drawn weights, then its best checkpoint is loaded for
    # export: the initial draw shaped every weight saved, so it changes the result.
    train = (
        "import torch\nfrom net import Net\n\n"
        "model = Net()\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "with open('log.txt', 'w') as log:\n"
        "    for x in batches:\n"
        "        opt.zero_grad()\n        model(x).sum().backward()\n        opt.step()\n"
        "    model.load_state_dict(torch.load('best.pt'))\n"
        "torch.save(model, 'final.pt')\n"
    )
    result = check("REPRO001", snapshot_from({"net.py": NET, "train.py": train}))
    assert result.status is Status.FAIL, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("net.py", 7), ("net.py", 8)]
    # Trained by a project function, then reloaded: the same.
    helper = (
        "import torch\nfrom net import Net\nfrom loop import fit_model\n\n"
        "model = Net()\nfit_model(model)\n"
        "model.load_state_dict(torch.load('best.pt'))\n"
    )
    loop = "def fit_model(model):\n    for x in batches:\n        model(x).sum().backward()\n"
    files = {"net.py": NET, "train.py": helper, "loop.py": loop}
    assert check("REPRO001", snapshot_from(files)).status is Status.FAIL
    # Resumed, then trained: the load still replaces the draw before it matters.
    resumed = (
        "import torch\nfrom net import Net\n\n"
        "model = Net()\nmodel.load_state_dict(torch.load('last.pt'))\n"
        "for x in batches:\n    model(x).sum().backward()\n"
    )
    result = check("REPRO001", snapshot_from({"net.py": NET, "train.py": resumed}))
    assert result.status is Status.SKIP, result.evidence


LOADERS = (
    "from torch.utils.data import DataLoader, random_split\n\n"
    "def get_loaders(ds, test_ds):\n"
    "    train_ds, val_ds = random_split(ds, [80, 20])\n"
    "    train_dl = DataLoader(train_ds, batch_size=8, shuffle=True)\n"
    "    val_dl = DataLoader(val_ds, batch_size=8)\n"
    "    test_dl = DataLoader(test_ds, batch_size=8)\n"
    "    return train_dl, val_dl, test_dl\n"
)


def test_draws_feeding_only_results_the_caller_throws_away_change_nothing() -> None:
    # A visualising script takes the test loader of a helper that also splits and shuffles
    # the training data: the split and the shuffled loader are built and never used there.
    show = (
        "import torch\nfrom data import get_loaders\n\n"
        "train_dl, val_dl, test_dl = get_loaders(ds, test_ds)\n"
        "model = torch.load('model.pt')\n"
        "for x in test_dl:\n    print(model(x))\n"
    )
    result = check("REPRO001", snapshot_from({"data.py": LOADERS, "show.py": show}))
    assert result.status not in (Status.WARN, Status.FAIL), result.evidence
    # The training loader iterated: its shuffle and the split behind it count again.
    used = show.replace("for x in test_dl:", "for x in train_dl:")
    result = check("REPRO001", snapshot_from({"data.py": LOADERS, "show.py": used}))
    assert result.status in (Status.WARN, Status.FAIL)
    assert [(e.path, e.line) for e in result.evidence] == [("data.py", 4), ("data.py", 5)]
    # Only the validation loader used: the split still decides what it holds.
    val = show.replace("for x in test_dl:", "for x in val_dl:")
    result = check("REPRO001", snapshot_from({"data.py": LOADERS, "show.py": val}))
    assert [(e.path, e.line) for e in result.evidence] == [("data.py", 4)]


DROPOUT = (
    "import torch\nimport torch.nn as nn\n\n"
    "class Dropout(nn.Module):\n"
    "    def forward(self, x):\n"
    "        if not self.training or self.p == 0:\n            return x\n"
    "        mask = (torch.rand_like(x) > self.p).float()\n"
    "        return mask * x / (1 - self.p)\n\n"
    "class Noisy(nn.Module):\n"
    "    def forward(self, x):\n"
    "        if self.training:\n            x = x + torch.randn_like(x)\n"
    "        return x\n"
)


def test_a_draw_a_module_makes_only_in_training_mode_counts_only_on_a_path_that_trains() -> None:
    # A dropout written by hand draws only in training mode: a script that loads weights
    # and samples in eval mode draws nothing there (torch.nn.Dropout is never listed either).
    sample = (
        "import torch\nfrom layers import Dropout, Noisy\n\n"
        "model = torch.nn.Sequential(Dropout(), Noisy())\n"
        "model.load_state_dict(torch.load('w.pt'))\nmodel.eval()\n"
        "with torch.no_grad():\n    print(model(x))\n"
    )
    result = check("REPRO001", snapshot_from({"layers.py": DROPOUT, "sample.py": sample}))
    assert result.status is Status.SKIP, result.evidence
    # A path that trains does draw there.
    trained = sample.replace("model.eval()\n", "model(x).sum().backward()\n")
    result = check("REPRO001", snapshot_from({"layers.py": DROPOUT, "sample.py": trained}))
    assert result.status is Status.FAIL, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("layers.py", 8), ("layers.py", 14)]
    # A sampling draw of its own still counts beside it, without the dropout's line.
    noise = sample.replace("print(model(x))", "print(model(torch.randn(4, 2)))")
    result = check("REPRO001", snapshot_from({"layers.py": DROPOUT, "sample.py": noise}))
    assert result.status is not Status.PASS and result.status is not Status.SKIP
    assert [(e.path, e.line) for e in result.evidence] == [("sample.py", 8)]


def test_a_script_in_a_package_that_a_pipeline_file_runs_is_an_entry_point() -> None:
    # dvc.yaml runs src/pkg/pipeline/split.py, whose main block hands the run to a class:
    # the package's own script is run, and its unseeded split is on that path.
    splitter = (
        "from sklearn.model_selection import train_test_split\n\n"
        "class Splitter:\n"
        "    def split(self, df):\n"
        "        return train_test_split(df)\n"
    )
    stage = (
        "from src.pkg.components.splitter import Splitter\n\n"
        "class Stage:\n"
        "    def main(self):\n"
        "        Splitter().split(load())\n\n"
        "if __name__ == '__main__':\n"
        "    Stage().main()\n"
    )
    files = {
        "src/__init__.py": "",
        "src/pkg/__init__.py": "",
        "src/pkg/components/__init__.py": "",
        "src/pkg/components/splitter.py": splitter,
        "src/pkg/pipeline/__init__.py": "",
        "src/pkg/pipeline/split.py": stage,
    }
    result = check("REPRO001", snapshot_from(files))
    assert result.metrics["entry_points"] == 0  # the package read as a library
    for pipeline, text in (
        ("dvc.yaml", "stages:\n  split:\n    cmd: python src/pkg/pipeline/split.py\n"),
        ("Makefile", "split:\n\tpython src/pkg/pipeline/split.py\n"),
        ("run_all.sh", "#!/bin/sh\npython -m src.pkg.pipeline.split\n"),
    ):
        result = check("REPRO001", snapshot_from({**files, pipeline: text}))
        assert result.metrics["entry_points"] == 1, pipeline
        assert result.status is Status.FAIL, pipeline
        assert [(e.path, e.line) for e in result.evidence] == [
            ("src/pkg/components/splitter.py", 5)
        ], pipeline


def test_a_random_example_picked_to_show_on_a_path_that_never_trains_is_not_a_draw() -> None:
    # An inference script loads trained weights, picks a random test image, predicts it and
    # shows the picture: what it draws changes no result anyone reports.
    show = (
        "import os\nimport random\nimport torch\nimport matplotlib.pyplot as plt\n"
        "from model import Net\n\n"
        "model = Net()\nmodel.load_state_dict(torch.load('best.pt'))\nmodel.eval()\n"
        "label = random.choice(['NORMAL', 'PNEUMONIA'])\n"
        "name = random.choice(os.listdir(os.path.join('test', label)))\n"
        "plt.imshow(load(name))\nplt.title(predict(model, name))\nplt.show()\n"
    )
    files = {"model.py": NET, "show.py": show}
    result = check("REPRO001", snapshot_from(files))
    assert result.status not in (Status.WARN, Status.FAIL), result.evidence
    # A path that measures what it picks (accuracy over a random subset) still counts it.
    scored = show.replace(
        "plt.imshow(load(name))",
        "names = random.sample(os.listdir('test'), 100)\nprint(accuracy_score(truth(names), predict(model, names)))",
    )
    result = check("REPRO001", snapshot_from({**files, "show.py": scored}))
    assert result.status in (Status.WARN, Status.FAIL)
    # And a training run's picks count: they decide what it learns from.
    trains = show.replace(
        "model.eval()\n",
        "opt = torch.optim.SGD(model.parameters(), lr=0.1)\nmodel(x).sum().backward()\nopt.step()\n",
    )
    result = check("REPRO001", snapshot_from({**files, "show.py": trains}))
    assert result.status in (Status.WARN, Status.FAIL)


def test_random_indices_drawn_by_torch_to_show_samples_are_picks() -> None:
    # A notebook that explores a CT data set: ``torch.randint(0, len(ds), (3,))`` picks which
    # volumes to plot, as ``np.random.randint(len(ds))`` would; nothing trains or measures.
    explore = notebook(
        "import torch\nimport matplotlib.pyplot as plt\nimport numpy as np\nimport os",
        "files = sorted(os.listdir('images'))\nraw = [np.load(f) for f in files]",
        "to_show = torch.randint(low=0, high=len(raw), size=(3,))\n"
        "for i in to_show:\n    plt.imshow(raw[i][:, :, 0])\nplt.show()",
    )
    result = check("REPRO001", snapshot_from({"explore.ipynb": explore}))
    assert result.status not in (Status.WARN, Status.FAIL), result.evidence
    # Noise drawn by torch to feed a picture is no pick of items: it still counts.
    noisy = explore.replace("torch.randint(low=0, high=len(raw), size=(3,))", "torch.rand(3)")
    result = check("REPRO001", snapshot_from({"explore.ipynb": noisy}))
    assert result.status in (Status.WARN, Status.FAIL), result.message


def test_a_layer_set_on_a_model_whose_weights_are_loaded_next_draws_nothing() -> None:
    # ``test_model.fc = nn.Linear(...)`` then ``test_model.load_state_dict(...)``: the new
    # head is part of the model the checkpoint overwrites, as a model built whole would be.
    train = (
        "import torch\nimport torch.nn as nn\nimport torchvision.models as models\n\n"
        "if __name__ == '__main__':\n"
        "    model = models.resnet18(weights='IMAGENET1K_V1')\n"
        "    model.fc = nn.Linear(512, 7)\n"
        "    for x in batches:\n        model(x).sum().backward()\n"
        "    if ready:\n"
        "        test_model = models.resnet18(weights=None)\n"
        "        test_model.fc = nn.Linear(512, 7)\n"
        "        test_model.load_state_dict(torch.load('best.pt'))\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": train}))
    assert result.status is Status.FAIL, result.message
    assert [e.line for e in result.evidence] == [7]
    # Loaded only when resuming: the new head keeps its drawn weights otherwise.
    resumed = train.replace(
        "        test_model.load_state_dict", "        if resume:\n            test_model.load"
    )
    result = check("REPRO001", snapshot_from({"train.py": resumed}))
    assert [e.line for e in result.evidence] == [7, 12]


def test_reloading_weights_the_block_saved_itself_keeps_the_drawn_ones() -> None:
    # A tutorial's "save and load" section: the new head is saved with the model and loaded
    # back, so the loaded weights are the drawn ones (for a part and for a whole model).
    demo = (
        "import torch\nimport torch.nn as nn\nimport torchvision\n\n"
        "resnet = torchvision.models.resnet18(pretrained=True)\n"
        "resnet.fc = nn.Linear(512, 100)\n"
        "print(resnet(torch.zeros(1, 3, 224, 224)).size())\n"
        "torch.save(resnet.state_dict(), 'params.ckpt')\n"
        "resnet.load_state_dict(torch.load('params.ckpt'))\n"
        "for x in batches:\n    resnet(x).sum().backward()\n"
    )
    result = check("REPRO001", snapshot_from({"demo.py": demo}))
    assert result.status is Status.FAIL, result.message
    assert [e.line for e in result.evidence] == [6]
    # Loaded from a checkpoint the block did not write: the draw is overwritten.
    other = demo.replace("torch.load('params.ckpt')", "torch.load('best.ckpt')")
    assert check("REPRO001", snapshot_from({"demo.py": other})).status is Status.SKIP


def test_a_method_called_on_a_parameter_annotated_with_a_project_class_draws() -> None:
    """``def train(agent: Agent)`` then ``agent.act()``: the annotation says whose method
    runs, as ``agent = Agent()`` would; an epsilon-greedy agent's draws are the run's."""
    agent = "import random\n\n\nclass Agent:\n    def act(self):\n        return random.random()\n"
    train = (
        "from agent import Agent\n\n\ndef train(agent: Agent, n):\n    total = 0\n"
        "    for _ in range(n):\n        total += agent.act()\n    return total\n"
    )
    main = (
        "import argparse\n\nfrom agent import Agent\nfrom train import train\n\n"
        "args = argparse.ArgumentParser().parse_args()\nprint(train(Agent(), 3))\n"
    )
    files = {"agent.py": agent, "train.py": train, "main.py": main}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.FAIL, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("agent.py", 6)]


def test_a_reply_picked_for_a_user_who_types_on_a_path_that_never_trains_is_not_a_draw() -> None:
    # An intent chatbot: train.py trains the bag-of-words network; chat.py loads it, reads
    # what the user types and answers with one of the tag's canned replies, picked at
    # random. The pick is the bot's manner of speaking, not a result anyone repeats.
    train = (
        "import torch\nfrom model import Net\n\n"
        "model = Net()\nopt = torch.optim.Adam(model.parameters())\n"
        "for x, y in batches:\n    model(x).sum().backward()\n    opt.step()\n"
        "torch.save(model.state_dict(), 'data.pth')\n"
    )
    chat = (
        "import random\nimport torch\nfrom model import Net\n\n"
        "model = Net()\nmodel.load_state_dict(torch.load('data.pth'))\nmodel.eval()\n"
        "while True:\n"
        "    sentence = input('You: ')\n"
        "    tag = tags[model(encode(sentence)).argmax()]\n"
        "    print(random.choice(responses[tag]))\n"
    )
    files = {"model.py": NET, "train.py": train, "chat.py": chat}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.FAIL, result.message
    assert "Python's random" not in result.message
    assert "chat.py" not in result.message
    assert {e.path for e in result.evidence} == {"model.py"}
    # The same reply picked in a Tkinter window, from the send button's handler.
    gui = (
        "import random\nimport tkinter as tk\nimport torch\nfrom model import Net\n\n"
        "model = Net()\nmodel.load_state_dict(torch.load('data.pth'))\n\n"
        "def send():\n"
        "    tag = tags[model(encode(box.get())).argmax()]\n"
        "    log.insert('end', random.choice(responses[tag]))\n\n"
        "root = tk.Tk()\nbox = tk.Entry(root)\nlog = tk.Text(root)\n"
        "tk.Button(root, text='Send', command=send).pack()\n"
        "root.mainloop()\n"
    )
    result = check("REPRO001", snapshot_from({**files, "chat.py": gui}))
    assert {e.path for e in result.evidence} == {"model.py"}, result.evidence
    # A chat loop that scores what it picks (accuracy over sampled patterns) still counts.
    scored = chat.replace(
        "    print(random.choice(responses[tag]))\n",
        "    picked = random.sample(patterns, 20)\n    print(accuracy(model, picked))\n",
    )
    result = check("REPRO001", snapshot_from({**files, "chat.py": scored}))
    assert "chat.py" in {e.path for e in result.evidence}
    # And a program that reads input and trains still counts its picks.
    trains = chat.replace(
        "model.eval()\n", "opt = torch.optim.Adam(model.parameters())\nopt.step()\n"
    )
    result = check("REPRO001", snapshot_from({**files, "chat.py": trains}))
    assert "chat.py" in {e.path for e in result.evidence}


def test_a_command_registered_by_a_call_runs_when_a_script_runs_its_app() -> None:
    # app.command(name="train")(train) hands train to Typer as @app.command() would: the
    # notebook that imports the CLI module for its loader runs no command, and draws nothing.
    cli = (
        "import torch\nimport typer\nfrom net import Net\n\napp = typer.Typer()\n\n"
        "def train(epochs: int = 1):\n    model = Net()\n"
        "    model(torch.ones(1, 2)).sum().backward()\n\n"
        "app.command(name='train')(train)\n\n"
        "def load(path):\n    return torch.load(path)\n\n"
        "if __name__ == '__main__':\n    app()\n"
    )
    decorated = cli.replace("app.command(name='train')(train)\n\n", "").replace(
        "def train(", "@app.command(name='train')\ndef train("
    )
    shown = notebook("from cli import load", "model = load('w.pt')\nprint(model)")
    results = [
        check("REPRO001", snapshot_from({"net.py": NET, "cli.py": code, "look.ipynb": shown}))
        for code in (cli, decorated)
    ]
    assert results[0].status is results[1].status is Status.SKIP, results[0].evidence
    # A script that runs the app runs the command it registers, when it trains.
    trains = cli.replace(
        "    model(torch.ones(1, 2)).sum().backward()\n",
        "    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "    for _ in range(epochs):\n"
        "        model(torch.ones(1, 2)).sum().backward()\n        opt.step()\n",
    )
    run = "from cli import app\n\nif __name__ == '__main__':\n    app()\n"
    files = {"net.py": NET, "cli.py": trains, "look.ipynb": shown, "run.py": run}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.FAIL
    assert {e.snippet.rsplit("# ", 1)[-1] for e in result.evidence} == {"run by run.py"}


def test_a_dict_of_loaders_the_caller_throws_away_changes_nothing() -> None:
    # A statistics script keeps the datasets of a helper that also fills a dict of loaders,
    # one shuffled: the loaders are built item by item and never used there.
    data = (
        "from torch.utils.data import DataLoader\n\n"
        "def init_dataset(datasets):\n"
        "    dataloaders = {}\n"
        "    for k in datasets.keys():\n"
        "        dataloaders[k] = DataLoader(datasets[k], shuffle=k == 'train')\n"
        "    return datasets, dataloaders\n"
    )
    stats = (
        "from data import init_dataset\n\ndatasets, _ = init_dataset(DS)\nprint(len(datasets))\n"
    )
    result = check("REPRO001", snapshot_from({"data.py": data, "stats.py": stats}))
    assert result.status not in (Status.WARN, Status.FAIL), result.evidence
    used = stats.replace("datasets, _ =", "datasets, loaders =").replace(
        "print(len(datasets))", "for x in loaders['train']:\n    print(x)"
    )
    result = check("REPRO001", snapshot_from({"data.py": data, "stats.py": used}))
    assert result.status in (Status.WARN, Status.FAIL)


def test_the_layers_a_restored_functional_model_is_built_from_draw_nothing() -> None:
    # A face recogniser's ArcFace: a ResNet built by a helper, Keras layers called on its
    # output, Model(inputs, embedding), then load_weights: every layer gets the file's weights.
    arcface = (
        "from tensorflow import keras\n\n"
        "def resnet():\n"
        "    inputs = keras.layers.Input(shape=(112, 112, 3))\n"
        "    x = keras.layers.Conv2D(64, 3, kernel_initializer='glorot_normal')(inputs)\n"
        "    return keras.Model(inputs, x)\n\n"
        "def load_model(path):\n"
        "    base_model = resnet()\n"
        "    inputs = base_model.inputs[0]\n"
        "    x = base_model.outputs[0]\n"
        "    x = keras.layers.Flatten()(x)\n"
        "    embedding = keras.layers.Dense(512)(x)\n"
        "    model = keras.models.Model(inputs, embedding, name=base_model.name)\n"
        "    model.load_weights(path)\n"
        "    return model\n"
    )
    run = (
        "import sys\nimport numpy as np\nfrom tensorflow import keras\n"
        "from arcface import load_model\n\n"
        "model = load_model(sys.argv[1])\n"
        "head = keras.Sequential([keras.layers.Dense(10)])\n"
        "head.fit(model.predict(np.load('faces.npy')), np.load('labels.npy'), epochs=3)\n"
    )
    files = {"arcface.py": arcface, "train.py": run}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.FAIL, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 7)]
    # A name read elsewhere too is not a part: the base model trained on its own after the
    # load keeps the weights resnet() drew.
    trained_base = arcface.replace(
        "    model.load_weights(path)\n",
        "    model.load_weights(path)\n    base_model.fit(data, labels)\n",
    )
    result = check("REPRO001", snapshot_from({"arcface.py": trained_base, "train.py": run}))
    assert {e.line for e in result.evidence if e.path == "arcface.py"} == {5}
    # Nothing loaded: every layer keeps its drawn weights.
    unloaded = arcface.replace("    model.load_weights(path)\n", "")
    result = check("REPRO001", snapshot_from({"arcface.py": unloaded, "train.py": run}))
    assert {e.line for e in result.evidence if e.path == "arcface.py"} == {5, 13}


FRAMES = (
    "import random\nimport torch\nfrom torch.utils.data import Dataset\n\n"
    "class Frames(Dataset):\n"
    "    def __init__(self, rows, augment=False):\n"
    "        self.rows = rows\n"
    "        self.augment = augment\n\n"
    "    def __len__(self):\n        return len(self.rows)\n\n"
    "    def __getitem__(self, i):\n"
    "        x = torch.tensor(self.rows[i])\n"
    "        if self.augment:\n"
    "            if random.random() < 0.5:\n"
    "                x = torch.flip(x, dims=(0,))\n"
    "        return x\n"
)


def test_a_dataset_built_with_its_augmentation_off_draws_nothing_when_indexed() -> None:
    predict = (
        "import torch\nfrom torch.utils.data import DataLoader\nfrom frames import Frames\n\n"
        "model = torch.load('model.pt')\n"
        "loader = DataLoader(Frames([[1.0, 2.0]], augment=False), batch_size=1)\n"
        "for x in loader:\n    print(model(x))\n"
    )
    # The flip under ``if self.augment:`` never runs: the constructor stored the False
    # the prediction script gave it.
    result = check("REPRO001", snapshot_from({"frames.py": FRAMES, "predict.py": predict}))
    assert result.status is Status.SKIP, result.message
    # Left at its default of False, the same.
    default = predict.replace(", augment=False", "")
    result = check("REPRO001", snapshot_from({"frames.py": FRAMES, "predict.py": default}))
    assert result.status is Status.SKIP, result.message
    # Turned on, the flip draws unseeded.
    on = predict.replace("augment=False", "augment=True")
    result = check("REPRO001", snapshot_from({"frames.py": FRAMES, "predict.py": on}))
    assert "not seeded before use: Python's random" in result.message, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("frames.py", 16)]
    # A method that turns it on again leaves the stored constant undecided.
    switched = FRAMES + "\n    def train(self):\n        self.augment = True\n"
    result = check("REPRO001", snapshot_from({"frames.py": switched, "predict.py": predict}))
    assert "not seeded before use: Python's random" in result.message, result.message


def test_a_choice_among_numbers_draws_values_not_items_to_look_at() -> None:
    # A bandit simulation draws its hidden weights as random signs, runs, and saves a plot
    # of the rewards: ``np.random.choice([1, -1], size=d)`` is a draw of values that sets
    # the result plotted, not a pick of what to look at.
    simulate = (
        "import argparse\nimport numpy as np\nimport matplotlib.pyplot as plt\n\n"
        "class Reward:\n"
        "    def __init__(self, dim):\n"
        "        self.w = np.random.choice([1, -1], size=dim)\n\n"
        "if __name__ == '__main__':\n"
        "    parser = argparse.ArgumentParser()\n"
        "    parser.add_argument('--d', type=int, default=10)\n"
        "    reward = Reward(parser.parse_args().d)\n"
        "    plt.plot(np.cumsum(reward.w))\n"
        "    plt.savefig('rewards.png')\n"
    )
    result = check("REPRO001", snapshot_from({"main.py": simulate}))
    assert result.status in (Status.WARN, Status.FAIL)
    assert [(e.path, e.line) for e in result.evidence] == [("main.py", 7)]


DATA_MODULE = (
    "import lightning as L\nimport torch\nfrom torch.utils.data import DataLoader, TensorDataset\n\n"
    "class Data(L.LightningDataModule):\n"
    "    def setup(self, stage=None):\n"
    "        self.rows = TensorDataset(torch.ones(8, 2))\n\n"
    "    def train_dataloader(self):\n"
    "        return DataLoader(self.rows, batch_size=4, shuffle=True)\n\n"
    "    def test_dataloader(self):\n"
    "        return DataLoader(self.rows, batch_size=4)\n"
)


def test_a_path_that_only_tests_never_asks_for_the_training_loader() -> None:
    # Trainer.test runs test_dataloader; train_dataloader's shuffling runs only under fit.
    evaluate = (
        "import argparse\nimport lightning as L\nfrom data import Data\nfrom model import Net\n\n"
        "def main():\n"
        "    args = argparse.ArgumentParser().parse_args()\n"
        "    model = Net.load_from_checkpoint(args.ckpt)\n"
        "    L.Trainer().{method}(model, datamodule=Data())\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    net = (
        "import lightning as L\nimport torch\n\n"
        "class Net(L.LightningModule):\n"
        "    def __init__(self):\n        super().__init__()\n"
        "        self.fc = torch.nn.Linear(2, 1)\n\n"
        "    def training_step(self, batch, batch_idx):\n"
        "        return self.fc(batch[0]).sum()\n\n"
        "    def test_step(self, batch, batch_idx):\n"
        "        return self.fc(batch[0]).sum()\n\n"
        "    def configure_optimizers(self):\n"
        "        return torch.optim.SGD(self.parameters(), lr=0.1)\n"
    )
    files = {"data.py": DATA_MODULE, "model.py": net}
    tested = {**files, "evaluate.py": evaluate.format(method="test")}
    result = check("REPRO001", snapshot_from(tested))
    assert result.status is not Status.FAIL, result.evidence
    assert ("data.py", 10) not in [(e.path, e.line) for e in result.evidence]
    fitted = {**files, "train.py": evaluate.format(method="fit")}
    result = check("REPRO001", snapshot_from(fitted))
    assert result.status is Status.FAIL
    assert ("data.py", 10) in [(e.path, e.line) for e in result.evidence], result.evidence


def test_a_constant_a_call_passes_decides_the_callee_when_its_results_are_unpacked() -> None:
    # ``df, _ = DataUtils.get_processed_df(path)``: the caller throws a result away and
    # leaves ``randomize`` at its default False; the shuffle under ``if randomize is True:``
    # runs only on the path of the script that passes randomize=True.
    utils = (
        "import pandas as pd\n\n\nclass DataUtils:\n    @staticmethod\n"
        "    def processed(path, randomize=False):\n        df = pd.read_csv(path)\n"
        "        if randomize is True:\n            df = df.sample(frac=1)\n"
        "        return df, df.copy()\n"
    )
    script = (
        "import sys\n\nfrom data_utils import DataUtils as du\n\n"
        "if __name__ == '__main__':\n    df, _ = du.processed(sys.argv[1]{})\n    print(df)\n"
    )
    files = {
        "data_utils.py": utils,
        "plain.py": script.format(""),
        "shuffled.py": script.format(", randomize=True"),
    }
    result = check("REPRO001", snapshot_from(files))
    assert [e.snippet for e in result.evidence] == ["df.sample(frac=1)  # run by shuffled.py"]


def test_a_seeded_path_that_picks_a_drawing_function_by_name_is_not_called_seeded() -> None:
    # train.py seeds NumPy for its own shuffle, then builds the network getattr(models, arch)
    # names: the picked functions draw their weights, unfollowed, so "seeded before use" would
    # claim more than was read; the rule says what it did not follow instead.
    files = {
        "models.py": (
            "import torch\n\n\ndef mlp():\n    return torch.nn.Linear(2, 2)\n\n\n"
            "def wide():\n    return torch.nn.Linear(2, 64)\n"
        ),
        "train.py": (
            "import sys\n\nimport numpy as np\n\nimport models\n\n\ndef main():\n"
            "    np.random.seed(0)\n    order = np.random.permutation(10)\n"
            "    net = getattr(models, sys.argv[1])()\n    print(order, net)\n\n\n"
            "if __name__ == '__main__':\n    main()\n"
        ),
    }
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.SKIP, result.message
    assert "train.py:11 picks what it runs by name" in result.message, result.message
    assert "what it reaches is seeded (NumPy)" in result.message
    # A picked module that draws nothing leaves the pass standing.
    files["models.py"] = "def mlp():\n    return 1\n\n\ndef wide():\n    return 2\n"
    assert check("REPRO001", snapshot_from(files)).status is Status.PASS


def test_a_split_picked_by_a_script_that_asks_for_a_confirmation_is_a_draw() -> None:
    # A script that builds the validation set: it asks for the percentage with input(),
    # picks files at random and moves them into valid/. Waiting for what a person types
    # is no chat here: what it picked lasts on disk, and train.py validates on it.
    train = (
        "import torch\nfrom model import Net\n\n"
        "model = Net()\nopt = torch.optim.Adam(model.parameters())\n"
        "for x, y in batches:\n    model(x).sum().backward()\n    opt.step()\n"
    )
    split = (
        "import os\nimport random\nimport shutil\n\n"
        "files = sorted(os.listdir('train'))\n"
        "p = int(input('Percentage of validation set: '))\n"
        "picked = set()\n"
        "while len(picked) < p * len(files) // 100:\n"
        "    picked.add(random.randint(0, len(files) - 1))\n"
        "for i in picked:\n"
        "    shutil.move(os.path.join('train', files[i]), 'valid')\n"
    )
    files = {"model.py": NET, "train.py": train, "create_validation_set.py": split}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.FAIL, result.message
    assert "Python's random" in result.message
    assert "create_validation_set.py" in {e.path for e in result.evidence}


def test_a_lazy_layer_draws_its_weights_at_the_first_forward_not_when_built() -> None:
    # The model is built when its config module is imported, before `train()` seeds torch;
    # `nn.LazyLinear` draws its weights at the model's first forward, after the seed, while
    # `nn.Linear` drew them on import, unseeded.
    config = (
        "import torch.nn as nn\n\n"
        "model = nn.Sequential(\n    nn.LazyLinear(8),\n    nn.ReLU(),\n    nn.Linear(8, 2),\n)\n"
    )
    train = (
        "import copy\nimport torch\nfrom config import model\n\n"
        "def train(loader):\n"
        "    torch.manual_seed(0)\n"
        "    net = copy.deepcopy(model)\n"
        "    opt = torch.optim.Adam(net.parameters())\n"
        "    for x, y in loader:\n"
        "        opt.zero_grad()\n"
        "        loss = ((net(x) - y) ** 2).mean()\n"
        "        loss.backward()\n"
        "        opt.step()\n\n"
        "if __name__ == '__main__':\n    train([])\n"
    )
    result = check("REPRO001", snapshot_from({"config.py": config, "train.py": train}))
    assert result.status is not Status.PASS
    assert [(e.path, e.line) for e in result.evidence] == [("config.py", 6)]
    lazy = config.replace("nn.Linear(8, 2)", "nn.LazyLinear(2)")
    result = check("REPRO001", snapshot_from({"config.py": lazy, "train.py": train}))
    assert result.status is Status.PASS, result.evidence
    # Nothing seeds torch anywhere: the lazy layers' first forward draws unseeded.
    unseeded = train.replace("    torch.manual_seed(0)\n", "")
    result = check("REPRO001", snapshot_from({"config.py": lazy, "train.py": unseeded}))
    assert result.status is not Status.PASS
