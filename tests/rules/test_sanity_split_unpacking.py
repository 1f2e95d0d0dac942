"""SANITY004: scikit-learn's train_test_split unpacked out of the order it returns its parts
in (each array's training part, then its test part)."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

UNPACKED = """\
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split

df = pd.read_csv("art.csv")
X, y = df.drop(columns=["sold"]), df["sold"]
X_train, y_train, X_test, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
model = RandomForestClassifier(random_state=0)
model.fit(X_train, y_train)
print(model.score(X_test, y_test))
"""


def test_sanity004_fails_on_a_split_unpacked_out_of_order() -> None:
    result = check("SANITY004", snapshot_from({"model.py": UNPACKED}))
    assert result.status is Status.FAIL, result.message
    assert result.metrics["split_out_of_order"] == 1
    assert "train_test_split's parts unpacked out of order" in result.message
    assert [(e.path, e.line) for e in result.evidence] == [("model.py", 7)]


def test_sanity004_pairs_turned_opposite_ways_are_out_of_order() -> None:
    turned = UNPACKED.replace(
        "X_train, y_train, X_test, y_test = ", "X_train, X_test, y_test, y_train = "
    )
    result = check("SANITY004", snapshot_from({"model.py": turned}))
    assert result.status is Status.FAIL, result.message
    assert result.metrics["split_out_of_order"] == 1
    mixed = UNPACKED.replace(
        "X_train, y_train, X_test, y_test = ", "X_train, X_val, y_test, y_train = "
    )
    assert check("SANITY004", snapshot_from({"model.py": mixed})).metrics["split_out_of_order"] == 1
    # Held-out parts the same: X_dev is handed y_test's labels, y_dev the other half's.
    held_out = UNPACKED.replace(
        "X_train, y_train, X_test, y_test = ", "X_dev, X_test, y_test, y_dev = "
    )
    result = check("SANITY004", snapshot_from({"model.py": held_out}))
    assert result.status is Status.FAIL, result.message
    assert result.metrics["split_out_of_order"] == 1


def test_sanity004_a_split_unpacked_in_order_or_with_plain_names_is_fine() -> None:
    ordered = UNPACKED.replace(
        "X_train, y_train, X_test, y_test = ", "X_train, X_test, y_train, y_test = "
    )
    one_frame = UNPACKED.replace(
        "X_train, y_train, X_test, y_test = train_test_split(X, y,",
        "train_df, test_df = train_test_split(df,",
    ).replace("model.fit(X_train, y_train)", "model.fit(train_df[['a']], train_df['sold'])")
    held_out = UNPACKED.replace(
        "X_train, y_train, X_test, y_test = train_test_split(X, y, test_size=0.2, random_state=0)",
        "X_train, X_rest, y_train, y_rest = train_test_split(X, y, test_size=0.4, random_state=0)"
        "\nX_val, X_test, y_val, y_test = train_test_split(X_rest, y_rest, test_size=0.5)",
    )
    for code in (ordered, one_frame, held_out):
        result = check("SANITY004", snapshot_from({"model.py": code}))
        assert result.status is Status.PASS, result.message


def test_sanity004_a_projects_own_split_may_return_its_parts_in_any_order() -> None:
    # A learner's own train_test_split returning (X_train, y_train, X_test, y_test): its
    # order is its own.
    own = UNPACKED.replace(
        "from sklearn.model_selection import train_test_split\n",
        "from splits import train_test_split\n",
    )
    helper = "def train_test_split(X, y, test_size, random_state):\n    return X, y, X, y\n"
    result = check("SANITY004", snapshot_from({"model.py": own, "splits.py": helper}))
    assert "split_out_of_order" not in result.metrics or result.metrics["split_out_of_order"] == 0
    assert result.status is Status.PASS, result.message
