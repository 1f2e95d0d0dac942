"""REPRO001 and scripts that stop before their draws: a notebook's cells exported one file
each, where a cell reads a name an earlier cell bound (``evaluate(test_predictions)``)."""

from __future__ import annotations

from repocheck.model import Result, Status
from tests.helpers import check, snapshot_from

FRAGMENT = (
    "import random\n\n"
    "def plot_for_user(preds, uid):\n    print(uid)\n\n"
    "metrics = evaluate_per_user(test_predictions, K=10)\n"
    "users = list({p.uid for p in predictions})\n"
    "sample = random.sample(users, 3)\n"
    "for uid in sample:\n    plot_for_user(predictions, uid)\n"
)
#: The cell that bound those names, saved as a file of its own.
EARLIER_CELL = (
    "def evaluate_per_user(predictions, K=10):\n    return {}\n\n"
    "test_predictions = []\npredictions = test_predictions\n"
)


def _repro001(files: dict[str, str]) -> Result:
    return check("REPRO001", snapshot_from(files))


def test_repro001_a_draw_after_a_name_only_another_file_binds_is_not_reached() -> None:
    result = _repro001({"recommend_sample_user.py": FRAGMENT, "evaluate.py": EARLIER_CELL})
    assert result.status not in (Status.FAIL, Status.WARN)
    assert not result.evidence


def test_repro001_a_name_bound_here_by_a_star_import_or_nowhere_still_reaches_the_draw() -> None:
    # ``predictions`` bound in a branch, any name a star import may bind, or names no file
    # binds (a sketch's placeholders): the script may run on, so its draw counts.
    bound = FRAGMENT.replace(
        "import random\n",
        "import random\nif False:\n    predictions = test_predictions = []\n"
        "    evaluate_per_user = len\n",
    )
    starred = FRAGMENT.replace("import random\n", "import random\nfrom shared import *\n")
    for files in (
        {"recommend_sample_user.py": bound, "evaluate.py": EARLIER_CELL},
        {"recommend_sample_user.py": starred, "evaluate.py": EARLIER_CELL},
        {"recommend_sample_user.py": FRAGMENT},
    ):
        result = _repro001(files)
        source = files["recommend_sample_user.py"]
        assert result.status in (Status.WARN, Status.FAIL), source
        line = source.splitlines().index("sample = random.sample(users, 3)") + 1
        assert [e.line for e in result.evidence] == [line]


def test_repro001_a_comprehensions_own_variable_is_no_unbound_name() -> None:
    # `[x * 2 for x in range(3)]` binds its own `x`: another file binding `x` at its top
    # level does not make the script stop there, and its later draw counts.
    script = "import random\nsquares = [x * 2 for x in range(3)]\npick = random.choice(squares)\n"
    result = _repro001({"run.py": script, "other.py": "x = 1\n"})
    assert result.status in (Status.WARN, Status.FAIL), result.message
    assert [e.line for e in result.evidence] == [3]
