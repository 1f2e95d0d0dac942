"""SANITY002: gradient clipping or anomaly detection set in a committed config that builds the
trainer (Hydra's ``_target_``), not in the Python that calls it."""

from __future__ import annotations

from repocheck.model import Status
from tests.rules.sanity_fixtures import places, run, unguarded

_TRAIN = """\
import hydra
import lightning as L


@hydra.main(config_path="configs", config_name="config", version_base="1.3")
def main(cfg):
    model = hydra.utils.instantiate(cfg.model)
    trainer: L.Trainer = hydra.utils.instantiate(cfg.trainer)
    trainer.fit(model)


if __name__ == "__main__":
    main()
"""
_MODEL = """\
_target_: src.system.System
lr: 0.001
"""
_TRAINER = """\
_target_: lightning.Trainer

max_epochs: 100
precision: "16-mixed"
gradient_clip_val : {value}
"""


def test_sanity002_reads_gradient_clipping_set_in_a_hydra_trainer_config() -> None:
    files = {
        "train.py": _TRAIN,
        "configs/model/default.yaml": _MODEL,
        "configs/trainer/default.yaml": _TRAINER.format(value="1.0"),
    }
    result = run("SANITY002", files)
    assert result.status is Status.PASS
    assert result.message == "numeric guards: gradient clipping"
    assert places(result) == [("configs/trainer/default.yaml", None, 5)]


def test_sanity002_an_experiment_override_of_the_trainer_clips_as_well() -> None:
    experiment = "# @package _global_\ntrainer:\n  max_epochs: 20\n  gradient_clip_val: 0.5\n"
    files = {
        "train.py": _TRAIN,
        "configs/model/default.yaml": _MODEL,
        "configs/trainer/default.yaml": "_target_: lightning.Trainer\nmax_epochs: 10\n",
        "configs/experiment/long.yaml": experiment,
    }
    result = run("SANITY002", files)
    assert result.status is Status.PASS
    assert places(result) == [("configs/experiment/long.yaml", None, 4)]


def test_sanity002_clipping_switched_off_or_outside_a_built_object_in_a_config_is_no_guard() -> (
    None
):
    files = {
        "train.py": _TRAIN,
        "configs/model/default.yaml": _MODEL + "notes:\n  gradient_clip_val: 1.0\n",
        "configs/trainer/default.yaml": _TRAINER.format(value="null"),
        "configs/trainer/zero.yaml": _TRAINER.format(value="0"),
    }
    result = run("SANITY002", files)
    assert unguarded(result)
