"""Functions no entry point runs are summarised only when one may be an idle seeding helper."""

from __future__ import annotations

from repocheck.analysis.seed_paths import path_randomness
from repocheck.analysis.seeding import referenced_names
from repocheck.model import Status
from tests.fixtures import notebook
from tests.helpers import check, snapshot_from

TRAIN = "import torch\n\nx = torch.randn(3)\n"
HELPERS = (
    "import torch\n\n"
    "def draw():\n    return torch.rand(2)\n\n"
    "def named_seed(s):\n    torch.manual_seed(s)\n\n"
    "ALIAS = named_seed\n"
)
LONELY = "\ndef lonely(s):\n    torch.manual_seed(s)\n"


def test_no_unreached_function_is_summarised_without_a_possible_idle_helper() -> None:
    snapshot = snapshot_from({"train.py": TRAIN, "helpers.py": HELPERS})
    paths = path_randomness(snapshot)
    # named_seed seeds torch and nothing runs it, but code names it: it is no idle helper.
    assert paths.idle_seeders({"torch"}, referenced_names(snapshot)) == []
    assert "unreached" not in vars(paths)


def test_an_unnamed_seeding_function_is_summarised() -> None:
    snapshot = snapshot_from({"train.py": TRAIN, "helpers.py": HELPERS + LONELY})
    paths = path_randomness(snapshot)
    found = paths.idle_seeders({"torch"}, referenced_names(snapshot))
    assert [function.key for function, _ in found] == ["helpers.lonely"]
    # torch.manual_seed seeds torch, and a DeepXDE network running on PyTorch with it.
    assert sorted(found[0][1].seeds) == ["deepxde", "torch"]
    # A library it does not seed asks for nothing.
    assert path_randomness(snapshot).idle_seeders({"numpy"}, referenced_names(snapshot)) == []


SAMPLER = (
    "import torch\n\n"
    "def samples(z, randomized=True):\n"
    "    if randomized:\n"
    "        z = z + torch.rand_like(z)\n"
    "    return z\n\n"
    "def jittered(z, perturb=0.0):\n"
    "    if perturb > 0.0:\n"
    "        z = z + perturb * torch.rand_like(z)\n"
    "    return z\n\n"
    "def noisy(z, noise=False):\n"
    "    if not noise:\n"
    "        return z\n"
    "    return z + torch.randn_like(z)\n\n"
    "def reassigned(z, randomized=False):\n"
    "    randomized = True\n"
    "    if randomized:\n"
    "        z = z + torch.rand_like(z)\n"
    "    return z\n"
)


def _unseeded_on(files: dict[str, str], entry: str) -> dict[str, int]:
    """Library -> how many unseeded draws the path of the entry point module ``entry`` makes."""
    entries = {e.entry.program.module: e for e in path_randomness(snapshot_from(files)).entries}
    found = entries.get(entry)
    return {} if found is None else {lib: len(uses) for lib, uses in found.unseeded.items()}


def _unseeded(call: str) -> dict[str, int]:
    script = (
        "import torch\nfrom sampler import samples, jittered, noisy, reassigned\n\n"
        f"def render(z):\n    return {call}\n\n"
        "print(render(torch.zeros(3)))\n"
    )
    return _unseeded_on({"sampler.py": SAMPLER, "render.py": script}, "render")


def test_a_draw_under_a_flag_the_call_turns_off_is_not_made() -> None:
    # render_one(..., randomized=False) in a script that renders a trained NeRF: the
    # stratified jitter under `if randomized:` never runs on that path.
    assert _unseeded("samples(z, randomized=False)") == {}
    assert _unseeded("samples(z, False)") == {}
    assert _unseeded("jittered(z)") == {}
    assert _unseeded("jittered(z, perturb=0.0)") == {}
    assert _unseeded("noisy(z)") == {}


def test_a_draw_under_a_flag_the_call_leaves_on_or_unknown_still_counts() -> None:
    assert _unseeded("samples(z)") == {"torch": 1}
    assert _unseeded("samples(z, randomized=True)") == {"torch": 1}
    assert _unseeded("jittered(z, perturb=1.0)") == {"torch": 1}
    assert _unseeded("noisy(z, noise=True)") == {"torch": 1}
    assert _unseeded("samples(z, randomized=z.any())") == {"torch": 1}
    # a flag the function sets again, or one that may come in **kwargs
    assert _unseeded("reassigned(z)") == {"torch": 1}
    assert _unseeded("samples(z, **{'randomized': True})") == {"torch": 1}


