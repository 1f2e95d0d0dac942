"""fastai, as its course teaches it: ``from fastai.vision.all import *`` brings torch, numpy
and fastai's own names, a learner builder makes the model (a new head, drawn from torch), and
``learn.fine_tune(n)`` or ``learn.fit_one_cycle(n)`` trains it on the GPU fastai picks by
default. ``set_seed(s)`` seeds random, numpy and torch; ``reproducible=True`` also switches
cuDNN to deterministic kernels."""

from __future__ import annotations

import ast

from repocheck.analysis.imports import programs
from repocheck.analysis.ml_names import is_fit
from repocheck.model import Status
from tests.fixtures import notebook
from tests.helpers import check, snapshot_from

CELLS = (
    "from fastai.vision.all import *",
    "path = untar_data(URLs.PETS)\n"
    "dls = ImageDataLoaders.from_name_func(path, get_image_files(path/'images'),\n"
    "    valid_pct=0.2, seed=42, label_func=lambda f: f[0].isupper(), item_tfms=Resize(224))",
    "learn = vision_learner(dls, resnet34, metrics=error_rate)\nlearn.fine_tune(3)",
)


def _cells(*first: str) -> dict[str, str]:
    return {"pets.ipynb": notebook(*first, *CELLS)}


def test_a_learners_training_methods_train() -> None:
    for code in ("learn.fine_tune(3)", "learn.fit_one_cycle(5, 1e-3)", "learn.fit_flat_cos(2)"):
        call = ast.parse(code).body[0].value  # type: ignore[attr-defined]
        assert is_fit(call), code


def test_a_star_import_of_fastai_binds_what_it_reexports() -> None:
    (program,) = programs(snapshot_from(_cells()))
    assert program.names["torch"] == "torch" and program.names["np"] == "numpy"
    assert program.names["set_seed"] == "fastai.torch_core.set_seed"
    assert program.names["vision_learner"] == "fastai.vision.learner.vision_learner"


def test_an_unseeded_fastai_notebook_trains_and_draws_unseeded() -> None:
    unseeded = {"pets.ipynb": notebook(*(cell.replace(" seed=42,", "") for cell in CELLS))}
    snapshot = snapshot_from(unseeded)
    seeding = check("REPRO001", snapshot)
    assert seeding.status is Status.FAIL, seeding.message
    assert "Python's random, PyTorch" in seeding.message
    assert any("vision_learner" in (e.snippet or "") for e in seeding.evidence)
    for rule_id in ("REPRO006", "SANITY002", "SANITY004"):
        message = check(rule_id, snapshot).message
        assert "no training" not in message and "no gradient" not in message, (rule_id, message)


def test_a_splitters_seed_seeds_torch_and_leaves_the_loaders_shuffling_unseeded() -> None:
    # RandomSplitter(seed=42) calls torch.manual_seed(42) as it splits; the loaders' own
    # generator, drawn from Python's random as they are built, stays unseeded.
    seeding = check("REPRO001", snapshot_from(_cells()))
    assert seeding.status is Status.WARN, seeding.message
    assert seeding.message.startswith("seeded: PyTorch; not seeded before use: Python's random")
    assert any("ImageDataLoaders.from_name_func" in (e.snippet or "") for e in seeding.evidence)


def test_fastai_set_seed_seeds_and_its_reproducible_switch_is_deterministic() -> None:
    seeded = snapshot_from(_cells("from fastai.vision.all import *\nset_seed(42)"))
    assert check("REPRO001", seeded).status is Status.PASS
    # fastai trains on the GPU when there is one: the switch matters, and is missing.
    missing = check("REPRO002", seeded)
    assert missing.status is Status.WARN, missing.message
    assert [e.snippet for e in missing.evidence] == ["set_seed(42)  # pass reproducible=True to it"]
    switched = snapshot_from(
        _cells("from fastai.vision.all import *\nset_seed(42, reproducible=True)")
    )
    assert check("REPRO002", switched).status is Status.PASS


def test_fastais_clipping_and_nan_callbacks_are_numeric_guards() -> None:
    for callback in ("GradientClip(0.1)", "TerminateOnNaNCallback()"):
        guarded = tuple(
            cell.replace("metrics=error_rate)", f"metrics=error_rate, cbs={callback})")
            for cell in CELLS
        )
        result = check("SANITY002", snapshot_from({"pets.ipynb": notebook(*guarded)}))
        assert result.status is Status.PASS and "nothing checks" not in result.message, callback


def test_a_data_blocks_loaders_draw_from_pythons_random_as_they_are_built() -> None:
    # The course's other spelling: DataBlock(...).dataloaders(path) builds the same loaders
    # as a DataLoaders factory, each taking its generator from Python's random; the
    # splitter's seed=42 seeds torch alone.
    block = (
        "bears = DataBlock(blocks=(ImageBlock, CategoryBlock), get_items=get_image_files,\n"
        "    splitter=RandomSplitter(valid_pct=0.2, seed=42), get_y=parent_label,\n"
        "    item_tfms=Resize(128))"
    )
    cells = (
        "from fastai.vision.all import *",
        block,
        "dls = bears.dataloaders(Path('bears'))",
        "learn = vision_learner(dls, resnet18, metrics=error_rate)\nlearn.fine_tune(4)",
    )
    seeding = check("REPRO001", snapshot_from({"bears.ipynb": notebook(*cells)}))
    assert seeding.status is Status.WARN, seeding.message
    assert seeding.message.startswith("seeded: PyTorch; not seeded before use: Python's random")
    assert [e.snippet for e in seeding.evidence] == ["bears.dataloaders(Path('bears'))"]
    chained = (
        "from fastai.vision.all import *",
        "dls = DataBlock(blocks=(ImageBlock, CategoryBlock), get_items=get_image_files,\n"
        "    get_y=parent_label).dataloaders(Path('bears'), bs=32)",
        "learn = vision_learner(dls, resnet18)\nlearn.fine_tune(1)\nset_seed(0)",
    )
    unseeded = check("REPRO001", snapshot_from({"chained.ipynb": notebook(*chained)}))
    assert "Python's random" in unseeded.message, unseeded.message
    # Another library's method of that name, in a program without fastai, draws nothing.
    other = "import torch\nloaders = datamodule.dataloaders()\ntorch.manual_seed(0)\n"
    assert check("REPRO001", snapshot_from({"train.py": other})).status is not Status.WARN
