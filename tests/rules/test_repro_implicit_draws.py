"""REPRO001 on draws a framework makes for the code: Keras weight initialisation, pandas'
``sample``, Optuna's samplers, and the seeding helpers of training frameworks."""

from __future__ import annotations

import pytest

from repocheck.model import Status
from tests.fixtures import notebook
from tests.helpers import check, snapshot_from

KERAS_SCRIPT = (
    "model = keras.Sequential([\n"
    "    keras.layers.Dense(64, activation='relu'),\n"
    "    keras.layers.Dense(10),\n"
    "])\n"
    "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n"
    "model.fit(x, y, epochs=5)\n"
)


@pytest.mark.parametrize(
    "header",
    [
        "import tensorflow as tf\nkeras = tf.keras\n",
        "from tensorflow import keras\n",
        "import keras\n",
        "import tf_keras as keras\n",
        "import tf_keras\nkeras = tf_keras\n",
    ],
)
def test_repro001_keras_model_fitted_without_a_seed_is_a_finding(header: str) -> None:
    result = check("REPRO001", snapshot_from({"train.py": header + KERAS_SCRIPT}))
    assert result.status in (Status.FAIL, Status.WARN)
    assert "TensorFlow" in result.message
    assert any("Dense(64" in e.snippet for e in result.evidence)


PRIVATE_PATH = (
    "from keras._tf_keras.keras.models import Sequential\n"
    "from keras._tf_keras.keras.layers import Dense\n"
    "model = Sequential()\nmodel.add(Dense(64))\n"
    "model.compile(optimizer='adam', loss='mse')\nmodel.fit(x, y, epochs=5)\n"
)


def test_repro001_keras_imported_from_its_private_tf_keras_path_draws() -> None:
    # keras._tf_keras.keras is tf.keras as Keras 3 ships it, where an editor's auto-import
    # finds the layers that "tensorflow.keras" does not show it.
    result = check("REPRO001", snapshot_from({"train.py": PRIVATE_PATH}))
    assert result.status in (Status.FAIL, Status.WARN), result.message
    assert any("Dense(64" in e.snippet for e in result.evidence)
    seeded = "from keras._tf_keras.keras.utils import set_random_seed\nset_random_seed(42)\n"
    result = check("REPRO001", snapshot_from({"train.py": seeded + PRIVATE_PATH}))
    assert result.status is Status.PASS, result.message


@pytest.mark.parametrize("package", ["keras.api.keras", "keras.api._v2.keras"])
def test_repro001_keras_imported_from_its_generated_api_path_draws(package: str) -> None:
    # Keras 2 builds its public API as keras.api.keras (keras.api._v2.keras from 2.9), where
    # an editor's auto-import finds `layers` and `initializers`: the same tf.keras layers.
    script = (
        f"from {package} import models, layers, initializers\n"
        "model = models.Sequential()\n"
        "model.add(layers.Dense(64, kernel_initializer=initializers.he_normal()))\n"
        "model.compile(optimizer='adam', loss='mse')\nmodel.fit(x, y, epochs=5)\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": script}))
    assert result.status in (Status.FAIL, Status.WARN), result.message
    assert any("Dense(64" in e.snippet for e in result.evidence)
    seeded = f"import {package} as keras\nkeras.utils.set_random_seed(42)\n"
    result = check("REPRO001", snapshot_from({"train.py": seeded + script}))
    assert result.status is Status.PASS, result.message


def test_repro001_tf_keras_is_tf_keras_under_its_own_package_name() -> None:
    # tf_keras is Keras 2 as a package of its own, which TensorFlow Probability needs beside
    # Keras 3: its layers draw from TensorFlow's generator and its set_random_seed seeds it.
    seeded = "import tf_keras as tfk\ntfk.utils.set_random_seed(42)\n"
    script = KERAS_SCRIPT.replace("keras.", "tfk.")
    result = check("REPRO001", snapshot_from({"train.py": seeded + script}))
    assert result.status is Status.PASS, result.message


BAYESIAN_LAYERS = (
    "import tensorflow as tf\nimport tensorflow_probability as tfp\ntfpl = tfp.layers\n"
    "model = tf.keras.Sequential([\n"
    "    tfpl.DenseFlipout(64, activation='relu'),\n"
    "    tfpl.DenseFlipout(10),\n"
    "])\n"
    "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n"
    "model.fit(x, y, epochs=5)\n"
)


def test_repro001_tensorflow_probability_layers_draw_their_weights() -> None:
    # A Bayesian layer of TensorFlow Probability draws its posterior's initial means when it
    # is built and a weight sample on every pass: TensorFlow's global seed fixes both.
    result = check("REPRO001", snapshot_from({"train.py": BAYESIAN_LAYERS}))
    assert result.status in (Status.FAIL, Status.WARN), result.message
    assert "TensorFlow" in result.message
    assert any("DenseFlipout(64" in e.snippet for e in result.evidence)
    seeded = "import tensorflow as tf\ntf.random.set_seed(7)\n" + BAYESIAN_LAYERS
    assert check("REPRO001", snapshot_from({"train.py": seeded})).status is Status.PASS


# A ViZDoom DQN of a held-out pass (496), written for TensorFlow 1: its layers are the
# functional tf.layers ones, whose kernels start from glorot draws as Keras' layers do.
TF1_LAYERS = """\
import tensorflow as tf

frames = tf.placeholder(tf.float32, [None, 84, 84, 4])
conv = tf.layers.conv2d(frames, filters=32, kernel_size=8, strides=4)
hidden = tf.compat.v1.layers.dense(tf.layers.flatten(conv), 256)
q = tf.contrib.layers.fully_connected(hidden, 3, activation_fn=None)
loss = tf.reduce_mean(tf.square(q))
train = tf.train.AdamOptimizer(1e-4).minimize(loss)
with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    session.run(train)
"""


