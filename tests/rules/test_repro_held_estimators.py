"""REPRO001 on scikit-learn estimators held in a dict or list of models, fitted later.

An estimator built without ``random_state`` draws nothing when built: it draws from NumPy's
global generator when it is fitted. A dict of models built first and handed to a function that
calls ``np.random.seed(42)`` before each ``fit`` is seeded; calling its constructors "before
the seed" was false. A draw made where it is written (a split, a shuffle) is still judged
where it stands.
"""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

TRAINER = (
    "import numpy as np\n"
    "def fit_all(models, X, y):\n"
    "    for name, model in models.items():\n"
    "        np.random.seed(42)\n"
    "        model.fit(X, y)\n"
    "    return models\n"
)


def _train(models: str) -> dict[str, str]:
    return {
        "fitting.py": TRAINER,
        "train.py": (
            "import pandas as pd\n"
            "from sklearn.ensemble import ExtraTreesRegressor, RandomForestRegressor\n"
            "from fitting import fit_all\n"
            "def main():\n"
            "    df = pd.read_csv('data.csv')\n"
            "    X, y = df.drop(columns='y'), df['y']\n"
            f"    models = {models}\n"
            "    fit_all(models, X, y)\n"
            "if __name__ == '__main__':\n"
            "    main()\n"
        ),
    }


def test_repro001_models_in_a_dict_fitted_after_the_seed_are_seeded() -> None:
    files = _train("{'rf': RandomForestRegressor(), 'et': (ExtraTreesRegressor(), {'n': [1]})}")
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.PASS, result.message


def test_repro001_models_in_a_list_fitted_after_the_seed_are_seeded() -> None:
    files = _train("[RandomForestRegressor(), ExtraTreesRegressor()]")
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.PASS, result.message


def test_repro001_held_models_with_no_seed_on_the_path_still_warn() -> None:
    files = _train("{'rf': RandomForestRegressor()}")
    files["fitting.py"] = TRAINER.replace("        np.random.seed(42)\n", "")
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [e.snippet for e in result.evidence] == ["RandomForestRegressor()"]


def test_repro001_a_split_in_a_list_before_the_seed_is_still_before_it() -> None:
    files = _train("{'rf': RandomForestRegressor()}")
    files["train.py"] = files["train.py"].replace(
        "    models =",
        "    parts = [train_test_split(X, y)]\n    models =",
    )
    files["train.py"] = "from sklearn.model_selection import train_test_split\n" + files["train.py"]
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.WARN
    assert "train_test_split(X, y)  # before the seed" in [e.snippet for e in result.evidence]


def test_repro001_a_model_built_and_fitted_before_the_seed_is_still_unseeded() -> None:
    files = _train("{'rf': RandomForestRegressor()}")
    files["train.py"] = files["train.py"].replace(
        "    fit_all(models, X, y)\n",
        "    model = RandomForestRegressor()\n    model.fit(X, y)\n    fit_all(models, X, y)\n",
    )
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.WARN
    assert [e.snippet for e in result.evidence] == ["RandomForestRegressor()  # before the seed"]
