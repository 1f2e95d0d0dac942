"""The smoke-test fixer writes a test that imports the project's model, and that test passes
when run for real with CPU PyTorch (and fails on a model with a real bug)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import git
import pytest
from ruff.__main__ import find_ruff_bin

from repocheck.fix.engine import analyze_for_fix, plan_fixes
from repocheck.model import Status
from tests.fix import smoke_fixtures as fx
from tests.fix.helpers import RoundTrip, round_trip
from tests.helpers import Step, make_repo
from tests.runner import repocheck

pytest.importorskip("torch")

RULES = ("TEST001", "SANITY003")
TEST = "tests/test_smoke.py"


def _repo(tmp_path: Path, files: dict[str, str]) -> Path:
    return make_repo(tmp_path / "repo", [Step("Add the model and its training", dict(files))])


def _run_pytest(root: Path) -> subprocess.CompletedProcess[str]:
    """The generated test, run the way a user runs it (isolated: the folder pytest starts in
    is not on the import path, so the import works only if the test makes it work)."""
    return subprocess.run(
        [sys.executable, "-I", "-B", "-m", "pytest", "-q", "-p", "no:cacheprovider", TEST],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _fixed(root: Path) -> RoundTrip:
    """Round trip: both rules pass after, the diff shown is what was written, nothing more to
    propose, the files are ruff-formatted, and the test passes for real."""
    trip = round_trip(root, RULES)
    # SANITY003 is not scored while TEST001 fails (one gap counts once): one of them is open.
    findings = (Status.FAIL, Status.WARN)
    assert trip.status("TEST001", trip.before) in findings or (
        trip.status("SANITY003", trip.before) in findings
    )
    assert trip.written(root) == {change.path: change.after for change in trip.plan.changes}
    assert all(change.before is None for change in trip.plan.changes)
    assert [trip.status(rule) for rule in RULES] == [Status.PASS, Status.PASS]
    assert trip.second.empty and trip.second.proposals == ()
    # ruff under the project's own settings (its pyproject.toml, or ruff's defaults).
    paths = [str(root / change.path) for change in trip.plan.changes]
    formatted = subprocess.run(
        [str(find_ruff_bin()), "format", "--no-cache", "--check", "--diff", *paths],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    ran = _run_pytest(root)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    return trip


def _test_text(trip: RoundTrip) -> str:
    return next(c.after for c in trip.plan.changes if c.path == TEST)


def test_an_mlp_in_a_flat_repo(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"model.py": fx.MLP_MODEL, "train.py": fx.MLP_TRAIN})
    trip = _fixed(root)
    text = _test_text(trip)
    assert "from model import MLP" in text
    assert "return MLP(hidden=64)" in text
    assert "torch.randn(BATCH, 784)" in text
    assert "torch.nn.CrossEntropyLoss()" in text
    assert "torch.optim.Adam(model.parameters(), lr=0.001)" in text
    assert (root / "tests/conftest.py").is_file()  # nothing else puts the root on the path
    assert "4 passed" in _run_pytest(root).stdout


def test_a_cnn_in_a_package_under_src(tmp_path: Path) -> None:
    files = {
        "src/vision/__init__.py": "",
        "src/vision/model.py": fx.CNN_MODEL,
        "src/vision/train.py": fx.CNN_TRAIN,
    }
    trip = _fixed(_repo(tmp_path, files))
    text = _test_text(trip)
    assert "from vision.model import SmallCNN" in text
    # Two 2x2 poolings before a Linear(32 * 8 * 8): the image is 32x32.
    assert "torch.randn(BATCH, 3, 32, 32)" in text
    assert "torch.optim.SGD(model.parameters(), lr=0.01)" in text
    conftest = next(c.after for c in trip.plan.changes if c.path == "tests/conftest.py")
    assert '/ "src"' in conftest


def test_the_projects_quote_style_is_kept(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": '[tool.ruff]\nline-length = 79\n\n[tool.ruff.format]\nquote-style = "single"\n',
        "src/vision/__init__.py": "",
        "src/vision/model.py": fx.CNN_MODEL,
        "src/vision/train.py": fx.CNN_TRAIN,
    }
    trip = _fixed(_repo(tmp_path, files))
    assert "'no parameter received a gradient'" in _test_text(trip)
    conftest = next(c.after for c in trip.plan.changes if c.path == "tests/conftest.py")
    assert "/ 'src'" in conftest


def test_a_transformer_with_embeddings(tmp_path: Path) -> None:
    files = {"lm/__init__.py": "", "lm/model.py": fx.LM_MODEL, "train.py": fx.LM_TRAIN}
    trip = _fixed(_repo(tmp_path, files))
    text = _test_text(trip)
    assert "from lm.model import TinyLM" in text
    assert "torch.randint(0, 100, (BATCH, 8))" in text
    assert "lr=0.0003" in text


def test_constructor_arguments_come_from_the_training_script(tmp_path: Path) -> None:
    files = {"model.py": fx.REGRESSOR_MODEL, "train.py": fx.REGRESSOR_TRAIN}
    trip = _fixed(_repo(tmp_path, files))
    text = _test_text(trip)
    assert "return Regressor(n_features=20, hidden=64, n_outputs=3)" in text
    assert "torch.randn(BATCH, 20)" in text
    assert "torch.nn.MSELoss()" in text and "train.py:8" in text


def test_a_recurrent_model_with_a_sigmoid_outside_it(tmp_path: Path) -> None:
    files = {"model.py": fx.SEQUENCE_MODEL, "train.py": fx.SEQUENCE_TRAIN}
    trip = _fixed(_repo(tmp_path, files))
    text = _test_text(trip)
    assert "return SequenceClassifier(features=4)" in text
    assert "torch.randn(BATCH, 8, 4)" in text
    # The training loop applies the sigmoid: the logits form of the loss fits both ways.
    assert "torch.nn.BCEWithLogitsLoss()" in text and "torch.optim.RMSprop" in text


DATA_TESTS = """from data import normalise


