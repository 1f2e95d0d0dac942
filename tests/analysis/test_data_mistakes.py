"""Data mistakes: data standardised by hand with the mean and std of every row, then split."""

from __future__ import annotations

import json

from repocheck.model import Status
from tests.rules.sanity_fixtures import kinds, places, run

PREPARE = """\
import numpy as np
from sklearn.model_selection import train_test_split

rows = np.loadtxt("windows.csv", delimiter=",")
mean = np.mean(rows, axis=0)
std = np.std(rows, axis=0)
normalized = (rows - mean) / (std + 1e-8)
data = normalized
train_rows, rest = train_test_split(data, train_size=0.6, random_state=0)
val_rows, test_rows = train_test_split(rest, train_size=0.5, random_state=0)
"""
TRAIN = """\
from sklearn.ensemble import RandomForestClassifier

model = RandomForestClassifier(random_state=0)
model.fit(x, y)
"""


def test_standardised_by_hand_before_the_split_warns() -> None:
    result = run("SANITY004", {"prepare.py": PREPARE, "train.py": TRAIN})
    assert result.status is Status.WARN, result.message
    assert kinds(result) == {"normalized_before_split": 1}
    assert places(result) == [("prepare.py", None, 7)]
    assert "normalized before the split" in result.message


def test_inline_statistics_of_the_whole_data_count_too() -> None:
    inline = PREPARE.replace(
        "normalized = (rows - mean) / (std + 1e-8)",
        "normalized = (rows - rows.mean(axis=0)) / rows.std(axis=0)",
    )
    result = run("SANITY004", {"prepare.py": inline, "train.py": TRAIN})
    assert kinds(result) == {"normalized_before_split": 1}
    # Windows of (samples, steps, channels): one mean per channel, over samples and steps.
    channels = PREPARE.replace("axis=0", "axis=(0, 1)")
    assert kinds(run("SANITY004", {"prepare.py": channels, "train.py": TRAIN})) == {
        "normalized_before_split": 1
    }


def test_per_window_statistics_and_a_split_first_pass() -> None:
    # Each window standardised by its own mean (axis=1) learns nothing from other rows.
    per_row = PREPARE.replace("axis=0", "axis=1, keepdims=True")
    assert run("SANITY004", {"prepare.py": per_row, "train.py": TRAIN}).status is Status.PASS
    # Split first, then the training rows' statistics: the right order.
    split_first = """\
    import numpy as np
    from sklearn.model_selection import train_test_split

    rows = np.loadtxt("windows.csv", delimiter=",")
    train_rows, test_rows = train_test_split(rows, random_state=0)
    mean = train_rows.mean(axis=0)
    train_rows = train_rows - mean
    test_rows = test_rows - mean
    """
    assert run("SANITY004", {"prepare.py": split_first, "train.py": TRAIN}).status is Status.PASS
    # Statistics printed, not applied, before the split: nothing leaks.
    printed = PREPARE.replace("normalized = (rows - mean) / (std + 1e-8)", "print(mean, std)")
    printed = printed.replace("data = normalized", "data = rows")
    assert run("SANITY004", {"prepare.py": printed, "train.py": TRAIN}).status is Status.PASS


# A formation-energy regression (a held-out pass, 491): mean and spread of every row taken
# into a tuple, the tensor standardised with them, and only then the folds cut.
FOLDS_AFTER = """\
import torch
from sklearn.model_selection import KFold

X_tensor = torch.load("features.pt")
X_mean, X_std = X_tensor.mean(dim=0), X_tensor.std(dim=0)
X_tensor = (X_tensor - X_mean) / X_std
kfold = KFold(n_splits=5, shuffle=True, random_state=42)
for fold, (train_idx, val_idx) in enumerate(kfold.split(X_tensor)):
    X_train, X_val = X_tensor[train_idx], X_tensor[val_idx]
"""


def test_statistics_taken_into_a_tuple_before_cross_validation_folds_warn() -> None:
    result = run("SANITY004", {"prepare.py": FOLDS_AFTER, "train.py": TRAIN})
    assert kinds(result) == {"normalized_before_split": 1}, result.message
    assert places(result) == [("prepare.py", None, 6)]
    assert "each fold" in result.evidence[0].snippet
    # The splitter built in place reads the same.
    inline = FOLDS_AFTER.replace("kfold.split(X_tensor)", "KFold(5).split(X_tensor)")
    found = run("SANITY004", {"prepare.py": inline, "train.py": TRAIN})
    assert kinds(found) == {"normalized_before_split": 1}
    # Each fold standardised by its own training rows' statistics leaks nothing.
    per_fold = """\
    import torch
    from sklearn.model_selection import KFold

    X_tensor = torch.load("features.pt")
    for train_idx, val_idx in KFold(n_splits=5).split(X_tensor):
        X_train = X_tensor[train_idx]
        X_mean, X_std = X_train.mean(dim=0), X_train.std(dim=0)
        X_train = (X_train - X_mean) / X_std
    """
    assert run("SANITY004", {"prepare.py": per_fold, "train.py": TRAIN}).status is Status.PASS


# A box-office regression's own R², written above the function that splits and trains: the
# deviations from the mean are summed into one number (the total sum of squares), and the
# function is called on the test split's targets after the split.
R2_BY_HAND = """\
import numpy as np
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import train_test_split


def r2score(y_pred, y):
    rss = np.sum((y_pred - y) ** 2)
    tss = np.sum((y - y.mean()) ** 2)
    return 1 - rss / tss


def build_model(X, y):
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)
    model = LinearRegression().fit(X_train, y_train)
    return r2score(model.predict(X_test), y_test)
"""