def test_repro001_tensorflow_1_functional_layers_draw_their_weights() -> None:
    result = check("REPRO001", snapshot_from({"train.py": TF1_LAYERS}))
    assert result.status in (Status.FAIL, Status.WARN), result.message
    assert "TensorFlow" in result.message
    lines = sorted(e.line for e in result.evidence if e.path == "train.py")
    assert lines == [4, 5, 6], result.evidence  # not flatten, which draws nothing
    seeded = TF1_LAYERS.replace(
        "import tensorflow as tf\n", "import tensorflow as tf\n\ntf.set_random_seed(0)\n"
    )
    assert check("REPRO001", snapshot_from({"train.py": seeded})).status is Status.PASS
    # A kernel filled with zeros draws nothing.
    zeros = TF1_LAYERS.replace("256)", "256, kernel_initializer=tf.zeros_initializer())")
    lines = [e.line for e in check("REPRO001", snapshot_from({"train.py": zeros})).evidence]
    assert lines == [4, 6], lines


def test_repro001_a_keras_prelu_starts_from_zeros_and_draws_nothing() -> None:
    code = (
        "from tensorflow import keras\n"
        "model = keras.Sequential([keras.layers.PReLU()])\n"
        "model.compile(optimizer='adam', loss='mse')\nmodel.fit(x, y, epochs=5)\n"
    )
    assert check("REPRO001", snapshot_from({"train.py": code})).status is Status.SKIP


def test_repro001_keras_model_seeded_with_set_random_seed_passes() -> None:
    code = "from tensorflow import keras\nkeras.utils.set_random_seed(7)\n" + KERAS_SCRIPT
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS


def test_repro001_keras_model_seeded_with_tf_random_set_seed_passes() -> None:
    code = "import tensorflow as tf\nfrom tensorflow import keras\ntf.random.set_seed(7)\n"
    result = check("REPRO001", snapshot_from({"train.py": code + KERAS_SCRIPT}))
    assert result.status is Status.PASS


def test_repro001_keras_dropout_with_its_own_seed_is_seeded() -> None:
    code = "import tensorflow as tf\ntf.random.set_seed(1)\n"
    code += "drop = tf.keras.layers.Dropout(0.5, seed=3)\nmodel.fit(x, y)\n"
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS


FOLDS = (
    "import pandas as pd\n\n"
    "if __name__ == '__main__':\n"
    "    df = pd.read_csv('train.csv')\n"
    "    df = df.sample(frac=1).reset_index(drop=True)\n"
    "    df.to_csv('folds.csv')\n"
)


def test_repro001_pandas_shuffle_in_a_main_block_without_random_state_is_a_finding() -> None:
    result = check("REPRO001", snapshot_from({"create_folds.py": FOLDS}))
    assert result.status in (Status.FAIL, Status.WARN)
    assert [(e.path, e.line) for e in result.evidence] == [("create_folds.py", 5)]


def test_repro001_pandas_shuffle_with_random_state_passes() -> None:
    code = FOLDS.replace("sample(frac=1)", "sample(frac=1, random_state=42)")
    result = check("REPRO001", snapshot_from({"create_folds.py": code}))
    assert result.status is Status.PASS


def test_repro001_pandas_shuffle_after_numpy_seed_passes() -> None:
    code = FOLDS.replace("import pandas as pd\n", "import numpy as np\nimport pandas as pd\n")
    code = code.replace("    df = pd.read_csv", "    np.random.seed(0)\n    df = pd.read_csv")
    result = check("REPRO001", snapshot_from({"create_folds.py": code}))
    assert result.status is Status.PASS


def test_repro001_a_frame_sampled_by_a_count_draws_too() -> None:
    # final_df.sample(final_df.shape[0]) shuffles every row as frac=1 does.
    code = FOLDS.replace("df.sample(frac=1)", "df.sample(df.shape[0])")
    result = check("REPRO001", snapshot_from({"create_folds.py": code}))
    assert [(e.path, e.line) for e in result.evidence] == [("create_folds.py", 5)]
    seeded = code.replace("df.sample(df.shape[0])", "df.sample(df.shape[0], random_state=1)")
    assert check("REPRO001", snapshot_from({"create_folds.py": seeded})).status is Status.PASS
    # A frame taken from one (a column subset, a chain of methods) samples the same way.
    chained = FOLDS.replace(
        "    df = df.sample(frac=1).reset_index(drop=True)\n",
        "    rows = df.dropna()[['a', 'b']]\n    rows = rows.sample(n=100)\n",
    )
    result = check("REPRO001", snapshot_from({"create_folds.py": chained}))
    assert [(e.path, e.line) for e in result.evidence] == [("create_folds.py", 6)]


def test_repro001_a_row_sampled_to_be_shown_under_a_cell_changes_no_result() -> None:
    # A cell ending in final_df.sample() shows one row at random; the shuffle above it draws.
    cells = notebook(
        "import pandas as pd\nfinal_df = pd.read_csv('matches.csv')\n",
        "final_df = final_df.sample(final_df.shape[0])\nfinal_df.sample()\n",
    )
    result = check("REPRO001", snapshot_from({"explore.ipynb": cells}))
    assert [(e.cell, e.line) for e in result.evidence] == [(1, 1)], result.evidence


def test_repro001_a_few_rows_sampled_to_look_at_change_no_result() -> None:
    # predict.py scores the test split, then shows the prediction for one row at random.
    code = (
        "import pandas as pd\n"
        "test_data = pd.read_csv('test.csv')\n"
        "sample = test_data.sample(1)\n"
        "print(model.predict(sample.drop('price', axis=1))[0])\n"
        "print(test_data.sample(n=5))\n"
    )
    result = check("REPRO001", snapshot_from({"predict.py": code}))
    assert not result.evidence, result.evidence


def test_repro001_a_count_sampled_from_what_is_no_frame_is_no_pandas_draw() -> None:
    # A distribution's sample((n,)) draws from torch, a replay buffer's from its own code.
    code = (
        "import pandas as pd\nimport torch\ntorch.manual_seed(0)\n"
        "df = pd.read_csv('a.csv')\nx = prior.sample((10,))\nbatch = buffer.sample(32)\n"
        "y = torch.randn(2)\n"
    )
    assert check("REPRO001", snapshot_from({"train.py": code})).status is Status.PASS


