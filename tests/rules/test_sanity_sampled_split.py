"""SANITY004: a test set sampled from the training rows (``test = train.sample(frac=0.1)``)
and never taken out of them: the model trains on every row it is then scored on."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

SAMPLED = """\
import pandas as pd
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense

train_dataset = pd.read_csv("flows.csv")
test_dataset = train_dataset.sample(frac=0.1)
train_dataset = train_dataset.drop(columns=["Flow ID"], axis=1)
test_dataset = test_dataset.drop(columns=["Flow ID"], axis=1)
model = Sequential([Dense(6)])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(train_dataset.iloc[:, :-1], train_dataset.iloc[:, -1], epochs=3)
print(model.evaluate(test_dataset.iloc[:, :-1], test_dataset.iloc[:, -1]))
"""


def test_sanity004_a_test_set_sampled_from_the_training_rows_leaks() -> None:
    result = check("SANITY004", snapshot_from({"train.py": SAMPLED}))
    assert result.status is Status.WARN, result.message
    assert result.metrics["test_from_train"] == 1
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 6)]


def test_sanity004_sampled_rows_dropped_from_the_training_rows_are_held_out() -> None:
    for held_out in (
        "train_dataset = train_dataset.drop(test_dataset.index)\n",
        "train_dataset = train_dataset[~train_dataset.index.isin(test_dataset.index)]\n",
    ):
        code = SAMPLED.replace(
            "train_dataset = train_dataset.drop(columns",
            held_out + "train_dataset = train_dataset.drop(columns",
        )
        result = check("SANITY004", snapshot_from({"train.py": code}))
        assert result.status is Status.PASS, (held_out, result.message)


def test_sanity004_a_sample_of_the_whole_data_or_a_distribution_is_no_split() -> None:
    whole = SAMPLED.replace(
        "test_dataset = train_dataset.sample(frac=0.1)", "test_dataset = flows.sample(frac=0.1)"
    )
    whole = whole.replace(
        'train_dataset = pd.read_csv("flows.csv")',
        'flows = pd.read_csv("flows.csv")\ntrain_dataset = flows.drop(flows.index[:10])',
    )
    assert check("SANITY004", snapshot_from({"train.py": whole})).status is Status.PASS
    drawn = SAMPLED.replace("train_dataset.sample(frac=0.1)", "train_dataset.sample()")
    assert check("SANITY004", snapshot_from({"train.py": drawn})).status is Status.PASS
    # A handful of rows to predict on for show is no test set; many rows are one.
    shown = SAMPLED.replace("train_dataset.sample(frac=0.1)", "train_dataset.sample(5)")
    assert check("SANITY004", snapshot_from({"train.py": shown})).status is Status.PASS
    many = SAMPLED.replace("train_dataset.sample(frac=0.1)", "train_dataset.sample(n=2000)")
    assert check("SANITY004", snapshot_from({"train.py": many})).status is Status.WARN


def test_sanity004_rows_past_the_training_count_shuffled_are_no_sample_of_train() -> None:
    # The validation rows are those after the first ``half_train_size``: a row bound's name,
    # not the frame's, says "train", and ``sample(frac=1)`` only shuffles the rest.
    code = SAMPLED.replace(
        "test_dataset = train_dataset.sample(frac=0.1)",
        "flows = train_dataset\n"
        "half_train_size = int(len(flows) * 0.8)\n"
        "train_dataset = flows.head(half_train_size)\n"
        "test_dataset = pd.concat([flows.iloc[half_train_size:]]).sample(frac=1)",
    )
    assert check("SANITY004", snapshot_from({"train.py": code})).status is Status.PASS
    # The frame itself still counts where it is subscripted: ``X_train[mask].sample(...)``.
    masked = SAMPLED.replace(
        "train_dataset.sample(frac=0.1)", "train_dataset[train_dataset.x > 0].sample(frac=0.1)"
    )
    assert check("SANITY004", snapshot_from({"train.py": masked})).status is Status.WARN