def test_deviations_summed_into_a_statistic_are_no_standardised_data() -> None:
    result = run("SANITY004", {"train.py": R2_BY_HAND})
    assert result.status is Status.PASS, result.message
    # The same spread taken as a method (``.sum()``, ``.mean()``) is one number too.
    method = R2_BY_HAND.replace("np.sum((y - y.mean()) ** 2)", "((y - y.mean()) ** 2).sum()")
    assert run("SANITY004", {"train.py": method}).status is Status.PASS
    # Deviations kept row by row, then split, still warn.
    kept = R2_BY_HAND.replace(
        "def build_model(X, y):\n",
        "def build_model(X, y):\n    y = (y - y.mean()) / y.std()\n",
    )
    assert kinds(run("SANITY004", {"train.py": kept})) == {"normalized_before_split": 1}


# A Bollywood box-office study (a held-out pass, 501): the frame standardised for a
# statsmodels regression read for its p-values, then the same name read afresh from the
# data before the split the tree models are scored on. The split cuts the raw columns.
REREAD = """\
import pandas as pd
import statsmodels.api as sm
from sklearn.ensemble import RandomForestRegressor
from sklearn.model_selection import train_test_split

movies = pd.read_pickle("movies.pkl")
X = movies.loc[:, ["budget", "screens"]]
Y = movies["revenue"]
X = (X - X.mean()) / X.std()
Y = (Y - Y.mean()) / Y.std()
print(sm.OLS(Y, X).fit().summary())

X = movies.loc[:, ["budget", "screens"]]
Y = movies["revenue"]
X_train, X_test, Y_train, Y_test = train_test_split(X, Y, random_state=0)
model = RandomForestRegressor(random_state=0).fit(X_train, Y_train)
print(model.score(X_test, Y_test))
"""


def test_a_name_read_afresh_from_the_data_before_the_split_holds_no_statistics() -> None:
    result = run("SANITY004", {"study.py": REREAD})
    assert result.status is Status.PASS, result.message
    # Rebound from the standardised data itself (a column picked), both still hold them.
    kept = REREAD.replace(
        'X = movies.loc[:, ["budget", "screens"]]\nY = movies["revenue"]\nX_train',
        'X = X.loc[:, ["budget", "screens"]]\nX_train',
    )
    assert kinds(run("SANITY004", {"study.py": kept})) == {"normalized_before_split": 2}
    # Only the targets read afresh: the standardised features still reach the split.
    half = REREAD.replace(
        'X = movies.loc[:, ["budget", "screens"]]\nY = movies["revenue"]\nX_train',
        'Y = movies["revenue"]\nX_train',
    )
    assert places(run("SANITY004", {"study.py": half})) == [("study.py", None, 9)]


# A promoter classifier's evaluation: the test split's scores handed to the project's own
# threshold search, and its pick then used to score that same split.
SEARCH = """\
import numpy as np
from sklearn.metrics import f1_score


def find_optimal_threshold(labels, scores, thresholds):
    best, best_f1 = 0.5, -1.0
    for t in thresholds:
        f1 = f1_score(labels, (scores >= t).astype(int))
        if f1 > best_f1:
            best, best_f1 = t, f1
    return best, best_f1


def calculate_metrics(labels, scores, threshold):
    return f1_score(labels, (scores >= threshold).astype(int))
"""
EVALUATE = """\
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

from metrics import calculate_metrics, find_optimal_threshold

X, y = np.load("X.npy"), np.load("y.npy")
X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)
model = LogisticRegression().fit(X_train, y_train)
labels, scores = y_test, model.predict_proba(X_test)[:, 1]
optimal_threshold, best_f1 = find_optimal_threshold(labels, scores, np.linspace(0, 1, 100))
print(f"Optimal threshold: {optimal_threshold:.2f}")
print(calculate_metrics(labels, scores, optimal_threshold))
"""


def test_a_threshold_searched_on_test_scores_and_then_used_warns() -> None:
    result = run("SANITY004", {"metrics.py": SEARCH, "evaluate.py": EVALUATE})
    assert result.status is Status.WARN, result.message
    assert kinds(result) == {"threshold_on_test": 1}
    assert places(result) == [("evaluate.py", None, 11)]
    assert "threshold chosen on test data" in result.message


def test_a_threshold_searched_on_validation_scores_or_only_printed_passes() -> None:
    on_val = EVALUATE.replace("y_test, model.predict_proba(X_test)", "y_val, model.predict(X_val)")
    result = run("SANITY004", {"metrics.py": SEARCH, "evaluate.py": on_val})
    assert result.status is Status.PASS, result.message
    printed = EVALUATE.replace("calculate_metrics(labels, scores, optimal_threshold)", "best_f1")
    result = run("SANITY004", {"metrics.py": SEARCH, "evaluate.py": printed})
    assert result.status is Status.PASS, result.message


# An essay scorer's rubric thresholds: the search is handed the development split's
# predictions to tune on and the test split's to apply the tuned cut-offs to; it returns both.
TUNED_ON_DEV = """\
from scoring import predict, threshold_tune_predictions, report

dev_preds = predict(model, dev_loader)
test_preds = predict(model, test_loader)
thresholds, dev_tuned, test_tuned = threshold_tune_predictions(
    dev_pred_df=dev_preds,
    test_pred_df=test_preds,
    grid_size=50,
)
report(thresholds, test_tuned)
"""


def test_a_threshold_search_given_the_dev_split_beside_the_test_split_passes() -> None:
    # Tuned on the development split, only applied to the test split: nothing is chosen on
    # the data the score is read from.
    result = run("SANITY004", {"evaluate.py": TUNED_ON_DEV, "train.py": TRAIN})
    assert result.status is Status.PASS, result.message
    on_val = TUNED_ON_DEV.replace("dev_pred_df=dev_preds", "val_pred_df=val_preds")
    result = run("SANITY004", {"evaluate.py": on_val, "train.py": TRAIN})
    assert result.status is Status.PASS, result.message
    # Given the test split alone, the search tunes on it.
    alone = TUNED_ON_DEV.replace("    dev_pred_df=dev_preds,\n", "")
    result = run("SANITY004", {"evaluate.py": alone, "train.py": TRAIN})
    assert result.status is Status.WARN, result.message
    assert places(result) == [("evaluate.py", None, 5)]