RENDERER = (
    "import torch\n\n"
    "class Renderer:\n"
    "    def rays(self, z, randomized=True):\n"
    "        if randomized:\n"
    "            z = z + torch.rand_like(z)\n"
    "        return z\n"
)


def _renderer_unseeded(call: str) -> dict[str, int]:
    script = f"import torch\nfrom renderer import Renderer\n\nr = Renderer()\nprint({call})\n"
    return _unseeded_on({"renderer.py": RENDERER, "render.py": script}, "render")


def test_a_method_called_through_its_class_binds_the_object_first() -> None:
    # Renderer.rays(r, False) gives the object to self: False is `z`, and `randomized`
    # keeps its default, so the jitter is drawn.
    assert _renderer_unseeded("Renderer.rays(r, False)") == {"torch": 1}
    assert _renderer_unseeded("Renderer.rays(r, torch.zeros(3), False)") == {}
    assert _renderer_unseeded("r.rays(torch.zeros(3), False)") == {}


LOADERS = (
    "from torch.utils.data import DataLoader\n\n"
    "def create_dataloader(dataset, batch_size, shuffle=True):\n"
    "    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle)\n"
)


def _loader_unseeded(call: str) -> dict[str, int]:
    script = (
        "from loaders import create_dataloader\n\n"
        f"loader = {call}\n"
        "for batch in loader:\n    print(batch)\n"
    )
    return _unseeded_on({"loaders.py": LOADERS, "evaluate.py": script}, "evaluate")


def test_a_loader_whose_shuffle_the_call_turns_off_draws_nothing() -> None:
    # An evaluation script's create_dataloader(..., shuffle=False): the helper hands the
    # parameter on as DataLoader(shuffle=shuffle), which then reads no order at random.
    assert _loader_unseeded("create_dataloader([1, 2], 2, shuffle=False)") == {}
    assert _loader_unseeded("create_dataloader([1, 2], 2, False)") == {}


def test_a_loader_whose_shuffle_the_call_leaves_on_or_unknown_still_draws() -> None:
    assert _loader_unseeded("create_dataloader([1, 2], 2)") == {"torch": 1}
    assert _loader_unseeded("create_dataloader([1, 2], 2, shuffle=True)") == {"torch": 1}
    assert _loader_unseeded("create_dataloader([1, 2], 2, shuffle=len([]) == 0)") == {"torch": 1}


NEGATIVES = (
    "import random\n\nimport numpy as np\nfrom torch.utils.data import Dataset\n\n"
    "class Triples(Dataset):\n"
    "    def __len__(self):\n        return 10\n\n"
    "    def corrupt(self, i):\n        return random.randint(0, 9), np.random.randint(9)\n\n"
    "    def __getitem__(self, i):\n        return i, self.corrupt(i)\n"
)


def _worker_unseeded(seeds: str, workers: str, default: int = 4) -> dict[str, int]:
    script = (
        "import argparse\n\nimport torch\nfrom torch.utils.data import DataLoader\n"
        "from triples import Triples\n\n"
        "parser = argparse.ArgumentParser()\n"
        f"parser.add_argument('--workers', type=int, default={default})\n"
        "args = parser.parse_args()\n"
        f"{seeds}"
        f"loader = DataLoader(Triples(), batch_size=2, shuffle=True{workers})\n"
        "model = torch.nn.Linear(2, 2)\n"
        "for batch in loader:\n    model(batch).sum().backward()\n"
    )
    return _unseeded_on({"triples.py": NEGATIVES, "train.py": script}, "train")


def test_a_dataset_drawing_in_seeded_loader_workers_is_seeded() -> None:
    # PyTorch seeds random and NumPy in each DataLoader worker from torch's generator: a
    # dataset's __getitem__ (and what it calls) draws seeded there once torch is seeded.
    assert _worker_unseeded("torch.manual_seed(0)\n", ", num_workers=4") == {}
    # An option's default of 4 starts workers too.
    assert _worker_unseeded("torch.manual_seed(0)\n", ", num_workers=args.workers") == {}


