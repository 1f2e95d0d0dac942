"""Rows sorted by their label, then cut in order into training and test parts (SANITY004)."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import verdict_on_script

#: A learner's emotion classifier: the rows sorted by class, the first 80% for training.
SORTED = """\
import pandas as pd
import torch

df = pd.read_csv("emotions.csv")
df = df.sort_values(by="label").reset_index(drop=True)
n = int(0.8 * len(df))
train_df, test_df = df[:n], df[n:]
model = torch.nn.Linear(4, 3)
opt = torch.optim.Adam(model.parameters())
for x, y in train_df.values:
    opt.zero_grad()
    model(x).sum().backward()
    opt.step()
"""


def test_rows_sorted_by_label_then_cut_in_order_warn() -> None:
    status, lines, message = verdict_on_script("SANITY004", SORTED)
    assert status is Status.WARN, message
    assert "rows sorted by their label, then cut in order" in message
    assert lines == [7]


def test_a_shuffle_a_time_sort_or_a_random_split_pass() -> None:
    shuffled = SORTED.replace(".reset_index(drop=True)", ".sample(frac=1, random_state=0)")
    by_time = SORTED.replace('by="label"', 'by="date"')
    reshuffled = SORTED.replace("n = int", "df = df.sample(frac=1)\nn = int")
    by_iloc = SORTED.replace("df[:n], df[n:]", "df.iloc[:n], df.iloc[n:]")
    for code in (shuffled, by_time, reshuffled):
        status, _, message = verdict_on_script("SANITY004", code)
        assert status is Status.PASS, (code, message)
    assert verdict_on_script("SANITY004", by_iloc)[0] is Status.WARN