def test_repro001_a_sample_spelled_as_pandas_spells_it_draws_whatever_made_the_frame() -> None:
    # A Netflix baseline predictor loads its ratings frame with pickle and imports numpy
    # alone; `sample(n, replace=False)` is pandas' spelling all the same (no distribution's
    # or replay buffer's sample takes replace=), drawn from NumPy's global generator.
    code = (
        "import pickle\nimport numpy as np\n"
        "ratings = pickle.load(open('ratings.pkl', 'rb'))\n"
        "batch = ratings.sample(1000, replace=False)\n"
        "print(np.mean(batch['rating']))\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 4)], result.message
    # Without a keyword of pandas' own, a count drawn from what may be no frame says nothing.
    plain = code.replace(", replace=False", "")
    assert not check("REPRO001", snapshot_from({"train.py": plain})).evidence


def test_repro001_a_sample_method_of_something_else_is_no_draw() -> None:
    code = "import torch\ntorch.manual_seed(0)\nx = dist.sample()\ny = torch.randn(2)\n"
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS


STUDY = (
    "import optuna\nfrom sklearn.model_selection import StratifiedKFold\n"
    "folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=7485)\n"
    "study = optuna.create_study(direction='maximize'{sampler})\n"
    "study.optimize(objective, n_trials=50)\n"
)


def test_repro001_optuna_study_without_a_seeded_sampler_warns() -> None:
    code = STUDY.format(sampler="")
    result = check("REPRO001", snapshot_from({"tune.py": code}))
    assert result.status is Status.WARN
    assert "Optuna" in result.message
    assert [(e.path, e.line) for e in result.evidence] == [("tune.py", 4)]


def test_repro001_optuna_study_with_a_seeded_sampler_passes() -> None:
    sampler = ", sampler=optuna.samplers.TPESampler(seed=0)"
    result = check("REPRO001", snapshot_from({"tune.py": STUDY.format(sampler=sampler)}))
    assert result.status is Status.PASS


def test_repro001_optuna_sampler_built_without_a_seed_is_the_finding() -> None:
    code = "from optuna.samplers import TPESampler\nsampler = TPESampler()\n"
    code += STUDY.format(sampler=", sampler=sampler")
    result = check("REPRO001", snapshot_from({"tune.py": code}))
    assert result.status in (Status.FAIL, Status.WARN)
    assert [(e.path, e.line) for e in result.evidence] == [("tune.py", 2)]


def test_repro001_optunas_lightgbm_tuner_draws_unless_given_a_seed() -> None:
    # matsudan/titanic-survival-prediction: the stepwise tuner samples trials from its own
    # study; only optuna_seed= (or a study built with a seeded sampler) fixes them.
    tune = (
        "import optuna.integration.lightgbm as oplgb\n"
        "from sklearn.model_selection import StratifiedKFold\n"
        "folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)\n"
        "tuner = oplgb.LightGBMTunerCV(params, data, folds=folds{seed})\n"
        "tuner.run()\n"
    )
    result = check("REPRO001", snapshot_from({"tune.py": tune.format(seed="")}))
    assert result.status is Status.WARN and "Optuna" in result.message
    assert [(e.path, e.line) for e in result.evidence] == [("tune.py", 4)]
    for seed in (", optuna_seed=0", ", study=study"):
        seeded = check("REPRO001", snapshot_from({"tune.py": tune.format(seed=seed)}))
        assert seeded.status is Status.PASS, seed


def test_repro001_a_bayesian_optimization_draws_unless_given_a_random_state() -> None:
    # ds-wook/Tabular-Playground: bayes_opt's BayesianOptimization picks its first points and
    # its acquisition's starts from a RandomState of its own, drawn from the operating system
    # unless random_state= is given; seeding NumPy's global generator does not reach it.
    tune = (
        "import numpy as np\n"
        "from bayes_opt import BayesianOptimization\n"
        "np.random.seed(0)\n"
        "bo = BayesianOptimization(f=score, pbounds={{'depth': (3, 9)}}{seed})\n"
        "bo.maximize(init_points=5, n_iter=35)\n"
    )
    result = check("REPRO001", snapshot_from({"tune.py": tune.format(seed="")}))
    assert result.status is Status.FAIL, result.message  # the run's one draw is unseeded
    assert "not seeded before use: bayesian-optimization" in result.message
    assert [(e.path, e.line) for e in result.evidence] == [("tune.py", 4)]
    for seed in (", random_state=42", ", random_state=1, verbose=0"):
        seeded = check("REPRO001", snapshot_from({"tune.py": tune.format(seed=seed)}))
        assert seeded.status is Status.PASS, seed


def test_repro001_a_pykeen_pipeline_draws_unless_given_a_random_seed() -> None:
    # PyKEEN's pipeline() trains a knowledge-graph embedding; without random_seed= it takes a
    # fresh seed of its own (logged, not saved) and reseeds torch, NumPy and random with it, so
    # a global seed set before it does not fix the run.
    train = (
        "import numpy as np\n"
        "from pykeen.pipeline import pipeline\n"
        "np.random.seed(0)\n"
        "result = pipeline(dataset='nations', model='TransE'{seed})\n"
        "result.save_to_directory('out')\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": train.format(seed="")}))
    assert result.status is Status.FAIL, result.message
    assert "not seeded before use: PyKEEN" in result.message
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 4)]
    for seed in (", random_seed=42", ", **settings"):
        seeded = check("REPRO001", snapshot_from({"train.py": train.format(seed=seed)}))
        assert seeded.status is Status.PASS, seed


