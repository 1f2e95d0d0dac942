"""SANITY004: a gradient-boosted model stopped early on the test split (``eval_set`` ending in
``(X_test, y_test)`` with ``early_stopping_rounds``) picks its number of trees on the data its
test score is then read from; an eval_set that only logs selects nothing."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

STOPPED = """\
import pandas as pd
import xgboost as xgb
from sklearn.metrics import mean_squared_error

df = pd.read_csv("energy.csv", index_col=0, parse_dates=True)
train = df.loc[df.index < "2015-01-01"]
test = df.loc[df.index >= "2015-01-01"]
X_train, y_train = train[["hour"]], train["mw"]
X_test, y_test = test[["hour"]], test["mw"]
reg = xgb.XGBRegressor(n_estimators=1000, early_stopping_rounds=50)
reg.fit(X_train, y_train, eval_set=[(X_train, y_train), (X_test, y_test)], verbose=100)
print(mean_squared_error(y_test, reg.predict(X_test)))
"""


def test_sanity004_warns_on_early_stopping_on_the_test_split() -> None:
    result = check("SANITY004", snapshot_from({"train.py": STOPPED}))
    assert result.status is Status.WARN, result.message
    assert result.metrics["early_stop_on_test"] == 1
    assert "early stopping on test data" in result.message
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 11)]


def test_sanity004_early_stopping_asked_in_fit_or_by_a_callback_counts_too() -> None:
    in_fit = STOPPED.replace(", early_stopping_rounds=50)", ")").replace(
        "verbose=100)", "early_stopping_rounds=50)"
    )
    assert check("SANITY004", snapshot_from({"train.py": in_fit})).status is Status.WARN
    callback = STOPPED.replace(
        "import xgboost as xgb", "import lightgbm as lgb\nimport xgboost as xgb"
    )
    callback = callback.replace(", early_stopping_rounds=50)", ")").replace(
        "verbose=100)", "callbacks=[lgb.early_stopping(50)])"
    )
    assert check("SANITY004", snapshot_from({"train.py": callback})).status is Status.WARN


def test_sanity004_an_eval_set_that_only_logs_or_watches_validation_data_is_fine() -> None:
    logs = STOPPED.replace(", early_stopping_rounds=50)", ")")
    assert check("SANITY004", snapshot_from({"train.py": logs})).status is Status.PASS
    val = STOPPED.replace("(X_test, y_test)]", "(X_val, y_val)]")
    assert check("SANITY004", snapshot_from({"train.py": val})).status is Status.PASS
    off = STOPPED.replace("early_stopping_rounds=50", "early_stopping_rounds=None")
    assert check("SANITY004", snapshot_from({"train.py": off})).status is Status.PASS


CATBOOST = """\
from catboost import CatBoostClassifier
from sklearn.model_selection import train_test_split

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
model = CatBoostClassifier(iterations=2000, verbose=100)
model.fit(X_train, y_train, eval_set=(X_test, y_test))
print(model.score(X_test, y_test))
"""


def test_sanity004_catboost_keeps_its_best_iteration_on_the_eval_set_unasked() -> None:
    result = check("SANITY004", snapshot_from({"train.py": CATBOOST}))
    assert result.status is Status.WARN, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 6)]
    off = CATBOOST.replace("verbose=100)", "verbose=100, use_best_model=False)")
    assert check("SANITY004", snapshot_from({"train.py": off})).status is Status.PASS


FUNCTIONAL = """\
import lightgbm as lgb
import xgboost as xgb

dtrain = lgb.Dataset(X_train, y_train)
dtest = lgb.Dataset(X_test, y_test)
booster = lgb.train(params, dtrain, valid_sets=[dtest, dtrain],
                    callbacks=[lgb.early_stopping(50)])
xtrain, xtest = xgb.DMatrix(X_train, y_train), xgb.DMatrix(X_test, y_test)
bst = xgb.train(params, xtrain, evals=[(xtrain, "train"), (xtest, "test")],
                early_stopping_rounds=30)
"""


def test_sanity004_the_functional_boosting_apis_stop_on_their_watched_sets() -> None:
    result = check("SANITY004", snapshot_from({"train.py": FUNCTIONAL}))
    assert result.status is Status.WARN, result.message
    assert [e.line for e in result.evidence] == [6, 9]
    logs = FUNCTIONAL.replace(",\n                    callbacks=[lgb.early_stopping(50)])", ")")
    logs = logs.replace(",\n                early_stopping_rounds=30)", ")")


KERAS = """\
import keras
from sklearn.model_selection import train_test_split

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.1, random_state=0)
model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3)
history = model.fit(X_train, y_train, epochs=30, validation_data=(X_test, y_test),
                    callbacks=[stop])
