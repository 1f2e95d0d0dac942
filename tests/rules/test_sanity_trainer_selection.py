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