@pytest.mark.parametrize(
    "seeder",
    [
        "from accelerate.utils import set_seed",
        "from accelerate import set_seed",
        "from transformers import set_seed",
        "from lightning.pytorch import seed_everything as set_seed",
    ],
)
def test_repro001_framework_seeding_helpers_seed_torch_numpy_and_random(seeder: str) -> None:
    code = (
        f"import argparse\nimport random\nimport numpy as np\nimport torch\n{seeder}\n\n"
        "def main():\n    args = argparse.ArgumentParser().parse_args()\n"
        "    set_seed(args.seed)\n    model = torch.nn.Linear(2, 2)\n"
        "    idx = np.random.permutation(10)\n    random.shuffle(items)\n"
        "    loss = model(x).sum()\n    loss.backward()\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS, result.message


def test_repro001_a_generator_idle_in_its_module_is_no_draw_though_another_reads_its_name() -> None:
    # diffusers: export_utils.py builds `global_rng = random.Random()` and never reads it;
    # testing_utils.py has a global_rng of its own that it does read.
    export = "import random\n\nglobal_rng = random.Random()\n\ndef export(x):\n    return x\n"
    testing = (
        "import random\n\nglobal_rng = random.Random(0)\n\n"
        "def floats(n):\n    return [global_rng.random() for _ in range(n)]\n"
    )
    train = (
        "import argparse\nimport torch\nfrom utils.export import export\n"
        "from utils.testing import floats\n\nargs = argparse.ArgumentParser().parse_args()\n"
        "torch.manual_seed(0)\nexport(torch.randn(2))\nfloats(3)\n"
    )
    files = {"utils/export.py": export, "utils/testing.py": testing, "train.py": train}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.PASS, result.evidence
    used = "import random\n\nglobal_rng = random.Random()\n\ndef export(x):\n"
    used += "    return global_rng.random()\n"
    result = check("REPRO001", snapshot_from({**files, "utils/export.py": used}))
    assert result.status is Status.WARN


# A script that builds the network only to print its summary and count its parameters, beside
# the training script that seeds Keras: its Dropout layers, like its Dense ones, draw nothing
# that lasts (a Keras dropout draws its mask only in training, as torch.nn.Dropout does).
ARCHITECTURE = {
    "model.py": (
        "from keras import layers\nimport keras\n\n"
        "def build():\n"
        "    inputs = keras.Input(shape=(40, 1))\n"
        "    x = layers.Conv1D(16, 5)(inputs)\n"
        "    x = layers.Dropout(0.3)(x)\n"
        "    x = layers.Flatten()(x)\n"
        "    return keras.Model(inputs, layers.Dense(8)(x))\n"
    ),
    "show_architecture.py": (
        "import pandas as pd\nfrom model import build\n\n"
        "def main():\n"
        "    model = build()\n"
        "    model.summary()\n"
        "    rows = [{'layer': layer.name, 'params': layer.count_params()} for layer in model.layers]\n"
        "    pd.DataFrame(rows).to_csv('layers.csv', index=False)\n\n"
        "if __name__ == '__main__':\n"
        "    main()\n"
    ),
    "train.py": (
        "import keras\nfrom model import build\n\n"
        "def main():\n"
        "    keras.utils.set_random_seed(42)\n"
        "    model = build()\n"
        "    model.compile(optimizer='adam', loss='mse')\n"
        "    model.fit(x, y, epochs=5)\n\n"
        "if __name__ == '__main__':\n"
        "    main()\n"
    ),
}


def test_repro001_keras_dropout_in_a_model_only_summarised_draws_nothing() -> None:
    result = check("REPRO001", snapshot_from(ARCHITECTURE))
    assert result.status is Status.PASS, (result.message, result.evidence)


def test_repro001_keras_dropout_in_a_model_fitted_unseeded_is_a_finding() -> None:
    files = dict(ARCHITECTURE)
    files["train.py"] = files["train.py"].replace("    keras.utils.set_random_seed(42)\n", "")
    result = check("REPRO001", snapshot_from(files))
    assert result.status in (Status.FAIL, Status.WARN)
    assert any("Dropout(0.3)" in e.snippet for e in result.evidence), result.evidence


IN_PLACE = (
    "import torch\n"
    "x = torch.ones(8, 3)\n"
    "x = x + torch.zeros_like(x).normal_(0, 0.01)\n"
    "torch.manual_seed(0)\n"
    "model = torch.nn.Linear(3, 1)\n"
    "opt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
    "loss = model(x).sum()\n"
    "loss.backward()\n"
    "opt.step()\n"
)


def test_repro001_a_tensor_filled_in_place_before_the_seed_draws_unseeded() -> None:
    # Gaussian noise added to the training inputs with Tensor.normal_ before the seed:
    # torch's generator, as torch.randn_like would draw it.
    result = check("REPRO001", snapshot_from({"train.py": IN_PLACE}))
    assert result.status is Status.WARN, result.message
    assert "PyTorch" in result.message
    assert any("normal_(0, 0.01)" in e.snippet for e in result.evidence)


def test_repro001_a_tensor_filled_in_place_with_its_own_generator_is_seeded() -> None:
    code = IN_PLACE.replace("normal_(0, 0.01)", "normal_(0, 0.01, generator=g)")
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS, result.message


#: A model library whose only draw is an init function called through a layer
#: (``m.init.normal_(m.bias, 0)``, nn.init misspelt): it fills the layer's own parameter,
#: as nn.init.normal_ does, so its caller seeds it like every other initialisation.
INIT_THROUGH_A_LAYER = (
    "from torch import nn\n"
    "class Net(nn.Module):\n"
    "    def _initialize(self):\n"
    "        for m in self.modules():\n"
    "            if isinstance(m, nn.Linear):\n"
    "                nn.init.normal_(m.weight, 0, 0.01)\n"
    "                m.init.normal_(m.bias, 0)\n"
)


def test_repro001_an_init_fill_of_a_layer_s_parameter_initialises() -> None:
    files = {"lib/__init__.py": "", "lib/model.py": INIT_THROUGH_A_LAYER}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.SKIP, (result.message, result.evidence)


def test_repro001_an_in_place_fill_of_a_tensor_argument_is_still_a_draw() -> None:
    # A parameter filled through an unknown object, but not a weight or a bias: noise, kept.
    code = IN_PLACE.replace("torch.zeros_like(x).normal_(0, 0.01)", "noise.normal_(x, 0.01)")
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.WARN, result.message


def test_repro001_an_in_place_fill_without_torch_is_no_draw() -> None:
    code = "import numpy as np\nclass T:\n    def normal_(self):\n        return 1\nT().normal_()\n"
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is not Status.WARN, result.message


DEEPXDE_SCRIPT = (
    "import deepxde as dde\n"
    "import numpy as np\n"
    "geom = dde.geometry.Interval(-1, 1)\n"
    "data = dde.data.PDE(geom, pde, [], num_domain=16)\n"
    "net = dde.nn.FNN([1] + [20] * 3 + [1], 'tanh', 'Glorot uniform')\n"
    "model = dde.Model(data, net)\n"
    "model.compile('adam', lr=1e-3)\n"
    "model.train(iterations=1000)\n"
)


def test_repro001_a_deepxde_network_built_unseeded_draws_its_weights() -> None:
    # DeepXDE's networks draw their initial weights from the backend's generator; a PINN
    # script that names no random function still trains from different weights on every run.
    result = check("REPRO001", snapshot_from({"train.py": DEEPXDE_SCRIPT}))
    assert result.status in (Status.FAIL, Status.WARN), result.message
    assert "DeepXDE" in result.message
    assert any("FNN(" in e.snippet for e in result.evidence)


@pytest.mark.parametrize(
    "seed",
    [
        "dde.config.set_random_seed(0)\n",
        "from deepxde import config\nconfig.set_random_seed(0)\n",
        "import tensorflow as tf\ntf.random.set_seed(0)\n",
        "import torch\ntorch.manual_seed(0)\n",
    ],
)
def test_repro001_a_deepxde_network_is_seeded_by_deepxde_or_its_backend(seed: str) -> None:
    code = DEEPXDE_SCRIPT.replace("geom = ", seed + "geom = ", 1)
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS, result.message


def test_repro001_deepxde_set_random_seed_seeds_numpy_and_random_too() -> None:
    # dde.config.set_random_seed seeds Python's random, NumPy and the backend at once.
    code = DEEPXDE_SCRIPT.replace("geom = ", "dde.config.set_random_seed(0)\ngeom = ", 1)
    code += "noise = np.random.uniform(-1, 1, (8, 1))\n"
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS, result.message


def test_repro001_deepxde_random_points_draw_from_numpy_unless_quasi_random() -> None:
    code = DEEPXDE_SCRIPT + "X = geom.random_points(1000)\n"
    code = code.replace("net = ", "import tensorflow as tf\ntf.random.set_seed(0)\nnet = ", 1)
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status in (Status.FAIL, Status.WARN), result.message
    assert "NumPy" in result.message
    assert any("random_points(1000)" in e.snippet for e in result.evidence)
    quasi = code.replace("random_points(1000)", "random_points(1000, random='Hammersley')")
    result = check("REPRO001", snapshot_from({"train.py": quasi}))
    assert result.status is Status.PASS, result.message


def test_repro001_a_random_points_method_without_deepxde_is_no_draw() -> None:
    code = "import numpy as np\nnp.random.seed(0)\nX = sampler.random_points(1000)\n"
    code += "y = np.random.rand(3)\n"
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS, result.message


POLICY = """\
import torch
from torch.distributions import Categorical

class Flow(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.prior = torch.distributions.MultivariateNormal(torch.zeros(2), torch.eye(2))

    def generate(self, n):
        return self.prior.sample((n,))

def act(logits):
    dist = Categorical(logits=logits)
    return dist.sample()

def main():
    logits = torch.zeros(4)
    for step in range(10):
        print(act(logits), Flow().generate(3), torch.distributions.Normal(0.0, 1.0).rsample())

if __name__ == "__main__":
    main()
"""


def test_repro001_sampling_a_torch_distribution_is_a_draw() -> None:
    # A policy's action drawn from Categorical(...).sample(), a flow's samples from the prior
    # it keeps as an attribute: torch's global generator, seeded only by torch.manual_seed.
    result = check("REPRO001", snapshot_from({"train.py": POLICY}))
    assert result.status in (Status.FAIL, Status.WARN)
    assert "not seeded: PyTorch" in result.message
    assert sorted(e.line for e in result.evidence) == [10, 14, 19]
    seeded = POLICY.replace("    logits = ", "    torch.manual_seed(0)\n    logits = ")
    assert check("REPRO001", snapshot_from({"train.py": seeded})).status is Status.PASS
    # A "sample" of something that is no torch distribution draws nothing.
    other = (
        "import torch\nclass Buffer:\n    def sample(self):\n        return 1\nBuffer().sample()\n"
    )
    assert check("REPRO001", snapshot_from({"train.py": other})).status is Status.SKIP


HF_TF_FINE_TUNE = (
    "from transformers import TFAutoModelForSeq2SeqLM\n"
    "model = TFAutoModelForSeq2SeqLM.from_pretrained('facebook/bart-large-cnn')\n"
    "train = model.prepare_tf_dataset(tokenized['train'], batch_size=4)\n"
    "valid = model.prepare_tf_dataset(tokenized['validation'], shuffle=False, batch_size=4)\n"
    "model.compile(optimizer='adam')\n"
    "model.fit(train, validation_data=valid, epochs=2)\n"
)


def test_repro001_a_hugging_face_tf_dataset_shuffles_from_tensorflow() -> None:
    # A BART fine-tune in Keras: prepare_tf_dataset shuffles by default (to_tf_dataset when
    # asked), through tf.data, which only TensorFlow's global seed fixes; neither takes one.
    result = check("REPRO001", snapshot_from({"finetune.py": HF_TF_FINE_TUNE}))
    assert result.status in (Status.FAIL, Status.WARN)
    assert "TensorFlow" in result.message
    assert [e.line for e in result.evidence] == [3]
    seeded = "import tensorflow as tf\ntf.keras.utils.set_random_seed(42)\n" + HF_TF_FINE_TUNE
    assert check("REPRO001", snapshot_from({"finetune.py": seeded})).status is Status.PASS
    # An unshuffled one draws nothing; datasets' to_tf_dataset shuffles only when asked.
    still = HF_TF_FINE_TUNE.replace("batch_size=4)\nvalid", "batch_size=4, shuffle=False)\nvalid")
    assert check("REPRO001", snapshot_from({"finetune.py": still})).status is Status.SKIP
    asked = "import datasets\nds = data.to_tf_dataset(batch_size=8, shuffle=True)\nmodel.fit(ds)\n"
    assert check("REPRO001", snapshot_from({"train.py": asked})).status is not Status.SKIP
    unasked = asked.replace(", shuffle=True", "")
    assert check("REPRO001", snapshot_from({"train.py": unasked})).status is Status.SKIP


def test_repro001_a_gym_action_space_samples_from_its_own_generator() -> None:
    # A learner's TD3 on MuJoCo's Ant: the warm-up steps take `env.action_space.sample()`
    # after `env.reset(seed=SEED)`, `torch.manual_seed` and `np.random.seed`; Gymnasium seeds
    # a space only through `action_space.seed(...)`, so the warm-up actions differ each run.
    script = (
        "import gymnasium as gym\nimport numpy as np\nimport torch\n"
        "SEED = 42\nenv = gym.make('Ant-v5')\nenv.reset(seed=SEED)\n{seeded}"
        "torch.manual_seed(SEED)\nnp.random.seed(SEED)\n"
        "for t in range(1000):\n"
        "    if t < 100:\n        action = env.action_space.sample()\n"
        "    else:\n        action = np.random.normal(0, 0.1, size=8)\n"
        "    env.step(action)\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": script.format(seeded="")}))
    assert result.status in (Status.FAIL, Status.WARN), result.message
    assert "Gym" in result.message
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 11)]
    seeded = script.format(seeded="env.action_space.seed(SEED)\n")
    assert check("REPRO001", snapshot_from({"train.py": seeded})).status is Status.PASS


