"""SANITY004: a Hugging Face Trainer that keeps its best checkpoint (or stops early) on the
test split, whose score it then reports (pass 215's legal-text classifier)."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

TRAINER = """\
from transformers import AutoModelForSequenceClassification, Trainer, TrainingArguments

model = AutoModelForSequenceClassification.from_pretrained("distilbert-base-uncased")
args = TrainingArguments(
    "out",
    eval_strategy="epoch",
    save_strategy="epoch",
    load_best_model_at_end=True,
    metric_for_best_model="f1_macro",
)
trainer = Trainer(model=model, args=args, train_dataset=train_ds, eval_dataset=test_ds)
trainer.train()
print(trainer.evaluate())
"""


def test_sanity004_a_trainer_keeping_its_best_checkpoint_on_test_data_warns() -> None:
    result = check("SANITY004", snapshot_from({"train.py": TRAINER}))
    assert result.status is Status.WARN, result.message
    assert result.metrics["chosen_on_test"] == 1
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 11)]


def test_sanity004_a_trainer_evaluating_on_test_without_keeping_the_best_is_fine() -> None:
    on_validation = TRAINER.replace("eval_dataset=test_ds", "eval_dataset=val_ds")
    assert check("SANITY004", snapshot_from({"train.py": on_validation})).status is Status.PASS
    last = TRAINER.replace("load_best_model_at_end=True", "load_best_model_at_end=False")
    assert check("SANITY004", snapshot_from({"train.py": last})).status is Status.PASS


def test_sanity004_a_trainer_stopping_early_on_test_data_warns() -> None:
    stopping = TRAINER.replace(
        "eval_dataset=test_ds)", "eval_dataset=test_ds, callbacks=[EarlyStoppingCallback(3)])"
    ).replace("load_best_model_at_end=True", "load_best_model_at_end=False")
    stopping = stopping.replace(
        "Trainer, TrainingArguments", "EarlyStoppingCallback, Trainer, TrainingArguments"
    )
    result = check("SANITY004", snapshot_from({"train.py": stopping}))
    assert result.status is Status.WARN, result.message
    assert result.metrics["early_stop_on_test"] == 1


DATAMODULE = """\
import pytorch_lightning as pl
from torch.utils.data import DataLoader


class BratsDataModule(pl.LightningDataModule):
    def setup(self, stage=None):
        self.train_dataset = load("train")
        self.test_dataset = load("test")

    def train_dataloader(self):
        return DataLoader(self.train_dataset, batch_size=2, shuffle=True)

    def val_dataloader(self):
        return DataLoader(
            self.test_dataset,
            batch_size=2,
        )

    def test_dataloader(self):
        return DataLoader(self.test_dataset, batch_size=2)
"""

TRAIN = """\
import pytorch_lightning as pl
from pytorch_lightning.callbacks import EarlyStopping, ModelCheckpoint
from dataset import BratsDataModule
from model import UNet3d

model = UNet3d()
data = BratsDataModule()
checkpoint = ModelCheckpoint(monitor="val_loss", save_top_k=1)
trainer = pl.Trainer(max_epochs=50, callbacks=[EarlyStopping("val_loss"), checkpoint])
trainer.fit(model, data)
trainer.test(model, data)
"""

MODEL = """\
import pytorch_lightning as pl
import torch


class UNet3d(pl.LightningModule):
    def training_step(self, batch, index):
        x, y = batch
        return torch.nn.functional.mse_loss(self(x), y)

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters())
"""


def test_sanity004_a_lightning_validation_loader_over_the_test_split_chooses_on_test() -> None:
    # A learner's BraTS U-Net: val_dataloader and test_dataloader both read self.test_dataset,
    # and the checkpoint and early stopping follow val_loss: the test set picks the model.
    files = {"dataset.py": DATAMODULE, "train.py": TRAIN, "model.py": MODEL}
    result = check("SANITY004", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert "model chosen on test data" in result.message
    assert [(e.path, e.line) for e in result.evidence] == [("dataset.py", 15)]
    # Validating on a validation split, or choosing nothing by the validation metric, is fine.
    own_split = DATAMODULE.replace(
        "            self.test_dataset,\n", "            self.val_dataset,\n"
    )
    result = check("SANITY004", snapshot_from({**files, "dataset.py": own_split}))
    assert "chosen on test" not in result.message
    plain = TRAIN.replace('callbacks=[EarlyStopping("val_loss"), checkpoint]', "callbacks=[]")
    plain = plain.replace('checkpoint = ModelCheckpoint(monitor="val_loss", save_top_k=1)\n', "")
    result = check("SANITY004", snapshot_from({**files, "train.py": plain}))
    assert "on test data" not in result.message
