"""SANITY004: group means of the label written into the features (target encoding) before a
``train_test_split`` that cuts the encoded rows with that label: each test row's own label is
inside the mean it is encoded with, so the test score is read partly from the answers."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

ENCODED = """\
import pandas as pd
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import train_test_split

df = pd.read_csv("cars.csv")
df["brand_price"] = df.groupby("brand")["price"].transform("mean")
X = df.drop(columns=["price", "brand"])
y = df["price"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
model = LinearRegression()
model.fit(X_train, y_train)
print(model.score(X_test, y_test))
"""


def test_sanity004_fails_on_label_means_encoded_before_the_split() -> None:
    result = check("SANITY004", snapshot_from({"train.py": ENCODED}))
    assert result.status is Status.FAIL, result.message
    assert result.metrics["target_encoded_before_split"] == 1
    assert "label's group means encoded before the split" in result.message
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 6)]


def test_sanity004_reads_means_mapped_through_a_name_and_a_label_taken_by_pop() -> None:
    mapped = ENCODED.replace(
        'df["brand_price"] = df.groupby("brand")["price"].transform("mean")\n',
        'means = df.groupby("brand")["price"].mean()\ndf["brand"] = df["brand"].map(means)\n',
    ).replace(
        'X = df.drop(columns=["price", "brand"])\ny = df["price"]\n',
        'y = np.log1p(df.pop("price"))\nX = df\n',
    )
    result = check("SANITY004", snapshot_from({"train.py": mapped}))
    assert result.status is Status.FAIL, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 7)]


def test_sanity004_means_taken_on_the_training_split_are_fine() -> None:
    after = (
        "import pandas as pd\n"
        "from sklearn.model_selection import train_test_split\n"
        'df = pd.read_csv("cars.csv")\n'
        "train, test = train_test_split(df, test_size=0.2, random_state=0)\n"
        'means = train.groupby("brand")["price"].mean()\n'
        'train["brand_price"] = train["brand"].map(means)\n'
        'test["brand_price"] = test["brand"].map(means)\n'
        "from sklearn.linear_model import LinearRegression\n"
        'model = LinearRegression().fit(train[["brand_price"]], train["price"])\n'
    )
    result = check("SANITY004", snapshot_from({"train.py": after}))
    assert result.status is Status.PASS, result.message


def test_sanity004_means_of_another_column_or_a_filled_label_are_no_target_encoding() -> None:
    # Means of a feature fill that feature's gaps; means of the label written back into the
    # label fill its gaps: neither puts a row's own label into its features.
    other = ENCODED.replace('["price"].transform', '["mileage"].transform')
    filled = ENCODED.replace(
        'df["brand_price"] = df.groupby("brand")["price"].transform("mean")',
        'df["price"] = df["price"].fillna(df.groupby("brand")["price"].transform("mean"))',
    )
    for code in (other, filled):
        result = check("SANITY004", snapshot_from({"train.py": code}))
        assert result.status is Status.PASS, result.message


def test_sanity004_label_means_before_a_validation_split_warn() -> None:
    validation = ENCODED.replace("X_test", "X_val").replace("y_test", "y_val")
    result = check("SANITY004", snapshot_from({"train.py": validation}))
    assert result.status is Status.WARN, result.message
    assert result.metrics["target_encoded_before_split"] == 1
