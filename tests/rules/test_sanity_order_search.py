"""SANITY004: pmdarima's auto_arima run on a series that is split into train and test
afterwards chooses its orders with the test period in view."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

SEARCHED = """\
import numpy as np
import pandas as pd
from pmdarima import auto_arima
from sklearn.metrics import mean_squared_error
from statsmodels.tsa.arima.model import ARIMA

data = pd.read_csv("sales.csv").set_index("Date")[["Quantity"]]
best = auto_arima(data, m=7, information_criterion="aicc")
X = data.values
size = int(len(X) * 0.8)
train, test = X[0:size], X[size:len(X)]
model = ARIMA(train, order=best.order).fit()
print(np.sqrt(mean_squared_error(test, model.forecast(len(test)))))
"""


def test_sanity004_warns_on_orders_searched_on_the_whole_series() -> None:
    result = check("SANITY004", snapshot_from({"arima.py": SEARCHED}))
    assert result.status is Status.WARN, result.message
    assert "orders searched before the split" in result.message
    assert [(e.path, e.line) for e in result.evidence] == [("arima.py", 8)]


def test_sanity004_orders_searched_on_the_training_part_are_fine() -> None:
    after = SEARCHED.replace('best = auto_arima(data, m=7, information_criterion="aicc")\n', "")
    after = after.replace("model = ARIMA(", "best = auto_arima(train, m=7)\nmodel = ARIMA(")
    assert check("SANITY004", snapshot_from({"arima.py": after})).status is Status.PASS
