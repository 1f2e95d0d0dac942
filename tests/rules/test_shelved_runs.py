"""REPRO001 and REPRO006 judge the runs in use: a notebook kept in ``archive/`` (or ``old/``,
``legacy/``) beside a current training script is reference, not what a teammate runs. Where
only shelved code trains, it is still judged."""

from __future__ import annotations

import json

from repocheck.model import Status
from tests.helpers import check, snapshot_from

CURRENT = """\
import argparse
import random

import numpy as np
import torch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--lr', type=float, default=0.01)
    args = parser.parse_args()
    random.seed(0)
    np.random.seed(0)
    torch.manual_seed(0)
    model = torch.nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)
    for _ in range(10):
        optimizer.zero_grad()
        loss = model(torch.ones(8, 4)).sum()
        loss.backward()
        optimizer.step()


if __name__ == '__main__':
    main()
"""
OLD_CELLS = [
    "import random\nimport torch\n",
    "users = list(range(100))\nrandom.shuffle(users)\n",
    "model = torch.nn.Linear(4, 1)\n"
    "optimizer = torch.optim.SGD(model.parameters(), lr=0.005, momentum=0.9)\n",
    "for _ in range(10):\n    optimizer.zero_grad()\n"
    "    loss = model(torch.ones(8, 4)).sum()\n    loss.backward()\n    optimizer.step()\n",
]


def _notebook(cells: list[str]) -> str:
    raw = [
        {"cell_type": "code", "execution_count": i + 1, "metadata": {}, "outputs": [], "source": c}
        for i, c in enumerate(cells)
    ]
    return json.dumps({"cells": raw, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def _files(archived: str) -> dict[str, str]:
    return {"main.py": CURRENT, archived: _notebook(OLD_CELLS)}


def test_repro001_leaves_out_an_archived_notebook_beside_a_seeded_script() -> None:
    result = check("REPRO001", snapshot_from(_files("archive/notebooks/v1.ipynb")))
    assert result.status is Status.PASS, result.message


def test_repro006_leaves_out_an_archived_notebook_beside_a_configured_script() -> None:
    result = check("REPRO006", snapshot_from(_files("archive/notebooks/v1.ipynb")))
    assert result.status is Status.PASS, result.message


def test_the_same_notebook_in_use_is_judged_for_seeds_and_named_for_settings() -> None:
    # Its unseeded shuffle still changes the results it shows; its typed learning rate is the
    # value it tried, beside the configured script teammates run: named, not judged.
    files = _files("notebooks/v1.ipynb")
    assert check("REPRO001", snapshot_from(files)).status is Status.WARN
    result = check("REPRO006", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.message.endswith("; notebooks beside them not judged: notebooks/v1.ipynb")
    # Beside an example script too, both are named.
    mixed = {**files, "examples/overfit.py": DEBUG_SCRIPT}
    result = check("REPRO006", snapshot_from(mixed))
    assert result.message.endswith(
        "notebooks, examples and debugging scripts beside them not judged: examples/overfit.py,"
        " notebooks/v1.ipynb"
    ), result.message


def test_shelved_code_alone_is_still_judged() -> None:
    files = {"old/v1.ipynb": _notebook(OLD_CELLS)}
    assert check("REPRO001", snapshot_from(files)).status is not Status.PASS
    assert check("REPRO006", snapshot_from(files)).status is Status.WARN


DEBUG_SCRIPT = """\
import torch

model = torch.nn.Linear(4, 1)
optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
for epoch in range(3):
    optimizer.zero_grad()
    loss = model(torch.ones(8, 4)).sum()
    loss.backward()
    optimizer.step()
"""


def test_repro006_leaves_out_example_scripts_beside_a_configured_run() -> None:
    # An overfit check kept in examples/ is short on purpose; the run teammates use reads
    # its settings from the command line.
    files = {"main.py": CURRENT, "examples/test_overfit.py": DEBUG_SCRIPT}
    result = check("REPRO006", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.metrics["training_entry_points"] == 1
    assert result.message.endswith(
        "debugging scripts beside them not judged: examples/test_overfit.py"
    )


def test_repro006_leaves_out_a_script_named_a_minimal_demo_beside_a_configured_run() -> None:
    # run_simple_vqvae.py: "a simple VQVAE with minimal code to understand the basics",
    # beside the configured training scripts of the project.
    files = {"main.py": CURRENT, "run_simple_model.py": DEBUG_SCRIPT}
    result = check("REPRO006", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert result.message.endswith("debugging scripts beside them not judged: run_simple_model.py")
    alone = check("REPRO006", snapshot_from({"run_simple_model.py": DEBUG_SCRIPT}))
    assert alone.status is Status.WARN


def test_repro006_leaves_out_a_script_named_a_sanity_check_beside_a_configured_run() -> None:
    # dummy_test.py: "end-to-end sanity check", one backward pass on four mock sentences to
    # show the tensor shapes fit, beside the configured training scripts of the project.
    for name in ("dummy_test.py", "sanity_check.py", "smoke_run.py"):
        files = {"main.py": CURRENT, name: DEBUG_SCRIPT}
        result = check("REPRO006", snapshot_from(files))
        assert result.status is Status.PASS, (name, result.message)
        assert result.message.endswith(f"debugging scripts beside them not judged: {name}")
    # A word that only holds one of them is a run in use ("dummyfied", "smokey" are no checks).
    result = check("REPRO006", snapshot_from({"main.py": CURRENT, "smokey.py": DEBUG_SCRIPT}))
    assert result.status is Status.WARN


def test_repro006_judges_examples_where_no_run_in_use_is_configured() -> None:
    files = {"train.py": DEBUG_SCRIPT, "examples/test_overfit.py": DEBUG_SCRIPT}
    assert check("REPRO006", snapshot_from(files)).metrics["training_entry_points"] == 2
    only_examples = check("REPRO006", snapshot_from({"examples/train.py": DEBUG_SCRIPT}))
    assert only_examples.status is Status.WARN


def test_repro006_still_counts_configured_examples() -> None:
    files = {"main.py": CURRENT, "examples/mnist/train.py": CURRENT}
    result = check("REPRO006", snapshot_from(files))
    assert result.metrics == {"training_entry_points": 2, "configurable": 2}
    assert "not judged" not in result.message


def test_a_folder_named_of_words_for_shelved_code_is_shelved() -> None:
    # old_files_backup/, legacy-notebooks/: the words are the folder's name, joined.
    for folder in ("old_files_backup", "legacy-notebooks", "archived_runs"):
        files = _files(f"{folder}/v1.ipynb")
        assert check("REPRO001", snapshot_from(files)).status is Status.PASS, folder
        assert check("REPRO006", snapshot_from(files)).status is Status.PASS, folder


def test_a_word_that_only_contains_a_shelved_one_is_in_use() -> None:
    # "golden" and "bold" hold "old", "oldest" is not "old": these folders are in use.
    for folder in ("golden_data", "bold-runs", "oldest"):
        files = _files(f"{folder}/v1.ipynb")
        assert check("REPRO001", snapshot_from(files)).status is Status.WARN, folder
        # In use, it is named beside the configured script (a shelved one is left unsaid).
        message = check("REPRO006", snapshot_from(files)).message
        assert message.endswith(f"not judged: {folder}/v1.ipynb"), message
