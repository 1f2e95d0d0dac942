"""SANITY004: a decision threshold picked where the test split's precision-recall (or ROC)
curve peaks (``thresholds[np.argmax(f1)]``) and then applied is tuned on the data its score is
read from; picked on validation data, or only reported, it selects nothing."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

TUNED = """\
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import classification_report, precision_recall_curve
from sklearn.model_selection import train_test_split

X, y = np.load("X.npy"), np.load("y.npy")
X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)
model = LogisticRegression(class_weight="balanced").fit(X_train, y_train)
y_proba = model.predict_proba(X_test)[:, 1]
precision, recall, thresholds = precision_recall_curve(y_test, y_proba)
f1 = 2 * precision * recall / (precision + recall + 1e-9)
best = np.argmax(f1)
threshold = thresholds[best]
y_pred = (y_proba >= threshold).astype(int)
print(classification_report(y_test, y_pred))
"""


def test_sanity004_warns_on_a_threshold_chosen_on_the_test_split() -> None:
    result = check("SANITY004", snapshot_from({"train.py": TUNED}))
    assert result.status is Status.WARN, result.message
    assert result.metrics["threshold_on_test"] == 1
    assert "threshold chosen on test data" in result.message
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 13)]


def test_sanity004_a_threshold_chosen_on_validation_data_or_only_plotted_is_fine() -> None:
    val = TUNED.replace("precision_recall_curve(y_test,", "precision_recall_curve(y_val,")
    assert check("SANITY004", snapshot_from({"train.py": val})).status is Status.PASS
    plotted = TUNED.replace("y_pred = (y_proba >= threshold).astype(int)\n", "")
    plotted = plotted.replace("classification_report(y_test, y_pred)", "threshold")
    assert check("SANITY004", snapshot_from({"train.py": plotted})).status is Status.PASS
