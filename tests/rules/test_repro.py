from __future__ import annotations

import json

from repocheck.analysis.seeding import find_randomness
from repocheck.model import Status
from tests.helpers import check, snapshot_from

# Machine-specific paths are assembled at runtime so that this file does not contain them.
HOME = "/ho" + "me/"
MAC_USERS = "/Us" + "ers/"
DRIVE = "/content/" + "drive"
KAGGLE = "/kag" + "gle/"
WINDOWS = "c:\\" + "users\\"


def notebook(*cells: str) -> str:
    """An nbformat-4 notebook whose code cells hold ``cells``."""
    raw = [
        {"cell_type": "code", "execution_count": i + 1, "metadata": {}, "outputs": [], "source": c}
        for i, c in enumerate(cells)
    ]
    return json.dumps({"cells": raw, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


# REPRO001 -----------------------------------------------------------------------------------


def test_repro001_passes_when_every_library_in_use_is_seeded() -> None:
    train = (
        "import random\nimport numpy as np\nimport torch\n"
        "torch.manual_seed(0)\nnp.random.seed(0)\nrandom.seed(0)\n"
        "x = torch.randn(3)\ny = np.random.rand(3)\nrandom.shuffle([1, 2])\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": train}))
    assert result.status is Status.PASS
    assert result.metrics["libraries_used"] == 3
    assert result.metrics["seeded_numpy"] == 1
    assert {e.snippet for e in result.evidence} >= {"torch.manual_seed(0)"}


def test_repro001_fails_when_nothing_is_seeded_and_names_each_draw() -> None:
    train = "import numpy as np\nimport torch\n\nx = torch.randn(3)\ny = np.random.rand(3)\n"
    result = check("REPRO001", snapshot_from({"train.py": train}))
    assert result.status is Status.FAIL
    assert result.score == 0.0
    assert [(e.path, e.line, e.snippet) for e in result.evidence] == [
        ("train.py", 4, "torch.randn(3)"),
        ("train.py", 5, "np.random.rand(3)"),
    ]
    assert result.metrics["libraries_seeded"] == 0


def test_repro001_follows_a_method_of_an_object_kept_in_an_attribute() -> None:
    # A self-play loop runs its player's tree search through self.search: the search's
    # Dirichlet noise is a draw of the run, seeded nowhere. (Matched by method name alone,
    # a call counts only for the seeds it makes.)
    players = (
        "import numpy as np\n\n"
        "class Search:\n"
        "    def act(self, state):\n"
        "        return state + np.random.dirichlet([0.3, 0.3])\n\n"
        "class Player:\n"
        "    def __init__(self):\n"
        "        self.search = Search()\n\n"
        "    def move(self, state):\n"
        "        return self.search.act(state)\n"
    )
    train = "from players import Player\n\nplayer = Player()\nprint(player.move(0))\n"
    result = check("REPRO001", snapshot_from({"players.py": players, "train.py": train}))
    assert result.status is Status.FAIL
    assert [(e.path, e.line) for e in result.evidence] == [("players.py", 5)]


def test_repro001_warns_when_some_libraries_are_seeded() -> None:
    train = "import numpy as np\nimport torch\ntorch.manual_seed(1)\nx = torch.randn(3)\n"
    train += "idx = np.random.permutation(10)\n"
    result = check("REPRO001", snapshot_from({"train.py": train}))
    assert result.status is Status.WARN
    assert result.score == 0.5
    assert result.metrics["seeded_torch"] == 1 and result.metrics["seeded_numpy"] == 0
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 5)]


def test_repro001_skips_code_without_randomness() -> None:
    code = "import numpy as np\nimport torch\nx = torch.zeros(3) + np.ones(3)\n"
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.SKIP


def test_repro001_resolves_aliases_and_from_imports() -> None:
    code = (
        "from numpy import random as npr\n"
        "from torch import manual_seed\n"
        "import torch.nn as nn\n"
        "from random import shuffle\n"
        "manual_seed(0)\n"
        "nn.init.xavier_uniform_(w)\n"
        "shuffle(items)\n"
        "v = npr.normal(size=3)\n"
    )
    result = check("REPRO001", snapshot_from({"prep.py": code}))
    assert result.status is Status.WARN
    assert result.metrics["seeded_torch"] == 1
    assert [(e.line, e.snippet) for e in result.evidence] == [
        (7, "shuffle(items)"),
        (8, "npr.normal(size=3)"),
    ]


def test_repro001_matches_by_what_names_are_not_by_spelling() -> None:
    # A local shuffle() and a variable called random are not Python's random module.
    code = (
        "import numpy as np\n"
        "def shuffle(xs):\n    return sorted(xs)\n"
        "random = np.random.default_rng(7)\n"
        "shuffle([3, 1])\nrandom.integers(5)\n"
        "nn.init.zeros_(w)\n"
    )
    result = check("REPRO001", snapshot_from({"prep.py": code}))
    assert result.status is Status.PASS
    assert result.metrics == {
        "libraries_used": 1,
        "libraries_seeded": 1,
        "entry_points": 1,
        "seeded_numpy": 1,
    }


def test_repro001_reads_a_notebook_as_one_program() -> None:
    nb = notebook(
        "import torch\nimport numpy as np",
        "np.random.seed(0)",
        "print('data')",
        "w = torch.rand(2, 2)\nv = np.random.rand(2)",
    )
    result = check("REPRO001", snapshot_from({"explore.ipynb": nb}))
    assert result.status is Status.WARN
    assert result.evidence[0].path == "explore.ipynb"
    assert (result.evidence[0].cell, result.evidence[0].line) == (3, 1)
    assert result.evidence[0].location == "explore.ipynb:cell 4:1"