def test_a_dataset_drawing_in_the_main_process_or_unseeded_workers_still_draws() -> None:
    # Without workers the draws run in the main process, whose random and NumPy go unseeded;
    # without torch's seed the workers' seeds differ from run to run.
    assert _worker_unseeded("torch.manual_seed(0)\n", "") == {"random": 1, "numpy": 1}
    assert _worker_unseeded("torch.manual_seed(0)\n", ", num_workers=0") == {
        "random": 1,
        "numpy": 1,
    }
    assert _worker_unseeded("", ", num_workers=4") == {"torch": 2, "random": 1, "numpy": 1}
    # An option defaulting to 0 loads in the main process unless the command says otherwise,
    # and workers of a number the code does not show may be none.
    for workers, default in ((", num_workers=args.workers", 0), (", num_workers=n", 4)):
        drawn = _worker_unseeded("torch.manual_seed(0)\n", workers, default)
        assert drawn == {"random": 1, "numpy": 1}, workers
    # A loader written by hand runs its own __getitem__ in the main process.
    by_hand = NEGATIVES.replace("(Dataset)", "")
    script = (
        "import torch\nfrom torch.utils.data import DataLoader\nfrom triples import Triples\n\n"
        "torch.manual_seed(0)\nvalid = DataLoader([1, 2], num_workers=4)\n"
        "model = torch.nn.Linear(2, 2)\n"
        "for batch in Triples():\n    model(batch).sum().backward()\n"
    )
    files = {"triples.py": by_hand, "train.py": script}
    assert _unseeded_on(files, "train") == {"random": 1, "numpy": 1}


#: A model factory in the functional style: its helpers build Keras layers, and the function
#: it returns (called later, here through a higher-order helper) calls them.
CLOSURE_FACTORY = (
    "import tensorflow as tf\n\n"
    "def create_model(width):\n"
    "    def Dense(units):\n"
    "        return tf.keras.layers.Dense(units)\n\n"
    "    def op(inputs):\n"
    "        return Dense(1)(Dense(width)(inputs))\n\n"
    "    return op\n"
)


def _closure_unseeded(script: str) -> dict[str, int]:
    return _unseeded_on({"model.py": CLOSURE_FACTORY, "train.py": script}, "train")


def test_a_returned_inner_function_runs_the_helpers_of_its_enclosing_function() -> None:
    # op = create_model(8); juxt(identity, op)(inputs): the layers are built when op runs,
    # through the sibling helper Dense that op calls by its bare name.
    script = (
        "import tensorflow as tf\nfrom funcy import identity, juxt\n"
        "from model import create_model\n\n"
        "op = create_model(8)\n"
        "inputs = tf.keras.Input(shape=(3,))\n"
        "model = tf.keras.Model(*juxt(identity, op)(inputs))\n"
        "model.compile('adam', 'mse')\n"
        "model.fit(x, y)\n"
    )
    assert _closure_unseeded(script) == {"tensorflow": 1}  # one Dense call, read once
    seeded = script.replace("op = create_model", "tf.random.set_seed(0)\nop = create_model")
    assert _closure_unseeded(seeded) == {}


def test_a_function_not_returned_is_not_run_by_the_call() -> None:
    # A helper defined inside and neither called nor returned builds nothing.
    kept = CLOSURE_FACTORY.replace("    return op\n", "    return width\n")
    script = "from model import create_model\n\nprint(create_model(8))\n"
    assert _unseeded_on({"model.py": kept, "train.py": script}, "train") == {}


NET = (
    "import torch.nn as nn\n\n"
    "class Net(nn.Module):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        self.fc = nn.Linear(8, 2)\n\n"
    "    def forward(self, x):\n"
    "        return self.fc(x)\n"
)


def _probe_unseeded(
    update: str = "", reads: str = "torch.cuda.max_memory_allocated()"
) -> dict[str, int]:
    script = (
        "import torch\nimport torch.nn as nn\nfrom net import Net\n\n"
        "def try_batch(model, bs):\n"
        "    torch.cuda.reset_peak_memory_stats()\n"
        "    x = torch.randn(bs, 8)\n"
        "    y = torch.randint(0, 2, (bs,))\n"
        "    loss = nn.CrossEntropyLoss()(model(x), y)\n"
        "    loss.backward()\n"
        f"{update}"
        "    model.zero_grad()\n"
        f"    return {reads}\n\n"
        "model = Net()\n"
        "for bs in (1, 2, 4):\n"
        "    print(bs, try_batch(model, bs))\n"
    )
    return _unseeded_on({"net.py": NET, "find_bs.py": script}, "find_bs")