def test_repro001_a_sample_of_an_action_space_outside_gym_is_not_read() -> None:
    # An object of the project's own with an `action_space` (no Gym imported): not Gym's.
    script = "import numpy as np\nnp.random.seed(0)\nx = agent.action_space.sample()\n"
    result = check("REPRO001", snapshot_from({"train.py": script}))
    assert "Gym" not in result.message


@pytest.mark.parametrize(
    ("header", "build"),
    [
        ("import gensim\n", "gensim.models.ldamodel.LdaModel(corpus, num_topics=15{seed})"),
        ("from gensim.models import LdaMulticore\n", "LdaMulticore(corpus, num_topics=15{seed})"),
    ],
)
def test_repro001_a_gensim_topic_model_draws_its_initial_topics_from_numpy(
    header: str, build: str
) -> None:
    # A learner's LDA notebook: gensim's topic models draw their initial topics from NumPy's
    # global generator unless given random_state=, so the topics change from run to run.
    script = header + "corpus = load()\nlda = " + build + "\nprint(lda.print_topics())\n"
    result = check("REPRO001", snapshot_from({"topics.py": script.format(seed="")}))
    assert result.status is Status.FAIL, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("topics.py", 3)]
    for seed in (", random_state=42", ""):
        code = script.format(seed=seed)
        if not seed:
            code = "import numpy as np\nnp.random.seed(0)\n" + code
        seeded = check("REPRO001", snapshot_from({"topics.py": code}))
        assert seeded.status is Status.PASS, seed


