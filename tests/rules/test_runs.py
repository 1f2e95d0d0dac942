from __future__ import annotations

import json

from repocheck.model import Status
from tests.helpers import check, snapshot_from


def notebook(*cells: str) -> str:
    """An nbformat-4 notebook whose code cells hold ``cells``, executed in order."""
    raw = [
        {"cell_type": "code", "execution_count": i + 1, "metadata": {}, "outputs": [], "source": c}
        for i, c in enumerate(cells)
    ]
    return json.dumps({"cells": raw, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


LOOP = (
    "    for xb, yb in loader:\n"
    "        optimizer.zero_grad()\n"
    "        loss = loss_fn(model(xb), yb)\n"
    "        loss.backward()\n"
    "        optimizer.step()\n"
)


def script(head: str, body: str = LOOP) -> str:
    """A training script: imports and setup in ``head``, the loop in main()."""
    return (
        "import torch\n"
        f"{head}"
        "def main():\n"
        "    model = torch.nn.Linear(2, 2).cuda()\n"
        "    optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n"
        f"{body}"
        "\nif __name__ == '__main__':\n    main()\n"
    )


# REPRO002 -----------------------------------------------------------------------------------


def test_repro002_passes_with_deterministic_algorithms() -> None:
    code = script("torch.manual_seed(0)\ntorch.use_deterministic_algorithms(True)\n")
    result = check("REPRO002", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS
    assert [(e.path, e.line, e.snippet) for e in result.evidence] == [
        ("train.py", 3, "torch.use_deterministic_algorithms(True)")
    ]


def test_repro002_a_switch_behind_an_option_is_not_said_to_be_on() -> None:
    # torch.use_deterministic_algorithms(True) only under `if args.deterministic:`: the
    # verdict stays a pass (the run can ask for it), but "switched on" is not what runs.
    head = "import argparse\ntorch.manual_seed(0)\nargs = argparse.ArgumentParser().parse_args()\n"
    optional = head + "if args.deterministic:\n    torch.use_deterministic_algorithms(True)\n"
    result = check("REPRO002", snapshot_from({"train.py": script(optional)}))
    assert result.status is Status.PASS
    assert "when the run asks" in result.message, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 6)]
    always = head + "torch.use_deterministic_algorithms(True)\n"
    result = check("REPRO002", snapshot_from({"train.py": script(always)}))
    assert result.message == "deterministic algorithms are switched on"
    # Set only where CUDA is there to be made deterministic: that is every run it matters to.
    on_gpu = head + "if torch.cuda.is_available():\n    torch.use_deterministic_algorithms(True)\n"
    result = check("REPRO002", snapshot_from({"train.py": script(on_gpu)}))
    assert result.message == "deterministic algorithms are switched on"


def test_repro002_benchmark_mode_beside_the_deterministic_flag_warns() -> None:
    # cudnn.benchmark = True times the convolution algorithms on each run and keeps the
    # fastest, so two runs may compute differently even with cudnn.deterministic set.
    head = (
        "torch.manual_seed(0)\ntorch.backends.cudnn.deterministic = True\n"
        "torch.backends.cudnn.benchmark = True\n"
    )
    result = check("REPRO002", snapshot_from({"train.py": script(head)}))
    assert result.status is Status.WARN, result.message
    assert "cudnn.benchmark = True" in result.message
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 4)]
    # benchmark = False (or left alone) beside the flag is the recipe: a pass.
    off = head.replace("benchmark = True", "benchmark = False")
    assert check("REPRO002", snapshot_from({"train.py": script(off)})).status is Status.PASS
    # Another program's benchmark mode is its own choice: dcgan.py never asks for determinism.
    other = script(head.replace("deterministic = True\n", "deterministic = False\n"))
    files = {"train.py": script(off), "dcgan.py": other}
    result = check("REPRO002", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    # ... which the pass says, rather than calling every run deterministic.
    assert result.message == (
        "deterministic algorithms are switched on in train.py; the run of dcgan.py sets"
        " cuDNN's modes on its own path instead (its choice between speed and repeatable"
        " kernels)"
    )
    assert ("dcgan.py", None) in [(e.path, e.line) for e in result.evidence]


def test_repro002_monai_set_determinism_sets_the_cudnn_flag() -> None:
    # monai.utils.set_determinism(seed) seeds torch and sets cudnn.deterministic = True and
    # cudnn.benchmark = False; given seed=None it turns them off again.
    head = "from monai.utils import set_determinism\nset_determinism(seed=0)\n"
    result = check("REPRO002", snapshot_from({"train.py": script(head)}))
    assert result.status is Status.PASS, result.message
    assert [(e.line, e.snippet) for e in result.evidence] == [(3, "set_determinism(seed=0)")]
    # cudnn.benchmark = True afterwards brings back the timed choice of algorithms.
    timed = head + "torch.backends.cudnn.benchmark = True\n"
    result = check("REPRO002", snapshot_from({"train.py": script(timed)}))
    assert result.status is Status.WARN, result.message
    assert "cudnn.benchmark = True" in result.message
    off = head.replace("seed=0", "seed=None") + "torch.manual_seed(0)\n"
    assert check("REPRO002", snapshot_from({"train.py": script(off)})).status is Status.WARN


def test_repro002_momentfm_control_randomness_sets_the_cudnn_flag() -> None:
    # MOMENT's control_randomness(seed=13) seeds torch and sets cudnn.deterministic = True and
    # cudnn.benchmark = False, whatever seed it is given.
    for call in ("control_randomness(seed=13)", "control_randomness()"):
        head = f"from momentfm.utils.utils import control_randomness\n{call}\n"
        result = check("REPRO002", snapshot_from({"train.py": script(head)}))
        assert result.status is Status.PASS, result.message
        assert [(e.line, e.snippet) for e in result.evidence] == [(3, call)]


def test_repro002_cudnn_flag_through_an_alias() -> None:
    head = "from torch.backends import cudnn\ncudnn.deterministic = True\ncudnn.benchmark = False\n"
    result = check("REPRO002", snapshot_from({"train.py": script(head)}))
    assert result.status is Status.PASS
    assert [(e.line, e.snippet) for e in result.evidence] == [(3, "cudnn.deterministic = True")]


def test_repro002_a_switch_in_a_helper_nothing_calls_is_not_switched_on() -> None:
    # utils.seed_everything() sets cudnn.deterministic, but no code names it: no run sets it.
    helper = (
        "import torch\n\n"
        "def seed_everything(seed=0):\n"
        "    torch.manual_seed(seed)\n"
        "    torch.backends.cudnn.deterministic = True\n"
    )
    files = {"train.py": script("import utils\ntorch.manual_seed(0)\n"), "utils.py": helper}
    result = check("REPRO002", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert "never called" in result.message, result.message
    assert ("utils.py", 3) in [(e.path, e.line) for e in result.evidence]
    called = files | {"train.py": script("import utils\nutils.seed_everything()\n")}
    assert check("REPRO002", snapshot_from(called)).status is Status.PASS
    # Imported by name (a library's helper its tests or users call): taken as called.
    imported = files | {"tests/test_utils.py": "from utils import seed_everything as seed\n"}
    assert check("REPRO002", snapshot_from(imported)).status is Status.PASS


def test_repro002_a_switch_in_a_library_modules_self_check_switches_no_training_run() -> None:
    # backbone.py's __main__ block builds the network on torch.ones and prints its shape,
    # setting cudnn.deterministic there; train.py imports the module, and an imported
    # module's __main__ block does not run, so no training run is deterministic.
    backbone = (
        "import torch\n\n"
        "class Net(torch.nn.Module):\n"
        "    pass\n\n"
        "if __name__ == '__main__':\n"
        "    if torch.cuda.is_available():\n"
        "        torch.backends.cudnn.deterministic = True\n"
        "    print(Net()(torch.ones(1, 3, 8, 8)).shape)\n"
    )
    files = {"train.py": script("import backbone\ntorch.manual_seed(0)\n"), "backbone.py": backbone}
    result = check("REPRO002", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert ("backbone.py", 8) not in [(e.path, e.line) for e in result.evidence]
    # The training script's own __main__ block setting it switches the run it starts.
    own = script("import backbone\ntorch.manual_seed(0)\n").replace(
        "    main()\n", "    torch.backends.cudnn.deterministic = True\n    main()\n"
    )
    assert check("REPRO002", snapshot_from(files | {"train.py": own})).status is Status.PASS


def test_repro002_warns_next_to_the_seed_when_no_switch_is_set() -> None:
    head = "torch.manual_seed(0)\ntorch.use_deterministic_algorithms(False)\n"
    result = check("REPRO002", snapshot_from({"train.py": script(head)}))
    assert result.status is Status.WARN
    assert result.score == 0.5
    assert [(e.path, e.line, e.snippet) for e in result.evidence] == [
        ("train.py", 2, "torch.manual_seed(0)  # add torch.use_deterministic_algorithms(True) here")
    ]


def test_repro002_names_the_seed_of_the_gpu_run_not_a_cpu_notebook_that_trains_in_place() -> None:
    # The CUDA run seeds in its script and trains through a function of another module; a
    # CPU-only notebook seeds and trains in its own cells. The switch belongs to the GPU run.
    training = (
        "def train(model, optimizer, loader):\n"
        "    model.train()\n"
        "    for xb, yb in loader:\n"
        "        optimizer.zero_grad()\n"
        "        loss = ((model(xb) - yb) ** 2).mean()\n"
        "        loss.backward()\n"
        "        optimizer.step()\n"
    )
    main = (
        "import torch\n"
        "from training import train\n"
        "torch.manual_seed(1)\n"
        "def run():\n"
        "    model = torch.nn.Linear(2, 2).cuda()\n"
        "    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "    train(model, optimizer, [])\n"
        "if __name__ == '__main__':\n"
        "    run()\n"
    )
    cells = notebook(
        "import torch\ntorch.manual_seed(2)\n",
        "model = torch.nn.Linear(2, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "for step in range(10):\n"
        "    opt.zero_grad()\n"
        "    loss = model(torch.zeros(4, 2).normal_()).sum()\n"
        "    loss.backward()\n"
        "    opt.step()\n",
    )
    files = {"main.py": main, "training.py": training, "toy/explore.ipynb": cells}
    result = check("REPRO002", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("main.py", 3)]


def test_repro002_dataloader_workers_wait_for_the_torch_seed_too() -> None:
    # Without a torch seed, the loaders' workers are REPRO001's to ask about (its evidence
    # lists the shuffling DataLoader): a torch seed seeds every worker. The switch is judged.
    head = (
        "import numpy as np\nfrom torch.utils.data import DataLoader\n"
        "np.random.seed(0)\ntorch.use_deterministic_algorithms(True)\n"
        "train_loader = DataLoader(ds, batch_size=8, shuffle=True, num_workers=4)\n"
        "val_loader = DataLoader(ds, batch_size=8, num_workers=0)\n"
        "g = torch.Generator()\ng.manual_seed(0)\n"
        "ok = DataLoader(ds, num_workers=4, worker_init_fn=seed_worker, generator=g)\n"
    )
    result = check("REPRO002", snapshot_from({"train.py": script(head)}))
    assert result.status is Status.PASS, result.message
    assert result.metrics["unseeded_worker_loaders"] == 1
    unswitched = head.replace("torch.use_deterministic_algorithms(True)\n", "")
    result = check("REPRO002", snapshot_from({"train.py": script(unswitched)}))
    assert result.status is Status.SKIP
    assert result.message.endswith("seeding torch also seeds the workers of 1 DataLoader(s)")


def test_repro002_only_dataloaders_an_entry_point_builds_are_read() -> None:
    head = "import numpy as np\nnp.random.seed(0)\ntorch.use_deterministic_algorithms(True)\n"
    unused = (
        "import torch\nfrom torch.utils.data import DataLoader\n\n"
        "def loader(ds):\n    return DataLoader(ds, num_workers=4)\n"
    )
    files = {"train.py": script(head), "old/loaders.py": unused}
    result = check("REPRO002", snapshot_from(files))
    assert result.status is Status.PASS, result.evidence


def test_repro002_a_global_torch_seed_seeds_every_worker() -> None:
    # PyTorch >= 1.9 seeds each worker (torch, random, numpy) from the global generator.
    head = (
        "from torch.utils.data import DataLoader\n"
        "torch.manual_seed(0)\ntorch.use_deterministic_algorithms(True)\n"
        "train_loader = DataLoader(ds, batch_size=8, shuffle=True, num_workers=4)\n"
    )
    result = check("REPRO002", snapshot_from({"train.py": script(head)}))
    assert result.status is Status.PASS
    assert result.metrics["unseeded_worker_loaders"] == 0


def test_repro002_judges_the_training_an_entry_point_runs() -> None:
    # A library module that trains, which no script runs: its user's script decides.
    library = (
        "import torch\n\ndef fit(model, optimizer, loader):\n"
        "    for x, y in loader:\n        optimizer.zero_grad()\n"
        "        model(x).sum().backward()\n        optimizer.step()\n"
    )
    demo = "import torch\n\nif __name__ == '__main__':\n    print(torch.zeros(2))\n"
    files = {"lib/__init__.py": "", "lib/fitting.py": library, "lib/shapes.py": demo}
    result = check("REPRO002", snapshot_from(files))
    assert result.status is Status.SKIP
    assert check("REPRO006", snapshot_from(files)).status is Status.SKIP
    runner = (
        "import torch\nfrom lib.fitting import fit\n\n"
        "torch.manual_seed(0)\nfit(model.cuda(), opt, loader)\n"
    )
    result = check("REPRO002", snapshot_from({**files, "run.py": runner}))
    assert result.status is Status.WARN
    assert [(e.path, e.line) for e in result.evidence] == [("run.py", 4)]


def test_repro002_notebook_training_points_at_the_cell() -> None:
    nb = notebook(
        "import torch\nimport torch.nn as nn",
        "model = nn.Linear(2, 2).to('cuda')\nopt = torch.optim.Adam(model.parameters())",
        "torch.manual_seed(0)\nfor epoch in range(3):\n"
        "    opt.zero_grad()\n    model(x).sum().backward()\n    opt.step()",
    )
    result = check("REPRO002", snapshot_from({"train.ipynb": nb}))
    assert result.status is Status.WARN
    first = result.evidence[0]
    assert (first.path, first.cell, first.line) == ("train.ipynb", 2, 1)


def test_repro002_waits_for_a_torch_seed() -> None:
    # Unseeded GPU training differs from run to run whatever its kernels: REPRO001 asks for
    # the seed first, and the switch is judged once one is there.
    result = check("REPRO002", snapshot_from({"train.py": script("")}))
    assert result.status is Status.SKIP
    assert result.message.startswith("not judged until PyTorch is seeded"), result.message
    assert result.metrics["waits_for_torch_seed"] == 1
    seeded = check("REPRO002", snapshot_from({"train.py": script("torch.manual_seed(0)\n")}))
    assert seeded.status is Status.WARN
    assert "waits_for_torch_seed" not in seeded.metrics
    # Another library seeded, torch not: still waiting (DataLoader workers aside).
    numpy_only = script("import numpy as np\nnp.random.seed(0)\n")
    assert check("REPRO002", snapshot_from({"train.py": numpy_only})).status is Status.SKIP


def test_repro002_a_run_that_draws_nothing_does_not_wait_for_a_seed() -> None:
    # Gatys-style transfer: the image optimised starts as the content image and the network
    # is pretrained, so nothing is drawn and REPRO001 has no seed to ask for. The skip must
    # not send the reader to REPRO001 for one.
    cells = (
        "import torch\nfrom torchvision import models\n"
        "vgg = models.vgg19(pretrained=True).features.eval().to('cuda')",
        "content = torch.zeros(1, 3, 8, 8, device='cuda')\n"
        "target = content.clone().requires_grad_(True)\n"
        "optimizer = torch.optim.Adam([target], lr=0.005)",
        "for step in range(300):\n"
        "    loss = ((vgg(target) - vgg(content)) ** 2).mean()\n"
        "    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()",
    )
    files = {"NST.ipynb": notebook(*cells)}
    assert check("REPRO001", snapshot_from(files)).status is Status.SKIP
    result = check("REPRO002", snapshot_from(files))
    assert result.status is Status.SKIP
    assert "REPRO001" not in result.message and "draws no random" in result.message
    assert "waits_for_torch_seed" not in result.metrics


def test_repro002_a_seed_only_where_nothing_trains_still_waits() -> None:
    # An exploration notebook seeds torch and trains nothing; train.py trains on the GPU
    # unseeded. The switch beside the notebook's seed would make no run repeat itself.
    explore = notebook("import torch\ntorch.manual_seed(42)\n", "print(torch.rand(2))\n")
    files = {"train.py": script(""), "notebooks/explore.ipynb": explore}
    result = check("REPRO002", snapshot_from(files))
    assert result.status is Status.SKIP, (result.message, result.evidence)
    assert result.message.startswith("not judged until PyTorch is seeded where it trains")
    assert result.metrics["waits_for_torch_seed"] == 1
    # Seeded where it trains: judged, and the switch is asked for beside that seed.
    files["train.py"] = script("torch.manual_seed(0)\n")
    result = check("REPRO002", snapshot_from(files))
    assert result.status is Status.WARN
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 2)]


def test_repro002_says_why_the_seed_it_waits_for_does_not_count() -> None:
    # torch.manual_seed(seed) with a seed drawn afresh on every run, never shown: a seeding
    # call is there, so "nothing seeds it" would be untrue; what the skip waits for is a
    # seed that stays the same.
    drawn = script("import random\nseed = random.randint(0, 10_000)\ntorch.manual_seed(seed)\n")
    result = check("REPRO002", snapshot_from({"train.py": drawn}))
    assert result.status is Status.SKIP, result.message
    assert "nothing seeds it" not in result.message
    assert (
        "its only seeding call, train.py:4, seeds no run (the seed is drawn at random just"
        " before: a new seed on every run; REPRO001)"
    ) in result.message
    assert result.metrics["waits_for_torch_seed"] == 1


def test_repro002_a_training_run_without_pytorch_says_nothing_of_where_pytorch_is_seeded() -> None:
    # The one training path with draws fits scikit-learn; the PyTorch run fine-tunes a loaded
    # model and draws nothing itself. "Only code that trains nothing seeds it" would judge
    # torch's seed by a run that never uses torch.
    explore = notebook("import torch\ntorch.manual_seed(42)\n", "print(torch.rand(2))\n")
    tfidf = (
        "import sys\n\nfrom sklearn.ensemble import RandomForestClassifier\n\n"
        "model = RandomForestClassifier(random_state=0)\nmodel.fit(sys.argv[1], sys.argv[2])\n"
    )
    loaded = script("").replace("torch.nn.Linear(2, 2).cuda()", "torch.load('base.pt').cuda()")
    files = {"train.py": loaded, "train_tfidf.py": tfidf, "notebooks/explore.ipynb": explore}
    result = check("REPRO002", snapshot_from(files))
    assert "only code that trains nothing seeds it" not in result.message, result.message


def test_repro002_cpu_training_passes_with_a_note() -> None:
    # Seeded PyTorch kernels on the CPU repeat themselves: a 5-epoch MNIST script that never
    # reaches for a GPU is not asked for a determinism switch.
    code = script("torch.manual_seed(0)\n").replace(".cuda()", "")
    result = check("REPRO002", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS
    assert "CPU" in result.message and result.evidence == ()
    gpu = code.replace("def main():\n", "def main():\n    device = 'cuda:0'\n")
    assert check("REPRO002", snapshot_from({"train.py": gpu})).status is Status.WARN
    checked = code.replace("import torch\n", "import torch\nuse = torch.cuda.is_available()\n")
    assert check("REPRO002", snapshot_from({"train.py": checked})).status is Status.WARN


def test_repro002_cpu_training_unseeded_does_not_say_its_kernels_are_seeded() -> None:
    # Nothing seeds PyTorch: the pass still holds (no switch is needed on the CPU), but its
    # reason must not read as if the kernels were seeded; REPRO001 asks for the seed.
    code = script("").replace(".cuda()", "")
    result = check("REPRO002", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS
    assert "nothing seeds PyTorch yet" in result.message, result.message
    seeded = script("torch.manual_seed(0)\n").replace(".cuda()", "")
    assert "nothing seeds" not in check("REPRO002", snapshot_from({"train.py": seeded})).message


def test_repro002_training_on_apples_mps_is_not_called_cpu_only() -> None:
    # device = "mps" if torch.backends.mps.is_available() else "cpu": no CUDA kernel runs,
    # but saying "the CPU only" of an Apple GPU is false.
    code = script("torch.manual_seed(0)\n").replace(".cuda()", "")
    mps = code.replace(
        "def main():\n",
        "def main():\n    device = 'mps' if torch.backends.mps.is_available() else 'cpu'\n",
    )
    result = check("REPRO002", snapshot_from({"train.py": mps}))
    assert result.status is Status.PASS
    assert "MPS" in result.message and "CPU only" not in result.message
    assert "CPU only" in check("REPRO002", snapshot_from({"train.py": code})).message


def test_repro002_a_gpu_default_of_a_reached_function_is_a_gpu() -> None:
    # A trainer class placing the model on the device its constructor defaults to: the
    # script never names a device, so training runs on the GPU.
    trainer = (
        "import torch\n\nclass Trainer:\n"
        "    def __init__(self, model, loader, device='cuda'):\n"
        "        self.model = model.to(device)\n        self.loader = loader\n"
        "        self.opt = torch.optim.SGD(model.parameters(), lr=0.1)\n\n"
        "    def train(self):\n        for x, y in self.loader:\n"
        "            self.opt.zero_grad()\n            self.model(x).sum().backward()\n"
        "            self.opt.step()\n"
    )
    run = (
        "import sys\nimport torch\nfrom trainers.trainer import Trainer\n\n"
        "def main():\n    torch.manual_seed(0)\n    model = torch.nn.Linear(2, 2)\n"
        "    Trainer(model, loader_from(sys.argv[1])).train()\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    files = {"trainers/__init__.py": "", "trainers/trainer.py": trainer, "train.py": run}
    result = check("REPRO002", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    cpu = trainer.replace("device='cuda'", "device='cpu'")
    result = check("REPRO002", snapshot_from({**files, "trainers/trainer.py": cpu}))
    assert result.status is Status.PASS and "CPU" in result.message


def test_repro002_a_device_in_a_config_dataclass_is_read() -> None:
    # The device is a field default of the run's settings dataclass, read through
    # params.device: a class body runs at import, so its defaults are reached code too.
    params = (
        "from dataclasses import dataclass\nimport torch\n\n@dataclass\nclass Params:\n"
        "    lr: float = 0.1\n    device: torch.device = torch.device('mps')\n"
    )
    run = (
        "import sys\nimport torch\nfrom params import Params\n\n"
        "def main():\n    torch.manual_seed(0)\n    p = Params()\n"
        "    model = torch.nn.Linear(2, 2).to(p.device)\n"
        "    opt = torch.optim.SGD(model.parameters(), lr=p.lr)\n"
        "    for x in loader_from(sys.argv[1]):\n"
        "        opt.zero_grad()\n        model(x.to(p.device)).sum().backward()\n"
        "        opt.step()\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    files = {"params.py": params, "train.py": run}
    result = check("REPRO002", snapshot_from(files))
    assert result.status is Status.PASS
    assert "MPS" in result.message and "CPU only" not in result.message, result.message
    cuda = params.replace("'mps'", "'cuda'")
    result = check("REPRO002", snapshot_from({**files, "params.py": cuda}))
    assert result.status is Status.WARN, result.message
    cpu = params.replace("'mps'", "'cpu'")
    result = check("REPRO002", snapshot_from({**files, "params.py": cpu}))
    assert result.status is Status.PASS and "CPU only" in result.message, result.message


def test_repro002_lightning_trainer_deterministic() -> None:
    code = (
        "import lightning as L\n"
        "trainer = L.Trainer(max_epochs=3, deterministic=True)\ntrainer.fit(model, dm)\n"
    )
    result = check("REPRO002", snapshot_from({"fit.py": code}))
    assert result.status is Status.PASS
    assert result.evidence[0].line == 2


def test_repro002_skips_without_torch_training() -> None:
    inference = (
        "import torch\nmodel = torch.load('m.pt')\nwith torch.no_grad():\n    y = model(x)\n"
    )
    autograd_demo = (
        "import torch\nx = torch.ones(2, requires_grad=True)\n(x * 2).sum().backward()\n"
    )
    sklearn = "from sklearn.svm import SVC\nSVC().fit(X, y)\n"
    for code in (inference, autograd_demo, sklearn):
        assert check("REPRO002", snapshot_from({"run.py": code})).status is Status.SKIP


def test_repro002_a_sentence_transformers_fit_is_pytorch_training_that_may_use_a_gpu() -> None:
    # model.fit(train_objectives=...) runs sentence-transformers' own PyTorch loop, and the
    # SentenceTransformer puts itself on CUDA when there is one, though no line names it.
    cells = (
        "from sentence_transformers import SentenceTransformer, losses\n"
        "from torch.utils.data import DataLoader\n"
        "model = SentenceTransformer('all-MiniLM-L6-v2')",
        "loader = DataLoader(examples, shuffle=True, batch_size=16)\n"
        "model.fit(train_objectives=[(loader, losses.CosineSimilarityLoss(model))], epochs=1)",
    )
    result = check("REPRO002", snapshot_from({"match.ipynb": notebook(*cells)}))
    assert result.status is Status.SKIP
    assert result.message.startswith("not judged until PyTorch is seeded"), result.message
    seeded = ("import torch\ntorch.manual_seed(0)\n" + cells[0], cells[1])
    result = check("REPRO002", snapshot_from({"match.ipynb": notebook(*seeded)}))
    assert result.status is Status.WARN, result.message
    # Embedding alone trains nothing.
    encoding = (cells[0] + "\nemb = model.encode(texts)\nprint(emb)",)
    result = check("REPRO002", snapshot_from({"match.ipynb": notebook(*encoding)}))
    assert result.status is Status.SKIP
    assert result.message.startswith("no PyTorch training"), result.message


def test_repro002_a_keras_fit_of_a_hugging_face_tf_model_is_no_torch_training() -> None:
    # A BART fine-tune in Keras: transformers is imported, but model.fit is Keras' on a TF
    # model; REPRO001 asks for TensorFlow's seed, and nothing here waits for PyTorch's.
    code = (
        "from transformers import TFAutoModelForSeq2SeqLM\n"
        "model = TFAutoModelForSeq2SeqLM.from_pretrained('facebook/bart-large-cnn')\n"
        "train = model.prepare_tf_dataset(tokenized['train'], batch_size=4)\n"
        "model.compile(optimizer='adam')\nmodel.fit(train, epochs=2)\n"
    )
    result = check("REPRO002", snapshot_from({"finetune.py": code}))
    assert result.status is Status.SKIP
    assert "PyTorch is seeded" not in result.message
    assert "no PyTorch training" in result.message
    # A Hugging Face Trainer's train() stays PyTorch training.
    hf = "from transformers import Trainer\ntrainer = Trainer(model=m, args=a)\ntrainer.train()\n"
    assert "no PyTorch training" not in check("REPRO002", snapshot_from({"t.py": hf})).message


def test_repro002_a_jax_step_beside_a_torch_embedder_is_no_torch_training() -> None:
    # ESM embeddings computed by PyTorch under no_grad, a Flax head stepped by
    # state.apply_gradients: transformers is imported, but nothing trains a PyTorch model, so
    # no deterministic PyTorch kernels are asked for.
    code = (
        "import jax\nimport torch\nfrom transformers import EsmModel\n"
        "torch.manual_seed(0)\nesm = EsmModel.from_pretrained('facebook/esm2_t6_8M_UR50D')\n"
        "with torch.no_grad():\n    x = esm(**tokens).last_hidden_state.mean(1).cuda()\n"
        "for batch in batches(x):\n"
        "    loss, grads = jax.value_and_grad(loss_fn)(state.params, batch)\n"
        "    state = state.apply_gradients(grads=grads)\n"
    )
    result = check("REPRO002", snapshot_from({"train.py": code}))
    assert result.status is Status.SKIP
    assert "no PyTorch training" in result.message


# REPRO006 -----------------------------------------------------------------------------------


def test_repro006_passes_with_argparse_on_the_training_path() -> None:
    head = (
        "import argparse\n"
        "def parse():\n"
        "    p = argparse.ArgumentParser()\n    p.add_argument('--lr', type=float)\n"
        "    return p.parse_args()\n"
        "lr = parse().lr\n"
        "augment = parse().augment\n"
    )
    result = check("REPRO006", snapshot_from({"train.py": script(head)}))
    assert result.status is Status.PASS
    assert [(e.path, e.line, e.snippet) for e in result.evidence] == [
        ("train.py", 4, "argparse.ArgumentParser()  # argparse")
    ]
    assert result.metrics == {"training_entry_points": 1, "configurable": 1}


def test_repro006_trl_s_parser_reads_the_command_line_and_a_config_file() -> None:
    # TRL's example scripts read their settings through TrlParser, a HfArgumentParser that
    # also takes --config: the DPO script is configured from outside like any argparse one.
    trl = (
        "from trl import DPOConfig, DPOTrainer, ModelConfig, ScriptArguments, TrlParser\n\n"
        "if __name__ == '__main__':\n"
        "    parser = TrlParser((ScriptArguments, DPOConfig, ModelConfig))\n"
        "    script_args, training_args, model_config = parser.parse_args_and_config()\n"
        "    trainer = DPOTrainer(model_config.model_name_or_path, args=training_args)\n"
        "    trainer.train()\n"
    )
    result = check("REPRO006", snapshot_from({"dpo.py": trl}))
    assert result.status is Status.PASS, result.message


def test_repro006_a_parser_handed_a_list_reads_no_command_line() -> None:
    # A script converted from a notebook keeps `parse_args([])`: the flags the README shows
    # (`python main.py --lr 0.1`) are never read, and every run takes the defaults.
    head = (
        "import argparse\n"
        "p = argparse.ArgumentParser()\np.add_argument('--lr', type=float, default=0.1)\n"
        "lr = p.parse_args([]).lr\n"
    )
    result = check("REPRO006", snapshot_from({"train.py": script(head)}))
    assert result.status is not Status.PASS, result.message
    assert "parse_args([])" in result.message
    # Handed the command line's own arguments, or a list only on one of two paths, it reads.
    for call in ("p.parse_args(sys.argv[1:])", "p.parse_args() if cli else p.parse_args([])"):
        reads = head.replace("p.parse_args([])", call).replace(
            "import argparse", "import sys, argparse"
        )
        result = check("REPRO006", snapshot_from({"train.py": script(reads)}))
        assert result.status is Status.PASS, (call, result.message)
    # In a notebook, `parse_args([])` is how a parser is used: its cell is edited to run.
    cells = notebook(script(head).replace("\nif __name__ == '__main__':\n    main()\n", "main()\n"))
    result = check("REPRO006", snapshot_from({"train.ipynb": cells}))
    assert result.status is Status.PASS, result.message


def test_repro006_a_flag_declared_type_bool_cannot_be_turned_off() -> None:
    # argparse hands the flag's text to bool(): any non-empty value, "False" included, is
    # True, so the README's `--augment False` still augments.
    head = (
        "import argparse\n"
        "def parse():\n"
        "    p = argparse.ArgumentParser()\n    p.add_argument('--lr', type=float)\n"
        "    p.add_argument('--augment', type=bool, default=True)\n"
        "    return p.parse_args()\n"
        "lr = parse().lr\n"
        "augment = parse().augment\n"
    )
    result = check("REPRO006", snapshot_from({"train.py": script(head)}))
    assert result.status is Status.WARN
    assert "--augment is declared type=bool" in result.message
    assert ("train.py", 6) in [(e.path, e.line) for e in result.evidence]
    # action="store_true", or a converter of its own, reads the value.
    fixed = head.replace("type=bool, default=True", "action='store_true'")
    assert check("REPRO006", snapshot_from({"train.py": script(fixed)})).status is Status.PASS
    # A parser kept in a module the run imports is the run's; an export script's is not.
    parser = (
        "import argparse\np = argparse.ArgumentParser()\np.add_argument('--augment', type=bool)\n"
    )
    imported = script("from args import p\nlr = 0.1\naugment = p.parse_args().augment\n")
    result = check("REPRO006", snapshot_from({"train.py": imported, "args.py": parser}))
    assert [(e.path, e.line) for e in result.evidence][-1] == ("args.py", 3)
    apart = {"train.py": script(fixed), "export.py": parser.replace("augment", "push")}
    assert check("REPRO006", snapshot_from(apart)).status is Status.PASS


def test_repro006_a_flag_declared_type_bool_that_nothing_reads_is_left_alone() -> None:
    # A coursework parser declares --shuffle type=bool, and nothing reads args.shuffle: the
    # flag is dead, so what argparse makes of "False" changes no run.
    head = (
        "import argparse\n"
        "p = argparse.ArgumentParser()\n"
        "p.add_argument('--lr', type=float)\n"
        "p.add_argument('--shuffle', type=bool, default=False)\n"
        "p.add_argument('--use-amp', dest='amp', type=bool)\n"
        "args = p.parse_args()\n"
        "lr = args.lr\n"
    )
    assert check("REPRO006", snapshot_from({"train.py": script(head)})).status is Status.PASS
    # A module's attributes, or a module looked up by name, read no option.
    modules = (
        "import random\nfrom torchvision.models import resnet\nrandom.shuffle([1, 2])\n"
        "backbone = resnet.__dict__['resnet18']\nact = getattr(torch.nn, 'ReLU')\n"
        "layer = getattr(torch.nn, args.lr and 'ReLU')\n"
    )
    unread = check("REPRO006", snapshot_from({"train.py": script(head + modules)}))
    assert unread.status is Status.PASS, unread.message
    # Read under its dest, by name, or through the whole namespace, the flag counts again.
    for read in ("amp = args.amp\n", "amp = getattr(args, 'amp')\n", "run(**vars(args))\n"):
        result = check("REPRO006", snapshot_from({"train.py": script(head + read)}))
        assert result.status is Status.WARN, read
        assert "--use-amp is declared type=bool" in result.message or "vars" in read


def test_repro006_a_preprocessing_fit_is_no_training_call() -> None:
    # LabelEncoder().fit(y) learns the class names, a scaler a mean: neither is the training
    # a run's settings are about, so neither is evidence of one, nor makes a run of its own.
    train = (
        "from sklearn.preprocessing import LabelEncoder, StandardScaler\n"
        "from sklearn.ensemble import RandomForestClassifier\n"
        "le = LabelEncoder()\n"
        "le.fit(df['label'])\n"
        "LabelEncoder().fit(df['city'])\n"
        "prep = StandardScaler()\n"
        "prep.fit(X)\n"
        "clf = RandomForestClassifier()\n"
        "clf.fit(X, y)\n"
    )
    result = check("REPRO006", snapshot_from({"train.py": train}))
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 9)]
    only_encoding = (
        "from sklearn.preprocessing import LabelEncoder\nle = LabelEncoder()\nle.fit(y)\n"
    )
    assert check("REPRO006", snapshot_from({"prep.py": only_encoding})).status is Status.SKIP


def test_repro006_nanogpt_configurator_counts() -> None:
    train = (
        "import torch\nlearning_rate = 6e-4\nmax_iters = 600000\n"
        "exec(open('configurator.py').read())\n"
        "model = torch.nn.Linear(2, 2)\n"
        "optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate)\n"
        "while True:\n    loss = model(x).sum()\n    loss.backward()\n    optimizer.step()\n"
    )
    configurator = "import sys\nfor arg in sys.argv[1:]:\n    print(arg)\n"
    files = {"train.py": train, "configurator.py": configurator}
    result = check("REPRO006", snapshot_from(files))
    assert result.status is Status.PASS
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 4)]
    assert "configurator" in result.message


def test_repro006_settings_in_a_config_module_of_the_project_count() -> None:
    # Hyperparameters kept in config.py and imported are read from one place, as a config
    # file's are: a run changes them there, not in the training code.
    fit = "from keras.models import Sequential\nmodel = Sequential()\n"
    keras = {
        "train.py": "import config as cfg\n" + fit + "model.fit(x, y, epochs=cfg.EPOCHS)\n",
        "config.py": "EPOCHS = 10\nBATCH = 32\n",
    }
    result = check("REPRO006", snapshot_from(keras))
    assert result.status is Status.PASS, result.message
    assert "config module (config.py)" in result.message
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 1)]
    named = "from hparams import EPOCHS\n" + fit + "model.fit(x, y, epochs=EPOCHS)\n"
    files = {"train.py": named, "hparams.py": "EPOCHS = 10\n"}
    assert check("REPRO006", snapshot_from(files)).status is Status.PASS
    # The reader's own config.py, made from the committed template and kept out of git.
    kept_out = {
        "train.py": keras["train.py"],
        "example.config.py": keras["config.py"],
        ".gitignore": "/config.py\n",
    }
    assert check("REPRO006", snapshot_from(kept_out)).status is Status.PASS
    # The same with a template that is no module (config.py.sample): only git knows the name.
    kept_out["config.py.sample"] = kept_out.pop("example.config.py")
    result = check("REPRO006", snapshot_from(kept_out))
    assert result.status is Status.PASS, result.message
    assert "config.py, which .gitignore keeps out" in result.message
    # A module of config classes and helpers holds no settings of a run.
    mixin = {
        "train.py": "from hparams_mixin import Saver\n" + fit + "model.fit(x, y, epochs=E)\n",
        "hparams_mixin.py": "import logging\nlog = logging.getLogger()\nclass Saver:\n    pass\n",
    }
    assert "config module" not in check("REPRO006", snapshot_from(mixin)).message
    classes = {**keras, "config.py": "class TrainConfig:\n    pass\n"}
    assert "config module" not in check("REPRO006", snapshot_from(classes)).message
    # A learner's variables.py that every script star-imports is the same one place.
    starred = "from variables import *\n" + fit + "model.fit(x, y, epochs=EPOCHS)\n"
    files = {"train.py": starred, "variables.py": "EPOCHS = 20\nBATCH_SIZE = 8\n"}
    result = check("REPRO006", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert "config module (variables.py)" in result.message
    # A project module named for something else configures nothing.
    other = {"train.py": keras["train.py"].replace("config", "layers"), "layers.py": "EPOCHS = 1\n"}
    assert check("REPRO006", snapshot_from(other)).status is not Status.PASS


def test_repro006_a_module_of_nothing_but_settings_counts_whatever_its_last_word() -> None:
    # A course project's param_utils.py holds only BATCH_SIZE, LR, EPOCHS...: the one place
    # its two training scripts take them from, whatever the name ends with.
    fit = "from keras.models import Sequential\nmodel = Sequential()\n"
    train = "from param_utils import EPOCHS, LR\n" + fit + "model.fit(x, y, epochs=EPOCHS)\n"
    files = {"train.py": train, "param_utils.py": "EPOCHS = 100\nLR = 0.0002\n"}
    result = check("REPRO006", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert "config module (param_utils.py)" in result.message
    # Helpers named so, beside a constant, are no settings module.
    helpers = "EPOCHS = 100\ndef load(path):\n    return path\n"
    files = {"train.py": train, "param_utils.py": helpers}
    assert "config module" not in check("REPRO006", snapshot_from(files)).message


def test_repro006_a_parameters_module_of_nothing_but_settings_counts() -> None:
    # A learner's GAN keeps NUM_EPOCHS, BATCH_SIZE and LEARNING_RATE in parameters.py, under
    # a docstring, and each version's train.py star-imports it: the one place a run is set.
    fit = "from keras.models import Sequential\nmodel = Sequential()\n"
    train = "from parameters import *\n" + fit + "model.fit(x, y, epochs=NUM_EPOCHS)\n"
    settings = '"""Model and training parameters."""\nNUM_EPOCHS = 100\nLEARNING_RATE = 1e-4\n'
    files = {"TF 2.0/train.py": train, "TF 2.0/parameters.py": settings}
    result = check("REPRO006", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert "config module (TF 2.0/parameters.py)" in result.message
    # A parameters.py that also holds functions (counting a model's weights) is no settings.
    helpers = settings + "def count(model):\n    return len(model.weights)\n"
    files = {"TF 2.0/train.py": train, "TF 2.0/parameters.py": helpers}
    assert "config module" not in check("REPRO006", snapshot_from(files)).message


def test_repro006_settings_read_from_environment_variables_count() -> None:
    # A config.py reading each setting from the environment, with its default, is the
    # twelve-factor way to configure a run (``EXPERIMENT=deep python train.py``).
    fit = "from keras.models import Sequential\nmodel = Sequential()\n"
    config = (
        "import os\nfrom dotenv import load_dotenv\nload_dotenv()\n"
        "EPOCHS = int(os.environ.get('EPOCHS', 10))\n"
        "AUGMENT = os.getenv('AUGMENT', 'true').lower() == 'true'\n"
    )
    train = "from config import EPOCHS\n" + fit + "model.fit(x, y, epochs=EPOCHS)\n"
    result = check("REPRO006", snapshot_from({"train.py": train, "config.py": config}))
    assert result.status is Status.PASS, result.message
    assert "config module (config.py)" in result.message
    # The same read in the training script itself, for a setting of the run.
    direct = "import os\n" + fit + "model.fit(x, y, epochs=int(os.getenv('EPOCHS', '10')))\n"
    result = check("REPRO006", snapshot_from({"train.py": direct}))
    assert result.status is Status.PASS, result.message
    assert "environment variables" in result.message
    # A key or a folder taken from the environment sets nothing of the run.
    other = "import os\n" + fit + "KEY = os.getenv('WANDB_API_KEY')\nmodel.fit(x, y)\n"
    assert check("REPRO006", snapshot_from({"train.py": other})).status is Status.WARN
    secrets = {"train.py": train, "config.py": "import os\nKEY = os.getenv('API_KEY')\n"}
    assert check("REPRO006", snapshot_from(secrets)).status is Status.WARN


def test_repro006_config_files_and_dataclass_configs() -> None:
    yaml_head = "import yaml\ncfg = yaml.safe_load(open('config.yaml'))\nlr = cfg['lr']\n"
    result = check("REPRO006", snapshot_from({"train.py": script(yaml_head)}))
    assert result.status is Status.PASS and "config file (yaml)" in result.message
    config = (
        "from dataclasses import dataclass as dc\n\n"
        "@dc\nclass TrainConfig:\n    lr: float = 1e-3\n    epochs: int = 3\n"
    )
    head = "from config import TrainConfig\nlr = TrainConfig().lr\n"
    files = {"config.py": config, "train.py": script(head)}
    result = check("REPRO006", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.evidence[0].path in ("config.py", "train.py")
    data_json = "import json\nrows = json.load(open('data.json'))\nlr = 0.1\n"
    result = check("REPRO006", snapshot_from({"train.py": script(data_json)}))
    assert "config file" not in result.message and "named once" in result.message
    config_json = "import json\nhp = json.load(open('config.json'))\nlr = hp['lr']\n"
    assert check("REPRO006", snapshot_from({"train.py": script(config_json)})).status is Status.PASS


def test_repro006_json_config_named_by_its_folder() -> None:
    # configs/default.json is a config by its folder, whatever the file's own name.
    head = (
        "import json, os\nHERE = os.path.dirname(os.path.abspath(__file__))\n"
        "with open(os.path.join(HERE, 'configs/default.json')) as f:\n"
        "    params = json.load(f)['cnn_params']\nlr = params['lr']\n"
    )
    result = check("REPRO006", snapshot_from({"train.py": script(head)}))
    assert result.status is Status.PASS and "config file (json)" in result.message
    # A data file in a data folder is still no config.
    data = "import json\nrows = json.load(open('data/labels.json'))\nlr = 0.1\n"
    result = check("REPRO006", snapshot_from({"train.py": script(data)}))
    assert "config file" not in result.message


def test_repro006_json_config_named_by_the_name_it_is_given_or_read_from() -> None:
    # A folder of parameter files, each loaded in turn: the file names are only known at run
    # time, but the names in the code say what the files hold.
    head = (
        "import json, os\n\n"
        "def learn(name, folder):\n"
        "    params_path = os.path.join(folder, name)\n"
        "    with open(params_path) as file:\n"
        "        loaded = json.load(file)\n"
        "    return loaded\n\n"
        "for name in os.listdir('hyperparameter'):\n    hp = learn(name, 'hyperparameter')\n"
        "lr = hp['lr']\n"
    )
    result = check("REPRO006", snapshot_from({"train.py": script(head)}))
    assert result.status is Status.PASS and "config file (json)" in result.message
    given = "import json\nwith open(path) as f:\n    params_dict = json.load(f)\n"
    result = check("REPRO006", snapshot_from({"train.py": script(given + "lr = 0.1\n")}))
    assert "config file (json)" in result.message
    # Rows read from a file with neither name saying so are still data.
    data = "import json\nwith open(path) as f:\n    rows = json.load(f)\nlr = 0.1\n"
    result = check("REPRO006", snapshot_from({"train.py": script(data)}))
    assert "config file" not in result.message


def test_repro006_click_decorators_on_the_entry_function() -> None:
    code = (
        "import click\nimport torch\n\n"
        "@click.command()\n@click.option('--lr', default=0.1)\n"
        "def main(lr):\n"
        "    optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n"
        f"{LOOP}"
        "\nif __name__ == '__main__':\n    main()\n"
    )
    result = check("REPRO006", snapshot_from({"cli.py": code}))
    assert result.status is Status.PASS
    assert result.evidence[0].line in (4, 5)


def test_repro006_literals_in_a_training_notebook_warn_with_the_cell() -> None:
    nb = notebook(
        "import torch\nimport torch.nn as nn",
        "model = nn.Linear(2, 2)\nopt = torch.optim.Adam(model.parameters(), lr=0.001)",
        "for epoch in range(10):\n    opt.zero_grad()\n    model(x).sum().backward()\n    opt.step()",
    )
    result = check("REPRO006", snapshot_from({"train.ipynb": nb}))
    assert result.status is Status.WARN
    # A notebook is run by editing its cells: values typed into them are a lighter warn than
    # a script's, and the way out is a settings cell, not a command line.
    assert result.score == 0.75
    assert result.message == "hyperparameters typed into the training cells (train.ipynb)"
    assert [(e.cell, e.line, e.snippet) for e in result.evidence] == [
        (1, 2, "torch.optim.Adam(model.parameters(), lr=0.001)  # lr typed in place"),
        (2, 1, "for epoch in range(10):  # epochs typed in place"),
    ]
    # Nothing typed and nothing read: a notebook has no command line to ask for.
    bare = notebook(
        "import torch\nimport torch.nn as nn",
        "model = nn.Linear(2, 2)\nopt = torch.optim.Adam(model.parameters())",
        "for x in loader:\n    opt.zero_grad()\n    model(x).sum().backward()\n    opt.step()",
    )
    result = check("REPRO006", snapshot_from({"train.ipynb": bare}))
    assert result.status is Status.WARN
    assert result.message == "no settings cell or config file (train.ipynb)"
    assert result.evidence[0].snippet.endswith("# trains with settings from no cell or file")


def test_repro006_a_notebooks_first_training_call_is_the_first_cell_to_train() -> None:
    # Each fit on line 1 of its cell: the evidence is the first cell's, read by cell then
    # line (an NHL notebook pointed at its last fit, cell 36, over the first, cell 34).
    nb = notebook(
        "from sklearn.linear_model import LogisticRegression\n"
        "from sklearn.ensemble import RandomForestClassifier",
        "lr = LogisticRegression(random_state=8, solver='liblinear').fit(X, y)",
        "print(lr.score(X, y))",
        "rf = RandomForestClassifier(random_state=8).fit(X, y)",
    )
    result = check("REPRO006", snapshot_from({"game.ipynb": nb}))
    assert result.message == "no settings cell or config file (game.ipynb)"
    assert [(e.cell, e.line) for e in result.evidence] == [(1, 1)]


def test_repro006_named_constants_pass_with_a_note() -> None:
    # Constants named at the top of a short script are how it is run: true that a command
    # line would be better, not what a reviewer asks first.
    head = "LR = 3e-4\nEPOCHS = 5\nlr = LR\n"
    result = check("REPRO006", snapshot_from({"train.py": script(head)}))
    assert result.status is Status.PASS
    assert result.message == (
        "settings named once at the top of train.py, where a run changes them in one place"
    )
    assert [(e.line, e.snippet) for e in result.evidence] == [(2, "LR = 3e-4"), (3, "EPOCHS = 5")]
    assert result.metrics == {"training_entry_points": 1, "configurable": 0}


def test_repro006_classical_settings_named_at_the_top_are_named_once() -> None:
    # A scikit-learn baseline names its estimator's settings in a block at the top
    # (SVM_C = 2.0, N_NEIGHBORS = 5) and builds the estimator from those names: the block a
    # run's values are changed in, as LR and EPOCHS are for a network.
    for head, estimator in (
        ("SVM_C = 2.0\nSVM_GAMMA = 'scale'\n", "SVC(C=SVM_C, gamma=SVM_GAMMA)"),
        ("N_NEIGHBORS = 5\nWEIGHTS = 'uniform'\n", "KNeighborsClassifier(n_neighbors=N_NEIGHBORS)"),
    ):
        source = (
            "from sklearn.svm import SVC\n"
            "from sklearn.neighbors import KNeighborsClassifier\n"
            f"{head}"
            "def main():\n"
            f"    clf = {estimator}\n"
            "    clf.fit(X_train, y_train)\n"
            "    print(clf.score(X_val, y_val))\n"
            "\nif __name__ == '__main__':\n    main()\n"
        )
        result = check("REPRO006", snapshot_from({"train.py": source}))
        assert result.status is Status.PASS, (head, result.message)
        assert result.message.startswith("settings named once at the top"), result.message
        assert [e.line for e in result.evidence] == [3], head
    # A value of a computation named by a letter (a lecture's ``c = 10.0``) is no setting.
    lecture = "c = 10.0\n"
    source = (
        "from sklearn.svm import SVC\n"
        f"{lecture}"
        "def main():\n"
        "    clf = SVC(kernel=KERNEL)\n"
        "    clf.fit(X_train * c, y_train)\n"
        "\nif __name__ == '__main__':\n    main()\n"
    )
    assert check("REPRO006", snapshot_from({"train.py": source})).status is Status.WARN
    # A script with no such block still says it takes no settings.
    bare = (
        "from sklearn.svm import SVC\n"
        "def main():\n"
        "    clf = SVC(kernel=KERNEL)\n"
        "    clf.fit(X_train, y_train)\n"
        "\nif __name__ == '__main__':\n    main()\n"
    )
    assert check("REPRO006", snapshot_from({"train.py": bare})).status is Status.WARN


def test_repro006_constants_at_the_top_of_the_module_that_trains_are_named_once() -> None:
    # A grid-search script hands its data to a class in cnn.py, whose fit reads BATCH_SIZE
    # and EPOCHS named at the top of cnn.py: the one block a run's values are changed in,
    # though it is not the entry point's own file.
    model = (
        "from keras.models import Sequential\nBATCH_SIZE = 64\nEPOCHS = 50\n"
        "class CNN:\n"
        "    def train(self, x, y):\n"
        "        model = Sequential()\n"
        "        model.fit(x, y, batch_size=BATCH_SIZE, epochs=EPOCHS)\n"
    )
    files = {"train.py": "from cnn import CNN\nCNN().train(x, y)\n", "cnn.py": model}
    result = check("REPRO006", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert result.message.startswith("settings named once at the top"), result.message
    assert [(e.path, e.line) for e in result.evidence] == [("cnn.py", 2), ("cnn.py", 3)]
    # A module that trains with nothing named at its top still warns.
    bare = model.replace("BATCH_SIZE = 64\nEPOCHS = 50\n", "")
    files = {"train.py": files["train.py"], "cnn.py": bare}
    assert check("REPRO006", snapshot_from(files)).status is Status.WARN
    # Constants at the top of a module the run imports but that does not train name nothing.
    helper = "BATCH_SIZE = 64\ndef load():\n    return 1\n"
    files = {
        "train.py": "from helper import load\nfrom cnn import CNN\nCNN().train(x, y)\n",
        "cnn.py": bare,
        "helper.py": helper,
    }
    assert check("REPRO006", snapshot_from(files)).status is Status.WARN


def test_repro006_an_early_stopping_counter_is_no_setting() -> None:
    # ``no_improve_epochs = 0`` at the top of a script, counted up by ``+= 1`` each epoch
    # without progress, is the run's state: its name ends like a setting's, but nobody
    # changes a run through it. The real settings beside it stay the evidence.
    head = "LR = 3e-4\nlr = LR\nno_improve_epochs = 0\n"
    body = LOOP + "    no_improve_epochs += 1\n"
    result = check("REPRO006", snapshot_from({"train.py": script(head, body)}))
    assert result.status is Status.PASS
    assert [(e.line, e.snippet) for e in result.evidence] == [(2, "LR = 3e-4")]
    # A counter alone names no setting: the run reads its values from nowhere.
    head = "lr = 0.1\nno_improve_epochs = 0\n"
    body = LOOP + "    global no_improve_epochs\n    no_improve_epochs += 1\n"
    result = check("REPRO006", snapshot_from({"train.py": script(head, body)}))
    assert all("no_improve_epochs" not in e.snippet for e in result.evidence), result.evidence


def test_repro006_annotated_constants_are_named_once_too() -> None:
    # "LR: float = 1e-3" at the top of a typed script is the same block of settings.
    head = "LR: float = 3e-4\nEPOCHS: int = 5\nlr = LR\n"
    result = check("REPRO006", snapshot_from({"train.py": script(head)}))
    assert result.status is Status.PASS
    assert [(e.line, e.snippet) for e in result.evidence] == [
        (2, "LR: float = 3e-4"),
        (3, "EPOCHS: int = 5"),
    ]
    # A bare annotation sets nothing.
    bare = "LR: float\nEPOCHS: int\nlr = 0.1\n"
    result = check("REPRO006", snapshot_from({"train.py": script(bare)}))
    assert [(e.line, e.snippet) for e in result.evidence] == [(4, "lr = 0.1")]


def test_repro006_a_value_typed_into_the_training_call_warns_beside_named_constants() -> None:
    head = "LR = 3e-4\nEPOCHS = 5\nlr = LR\n"
    code = script(head).replace("lr=lr)", "lr=0.01)")
    result = check("REPRO006", snapshot_from({"train.py": code}))
    assert result.status is Status.WARN
    assert result.score == 0.4
    assert [e.snippet for e in result.evidence] == [
        "torch.optim.SGD(model.parameters(), lr=0.01)  # lr typed in place"
    ]


def test_repro006_the_running_average_momentum_of_a_batch_norm_is_no_training_setting() -> None:
    # A batch norm written from scratch (the textbook exercise) or torch's own: the momentum
    # of its running statistics is part of the layer, not the optimizer's momentum.
    head = (
        "LR = 3e-4\nEPOCHS = 5\nlr = LR\n"
        "def batch_norm(x, mean, var, eps, momentum):\n"
        "    return x, momentum * mean, momentum * var\n"
        "class BatchNorm(torch.nn.Module):\n"
        "    def forward(self, x):\n"
        "        y, self.mean, self.var = batch_norm(x, self.mean, self.var, eps=1e-5, momentum=0.9)\n"
        "        return torch.nn.BatchNorm1d(2, momentum=0.01)(y)\n"
        "class Net(torch.nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.body = torch.nn.Sequential(torch.nn.Linear(2, 2), BatchNorm())\n"
        "    def forward(self, x):\n"
        "        return self.body(x)\n"
    )
    code = script(head).replace("torch.nn.Linear(2, 2).cuda()", "Net().cuda()")
    result = check("REPRO006", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS, [e.snippet for e in result.evidence]
    # The optimizer's momentum typed in place still warns.
    code = code.replace("lr=lr)", "lr=lr, momentum=0.9)")
    assert check("REPRO006", snapshot_from({"train.py": code})).status is Status.WARN


def test_repro006_a_learning_rate_passed_by_position_is_typed_in_place_too() -> None:
    positional = "optim.SGD(model.parameters(), 0.01)"
    code = script("from torch import optim\nLR = 3e-4\nEPOCHS = 5\n").replace(
        "torch.optim.SGD(model.parameters(), lr=lr)", positional
    )
    result = check("REPRO006", snapshot_from({"train.py": code}))
    assert result.status is Status.WARN
    assert [e.snippet for e in result.evidence] == [f"{positional}  # lr typed in place"]


def test_repro006_one_example_with_named_constants_beside_configured_runs_passes() -> None:
    # pytorch-lightning: every example reads argparse but one DCGAN port names its constants.
    parsed = script(
        "import argparse\nargs = argparse.ArgumentParser().parse_args()\nlr = args.lr\n"
    )
    named = script("batch_size = 128\nlr = 0.0002\n")
    files = {"examples/a/train.py": parsed, "examples/dcgan/train.py": named}
    result = check("REPRO006", snapshot_from(files))
    assert result.status is Status.PASS
    assert "argparse" in result.message and "examples/dcgan/train.py" in result.message


def test_repro006_a_parser_off_the_training_path_does_not_count() -> None:
    download = (
        "import argparse\n\nif __name__ == '__main__':\n"
        "    args = argparse.ArgumentParser().parse_args()\n"
    )
    files = {"download.py": download, "train.py": script("lr = float('0.1')\n")}
    result = check("REPRO006", snapshot_from(files))
    assert result.status is Status.WARN
    assert result.metrics == {"training_entry_points": 1, "configurable": 0}
    assert result.message == "no command-line arguments or config file (train.py)"
    assert [(e.path, e.line, e.snippet) for e in result.evidence] == [
        ("train.py", 9, "loss.backward()  # trains with settings from no argument or config file")
    ]


def test_repro006_sklearn_fit_with_literals() -> None:
    code = (
        "from sklearn.ensemble import RandomForestClassifier as RF\n"
        "clf = RF(n_estimators=100, max_depth=5)\nclf.fit(X, y)\n"
    )
    result = check("REPRO006", snapshot_from({"fit.py": code}))
    assert result.status is Status.WARN
    # The forest's 100 trees are scikit-learn's default; the depth is the choice.
    assert [(e.line, e.snippet) for e in result.evidence] == [
        (2, "RF(n_estimators=100, max_depth=5)  # max_depth typed in place")
    ]


def test_repro006_one_step_per_call_is_training_too() -> None:
    # tiny-classifier's shape: backward() beside optimizer.step(), the loop in the caller.
    code = (
        "import torch\n\n"
        "def train_epoch(model, optimizer, x):\n"
        "    optimizer.zero_grad()\n    model(x).sum().backward()\n    optimizer.step()\n\n"
        "if __name__ == '__main__':\n"
        "    for epoch in range(20):\n        train_epoch(model, opt, x)\n"
    )
    result = check("REPRO006", snapshot_from({"train.py": code}))
    assert result.status is Status.WARN
    assert [(e.line, e.snippet) for e in result.evidence] == [
        (9, "for epoch in range(20):  # epochs typed in place")
    ]


def test_repro006_a_step_through_a_grad_scaler_is_training_too() -> None:
    # Mixed precision's step: scaler.scale(loss).backward() and scaler.step(optimizer) in a
    # train_step(), the loop in the caller; the scaler steps the optimizer it is handed.
    code = (
        "import torch\n\n"
        "def train_step(model, optimizer, scaler, x):\n"
        "    optimizer.zero_grad()\n    scaler.scale(model(x).sum()).backward()\n"
        "    scaler.step(optimizer)\n    scaler.update()\n\n"
        "if __name__ == '__main__':\n"
        "    for epoch in range(20):\n        train_step(model, opt, scaler, x)\n"
    )
    result = check("REPRO006", snapshot_from({"train.py": code}))
    assert result.status is Status.WARN
    assert [(e.line, e.snippet) for e in result.evidence] == [
        (10, "for epoch in range(20):  # epochs typed in place")
    ]
    # A scaler's step with nothing handed to it steps no optimizer: autograd shown, no run.
    idle = code.replace("scaler.step(optimizer)", "scaler.step()")
    assert check("REPRO006", snapshot_from({"train.py": idle})).status is Status.SKIP


def test_repro006_a_range_starting_at_one_up_to_a_named_count_is_not_typed_in_place() -> None:
    # for epoch in range(1, NUM_EPOCHS + 1): the 1 counts from one, the number of epochs
    # is the named constant; only a literal end is a setting typed in place.
    head = "NUM_EPOCHS = 10\nLEARNING_RATE = 1e-2\nlr = LEARNING_RATE\n"
    epochs = LOOP.replace("\n    ", "\n        ").replace("    for xb", "        for xb", 1)

    def run(stop: str) -> str:
        return script(head, f"    for epoch in range(1, {stop}):\n{epochs}")

    result = check("REPRO006", snapshot_from({"train.py": run("NUM_EPOCHS + 1")}))
    assert result.status is Status.PASS and "named once" in result.message
    for typed in ("11", "10 + 1"):
        result = check("REPRO006", snapshot_from({"train.py": run(typed)}))
        assert result.status is Status.WARN
        assert "epochs typed in place" in result.evidence[0].snippet


def test_repro006_backpropagation_through_a_chain_of_layers_is_not_training() -> None:
    # A network from scratch: Sequential.backward loops over its layers, each call handing
    # the gradient on. A notebook that calls net.backward(dout) once to show the shapes
    # does not train.
    layers = (
        "import numpy as np\n\n\n"
        "class Sequential:\n"
        "    def __init__(self, *layers):\n        self.layers = list(layers)\n\n"
        "    def forward(self, x):\n"
        "        for layer in self.layers:\n            x = layer.forward(x)\n        return x\n\n"
        "    def backward(self, dout):\n"
        "        for layer in reversed(self.layers):\n            dout = layer.backward(dout)\n"
        "        return dout\n"
    )
    demo = notebook(
        "import numpy as np\nfrom layers import Sequential",
        "net = Sequential()\nout = net.forward(np.ones((5, 4)))",
        "dx = net.backward(np.ones((5, 3)))\nprint(dx.shape)",
    )
    files = {"layers.py": layers, "shapes.ipynb": demo}
    assert check("REPRO006", snapshot_from(files)).status is Status.SKIP
    trains = notebook(
        "import numpy as np\nfrom layers import Sequential",
        "net = Sequential()\nfor epoch in range(10):\n    net.backward(net.forward(x) - y)",
    )
    result = check("REPRO006", snapshot_from({"layers.py": layers, "train.ipynb": trains}))
    assert result.status is Status.WARN and "train.ipynb" in result.message


def test_a_main_block_running_a_numpy_network_it_updates_by_hand_is_an_entry_point() -> None:
    # No command line, no file written: the main block trains the module's own network,
    # which moves its weights by hand. It is the run; REPRO006 judges its typed settings.
    homework = (
        "import numpy as np\n\n\n"
        "def update_parameters(parameters, grads, learning_rate):\n"
        "    parameters['W1'] -= learning_rate * grads['dW1']\n    return parameters\n\n\n"
        "def model(X, Y, learning_rate, num_iterations):\n"
        "    parameters = {'W1': np.random.randn(3, 2)}\n"
        "    for i in range(num_iterations):\n"
        "        grads = {'dW1': X @ Y}\n"
        "        parameters = update_parameters(parameters, grads, learning_rate)\n"
        "    return parameters\n\n\n"
        "if __name__ == '__main__':\n    print(model(np.ones((3, 2)), np.ones((2, 2)), 0.009, 3000))\n"
    )
    result = check("REPRO006", snapshot_from({"NeuralNetwork.py": homework}))
    assert result.status is not Status.SKIP, result.message
    assert result.metrics["training_entry_points"] == 1


def test_repro006_a_network_from_scratch_trains_where_it_updates_its_weights() -> None:
    # A numpy CNN homework: the loop calls train_step(), whose backward() walks the layers,
    # and update_params() moves each weight by hand. The update is the training step.
    cnn = (
        "import numpy as np\n\n\n"
        "class CNN:\n"
        "    def backward(self, dout):\n        grads = []\n"
        "        for layer in reversed(self.layers):\n"
        "            dout, grad = layer.backward(dout)\n            grads.append(grad)\n"
        "        return grads\n\n"
        "    def train_step(self, X, y):\n        return self.backward(self.forward(X) - y)\n"
    )
    optim = (
        "class SGD:\n"
        "    def minimize(self, net, batches, epochs):\n"
        "        for _ in range(epochs):\n            for X, y in batches:\n"
        "                self.update_params(net, net.train_step(X, y))\n\n"
        "    def update_params(self, net, grads):\n"
        "        for param, grad in zip(net.params, grads):\n"
        "            param -= self.learning_rate * grad\n"
    )
    main = (
        "import argparse\nfrom cnn import CNN\nfrom optim import SGD\n\n"
        "opt = argparse.ArgumentParser().parse_args()\n"
        "SGD().minimize(CNN(), batches, opt.epochs)\n"
    )
    files = {"cnn.py": cnn, "optim.py": optim, "main.py": main}
    result = check("REPRO006", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert result.metrics == {"training_entry_points": 1, "configurable": 1}
    # A reference backward pass that sums gradients (grad_w += ..., dW += ...) moves no
    # weight: checking a CUDA kernel against it trains nothing.
    check_kernel = (
        "import torch\n\n\ndef backward_cpu(grad, x, w):\n"
        "    grad_w = torch.zeros_like(w)\n    dW = torch.zeros_like(w)\n"
        "    for i in range(3):\n        grad_w[i] += torch.sum(grad * x)\n"
        "        dW += grad_w\n    return grad_w\n\n\n"
        "print(backward_cpu(torch.ones(3), torch.ones(3), torch.ones(3)))\n"
    )
    assert check("REPRO006", snapshot_from({"check.py": check_kernel})).status is Status.SKIP


def test_repro006_a_flower_app_reads_its_run_config() -> None:
    # Flower hands a ClientApp the [tool.flwr.app.config] table of pyproject.toml, which
    # `flwr run --run-config` overrides: that is the run's configuration.
    client = (
        "import torch\nfrom flwr.client import ClientApp\nfrom flwr.common import Context\n\n\n"
        "def train(net, loader, epochs, lr):\n"
        "    opt = torch.optim.SGD(net.parameters(), lr=lr)\n"
        "    for _ in range(epochs):\n"
        "        for x, y in loader:\n"
        "            opt.zero_grad()\n            net(x).sum().backward()\n            opt.step()\n\n\n"
        "def client_fn(context: Context):\n"
        "    epochs = int(context.run_config['local-epochs'])\n"
        "    lr = float(context.run_config['learning-rate'])\n"
        "    train(net, loader, epochs, lr)\n\n\n"
        "app = ClientApp(client_fn=client_fn)\n"
    )
    result = check("REPRO006", snapshot_from({"app/client_app.py": client}))
    assert result.status is Status.PASS, result.message
    assert "Flower run config" in result.message


def test_repro006_a_flower_clients_fit_runs_when_the_script_starts_the_client() -> None:
    # A client script of Flower's older API hands its NumPyClient to start_numpy_client;
    # Flower calls the client's fit each round, and that fit trains: a run typed in place.
    client = (
        "import flwr as fl\nfrom model import create_model\n\n"
        "model = create_model()\n\n\n"
        "class FlowerClient(fl.client.NumPyClient):\n"
        "    def get_parameters(self, config):\n        return model.get_weights()\n\n"
        "    def fit(self, parameters, config):\n"
        "        model.set_weights(parameters)\n"
        "        model.fit(x_train, y_train, epochs=10, batch_size=32)\n"
        "        return model.get_weights(), len(x_train), {}\n\n\n"
        "fl.client.start_numpy_client(server_address='127.0.0.1:8080', client=FlowerClient())\n"
    )
    model = (
        "import tensorflow as tf\n\n\ndef create_model():\n"
        "    model = tf.keras.Sequential([tf.keras.layers.Dense(10)])\n"
        "    model.compile(optimizer='adam', loss='mse')\n    return model\n"
    )
    result = check("REPRO006", snapshot_from({"client.py": client, "model.py": model}))
    assert result.status is Status.WARN, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("client.py", 13)], result.evidence


def test_repro006_tensorflows_own_absl_flags_in_a_config_module_count() -> None:
    # TensorFlow re-exports absl's flags as tf.app.flags and tf.compat.v1.app.flags: a
    # config.py of DEFINE_float(...) calls whose FLAGS the training script imports reads
    # its settings from the command line, with the defaults in one place.
    fit = "from keras.models import Sequential\nmodel = Sequential()\n"
    for module in ("tf.compat.v1.app.flags", "tf.app.flags", "tf.compat.v1.flags"):
        files = {
            "train.py": "from config import cfg\n" + fit + "model.fit(x, y, epochs=cfg.epoch)\n",
            "config.py": (
                f"import tensorflow as tf\nflags = {module}\n"
                "flags.DEFINE_integer('epoch', 20, 'epochs')\n"
                f"cfg = {module}.FLAGS\n"
            ),
        }
        result = check("REPRO006", snapshot_from(files))
        assert result.status is Status.PASS, (module, result.message)


def test_repro006_absl_flags_parsed_from_a_fixed_list_read_no_command_line() -> None:
    # PySC2's scripts run outside absl's app.run and start absl's flags by hand with
    # FLAGS(['']) (or FLAGS(['train.py'])): a list typed into the call, not sys.argv. The
    # command line gives the run nothing, and the settings typed into the fit are its own.
    run = (
        "from absl import flags\nfrom keras.models import Sequential\n\n"
        "FLAGS = flags.FLAGS\nFLAGS([''])\n\n"
        "model = Sequential()\nmodel.fit(x, y, batch_size=32, epochs=100)\n"
    )
    result = check("REPRO006", snapshot_from({"train.py": run}))
    assert result.status is Status.WARN, result.message
    # Named once at the top, they pass for that reason, not for absl's.
    named = run.replace("model = S", "batch_size = 32\nepochs = 100\nmodel = S").replace(
        "batch_size=32, epochs=100", "batch_size=batch_size, epochs=epochs"
    )
    result = check("REPRO006", snapshot_from({"train.py": named}))
    assert result.status is Status.PASS, result.message
    assert "absl" not in result.message, result.message
    for parsed in ("FLAGS(sys.argv)", "flags.DEFINE_integer('epochs', 100, 'epochs')"):
        read = run.replace("FLAGS([''])", "import sys\n" + parsed)
        result = check("REPRO006", snapshot_from({"train.py": read}))
        assert result.status is Status.PASS, (parsed, result.message)


def test_repro006_skips_without_training() -> None:
    inference = "import torch\nmodel = torch.load('m.pt')\ny = model(x)\n"
    demo = "import torch\nx = torch.ones(2, requires_grad=True)\n(x * 2).sum().backward()\n"
    for code in (inference, demo):
        result = check("REPRO006", snapshot_from({"run.py": code}))
        assert result.status is Status.SKIP


def test_repro006_json_config_named_in_the_open_call_and_searches() -> None:
    head = "import json\nwith open('config.json') as f:\n    cfg = json.load(f)\nlr = cfg['lr']\n"
    result = check("REPRO006", snapshot_from({"train.py": script(head)}))
    assert result.status is Status.PASS
    assert [(e.line, e.snippet) for e in result.evidence] == [
        (4, "json.load(f)  # a config file (json)")
    ]
    search = "import optuna\nstudy = optuna.create_study()\nlr = 0.1\n"
    result = check("REPRO006", snapshot_from({"train.py": script(search)}))
    assert result.status is Status.PASS and "hyperparameter search" in result.message


def test_repro006_project_config_objects_and_typer_commands() -> None:
    utils = "class CfgNode:\n    def merge(self, other):\n        return self\n"
    utils += "\ndef get_default_config():\n    return CfgNode()\n"
    train = "from utils import get_default_config\n" + script("cfg = get_default_config()\n")
    result = check("REPRO006", snapshot_from({"utils.py": utils, "train.py": train}))
    assert result.status is Status.PASS
    assert result.message == "runs read their settings from a config object (get_default_config)"
    cli = (
        "import torch\nimport typer\napp = typer.Typer()\n\n"
        "@app.command()\ndef fit(lr: float = 0.1):\n"
        "    optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n"
        f"{LOOP}"
        "\nif __name__ == '__main__':\n    app()\n"
    )
    result = check("REPRO006", snapshot_from({"cli.py": cli}))
    assert result.status is Status.PASS
    assert [(e.line, e.snippet) for e in result.evidence] == [(3, "typer.Typer()  # typer")]


def test_naming_a_trainer_class_is_no_training_run() -> None:
    trainer = (
        "import torch\n\nclass Trainer:\n    def fit(self, model, optimizer, loader):\n"
        "        for x, y in loader:\n            optimizer.zero_grad()\n"
        "            model(x).sum().backward()\n            optimizer.step()\n"
    )
    load = (
        "import sys\nimport torch\nfrom trainer import Trainer\n\n"
        "torch.serialization.add_safe_globals([Trainer])\n"
        "state = torch.load(sys.argv[1], weights_only=True)\n"
    )
    files = {"trainer.py": trainer, "load.py": load}
    assert check("REPRO002", snapshot_from(files)).status is Status.SKIP
    assert check("REPRO006", snapshot_from(files)).status is Status.SKIP
    built = load + "Trainer().fit(model, optimizer, loader)\n"
    result = check("REPRO006", snapshot_from({**files, "load.py": built}))
    assert result.status is Status.PASS  # sys.argv on the path of a run that trains


def test_a_module_function_named_like_a_local_variable_is_still_followed() -> None:
    # attention-is-all-you-need-pytorch: prepare_dataloaders() assigns `train = ...`, and
    # main() calls the module's own train(), which trains.
    code = (
        "import torch\n\n"
        "def train(model, optimizer, loader):\n    for x, y in loader:\n"
        "        optimizer.zero_grad()\n        model(x).sum().backward()\n"
        "        optimizer.step()\n\n"
        "def prepare():\n    train = load_split('train')\n    return train\n\n"
        "def main():\n    train(model.cuda(), torch.optim.SGD(params, lr=0.1), prepare())\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    result = check("REPRO002", snapshot_from({"run.py": code}))
    # Nothing seeds torch: the switch is asked for once REPRO001's seed is there.
    assert result.status is Status.SKIP
    seeded = code.replace("def main():\n", "def main():\n    torch.manual_seed(0)\n")
    result = check("REPRO002", snapshot_from({"run.py": seeded}))
    assert result.status is Status.WARN
    assert result.evidence[0].snippet.startswith("torch.manual_seed(0)")
    result = check("REPRO006", snapshot_from({"run.py": code}))
    assert result.status is Status.WARN
    assert [(e.line, e.snippet) for e in result.evidence] == [
        (14, "torch.optim.SGD(params, lr=0.1)  # lr typed in place")
    ]


def test_repro006_settings_typed_into_an_evaluation_function_are_no_training_setting() -> None:
    # A Trainer built only to evaluate gets epochs=1 that no run trains with; the loader an
    # evaluation reads in batches of 64 changes no result either.
    code = (
        "import torch\n"
        "LR = 3e-4\n"
        "EPOCHS = 5\n"
        "def training_args(epochs, lr):\n"
        "    return {'epochs': epochs, 'lr': lr}\n"
        "def train(model, loader):\n"
        "    args = training_args(epochs=EPOCHS, lr=LR)\n"
        "    optimizer = torch.optim.SGD(model.parameters(), lr=args['lr'])\n"
        "    for xb, yb in loader:\n"
        "        optimizer.zero_grad()\n"
        "        model(xb).sum().backward()\n"
        "        optimizer.step()\n"
        "def evaluate_model(model, data):\n"
        "    args = training_args(epochs=1, lr=LR)\n"
        "    loader = torch.utils.data.DataLoader(data, batch_size=64)\n"
        "    with torch.no_grad():\n"
        "        return [model(xb) for xb in loader], args\n"
        "if __name__ == '__main__':\n"
        "    model = torch.nn.Linear(2, 2)\n"
        "    train(model, [])\n"
        "    evaluate_model(model, [])\n"
    )
    result = check("REPRO006", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS
    assert [(e.line, e.snippet) for e in result.evidence] == [(2, "LR = 3e-4"), (3, "EPOCHS = 5")]


def test_repro006_a_count_passed_to_an_evaluation_call_is_no_training_setting() -> None:
    # A notebook trains with settings named once, then evaluates the trained model on 100
    # test batches: evaluate(epochs=100) caps an evaluation, it sets nothing of the run.
    cells = (
        "import torch\nEPOCHS = 30\nLR = 1e-4",
        "class Runner:\n"
        "    def __init__(self, net, lr):\n"
        "        self.net = net\n"
        "        self.opt = torch.optim.Adam(net.parameters(), lr=lr)\n"
        "    def train(self, epochs):\n"
        "        for epoch in range(epochs):\n"
        "            self.opt.zero_grad()\n"
        "            self.net(x).sum().backward()\n"
        "            self.opt.step()\n"
        "    def evaluate(self, epochs=None):\n"
        "        with torch.no_grad():\n"
        "            return [self.net(b) for b in batches[:epochs]]",
        "runner = Runner(torch.nn.Linear(2, 2), lr=LR)\nrunner.train(epochs=EPOCHS)",
        "result = runner.evaluate(epochs=100)\nscores = evaluate_model(runner.net, batch_size=8)",
    )
    result = check("REPRO006", snapshot_from({"run.ipynb": notebook(*cells)}))
    assert result.status is Status.PASS, result.evidence
    # The training call's own count typed in place is still one.
    typed = [*cells[:2], cells[2].replace("epochs=EPOCHS", "epochs=30"), cells[3]]
    result = check("REPRO006", snapshot_from({"run.ipynb": notebook(*typed)}))
    assert result.status is Status.WARN
    assert [e.snippet for e in result.evidence] == [
        "runner.train(epochs=30)  # epochs typed in place"
    ]


def test_repro006_a_batch_size_given_to_an_inference_call_is_no_training_setting() -> None:
    # A notebook fine-tunes a sentence encoder with settings named once in a cell, and embeds
    # texts with encode(texts, batch_size=64) before and after: how many texts are embedded at
    # a time sets the speed of an inference, not the run. Keras' predict(x, batch_size=32) is
    # the same.
    cells = (
        "from sentence_transformers import SentenceTransformer, losses\n"
        "from torch.utils.data import DataLoader\n"
        "model = SentenceTransformer('all-MiniLM-L6-v2')\n"
        "emb = model.encode(texts, batch_size=64, convert_to_tensor=True)",
        "train_batch_size = 16\nepochs = 1\n"
        "loader = DataLoader(examples, shuffle=True, batch_size=train_batch_size)\n"
        "model.fit(train_objectives=[(loader, losses.CosineSimilarityLoss(model))], "
        "epochs=epochs)",
        "def run_full_evaluation(model, texts):\n"
        "    return model.encode(texts, batch_size=64)\n"
        "scores = run_full_evaluation(model, texts)\n"
        "probs = classifier.predict(features, batch_size=32)\n"
        "print(emb.shape, scores, probs)",
    )
    result = check("REPRO006", snapshot_from({"match.ipynb": notebook(*cells)}))
    assert result.status is Status.PASS, result.evidence
    # The training call's own count typed in place is still one.
    typed = [cells[0], cells[1].replace("epochs=epochs", "epochs=3"), cells[2]]
    result = check("REPRO006", snapshot_from({"match.ipynb": notebook(*typed)}))
    assert result.status is Status.WARN
    assert [e.snippet.split("  # ")[1] for e in result.evidence] == ["epochs typed in place"]


def test_repro006_a_batch_size_given_to_a_predict_method_is_no_training_setting() -> None:
    # A hand-written k-nearest-neighbours classifier names its prediction methods after what
    # they do: predict_with_kd_tree_weighted_batch(X_test, batch_size=100) walks the test set
    # a hundred rows at a time to bound memory; the batch sets the speed, not the result. The
    # run's own setting typed in place (k=5 in fit) is still one.
    script = (
        "import numpy as np\n"
        "from sklearn.decomposition import PCA\n"
        "X_train, X_test = np.load('train.npy'), np.load('test.npy')\n"
        "pca = PCA(n_components=NUM_COMPONENTS)\n"
        "pca.fit(X_train)\n"
        "y_pred = model.predict_with_kd_tree_weighted_batch(pca.transform(X_test), batch_size=100)\n"
        "y_also = model.predict_batch(X_test, batch_size=64)\n"
        "print((y_pred == y_also).mean())\n"
    )
    files = {"analysis.py": "NUM_COMPONENTS = 64\n" + script}
    result = check("REPRO006", snapshot_from(files))
    assert not any("batch_size" in e.snippet for e in result.evidence), result.evidence
    # A training call given its batch typed in place still counts.
    trained = files["analysis.py"] + "clf.fit(X_train, y_train, batch_size=32)\n"
    result = check("REPRO006", snapshot_from({"analysis.py": trained}))
    assert [e.snippet.split("  # ")[1] for e in result.evidence] == ["batch_size typed in place"]


def test_repro006_a_batch_size_given_to_a_spacy_pipe_is_no_training_setting() -> None:
    # A Colab notebook lemmatises code and docstrings with spaCy before a Keras seq2seq model:
    # nlp.pipe(texts, batch_size=50) sets how many texts the tagger runs at a time, not what
    # the model learns. The fit's own epochs typed in place still count.
    cells = (
        "import spacy\n"
        "nlp = spacy.load('en_core_web_sm', disable=['ner', 'parser'])\n"
        "code = [str(doc) for doc in nlp.pipe(processed_code, batch_size=50)]",
        "from tensorflow.keras.layers import Input, Dense\n"
        "from tensorflow.keras.models import Model\n"
        "inputs = Input(shape=(100,))\n"
        "model = Model(inputs, Dense(10, activation='softmax')(inputs))\n"
        "model.compile(optimizer='rmsprop', loss='sparse_categorical_crossentropy')\n"
        "history = model.fit(x_train, y_train, epochs=50)",
    )
    result = check("REPRO006", snapshot_from({"seq2seq.ipynb": notebook(*cells)}))
    assert [e.snippet.split("  # ")[1] for e in result.evidence] == ["epochs typed in place"]


def test_repro006_gradients_summed_in_a_loop_without_an_update_are_not_training() -> None:
    # A lecture notebook shows gradient accumulation: backward() four times, then prints the
    # gradient. No optimizer steps and no weight moves, so no run's settings are at stake.
    demo = notebook(
        "import torch\nnet = torch.nn.Linear(16, 1)\nx = torch.randn(4, 16)\ny = torch.randn(4, 1)",
        "net.zero_grad()\nfor i in range(4):\n"
        "    loss = torch.nn.functional.mse_loss(net(x[i]), y[i]) / 4\n"
        "    loss.backward()\nprint(net.weight.grad.view(-1)[:10])",
    )
    assert check("REPRO006", snapshot_from({"play.ipynb": demo})).status is Status.SKIP
    stepped = notebook(
        "import torch\nnet = torch.nn.Linear(16, 1)\nopt = torch.optim.SGD(net.parameters())",
        "for i in range(4):\n    net(x[i]).sum().backward()",
        "opt.step()",
    )
    result = check("REPRO006", snapshot_from({"play.ipynb": stepped}))
    assert result.status is Status.WARN and "play.ipynb" in result.message
    by_hand = stepped.replace(
        "opt.step()", "for p in net.parameters():\\n    p.data -= 0.1 * p.grad"
    )
    assert check("REPRO006", snapshot_from({"play.ipynb": by_hand})).status is Status.WARN


def test_repro006_settings_named_once_in_a_dict_pass_with_a_note() -> None:
    # A book's training script: the settings are one dict in the main block, passed down;
    # a search names its grid once at the top. Both change a run in one place.
    train = (
        "import torch\n\n\n"
        "def main(settings):\n"
        "    model = torch.nn.Linear(2, 2)\n"
        "    opt = torch.optim.AdamW(model.parameters(), lr=settings['learning_rate'])\n"
        "    for epoch in range(settings['num_epochs']):\n"
        "        model(x).sum().backward()\n        opt.step()\n\n\n"
        "if __name__ == '__main__':\n"
        "    OTHER_SETTINGS = {'learning_rate': 5e-4, 'num_epochs': 10, 'batch_size': 2}\n"
        "    main(OTHER_SETTINGS)\n"
    )
    result = check("REPRO006", snapshot_from({"gpt_train.py": train}))
    assert result.status is Status.PASS, result.message
    assert [e.line for e in result.evidence] == [13]
    grid = train.replace(
        "{'learning_rate': 5e-4, 'num_epochs': 10, 'batch_size': 2}",
        "{'learning_rate': [1e-4, 5e-4], 'num_epochs': [5, 10]}",
    )
    assert check("REPRO006", snapshot_from({"search.py": grid})).status is Status.PASS
    # A dict of other things (labels, paths) names no setting.
    labels = train.replace(
        "{'learning_rate': 5e-4, 'num_epochs': 10, 'batch_size': 2}", "{'cat': 0, 'dog': 1}"
    )
    assert check("REPRO006", snapshot_from({"labels.py": labels})).status is Status.WARN


FLAX_TRAIN = (
    "import jax\nimport optax\nfrom flax.training import train_state\n\n\n"
    "@jax.jit\n"
    "def train_step(state, batch):\n"
    "    loss, grads = jax.value_and_grad(loss_fn)(state.params, batch)\n"
    "    return state.apply_gradients(grads=grads), loss\n\n\n"
    "def main():\n"
    "    state = train_state.TrainState.create(apply_fn=f, params=p, tx=optax.sgd(0.1))\n"
    "    for epoch in range(200):\n"
    "        for batch in loader:\n"
    "            state, loss = train_step(state, batch)\n\n\n"
    "if __name__ == '__main__':\n    main()\n"
)


def test_repro006_jax_and_tensorflow_2_steps_that_apply_gradients_train() -> None:
    # Flax's state.apply_gradients(grads=...), optax.apply_updates, an NNX optimizer's
    # update(grads) and Keras' optimizer.apply_gradients after a GradientTape move the weights.
    result = check("REPRO006", snapshot_from({"train.py": FLAX_TRAIN}))
    assert result.status is Status.WARN, result.message
    assert "epochs typed in place" in result.evidence[0].snippet
    optax_step = FLAX_TRAIN.replace(
        "    return state.apply_gradients(grads=grads), loss\n",
        "    updates, opt_state = tx.update(grads, state.opt_state)\n"
        "    return optax.apply_updates(state.params, updates), loss\n",
    )
    nnx_step = FLAX_TRAIN.replace(
        "    return state.apply_gradients(grads=grads), loss\n",
        "    optimizer.update(grads)\n    return state, loss\n",
    )
    keras_step = (
        "import tensorflow as tf\n\n"
        "optimizer = tf.keras.optimizers.Adam(1e-3)\n"
        "for epoch in range(200):\n"
        "    for x, y in dataset:\n"
        "        with tf.GradientTape() as tape:\n"
        "            loss = loss_fn(y, model(x, training=True))\n"
        "        grads = tape.gradient(loss, model.trainable_variables)\n"
        "        optimizer.apply_gradients(zip(grads, model.trainable_variables))\n"
    )
    for script in (optax_step, nnx_step, keras_step):
        result = check("REPRO006", snapshot_from({"train.py": script}))
        assert result.status is Status.WARN, (result.message, script)
    # A dict's update() or an optimizer's update of its settings moves no weight.
    bookkeeping = (
        "import jax\n\nstats = {}\noptimizer_cfg = {}\n"
        "for step in range(10):\n"
        "    stats.update(loss=step)\n    optimizer_cfg.update(lr=0.1)\n"
    )
    assert check("REPRO006", snapshot_from({"run.py": bookkeeping})).status is Status.SKIP


_GAN = (
    "import torch\n"
    "class GAN(torch.nn.Module):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        self.net = torch.nn.Linear(2, 2)\n"
    "    def setup(self):\n"
    "        self.opt = torch.optim.Adam(self.net.parameters(), lr=2e-4)\n"
    "    def forward_step(self, x):\n"
    "        self.opt.zero_grad()\n"
    "        self.net(x).mean().backward()\n"
    "        self.opt.step()\n"
    "    def apply_style(self, x):\n"
    "        with torch.inference_mode():\n"
    "            return self.net(x)\n"
)
_EXPLORER = (
    "class Explorer:\n"
    "    def __init__(self, model, batch_size=4):\n"
    "        self.model, self.batch_size = model, batch_size\n"
    "    def show(self, x):\n"
    "        return self.model.apply_style(x)\n"
)
_GAN_TRAIN = (
    "import argparse\nfrom gan import GAN\n"
    "if __name__ == '__main__':\n"
    "    p = argparse.ArgumentParser()\n"
    "    p.add_argument('--epochs', type=int, default=1)\n"
    "    args = p.parse_args()\n"
    "    model = GAN()\n    model.setup()\n"
    "    for _ in range(args.epochs):\n        model.forward_step(None)\n"
)


def test_repro006_a_notebook_building_a_model_it_never_trains_is_no_training_run() -> None:
    # A CycleGAN explorer notebook builds the model, loads its weights and shows its outputs in
    # batches of 8: building the class reaches its training step, which nothing there calls.
    shown = notebook(
        "import torch\nfrom gan import GAN\nfrom explorer import Explorer",
        "model = GAN()\nmodel.load_state_dict(torch.load('models/baseline.pth'))",
        "exp = Explorer(model=model, batch_size=8)\nexp.show(None)",
    )
    files = {"gan.py": _GAN, "explorer.py": _EXPLORER, "train.py": _GAN_TRAIN}
    result = check("REPRO006", snapshot_from({**files, "eval.ipynb": shown}))
    assert result.status is Status.PASS, result.message
    assert result.metrics["training_entry_points"] == 1
    # The same notebook calling the training step (through a helper) is a training run.
    trained = notebook(
        "from gan import GAN",
        "def fit(model):\n    model.setup()\n    model.forward_step(None)",
        "model = GAN()\nfit(model)\nexp = Explorer(model=model, batch_size=8)",
    )
    result = check("REPRO006", snapshot_from({**files, "eval.ipynb": trained}))
    # (named, not judged, beside the configured train.py)
    assert result.message.endswith("notebooks beside them not judged: eval.ipynb"), result


def test_repro006_a_loader_built_to_look_at_one_batch_is_no_training_setting() -> None:
    # A tutorial notebook builds a loader to show one batch (``next(iter(loader))``), then
    # trains through another loader whose batch size is named in a cell of settings.
    cells = (
        "import torch\nfrom torch.utils.data import DataLoader",
        "dataloader = DataLoader(dataset, batch_size=2, shuffle=True)\n"
        "images, targets = next(iter(dataloader))\nprint(len(images))",
        "batch_size = 4\nlr = 1e-4\nepochs = 2",
        "trainloader = DataLoader(dataset, batch_size=batch_size, shuffle=True)\n"
        "model = torch.nn.Linear(2, 2)\n"
        "optimizer = torch.optim.Adam(model.parameters(), lr=lr)\n"
        "for epoch in range(epochs):\n"
        "    for x, y in trainloader:\n"
        "        optimizer.zero_grad()\n"
        "        torch.nn.functional.mse_loss(model(x), y).backward()\n"
        "        optimizer.step()",
    )
    result = check("REPRO006", snapshot_from({"tutorial.ipynb": notebook(*cells)}))
    assert result.status is Status.PASS, result.evidence
    # A loader the loop goes through is the run's, whatever else peeks at it.
    trained = (*cells[:3], cells[3].replace("in trainloader", "in dataloader"))
    result = check("REPRO006", snapshot_from({"tutorial.ipynb": notebook(*trained)}))
    assert result.status is Status.WARN
    assert [e.snippet for e in result.evidence] == [
        "DataLoader(dataset, batch_size=2, shuffle=True)  # batch_size typed in place"
    ]


def test_repro006_a_numpy_step_through_an_in_place_helper_is_a_training_run() -> None:
    """``np.add.at(w_in, ids, -lr * grad)`` (or a helper named for the update, handed the
    weight and its step) moves a numpy word2vec's embeddings: the script trains, and its
    argparse settings are what REPRO006 reads."""
    helper = (
        "import numpy as np\n\n\n"
        "def train_batch(ids, w_in, lr):\n"
        "    grad = w_in[ids] * 0.5\n"
        "    np.add.at(w_in, ids, -lr * grad)\n"
    )
    train = (
        "import argparse\nimport numpy as np\nfrom word2vec import train_batch\n\n\n"
        "def main():\n"
        "    p = argparse.ArgumentParser()\n    p.add_argument('--lr', type=float, default=0.1)\n"
        "    args = p.parse_args()\n"
        "    w_in = np.ones((5, 2))\n"
        "    for _ in range(3):\n        train_batch(np.arange(5), w_in, args.lr)\n\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    result = check("REPRO006", snapshot_from({"word2vec.py": helper, "train.py": train}))
    assert result.status is Status.PASS, result.message
    assert result.metrics["training_entry_points"] == 1


def test_repro006_an_unshuffled_loader_s_batch_size_is_no_training_setting() -> None:
    # The loader that walks the test set in order (or the whole training set to plot its loss)
    # batches for speed: its size changes no result. The training loader's size does.
    code = (
        "import torch\nfrom torch.utils.data import DataLoader\n"
        "EPOCHS = 5\nLR = 0.1\n"
        "def main():\n"
        "    model = torch.nn.Linear(2, 2)\n"
        "    optimizer = torch.optim.SGD(model.parameters(), lr=LR)\n"
        "    train_loader = DataLoader(train_ds, batch_size=BATCH, shuffle=True)\n"
        "    full_loader = DataLoader(train_ds, batch_size=1000, shuffle=False)\n"
        "    for epoch in range(EPOCHS):\n"
        "        for xb, yb in train_loader:\n"
        "            optimizer.zero_grad()\n"
        "            model(xb).sum().backward()\n"
        "            optimizer.step()\n"
        "        with torch.no_grad():\n"
        "            print(sum(model(xb).sum() for xb, _ in full_loader))\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    result = check("REPRO006", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS, result.evidence
    typed = code.replace("batch_size=BATCH", "batch_size=128")
    result = check("REPRO006", snapshot_from({"train.py": typed}))
    assert result.status is Status.WARN
    assert [e.line for e in result.evidence] == [8]
    # With a sampler, shuffle=False is how the training loader must be written: still a setting.
    sampled = code.replace("shuffle=False", "shuffle=False, sampler=sampler")
    result = check("REPRO006", snapshot_from({"train.py": sampled}))
    assert result.status is Status.WARN
    assert [e.line for e in result.evidence] == [9]


def test_repro006_an_inference_pipeline_s_batch_is_no_training_setting() -> None:
    # asr = pipeline("automatic-speech-recognition", ...) transcribes the test set sixteen
    # clips at a time after training: that batch sets the speed of inference, not a run's
    # result, while the Trainer's typed settings still count.
    cells = (
        "from transformers import Trainer, TrainingArguments, pipeline\n"
        "args = TrainingArguments('out', num_train_epochs=3, learning_rate=3e-4)\n"
        "trainer = Trainer(model=model, args=args, train_dataset=train_ds)\ntrainer.train()",
        "asr = pipeline('automatic-speech-recognition', model='out')",
        "predictions = [p['text'] for p in tqdm.tqdm(asr(KeyDataset(test, 'audio'),"
        " batch_size=16))]",
    )
    result = check("REPRO006", snapshot_from({"finetune.ipynb": notebook(*cells)}))
    assert result.status is Status.WARN, result.message
    assert not any("batch_size typed" in (e.snippet or "") for e in result.evidence), (
        result.message,
        result.evidence,
    )


def test_repro006_a_loader_of_the_test_set_sets_no_training_batch_even_when_shuffled() -> None:
    # A notebook's hyperparameter cell names the training batch; the evaluation cell loads the
    # test set one meme at a time with shuffle=True left on (the loop reads output[0]): the
    # loader of a split named for evaluation batches for its loop, not for training.
    code = (
        "import torch\nfrom torch.utils.data import DataLoader\n"
        "EPOCHS = 5\nLR = 0.1\nBATCH = 32\n"
        "def main():\n"
        "    model = torch.nn.Linear(2, 2)\n"
        "    optimizer = torch.optim.SGD(model.parameters(), lr=LR)\n"
        "    train_loader = DataLoader(train_ds, batch_size=BATCH, shuffle=True)\n"
        "    for epoch in range(EPOCHS):\n"
        "        for xb, yb in train_loader:\n"
        "            optimizer.zero_grad()\n"
        "            model(xb).sum().backward()\n"
        "            optimizer.step()\n"
        "    dataloader_test = DataLoader(dataset_test, batch_size=1, shuffle=True)\n"
        "    for xb, _ in dataloader_test:\n"
        "        print(model(xb)[0])\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    result = check("REPRO006", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS, result.evidence
    # The training set's loader, shuffled with its size typed in, is still a setting.
    typed = code.replace("dataset_test, batch_size=1", "train_ds, batch_size=1")
    result = check("REPRO006", snapshot_from({"train.py": typed}))
    assert result.status is Status.WARN
    assert [e.line for e in result.evidence] == [15]


KERAS_FOLDERS = (
    "import tensorflow as tf\n"
    "BATCH = 32\nEPOCHS = 5\n"
    "gen = tf.keras.preprocessing.image.ImageDataGenerator(rescale=1 / 255)\n"
    "train = gen.flow_from_directory('train', batch_size=BATCH, class_mode='binary')\n"
    "test = gen.flow_from_directory('test', batch_size=32, class_mode='binary', shuffle=False)\n"
    "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
    "model.compile(optimizer='adam', loss='binary_crossentropy')\n"
    "model.fit(train, epochs=EPOCHS)\n"
    "model.evaluate(test)\n"
)


def test_repro006_a_keras_loader_read_in_order_sets_no_training_batch() -> None:
    # flow_from_directory(..., shuffle=False) walks the test folder in order, as a DataLoader
    # with shuffle=False does: its batch size sets the speed, not the result.
    result = check("REPRO006", snapshot_from({"train.py": KERAS_FOLDERS}))
    assert result.status is Status.PASS, result.evidence
    shuffled = KERAS_FOLDERS.replace("class_mode='binary', shuffle=False", "class_mode='binary'")
    result = check("REPRO006", snapshot_from({"train.py": shuffled}))
    assert result.status is Status.WARN
    assert [e.line for e in result.evidence] == [6]


def test_repro006_a_loader_built_again_before_any_read_sets_nothing() -> None:
    # An early cell builds the loaders with batch_size=32; the notebook builds them again
    # from its hyperparameter cell (in a search loop, then for the final run) before any fit
    # reads them: the first loaders' batch size changes nothing the notebook runs.
    first = (
        "import tensorflow as tf\n"
        "gen = tf.keras.preprocessing.image.ImageDataGenerator(rescale=1 / 255)\n"
        "train = gen.flow_from_directory('train', batch_size=32, class_mode='binary')\n"
        "unused = gen.flow_from_directory('val', batch_size=32, class_mode='binary')\n"
    )
    model = (
        "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
        "model.compile(optimizer='adam', loss='binary_crossentropy')\n"
    )
    search = (
        "for size in [16, 64]:\n"
        "    train = gen.flow_from_directory('train', batch_size=size)\n"
        "    model.fit(train, epochs=EPOCHS)\n"
    )
    named = "BATCH = 64\nEPOCHS = 5\n"
    final = "train = gen.flow_from_directory('train', batch_size=BATCH)\n"
    fit = "model.fit(train, epochs=EPOCHS)\n"
    nb = notebook(first, model, named, search, final, fit)
    # A fit whose history nobody reads still trains with what it is given.
    typed = notebook(first, model, named, search, final, "history = model.fit(train, epochs=5)\n")
    result = check("REPRO006", snapshot_from({"cnn.ipynb": typed}))
    assert [(e.cell, e.line) for e in result.evidence] == [(5, 1)], result.evidence
    result = check("REPRO006", snapshot_from({"cnn.ipynb": nb}))
    assert result.status is Status.PASS, result.evidence
    # A fit that reads the first loader before it is built again trains on its batch size.
    read = notebook(first, model, named, fit, final, fit)
    result = check("REPRO006", snapshot_from({"cnn.ipynb": read}))
    assert result.status is Status.WARN
    assert [(e.cell, e.line) for e in result.evidence] == [(0, 3)]  # `unused` is never read


SCHEDULED_OPTIM = (
    "import torch\n"
    "class ScheduledOptim:\n"
    "    def __init__(self, model, cfg):\n"
    "        self.optimizer = torch.optim.Adam(model.parameters(), lr=cfg['lr'])\n"
    "    def update_lr_and_step(self):\n"
    "        self.optimizer.step()\n"
    "if __name__ == '__main__':\n"
    "    optimizer = ScheduledOptim(model, cfg)\n"
    "    for epoch in range(n_epochs):\n"
    "        for x, y in tr_set:\n"
    "            loss = criterion(model(x), y)\n"
    "            loss.backward()\n"
    "            optimizer.update_lr_and_step()\n"
)
CONFIGURED_TRAIN = (
    "import argparse\n"
    "import yaml\n"
    "from optim import ScheduledOptim\n"
    "def main(cfg):\n"
    "    model = build(cfg)\n"
    "    optimizer = ScheduledOptim(model, cfg)\n"
    "    while True:\n"
    "        for batch in loader:\n"
    "            loss = model(batch)\n"
    "            loss.backward()\n"
    "            optimizer.update_lr_and_step()\n"
    "            optimizer.zero_grad()\n"
    "if __name__ == '__main__':\n"
    "    parser = argparse.ArgumentParser()\n"
    "    parser.add_argument('-t', '--train_config')\n"
    "    args = parser.parse_args()\n"
    "    main(yaml.safe_load(open(args.train_config)))\n"
)


def test_repro006_a_sketch_under_main_that_stops_at_an_undefined_name_is_no_run() -> None:
    # A module's __main__ block sketched with names the file never defines (n_epochs, tr_set)
    # stops with a NameError before it trains: no teammate runs it, so its settings are not
    # judged. The script that trains steps the optimizer through the wrapper's own method.
    files = {"optim.py": SCHEDULED_OPTIM, "train.py": CONFIGURED_TRAIN}
    result = check("REPRO006", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.metrics == {"training_entry_points": 1, "configurable": 1}
    model = "from optim import ScheduledOptim\n"
    alone = check("REPRO006", snapshot_from({"optim.py": SCHEDULED_OPTIM, "model.py": model}))
    assert alone.status is Status.SKIP
    assert "optim.py:9 reads n_epochs" in alone.message
    # A script no module imports is the run it shows, names left to the reader or not.
    assert check("REPRO006", snapshot_from({"optim.py": SCHEDULED_OPTIM})).status is Status.WARN


#: The step in a file that imports nothing; the script importing it builds the model on CUDA.
_STEP_ALONE = (
    "def train(model, loader, criterion, optimizer):\n"
    "    for xb, yb in loader:\n"
    "        optimizer.zero_grad()\n"
    "        criterion(model(xb), yb).backward()\n"
    "        optimizer.step()\n"
)
_ENTRY_IMPORTING_THE_STEP = (
    "import torch\n"
    "from train.train import train\n\n"
    "torch.manual_seed(0)\n"
    "model = torch.nn.Linear(2, 2).cuda()\n"
    "train(model, [], torch.nn.MSELoss(), torch.optim.SGD(model.parameters(), lr=0.1))\n"
)


def test_repro002_judges_a_training_step_kept_in_a_file_that_imports_nothing() -> None:
    files = {"train_entry.py": _ENTRY_IMPORTING_THE_STEP, "train/train.py": _STEP_ALONE}
    result = check("REPRO002", snapshot_from(files))
    assert result.status is Status.WARN, result.message


def test_repro006_a_config_module_of_a_package_imported_by_name_counts() -> None:
    # An AlphaZero project: the notebook's pipeline loads the game's package with
    # ``import_module(f"environments.{env_name}")``, whose __init__ imports config.py's
    # ``training_config`` dict (lr, batch size, playouts) that the pipeline trains with.
    files = {
        "environments/__init__.py": (
            "import importlib\n"
            "def load(env_name):\n"
            "    return importlib.import_module(f'environments.{env_name}')\n"
        ),
        "environments/Connect4/__init__.py": "from .config import training_config\n",
        "environments/Connect4/config.py": "training_config = {'lr': 1e-3, 'batch_size': 256}\n",
        "train.py": (
            "import torch\nfrom environments import load\n"
            "module = load('Connect4')\n"
            "settings = module.training_config\n"
            "model = torch.nn.Linear(2, 2)\n"
            "optimizer = torch.optim.Adam(model.parameters(), lr=settings['lr'])\n"
            "for x in loader:\n"
            "    optimizer.zero_grad()\n"
            "    model(x).sum().backward()\n"
            "    optimizer.step()\n"
        ),
    }
    result = check("REPRO006", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert "config module (environments/Connect4/config.py)" in result.message
    # A package loaded by name that imports no settings configures nothing.
    files["environments/Connect4/__init__.py"] = "from .env import Env\n"
    files["environments/Connect4/env.py"] = "class Env:\n    pass\n"
    assert "config module" not in check("REPRO006", snapshot_from(files)).message


def test_repro006_a_settings_dict_of_one_learning_rate_per_network_is_named_once() -> None:
    # An actor-critic run: one learning rate for each network, named by its role
    # ('lr_actor', 'critic_lr'), in one dict at the top of the main block.
    trainer = (
        "import torch\n\n"
        "def train(settings):\n"
        "    actor, critic = torch.nn.Linear(4, 2), torch.nn.Linear(4, 1)\n"
        "    actor_optim = torch.optim.Adam(actor.parameters(), lr=settings['lr_actor'])\n"
        "    critic_optim = torch.optim.Adam(critic.parameters(), lr=settings['critic_lr'])\n"
        "    for step in range(settings['max_train_games']):\n"
        "        loss = critic(torch.ones(4)).sum() + actor(torch.ones(4)).sum()\n"
        "        actor_optim.zero_grad()\n"
        "        critic_optim.zero_grad()\n"
        "        loss.backward()\n"
        "        actor_optim.step()\n"
        "        critic_optim.step()\n"
    )
    main = (
        "from trainer import train\n\n"
        "if __name__ == '__main__':\n"
        "    HYPERPARAMETERS = {\n"
        "        'lr_actor': 0.014,\n"
        "        'critic_lr': 0.02,\n"
        "        'gamma': 0.99,\n"
        "        'max_train_games': 1000,\n"
        "    }\n"
        "    train(HYPERPARAMETERS)\n"
    )
    result = check("REPRO006", snapshot_from({"trainer.py": trainer, "main.py": main}))
    assert result.status is Status.PASS and "named once" in result.message


_RESUME = (
    "import sys\nfrom keras import optimizers\nfrom keras.models import Sequential\n"
    "from keras.layers import Dense\n\n"
    "model = Sequential()\nmodel.add(Dense(42, input_shape=(5, 1)))\n"
    "model.load_weights(sys.argv[1])\n"
    "model.compile(loss='categorical_crossentropy', optimizer=optimizers.RMSprop(lr=0.001))\n"
    "model.fit(x, y, batch_size=24000, epochs=600)\n"
)


def test_repro006_sys_argv_giving_only_a_path_configures_no_typed_in_setting() -> None:
    # A script resuming from the checkpoint named by sys.argv[1], its learning rate, batch
    # size and epochs typed into its calls: the command line names a file, and the run is
    # changed by editing the calls.
    result = check("REPRO006", snapshot_from({"train_cont.py": _RESUME}))
    assert result.status is Status.WARN, result.message
    assert "typed into the training code" in result.message
    assert [e.line for e in result.evidence] == [9, 10]


def test_repro006_sys_argv_text_read_as_a_number_where_it_is_used_configures() -> None:
    # A script that keeps each argument's text under its own name (``epoch = sys.argv[4]``,
    # ``batchSize = sys.argv[5]``) and turns it into a number where it is used
    # (``range(int(epoch))``): the command line sets the run, whatever the names are.
    for read in (
        "epoch = sys.argv[2]\nfor _ in range(int(epoch)):\n    pass\n",
        "batchSize = sys.argv[2]\nprint(float(batchSize))\n",
    ):
        result = check("REPRO006", snapshot_from({"train_cont.py": _RESUME + read}))
        assert result.status is Status.PASS, (read, result.message)
        assert "sys.argv" in result.message
    # Text kept under a name and used as it is (a file to write) still names a thing.
    named = _RESUME + "out = sys.argv[2]\nmodel.save(out)\n"
    result = check("REPRO006", snapshot_from({"train_cont.py": named}))
    assert result.status is Status.WARN, result.message


def test_repro006_sys_argv_read_as_a_number_or_a_config_file_still_configures() -> None:
    # A number read from the command line is a setting, and so are the arguments handed on
    # whole or as a JSON file: those runs are configured, whatever else is typed in.
    for read in (
        "epochs = int(sys.argv[2])\n",
        "lr = sys.argv[2]\n",
        "main(sys.argv[1:])\n",
        "import json\nconf = json.load(open(sys.argv[2]))\n",
    ):
        result = check("REPRO006", snapshot_from({"train_cont.py": _RESUME + read}))
        assert result.status is Status.PASS, (read, result.message)
        assert "sys.argv" in result.message
    # With nothing typed in, a path from the command line still passes as before.
    plain = _RESUME.replace("optimizers.RMSprop(lr=0.001)", "'rmsprop'").replace(
        "batch_size=24000, epochs=600", "verbose=1"
    )
    result = check("REPRO006", snapshot_from({"train_cont.py": plain}))
    assert result.status is Status.PASS, result.message


def test_repro006_a_project_encoders_fit_and_transform_is_no_training_call() -> None:
    # A project's own encoder (fit learns binning edges, transform maps the splits) prepares
    # data as a scikit-learn scaler does: a helper module's self-check that loads and encodes
    # the data trains nothing, so it is no unconfigured run.
    encoding = (
        "import numpy as np\n"
        "class QuantumEncoder:\n"
        "    def fit(self, df):\n"
        "        self.edges = np.percentile(df, [0, 50, 100])\n"
        "        return self\n"
        "    def transform(self, df):\n"
        "        return np.digitize(df, self.edges)\n"
    )
    data_utils = (
        "import encoding as enc_module\n"
        "def load(df, n_bins=100):\n"
        "    encoder = enc_module.QuantumEncoder()\n"
        "    encoder.fit(df)\n"
        "    return encoder.transform(df)\n"
        "if __name__ == '__main__':\n"
        "    load(read())\n"
    )
    files = {"src/encoding.py": encoding, "src/data_utils.py": data_utils}
    assert check("REPRO006", snapshot_from(files)).status is Status.SKIP
    # A project's model fitted and then asked to predict stays a training call.
    model = data_utils.replace("encoder.transform(df)", "encoder.predict(df)")
    files["src/data_utils.py"] = model
    assert check("REPRO006", snapshot_from(files)).status is not Status.SKIP


def test_repro006_a_settings_dict_opening_the_main_function_is_named_once() -> None:
    # The main block only calls main(), whose first statement is one dict of the run's
    # settings (upper-case keys, 'INITIAL_LR' a learning rate named for its role), handed to
    # a trainer in another module: the run changes them in one place.
    trainer = (
        "import torch\n\n"
        "def load_splits():\n"
        "    return torch.load('train.pt'), torch.load('test.pt')\n\n"
        "def model_train(model, loader, config):\n"
        "    optimizer = torch.optim.Adam(\n"
        "        model.parameters(), lr=config['INITIAL_LR'], weight_decay=config['WEIGHT_DECAY']\n"
        "    )\n"
        "    for epoch in range(config['EPOCHS']):\n"
        "        for xb, yb in loader:\n"
        "            optimizer.zero_grad()\n"
        "            loss = torch.nn.functional.mse_loss(model(xb), yb)\n"
        "            loss.backward()\n"
        "            optimizer.step()\n"
    )
    main = (
        "import torch\n"
        "from torch.utils.data import DataLoader\n"
        "from trainer import load_splits, model_train\n\n"
        "def main():\n"
        "    config = {\n"
        "        'BATCH_SIZE': 50,\n"
        "        'EPOCHS': 200,\n"
        "        'WEIGHT_DECAY': 5e-5,\n"
        "        'INITIAL_LR': 3e-4,\n"
        "    }\n"
        "    loader = DataLoader(load_splits()[0], batch_size=config['BATCH_SIZE'], shuffle=True)\n"
        "    model_train(torch.nn.Linear(2, 1), loader, config)\n\n"
        "if __name__ == '__main__':\n"
        "    main()\n"
    )
    result = check("REPRO006", snapshot_from({"trainer.py": trainer, "experiment.py": main}))
    assert result.status is Status.PASS and "named once" in result.message
    # A dict of settings built in a helper the run never calls names nothing for it.
    unused = main.replace("def main():\n", "def unused():\n", 1).replace(
        "    loader = ", "\ndef main():\n    config = {}\n    loader = ", 1
    )
    result = check("REPRO006", snapshot_from({"trainer.py": trainer, "experiment.py": unused}))
    assert "named once" not in result.message


_PARSED_RESUME = _RESUME.replace(
    "model.load_weights(sys.argv[1])\n",
    "import argparse\nparser = argparse.ArgumentParser()\n"
    "parser.add_argument('--client_id', type=int, default=0)\n"
    "parser.add_argument('--data_dir', default='data')\n"
    "args = parser.parse_args()\nmodel.load_weights(args.data_dir)\n",
)


def test_repro006_a_parser_giving_only_an_id_or_a_path_configures_no_typed_in_setting() -> None:
    # Flower's client script: argparse reads which client it is and where its data is; the
    # epochs, batch size and learning rate are typed into the calls.
    result = check("REPRO006", snapshot_from({"client.py": _PARSED_RESUME}))
    assert result.status is Status.WARN, result.message
    assert "typed into the training code" in result.message
    assert "argparse giving only names or paths" in result.message


def test_repro006_a_parser_with_a_setting_or_a_config_file_still_configures() -> None:
    for argument in (
        "parser.add_argument('--epochs', type=int, default=600)\n",
        "parser.add_argument('--scale', type=float, default=0.5)\n",
        "parser.add_argument('--config', default='configs/train.yaml')\n",
        "parser.add_argument('--optimizer', default='rmsprop')\n",
        "parser.add_argument(*names)\n",
    ):
        code = _PARSED_RESUME.replace("args = parser", argument + "args = parser")
        result = check("REPRO006", snapshot_from({"client.py": code}))
        assert result.status is Status.PASS, (argument, result.message)
        assert "argparse" in result.message, result.message


def test_repro006_a_parser_handed_to_a_function_that_adds_options_still_configures() -> None:
    # The script adds --data_dir and hands the parser to the project's own helper, which adds
    # the training options in another module: the options the run reads are not all in sight.
    helper = (
        "def add_training_args(parser):\n"
        "    parser.add_argument('--learning_rate', type=float, default=1e-3)\n"
    )
    code = _PARSED_RESUME.replace(
        "args = parser",
        "from options import add_training_args\nadd_training_args(parser)\nargs = parser",
    )
    result = check("REPRO006", snapshot_from({"client.py": code, "options.py": helper}))
    assert result.status is Status.PASS, result.message
    assert "argparse" in result.message, result.message


def test_repro006_a_statsmodels_regression_fit_has_no_settings_to_read() -> None:
    # sm.OLS(y, X).fit() solves least squares: the data go to the constructor and the fit has
    # no step size, depth or epoch count to set, so no run's settings are about it. A
    # helper that returns a regression's coefficients is no training run.
    ols = (
        "import statsmodels.api as sm\n"
        "import statsmodels.formula.api as smf\n"
        "def coefficients(df, target, features):\n"
        "    model = sm.OLS(df[target], sm.add_constant(df[features]))\n"
        "    results = model.fit()\n"
        "    return results.params\n"
        "fit = smf.ols('re78 ~ treat + age', data=df).fit()\n"
        "print(sm.Logit(y, X).fit().summary())\n"
        "print(coefficients(df, 're78', ['treat']))\n"
    )
    assert check("REPRO006", snapshot_from({"analysis.py": ols})).status is Status.SKIP
    beside = ols + (
        "from sklearn.ensemble import RandomForestRegressor\n"
        "rf = RandomForestRegressor()\n"
        "rf.fit(X, y)\n"
    )
    result = check("REPRO006", snapshot_from({"analysis.py": beside}))
    assert [(e.path, e.line) for e in result.evidence] == [("analysis.py", 12)]


def test_repro006_a_lifelines_survival_fit_has_no_settings_to_read() -> None:
    # A Kaplan-Meier curve (or a Cox regression at its defaults) of lifelines estimates a
    # survival function or coefficients from durations and events, by counting or by maximum
    # partial likelihood: no step size, depth or epoch count to set, as for statsmodels'
    # regressions. An analysis script of such fits is no training run.
    survival = (
        "import lifelines\n"
        "import pandas as pd\n"
        "from lifelines import CoxPHFitter, KaplanMeierFitter\n"
        "df = pd.read_csv('churn.csv')\n"
        "kmf = KaplanMeierFitter()\n"
        "kmf.fit(durations=df['tenure'], event_observed=df['churn'])\n"
        "cph = CoxPHFitter()\n"
        "cph.fit(df, duration_col='tenure', event_col='churn')\n"
        "def by_group(feature):\n"
        "    for value in df[feature].unique():\n"
        "        fitter = lifelines.KaplanMeierFitter()\n"
        "        fitter.fit(df[df[feature] == value]['tenure'], label=value)\n"
        "by_group('contract')\n"
    )
    assert check("REPRO006", snapshot_from({"analysis.py": survival})).status is Status.SKIP
    beside = survival + (
        "from sklearn.ensemble import RandomForestClassifier\n"
        "rf = RandomForestClassifier(n_estimators=300)\n"
        "rf.fit(X, y)\n"
    )
    result = check("REPRO006", snapshot_from({"analysis.py": beside}))
    assert [(e.path, e.line) for e in result.evidence] == [("analysis.py", 15)]


def test_repro006_a_seasonal_decomposition_is_no_training_run() -> None:
    # An exploration notebook splits a load series into trend, seasonality and remainder with
    # statsmodels' STL or MSTL and plots the parts: ``stl.fit()`` describes the series the
    # way a rolling mean does, with no model trained or evaluated, so no run's settings are
    # about it.
    decomposition = (
        "import pandas as pd\n"
        "import statsmodels.tsa.api as tsa\n"
        "from statsmodels.tsa.seasonal import MSTL, STL\n"
        "daily = pd.read_parquet('daily.parquet')['kwh']\n"
        "stl = STL(daily, period=7, robust=True)\n"
        "result = stl.fit()\n"
        "result.plot()\n"
        "mstl = MSTL(daily, periods=[48, 48 * 7])\n"
        "res = mstl.fit()\n"
        "print(tsa.STL(daily, period=7).fit().trend)\n"
    )
    assert check("REPRO006", snapshot_from({"explore.py": decomposition})).status is Status.SKIP
    beside = decomposition + (
        "from sklearn.ensemble import RandomForestRegressor\n"
        "rf = RandomForestRegressor(n_estimators=300)\n"
        "rf.fit(X, y)\n"
    )
    result = check("REPRO006", snapshot_from({"explore.py": beside}))
    assert [(e.path, e.line) for e in result.evidence] == [("explore.py", 12)]


def test_repro006_a_distribution_fitted_to_errors_is_no_training_run() -> None:
    # An anomaly detector's decision layer: a Gaussian (or scipy's Laplace) fitted to
    # reconstruction errors estimates a mean and a spread, with no setting to configure; the
    # module's self-check on made-up errors is no training run, nor is a script that only
    # evaluates saved models through it.
    layer = (
        "import numpy as np\n"
        "from scipy.stats import laplace\n"
        "\n"
        "class PerSeriesGaussian:\n"
        "    def __init__(self):\n"
        "        self.gaussians = {}\n"
        "\n"
        "    def fit(self, key, errors):\n"
        "        mu, sigma = np.mean(errors), np.std(errors, ddof=1)\n"
        "        self.gaussians[key] = (mu, max(sigma, 1e-6))\n"
        "\n"
        "def run_evaluation(errors):\n"
        "    gaussian = PerSeriesGaussian()\n"
        "    gaussian.fit('series', errors)\n"
        "    mu, b = laplace.fit(errors)\n"
        "    return gaussian.gaussians, mu, b\n"
        "\n"
        "if __name__ == '__main__':\n"
        "    np.random.seed(42)\n"
        "    gaussian = PerSeriesGaussian()\n"
        "    gaussian.fit('test', np.abs(np.random.normal(0.005, 0.002, size=1000)))\n"
    )
    result = check("REPRO006", snapshot_from({"gaussian_layer.py": layer}))
    assert result.status is Status.SKIP, (result.message, result.evidence)
    trained = layer.replace(
        "        mu, sigma = np.mean(errors), np.std(errors, ddof=1)\n",
        "        mu, sigma = np.mean(errors), np.std(errors, ddof=1)\n"
        "        self.model.fit(errors.reshape(-1, 1), n_init=10)\n",
    )
    result = check("REPRO006", snapshot_from({"gaussian_layer.py": trained}))
    assert result.status is not Status.SKIP, result.message


def test_repro006_a_yaml_file_loaded_for_logging_configures_no_run() -> None:
    # A binding-affinity GNN: logging.yaml feeds logging.config.dictConfig, while the run's
    # settings are typed into train(epochs=1, lr=0.001).
    head = (
        "import logging.config\nimport yaml\n\n"
        "with open('logging.yaml') as f:\n    log_cfg = yaml.safe_load(f)\n"
        "logging.config.dictConfig(log_cfg)\nlr = 0.001\n"
    )
    result = check("REPRO006", snapshot_from({"train.py": script(head)}))
    assert "config file" not in result.message
    settings = head.replace("logging.config.dictConfig(log_cfg)\n", "")
    result = check("REPRO006", snapshot_from({"train.py": script(settings)}))
    assert "config file (yaml)" in result.message


def test_repro006_a_config_module_of_one_namespace_of_settings_counts() -> None:
    # lib/config.py holds `config = SimpleNamespace(epochs=2, batch_size_train=32, ...)`, and
    # the training notebooks `from lib.config import config`: the one place a run is set.
    fit = "from keras.models import Sequential\nmodel = Sequential()\n"
    train = "from lib.config import config\n" + fit + "model.fit(x, y, epochs=config.epochs)\n"
    settings = (
        "from types import SimpleNamespace\n\n"
        "config = SimpleNamespace(\n    epochs=2,\n    encoder_lr=2e-5,\n    betas=[0.9, 0.999],\n)\n"
    )
    files = {"train.py": train, "lib/__init__.py": "", "lib/config.py": settings}
    result = check("REPRO006", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert "config module (lib/config.py)" in result.message
    # The same with `dict(...)` or an EasyDict of a literal.
    for made in ("dict(epochs=2)", "EasyDict({'epochs': 2})"):
        files["lib/config.py"] = f"config = {made}\n"
        assert check("REPRO006", snapshot_from(files)).status is Status.PASS
    # A namespace built of nothing written out (a parser's results) holds no settings here.
    files["lib/config.py"] = "config = SimpleNamespace(**load(path))\n"
    assert "config module" not in check("REPRO006", snapshot_from(files)).message


def test_repro002_a_switch_in_one_training_script_does_not_repeat_another_s_runs() -> None:
    # train_a.py switches deterministic algorithms on; train_b.py trains the same way on the
    # GPU, seeded, without the switch: its runs do not repeat themselves.
    seeded = "torch.manual_seed(0)\n"
    switched = seeded + "torch.use_deterministic_algorithms(True)\n"
    files = {"train_a.py": script(switched), "train_b.py": script(seeded)}
    result = check("REPRO002", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert "not on the path of train_b.py" in result.message, result.message
    assert [(e.path, e.line) for e in result.evidence][:1] == [("train_b.py", 2)]
    # Both switched, or the other one on the CPU only, or unseeded (REPRO001's): a pass.
    both = {"train_a.py": script(switched), "train_b.py": script(switched)}
    assert check("REPRO002", snapshot_from(both)).status is Status.PASS
    on_cpu = script(seeded).replace(".cuda()", "")
    assert check("REPRO002", snapshot_from({**files, "train_b.py": on_cpu})).status is Status.PASS
    unseeded = {**files, "train_b.py": script("")}
    assert check("REPRO002", snapshot_from(unseeded)).status is Status.PASS
    # Another folder's example (a collection: mnist/, imagenet/) is its own project; a switch
    # only under an option switches no run for sure.
    apart = {"imagenet/main.py": script(switched), "mnist/main.py": script(seeded)}
    assert check("REPRO002", snapshot_from(apart)).status is Status.PASS
    optional = seeded + "if deterministic:\n    torch.use_deterministic_algorithms(True)\n"
    asked = {**files, "train_a.py": script("deterministic = False\n" + optional)}
    assert check("REPRO002", snapshot_from(asked)).status is Status.PASS


def test_repro006_one_epoch_per_fit_inside_a_loop_over_the_epochs_is_no_setting() -> None:
    # A stateful LSTM trained one epoch at a time, its states reset between: `epochs=1` is
    # the loop's step; how many epochs run is `nb_epoch`, a parameter.
    fit = (
        "from keras.models import Sequential\nfrom keras.layers import Dense, LSTM\n"
        "def fit_lstm(x, y, batch_size, nb_epoch):\n"
        "    model = Sequential([LSTM(4, stateful=True), Dense(1)])\n"
        "    model.compile(loss='mse', optimizer='adam')\n"
        "    for i in range(nb_epoch):\n"
        "        model.fit(x, y, epochs=1, batch_size=batch_size, shuffle=False)\n"
        "        model.reset_states()\n"
        "    return model\n"
        "model = fit_lstm(x, y, batch_size, nb_epoch)\n"
    )
    result = check("REPRO006", snapshot_from({"train.py": fit}))
    assert not any("epochs typed" in e.snippet for e in result.evidence), result.evidence
    # One fit of one epoch with no loop around it is still a setting typed in place.
    once = fit.replace("    for i in range(nb_epoch):\n        model.fit", "    model.fit")
    once = once.replace("\n        model.reset_states()", "")
    result = check("REPRO006", snapshot_from({"train.py": once}))
    assert any("epochs typed" in e.snippet for e in result.evidence), result.evidence


def test_repro006_a_fit_on_random_arrays_times_keras_and_is_no_training_run() -> None:
    # A model module's self-check under its main guard: a network fitted again and again on
    # np.random inputs and targets to time single against batched calls. The settings of a
    # fit on noise set no result worth a config file; the project's training, which takes
    # its settings from its command line, is judged alone.
    module = (
        "import numpy as np\n"
        "from time import time\n"
        "from keras.models import Sequential\n"
        "from keras.layers import Dense\n"
        "def make_model(sizes):\n"
        "    model = Sequential()\n"
        "    for size in sizes:\n"
        "        model.add(Dense(size))\n"
        "    model.compile(loss='mse', optimizer='adam')\n"
        "    return model\n"
        "if __name__ == '__main__':\n"
        "    model = make_model([8] * 6)\n"
        "    single_x = np.random.random((1, 4, 4))\n"
        "    single_y = np.random.random((1, 4))\n"
        "    s = time()\n"
        "    for i in range(1000):\n"
        "        model.fit(single_x, single_y, batch_size=1, verbose=False)\n"
        "    print(time() - s)\n"
        "    model.fit(np.random.random((10, 4, 4)), np.random.random((10, 4)), batch_size=10)\n"
    )
    train = (
        "import argparse\n"
        "from neural_network import make_model\n"
        "parser = argparse.ArgumentParser()\n"
        "parser.add_argument('--batch', type=int, default=32)\n"
        "args = parser.parse_args()\n"
        "model = make_model([64, 64])\n"
        "model.fit(load_x(), load_y(), batch_size=args.batch)\n"
    )
    files = {"neural_network.py": module, "train.py": train}
    result = check("REPRO006", snapshot_from(files))
    assert result.status is Status.PASS, (result.message, result.evidence)
    # Real data in the same self-check still trains: its typed batch size is a setting.
    real = module.replace("single_y = np.random.random((1, 4))", "single_y = np.loadtxt('y.txt')")
    result = check("REPRO006", snapshot_from({**files, "neural_network.py": real}))
    assert result.status is Status.WARN, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("neural_network.py", 17)]


def test_repro006_a_sagemaker_estimator_s_fit_submits_a_job_and_is_no_training_run() -> None:
    # An Airflow task submits a SageMaker training job: the estimator's fit uploads the
    # entry-point script and starts it on a cloud machine, handing it the hyperparameters as
    # command-line arguments. The script (train.py, argparse) trains; the submission does not.
    dag = (
        "def trigger_training(bucket):\n"
        "    from sagemaker.pytorch import PyTorch\n"
        "    estimator = PyTorch(\n"
        "        entry_point='train.py',\n"
        "        instance_type='ml.p3.2xlarge',\n"
        "        hyperparameters={'epochs': 25, 'batch-size': 64, 'lr': 1e-3},\n"
        "    )\n"
        "    estimator.fit(inputs={'training': bucket}, wait=False)\n"
        "trigger_training('s3://data')\n"
    )
    train = (
        "import argparse\n"
        "import torch\n"
        "from torch import nn\n"
        "parser = argparse.ArgumentParser()\n"
        "parser.add_argument('--epochs', type=int, default=25)\n"
        "parser.add_argument('--lr', type=float, default=1e-3)\n"
        "args = parser.parse_args()\n"
        "model = nn.Linear(4, 2)\n"
        "optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\n"
        "for epoch in range(args.epochs):\n"
        "    optimizer.zero_grad()\n"
        "    model(torch.ones(2, 4)).sum().backward()\n"
        "    optimizer.step()\n"
    )
    files = {"dags/pipeline.py": dag, "scripts/train.py": train}
    result = check("REPRO006", snapshot_from(files))
    assert result.status is Status.PASS, (result.message, result.evidence)


def test_repro002_says_that_a_run_turns_the_cudnn_flag_off_itself() -> None:
    # seed_everything() seeds torch and sets cudnn.deterministic = False, benchmark = True:
    # "neither cudnn.deterministic nor use_deterministic_algorithms is set" is not what the
    # code does; the warn names the lines that turn determinism off.
    head = (
        "torch.manual_seed(0)\ntorch.backends.cudnn.deterministic = False\n"
        "torch.backends.cudnn.benchmark = True\n"
    )
    result = check("REPRO002", snapshot_from({"train.py": script(head)}))
    assert result.status is Status.WARN, result.message
    assert "neither" not in result.message, result.message
    assert "cudnn.deterministic is set to False" in result.message, result.message
    assert [(e.path, e.line) for e in result.evidence] == [
        ("train.py", 3),
        ("train.py", 4),
        ("train.py", 2),
    ]
    # Without the flag the message stays as it was.
    plain = check("REPRO002", snapshot_from({"train.py": script("torch.manual_seed(0)\n")}))
    assert plain.message == "neither cudnn.deterministic nor use_deterministic_algorithms is set"


def test_repro002_a_cross_encoder_fit_is_pytorch_training() -> None:
    # Fine-tuning a re-ranker: CrossEncoder.fit(train_dataloader=...) trains PyTorch (on CUDA
    # when there is one), so an unseeded notebook waits for its seed, not for training.
    cells = (
        "from sentence_transformers.cross_encoder import CrossEncoder\n"
        "from torch.utils.data import DataLoader\n"
        "model = CrossEncoder('distilroberta-base', num_labels=1)",
        "loader = DataLoader(samples, shuffle=True, batch_size=32)\n"
        "model.fit(train_dataloader=loader, epochs=1, warmup_steps=5000, use_amp=True)",
    )
    result = check("REPRO002", snapshot_from({"finetune.ipynb": notebook(*cells)}))
    assert result.status is Status.SKIP
    assert result.message.startswith("not judged until PyTorch is seeded"), result.message


KERAS_AUGMENTED_COPIES = (
    "import numpy as np\n"
    "from keras import layers, models\n"
    "from keras.preprocessing import image\n"
    "EPOCHS = 100\nBATCH = 64\n\n\n"
    "def augment(images):\n"
    "    flips = image.ImageDataGenerator(horizontal_flip=True)\n"
    "    copies = []\n"
    "    for one in images:\n"
    "        made = 0\n"
    "        for batch in flips.flow(one[None], batch_size=1):\n"
    "            copies.append(batch[0])\n"
    "            made += 1\n"
    "            if made == 2:\n"
    "                break\n"
    "    return np.array(copies)\n\n\n"
    "def main():\n"
    "    x = augment(np.load('images.npy'))\n"
    "    model = models.Sequential([layers.Dense(1)])\n"
    "    model.compile(optimizer='rmsprop', loss='mse')\n"
    "    model.fit(x, x[:, 0], epochs=EPOCHS, batch_size=BATCH)\n\n\n"
    "if __name__ == '__main__':\n"
    "    main()\n"
)


def test_repro006_a_generator_iterated_for_augmented_copies_sets_no_training_batch() -> None:
    # for batch in gen.flow(image, batch_size=1): ... break takes a few augmented copies of
    # one image before training: its batch size sets how many come at a time, not what the
    # model learns, which the fit's named settings decide.
    result = check("REPRO006", snapshot_from({"train.py": KERAS_AUGMENTED_COPIES}))
    assert result.status is Status.PASS, result.evidence
    # A loop over the generator that trains on each batch is the training run's batch size.
    trained = KERAS_AUGMENTED_COPIES.replace(
        "            copies.append(batch[0])\n", "            model.train_on_batch(batch, 1)\n"
    ).replace("def augment(images):\n", "def augment(images, model=None):\n")
    result = check("REPRO006", snapshot_from({"train.py": trained}))
    assert result.status is Status.WARN
    assert [e.line for e in result.evidence] == [13]


def test_repro002_names_the_seed_of_the_spawned_workers_not_of_the_parent() -> None:
    # The launcher seeds torch and starts one process per GPU with torch.multiprocessing.spawn;
    # each worker seeds again in its setup. Spawned processes start a fresh interpreter, so a
    # switch beside the parent's seed never reaches them: it belongs beside the workers' seed
    # (here the call of the seeding setup in the worker that trains).
    launcher = (
        "import torch\n"
        "import torch.multiprocessing as mp\n"
        "from ddp.worker import worker\n"
        "if __name__ == '__main__':\n"
        "    torch.manual_seed(0)\n"
        "    mp.spawn(worker, args=(2,), nprocs=2)\n"
    )
    worker = (
        "import torch\n"
        "from ddp.setup import setup\n"
        "def worker(rank, world_size):\n"
        "    setup(rank)\n"
        "    model = torch.nn.Linear(2, 2).cuda(rank)\n"
        "    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "    for xb, yb in []:\n"
        "        optimizer.zero_grad()\n"
        "        loss = ((model(xb) - yb) ** 2).mean()\n"
        "        loss.backward()\n"
        "        optimizer.step()\n"
    )
    setup = "import torch\ndef setup(rank):\n    torch.manual_seed(rank)\n"
    files = {"ddp_train.py": launcher, "ddp/worker.py": worker, "ddp/setup.py": setup}
    result = check("REPRO002", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("ddp/worker.py", 4)]


_AGENT = (
    "import torch\n"
    "class Agent:\n"
    "    def __init__(self, lr=1e-3):\n"
    "        self.net = torch.nn.Linear(4, 2)\n"
    "        self.opt = torch.optim.Adam(self.net.parameters(), lr=lr)\n"
    "    def act(self, state):\n"
    "        with torch.no_grad():\n"
    "            return self.net(state).argmax()\n"
    "    def train_step(self, batch):\n"
    "        self.opt.zero_grad()\n"
    "        self.net(batch).mean().backward()\n"
    "        self.opt.step()\n"
)
_AGENT_TRAIN = (
    "import argparse\nfrom agent import Agent\n"
    "if __name__ == '__main__':\n"
    "    p = argparse.ArgumentParser()\n"
    "    p.add_argument('--episodes', type=int, default=1)\n"
    "    args = p.parse_args()\n"
    "    agent = Agent()\n"
    "    for _ in range(args.episodes):\n        agent.train_step(None)\n"
)


def test_repro006_a_plain_class_train_step_runs_only_when_named() -> None:
    # A traffic-signal DQN agent is a plain class with its own ``train_step``: no framework
    # calls it, so an evaluation script that builds the agent with its architecture typed in,
    # loads a checkpoint and only acts is no training run.
    evaluate = (
        "import torch\nfrom agent import Agent\n"
        "def main():\n"
        "    agent = Agent(lr=1e-4)\n"
        "    agent.net.load_state_dict(torch.load('best.pth'))\n"
        "    for _ in range(5):\n        agent.act(torch.zeros(4))\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    files = {"agent.py": _AGENT, "train.py": _AGENT_TRAIN, "evaluate.py": evaluate}
    result = check("REPRO006", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert result.metrics["training_entry_points"] == 1
    # A class a framework runs (a Keras model) still has its ``train_step`` run unnamed.
    keras = (
        "import keras\n"
        "class Net(keras.Model):\n"
        "    def train_step(self, data):\n"
        "        return self.compiled_loss(data, data)\n"
    )
    fitted = (
        "from net import Net\n"
        "if __name__ == '__main__':\n"
        "    Net().fit(x, y, epochs=10, batch_size=32)\n"
    )
    result = check("REPRO006", snapshot_from({"net.py": keras, "fit.py": fitted}))
    assert result.status is Status.WARN, result.message


SET_SEEDS = """\
import random

import numpy as np
import torch


def set_seeds(seed, deterministic=False):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    if deterministic:
        torch.backends.cudnn.deterministic = True
        torch.backends.cudnn.benchmark = False
    else:
        torch.backends.cudnn.deterministic = False
        torch.backends.cudnn.benchmark = True
"""


def test_repro002_a_switch_under_an_option_no_call_turns_on_switches_no_run() -> None:
    # set_seeds(seed, deterministic=False) switches cuDNN to deterministic kernels only when
    # asked; the one training script calls set_seeds(0): no run asks, every run benchmarks.
    head = "from utils import set_seeds\nset_seeds(0)\nlr = 0.1\n"
    files = {"utils.py": SET_SEEDS, "train.py": script(head)}
    result = check("REPRO002", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert "no call turns on" in result.message, result.message
    assert ("utils.py", 12) in [(e.path, e.line) for e in result.evidence], result.evidence
    # Asked for by the call (by keyword or position): switched on.
    for call in ("set_seeds(0, deterministic=True)", "set_seeds(0, True)"):
        asked = {**files, "train.py": script(head.replace("set_seeds(0)", call))}
        result = check("REPRO002", snapshot_from(asked))
        assert result.message == "deterministic algorithms are switched on", result.message
    # Handed a value the source does not tell (a command-line flag): on when the run asks.
    flag = {**files, "train.py": script(head.replace("set_seeds(0)", "set_seeds(0, args.det)"))}
    result = check("REPRO002", snapshot_from(flag))
    assert result.status is Status.PASS, result.message
    assert "when the run asks" in result.message, result.message


#: A script fitting scikit-learn estimators at their library defaults, the seed aside.
AT_DEFAULTS = """\
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import train_test_split

df = pd.read_csv("data.csv")
X_train, X_test, y_train, y_test = train_test_split(df[["a", "b"]], df["y"], random_state=0)
regression = LinearRegression()
regression.fit(X_train, y_train)
forest = RandomForestClassifier(random_state=0, n_jobs=-1)
forest.fit(X_train, y_train)
print(regression.score(X_test, y_test), forest.score(X_test, y_test))
"""


def test_repro006_estimators_at_their_defaults_leave_nothing_to_configure() -> None:
    # Nothing a run would change: asking for a command line there is no review point.
    result = check("REPRO006", snapshot_from({"train.py": AT_DEFAULTS}))
    assert result.status is Status.PASS, result.message
    assert result.message == (
        "train.py fits estimators at their library defaults, with no setting a run would change"
    )
    assert result.metrics == {"training_entry_points": 1, "configurable": 0}
    # One estimator given a setting the rule does not know by name is a choice to read.
    chosen = AT_DEFAULTS.replace("LinearRegression()", "LinearRegression(positive=True)")
    result = check("REPRO006", snapshot_from({"train.py": chosen}))
    assert result.status is Status.WARN
    assert result.message == "no command-line arguments or config file (train.py)"
    # A name bound to a default estimator and, elsewhere, to a configured one is not known.
    rebound = AT_DEFAULTS.replace(
        "forest.fit(X_train, y_train)\n",
        "forest.fit(X_train, y_train)\nforest = RandomForestClassifier(max_features=2)\n",
    )
    result = check("REPRO006", snapshot_from({"train.py": rebound}))
    assert result.status is Status.WARN


def test_repro006_a_search_space_named_at_the_top_is_named_once() -> None:
    # A hand-written random search names each hyperparameter's range once at the top
    # (np.arange, np.linspace, a list of numbers) and draws from them in its loop: the
    # block a run's values are changed in, as a RandomizedSearchCV's grid is.
    source = (
        "import numpy as np\n"
        "from xgboost import XGBClassifier\n"
        "np.random.seed(42)\n"
        "n_estimators_range = np.arange(10, 1001)\n"
        "learning_rate_range = np.linspace(0.01, 0.3, 100)\n"
        "max_depth_range = [3, 5, 7]\n"
        "for i in range(20):\n"
        "    n_estimators = np.random.choice(n_estimators_range)\n"
        "    learning_rate = np.random.choice(learning_rate_range)\n"
        "    max_depth = np.random.choice(max_depth_range)\n"
        "    model = XGBClassifier(n_estimators=n_estimators, learning_rate=learning_rate,\n"
        "                          max_depth=max_depth, random_state=42)\n"
        "    model.fit(X_train, y_train)\n"
    )
    result = check("REPRO006", snapshot_from({"tune.py": source}))
    assert result.status is Status.PASS, result.message
    assert result.message.startswith("settings named once at the top"), result.message
    assert [e.line for e in result.evidence] == [4, 5, 6]
    # A range of something else (``ids = np.arange(100)``) names no setting: still a warn.
    bare = source
    for name, other in (("n_estimators_range", "ids"), ("learning_rate_range", "weights")):
        bare = bare.replace(name, other)
    bare = bare.replace("max_depth_range", "sizes")
    assert check("REPRO006", snapshot_from({"tune.py": bare})).status is Status.WARN


def test_repro006_a_setting_written_at_its_library_default_is_no_choice() -> None:
    # scikit-learn's forests grow 100 trees unless told otherwise: writing it out chooses
    # nothing, so the run is still one of estimators at their defaults.
    spelled = AT_DEFAULTS.replace(
        "RandomForestClassifier(random_state=0, n_jobs=-1)",
        "RandomForestClassifier(n_estimators=100, random_state=0)",
    )
    result = check("REPRO006", snapshot_from({"train.py": spelled}))
    assert result.status is Status.PASS, result.message
    # Another count of trees is a choice typed in place.
    chosen = spelled.replace("n_estimators=100", "n_estimators=300")
    result = check("REPRO006", snapshot_from({"train.py": chosen}))
    assert result.status is Status.WARN
    assert result.message == "hyperparameters typed into the training code (train.py)"


def test_repro006_a_recurrent_layer_without_dropout_chooses_nothing() -> None:
    # A notebook names its settings in one cell and writes ``dropout=0.`` into its RNN:
    # PyTorch's recurrent layers drop nothing unless told, so the literal is no choice.
    cells = (
        "import torch\nfrom torch import nn, optim\nlr = 0.001\nnb_epochs = 80\nhidden = 10\n",
        "class RNN(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.rnn = nn.RNN(input_size=8, hidden_size=hidden, dropout=0., batch_first=True)\n"
        "        self.optimizer = optim.Adam(self.parameters(), lr=lr)\n"
        "    def forward(self, x):\n"
        "        return self.rnn(x)[0]\n",
        "rnn = RNN()\n"
        "for epoch in range(nb_epochs):\n"
        "    for x, y in loader:\n"
        "        loss = nn.functional.mse_loss(rnn(x), y)\n"
        "        rnn.optimizer.zero_grad()\n"
        "        loss.backward()\n"
        "        rnn.optimizer.step()\n",
    )
    result = check("REPRO006", snapshot_from({"train.ipynb": notebook(*cells)}))
    assert result.status is Status.PASS, result.message
    # A dropout that is set is a choice typed in place.
    chosen = notebook(*(cell.replace("dropout=0.", "dropout=0.3") for cell in cells))
    result = check("REPRO006", snapshot_from({"train.ipynb": chosen}))
    assert result.status is Status.WARN
    assert "dropout typed in place" in result.evidence[0].snippet


def test_repro006_an_estimator_grid_named_with_a_grid_suffix_is_named_once() -> None:
    # A grid search over a classical estimator names each setting's grid once, at the top of
    # its cell, under a word for a grid (C_VALUES = np.logspace(-4, 3, 8), GAMMA_VALUES,
    # ALPHAS) and loops over them: the block a run's values are changed in, as MAX_DEPTH_VALUES
    # is for a forest.
    for grid in (
        "C_VALUES = np.logspace(-4, 3, 8)\nGAMMA_VALUES = np.logspace(-4, 3, 8)\n",
        "C_GRID = [0.01, 0.1, 1.0, 10.0]\nGAMMA_GRID = [0.1, 1.0]\n",
        "ALPHAS = np.logspace(-3, 1, 5)\nGAMMAS = [0.1, 1.0]\n",
    ):
        c_name, gamma_name = (line.split(" = ")[0] for line in grid.splitlines())
        search = (
            "import numpy as np\n"
            "from sklearn.svm import SVC\n"
            f"{grid}"
            "def tune(X_train, y_train):\n"
            f"    for C in {c_name}:\n"
            f"        for gamma in {gamma_name}:\n"
            "            clf = SVC(C=C, gamma=gamma, random_state=0)\n"
            "            clf.fit(X_train, y_train)\n"
            "tune(X, y)\n"
        )
        files = {"Finals_SVM.ipynb": notebook("import pandas as pd\nX, y = load()\n", search)}
        result = check("REPRO006", snapshot_from(files))
        assert result.status is Status.PASS, (grid, result.message)
        assert result.message.startswith("settings named once at the top"), result.message
        assert [e.line for e in result.evidence] == [3, 4], grid
    # A count or a file named after a letter (C_COUNT = 3) is no grid of a setting: a warn.
    counted = (
        "import numpy as np\n"
        "from sklearn.svm import SVC\n"
        "C_COUNT = 3\n"
        "def tune(X_train, y_train):\n"
        "    clf = SVC(C=C, random_state=0)\n"
        "    clf.fit(X_train, y_train)\n"
        "tune(X, y)\n"
    )
    files = {"Finals_SVM.ipynb": notebook("import pandas as pd\nX, y = load()\n", counted)}
    assert check("REPRO006", snapshot_from(files)).status is Status.WARN