def test_a_memory_probe_that_moves_no_weight_draws_nothing_that_matters() -> None:
    # A batch-size finder runs random batches forward and backward and reports only the peak
    # memory: the numbers drawn, and the initial weights, change nothing it reports.
    assert _probe_unseeded() == {}
    timed = "time.perf_counter()"  # a benchmark's timer
    assert _probe_unseeded(reads=timed) == {}


def test_a_probe_that_steps_an_optimizer_or_reports_a_value_still_draws() -> None:
    # An optimizer step trains on the random batches; a returned loss is a value drawn.
    stepped = _probe_unseeded(update="    torch.optim.SGD(model.parameters(), lr=0.1).step()\n")
    assert stepped.get("torch")
    assert _probe_unseeded(reads="loss.item()").get("torch")
    # A TensorFlow network from scratch, timed, trains by applying its tape's gradients.
    timed = (
        "import tensorflow as tf\nfrom time import perf_counter\n\n"
        "w = tf.Variable(tf.random.truncated_normal([4, 2], stddev=0.1))\n"
        "start = perf_counter()\n"
        "for x, y in [(tf.ones([3, 4]), tf.ones([3, 2]))]:\n"
        "    with tf.GradientTape() as tape:\n"
        "        loss = tf.reduce_sum((x @ w - y) ** 2)\n"
        "    grads = tape.gradient(loss, [w])\n"
        "    w.assign_sub(0.1 * grads[0])\n"
        "print(perf_counter() - start)\n"
    )
    assert _unseeded_on({"fc.py": timed}, "fc").get("tensorflow")


# A project class whose ``train`` builds a Hugging Face Trainer (which seeds every library),
# and another whose ``train`` shuffles after putting a library model in training mode.
_SUPERVISED = (
    "from transformers import AutoModelForCausalLM, Trainer, TrainingArguments\n\n"
    "class SupervisedTrainer:\n"
    "    def __init__(self):\n"
    "        self.model = AutoModelForCausalLM.from_pretrained('gpt2')\n\n"
    "    def train(self, data):\n"
    "        trainer = Trainer(model=self.model, args=TrainingArguments('out'))\n"
    "        trainer.train()\n"
)


