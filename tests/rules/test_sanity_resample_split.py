"""SANITY004: rows resampled for class balance (imbalanced-learn's ``fit_resample``) before a
``train_test_split`` that makes a test set from them: an oversampler's synthetic or copied
minority rows, made from rows on both sides, land in the test set too, so the test score is
read partly from training rows; an undersampler's test set loses the real class balance."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

RESAMPLED = """\
import pandas as pd
from imblearn.over_sampling import SMOTE
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split

df = pd.read_csv("transactions.csv")
X = df.drop("is_fraud", axis=1)
y = df["is_fraud"]
smote = SMOTE(random_state=0)
X_res, y_res = smote.fit_resample(X, y)
X_train, X_test, y_train, y_test = train_test_split(X_res, y_res, test_size=0.3, random_state=0)
model = RandomForestClassifier(random_state=0)
model.fit(X_train, y_train)
print(model.score(X_test, y_test))
"""


def test_sanity004_fails_on_oversampling_before_the_split() -> None:
    result = check("SANITY004", snapshot_from({"train.py": RESAMPLED}))
    assert result.status is Status.FAIL, result.message
    assert result.metrics["resample_before_split"] == 1
    assert "resampled before the split" in result.message
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 10)]


def test_sanity004_undersampling_before_the_split_warns() -> None:
    under = RESAMPLED.replace("over_sampling import SMOTE", "under_sampling import NearMiss")
    under = under.replace("smote = SMOTE(random_state=0)", "sampler = NearMiss()")
    under = under.replace("smote.fit_resample", "sampler.fit_resample")
    result = check("SANITY004", snapshot_from({"train.py": under}))
    assert result.status is Status.WARN, result.message
    assert result.metrics["resample_before_split"] == 1


def test_sanity004_resampling_the_training_split_is_fine() -> None:
    after = RESAMPLED.replace(
        "X_res, y_res = smote.fit_resample(X, y)\n"
        "X_train, X_test, y_train, y_test = train_test_split(X_res, y_res, test_size=0.3,"
        " random_state=0)\n",
        "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3,"
        " random_state=0)\n"
        "X_train, y_train = smote.fit_resample(X_train, y_train)\n",
    )
    assert "fit_resample(X_train" in after
    assert check("SANITY004", snapshot_from({"train.py": after})).status is Status.PASS