METHODS = """\
import numpy as np

from metrics import calculate_metrics, find_optimal_threshold


class Model:
    def train(self):
        self.model.fit(self.X_train, self.y_train)

    def evaluate(self):
        y_prob = self.model.predict_proba(self.X_test)[:, 1]
        return calculate_metrics(self.y_test, y_prob, 0.5)

    def find_threshold(self):
        y_prob = self.model.predict_proba(self.X_val)[:, 1]
        best, best_f1 = find_optimal_threshold(self.y_val, y_prob, np.linspace(0, 1, 100))
        return calculate_metrics(self.y_val, y_prob, best)
"""


def test_a_name_another_function_assigns_test_scores_holds_this_ones_own() -> None:
    # ``y_prob`` holds validation scores where the search runs; the test scores of
    # ``evaluate`` are another function's.
    result = run("SANITY004", {"metrics.py": SEARCH, "model.py": METHODS})
    assert result.status is Status.PASS, result.message
    on_test = METHODS.replace("predict_proba(self.X_val)", "predict_proba(self.X_test)")
    result = run("SANITY004", {"metrics.py": SEARCH, "model.py": on_test})
    assert result.status is Status.WARN, result.message
    assert places(result) == [("model.py", None, 16)]


WATCHED_BY_NAME = """\
import xgboost as xgb
from sklearn.model_selection import train_test_split

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
model = xgb.XGBClassifier(n_estimators=100, early_stopping_rounds=10)
evals = [(X_test, y_test)]
model.fit(X_train, y_train, eval_set=evals, verbose=True)
print(model.score(X_test, y_test))
"""


def test_an_eval_set_named_before_the_fit_is_read_through_its_name() -> None:
    result = run("SANITY004", {"train.py": WATCHED_BY_NAME})
    assert result.status is Status.WARN, result.message
    assert kinds(result) == {"early_stop_on_test": 1}
    assert places(result) == [("train.py", None, 7)]


def test_a_named_eval_set_is_read_from_its_latest_assignment_in_the_same_scope() -> None:
    # Reassigned to validation data before the fit: the model stops on validation data.
    later = WATCHED_BY_NAME.replace(
        "evals = [(X_test, y_test)]\n",
        "evals = [(X_test, y_test)]\nevals = [(X_val, y_val)]\n",
    )
    assert run("SANITY004", {"train.py": later}).status is Status.PASS
    # The test pairs are named only after the fit: what it watched is not known, so say nothing.
    after = (
        WATCHED_BY_NAME.replace("evals = [(X_test, y_test)]\n", "") + "evals = [(X_test, y_test)]\n"
    )
    assert run("SANITY004", {"train.py": after}).status is Status.PASS
    # A name of another function is not this one's.
    elsewhere = (
        "def pairs():\n    evals = [(X_test, y_test)]\n    return evals\n\n\n"
        + WATCHED_BY_NAME.replace("evals = [(X_test, y_test)]\n", "evals = pairs()\n")
    )
    assert run("SANITY004", {"train.py": elsewhere}).status is Status.PASS


SHARED_SPLIT = """\
import torch
import torchvision.transforms as T
from torch.utils.data import DataLoader, random_split
from torchvision.datasets import CIFAR10

augment = T.Compose([T.RandomHorizontalFlip(), T.ToTensor()])
plain = T.ToTensor()
trainset = CIFAR10(root="./data", train=True, download=True, transform=augment)
trainset, valset = random_split(trainset, [40000, 10000])
valset.dataset.transform = plain
loader = DataLoader(trainset, batch_size=64, shuffle=True)
model = torch.nn.Linear(3072, 10)
optimizer = torch.optim.Adam(model.parameters())
for x, y in loader:
    optimizer.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(x.flatten(1)), y)
    loss.backward()
    optimizer.step()
"""


def test_a_transform_set_on_the_dataset_two_splits_share_fails() -> None:
    # Both subsets of random_split index the one dataset: giving the validation subset's
    # dataset the plain transform takes the augmentation from the training subset too.
    result = run("SANITY004", {"train.py": SHARED_SPLIT})
    assert result.status is Status.FAIL, result.message
    assert kinds(result) == {"transform_shared": 1}
    assert places(result) == [("train.py", None, 10)]
    # Without a transform of its own on the split dataset, only a warning.
    bare = SHARED_SPLIT.replace(", transform=augment)", ")")
    assert run("SANITY004", {"train.py": bare}).status is Status.WARN
    # A copy of the dataset for the validation subset first: nothing shared.
    copied = SHARED_SPLIT.replace(
        "valset.dataset.transform",
        "valset.dataset = copy.deepcopy(trainset.dataset)\nvalset.dataset.transform",
    )
    assert run("SANITY004", {"train.py": "import copy\n" + copied}).status is Status.PASS


# A vectoriser fitted in a helper on the training texts it is given; the helper is called after
# the split, and a later cell reuses the name ``X_train`` for the selected features.
VECTORIZE_AFTER_SPLIT = """\
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.feature_selection import SelectKBest
from sklearn.model_selection import train_test_split


def vectorize_data(data):
    vectorizer = CountVectorizer()
    vec_data = {}
    vec_data["train"] = vectorizer.fit_transform(data[0])
    vec_data["test"] = vectorizer.transform(data[1])
    return vectorizer, vec_data


X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
X_train, X_val, y_train, y_val = train_test_split(X_train, y_train, test_size=0.1)
_, vec_data = vectorize_data([X_train, X_test])
X_train = SelectKBest(k=100).fit_transform(vec_data["train"], y_train)
"""


