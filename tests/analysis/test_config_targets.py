"""What the committed configs build by name (Hydra's ``_target_``)."""

from __future__ import annotations

from repocheck.analysis.config_targets import configured_targets
from repocheck.analysis.devices import configs_place_on_gpu
from repocheck.model import Status
from tests.helpers import check, snapshot_from

NET = (
    "import lightning as L\nimport torch\nimport torch.nn as nn\n\n"
    "class Net(L.LightningModule):\n"
    "    def __init__(self, hidden=8):\n        super().__init__()\n"
    "        self.fc = nn.Linear(2, hidden)\n\n"
    "    def training_step(self, batch, batch_idx):\n"
    "        x, y = batch\n        return nn.functional.mse_loss(self.fc(x), y)\n\n"
    "    def configure_optimizers(self):\n"
    "        return torch.optim.SGD(self.parameters(), lr=0.1)\n"
)
TRAIN = (
    "import hydra\nimport lightning as L\nimport torch\nfrom hydra.utils import instantiate\n\n"
    '@hydra.main(config_path="configs", config_name="train", version_base=None)\n'
    "def main(cfg):\n"
    "{seed}"
    "    model = instantiate(cfg.model)\n"
    "    trainer: L.Trainer = instantiate(cfg.trainer)\n"
    "    trainer.fit(model)\n\n"
    'if __name__ == "__main__":\n    main()\n'
)
CONFIGS = {
    "configs/train.yaml": "defaults:\n  - model: net\n  - trainer: default\n",
    "configs/model/net.yaml": "_target_: src.models.net.Net\nhidden: 16\n",
    "configs/trainer/default.yaml": "_target_: lightning.pytorch.Trainer\nmax_epochs: 3\n",
}


def _project(seed: str = "", trainer: str | None = None) -> dict[str, str]:
    files = {"src/models/net.py": NET, "train.py": TRAIN.format(seed=seed), **CONFIGS}
    if trainer is not None:
        files["configs/trainer/default.yaml"] = trainer
    return files


def test_targets_are_read_at_any_depth_and_in_lists() -> None:
    snapshot = snapshot_from(
        {
            "configs/a.yaml": "_target_: pkg.A\nnested:\n  inner:\n    _target_: pkg.B\n",
            "configs/b.yaml": "callbacks:\n  - _target_: pkg.C\n  - _target_: pkg.A\n",
            ".github/workflows/ci.yml": "_target_: not.a.Config\n",
        }
    )
    found = configured_targets(snapshot)
    assert found.every == ("pkg.A", "pkg.B", "pkg.C")
    # By key: a config group's folder, and each key holding targets.
    assert found.under("configs") == ("pkg.A", "pkg.B", "pkg.C")
    assert found.under("nested") == ("pkg.B",)
    assert found.under("callbacks") == ("pkg.C", "pkg.A")
    assert found.under("elsewhere") == found.every
    assert found.under(None) == found.every


def test_instantiate_of_one_config_key_builds_what_that_key_holds() -> None:
    # A demo that builds only the model reaches no data module's split.
    data = (
        "import lightning as L\nfrom torch.utils.data import random_split\n\n"
        "class Data(L.LightningDataModule):\n"
        "    def setup(self, stage=None):\n"
        "        self.train, self.test = random_split(range(8), [6, 2])\n"
    )
    demo = (
        "import hydra\nimport torch\nfrom hydra.utils import instantiate\n\n"
        '@hydra.main(config_path="configs", config_name="demo", version_base=None)\n'
        "def main(cfg):\n"
        "    torch.manual_seed(0)\n"
        "    model = instantiate(cfg.model)\n"
        "    print(model(torch.ones(1, 2)))\n\n"
        'if __name__ == "__main__":\n    main()\n'
    )
    files = {
        **_project(seed="    torch.manual_seed(0)\n"),
        "src/data.py": data,
        "configs/data/default.yaml": "_target_: src.data.Data\n",
        "demo.py": demo.replace("    torch.manual_seed(0)\n", ""),
    }
    result = check("REPRO001", snapshot_from(files))
    assert "src/data.py" not in [e.path for e in result.evidence], result.evidence
    files["demo.py"] = demo.replace("cfg.model", "cfg.data")
    files["demo.py"] = files["demo.py"].replace("    torch.manual_seed(0)\n", "")
    result = check("REPRO001", snapshot_from(files))
    assert "src/data.py" in [e.path for e in result.evidence], result.evidence


def test_repro001_follows_instantiate_into_the_class_a_config_names() -> None:
    # Before: "no entry point makes a random draw", as instantiate led nowhere.
    result = check("REPRO001", snapshot_from(_project()))
    assert result.status is Status.FAIL, result.message
    assert [e.path for e in result.evidence] == ["src/models/net.py"]
    seeded = _project("    torch.manual_seed(0)\n")
    assert check("REPRO001", snapshot_from(seeded)).status is Status.PASS


def test_repro002_reads_the_trainer_a_config_builds_as_placing_the_model() -> None:
    seeded = _project("    torch.manual_seed(0)\n")
    result = check("REPRO002", snapshot_from(seeded))
    assert result.status is Status.WARN, result.message
    on_cpu = "_target_: lightning.pytorch.Trainer\naccelerator: cpu\n"
    result = check("REPRO002", snapshot_from(_project("    torch.manual_seed(0)\n", on_cpu)))
    assert result.status is Status.PASS
    assert "CPU only" in result.message


def test_an_accelerator_set_to_auto_anywhere_may_place_on_a_gpu() -> None:
    assert configs_place_on_gpu(snapshot_from({"configs/trainer/gpu.yaml": "accelerator: auto\n"}))
    assert not configs_place_on_gpu(
        snapshot_from({"configs/trainer/cpu.yaml": "accelerator: cpu\n"})
    )
    assert not configs_place_on_gpu(
        snapshot_from({"configs/cb.yaml": "_target_: lightning.pytorch.callbacks.EarlyStopping\n"})
    )


def test_repro002_a_trainer_config_with_deterministic_true_is_the_switch() -> None:
    # Lightning's Trainer(deterministic=True), given in the config the run builds it from.
    seeded = _project("    torch.manual_seed(0)\n")
    trainer = "_target_: lightning.pytorch.Trainer\ndeterministic: true\n"
    result = check("REPRO002", snapshot_from({**seeded, "configs/trainer/default.yaml": trainer}))
    assert result.status is Status.PASS, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("configs/trainer/default.yaml", 2)]
    off = trainer.replace("true", "false")
    result = check("REPRO002", snapshot_from({**seeded, "configs/trainer/default.yaml": off}))
    assert result.status is Status.WARN
