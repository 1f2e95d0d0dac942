"""REPRO006 on argparse options whose help text says they name a path (``--dataset``,
``--model`` "path to output model"): they give the run no setting."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

_TRAIN = (
    "import argparse\n"
    "from keras.models import Sequential\n"
    "from keras.layers import Dense\n\n"
    "ap = argparse.ArgumentParser()\n"
    "ap.add_argument('-d', '--dataset', required=True, help={dataset!r})\n"
    "ap.add_argument('-m', '--model', required=True, help={model!r})\n"
    "args = vars(ap.parse_args())\n"
    "x, y = load(args['dataset'])\n"
    "model = Sequential()\n"
    "model.add(Dense(2, input_shape=(4,)))\n"
    "model.compile(loss='binary_crossentropy', optimizer='adam')\n"
    "model.fit(x, y, batch_size=64, epochs=15)\n"
    "model.save(args['model'])\n"
)


def _train(dataset: str, model: str) -> str:
    return _TRAIN.format(dataset=dataset, model=model)


def test_repro006_options_whose_help_says_they_are_paths_configure_no_typed_in_setting() -> None:
    # A Keras script whose only options are where the images are and where the model goes:
    # the batch size and the epochs are typed into fit(), and a run changes them by editing.
    code = _train("path to input dataset of faces", "path to output model")
    result = check("REPRO006", snapshot_from({"train_model.py": code}))
    assert result.status is Status.WARN, result.message
    assert "typed into the training code" in result.message
    assert "argparse giving only names or paths" in result.message
    assert [e.line for e in result.evidence] == [13]
    # Said the other way round, a directory or a file is a path as well.
    code = _train("Directory of training images", "output file for the weights")
    result = check("REPRO006", snapshot_from({"train_model.py": code}))
    assert "argparse giving only names or paths" in result.message, result.message


def test_repro006_an_option_that_picks_a_model_or_reads_a_config_still_configures() -> None:
    # "--model" picking an architecture, or a path to a config file, gives the run settings.
    for dataset, model in (
        ("path to input dataset", "which architecture to train (lenet, resnet)"),
        ("path to input dataset", "path to the model's YAML config"),
        ("path to input dataset", ""),
    ):
        result = check("REPRO006", snapshot_from({"train_model.py": _train(dataset, model)}))
        assert result.status is Status.PASS, (model, result.message)


def test_repro006_a_mode_option_picks_what_to_run_not_how() -> None:
    # `--mode train` or `--mode evaluate` and the checkpoint's path: the command line picks
    # the action, and the epochs and learning rate are edited in the code.
    code = (
        "import argparse\n"
        "import tensorflow as tf\n\n"
        "parser = argparse.ArgumentParser()\n"
        "parser.add_argument('--mode')\n"
        "parser.add_argument('--path')\n"
        "args = parser.parse_args()\n\n"
        "def train(ds, epochs):\n"
        "    model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
        "    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.01), loss='mse')\n"
        "    model.fit(ds, epochs=epochs, batch_size=64)\n\n"
        "if args.mode == 'train':\n"
        "    train(load(), 60)\n"
    )
    result = check("REPRO006", snapshot_from({"main.py": code}))
    assert result.status is Status.WARN, result.message
    assert "argparse giving only names or paths" in result.message, result.message
    # An option that chooses how a part works ("--fusion_mode") still configures.
    fused = code.replace("'--mode'", "'--fusion_mode'").replace("args.mode", "args.fusion_mode")
    result = check("REPRO006", snapshot_from({"main.py": fused}))
    assert result.status is Status.PASS, result.message
