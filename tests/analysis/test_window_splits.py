"""Overlapping windows of one series split at random (SANITY004)."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from, verdict_on_script

#: A learner's PM2.5 forecaster: 24-hour windows cut in a helper, then split at random.
FORECASTER = """\
import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import LSTM, Dense

TIME_STEPS = 24


def create_sequences(X, y, time_steps=TIME_STEPS):
    Xs, ys = [], []
    for i in range(len(X) - time_steps):
        Xs.append(X[i:(i + time_steps)])
        ys.append(y[i + time_steps])
    return np.array(Xs), np.array(ys)


def split_data(X, y):
    X_seq, y_seq = create_sequences(X, y, TIME_STEPS)
    X_train, X_test, y_train, y_test = train_test_split(X_seq, y_seq, test_size=0.2, random_state=42)
    return X_train, X_test, y_train, y_test


df = pd.read_csv("pm25.csv")
X_train, X_test, y_train, y_test = split_data(df.drop(columns=["pm25"]).values, df["pm25"].values)
model = Sequential([LSTM(64), Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(X_train, y_train, epochs=10, validation_data=(X_test, y_test))
"""


def _sanity004(code: str) -> tuple[Status, list[int | None], str]:
    return verdict_on_script("SANITY004", code)


def test_windows_cut_by_a_helper_and_split_at_random_warn() -> None:
    status, lines, message = _sanity004(FORECASTER)
    assert status is Status.WARN, message
    assert "overlapping windows split at random" in message
    assert lines == [20]


def test_a_split_in_time_order_or_windows_that_do_not_overlap_pass() -> None:
    ordered = FORECASTER.replace("random_state=42)", "shuffle=False)")
    assert _sanity004(ordered)[0] is Status.PASS
    strided = FORECASTER.replace(
        "range(len(X) - time_steps)", "range(0, len(X) - time_steps, time_steps)"
    )
    assert _sanity004(strided)[0] is Status.PASS
    one_row = FORECASTER.replace("X[i:(i + time_steps)]", "X[i:i + 1]")
    assert _sanity004(one_row)[0] is Status.PASS
    chunks = FORECASTER.replace(
        "range(len(X) - time_steps)", "range(len(X) // time_steps)"
    ).replace("X[i:(i + time_steps)]", "X[i * time_steps:(i + 1) * time_steps]")
    assert _sanity004(chunks)[0] is Status.PASS


#: Effect-of-weather-on-dengue: a helper cuts ``iloc[i:i + sequence_length]``, the notebook
#: calls it with ``sequence_length = 1``: one row each, no two windows share one.
ONE_ROW_WINDOWS = """\
import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import LSTM, Dense


def create_sequences(data, target, sequence_length):
    sequences, values = [], []
    combined = pd.concat([pd.DataFrame(data), pd.DataFrame(target)], axis=1)
    for i in range(len(combined) - sequence_length + 1):
        sequence_end = i + sequence_length
        sequences.append(combined.iloc[i:sequence_end, :-2].values)
        values.append(combined.iloc[sequence_end - 1, -2:].values)
    return np.array(sequences), np.array(values)


df = pd.read_csv("dengue.csv")
sequence_length = 1
X_seq, y_seq = create_sequences(df.values, df[["DENGUE"]], sequence_length)
x_train, x_test, y_train, y_test = train_test_split(X_seq, y_seq, test_size=0.2, random_state=42)
model = Sequential([LSTM(50), Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x_train, y_train, epochs=50)
"""


def test_windows_of_one_row_cut_by_a_helper_pass() -> None:
    assert _sanity004(ONE_ROW_WINDOWS)[0] is Status.PASS
    literal = ONE_ROW_WINDOWS.replace('df[["DENGUE"]], sequence_length)', 'df[["DENGUE"]], 1)')
    assert _sanity004(literal)[0] is Status.PASS
    keyword = ONE_ROW_WINDOWS.replace(", sequence_length)\nx_", ", sequence_length=1)\nx_")
    keyword = keyword.replace("sequence_length = 1", "sequence_length = 10")
    assert _sanity004(keyword)[0] is Status.PASS
    assert _sanity004(FORECASTER.replace("TIME_STEPS = 24", "TIME_STEPS = 1"))[0] is Status.PASS
    # A second helper of that name defined below the call (a notebook's later cell, taking
    # the width second) is not the one the call runs.
    later = (
        "\n\ndef create_sequences(data, sequence_length):\n"
        "    return np.array([data[i:i + sequence_length] for i in range(len(data))])\n"
    )
    assert _sanity004(ONE_ROW_WINDOWS + later)[0] is Status.PASS
    # A width of ten, or one the program sets to 1 and to 10, still cuts overlapping windows.
    ten = ONE_ROW_WINDOWS.replace("sequence_length = 1", "sequence_length = 10")
    assert _sanity004(ten)[0] is Status.WARN
    both = ONE_ROW_WINDOWS.replace(
        "sequence_length = 1", "sequence_length = 1\nsequence_length = 10"
    )
    assert _sanity004(both)[0] is Status.WARN


def test_windows_cut_in_place_or_in_a_comprehension_and_reshaped_warn() -> None:
    inline = """\
import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.linear_model import Ridge

series = np.loadtxt("load.csv")
X, y = [], []
for i in range(60, len(series)):
    X.append(series[i - 60:i])
    y.append(series[i])
X = np.array(X).reshape(-1, 60)
X_train, X_test, y_train, y_test = train_test_split(X, np.array(y), test_size=0.2)
Ridge().fit(X_train, y_train)
"""
    status, lines, _ = _sanity004(inline)
    assert status is Status.WARN and lines == [11]
    through_a_name = inline.replace(
        "    X.append(series[i - 60:i])\n", "    a = series[i - 60:i]\n    X.append(a)\n"
    )
    status, lines, _ = _sanity004(through_a_name)
    assert status is Status.WARN and lines == [12]
    comprehension = inline.replace(
        "X, y = [], []\nfor i in range(60, len(series)):\n"
        "    X.append(series[i - 60:i])\n    y.append(series[i])\n",
        "X = [series[i - 60:i] for i in range(60, len(series))]\n"
        "y = [series[i] for i in range(60, len(series))]\n",
    )
    status, lines, _ = _sanity004(comprehension)
    assert status is Status.WARN and lines == [9]
    # Rows of a table (no window) split at random are not this mistake.
    rows = inline.replace("series[i - 60:i]", "series[i]")
    assert _sanity004(rows)[0] is Status.PASS


DATASET = """\
import torch
from torch.utils.data import DataLoader, Dataset, random_split


class TimeSeriesDataset(Dataset):
    def __init__(self, series, seq_len, pred_len):
        self.series, self.seq_len, self.pred_len = series, seq_len, pred_len

    def __len__(self):
        return len(self.series) - self.seq_len - self.pred_len

    def __getitem__(self, idx):
        s_begin = idx
        s_end = s_begin + self.seq_len
        x = self.series[s_begin:s_end]
        y = self.series[s_end:s_end + self.pred_len]
        return torch.tensor(x), torch.tensor(y)
"""

TRAIN = """\
import torch
from torch.utils.data import DataLoader, random_split
from data_loader import TimeSeriesDataset

dataset = TimeSeriesDataset(torch.randn(1000), 96, 24)
train_set, val_set = random_split(dataset, [800, len(dataset) - 800])
model = torch.nn.Linear(96, 24)
opt = torch.optim.Adam(model.parameters())
for x, y in DataLoader(train_set, batch_size=32, shuffle=True):
    opt.zero_grad()
    loss = torch.nn.functional.mse_loss(model(x), y)
    loss.backward()
    opt.step()
"""


def test_a_dataset_of_windows_split_by_random_split_warns() -> None:
    # A learner's Informer: __getitem__ cuts data[s_begin:s_end] from idx, then random_split.
    files = {"data_loader.py": DATASET, "train.py": TRAIN}
    result = check("SANITY004", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert "overlapping windows split at random" in result.message
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 6)]
    # Items that are whole rows (or chunks that share none) are not windows.
    rows = DATASET.replace(
        "        x = self.series[s_begin:s_end]\n", "        x = self.series[idx]\n"
    ).replace("self.series[s_end:s_end + self.pred_len]", "self.series[idx]")
    result = check("SANITY004", snapshot_from({"data_loader.py": rows, "train.py": TRAIN}))
    assert "overlapping windows" not in result.message