def test_repro001_a_bertopic_model_draws_unless_given_its_own_umap_model() -> None:
    # A learner's BERTopic notebook: the default UMAP reduction draws from NumPy's global
    # generator; a umap_model= of the author's own is taken as the author's choice.
    script = (
        "from bertopic import BERTopic\n"
        "model = BERTopic(verbose=True{seed})\n"
        "topics, probs = model.fit_transform(docs)\n"
    )
    result = check("REPRO001", snapshot_from({"topics.py": script.format(seed="")}))
    assert result.status is Status.FAIL, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("topics.py", 2)]
    seeded = check(
        "REPRO001", snapshot_from({"topics.py": script.format(seed=", umap_model=umap")})
    )
    assert seeded.status is Status.PASS


@pytest.mark.parametrize(
    ("header", "build"),
    [
        ("import dowhy.datasets\n", "dowhy.datasets.linear_dataset(beta=10, num_samples=1000)"),
        ("from dowhy import datasets\n", "datasets.linear_dataset(10, 5, 1000)"),
        ("from causalml.dataset import synthetic_data\n", "synthetic_data(mode=1, n=1000)"),
    ],
)
def test_repro001_a_causal_library_s_synthetic_dataset_draws_from_numpy(
    header: str, build: str
) -> None:
    # A learner's DoWhy notebook: dowhy.datasets.linear_dataset (as causalml's synthetic_data)
    # draws its confounders, treatment and noise from NumPy's global generator and takes no
    # seed, so the data and every estimate on them change from run to run.
    script = header + "data = " + build + "\nprint(data)\n"
    result = check("REPRO001", snapshot_from({"synthetic.py": script}))
    assert result.status is Status.FAIL, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("synthetic.py", 2)]
    seeded = "import numpy as np\nnp.random.seed(0)\n" + script
    assert check("REPRO001", snapshot_from({"synthetic.py": seeded})).status is Status.PASS


# LoRA's A matrices are drawn (Kaiming uniform) when get_peft_model wraps the model, before
# the Trainer built after it seeds anything (passes 169 and 194).
PEFT_FINE_TUNE = """\
from datasets import load_dataset
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM, Trainer, TrainingArguments

model = AutoModelForCausalLM.from_pretrained("gpt2")
model = get_peft_model(model, LoraConfig(r=8, target_modules=["c_attn"]))
data = load_dataset("json", data_files="train.json")["train"]
trainer = Trainer(model=model, args=TrainingArguments("out", seed=42), train_dataset=data)
trainer.train()
"""


def test_repro001_lora_adapters_drawn_before_the_trainer_seeds_are_unseeded() -> None:
    result = check("REPRO001", snapshot_from({"train.py": PEFT_FINE_TUNE}))
    assert result.status in (Status.WARN, Status.FAIL), result.message
    assert [e.line for e in result.evidence] == [6]


def test_repro001_lora_adapters_drawn_after_set_seed_are_seeded() -> None:
    seeded = PEFT_FINE_TUNE.replace(
        "model = AutoModelForCausalLM",
        "from transformers import set_seed\n\nset_seed(42)\nmodel = AutoModelForCausalLM",
    )
    result = check("REPRO001", snapshot_from({"train.py": seeded}))
    assert result.status is Status.PASS, result.message


# An evaluation that samples each answer (do_sample=True) and scores it: the numbers change
# on every run unless torch is seeded first (pass 200's DPO evaluation).
SAMPLED_EVAL = """\
from transformers import AutoModelForCausalLM, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("gpt2")
model = AutoModelForCausalLM.from_pretrained("out/dpo")
ids = tokenizer("Question: 2+2?", return_tensors="pt").input_ids
answer = model.generate(ids, max_new_tokens=20, do_sample=True, top_p=0.9)
print(score(tokenizer.decode(answer[0])))
"""