def test_a_name_that_takes_the_scaled_data_only_after_the_split_does_not_count() -> None:
    # ``X_train`` is split before it is ever assigned from the vectorised data: the split
    # did not cut anything the vectoriser saw.
    result = run("SANITY004", {"features.py": VECTORIZE_AFTER_SPLIT, "train.py": TRAIN})
    assert "fit_before_split" not in kinds(result), result.message
    # The same chain in order (the vectorised data assigned into the name, then split) still
    # warns, for the vectoriser and for the selector fitted on its output.
    before = (
        VECTORIZE_AFTER_SPLIT.replace(
            "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)\n", ""
        ).replace(
            "X_train, X_val, y_train, y_val = train_test_split(X_train, y_train, test_size=0.1)\n",
            "",
        )
        + "X_train, X_val, y_train, y_val = train_test_split(X_train, y_train, test_size=0.1)\n"
    )
    assert kinds(run("SANITY004", {"features.py": before, "train.py": TRAIN})) == {
        "fit_before_split": 2
    }


# A vectoriser fitted on every text with ``fit`` and applied with ``transform`` in a statement of
# its own, the vectors split afterwards: the vocabulary and the IDF weights saw the test texts.
FIT_THEN_TRANSFORM = """\
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier

frame = pd.read_csv("resumes.csv")
texts = frame["clean"].values
labels = frame["label"].values
vectorizer = TfidfVectorizer(max_features=1500)
vectorizer.fit(texts)
features = vectorizer.transform(texts)
X_train, X_test, y_train, y_test = train_test_split(features, labels, random_state=0)
model = KNeighborsClassifier()
model.fit(X_train, y_train)
"""


def test_a_scaled_frame_rebuilt_around_the_fit_then_split_is_found() -> None:
    # X = pd.DataFrame(scaler.fit_transform(X), columns=X.columns): the same fit on every
    # row, its output wrapped back into a frame before the split.
    code = (
        "import pandas as pd\n"
        "from sklearn.model_selection import train_test_split\n"
        "from sklearn.preprocessing import StandardScaler\n"
        "X = pd.read_csv('strokes.csv')\n"
        "y = X.pop('label')\n"
        "scaler = StandardScaler()\n"
        "X = pd.DataFrame(scaler.fit_transform(X), columns=X.columns)\n"
        "X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)\n"
        "LogisticRegression().fit(X_train, y_train)\n"
    )
    code = code.replace(
        "import pandas as pd\n",
        "import pandas as pd\nfrom sklearn.linear_model import LogisticRegression\n",
    )
    result = run("SANITY004", {"train.py": code})
    assert kinds(result) == {"fit_before_split": 1}, result.message
    assert places(result) == [("train.py", None, 8)]


def test_a_vectoriser_fitted_then_applied_before_the_split_is_found() -> None:
    result = run("SANITY004", {"train.py": FIT_THEN_TRANSFORM})
    assert kinds(result) == {"fit_before_split": 1}, result.message
    assert places(result) == [("train.py", None, 10)]


def test_a_vectoriser_fitted_on_the_training_split_or_applied_to_other_data_passes() -> None:
    # Split first, fitted on the training texts: the right order.
    split_first = FIT_THEN_TRANSFORM.replace(
        "vectorizer.fit(texts)\nfeatures = vectorizer.transform(texts)\n"
        "X_train, X_test, y_train, y_test = train_test_split(features, labels, random_state=0)\n",
        "t_train, t_test, y_train, y_test = train_test_split(texts, labels, random_state=0)\n"
        "vectorizer.fit(t_train)\nX_train = vectorizer.transform(t_train)\n",
    )
    assert "fit_before_split" not in kinds(run("SANITY004", {"train.py": split_first}))
    # Fitted on one corpus, applied to another that is then split: not read as the same data.
    other = FIT_THEN_TRANSFORM.replace(
        "features = vectorizer.transform(texts)", "features = vectorizer.transform(queries)"
    )
    assert "fit_before_split" not in kinds(run("SANITY004", {"train.py": other}))
    # Fitted on the first rows only (the training part), applied to all: the right order too.
    first_rows = FIT_THEN_TRANSFORM.replace("vectorizer.fit(texts)", "vectorizer.fit(texts[:800])")
    assert "fit_before_split" not in kinds(run("SANITY004", {"train.py": first_rows}))


# RFECV fitted with the labels of every row, its chosen columns kept, then the split: the
# test rows took part in choosing the features.
SELECTED_THEN_SPLIT = """\
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.feature_selection import RFECV
from sklearn.model_selection import train_test_split

frame = pd.read_csv("accidents.csv")
X = frame.drop(columns=["severity"])
y = frame["severity"]
rfecv = RFECV(RandomForestClassifier(), cv=5)
rfecv.fit(X, y)
X = X[rfecv.get_feature_names_out()]
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
model = RandomForestClassifier(random_state=0)
model.fit(X_train, y_train)
"""


def test_features_selected_on_every_row_then_split_are_found() -> None:
    result = run("SANITY004", {"train.py": SELECTED_THEN_SPLIT})
    assert kinds(result) == {"fit_before_split": 1}, result.message
    assert places(result) == [("train.py", None, 10)]
    # The chosen columns named first, then kept: the same.
    through = SELECTED_THEN_SPLIT.replace(
        "X = X[rfecv.get_feature_names_out()]",
        "selected = X.columns[rfecv.support_]\nX = X[selected]",
    )
    assert kinds(run("SANITY004", {"train.py": through})) == {"fit_before_split": 1}
    # Built and fitted in one expression, its mask kept, the columns cut under a new name
    # (a solar-output notebook of a pass): the same.
    chained = SELECTED_THEN_SPLIT.replace(
        "rfecv = RFECV(RandomForestClassifier(), cv=5)\nrfecv.fit(X, y)\n"
        "X = X[rfecv.get_feature_names_out()]\n"
        "X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)\n",
        "best = RFECV(RandomForestClassifier(), cv=5).fit(X, y)\nmask = best.get_support()\n"
        "X_selected = X[X.columns[mask]]\n"
        "X_train, X_test, y_train, y_test = train_test_split(X_selected, y, random_state=0)\n",
    )
    assert kinds(run("SANITY004", {"train.py": chained})) == {"fit_before_split": 1}
    # Selected on the training split only: the right order.
    split_first = SELECTED_THEN_SPLIT.replace(
        "rfecv.fit(X, y)\nX = X[rfecv.get_feature_names_out()]\n"
        "X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)\n",
        "X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)\n"
        "rfecv.fit(X_train, y_train)\nX_train = X_train[rfecv.get_feature_names_out()]\n",
    )
    assert "fit_before_split" not in kinds(run("SANITY004", {"train.py": split_first}))


