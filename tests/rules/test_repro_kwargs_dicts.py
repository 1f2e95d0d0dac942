"""REPRO001 on estimators built from a dict of settings: ``RandomForestClassifier(**params)``.

A ``**`` argument may carry ``random_state``; where the name is only ever a dict written out
in the program and none of its keys is ``random_state``, it carries none, and the estimator
draws unseeded. Anything else (a parameter, a dict filled in later, one built elsewhere) may
hold a seed and stays trusted.
"""

from __future__ import annotations

import pytest

from repocheck.model import Status
from tests.fixtures import notebook
from tests.helpers import check, snapshot_from

HEADER = "from sklearn.ensemble import RandomForestClassifier\n"


def test_repro001_dict_literal_without_random_state_is_unseeded() -> None:
    code = HEADER + (
        "params_rf = {\n    'n_estimators': 30,\n    'max_depth': 3,\n}\n"
        "rf = RandomForestClassifier(**params_rf)\nrf.fit(X, y)\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.FAIL
    assert [e.line for e in result.evidence] == [6]


@pytest.mark.parametrize(
    "setup",
    [
        "params_rf = {'n_estimators': 30, 'random_state': 0}\n",
        "params_rf = {'n_estimators': 30}\nparams_rf['random_state'] = 0\n",
        "params_rf = {'n_estimators': 30}\nparams_rf.update(seed_args)\n",
        "params_rf = {'n_estimators': 30, **seed_args}\n",
        "params_rf = load_params()\n",
        "params_rf = {'n_estimators': 30}\nparams_rf |= seed_args\n",
    ],
)
def test_repro001_dict_that_may_hold_a_seed_is_trusted(setup: str) -> None:
    code = HEADER + setup + "rf = RandomForestClassifier(**params_rf)\nrf.fit(X, y)\n"
    assert check("REPRO001", snapshot_from({"train.py": code})).status is Status.PASS


def test_repro001_kwargs_parameter_is_trusted() -> None:
    code = HEADER + (
        "def build(**params_rf):\n    return RandomForestClassifier(**params_rf)\n"
        "params_rf = {'n_estimators': 30}\nbuild(random_state=0, **params_rf).fit(X, y)\n"
    )
    assert check("REPRO001", snapshot_from({"train.py": code})).status is Status.PASS


def test_repro001_notebook_cells_dict_literal_without_seed_is_unseeded() -> None:
    cells = [
        HEADER,
        "params_rf = {\n    'n_estimators': 30,\n    'max_depth': 3\n}\n",
        "rf_clf = RandomForestClassifier(**params_rf)\nrf_clf.fit(X_train, y_train)\n",
    ]
    result = check("REPRO001", snapshot_from({"work.ipynb": notebook(*cells)}))
    assert result.status is Status.FAIL