def test_normalise_centres():
    assert normalise([1.0, 3.0]) == [-1.0, 1.0]


def test_normalise_keeps_the_length():
    assert len(normalise([1.0, 2.0, 3.0])) == 3


def test_normalise_of_nothing():
    assert normalise([]) == []
"""

DATA = """def normalise(values):
    if not values:
        return []
    mean = sum(values) / len(values)
    return [value - mean for value in values]
"""


def test_tests_that_never_run_the_model_get_a_smoke_test(tmp_path: Path) -> None:
    files = {
        "model.py": fx.MLP_MODEL,
        "train.py": fx.MLP_TRAIN,
        "data.py": DATA,
        "tests/__init__.py": "",
        "tests/test_data.py": DATA_TESTS,
    }
    root = _repo(tmp_path, files)
    trip = _fixed(root)
    assert trip.status("TEST001", trip.before) is Status.PASS
    assert trip.status("SANITY003", trip.before) is Status.FAIL
    assert [p.rule_id for p in trip.plan.proposals] == ["SANITY003"]
    # tests/ is a package: pytest puts the repository root on the path, no conftest needed.
    assert [c.path for c in trip.plan.changes] == [TEST]


def test_a_model_whose_input_meets_a_model_of_the_project_first(tmp_path: Path) -> None:
    files = {"model.py": fx.AUTOENCODER_MODEL, "train.py": fx.AUTOENCODER_TRAIN}
    trip = _fixed(_repo(tmp_path, files))
    text = _test_text(trip)
    assert "return AutoEncoder(code=8)" in text
    assert "torch.randn(BATCH, 784)" in text and "torch.nn.MSELoss()" in text


def test_an_input_it_cannot_read_gets_a_note_and_nothing_written(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"model.py": fx.CONFIGURED_MODEL, "train.py": fx.CONFIGURED_TRAIN})
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, only=RULES)
    assert plan.changes == () and plan.empty
    notes = [note for proposal in plan.proposals for note in proposal.notes]
    assert len(notes) == 1  # one note for the pair of rules
    assert "Net() needs config" in notes[0] and "train.py:9" in notes[0]
    assert "A template to complete" in notes[0] and "def test_forward_is_finite" in notes[0]
    assert "from model import Net" in notes[0] and "return Net(config=...)" in notes[0]
    assert not (root / "tests").exists()
    # The command prints the reason on one line and the template as it is, to copy.
    shown = repocheck("fix", "--rule", "TEST001", root)
    assert shown.returncode == 0 and shown.stdout == ""
    assert "  TEST001: no smoke test written: Net: Net() needs config" in shown.stderr
    assert "    |     return Net(config=...)\n" in shown.stderr
    assert not (root / "tests").exists()


def test_a_repository_without_a_pytorch_model_gets_no_proposal(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"fit.py": "from sklearn.svm import SVC\n\nSVC().fit([[0]], [0])\n"})
    snapshot, report = analyze_for_fix(root)
    assert plan_fixes(root, snapshot, report, only=RULES).proposals == ()


def test_the_generated_test_catches_a_model_that_outputs_nan(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"model.py": fx.NAN_MODEL, "train.py": fx.MLP_TRAIN})
    trip = round_trip(root, RULES)
    assert TEST in trip.written(root)
    ran = _run_pytest(root)
    assert ran.returncode == 1
    assert "FAILED tests/test_smoke.py::test_forward_is_finite" in ran.stdout


USER_CONFTEST = """import pytest


@pytest.fixture
def device():
    return "cpu"
"""


def test_a_conftest_of_the_users_own_is_left_alone(tmp_path: Path) -> None:
    files = {"model.py": fx.MLP_MODEL, "train.py": fx.MLP_TRAIN, "tests/conftest.py": USER_CONFTEST}
    root = _repo(tmp_path, files)
    trip = _fixed(root)
    assert [c.path for c in trip.plan.changes] == [TEST]
    assert (root / "tests/conftest.py").read_text(encoding="utf-8") == USER_CONFTEST
    # The test puts the repository root on the path itself.
    assert "from model import MLP  # noqa: E402" in _test_text(trip)


def test_a_smoke_test_of_the_users_own_is_never_overwritten(tmp_path: Path) -> None:
    mine = "def check_model():\n    pass\n"
    files = {"model.py": fx.MLP_MODEL, "train.py": fx.MLP_TRAIN, TEST: mine}
    root = _repo(tmp_path, files)
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, only=RULES)
    assert plan.changes == ()
    assert [p.notes for p in plan.proposals][0] == (f"{TEST} exists: it is left as it is",)
    assert (root / TEST).read_text(encoding="utf-8") == mine


def test_a_symlink_where_the_test_goes_is_left_alone(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"model.py": fx.MLP_MODEL, "train.py": fx.MLP_TRAIN})
    outside = tmp_path / "outside.py"
    (root / "tests").mkdir()
    (root / TEST).symlink_to(outside)
    repository = git.Repo(root)
    repository.git.add("--", TEST)
    repository.git.commit("-q", "-m", "Link the smoke test")
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, only=RULES)
    assert plan.changes == ()
    assert [p.notes for p in plan.proposals][0] == (f"{TEST} exists: it is left as it is",)
    assert not outside.exists()