# Two functions of one module, each with its own local ``X``: the first fits a vectoriser on every
# text to list the words each class weighs most (no split, no score), the second splits its own
# ``X`` first. The split of the second's ``X`` is not a split of the first's.
TWO_FUNCTIONS = """\
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import ComplementNB


def top_words(frame):
    vectorizer = TfidfVectorizer(max_features=100)
    vectorizer.fit(frame["description"])
    X = vectorizer.transform(frame["description"])
    model = ComplementNB()
    model.fit(X, frame["variety"])
    return model.feature_log_prob_


def confusion(frame):
    X = frame["description"]
    y = frame["variety"]
    X_train, X_test, y_train, y_test = train_test_split(X, y)
    vectorizer = TfidfVectorizer()
    X_train = vectorizer.fit_transform(X_train)
    model = ComplementNB()
    model.fit(X_train, y_train)
    return model.score(vectorizer.transform(X_test), y_test)
"""


def test_a_split_of_another_functions_local_is_not_after_the_fit() -> None:
    assert "fit_before_split" not in kinds(run("SANITY004", {"eda.py": TWO_FUNCTIONS}))
    # The vectors split in the function that fitted the vectoriser are still found.
    one = TWO_FUNCTIONS.replace(
        "    return model.feature_log_prob_\n",
        "    X_train, X_test, y_train, y_test = train_test_split(X, frame['variety'])\n",
    )
    assert kinds(run("SANITY004", {"eda.py": one})).get("fit_before_split") == 1


# A plotting script that names the two varieties it explores ``X_test``: it splits nothing, fits
# nothing on a training split and scores nothing, so the name is the only sign of test data.
SCREE_PLOT = """\
import matplotlib.pyplot as plt
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer

from data_handler import Data_Handler

wrangler = Data_Handler("data/cleaned_data.csv")
test = wrangler.get_top_num(2)
X_test = test["description"]
vecto = CountVectorizer(stop_words="english", max_features=10)
X_vect = vecto.fit_transform(X_test)
smol = TruncatedSVD(n_components=5)
smol.fit_transform(X_vect)
plt.plot(smol.explained_variance_ratio_)
"""


def test_a_test_named_set_in_a_module_that_neither_splits_trains_nor_scores_only_warns() -> None:
    result = run("SANITY004", {"pca_graphing.py": SCREE_PLOT, "train.py": TRAIN})
    assert result.status is Status.WARN, result.message
    assert kinds(result) == {"fit_on_test": 1}
    assert "neither splits" in result.evidence[0].snippet
    # Once the module scores something, the fit on test data is certain again.
    scored = SCREE_PLOT + "model.predict(X_vect)\n"
    result = run("SANITY004", {"pca_graphing.py": scored, "train.py": TRAIN})
    assert result.status is Status.FAIL, result.message
    assert "only .transform() the test split" in result.evidence[0].snippet


KERAS_STOPPED = """\
import pandas as pd
from tensorflow.keras.callbacks import EarlyStopping

test_df = pd.read_csv("test.csv")
test_generator = datagen.flow_from_dataframe(dataframe=test_df)
model.fit(train_generator, epochs=30, validation_data=test_generator,
          callbacks=[EarlyStopping(monitor="val_loss", patience=3)])
holdout_data = pd.read_csv("holdout.csv")
unseen_generator = datagen.flow_from_dataframe(dataframe=holdout_data, shuffle=False)
predictions = model.predict(unseen_generator)
"""


def test_a_model_stopped_on_test_and_scored_on_a_holdout_after_is_stopped_on_validation() -> None:
    result = run("SANITY004", {"train.py": KERAS_STOPPED})
    assert result.status is Status.PASS, result.message
    # Without the held-out split, the split named test is the one the score is read from.
    alone = KERAS_STOPPED.split("holdout_data")[0] + "predictions = model.predict(test_generator)\n"
    assert kinds(run("SANITY004", {"train.py": alone})) == {"early_stop_on_test": 1}