"""


def test_sanity004_warns_on_keras_early_stopping_on_the_test_split() -> None:
    result = check("SANITY004", snapshot_from({"train.py": KERAS}))
    assert result.status is Status.WARN, result.message
    assert result.metrics["early_stop_on_test"] == 1
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 8)]
    inline = KERAS.replace("callbacks=[stop]", "callbacks=[keras.callbacks.EarlyStopping()]")
    assert check("SANITY004", snapshot_from({"train.py": inline})).status is Status.WARN


def test_sanity004_keras_stopping_on_validation_data_or_a_training_metric_is_fine() -> None:
    val = KERAS.replace("(X_test, y_test)", "(X_val, y_val)")
    assert check("SANITY004", snapshot_from({"train.py": val})).status is Status.PASS
    on_loss = KERAS.replace('monitor="val_loss"', 'monitor="loss"')
    assert check("SANITY004", snapshot_from({"train.py": on_loss})).status is Status.PASS
    logs = KERAS.replace("callbacks=[stop]", "callbacks=[]")
    assert check("SANITY004", snapshot_from({"train.py": logs})).status is Status.PASS


TABNET = """\
import numpy as np
import pandas as pd
from pytorch_tabnet.tab_model import TabNetClassifier
from sklearn.metrics import roc_auc_score

data = pd.read_csv("patients.csv")
data["Set"] = np.random.choice(["train", "valid", "test"], p=[0.8, 0.1, 0.1], size=len(data))
train = data.query('Set == "train"')
valid = data.query('Set == "valid"')
test = data.query('Set == "test"')
X_train, y_train = train.drop(columns=["y"]).values, train["y"].values
X_valid, y_valid = valid.drop(columns=["y"]).values, valid["y"].values
X_test, y_test = test.drop(columns=["y"]).values, test["y"].values
model = TabNetClassifier()
model.fit(X_train, y_train, eval_set=[(X_train, y_train), (X_test, y_test)], max_epochs=30)
print(roc_auc_score(y_test, model.predict_proba(X_test)[:, 1]))
"""


def test_sanity004_tabnet_stops_on_its_last_eval_set_and_keeps_the_best_epoch_unasked() -> None:
    # pytorch_tabnet's fit stops after `patience` (10 by default) epochs without gain on the
    # last eval_set pair and loads that pair's best epoch: the test split here.
    result = check("SANITY004", snapshot_from({"train.py": TABNET}))
    assert result.status is Status.WARN, result.message
    assert result.metrics["early_stop_on_test"] == 1
    # patience=0 turns stopping off (the last epoch is kept); validation data is fine.
    off = TABNET.replace("max_epochs=30)", "max_epochs=30, patience=0)")
    valid = TABNET.replace("(X_test, y_test)], max", "(X_valid, y_valid)], max")
    for fine in (off, valid):
        assert "early_stop_on_test" not in check("SANITY004", snapshot_from({"t.py": fine})).metrics


CARVED_FROM_TRAINING = """\
from catboost import CatBoostRanker, Pool
from sklearn.model_selection import train_test_split


class Ranker:
    def __init__(self):
        self.model = CatBoostRanker(iterations=500)

    def fit(self, train_df):
        X_train, X_test, y_train, y_test = train_test_split(
            train_df[["score"]], train_df["label"], test_size=0.2, random_state=42
        )
        test_pool = Pool(X_test, y_test)
        self.model.fit(Pool(X_train, y_train), eval_set=test_pool)
"""


def test_sanity004_a_test_split_carved_from_the_training_data_given_is_a_validation_split() -> None:
    # A fit method handed only the training frame holds part of it out and names that part
    # "test": the held-out test set never reaches it, so nothing is chosen on test data.
    result = check("SANITY004", snapshot_from({"rank.py": CARVED_FROM_TRAINING}))
    assert result.status is Status.PASS, result.message
    # Handed the test frame too, the split it stops on may be that test data: still a warning.
    given_test = CARVED_FROM_TRAINING.replace(
        "def fit(self, train_df):", "def fit(self, train_df, test_df):"
    )
    given_test = given_test.replace(
        'train_df[["score"]], train_df["label"]', 'test_df[["score"]], test_df["label"]'
    )
    assert check("SANITY004", snapshot_from({"rank.py": given_test})).status is Status.WARN


THREE_SPLITS = """\
from lightgbm import LGBMRegressor
from features import collect_features, write_validation_results_to_db