def test_repro001_sampled_generation_without_a_seed_is_a_draw() -> None:
    result = check("REPRO001", snapshot_from({"eval.py": SAMPLED_EVAL}))
    assert result.status in (Status.WARN, Status.FAIL), result.message
    assert [e.line for e in result.evidence] == [6]


def test_repro001_greedy_or_seeded_generation_draws_nothing_unseeded() -> None:
    greedy = SAMPLED_EVAL.replace("do_sample=True, top_p=0.9", "do_sample=False")
    assert check("REPRO001", snapshot_from({"eval.py": greedy})).status is Status.SKIP
    seeded = SAMPLED_EVAL.replace(
        "tokenizer = AutoTokenizer",
        "from transformers import set_seed\n\nset_seed(0)\ntokenizer = AutoTokenizer",
    )
    assert check("REPRO001", snapshot_from({"eval.py": seeded})).status is Status.PASS


def test_repro001_a_tf_data_pipeline_shuffles_unless_seeded() -> None:
    # A phishing e-mail classifier: ds.shuffle(buffer_size=len(frame)) orders its batches from
    # TensorFlow's generator; tf.random.set_seed (or the op's seed=) fixes it.
    code = (
        "import numpy as np\nimport tensorflow as tf\n\n"
        "def to_dataset(x, y, shuffle=True):\n"
        "    ds = tf.data.Dataset.from_tensor_slices((x, y))\n"
        "    if shuffle:\n"
        "        ds = ds.shuffle(buffer_size=len(x))\n"
        "    return ds.batch(32)\n\n"
        "train = to_dataset(np.load('x.npy'), np.load('y.npy'))\n"
        "val = tf.data.Dataset.from_tensor_slices((np.load('vx.npy'),)).batch(8).shuffle(100)\n"
        "rng = np.random.default_rng(0)\n"
        "rng.shuffle(np.arange(10))\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert "not seeded before use: TensorFlow (2 random call(s)" in result.message
    assert [e.line for e in result.evidence] == [7, 11]
    seeded = code.replace(
        "import tensorflow as tf\n", "import tensorflow as tf\ntf.random.set_seed(0)\n"
    )
    assert check("REPRO001", snapshot_from({"train.py": seeded})).status is Status.PASS
    own_seed = code.replace("ds.shuffle(buffer_size=len(x))", "ds.shuffle(len(x), seed=7)")
    own_seed = own_seed.replace(".batch(8).shuffle(100)", ".batch(8).shuffle(100, seed=7)")
    assert check("REPRO001", snapshot_from({"train.py": own_seed})).status is Status.PASS


SYNTHESIZER = (
    "import numpy as np\n"
    "import pandas as pd\n"
    "{imports}\n"
    "{seed}"
    "data = pd.read_csv('train.csv')\n"
    "model = {build}\n"
    "{late_seed}"
    "model.fit(data)\n"
    "model.sample(1000).to_csv('synthetic.csv')\n"
)


@pytest.mark.parametrize(
    ("imports", "build"),
    [
        ("from sdv.single_table import CTGANSynthesizer", "CTGANSynthesizer(metadata, epochs=300)"),
        ("from sdv.single_table import TVAESynthesizer", "TVAESynthesizer(metadata)"),
        ("from ctgan import CTGAN", "CTGAN(epochs=10)"),
        ("from ctgan import TVAE", "TVAE(epochs=10)"),
    ],
)
def test_repro001_a_tabular_gan_or_vae_synthesizer_fits_from_torch_s_generator(
    imports: str, build: str
) -> None:
    # CTGAN's and TVAE's fit (the ctgan package's, or SDV's synthesizers around them) draws
    # the networks' weights and the generator's noise from torch's global generator: NumPy's
    # and Python's seeds leave the synthetic table different on every run.
    def verdict(seed: str = "", late_seed: str = "") -> tuple[Status, str, list[int | None]]:
        code = SYNTHESIZER.format(imports=imports, build=build, seed=seed, late_seed=late_seed)
        result = check("REPRO001", snapshot_from({"train.py": code}))
        return result.status, result.message, [e.line for e in result.evidence]

    status, message, lines = verdict()
    assert status in (Status.FAIL, Status.WARN), message
    assert "PyTorch" in message and lines == [5]
    status, message, _ = verdict(seed="import random\nnp.random.seed(0)\nrandom.seed(0)\n")
    assert status in (Status.FAIL, Status.WARN), message
    assert "PyTorch" in message
    torch_seed = "import torch\ntorch.manual_seed(0)\n"
    assert verdict(seed=torch_seed)[0] is Status.PASS
    # Seeded after it is built, before fit: the draws come when it is fitted.
    assert verdict(late_seed=torch_seed)[0] is Status.PASS
    # The ctgan package's own seeding method fixes its generators.
    assert verdict(late_seed="model.set_random_state(0)\n")[0] is Status.PASS


def test_repro001_a_loaded_synthesizer_or_a_copula_draws_no_torch_weights() -> None:
    # Loading a fitted synthesizer builds no network; a Gaussian copula trains none.
    for build in ("CTGANSynthesizer.load('model.pkl')", "GaussianCopulaSynthesizer(metadata)"):
        code = SYNTHESIZER.format(
            imports="from sdv.single_table import CTGANSynthesizer, GaussianCopulaSynthesizer",
            build=build,
            seed="",
            late_seed="",
        )
        result = check("REPRO001", snapshot_from({"train.py": code}))
        assert "PyTorch" not in result.message, build


STAR_LAYERS = (
    "import tensorflow as tf\n"
    "from {source} import *\n"
    "from keras.models import *\n"
    "inputs = Input(shape=(128, 5))\n"
    "x = Dense(64, activation='relu')(inputs)\n"
    "x = Dropout(0.1)(x)\n"
    "model = Model(inputs=inputs, outputs=Dense(1)(x))\n"
    "model.compile(loss='mse', optimizer='adam')\n"
    "model.fit(x_train, y_train, epochs=20)\n"
)


@pytest.mark.parametrize("source", ["keras.layers", "tensorflow.keras.layers"])
def test_repro001_keras_layers_from_a_star_import_draw(source: str) -> None:
    # `from keras.layers import *` (a notebook's first cell) binds Dense and Dropout all the
    # same: the model they build draws its weights and masks from TensorFlow's generator.
    script = STAR_LAYERS.format(source=source)
    result = check("REPRO001", snapshot_from({"train.py": script}))
    assert result.status in (Status.FAIL, Status.WARN), result.message
    assert any("Dense(64" in e.snippet for e in result.evidence)
    seeded = script.replace("import *\n", "import *\ntf.random.set_seed(0)\n", 1)
    assert check("REPRO001", snapshot_from({"train.py": seeded})).status is Status.PASS


def test_repro001_a_project_class_named_like_a_keras_layer_after_a_star_import_is_its_own() -> None:
    # The notebook's own `class Dense` defined after the star import is what `Dense` means.
    script = (
        "from keras.layers import *\n"
        "class Dense:\n    def __init__(self, n):\n        self.n = n\n"
        "layer = Dense(3)\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": script}))
    assert result.status is Status.SKIP, result.message