def test_a_holdout_scored_in_a_later_notebook_cell_comes_after_the_fit() -> None:
    cells = KERAS_STOPPED.split("holdout_data = ")
    sources = [cells[0], "holdout_data = " + cells[1]]
    code_cells = [
        {"cell_type": "code", "source": src, "metadata": {}, "outputs": []} for src in sources
    ]
    notebook = json.dumps({"cells": code_cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    result = run("SANITY004", {"resnet.ipynb": notebook})
    assert result.status is Status.PASS, result.message


SCORED_ON_SEEN_ROWS = """\
import pandas as pd
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import train_test_split

df = pd.read_csv("cars.csv")
X = df.drop("price", axis=1)
y = df["price"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
model = LinearRegression()
model.fit(X, y)
print("R2 on test", model.score(X_test, y_test))
"""


def test_a_model_fitted_on_every_row_then_scored_on_the_test_split_warns() -> None:
    result = run("SANITY004", {"train.py": SCORED_ON_SEEN_ROWS})
    assert result.status is Status.WARN, result.message
    assert kinds(result) == {"scored_on_fitted_rows": 1}
    assert places(result) == [("train.py", None, 10)]
    assert "model scored on rows it was fitted on" in result.message
    # A search fitted on every row and scored on the test split, or predicted on it, too.
    search = SCORED_ON_SEEN_ROWS.replace(
        "model.fit(X, y)", "model = GridSearchCV(model, {})\nmodel.fit(X, y)"
    )
    search = search.replace("model.score(X_test, y_test)", "model.best_estimator_.predict(X_test)")
    assert kinds(run("SANITY004", {"train.py": search})) == {"scored_on_fitted_rows": 1}


def test_a_model_fitted_on_the_training_split_or_refitted_for_deployment_passes() -> None:
    proper = SCORED_ON_SEEN_ROWS.replace("model.fit(X, y)", "model.fit(X_train, y_train)")
    assert "scored_on_fitted_rows" not in kinds(run("SANITY004", {"train.py": proper}))
    # Evaluated on the training split's model first, then refitted on every row to ship.
    shipped = proper + "model.fit(X, y)\nprint(model.score(X_test, y_test))\n"
    assert "scored_on_fitted_rows" not in kinds(run("SANITY004", {"train.py": shipped}))
    # Refitted on every row and never scored on the test split after.
    final = proper + "model.fit(X, y)\nimport joblib\njoblib.dump(model, 'model.pkl')\n"
    assert "scored_on_fitted_rows" not in kinds(run("SANITY004", {"train.py": final}))
    # X taken again from other data between the split and the fit.
    rebound = SCORED_ON_SEEN_ROWS.replace(
        "model = LinearRegression()", "X = X_train\ny = y_train\nmodel = LinearRegression()"
    )
    assert "scored_on_fitted_rows" not in kinds(run("SANITY004", {"train.py": rebound}))
    # Fitted in a loop over folds.
    folds = SCORED_ON_SEEN_ROWS.replace(
        "model.fit(X, y)", "for k in range(3):\n    model.fit(X, y)"
    )
    assert "scored_on_fitted_rows" not in kinds(run("SANITY004", {"train.py": folds}))


SEARCHED_THEN_SPLIT = """\
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import GridSearchCV, train_test_split

df = pd.read_csv("tornadoes.csv")
grid_search = GridSearchCV(RandomForestClassifier(random_state=42), {"max_depth": [15, 20]})
grid_search.fit(df[features], df[target])
best_model = grid_search.best_estimator_
X_train, X_test, y_train, y_test = train_test_split(df[features], df[target], random_state=42)
y_pred = best_model.predict(X_test)
"""


def test_a_search_fitted_on_every_row_then_scored_through_its_best_estimator_warns() -> None:
    # The search refits its best model on every row; the split drawn afterwards from the same
    # frame hands that model rows it learned, through the name its best estimator is kept in.
    result = run("SANITY004", {"train.py": SEARCHED_THEN_SPLIT})
    assert kinds(result) == {"scored_on_fitted_rows": 1}, result.message
    assert places(result) == [("train.py", None, 7)]
    # Kept from a search fitted on the training split: scored as it should be.
    proper = SEARCHED_THEN_SPLIT.replace(
        "grid_search.fit(df[features], df[target])\nbest_model = grid_search.best_estimator_\n", ""
    ).replace(
        "y_pred =",
        "grid_search.fit(X_train, y_train)\nbest_model = grid_search.best_estimator_\ny_pred =",
    )
    assert "scored_on_fitted_rows" not in kinds(run("SANITY004", {"train.py": proper}))
    # The name taken again from another model before it is scored.
    other = SEARCHED_THEN_SPLIT.replace(
        "y_pred =", "best_model = RandomForestClassifier().fit(X_train, y_train)\ny_pred ="
    )
    assert "scored_on_fitted_rows" not in kinds(run("SANITY004", {"train.py": other}))


PREPROCESS_HELPER = """\
from sklearn.preprocessing import StandardScaler


def scale_features(frame):
    scaler = StandardScaler()
    return scaler.fit_transform(frame)
"""


def test_a_helper_module_that_fits_on_what_its_caller_splits_afterwards_is_found() -> None:
    # preprocess.scale_features() fits the scaler on whatever it is handed; train.py hands it
    # every row and splits what comes back: the test rows shaped the scaling.
    train = (
        "import pandas as pd\n"
        "from sklearn.linear_model import LogisticRegression\n"
        "from sklearn.model_selection import train_test_split\n"
        "from preprocess import scale_features\n"
        "frame = pd.read_csv('heart.csv')\n"
        "y = frame.pop('target')\n"
        "X = scale_features(frame)\n"
        "X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)\n"
        "LogisticRegression().fit(X_train, y_train)\n"
    )
    files = {"preprocess.py": PREPROCESS_HELPER, "train.py": train}
    result = run("SANITY004", files)
    assert result.status is Status.FAIL, result.message
    assert kinds(result) == {"fit_before_split": 1}, result.message
    assert places(result) == [("train.py", None, 7)]
    assert "scale_features() fits StandardScaler" in json.dumps(
        [e.snippet for e in result.evidence]
    )
    # Through the module's name too.
    dotted = train.replace("from preprocess import scale_features\n", "import preprocess\n")
    dotted = dotted.replace("= scale_features(", "= preprocess.scale_features(")
    assert places(run("SANITY004", {**files, "train.py": dotted})) == [("train.py", None, 7)]
    # Handed the training split only, after the split: the right order.
    after = train.replace("X = scale_features(frame)\n", "X = frame\n").replace(
        "LogisticRegression()", "X_train = scale_features(X_train)\nLogisticRegression()"
    )
    assert "fit_before_split" not in kinds(run("SANITY004", {**files, "train.py": after}))
    # A helper that fits and returns the scaler, not the scaled rows, scales nothing here.
    fitted_only = PREPROCESS_HELPER.replace(
        "return scaler.fit_transform(frame)", "scaler.fit(frame)\n    return scaler"
    )
    result = run("SANITY004", {**files, "preprocess.py": fitted_only})
    assert "fit_before_split" not in kinds(result)


SPLIT_HELPER = """\
from sklearn.model_selection import train_test_split


def split(features, labels):
    return train_test_split(features, labels, test_size=0.2, random_state=0)
"""


def test_a_helper_scaling_all_rows_before_a_helper_that_splits_them_is_found() -> None:
    # A banknote notebook hands every row to normalization() in one helper module, then the
    # scaled rows to split() in another, which calls train_test_split: the fit saw the test
    # rows all the same.
    notebook_code = (
        "import pandas as pd\n"
        "from sklearn.svm import SVC\n"
        "from preprocess import scale_features\n"
        "from splitting import split\n"
        "frame = pd.read_csv('banknotes.csv')\n"
        "y = frame.pop('class')\n"
        "X = scale_features(frame)\n"
        "X_train, X_test, y_train, y_test = split(X, y)\n"
        "SVC().fit(X_train, y_train)\n"
    )
    files = {
        "preprocess.py": PREPROCESS_HELPER,
        "splitting.py": SPLIT_HELPER,
        "train.py": notebook_code,
    }
    result = run("SANITY004", files)
    assert kinds(result) == {"fit_before_split": 1}, result.message
    assert places(result) == [("train.py", None, 7)]
    # Split first, then scaled: the right order.
    after = notebook_code.replace("X = scale_features(frame)\n", "X = frame\n").replace(
        "SVC()", "X_train = scale_features(X_train)\nSVC()"
    )
    assert "fit_before_split" not in kinds(run("SANITY004", {**files, "train.py": after}))
    # The banknote project's own shapes: the columns scaled in place by a parameter naming
    # them, and the split helper taking X and y from the frame it is handed.
    in_place = (
        "from sklearn.preprocessing import StandardScaler\n\n\n"
        "def normalization(data, features):\n"
        "    data[features] = StandardScaler().fit_transform(data[features])\n"
        "    return data\n"
    )
    by_frame = (
        "from sklearn.model_selection import train_test_split\n\n\n"
        "def split(data, target, test_size=0.1):\n"
        "    Y = data[target]\n"
        "    X = data.drop(target, axis=1)\n"
        "    return train_test_split(X, Y, test_size=test_size)\n"
    )
    main = (
        "import pandas as pd\n"
        "from sklearn.svm import SVC\n"
        "from normalization import normalization\n"
        "from splitting import split\n"
        "data = pd.read_csv('banknotes.csv')\n"
        "normalized = normalization(data, ['variance', 'skewness'])\n"
        "X_train, X_test, y_train, y_test = split(normalized, 'class')\n"
        "SVC().fit(X_train, y_train)\n"
    )
    shapes = {"normalization.py": in_place, "splitting.py": by_frame, "main.py": main}
    assert places(run("SANITY004", shapes)) == [("main.py", None, 6)]
    # A project function that splits nothing it is handed is no split.
    idle = SPLIT_HELPER.replace(
        "return train_test_split(features, labels, test_size=0.2, random_state=0)",
        "return features, labels",
    )
    assert "fit_before_split" not in kinds(run("SANITY004", {**files, "splitting.py": idle}))


TEXT_FEATURES_MODULE = """\
from sklearn.feature_extraction.text import TfidfVectorizer


def extract_features(df, text_column="text_cleaned", vectorizer=None, fit=True):
    if vectorizer is None:
        vectorizer = TfidfVectorizer(max_features=5000)
    if fit:
        matrix = vectorizer.fit_transform(df[text_column])
    else:
        matrix = vectorizer.transform(df[text_column])
    return matrix, vectorizer
"""


def test_a_function_fitting_on_the_column_its_parameter_names_before_the_callers_split_is_found() -> (
    None
):
    # extract_features() fits the TF-IDF on df[text_column], the column a parameter with a
    # string default names: every row of it. The caller splits what comes back.
    train = (
        "import pandas as pd\n"
        "from sklearn.model_selection import train_test_split\n"
        "from sklearn.linear_model import LogisticRegression\n"
        "from features import extract_features\n"
        "\n"
        "\n"
        "def prepare_data():\n"
        "    df = pd.read_csv('fake_job_postings.csv')\n"
        "    X, vectorizer = extract_features(df, text_column='text_cleaned', fit=True)\n"
        "    y = df['fraudulent'].values\n"
        "    return train_test_split(X, y, test_size=0.2, random_state=42, stratify=y)\n"
        "\n"
        "\n"
        "X_train, X_test, y_train, y_test = prepare_data()\n"
        "LogisticRegression().fit(X_train, y_train)\n"
    )
    files = {"features.py": TEXT_FEATURES_MODULE, "train.py": train}
    result = run("SANITY004", files)
    assert kinds(result) == {"fit_before_split": 1}, result.message
    assert places(result) == [("train.py", None, 9)]
    # A parameter with no string default may hold a mask of rows: said nothing of.
    rows = TEXT_FEATURES_MODULE.replace('text_column="text_cleaned"', "text_column")
    assert "fit_before_split" not in kinds(run("SANITY004", {**files, "features.py": rows}))


ROC_OF_TEST_LABELS = """\
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import auc, roc_curve
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelBinarizer

df = pd.read_csv("bank.csv")
X = df.drop(columns=["y"])
y = df["y"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
model = RandomForestClassifier(random_state=0)
model.fit(X_train, y_train)
y_score = model.predict_proba(X_test)[:, 1]
lb = LabelBinarizer()
y_test_bin = lb.fit_transform(y_test)
fpr, tpr, _ = roc_curve(y_test_bin, y_score)
print(auc(fpr, tpr))
"""


def test_a_label_encoder_fitted_on_the_test_labels_to_score_them_passes() -> None:
    # LabelBinarizer().fit_transform(y_test) learns the class names of the labels a metric
    # reads, not anything a model is fitted with: nothing of the test split leaks.
    result = run("SANITY004", {"train.py": ROC_OF_TEST_LABELS})
    assert result.status is Status.PASS, result.message
    inline = ROC_OF_TEST_LABELS.replace("lb.fit_transform(y_test)", "LabelBinarizer().fit(y_test)")
    assert run("SANITY004", {"train.py": inline}).status is Status.PASS
    # An encoder of the test split's features still gives them codes of their own.
    features = ROC_OF_TEST_LABELS.replace(
        "y_test_bin = lb.fit_transform(y_test)", "X_test['job'] = lb.fit_transform(X_test['job'])"
    )
    assert kinds(run("SANITY004", {"train.py": features})) == {"fit_on_test": 1}
    # So does a model fitted on the test split.
    refit = ROC_OF_TEST_LABELS.replace("lb.fit_transform(y_test)", "model.fit(X_test, y_test)")
    assert kinds(run("SANITY004", {"train.py": refit})) == {"fit_on_test": 1}


def test_a_label_encoder_fitted_on_the_training_labels_then_refitted_on_the_test_labels_fails() -> (
    None
):
    # le.fit_transform(y_train), then le.fit_transform(y_test): the second fit maps the test
    # labels afresh, so a class missing from them shifts every code after it.
    refit = ROC_OF_TEST_LABELS.replace(
        "model.fit(X_train, y_train)",
        "model.fit(X_train, lb.fit_transform(y_train).ravel())",
    )
    refit = refit.replace("lb = LabelBinarizer()\n", "").replace(
        "import LabelBinarizer\n", "import LabelBinarizer\n\nlb = LabelBinarizer()\n"
    )
    assert kinds(run("SANITY004", {"train.py": refit})) == {"fit_on_test": 1}


SCALED_THEN_CROSS_VALIDATED = """\
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.preprocessing import StandardScaler

df = pd.read_csv("churn.csv")
y = df.pop("churned")
X = StandardScaler().fit_transform(df)
scores = cross_val_score(LogisticRegression(), X, y, cv=5)
print(scores.mean())
"""


def test_a_scaler_fitted_on_every_row_before_cross_validation_warns() -> None:
    # Each fold's held-out rows shaped the scaling its model was trained with: the leak the
    # scikit-learn guide warns of, smaller than a test split's; a Pipeline fits per fold.
    result = run("SANITY004", {"train.py": SCALED_THEN_CROSS_VALIDATED})
    assert result.status is Status.WARN, result.message
    assert kinds(result) == {"fit_before_split": 1}, result.message
    assert places(result) == [("train.py", None, 8)]
    assert "Pipeline" in result.evidence[0].snippet
    # A search's cross-validation too.
    searched = SCALED_THEN_CROSS_VALIDATED.replace(
        "scores = cross_val_score(LogisticRegression(), X, y, cv=5)\nprint(scores.mean())\n",
        "search = GridSearchCV(LogisticRegression(), {'C': [0.1, 1]}, cv=5)\nsearch.fit(X, y)\n",
    ).replace("import cross_val_score", "import GridSearchCV")
    assert kinds(run("SANITY004", {"train.py": searched})) == {"fit_before_split": 1}
    # In a Pipeline, each fold fits its own scaler: nothing to say.
    piped = (
        SCALED_THEN_CROSS_VALIDATED.replace("X = StandardScaler().fit_transform(df)\n", "X = df\n")
        .replace(
            "cross_val_score(LogisticRegression(),",
            "cross_val_score(make_pipeline(StandardScaler(), LogisticRegression()),",
        )
        .replace(
            "import StandardScaler",
            "import StandardScaler\nfrom sklearn.pipeline import make_pipeline",
        )
    )
    assert "fit_before_split" not in kinds(run("SANITY004", {"train.py": piped}))


OUT_OF_VOCABULARY = """\
import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

df = pd.read_csv("tweets.csv")
x_train, x_test, y_train, y_test = train_test_split(df["tweet"], df["label"], random_state=0)
vect = CountVectorizer()
X_train = vect.fit_transform(x_train)
# how many words of the test split the training vocabulary lacks
vect2 = CountVectorizer()
vect2.fit(x_test)
oov = np.setdiff1d(vect2.get_feature_names_out(), vect.get_feature_names_out())
model = LogisticRegression().fit(X_train, y_train)
print(model.score(vect.transform(x_test), y_test), len(oov))
"""

OOV_HELPER = """\
import numpy as np
from sklearn.feature_extraction.text import CountVectorizer


def get_oov_feats(train_data, test_data):
    v1 = CountVectorizer()
    v2 = CountVectorizer()
    v1.fit(train_data)
    v2.fit(test_data)
    return np.setdiff1d(v2.get_feature_names_out(), v1.get_feature_names_out())
"""


def test_a_vectorizer_fitted_on_the_test_split_only_to_read_its_vocabulary_passes() -> None:
    # A second vectorizer fitted on the test tweets to count the words the training
    # vocabulary lacks: only its vocabulary is read, nothing it fits reaches a model.
    result = run("SANITY004", {"train.py": OUT_OF_VOCABULARY})
    assert result.status is Status.PASS, result.message
    assert run("SANITY004", {"data.py": OOV_HELPER}).status is Status.PASS
    # Used to transform the test split, it is the leak again.
    used = OUT_OF_VOCABULARY.replace("vect.transform(x_test)", "vect2.transform(x_test)")
    assert kinds(run("SANITY004", {"train.py": used})) == {"fit_on_test": 1}
    # Handed on (returned, or to a model), what it learnt may be used: still a finding.
    returned = OOV_HELPER.replace("    return np.setdiff1d(", "    return v2, np.setdiff1d(")
    assert kinds(run("SANITY004", {"data.py": returned})) == {"fit_on_test": 1}