def _policy_unseeded(put_in_training_mode: str, built: str) -> dict[str, int]:
    policy = (
        "import random\nimport torch\nfrom transformers import AutoModelForCausalLM\n\n"
        "class PolicyTrainer:\n"
        "    def __init__(self):\n"
        f"        self.model = {built}\n\n"
        "    def train(self, items):\n"
        f"        {put_in_training_mode}\n"
        "        random.shuffle(items)\n"
        "        return items\n"
    )
    script = (
        "from policy import PolicyTrainer\n\n"
        "def main():\n    trainer = PolicyTrainer()\n    trainer.train([1, 2, 3])\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    files = {"policy.py": policy, "supervised.py": _SUPERVISED, "run.py": script}
    return _unseeded_on(files, "run")


def test_a_library_object_s_method_runs_no_project_method_of_that_name() -> None:
    # ``self.model.train()`` on a model from ``from_pretrained`` is the library's own
    # ``train``, not SupervisedTrainer.train: its Trainer seeds nothing on this path.
    library = "AutoModelForCausalLM.from_pretrained('gpt2')"
    assert _policy_unseeded("self.model.train()", library) == {"random": 1}
    local = f"model = {library}\n        model.train()"
    assert _policy_unseeded(local, library) == {"random": 1}
    # Moved to a device on the way, it is the same library object.
    assert _policy_unseeded("self.model.train()", f"{library}.to('cuda')") == {"random": 1}


def test_an_object_of_unknown_origin_still_may_run_a_project_method() -> None:
    # A model loaded from a file, or handed in, may be a project object: its ``train`` may
    # still be the project's, whose seeds then count.
    assert _policy_unseeded("self.model.train()", "torch.load('model.pt')") == {}
    assert _policy_unseeded("self.model.train()", "make_model()") == {}


FLIPS = (
    "import random\n\n"
    "def flipped(z, augment=False):\n"
    "    if augment and random.random() < 0.5:\n"
    "        z = z[::-1]\n"
    "    return z\n\n"
    "def kept(z, keep=True):\n"
    "    if keep or random.random() < 0.5:\n"
    "        return z\n"
    "    return z[::-1]\n"
)


def _flips_unseeded(call: str) -> dict[str, int]:
    script = f"from flips import flipped, kept\n\nprint({call})\n"
    return _unseeded_on({"flips.py": FLIPS, "show.py": script}, "show")


def test_a_draw_in_a_test_the_call_s_constant_cuts_short_is_not_made() -> None:
    # `if augment and random.random() < 0.5:` in an image loader an evaluation script calls
    # with augment left False: Python never evaluates the draw after the false `and`.
    assert _flips_unseeded("flipped([1, 2])") == {}
    assert _flips_unseeded("kept([1, 2])") == {}


def test_a_draw_in_a_test_the_call_does_not_cut_short_still_counts() -> None:
    assert _flips_unseeded("flipped([1, 2], augment=True)") == {"random": 1}
    assert _flips_unseeded("kept([1, 2], keep=False)") == {"random": 1}


def _run_by(runner: str, setup: str = "") -> dict[str, int]:
    """An absl-style script: ``main`` trains, or evaluates after seeding, as its flag says."""
    script = (
        f"import torch\n{setup}\n"
        "def evaluate():\n    torch.manual_seed(0)\n    print(torch.rand(1))\n\n"
        "def train():\n    print(torch.randn(3))\n\n"
        "def main(argv=None):\n"
        "    if MODE == 'train':\n        train()\n"
        "    if MODE == 'eval':\n        evaluate()\n\n"
        f"MODE = 'train'\n\nif __name__ == '__main__':\n    {runner}\n"
    )
    return _unseeded_on({"main.py": script}, "main")


def test_a_main_handed_to_an_app_runner_runs_at_once() -> None:
    # `app.run(main)` calls main before it returns: the seed on the evaluation branch does
    # not seed the training branch's draws, as it would for a callback run at some later time.
    assert _run_by("app.run(main)", "from absl import app\n") == {"torch": 1}
    assert _run_by("app.run(main=main)", "from absl import app\n") == {"torch": 1}
    assert _run_by("fire.Fire(main)", "import fire\n") == {"torch": 1}
    assert _run_by("typer.run(main)", "import typer\n") == {"torch": 1}


def test_a_main_handed_to_something_else_still_runs_later() -> None:
    # A callback handed to a framework runs at some later time: any seed on the path counts.
    assert _run_by("register(main)", "def register(f):\n    return f\n") == {}
    assert _run_by("atexit.register(main)", "import atexit\n") == {}


# A notebook's switch for a quick run, set once to False and never set again: the sample it
# guards is never drawn.
FAST_RUN = """\
import numpy as np
import pandas as pd
import tensorflow as tf

FAST_RUN = False
tf.random.set_seed(0)
masks = pd.read_csv("masks.csv")
if FAST_RUN:
    masks = masks.sample(n=1000)
model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(masks[["a"]].values, masks["b"].values, epochs=3)
"""


def test_a_draw_under_a_top_level_switch_set_off_once_is_not_made() -> None:
    def lines(files: dict[str, str]) -> list[int]:
        result = check("REPRO001", snapshot_from(files))
        drawn = result.status is not Status.PASS  # a pass shows the seed
        return [e.line for e in result.evidence if e.path.endswith(".py") and drawn]

    assert lines({"train.py": FAST_RUN}) == []
    # Switched on, the sample is drawn; set twice (or in a loop, or by a function), the
    # value at the test is not told by one line, and the draw counts.
    assert lines({"train.py": FAST_RUN.replace("FAST_RUN = False", "FAST_RUN = True")}) == [9]
    twice = FAST_RUN.replace("tf.random.set_seed(0)\n", "tf.random.set_seed(0)\nFAST_RUN = 1\n")
    assert lines({"train.py": twice}) == [10]
    helper = FAST_RUN + "\n\ndef quick():\n    global FAST_RUN\n    FAST_RUN = True\n"
    assert lines({"train.py": helper}) == [9]
    # Across a notebook's cells: set in the first, tested in a later one.
    split = notebook(
        "import numpy as np\nimport pandas as pd\nimport tensorflow as tf\nFAST_RUN = False",
        "tf.random.set_seed(0)\nmasks = pd.read_csv('masks.csv')",
        "if FAST_RUN:\n    masks = masks.sample(n=1000)",
        "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
        "model.compile(optimizer='adam', loss='mse')\n"
        "model.fit(masks[['a']].values, masks['b'].values, epochs=3)",
    )
    result = check("REPRO001", snapshot_from({"train.ipynb": split}))
    assert result.status is Status.PASS, result.evidence