x, y = collect_features(data_set="train")
test_x, test_y = collect_features(data_set="test")
model = LGBMRegressor(n_estimators=9000, early_stopping_rounds=100)
model.fit(x, y, eval_set=(test_x, test_y))
write_validation_results_to_db(model=model, model_name="lgbm")
"""


def test_sanity004_a_test_split_kept_for_stopping_beside_a_scored_validation_split_is_fine() -> (
    None
):
    # Three splits, the names swapped (as in the M5 competition, whose "validation" period
    # was the scored one): the model stops on "test" and is scored on validation data, by a
    # helper named for it or by predicting on it. The trees are not chosen on the scored data.
    result = check("SANITY004", snapshot_from({"train.py": THREE_SPLITS}))
    assert result.status is Status.PASS, result.message
    scored = THREE_SPLITS.replace(
        'write_validation_results_to_db(model=model, model_name="lgbm")',
        'val_x, val_y = collect_features(data_set="validation")\n'
        "print(((model.predict(val_x) - val_y) ** 2).mean())",
    )
    assert check("SANITY004", snapshot_from({"train.py": scored})).status is Status.PASS
    # Scored on the test split it stopped on: still a warning, whatever else is named.
    on_test = THREE_SPLITS.replace(
        'write_validation_results_to_db(model=model, model_name="lgbm")',
        "print(model.score(test_x, test_y))\nvalidate = model",
    )
    assert check("SANITY004", snapshot_from({"train.py": on_test})).status is Status.WARN


#: A Keras trainer class stops early on the data its method is handed as validation; the one
#: call hands it the test split, whose accuracy is then reported as final.
HANDED_THE_TEST_SPLIT = """\
import numpy as np
from sklearn.model_selection import train_test_split
from tensorflow import keras


class Trainer:
    def __init__(self):
        self.model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        self.model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

    def train(self, X_train, y_train, X_val, y_val):
        stop = keras.callbacks.EarlyStopping(patience=30, restore_best_weights=True)
        return self.model.fit(
            X_train, y_train, validation_data=(X_val, y_val), epochs=200, callbacks=[stop]
        )


X, y = np.load("x.npy"), np.load("y.npy")
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
trainer = Trainer()
trainer.train(X_train, y_train, X_test, y_test)
print("Final Test Accuracy", trainer.model.evaluate(X_test, y_test))
"""


def test_sanity004_follows_validation_parameters_to_the_test_split_a_caller_hands() -> None:
    result = check("SANITY004", snapshot_from({"train.py": HANDED_THE_TEST_SPLIT}))
    assert result.status is Status.WARN, result.message
    assert result.metrics["early_stop_on_test"] == 1
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 21)]
    # Handed a validation split, as its parameters ask, it stops on the right data.
    fine = HANDED_THE_TEST_SPLIT.replace(
        "trainer.train(X_train, y_train, X_test, y_test)",
        "X_tr, X_val, y_tr, y_val = train_test_split(X_train, y_train, random_state=0)\n"
        "trainer.train(X_tr, y_tr, X_val, y_val)",
    )
    assert "early_stop_on_test" not in check("SANITY004", snapshot_from({"train.py": fine})).metrics
    # By keyword, the same.
    keyword = HANDED_THE_TEST_SPLIT.replace(
        "trainer.train(X_train, y_train, X_test, y_test)",
        "trainer.train(X_train, y_train, X_val=X_test, y_val=y_test)",
    )
    assert (
        check("SANITY004", snapshot_from({"train.py": keyword})).metrics["early_stop_on_test"] == 1
    )
    # The callbacks given as a list built before the fit, the same.
    listed = HANDED_THE_TEST_SPLIT.replace(
        "            X_train, y_train, validation_data=(X_val, y_val), epochs=200, callbacks=[stop]",
        "            X_train, y_train, validation_data=(X_val, y_val), epochs=200, callbacks=callbacks",
    ).replace(
        "        return self.model.fit(",
        "        callbacks = [stop]\n        return self.model.fit(",
    )
    assert "callbacks=callbacks" in listed
    assert (
        check("SANITY004", snapshot_from({"train.py": listed})).metrics["early_stop_on_test"] == 1
    )
