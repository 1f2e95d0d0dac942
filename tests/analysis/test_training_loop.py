"""Training-loop mistakes read against what runs: a mistake in a function nothing names."""

from __future__ import annotations

from repocheck.model import Status
from tests.rules.sanity_fixtures import kinds, places, run

# A Kaggle learner's data module: the quantile helper fits its transformer on the test frame
# anew, but no script calls it; train.py imports only the frames.
DATASETS = """\
import pandas as pd
from sklearn.preprocessing import QuantileTransformer


def normalize_transformer(train, test):
    quantile = QuantileTransformer(output_distribution="normal")
    normal_train = quantile.fit_transform(train)
    normal_test = quantile.fit_transform(test)
    return normal_train, normal_test


train = pd.read_csv("train.csv")
X, y = train.drop(columns="target"), train["target"]
"""
TRAIN = """\
from lightgbm import LGBMRegressor

from datasets import X, y

LGBMRegressor(random_state=0).fit(X, y)
"""


def test_a_fit_on_test_data_in_a_function_nothing_names_only_warns() -> None:
    result = run("SANITY004", {"datasets.py": DATASETS, "train.py": TRAIN})
    assert result.status is Status.WARN, result.message
    assert kinds(result) == {"fit_on_test": 1}
    assert places(result) == [("datasets.py", None, 8)]
    assert "nothing calls normalize_transformer" in result.evidence[0].snippet


def test_the_same_fit_fails_once_a_script_calls_or_hands_on_the_function() -> None:
    for use in (
        "from datasets import normalize_transformer\nnormalize_transformer(X, X)\n",
        "import datasets\nparts = datasets.normalize_transformer(X, X)\n",
        "from sklearn.preprocessing import FunctionTransformer\n"
        "from datasets import normalize_transformer\n"
        "step = FunctionTransformer(normalize_transformer)\n",
    ):
        result = run("SANITY004", {"datasets.py": DATASETS, "train.py": TRAIN + use})
        assert result.status is Status.FAIL, use
        assert "nothing calls" not in result.evidence[0].snippet


def test_a_decorated_function_or_a_method_is_called_without_its_name() -> None:
    # A route or a registered hook runs through its decorator; a method through its object.
    decorated = DATASETS.replace(
        "def normalize_transformer", "@app.get('/n')\ndef normalize_transformer"
    )
    assert run("SANITY004", {"datasets.py": decorated, "train.py": TRAIN}).status is Status.FAIL
    method = DATASETS.replace(
        "def normalize_transformer(train", "class Prep:\n    def normalize_transformer(self, train"
    )
    method = method.replace("\n    quantile", "\n        quantile").replace(
        "\n    normal", "\n        normal"
    )
    method = method.replace("\n    return", "\n        return")
    assert run("SANITY004", {"datasets.py": method, "train.py": TRAIN}).status is Status.FAIL


# A leakage study: a leaky arm written wrong on purpose beside the safe one, to measure what
# the leak inflates. Its mistakes are the experiment, not a slip.
LEAKY_ARM = """\
from imblearn.over_sampling import SMOTE
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler


def run_leaky(X, y, seed):
    Xs = StandardScaler().fit_transform(X)
    Xr, yr = SMOTE(random_state=seed).fit_resample(Xs, y)
    Xtr, Xte, ytr, yte = train_test_split(Xr, yr, test_size=0.2, random_state=seed)
    return LogisticRegression().fit(Xtr, ytr).score(Xte, yte)


def run_config(X, y, seed, flags):
    if flags["smote_before_split"]:
        X, y = SMOTE(random_state=seed).fit_resample(X, y)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.2, random_state=seed)
    return LogisticRegression().fit(Xtr, ytr).score(Xte, yte)
"""


def test_mistakes_in_a_leaky_arm_or_under_a_flag_naming_the_leak_are_not_found() -> None:
    result = run("SANITY004", {"study.py": LEAKY_ARM})
    assert result.status is Status.PASS, result.evidence


def test_the_same_mistakes_are_found_outside_a_leak_study() -> None:
    plain = LEAKY_ARM.replace("run_leaky", "run_baseline").replace("smote_before_split", "smote")
    result = run("SANITY004", {"study.py": plain})
    assert kinds(result) == {"fit_before_split": 1, "resample_before_split": 2}
    # A leaky activation is no leak: the word alone, not a LeakyReLU, marks the arm.
    relu = LEAKY_ARM.replace("run_leaky", "run_leaky_relu").replace("smote_before_split", "smote")
    assert kinds(run("SANITY004", {"study.py": relu})) == kinds(result)
    # Nor a function that says it keeps the leak out.
    safe = plain.replace("run_baseline", "run_leakage_safe")
    assert kinds(run("SANITY004", {"study.py": safe})) == kinds(result)
