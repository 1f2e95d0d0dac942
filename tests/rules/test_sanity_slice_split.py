"""SANITY004: a scaler fitted on a whole series that is then sliced into a training and a test
part (``train = scaled[:n]``, ``test = scaled[n:]``), the usual split of a time series, saw
the test rows' range; the last window cut out to forecast from is no test set."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

SLICED = """\
import numpy as np
from sklearn.preprocessing import MinMaxScaler
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense

prices = np.load("prices.npy")
scaler = MinMaxScaler()
scaled_data = scaler.fit_transform(prices)
training_data_len = int(len(scaled_data) * 0.8)
train_data = scaled_data[0:training_data_len, :]
test_data = scaled_data[training_data_len - 60 :, :]
model = Sequential([Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(train_data[:, :-1], train_data[:, -1])
print(model.evaluate(test_data[:, :-1], test_data[:, -1]))
"""


def test_sanity004_a_scaled_series_sliced_into_train_and_test_leaks() -> None:
    result = check("SANITY004", snapshot_from({"train.py": SLICED}))
    assert result.status is Status.WARN, result.message
    assert result.metrics["fit_before_split"] == 1
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 8)]


def test_sanity004_one_statement_slicing_both_parts_leaks() -> None:
    code = SLICED.replace(
        "train_data = scaled_data[0:training_data_len, :]\n"
        "test_data = scaled_data[training_data_len - 60 :, :]\n",
        "train_data, test_data = scaled_data[:training_data_len], scaled_data[training_data_len:]\n",
    )
    result = check("SANITY004", snapshot_from({"train.py": code}))
    assert result.metrics["fit_before_split"] == 1, result.message


def test_sanity004_the_last_window_to_forecast_from_is_no_split() -> None:
    # Trained on windows built in a loop; "test_data" is the input of the next forecast.
    code = SLICED.replace(
        "train_data = scaled_data[0:training_data_len, :]\n", "train_data = windows(scaled_data)\n"
    ).replace(
        "test_data = scaled_data[training_data_len - 60 :, :]", "test_data = scaled_data[-60:]"
    )
    result = check("SANITY004", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS, result.message


def test_sanity004_slicing_after_fitting_on_the_training_part_is_fine() -> None:
    code = SLICED.replace(
        "scaled_data = scaler.fit_transform(prices)\n",
        "scaler.fit(prices[:800])\nscaled_data = scaler.transform(prices)\n",
    )
    result = check("SANITY004", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS, result.message


# A forecasting app: the scaler fitted in a method that returns the scaled series, windows cut
# from what it returns, then sliced into a training and a validation part (no test part).
VALIDATION = """\
import numpy as np
from sklearn.preprocessing import MinMaxScaler
from tensorflow.keras import Sequential
from tensorflow.keras.layers import LSTM, Dense


class Forecaster:
    def __init__(self):
        self.scaler = MinMaxScaler()

    def prepare(self, frame):
        scaled = self.scaler.fit_transform(frame)
        return scaled

    def windows(self, series):
        return np.stack([series[i : i + 24] for i in range(len(series) - 24)]), series[24:]


def main():
    forecaster = Forecaster()
    series = forecaster.prepare(np.load("pm25.npy"))
    X, y = forecaster.windows(series)
    cut = int(len(X) * 0.8)
    X_train, X_val = X[:cut], X[cut:]
    y_train, y_val = y[:cut], y[cut:]
    model = Sequential([LSTM(32), Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(X_train, y_train, validation_data=(X_val, y_val))


if __name__ == "__main__":
    main()
"""


def test_sanity004_a_series_scaled_in_a_method_then_sliced_for_validation_warns() -> None:
    result = check("SANITY004", snapshot_from({"app.py": VALIDATION}))
    assert result.status is Status.WARN, result.message
    assert result.metrics["fit_before_split"] == 1
    assert [(e.path, e.line) for e in result.evidence] == [("app.py", 12)]


def test_sanity004_a_method_scaling_the_training_part_after_the_slice_is_fine() -> None:
    code = VALIDATION.replace(
        '    series = forecaster.prepare(np.load("pm25.npy"))\n'
        "    X, y = forecaster.windows(series)\n",
        '    raw = np.load("pm25.npy")\n    X, y = forecaster.windows(raw)\n',
    ).replace(
        "    X_train, X_val = X[:cut], X[cut:]\n",
        "    X_train, X_val = X[:cut], X[cut:]\n    X_train = forecaster.prepare(X_train)\n",
    )
    result = check("SANITY004", snapshot_from({"app.py": code}))
    assert result.status is Status.PASS, result.message


def test_sanity004_a_scaled_table_cut_by_iloc_into_train_and_test_leaks() -> None:
    # A DataFrame's rows are sliced by position through .iloc, the usual time-based split.
    code = """\
import pandas as pd
from sklearn.linear_model import Ridge
from sklearn.preprocessing import StandardScaler

df = pd.read_csv("air.csv")
cols = ["pm25", "wind"]
df[cols] = StandardScaler().fit_transform(df[cols])
train_end = int(len(df) * 0.7)
df_train = df.iloc[:train_end]
df_test = df.iloc[train_end:]
model = Ridge().fit(df_train[cols], df_train["target"])
print(model.score(df_test[cols], df_test["target"]))
"""
    result = check("SANITY004", snapshot_from({"train.py": code}))
    assert result.status is Status.WARN, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 7)]
