"""Training in notebooks that import nothing: the imports live in another notebook's session."""

from __future__ import annotations

import json

from repocheck.model import Status
from tests.helpers import check, snapshot_from


def notebook(*cells: str) -> str:
    """An nbformat-4 notebook whose code cells hold ``cells``, never executed."""
    raw = [
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": c}
        for c in cells
    ]
    return json.dumps({"cells": raw, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


# A fine-tuning notebook meant to run after a setup notebook (or a README's import list) in
# one Colab session: it imports nothing, yet draws a new head and trains with a Trainer.
FINE_TUNE = notebook(
    "bert = BertForSequenceClassification.from_pretrained('bert-base-uncased', num_labels=3)\n",
    "args = TrainingArguments(output_dir='temp/', learning_rate=2e-5, num_train_epochs=5)\n"
    "trainer = Trainer(model=bert, args=args, train_dataset=train, eval_dataset=val)\n"
    "trainer.train()\n",
    "bert.eval()\ntrainer.predict(test).metrics\n",
)
SESSION = "never imports or defines (code written for another file's session"


def test_training_in_a_notebook_that_imports_nothing_is_not_said_to_be_no_ml_code() -> None:
    snapshot = snapshot_from({"03_fine_tune/03_fine_tune.ipynb": FINE_TUNE})
    for rule_id in ("SANITY001", "SANITY002", "SANITY003", "SANITY004"):
        result = check(rule_id, snapshot)
        assert result.status is Status.SKIP, rule_id
        assert not result.message.startswith("no ML code"), rule_id
        assert SESSION in result.message, rule_id
        assert result.message.startswith("03_fine_tune/03_fine_tune.ipynb:"), rule_id


def test_repro001_does_not_say_no_generator_is_used_by_training_it_cannot_read() -> None:
    result = check("REPRO001", snapshot_from({"03_fine_tune/03_fine_tune.ipynb": FINE_TUNE}))
    assert result.status is Status.SKIP
    assert "no random number generator is used" not in result.message
    assert (
        SESSION in result.message
        and "whether its random draws are seeded is not judged" in result.message
    )


def test_code_with_no_training_at_all_still_says_no_ml_code() -> None:
    plain = notebook("df = load_table('prices.csv')\n", "df.plot()\n")
    snapshot = snapshot_from({"explore.ipynb": plain})
    assert check("SANITY001", snapshot).message.startswith("no ML code")
    nothing = check("REPRO001", snapshot)
    assert nothing.message == "no random number generator is used in non-test code"