def test_repro001_a_project_helper_seeds_what_its_body_seeds() -> None:
    utils = (
        "import random\nimport numpy as np\nimport torch\n\n"
        "def set_seed(seed):\n    random.seed(seed)\n    np.random.seed(seed)\n"
        "    torch.manual_seed(seed)\n"
    )
    train = (
        "import torch\nfrom mingpt.utils import set_seed\n\n"
        "def main():\n    set_seed(3407)\n    return torch.randn(4)\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    files = {"mingpt/__init__.py": "", "mingpt/utils.py": utils, "projects/train.py": train}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.PASS
    assert [(e.path, e.line) for e in result.evidence] == [("mingpt/utils.py", 8)]


def test_repro001_a_seed_inside_fork_rng_seeds_only_that_block() -> None:
    # A library makes one computation deterministic in a forked generator; on leaving the
    # block torch restores the caller's state, so the caller's draws stay unseeded.
    lowrank = (
        "import torch\n\n"
        "def project(x, seed):\n"
        "    with torch.random.fork_rng():\n"
        "        torch.manual_seed(seed)\n"
        "        return torch.svd_lowrank(x)\n"
    )
    train = (
        "import torch\nfrom lib.lowrank import project\n\n"
        "def main():\n    project(torch.ones(2, 2), 0)\n    return torch.randn(4)\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    files = {"lib/__init__.py": "", "lib/lowrank.py": lowrank, "train.py": train}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is not Status.PASS, result.message
    assert result.metrics["seeded_torch"] == 0
    assert [(e.path, e.line, e.snippet) for e in result.evidence] == [
        ("train.py", 6, "torch.randn(4)")
    ]


def test_repro001_helper_calls_resolve_through_aliases_relative_imports_and_helpers() -> None:
    utils = "import torch\n\ndef set_seed(seed):\n    torch.manual_seed(seed)\n"
    trainer = (
        "from .utils import set_seed\n\n"
        "def prepare(cfg):\n    set_seed(cfg.seed)\n"  # a helper that calls a helper
    )
    run = (
        "from pkg import utils as U\nfrom pkg.trainer import prepare\nU.set_seed(1)\nprepare(cfg)\n"
    )
    files = {"pkg/__init__.py": "", "pkg/utils.py": utils, "pkg/trainer.py": trainer}
    found = find_randomness(snapshot_from({**files, "scripts/run.py": run}))
    sites = [(c.unit.path, c.node.lineno) for c in found.seeds["torch"]]
    # The direct call first, then the helper calls that reach it, each found by identity.
    assert sites == [
        ("pkg/utils.py", 4),
        ("pkg/trainer.py", 4),
        ("scripts/run.py", 3),
        ("scripts/run.py", 4),
    ]


def test_repro001_a_seeding_helper_nobody_calls_does_not_count() -> None:
    code = (
        "import torch\n\ndef set_seed(seed):\n    torch.manual_seed(seed)\n\n"
        "x = torch.randperm(10)\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.FAIL
    assert [(e.line, e.snippet) for e in result.evidence] == [
        (6, "torch.randperm(10)"),
        (3, "def set_seed() seeds PyTorch but is never called"),
    ]


def test_repro001_random_state_and_seeded_generators_count_per_call() -> None:
    code = (
        "import numpy as np\n"
        "from sklearn.model_selection import train_test_split, KFold\n"
        "from sklearn.ensemble import RandomForestClassifier\n"
        "import jax\n"
        "rng = np.random.default_rng(42)\n"
        "noise = rng.normal(size=3)\n"
        "a, b = train_test_split(X, random_state=42)\n"
        "cv = KFold(5)\n"
        "clf = RandomForestClassifier(n_estimators=10, random_state=0)\n"
        "key = jax.random.PRNGKey(0)\n"
    )
    result = check("REPRO001", snapshot_from({"fit.py": code}))
    assert result.status is Status.PASS
    assert result.metrics["libraries_used"] == 3  # numpy, sklearn, jax; KFold does not shuffle


def test_repro001_sklearn_without_random_state_is_unseeded() -> None:
    code = (
        "from sklearn.model_selection import train_test_split\n"
        "from sklearn.cluster import KMeans\n"
        "a, b = train_test_split(X, test_size=0.2)\n"
        "km = KMeans(n_clusters=3, random_state=None)\n"
        "c, d = train_test_split(X, shuffle=False)\n"
    )
    result = check("REPRO001", snapshot_from({"fit.py": code}))
    assert result.status is Status.FAIL
    assert [e.line for e in result.evidence] == [3, 4]


def test_repro001_numpy_global_seed_covers_sklearn_and_unseeded_rng_is_a_draw() -> None:
    seeded = "import numpy as np\nfrom sklearn.svm import SVC\nfrom sklearn.cluster import KMeans\n"
    seeded += "np.random.seed(0)\nkm = KMeans(3)\n"
    assert check("REPRO001", snapshot_from({"a.py": seeded})).status is Status.PASS
    loose = "import numpy as np\nrng = np.random.default_rng()\nnoise = rng.normal(size=3)\n"
    result = check("REPRO001", snapshot_from({"a.py": loose}))
    assert result.status is Status.FAIL
    assert result.evidence[0].snippet == "np.random.default_rng()"


def test_repro001_imbalanced_learn_samplers_draw_unless_seeded() -> None:
    # RandomOverSampler() copies rows picked at random, SMOTE interpolates towards random
    # neighbours: from NumPy's global generator when random_state is left out. TomekLinks
    # removes pairs it finds, with no chance involved.
    code = (
        "from imblearn.over_sampling import RandomOverSampler, SMOTE\n"
        "from imblearn.under_sampling import TomekLinks\n"
        "X1, y1 = RandomOverSampler().fit_resample(X, y)\n"
        "X2, y2 = SMOTE(random_state=42).fit_resample(X, y)\n"
        "X3, y3 = TomekLinks().fit_resample(X, y)\n"
    )
    result = check("REPRO001", snapshot_from({"fit.py": code}))
    assert result.status is Status.FAIL
    assert "imbalanced-learn" in result.message
    assert [e.line for e in result.evidence] == [3]
    seeded = "import numpy as np\nnp.random.seed(0)\n" + code
    assert check("REPRO001", snapshot_from({"fit.py": seeded})).status is Status.PASS


def test_repro001_torch_data_loading_and_framework_seeders() -> None:
    code = (
        "import lightning as L\n"
        "from torch.utils.data import DataLoader, random_split\n"
        "L.seed_everything(42)\n"
        "train, val = random_split(ds, [0.8, 0.2])\n"
        "loader = DataLoader(train, batch_size=32, shuffle=True)\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS
    assert result.evidence[0].snippet == "L.seed_everything(42)"
    unshuffled = "from torch.utils.data import DataLoader\nDataLoader(ds, shuffle=False)\n"
    assert check("REPRO001", snapshot_from({"t.py": unshuffled})).status is Status.SKIP


def test_repro001_a_prelu_starts_from_a_constant_and_draws_nothing() -> None:
    # nn.PReLU() sets its slope to 0.25: beside an unseeded LSTM it is no evidence line, and
    # alone it is no draw at all.
    model = (
        "import torch\nimport torch.nn as nn\n\n"
        "class Encoder(nn.Module):\n"
        "    def __init__(self):\n        super().__init__()\n"
        "        self.lstm = nn.LSTM(8, 8)\n        self.act = nn.PReLU()\n\n"
        "if __name__ == '__main__':\n"
        "    model = Encoder()\n    opt = torch.optim.Adam(model.parameters())\n"
        "    for x in data:\n        opt.zero_grad()\n        model(x).sum().backward()\n"
        "        opt.step()\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": model}))
    assert result.status is Status.FAIL
    assert [e.line for e in result.evidence] == [7]
    alone = model.replace("        self.lstm = nn.LSTM(8, 8)\n", "")
    assert check("REPRO001", snapshot_from({"train.py": alone})).status is Status.SKIP


def test_repro001_a_loader_helper_forwarding_its_keywords_shuffles_when_asked() -> None:
    # The JAX tutorials' NumpyLoader: a helper hands **kwargs to torch's DataLoader, and the
    # caller's shuffle=True is the loader's. A seeded generator for random_split seeds that
    # split only; the loader still draws from torch's global generator.
    code = (
        "import jax\nimport torch\nfrom torch.utils.data import DataLoader, random_split\n\n\n"
        "def NumpyLoader(dataset, **kwargs):\n"
        "    return DataLoader(dataset, collate_fn=collate, **kwargs)\n\n\n"
        "def main():\n"
        "    key = jax.random.PRNGKey(0)\n"
        "    train, val = random_split(ds, [8, 2], generator=torch.Generator().manual_seed(0))\n"
        "    train_loader = NumpyLoader(train, batch_size=2, shuffle=True)\n"
        "    val_loader = NumpyLoader(val, batch_size=2, shuffle=False)\n\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.WARN, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 13)]
    assert "PyTorch (1 random call(s))" in result.message
    seeded = code.replace("    key = jax", "    torch.manual_seed(0)\n    key = jax")
    assert check("REPRO001", snapshot_from({"train.py": seeded})).status is Status.PASS


def test_repro001_clock_seeds_and_test_code_do_not_count() -> None:
    code = "import time\nimport random\nrandom.seed(time.time())\nrandom.random()\n"
    files = {"run.py": code, "tests/test_run.py": "import random\nrandom.seed(0)\n"}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [(e.path, e.line) for e in result.evidence] == [("run.py", 4)]


def test_repro001_tensorflow_seeds() -> None:
    code = "import tensorflow as tf\ntf.random.set_seed(1)\nx = tf.random.normal([2])\n"
    assert check("REPRO001", snapshot_from({"tf.py": code})).status is Status.PASS
    result = check(
        "REPRO001", snapshot_from({"tf.py": "import tensorflow as tf\ntf.random.uniform([2])\n"})
    )
    assert result.status is Status.FAIL


def test_repro001_tensorflow_1_initialisers_and_dropout_draw() -> None:
    # An EWC network in TensorFlow 1 initialises its weights with tf.truncated_normal and its
    # layers with initialiser objects; dropout draws its mask. Each draws from the graph seed.
    for call in (
        "tf.truncated_normal([784, 10], stddev=0.1)",
        "tf.compat.v1.truncated_normal([784, 10])",
        "tf.truncated_normal_initializer(stddev=0.01)",
        "tf.glorot_uniform_initializer()",
        "tf.contrib.layers.xavier_initializer()",
        "tf.nn.dropout(h, keep_prob=0.5)",
    ):
        code = f"import tensorflow as tf\nh = tf.zeros([2])\nw = {call}\n"
        result = check("REPRO001", snapshot_from({"ewc.py": code}))
        assert result.status is Status.FAIL, call
        seeded = code.replace("h = ", "tf.set_random_seed(0)\nh = ")
        assert check("REPRO001", snapshot_from({"ewc.py": seeded})).status is Status.PASS, call
    # Given a seed of its own, the initialiser draws the same weights.
    own = "import tensorflow as tf\nw = tf.truncated_normal_initializer(stddev=0.1, seed=3)\n"
    assert check("REPRO001", snapshot_from({"ewc.py": own})).status is Status.PASS


def test_repro001_the_random_module_imported_through_a_library_is_seeded_by_its_seed() -> None:
    # An editor's auto-import binds Python's random through a library module that imported
    # it (torchvision.transforms.transforms does `import random`): random.seed() still seeds.
    seeding = (
        "import torch\nfrom torchvision.transforms.transforms import random\n\n"
        "def set_seed(seed):\n    random.seed(seed)\n    torch.manual_seed(seed)\n"
    )
    train = (
        "import random\nimport sys\nimport torch\nfrom utils.seeding import set_seed\n\n"
        "def main(seed):\n    set_seed(seed)\n    i = random.randint(0, 9)\n"
        "    return torch.randn(i)\n\n"
        "if __name__ == '__main__':\n    main(int(sys.argv[1]))\n"
    )
    files = {"utils/__init__.py": "", "utils/seeding.py": seeding, "train.py": train}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert result.metrics["seeded_random"] == 1


def test_repro001_a_random_module_of_a_library_is_not_pythons_random() -> None:
    # numpy.random, torch.random and cupy.random are their libraries' own generators.
    code = (
        "import random\nfrom torch import random as trandom\nimport cupy\n"
        "trandom.seed()\ncupy.random.seed(0)\nrandom.random()\n"
    )
    result = check("REPRO001", snapshot_from({"run.py": code}))
    assert result.status is Status.FAIL, result.message


# REPRO003 -----------------------------------------------------------------------------------


def test_repro003_passes_when_requirements_cover_the_imports() -> None:
    files = {
        "requirements.txt": "numpy==2.1.3\nscikit-learn==1.5.2\nopencv-python-headless\n",
        "train.py": "import os\nimport numpy as np\nfrom sklearn.svm import SVC\nimport cv2\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.metrics == {"declared": 3, "imported": 3, "undeclared": 0}
    assert result.evidence[0].path == "requirements.txt"


def test_repro003_knows_distributions_named_unlike_their_module() -> None:
    # keras-rectified-adam installs keras_radam: no normal form of one name gives the other.
    files = {
        "requirements.txt": "keras-rectified-adam==0.20.0\nPyYAML\n",
        "train.py": "from keras_radam import RAdam\nimport yaml\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message


def test_repro003_fails_without_any_dependency_file() -> None:
    files = {"train.py": "import torch\nimport yaml\n"}
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.FAIL
    assert "pyyaml" in result.message and "torch" in result.message
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 1), ("train.py", 2)]


def test_repro003_warns_and_names_the_undeclared_import() -> None:
    files = {
        "pyproject.toml": '[project]\nname = "x"\ndependencies = ["numpy>=1.26"]\n',
        "src/x/__init__.py": "",
        "src/x/io.py": "import numpy\nimport x.util\nfrom PIL import Image\nimport wandb\n",
        "src/x/util.py": "try:\n    import rich\nexcept ImportError:\n    rich = None\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN
    assert result.metrics["undeclared"] == 2
    assert [(e.path, e.line, e.snippet) for e in result.evidence] == [
        ("src/x/io.py", 3, "from PIL import Image (declare pillow)"),
        ("src/x/io.py", 4, "import wandb"),
    ]


def test_repro003_near_misses_stdlib_local_and_test_imports() -> None:
    files = {
        "requirements.txt": "numpy\n",
        "train.py": "import json\nimport numpy\nimport helpers\nfrom . import sibling\n"
        "try:\n    import simplejson\nexcept ImportError:\n    import urllib2\n",
        "helpers.py": "",
        "tests/test_train.py": "import pytest\nimport hypothesis\n",
        "setup.py": "from setuptools import setup\nsetup(name='x')\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.metrics["imported"] == 1


def test_repro003_an_import_nested_anywhere_in_a_guarded_block_is_optional() -> None:
    guarded = (
        "import sys\n\ntry:\n    if sys.version_info >= (3, 8):\n        import rich\n"
        "    else:\n        def legacy():\n            import simplejson\n"
        "except ImportError:\n    for _ in range(1):\n        import urllib2\n"
    )
    files = {"requirements.txt": "numpy\n", "train.py": guarded + "import wandb\n"}
    result = check("REPRO003", snapshot_from(files))
    assert [(e.line, e.snippet) for e in result.evidence] == [(12, "import wandb")]


def test_repro003_reads_setup_py_conda_and_poetry() -> None:
    setup = (
        "from setuptools import setup\n"
        "REQS = ['torch>=2', 'tqdm']\n"
        "setup(name='x', install_requires=REQS, extras_require={'viz': ['matplotlib']})\n"
    )
    env = "name: x\ndependencies:\n  - python=3.11\n  - pytorch=2.5\n  - pip:\n    - wandb==0.18\n"
    poetry = '[tool.poetry.dependencies]\npython = "^3.10"\npandas = "^2.2"\n'
    code = "import torch, tqdm, wandb, pandas\nimport matplotlib.pyplot as plt\n"
    for extra in ({"setup.py": setup, "environment.yml": env, "pyproject.toml": poetry},):
        result = check("REPRO003", snapshot_from({**extra, "run.py": code}))
        assert result.status is Status.PASS
        assert result.metrics["imported"] == 5
    only_conda = check("REPRO003", snapshot_from({"environment.yml": env, "run.py": code}))
    assert only_conda.status is Status.WARN
    assert {e.snippet for e in only_conda.evidence} == {
        "import torch, tqdm, wandb, pandas",
        "import matplotlib.pyplot as plt",
    }


def test_repro003_setup_py_that_computes_its_list_is_trusted() -> None:
    setup = "from setuptools import setup\nsetup(install_requires=open('reqs').read().split())\n"
    result = check("REPRO003", snapshot_from({"setup.py": setup, "run.py": "import torch\n"}))
    assert result.status is Status.PASS
    assert "not compared" in result.message


def test_repro003_skips_a_repo_with_nothing_to_declare() -> None:
    result = check("REPRO003", snapshot_from({"run.py": "import json\n"}))
    assert result.status is Status.SKIP


# REPRO004 -----------------------------------------------------------------------------------


def test_repro004_passes_with_a_lock_file() -> None:
    files = {"pyproject.toml": '[project]\nname = "x"\ndependencies = ["numpy"]\n', "uv.lock": "x"}
    result = check("REPRO004", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.evidence[0].path == "uv.lock"


def test_repro004_grades_the_share_of_pinned_requirements() -> None:
    reqs = "# pinned\nnumpy==2.1.3\ntorch==2.5.1 \\\n    --hash=sha256:abc\npandas>=2\n-r dev.txt\n"
    reqs += "-e .\nmatplotlib==3.9.*\n"
    result = check("REPRO004", snapshot_from({"requirements.txt": reqs}))
    assert result.status is Status.WARN
    assert result.score == 0.5
    assert [(e.path, e.line, e.snippet) for e in result.evidence] == [
        ("requirements.txt", 5, "pandas>=2"),
        ("requirements.txt", 8, "matplotlib==3.9.*"),
    ]


def test_repro004_fully_pinned_passes_and_nothing_pinned_fails() -> None:
    pinned = {"requirements.txt": "numpy==2.1.3\ntorch===2.5.1\n"}
    assert check("REPRO004", snapshot_from(pinned)).status is Status.PASS
    loose = check("REPRO004", snapshot_from({"requirements.txt": "numpy\ntorch>=2\n"}))
    assert loose.status is Status.FAIL
    assert [e.line for e in loose.evidence] == [1, 2]


def test_repro004_pin_in_one_file_covers_a_range_in_another() -> None:
    files = {
        "pyproject.toml": '[project]\nname = "x"\ndependencies = ["numpy>=2"]\n',
        "requirements.txt": "numpy==2.1.3\n",
    }
    assert check("REPRO004", snapshot_from(files)).status is Status.PASS


def test_repro004_conda_pins_and_constraints_files() -> None:
    env = "dependencies:\n  - numpy=1.26\n  - scipy\n  - python=3.11\n"
    result = check("REPRO004", snapshot_from({"environment.yml": env}))
    assert result.status is Status.WARN
    assert [(e.line, e.snippet) for e in result.evidence] == [(3, "scipy")]
    constrained = {"requirements.txt": "numpy\n", "constraints.txt": "numpy==2.1.3\n"}
    assert check("REPRO004", snapshot_from(constrained)).status is Status.PASS


def test_repro004_skips_when_nothing_is_declared() -> None:
    result = check("REPRO004", snapshot_from({"train.py": "import torch\n"}))
    assert result.status is Status.SKIP


# REPRO005 -----------------------------------------------------------------------------------


def test_repro005_points_at_the_literal() -> None:
    code = f"import numpy as np\nDATA = '{HOME}ada/mnist'\n"
    result = check("REPRO005", snapshot_from({"train.py": code}))
    assert result.status is Status.FAIL
    assert [(e.path, e.line, e.snippet) for e in result.evidence] == [
        ("train.py", 2, HOME + "ada/mnist")
    ]


def test_repro005_only_warns_on_paths_in_code_set_aside() -> None:
    # legacy/ and old/ keep scripts for reference, as REPRO001 and REPRO006 read them: a path
    # into one person's machine there is a leftover to clean, not a run that fails elsewhere.
    shelved = f"DATA = '{HOME}ada/mnist'\n"
    current = "import numpy as np\nDATA = 'data/mnist'\n"
    files = {"train.py": current, "legacy/train_v1.py": shelved}
    result = check("REPRO005", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert "set aside" in result.message and "legacy/train_v1.py" in result.evidence[0].path
    # One in the current code still fails, and is shown first.
    files["train.py"] = current + f"OUT = '{HOME}ada/out'\n"
    both = check("REPRO005", snapshot_from(files))
    assert both.status is Status.FAIL, both.message
    assert [e.path for e in both.evidence] == ["train.py", "legacy/train_v1.py"]


def test_repro005_finds_mac_windows_drive_and_fstring_paths() -> None:
    code = (
        f"a = '{MAC_USERS}bob/data.csv'\n"
        f"b = r'{WINDOWS}bob\\data'\n"
        f"c = 'D:{MAC_USERS}bob/x'\n"
        f"d = f'{DRIVE}/MyDrive/{{name}}.csv'\n"
    )
    nb = notebook("import pandas as pd", f"df = pd.read_csv('{DRIVE}/MyDrive/train.csv')")
    result = check("REPRO005", snapshot_from({"paths.py": code, "eda.ipynb": nb}))
    assert result.status is Status.FAIL
    located = [(e.path, e.cell, e.line) for e in result.evidence]
    assert located == [
        ("paths.py", None, 1),
        ("paths.py", None, 2),
        ("paths.py", None, 3),
        ("paths.py", None, 4),
        ("eda.ipynb", 1, 1),
    ]


def test_repro005_finds_home_folders_of_shared_clusters() -> None:
    # University clusters put homes elsewhere: /nethome/<user>, /home1/<user> (TACC).
    code = (
        "from data import SmilesDataset\n"
        "train = SmilesDataset('/net" + "home/pjajoria/Github/Tox21Noisy/train.smi')\n"
        "CKPT = '/ho" + "me1/05678/ada/ckpt.pt'\n"
        # Not a person's folder: a home page route, a word that only ends in "home".
        "ROUTE = '/" + "homepage/about'\n"
        "URL = 'https://example.org/net" + "home/x'\n"
    )
    result = check("REPRO005", snapshot_from({"train.py": code}))
    assert result.status is Status.FAIL
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 2), ("train.py", 3)]


def test_repro005_finds_a_users_folder_on_a_servers_data_disk() -> None:
    # Lab servers keep each person's files on a data disk: /data/users/<name>/...,
    # /storage/home/<name>/...; a web route under /users/ or /api/users/ is no one's disk.
    code = (
        "path_detect_root = r'/data" + "/users/yjx/datasets/ENO_S1/public'\n"
        "CKPT = '/storage" + "/home/ada/runs/best.pt'\n"
        "ROUTE = '/users/profile/edit'\n"
        "API = '/api/users/5/posts'\n"
        "SHARED = '/data/datasets/imagenet/train'\n"
    )
    result = check("REPRO005", snapshot_from({"params.py": code}))
    assert result.status is Status.FAIL
    assert [(e.path, e.line) for e in result.evidence] == [("params.py", 1), ("params.py", 2)]


def test_repro005_finds_a_windows_drive_mounted_in_wsl() -> None:
    code = "import pandas as pd\ndf = pd.read_csv('/mnt" + "/d/Projects/titanic/train.csv')\n"
    result = check("REPRO005", snapshot_from({"train.py": code}))
    assert result.status is Status.FAIL
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 2)]


def test_repro005_finds_a_project_folder_on_another_windows_drive() -> None:
    # A learner's weights and data on a second drive: the layout of one person's disk.
    code = (
        "from ultralytics import YOLO\n"
        "model = YOLO('D:" + "/Python/uas-pcd/dataset/best.pt')\n"
        "DATA = r'e:" + "\\uas-pcd\\images'\n"
        # Folders every Windows machine has, and a bare drive, are no one's layout.
        "FONT = 'C:" + "/Windows/Fonts/arial.ttf'\n"
        "OCR = r'C:" + "\\Program Files\\Tesseract-OCR\\tesseract.exe'\n"
        "ROOT = 'D:" + "/'\n"
    )
    result = check("REPRO005", snapshot_from({"detect.py": code}))
    assert result.status is Status.FAIL
    assert [(e.path, e.line) for e in result.evidence] == [("detect.py", 2), ("detect.py", 3)]


def test_repro005_near_misses_do_not_fire() -> None:
    code = (
        '"""Data lives under ' + HOME + 'you/data on the lab server."""\n'
        "import os\n"
        "HOME = '/ho' 'me'\n"
        "ROOT = os.path.expanduser('~')\n"
        "URL = 'https://example.com" + MAC_USERS + "42/'\n"
        "ROUTE = '/api/users/42/'\n"
        "MOUNT = '/mnt" + HOME + "shared/'\n"
        f"user_dir = f'{HOME}{{user}}'\n"
        "parser.add_argument('--data', help='e.g. " + HOME + "you/data')\n"
        "def f():\n    '''Reads " + HOME + "ada/x.'''\n"
    )
    files = {"train.py": code, "tests/test_io.py": f"P = '{HOME}ada/fixture'\n"}
    result = check("REPRO005", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.evidence == ()


def test_repro005_reads_a_script_named_like_a_test_as_code() -> None:
    # test_qa_model.py collects no test: it loads the model from one person's disk and writes
    # its answers there. A test case's fixture path beside code is still left out.
    script = (
        "import torch\n"
        "MODEL_PATH = 'D:" + "/Github/qa/trained_model'\n"
        "model = torch.load(MODEL_PATH)\n"
        "for question in ['Who?']:\n"
        "    print(model(question))\n"
    )
    cases = (
        "import unittest\n"
        "def load(path):\n    return open(path).read()\n"
        "class LoadTests(unittest.TestCase):\n"
        "    def test_load(self):\n"
        f"        self.assertTrue(load('{HOME}ada/fixture.txt'))\n"
    )
    files = {"test_qa_model.py": script, "loading.py": cases}
    result = check("REPRO005", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [(e.path, e.line) for e in result.evidence] == [("test_qa_model.py", 2)]


def test_repro005_the_drive_mount_point_is_every_colab_users() -> None:
    # drive.mount() must be given the mount point, the same on every Colab runtime; only a
    # path below it leads into one person's Drive.
    nb = notebook(
        f"from google.colab import drive\ndrive.mount('{DRIVE}')",
        f"import shutil\nprint(shutil.disk_usage('{DRIVE}/'))",
    )
    assert check("REPRO005", snapshot_from({"colab.ipynb": nb})).status is Status.PASS
    below = notebook(
        f"from google.colab import drive\ndrive.mount('{DRIVE}')\nD = '{DRIVE}/MyDrive'"
    )
    result = check("REPRO005", snapshot_from({"colab.ipynb": below}))
    assert result.status is Status.FAIL
    assert [(e.cell, e.line) for e in result.evidence] == [(0, 3)]


def test_repro005_drive_mounted_at_another_folder_is_still_ones_own_drive() -> None:
    # drive.mount() takes any folder; below it, Drive's root is always "MyDrive" (older
    # runtimes: "My Drive"), so a path through it leads into one person's Drive wherever
    # the notebook mounted it.
    gdrive = "/content/" + "gdrive"
    nb = notebook(
        f"from google.colab import drive\ndrive.mount('{gdrive}')",
        f"DATA = '{gdrive}/My Drive/Data/Imdb/archive'",
        f"print(os.listdir('{gdrive}'))",
    )
    result = check("REPRO005", snapshot_from({"colab.ipynb": nb}))
    assert result.status is Status.FAIL
    assert [(e.cell, e.line) for e in result.evidence] == [(1, 1)]


def test_repro005_reads_the_shell_and_magic_lines_of_notebook_cells() -> None:
    # "%cp" and "!unzip" run on every run of the notebook, like the Python around them.
    gdrive = "/content/" + "gdrive"
    nb = notebook(
        "from google.colab import drive\ndrive.mount('/content/gdrive')",
        f'%cp -av "{gdrive}/MyDrive/neural_style_transfer" "/content"',
        f"import os\n!unzip -q {HOME}ada/data.zip -d data\n# !ls {HOME}bob/old",
        "%%bash\nls /content",
    )
    result = check("REPRO005", snapshot_from({"style.ipynb": nb}))
    assert result.status is Status.FAIL
    assert [(e.cell, e.line) for e in result.evidence] == [(1, 1), (2, 2)]
    clean = notebook("!pip install -q tensorflow", "%cd /content\n!ls /content/sample_data")
    assert check("REPRO005", snapshot_from({"colab.ipynb": clean})).status is Status.PASS


def test_repro005_a_folder_probed_before_another_is_chosen_is_no_dependency() -> None:
    # A Colab-aware config: Drive when it is mounted, the repository's folder otherwise.
    config = (
        "import os\n"
        f"drive_dir = '{DRIVE}/MyDrive/project'\n"
        f"if os.path.exists('{DRIVE}/MyDrive'):\n    BASE = drive_dir\n"
        "else:\n    BASE = os.path.dirname(__file__)\n"
        f"DATA = '{KAGGLE}input/x' if os.path.isdir('{KAGGLE}input') else 'data'\n"
    )
    assert check("REPRO005", snapshot_from({"config.py": config})).status is Status.PASS
    # Probed only to mount it when missing: the path is still used unconditionally.
    mounting = (
        "import os\nfrom google.colab import drive\n"
        f"if not os.path.exists('{DRIVE}'):\n    drive.mount('{DRIVE}')\n"
        f"DATA = '{DRIVE}/MyDrive/data.csv'\n"
    )
    result = check("REPRO005", snapshot_from({"colab.py": mounting}))
    assert result.status is Status.FAIL
    assert [e.line for e in result.evidence] == [5]


def test_repro005_kaggle_paths_only_warn() -> None:
    code = f"import pandas as pd\ndf = pd.read_csv('{KAGGLE}input/titanic/train.csv')\n"
    result = check("REPRO005", snapshot_from({"kernel.py": code}))
    assert result.status is Status.WARN
    assert (result.evidence[0].path, result.evidence[0].line) == ("kernel.py", 2)


def test_repro003_reads_setup_cfg_pipfile_and_a_requirements_folder() -> None:
    cfg = "[metadata]\nname = x\n[options]\ninstall_requires =\n    numpy>=1.26\n    pandas\n"
    pipfile = '[packages]\nrequests = "*"\n\n[dev-packages]\nblack = "==24.1.0"\n'
    code = "import numpy, pandas, requests, rich\n"
    files = {"setup.cfg": cfg, "Pipfile": pipfile, "requirements/base.txt": "rich\n"}
    result = check("REPRO003", snapshot_from({**files, "app.py": code}))
    assert result.status is Status.PASS
    assert result.metrics["declared"] == 5


def test_repro003_an_empty_requirements_file_declares_nothing() -> None:
    files = {"requirements.txt": "# todo\n", "nb.ipynb": notebook("import IPython\nimport torch")}
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [(e.path, e.cell, e.line, e.snippet) for e in result.evidence] == [
        ("nb.ipynb", 0, 2, "import torch")
    ]


def test_repro004_poetry_and_pipfile_exact_versions_are_pins() -> None:
    poetry = '[tool.poetry.dependencies]\npython = "^3.10"\ntorch = "2.5.1"\nnumpy = "^2.0"\n'
    result = check("REPRO004", snapshot_from({"pyproject.toml": poetry}))
    assert result.status is Status.WARN
    assert [(e.path, e.line, e.snippet) for e in result.evidence] == [
        ("pyproject.toml", 4, "numpy ^2.0")
    ]
    pipfile = '[packages]\nrequests = "==2.32.3"\n'
    assert check("REPRO004", snapshot_from({"Pipfile": pipfile})).status is Status.PASS


def test_repro001_deterministic_estimators_are_not_draws() -> None:
    code = (
        "from sklearn.linear_model import LinearRegression, LogisticRegression\n"
        "from sklearn.svm import SVC\n"
        "models = [LinearRegression(), SVC(), LogisticRegression(max_iter=500)]\n"
    )
    assert check("REPRO001", snapshot_from({"fit.py": code})).status is Status.SKIP
    saga = code + "LogisticRegression(solver='saga')\n"
    result = check("REPRO001", snapshot_from({"fit.py": saga}))
    assert result.status is Status.FAIL
    assert [e.line for e in result.evidence] == [4]


def test_repro001_an_svc_with_probability_estimates_draws() -> None:
    # probability=True fits Platt scaling by an internal cross-validation that shuffles the
    # data from random_state (NumPy's global state when None): predict_proba varies per run.
    code = (
        "from sklearn import svm\n"
        "plain = svm.SVC(kernel='rbf').fit(X, y)\n"
        "rbf = svm.SVC(kernel='rbf', probability=True).fit(X, y)\n"
        "fixed = svm.NuSVC(probability=True, random_state=0).fit(X, y)\n"
    )
    result = check("REPRO001", snapshot_from({"fit.py": code}))
    assert result.status is Status.FAIL
    assert [e.line for e in result.evidence] == [3]


def test_repro001_a_gaussian_process_that_restarts_its_optimizer_draws() -> None:
    # n_restarts_optimizer > 0 draws each restart's kernel hyperparameters from random_state
    # (NumPy's global state when None); without restarts the fit starts from the kernel given.
    code = (
        "from sklearn.gaussian_process import GaussianProcessRegressor\n"
        "plain = GaussianProcessRegressor(kernel=k).fit(X, y)\n"
        "restarted = GaussianProcessRegressor(kernel=k, n_restarts_optimizer=20).fit(X, y)\n"
        "fixed = GaussianProcessRegressor(n_restarts_optimizer=5, random_state=0).fit(X, y)\n"
    )
    result = check("REPRO001", snapshot_from({"fit.py": code}))
    assert result.status is Status.FAIL, result.message
    assert [e.line for e in result.evidence] == [3]


def test_repro001_kmeans_started_from_given_centres_draws_nothing() -> None:
    # With an array of starting centres (init=vocab) KMeans neither samples nor picks seeds:
    # Lloyd's iterations from those centres are the same on every run. Only the string
    # initialisations ('k-means++', the default, and 'random') draw from random_state.
    code = (
        "from sklearn.cluster import KMeans\n"
        "vocab = KMeans(n_clusters=8, n_init=2).fit(X).cluster_centers_\n"
        "again = KMeans(n_clusters=len(vocab), init=vocab, n_init=1).fit(X)\n"
        "picked = KMeans(n_clusters=8, init='random').fit(X)\n"
    )
    result = check("REPRO001", snapshot_from({"fit.py": code}))
    assert result.status is Status.FAIL
    assert [e.line for e in result.evidence] == [2, 4]


def test_repro005_points_into_multi_line_strings() -> None:
    code = f'CONFIG = """\nepochs: 3\ndata: {HOME}ada/x\n"""\n'
    result = check("REPRO005", snapshot_from({"cfg.py": code}))
    assert result.status is Status.FAIL
    assert [(e.line, e.snippet) for e in result.evidence] == [(3, f"data: {HOME}ada/x")]


def test_repro005_a_path_only_shown_in_a_message_is_not_used() -> None:
    # A help message naming where the author keeps a file ("Example path: C:\\Users\\...")
    # is shown, never opened: no teammate's run depends on it. A path the code opens inside
    # the message's call (``print(os.listdir(...))``) still counts.
    code = (
        "import logging, os, warnings\n"
        "logger = logging.getLogger(__name__)\n"
        f"logger.error(r'Example path: {WINDOWS}pc\\project\\key.json')\n"
        f"print('Save the data like ' + '{HOME}ada/data')\n"
        f"warnings.warn(f'put it in {MAC_USERS}bob/{{1}}')\n"
        f"print(os.listdir('{HOME}ada/data'))\n"
    )
    result = check("REPRO005", snapshot_from({"setup_key.py": code}))
    assert result.status is Status.FAIL
    assert [e.line for e in result.evidence] == [6]


def test_repro003_local_modules_are_those_an_import_can_see() -> None:
    files = {
        "requirements.txt": "numpy\n",
        "app/__init__.py": "",
        "app/rules/__init__.py": "",
        "app/rules/git.py": "",  # inside a package: does not hide GitPython from app/facts
        "app/facts/history.py": "import git\nimport numpy\n",
        "scripts/model.py": "",  # a script folder: notebooks put it on sys.path by hand
        "scripts/train.py": "import model\nimport app.facts\n",
        "src/mylib/__init__.py": "",
        "runs/wandb/run-1/files/code/train.py": "",  # a committed run folder
        "notebooks/eda.ipynb": notebook("import mylib\nimport model\nimport wandb"),
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN
    assert [(e.path, e.line, e.snippet) for e in result.evidence] == [
        ("app/facts/history.py", 1, "import git (declare gitpython)"),
        ("notebooks/eda.ipynb", 3, "import wandb"),
    ]


# REPRO001 on the path of each entry point ---------------------------------------------------

MINGPT_UTILS = (
    "import random\nimport numpy as np\nimport torch\n\n"
    "def set_seed(seed):\n    random.seed(seed)\n    np.random.seed(seed)\n"
    "    torch.manual_seed(seed)\n"
)
MINGPT_MODEL = (
    "import torch\nimport torch.nn as nn\n\n"
    "class GPT(nn.Module):\n"
    "    def __init__(self, config):\n"
    "        super().__init__()\n"
    "        self.apply(self._init_weights)\n\n"
    "    def _init_weights(self, module):\n"
    "        torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)\n\n"
    "    def generate(self, idx):\n"
    "        return torch.multinomial(idx, num_samples=1)\n"
)
MINGPT_BPE = (
    "import random\n\n"
    "def merge_pairs(pairs):\n    random.shuffle(pairs)\n    return pairs\n\n"
    "if __name__ == '__main__':\n    print('hello')\n"
)


def mingpt(chargpt_main: str) -> dict[str, str]:
    """minGPT's layout: a package, a tokenizer with a demo, a project script and a test."""
    chargpt = (
        "import sys\nfrom mingpt.model import GPT\nfrom mingpt.utils import set_seed\n\n"
        f"if __name__ == '__main__':\n    config = sys.argv[1:]\n{chargpt_main}"
    )
    return {
        "mingpt/__init__.py": "",
        "mingpt/utils.py": MINGPT_UTILS,
        "mingpt/model.py": MINGPT_MODEL,
        "mingpt/bpe.py": MINGPT_BPE,
        "projects/chargpt/chargpt.py": chargpt,
        "tests/test_model.py": "import torch\n\ndef test_x():\n    x = torch.randn(2)\n",
    }


def test_repro001_mingpt_set_seed_helper_called_from_the_entry_point() -> None:
    files = mingpt("    set_seed(3407)\n    model = GPT(None)\n    model.generate(x)\n")
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.PASS
    # The tokenizer's shuffle is never run by an entry point, the test is not code run.
    assert result.metrics["libraries_used"] == 1 and result.metrics["entry_points"] == 1
    assert [(e.path, e.line) for e in result.evidence] == [("mingpt/utils.py", 8)]


def test_repro001_mingpt_without_set_seed_names_the_draw_and_the_entry_point() -> None:
    files = mingpt("    model = GPT(None)\n    model(x).backward()\n    model.generate(x)\n")
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [(e.path, e.line, e.snippet) for e in result.evidence] == [
        (
            "mingpt/model.py",
            10,
            "torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)"
            "  # run by projects/chargpt/chargpt.py",
        ),
        (
            "mingpt/model.py",
            13,
            "torch.multinomial(idx, num_samples=1)  # run by projects/chargpt/chargpt.py",
        ),
        ("mingpt/utils.py", 5, "def set_seed() seeds PyTorch but is never called"),
    ]
    assert "on the path of projects/chargpt/chargpt.py" in result.message


def test_repro001_makemore_seeds_inside_the_main_block() -> None:
    code = (
        "import argparse\nimport torch\n\n"
        "def create_datasets(words):\n    return torch.randperm(len(words)).tolist()\n\n"
        "def generate(model, idx):\n    return torch.multinomial(idx, num_samples=1)\n\n"
        "if __name__ == '__main__':\n"
        "    args = argparse.ArgumentParser().parse_args()\n"
        "    torch.manual_seed(args.seed)\n"
        "    torch.cuda.manual_seed_all(args.seed)\n"
        "    order = create_datasets(words)\n"
        "    generate(model, idx)\n"
    )
    result = check("REPRO001", snapshot_from({"makemore.py": code}))
    assert result.status is Status.PASS
    assert [(e.path, e.line) for e in result.evidence] == [("makemore.py", 12)]


def test_repro001_nanogpt_top_level_script_seeded_before_the_loop() -> None:
    train = (
        "import torch\nfrom model import GPT\n"
        "exec(open('configurator.py').read())\n"
        "seed_offset = 0\n"
        "torch.manual_seed(1337 + seed_offset)\n"
        "def get_batch(split):\n    return torch.randint(10, (4,))\n"
        "model = GPT(conf)\n"
        "while True:\n    x = get_batch('train')\n    model(x).backward()\n"
    )
    model = (
        "import torch\nimport torch.nn as nn\n"
        "class GPT(nn.Module):\n    def __init__(self, conf):\n"
        "        torch.nn.init.normal_(self.w)\n"
    )
    files = {"train.py": train, "model.py": model, "configurator.py": "import sys\n"}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.PASS
    assert [(e.path, e.line, e.snippet) for e in result.evidence] == [
        ("train.py", 5, "torch.manual_seed(1337 + seed_offset)")
    ]
    moved = train.replace("torch.manual_seed(1337 + seed_offset)\n", "") + "torch.manual_seed(1)\n"
    late = check("REPRO001", snapshot_from({**files, "train.py": moved}))
    assert late.status is Status.WARN
    assert [(e.path, e.line, e.snippet) for e in late.evidence] == [
        ("model.py", 5, "torch.nn.init.normal_(self.w)  # run by train.py, before the seed"),
        ("train.py", 6, "torch.randint(10, (4,))  # before the seed"),
    ]


def test_repro001_each_entry_point_must_seed_its_own_path() -> None:
    common = "import numpy as np\n\ndef noisy(n):\n    return np.random.rand(n)\n"
    train = "from common import noisy\nimport numpy as np\nnp.random.seed(0)\nnoisy(3)\n"
    evaluate = "import sys\nfrom common import noisy\n\nif __name__ == '__main__':\n"
    evaluate += "    noisy(int(sys.argv[1]))\n"
    files = {"common.py": common, "train.py": train, "evaluate.py": evaluate}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.WARN
    assert result.metrics["entry_points"] == 2 and result.metrics["seeded_numpy"] == 0
    assert [(e.path, e.line, e.snippet) for e in result.evidence] == [
        ("common.py", 4, "np.random.rand(n)  # run by evaluate.py")
    ]
    assert "on the path of evaluate.py" in result.message


def test_repro001_library_code_no_entry_point_runs_is_not_flagged() -> None:
    tokenizer = "import random\n\ndef shuffled(xs):\n    random.shuffle(xs)\n    return xs\n"
    train = "import torch\ntorch.manual_seed(0)\nw = torch.randn(3)\n"
    result = check("REPRO001", snapshot_from({"tokenizer.py": tokenizer, "train.py": train}))
    assert result.status is Status.PASS
    assert result.metrics["libraries_used"] == 1
    only_library = check(
        "REPRO001", snapshot_from({"tokenizer.py": tokenizer, "run.py": "print('hi')\n"})
    )
    assert only_library.status is Status.SKIP
    # Nothing is packaged for a caller: the draw is in code no entry point runs.
    assert "in code no entry point runs" in only_library.message
    assert "library code" not in only_library.message


def test_repro001_notebook_seeded_after_the_draw_points_at_the_cell() -> None:
    nb = notebook(
        "import torch\nimport numpy as np",
        "w = torch.rand(2, 2)",
        "torch.manual_seed(0)\nnp.random.seed(0)\nv = np.random.rand(2)",
    )
    result = check("REPRO001", snapshot_from({"explore.ipynb": nb}))
    assert result.status is Status.WARN
    assert result.metrics["seeded_numpy"] == 1 and result.metrics["seeded_torch"] == 0
    assert [(e.path, e.cell, e.line, e.snippet) for e in result.evidence] == [
        ("explore.ipynb", 1, 1, "torch.rand(2, 2)  # before the seed")
    ]


def test_repro001_console_script_targets_are_entry_points() -> None:
    cli = "import torch\n\ndef main():\n    return torch.randn(3)\n"
    pyproject = '[project]\nname = "pkg"\n[project.scripts]\nrun = "pkg.cli:main"\n'
    files = {"pkg/__init__.py": "", "pkg/cli.py": cli, "pyproject.toml": pyproject}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [(e.path, e.line, e.snippet) for e in result.evidence] == [
        ("pkg/cli.py", 4, "torch.randn(3)")
    ]
    assert "pyproject.toml" not in result.message and "pkg/cli.py:main" in result.message
    # Without the console script nothing runs main(): all code is read at once, and only warns.
    no_entry = check("REPRO001", snapshot_from({"pkg/__init__.py": "", "pkg/cli.py": cli}))
    assert no_entry.status is Status.WARN
    assert no_entry.metrics["entry_points"] == 0


# An Arabic font recogniser of a held-out pass (495): main.py defines the training step and
# calls only the testing one; the README's usage steps tell the reader to run the former.
STEPPED_MAIN = """\
import modeltraining


def TrainingModule():
    modeltraining.train_data([[0.0], [1.0]], [0, 1])


def TestingModule():
    print("testing")


TestingModule()
"""
STEPPED_TRAINING = """\
from sklearn.ensemble import RandomForestClassifier


def train_data(data, labels):
    forest = RandomForestClassifier()
    forest.fit(data, labels)
"""
STEPPED_README = """\
# Font recognition

## Usage

1. Set the `path_folder` variable to the dataset folder.
2. Run the `TrainingModule()` function to train the model.
3. Run the `TestingModule()` function to test it.
"""


def test_repro001_a_function_the_readme_says_to_run_is_an_entry_point() -> None:
    files = {"main.py": STEPPED_MAIN, "modeltraining.py": STEPPED_TRAINING}
    result = check("REPRO001", snapshot_from({**files, "README.md": STEPPED_README}))
    assert result.status is Status.FAIL, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("modeltraining.py", 5)]
    assert "main.py:TrainingModule" in result.message
    # Unnamed by the README, the function runs nowhere: nothing to judge.
    assert check("REPRO001", snapshot_from(files)).status is Status.SKIP
    # A function the code calls itself is reached by its caller, not made a run of its own;
    # a name two modules define, or one only mentioned, names no run.
    called = STEPPED_MAIN.replace("TestingModule()\n", "TestingModule()\nTrainingModule()\n")
    twice = {**files, "other.py": "def TrainingModule():\n    pass\n"}
    mentioned = STEPPED_README.replace("Run the `TrainingModule()`", "See `TrainingModule()`")
    for case in (
        {**files, "main.py": called, "README.md": STEPPED_README},
        {**twice, "README.md": STEPPED_README},
        {**files, "README.md": mentioned},
    ):
        result = check("REPRO001", snapshot_from(case))
        assert "TrainingModule" not in result.message, result.message


def test_repro001_import_time_draws_run_before_the_importer_seeds() -> None:
    data = "import numpy as np\nPERM = np.random.permutation(100)\n"
    train = "import numpy as np\nimport data\nnp.random.seed(0)\nx = np.random.rand(3)\n"
    result = check("REPRO001", snapshot_from({"data.py": data, "train.py": train}))
    assert result.status is Status.WARN
    assert [(e.path, e.line) for e in result.evidence] == [("data.py", 2)]
    seeded_first = "import numpy as np\nnp.random.seed(0)\nimport data\n"
    ok = check("REPRO001", snapshot_from({"data.py": data, "train.py": seeded_first}))
    assert ok.status is Status.PASS


def test_repro001_aliases_on_the_entry_path() -> None:
    code = (
        "import lightning as L\nfrom torch import manual_seed\nimport numpy as np\n"
        "from torch.utils.data import DataLoader\n\n"
        "def loaders(ds):\n    return DataLoader(ds, shuffle=True), np.random.rand(2)\n\n"
        "if __name__ == '__main__':\n    L.seed_everything(7)\n    loaders(ds)\n"
    )
    result = check("REPRO001", snapshot_from({"fit.py": code}))
    assert result.status is Status.PASS
    assert [e.snippet for e in result.evidence] == ["L.seed_everything(7)"]
    torch_only = code.replace("L.seed_everything(7)", "manual_seed(7)")
    result = check("REPRO001", snapshot_from({"fit.py": torch_only}))
    assert result.status is Status.WARN
    assert [(e.line, e.snippet) for e in result.evidence] == [(7, "np.random.rand(2)")]


def test_repro001_methods_and_framework_hooks() -> None:
    # A seeding method on an object of unknown class counts; a dataset's __getitem__ draws
    # later, so any seed on the path covers it.
    code = (
        "import random\nimport numpy as np\n\n"
        "class Trainer:\n    def setup(self):\n        np.random.seed(0)\n\n"
        "class Flip:\n    def __getitem__(self, i):\n        return random.random() < 0.5\n\n"
        "if __name__ == '__main__':\n"
        "    trainer = make_trainer(sys.argv)\n    ds = Flip()\n    trainer.setup()\n"
        "    x = np.random.rand(2)\n"
    )
    code = "import sys\n" + code
    result = check("REPRO001", snapshot_from({"run.py": code}))
    assert result.status is Status.WARN
    assert result.metrics["seeded_numpy"] == 1 and result.metrics["seeded_random"] == 0
    assert [(e.line, e.snippet) for e in result.evidence] == [(11, "random.random()")]
    seeded = code.replace("trainer.setup()\n", "trainer.setup()\n    random.seed(1)\n")
    assert check("REPRO001", snapshot_from({"run.py": seeded})).status is Status.PASS


def test_repro001_framework_hooks_and_registered_commands_are_on_the_path() -> None:
    # Lightning runs setup() itself; typer runs @app.command() functions itself.
    datamodule = (
        "import lightning as L\nfrom torch.utils.data import random_split\n\n"
        "class Data(L.LightningDataModule):\n"
        "    def setup(self, stage):\n        self.train, self.val = random_split(ds, [0.9, 0.1])\n"
    )
    cli = (
        "import typer\nfrom data import Data\n\napp = typer.Typer()\n\n"
        "@app.command()\ndef train(seed: int = 0):\n    dm = Data()\n    Trainer(cfg).run(dm)\n\n"
        "if __name__ == '__main__':\n    app()\n"
    )
    trainer = "class Trainer:\n    def __init__(self, cfg):\n        self.cfg = cfg\n"
    trainer += "    def run(self, dm):\n        import random\n        random.shuffle(dm)\n"
    files = {"data.py": datamodule, "cli.py": cli + trainer}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [(e.path, e.line, e.snippet) for e in result.evidence] == [
        ("cli.py", 18, "random.shuffle(dm)"),
        ("data.py", 6, "random_split(ds, [0.9, 0.1])  # run by cli.py"),
    ]
    seeded = cli.replace("    dm = Data()", "    L.seed_everything(seed)\n    dm = Data()")
    seeded = "import lightning as L\n" + seeded
    assert check("REPRO001", snapshot_from({**files, "cli.py": seeded + trainer})).status is (
        Status.PASS
    )


def test_repro001_evidence_names_the_training_script_first() -> None:
    data = "import torch\n\ndef loader(ds):\n    return torch.randperm(len(ds))\n"
    run = "import argparse\nfrom data import loader\n\nif __name__ == '__main__':\n    loader(ds)\n"
    files = {"data.py": data, "tools/eval_old.py": run, "src/train.py": run}
    result = check("REPRO001", snapshot_from(files))
    assert [e.snippet for e in result.evidence] == [
        "torch.randperm(len(ds))  # run by src/train.py and 1 more"
    ]
    assert "on the path of src/train.py, tools/eval_old.py" in result.message


def test_repro001_a_draw_that_picks_the_seed_is_not_unseeded() -> None:
    # dcgan's way: pick a seed at random when none is given, print it, seed with it.
    code = (
        "import argparse\nimport random\nimport torch\n\n"
        "if __name__ == '__main__':\n"
        "    opt = argparse.ArgumentParser().parse_args()\n"
        "    if opt.manualSeed is None:\n        opt.manualSeed = random.randint(1, 10000)\n"
        "    print('Random Seed: ', opt.manualSeed)\n"
        "    random.seed(opt.manualSeed)\n    torch.manual_seed(opt.manualSeed)\n"
        "    noise = torch.randn(64, 100)\n"
    )
    result = check("REPRO001", snapshot_from({"main.py": code}))
    assert result.status is Status.PASS
    drawn = code.replace("opt.manualSeed = random.randint", "offset = random.randint")
    result = check("REPRO001", snapshot_from({"main.py": drawn}))
    assert result.status is Status.WARN
    assert [(e.line, e.snippet) for e in result.evidence] == [
        (8, "random.randint(1, 10000)  # before the seed")
    ]


def test_repro001_a_randomized_search_samples_its_candidates_from_random_state() -> None:
    # The estimator is seeded; the search that draws n_iter settings from the grid is not.
    code = (
        "from sklearn.ensemble import RandomForestClassifier\n"
        "from sklearn.model_selection import GridSearchCV, RandomizedSearchCV\n"
        "rf = RandomForestClassifier(random_state=42)\n"
        "grid = GridSearchCV(rf, {'max_depth': [4, 6]}, cv=3)\n"
        "search = RandomizedSearchCV(rf, {'max_depth': [4, 6]}, n_iter=1)\n"
        "seeded = RandomizedSearchCV(rf, {'max_depth': [4, 6]}, n_iter=1, random_state=0)\n"
    )
    result = check("REPRO001", snapshot_from({"search.py": code}))
    assert result.status is Status.FAIL
    assert [e.line for e in result.evidence] == [5]


def test_repro001_a_generator_seeded_with_a_value_drawn_at_random_is_not_seeded() -> None:
    # An elastic transform builds its NumPy generator from a seed it draws from Python's
    # random, which nothing seeds: the run differs every time, so NumPy is not "seeded".
    code = (
        "import random\nimport sys\nimport numpy as np\n\n"
        "class Elastic:\n    def __init__(self, seed=None):\n"
        "        if not seed:\n            seed = random.randint(1, 100)\n"
        "        self.rng = np.random.RandomState(seed)\n\n"
        "    def __call__(self, x):\n        return x + self.rng.rand(*x.shape)\n\n"
        "def main():\n    print(Elastic()(np.zeros(sys.argv[1])))\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.FAIL, result.message
    assert "seeded: NumPy" not in result.message
    assert ("train.py", 9) in [(e.path, e.line) for e in result.evidence], result.evidence
    # Seeded with a value the run chose on purpose, the generator is seeded.
    fixed = code.replace("random.randint(1, 100)", "int(sys.argv[2])")
    assert check("REPRO001", snapshot_from({"train.py": fixed})).status is Status.PASS
    # A seed picked at random and printed can be given back to repeat the run (dcgan's way).
    shown = code.replace(
        "        self.rng = np.random.RandomState(seed)\n",
        "        print('seed', seed)\n        self.rng = np.random.RandomState(seed)\n",
    )
    assert check("REPRO001", snapshot_from({"train.py": shown})).status is Status.PASS


def test_repro001_a_seed_in_a_program_whose_draws_are_not_followed_is_some_seeding() -> None:
    # train.py seeds torch and builds its model by a name read from its config, so none of its
    # draws are followed; the notebook that reuses the model is unseeded. Seeding is there, on
    # the program that trains: a warn names the gap, a fail would say nothing is seeded.
    model = (
        "import torch\n\n\nclass VAE(torch.nn.Module):\n"
        "    def reparameterize(self, mu, std):\n"
        "        return mu + std * torch.randn_like(std)\n"
    )
    train = (
        "import json\nimport torch\nimport model as module_arch\n\n"
        "torch.manual_seed(123)\n\n\ndef main(config):\n"
        "    net = getattr(module_arch, config['arch'])()\n    net.train()\n\n\n"
        "if __name__ == '__main__':\n    main(json.load(open('config.json')))\n"
    )
    cells = ["from model import VAE\nimport torch", "m = VAE()\nm.reparameterize(0, torch.ones(2))"]
    files = {"model.py": model, "train.py": train, "traversal.ipynb": notebook(*cells)}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert "not seeded before use: PyTorch" in result.message
    assert [(e.path, e.line) for e in result.evidence] == [("model.py", 6)]
    # With no seed anywhere, the same notebook fails.
    unseeded = {**files, "train.py": train.replace("torch.manual_seed(123)\n", "")}
    assert check("REPRO001", snapshot_from(unseeded)).status is Status.FAIL


def test_repro001_a_notebook_and_its_exported_script_are_two_programs() -> None:
    # code.ipynb and code.py (jupyter nbconvert --to script) each define and build Net: the
    # notebook's Net() is its own class, never the script's, so the script's draws are not
    # "run by code.ipynb".
    cls = (
        "class Net(nn.Module):\n    def __init__(self):\n"
        "        super().__init__()\n        self.fc = nn.Linear(2, 2)\n"
    )
    loop = (
        "model = Net()\nopt = torch.optim.Adam(model.parameters(), lr=0.01)\n"
        "for x in data:\n    opt.zero_grad()\n    model(x).sum().backward()\n    opt.step()\n"
    )
    files = {
        "code.ipynb": notebook("import torch\nimport torch.nn as nn", cls, loop),
        "code.py": "import torch\nimport torch.nn as nn\n" + cls + loop,
    }
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [(e.path, e.line, e.snippet) for e in result.evidence] == [
        ("code.ipynb", 4, "nn.Linear(2, 2)"),
        ("code.py", 6, "nn.Linear(2, 2)"),
    ]


def test_repro001_shows_a_line_of_every_library_it_names_when_evidence_is_cut() -> None:
    """Many torch draws in files that sort first would fill the evidence shown; the NumPy draw
    the message names, in a file that sorts last, must still be among the lines shown."""
    draws = "import torch\n\n" + "".join(f"t{i} = torch.rand({i + 1})\n" for i in range(8))
    files = {f"{name}.py": draws for name in ("a", "b", "c")}
    files["zdata.py"] = "import numpy as np\n\nnoise = np.random.rand(3)\n"
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.FAIL
    assert "NumPy" in result.message
    assert len(result.evidence) == 20
    assert any(e.path == "zdata.py" for e in result.evidence)


def test_repro001_a_toy_dataset_generator_draws_from_random_state() -> None:
    # make_moons, make_blobs and the other toy-data generators of sklearn.datasets draw their
    # points (and shuffle them) from NumPy's global generator unless given random_state.
    code = (
        "import sklearn.datasets\nfrom sklearn.datasets import make_blobs\n"
        "moons = sklearn.datasets.make_moons(n_samples=512, noise=0.1)[0]\n"
        "blobs = make_blobs(n_samples=512, random_state=0)[0]\n"
        "print(moons, blobs)\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.FAIL, result.message
    assert "scikit-learn" in result.message
    assert [e.line for e in result.evidence] == [3]
    seeded = code.replace("noise=0.1)", "noise=0.1, random_state=0)")
    assert check("REPRO001", snapshot_from({"train.py": seeded})).status is Status.PASS
    # Without noise and without shuffling, the two moons are drawn from nothing.
    fixed = code.replace("noise=0.1)", "shuffle=False)")
    assert check("REPRO001", snapshot_from({"train.py": fixed})).status is Status.PASS


def test_repro005_finds_an_interpreter_in_a_home_folder_on_the_shebang_line() -> None:
    # A flood predictor's CGI script: its first line points the web server at the author's
    # own Python; a portable script names `/usr/bin/env python3`.
    cgi = "#!C:\\Users\\sayan\\AppData\\Local\\Programs\\Python\\Python38\\python.exe\nprint(1)\n"
    result = check("REPRO005", snapshot_from({"predict.py": cgi}))
    assert result.status is Status.FAIL
    assert [(e.path, e.line) for e in result.evidence] == [("predict.py", 1)]
    portable = "#!/usr/bin/env python3\nprint(1)\n"
    assert check("REPRO005", snapshot_from({"predict.py": portable})).status is Status.PASS
    home = "#!/home/ana/anaconda3/bin/python\nprint(1)\n"
    assert check("REPRO005", snapshot_from({"train.py": home})).status is Status.FAIL


def test_repro001_a_held_out_splits_shuffled_loader_is_shown_after_the_draws_that_matter() -> None:
    # Shuffling a test loader changes nothing an accuracy summed over every batch reports: it
    # is still a draw (counted), but the lines a reader sees first are the training run's.
    code = (
        "import torch\nfrom torch.utils.data import DataLoader\n"
        "test_loader = DataLoader(test_set, batch_size=64, shuffle=True)\n"
        "val_loader = DataLoader(val_dataset, batch_size=64, shuffle=True)\n"
        "train_loader = DataLoader(train_set, batch_size=64, shuffle=True)\n"
        "model = torch.nn.Linear(4, 2)\n"
        "opt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "for xb, yb in train_loader:\n"
        "    loss = model(xb).sum()\n    opt.zero_grad()\n    loss.backward()\n    opt.step()\n"
        "for xb, yb in test_loader:\n    print(model(xb))\n"
        "for xb, yb in val_loader:\n    print(model(xb))\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.FAIL, result.message
    assert "4 random call(s)" in result.message, result.message
    assert [e.line for e in result.evidence] == [5, 6, 3, 4]


def test_repro001_follows_a_modal_local_entrypoint_to_the_function_it_runs_remotely() -> None:
    # ``modal run app.py`` runs the ``@app.local_entrypoint()`` function, whose
    # ``train.remote(...)`` trains on the cloud: the shuffled loader and the fresh weights are
    # that run's draws, seeded nowhere, though a smoke script also imports the module.
    app = (
        "import modal\nimport torch\nfrom torch import nn\n"
        "from torch.utils.data import DataLoader\n\n"
        "app = modal.App('chess')\n\n\n"
        "@app.function(gpu='L4')\n"
        "def train(epochs=2):\n"
        "    model = nn.Linear(4, 2)\n"
        "    loader = DataLoader(torch.load('/data/train.pt'), shuffle=True)\n"
        "    opt = torch.optim.Adam(model.parameters())\n"
        "    for _ in range(epochs):\n"
        "        for x, y in loader:\n"
        "            opt.zero_grad()\n"
        "            nn.functional.cross_entropy(model(x), y).backward()\n"
        "            opt.step()\n\n\n"
        "@app.local_entrypoint()\n"
        "def main():\n"
        "    train.remote(epochs=11)\n"
    )
    smoke = "import torch\nfrom app import app\n\nprint(app)\n"
    result = check("REPRO001", snapshot_from({"app.py": app, "smoke.py": smoke}))
    assert result.status is Status.FAIL
    lines = {(e.path, e.line) for e in result.evidence}
    assert ("app.py", 11) in lines and ("app.py", 12) in lines


def test_repro001_judges_a_script_that_evaluates_saved_weights_on_a_random_split() -> None:
    # The main block splits the files at random, unseeded, and measures a loaded checkpoint
    # on the part it calls the test set: another run's split, so clips the model trained on
    # are scored. Not "no random number generator is used".
    from tests.analysis.test_scripts import EVALUATE

    result = check("REPRO001", snapshot_from({"lipnet.py": EVALUATE}))
    assert result.status is Status.FAIL, result.message
    assert any("random_split" in e.snippet for e in result.evidence)


def test_repro001_a_skip_over_draws_no_run_makes_does_not_say_none_is_used() -> None:
    # No entry point: the layers' initialisation is the caller's to seed and the main block
    # is a self-check on made-up input. The skip says why nothing is judged, not that the
    # code uses no random number generator (it does, in both places).
    model = (
        "import torch\n\n\n"
        "class Net(torch.nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.linear = torch.nn.Linear(8, 2)\n\n\n"
        "if __name__ == '__main__':\n"
        "    x = torch.randn(2, 8)\n"
        "    print(Net()(x).shape)\n"
    )
    result = check("REPRO001", snapshot_from({"model.py": model}))
    assert result.status is Status.SKIP
    assert "no random number generator is used" not in result.message
    assert "no entry point" in result.message


def test_repro005_a_pattern_that_matches_paths_is_no_path() -> None:
    # A regular expression that finds home folders in other files (a checker's own code)
    # opens nothing; the same text handed to open() does.
    code = (
        "import re\n"
        f"HOME_FOLDER = re.compile(r'(?<![\\w.~-]){HOME}([A-Za-z0-9_]+)')\n"
        f"found = re.findall(r'{HOME}(\\w+)', text)\n"
        f"data = open('{HOME}ada/data.csv').read()\n"
    )
    result = check("REPRO005", snapshot_from({"scan.py": code}))
    assert [e.line for e in result.evidence] == [4], result.evidence


def test_a_colab_export_with_its_pip_line_is_read_for_its_draws() -> None:
    # "Download .py" keeps "!pip install" as written: the file is the notebook's training run,
    # read as its cells would be, so its unseeded Keras network is found.
    export = (
        "!pip install -q h5py\n"
        "from tensorflow import keras\n"
        "model = keras.Sequential([keras.layers.Dense(10)])\n"
        "model.compile(optimizer='adam', loss='mse')\n"
        "model.fit(x, y, epochs=5)\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": export}))
    assert result.status is Status.FAIL, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 3)]