@pytest.mark.parametrize(
    "layer",
    [
        "Embedding(1000, 128, embeddings_initializer=Init.Constant(matrix), trainable=False)",
        "Embedding(1000, 128, embeddings_initializer=keras.initializers.Constant(matrix))",
        "Embedding(1000, 128, weights=[matrix], trainable=False)",
        "Embedding(1000, 128, embeddings_initializer='zeros')",
        "Dense(10, kernel_initializer='zeros')",
        "LSTM(8, kernel_initializer='ones', recurrent_initializer=Init.Zeros())",
    ],
)
def test_repro001_a_keras_layer_given_its_weights_draws_nothing(layer: str) -> None:
    code = (
        "from tensorflow import keras\n"
        "import tensorflow.keras.layers as Layers\n"
        "import tensorflow.keras.initializers as Init\n"
        f"model = keras.Sequential([Layers.{layer}])\n"
        "model.compile(optimizer='adam', loss='mse')\nmodel.fit(x, y, epochs=5)\n"
    )
    assert check("REPRO001", snapshot_from({"train.py": code})).status is Status.SKIP


@pytest.mark.parametrize(
    "layer",
    [
        "Embedding(1000, 128, embeddings_initializer='uniform')",
        "Embedding(1000, 128, weights=None)",
        "Dense(10, bias_initializer='zeros')",
        "LSTM(8, kernel_initializer='zeros')",
    ],
)
def test_repro001_a_keras_layer_left_one_drawn_weight_still_draws(layer: str) -> None:
    code = (
        "from tensorflow import keras\n"
        "import tensorflow.keras.layers as Layers\n"
        f"model = keras.Sequential([Layers.{layer}])\n"
        "model.compile(optimizer='adam', loss='mse')\nmodel.fit(x, y, epochs=5)\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status in (Status.FAIL, Status.WARN)


#: A QLoRA fine-tune holding out a tenth of its rows with datasets' own split.
HF_SPLIT = """\
import torch
from datasets import load_dataset
from transformers import Trainer, TrainingArguments

torch.manual_seed(0)
dataset = load_dataset("json", data_files="medical.json")["train"]
parts = dataset.train_test_split(test_size=0.1)
trainer = Trainer(model=model, args=TrainingArguments(output_dir="out"), train_dataset=parts["train"])
trainer.train()
"""


def test_repro001_a_datasets_split_or_shuffle_without_a_seed_draws_from_numpy() -> None:
    # datasets takes its generator's seed from NumPy's global one when given none: the rows
    # held out change on every run unless NumPy is seeded.
    result = check("REPRO001", snapshot_from({"train.py": HF_SPLIT}))
    assert result.status is not Status.PASS, result.message
    assert "NumPy" in result.message, result.message
    assert ("train.py", 7) in [(e.path, e.line) for e in result.evidence], result.evidence
    for seeded in (
        "dataset.train_test_split(test_size=0.1, seed=42)",
        "dataset.train_test_split(test_size=0.1, shuffle=False)",
    ):
        code = HF_SPLIT.replace("dataset.train_test_split(test_size=0.1)", seeded)
        result = check("REPRO001", snapshot_from({"train.py": code}))
        assert result.status in (Status.PASS, Status.SKIP), (seeded, result.message)
    shuffled = HF_SPLIT.replace("dataset.train_test_split(test_size=0.1)", "dataset.shuffle()")
    result = check("REPRO001", snapshot_from({"train.py": shuffled}))
    assert ("train.py", 7) in [(e.path, e.line) for e in result.evidence], result.evidence
    result = check(
        "REPRO001", snapshot_from({"train.py": shuffled.replace("shuffle()", "shuffle(seed=1)")})
    )
    assert result.status is Status.PASS, result.message


def test_repro001_a_keras_layer_whose_weights_set_weights_replaces_draws_nothing() -> None:
    # Pretrained vectors loaded the other way: built, then every weight replaced, so the
    # initialiser's draw is gone before anything reads it.
    code = (
        "from keras.layers import Embedding, Dense, Input\n"
        "from keras.models import Model\n"
        "def pretrained(matrix):\n"
        "    layer = Embedding(1000, 50, trainable=False)\n"
        "    layer.build((None,))\n"
        "    layer.set_weights([matrix])\n"
        "    return layer\n"
        "inputs = Input((10,))\n"
        "outputs = Dense(5)(pretrained(m)(inputs))\n"
        "model = Model(inputs, outputs)\n"
        "model.compile(optimizer='adam', loss='mse')\nmodel.fit(x, y, epochs=5)\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status in (Status.FAIL, Status.WARN)
    assert any("Dense(5)" in e.snippet for e in result.evidence)
    assert not any("Embedding" in e.snippet for e in result.evidence), result.evidence
    # A layer whose weights nothing replaces still draws them.
    kept = code.replace("    layer.set_weights([matrix])\n", "")
    evidence = check("REPRO001", snapshot_from({"train.py": kept})).evidence
    assert any("Embedding" in e.snippet for e in evidence)
