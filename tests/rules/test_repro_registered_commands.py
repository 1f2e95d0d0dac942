"""REPRO001 on a command a command-line framework runs (``@click.command()``): the command
runs after the module's top-level code, and a draw it makes before its own seed is unseeded
unless that top-level code seeded the library first."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

COMMAND = (
    "import click\n"
    "import torch.nn as nn\n"
    "from transformers import Trainer, TrainingArguments\n\n\n"
    "@click.command()\n"
    "@click.argument('data')\n"
    "def training(data):\n"
    "    head = nn.Linear(768, 4)\n"
    "    args = TrainingArguments(output_dir='out')\n"
    "    trainer = Trainer(model=head, args=args, train_dataset=data)\n"
    "    trainer.train()\n\n\n"
    "if __name__ == '__main__':\n"
    "{seed}"
    "    training()\n"
)


def test_a_draw_a_command_makes_before_its_own_trainer_seeds_is_unseeded() -> None:
    result = check("REPRO001", snapshot_from({"train.py": COMMAND.format(seed="")}))
    assert result.status is Status.WARN
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 9)]


def test_a_seed_the_module_sets_before_running_the_command_covers_its_draws() -> None:
    seed = "    import torch\n    torch.manual_seed(0)\n"
    result = check("REPRO001", snapshot_from({"train.py": COMMAND.format(seed=seed)}))
    assert result.status is Status.PASS


def test_a_command_that_seeds_before_it_draws_passes() -> None:
    code = COMMAND.format(seed="").replace(
        "    head = nn.Linear(768, 4)\n",
        "    import torch\n    torch.manual_seed(0)\n    head = nn.Linear(768, 4)\n",
    )
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS
